"""Transliteration of each script into the Latin spellings names really appear in."""

from __future__ import annotations

import pytest

from waypost.screening.engine import DEFAULT_THRESHOLD, EntityKind, compare
from waypost.screening.engine.normalise import normalise
from waypost.screening.engine.prepared import prepare_name
from waypost.screening.engine.translit.cyrillic import word_alternatives
from waypost.screening.engine.translit.han import tongyong, wade_giles
from waypost.screening.engine.translit.hangul import syllable_alternatives


def alts(text: str, person: bool | None = True) -> list[tuple[str, ...]]:
    return [slot.alts for slot in normalise(text, person=person).slots]


def matches(name1: str, name2: str, kind: EntityKind = EntityKind.PERSON) -> bool:
    return compare(name1, name2, kind=kind).is_match


# --- Han -------------------------------------------------------------------------------------


def test_han_name_becomes_one_slot_per_syllable_surname_first() -> None:
    slots = normalise("王小明", person=True).slots
    assert [s.source for s in slots] == ["王", "小", "明"]
    assert slots[0].role == "surname"
    assert slots[0].alts[:2] == ("wang", "wong")  # pinyin, then Cantonese
    assert slots[1].alts == ("xiao", "hsiao", "siao")  # pinyin, then Wade-Giles, then Tongyong
    assert slots[2].alts == ("ming",)


@pytest.mark.parametrize(
    ("pinyin", "wade_giles_spelling"),
    [
        ("zhang", "chang"),
        ("xiao", "hsiao"),
        ("qing", "ching"),
        ("jiang", "chiang"),
        ("xian", "hsien"),
        ("zhi", "chih"),
        ("shi", "shih"),
        ("ri", "jih"),
        ("zi", "tzu"),
        ("cui", "tsui"),
        ("guo", "kuo"),
        ("xue", "hsueh"),
        ("yong", "yung"),
        ("dong", "tung"),
        ("bao", "pao"),
    ],
)
def test_wade_giles_spelling_of_pinyin_syllables(pinyin: str, wade_giles_spelling: str) -> None:
    assert wade_giles(pinyin) == wade_giles_spelling


@pytest.mark.parametrize(
    ("pinyin", "tongyong_spelling"),
    [
        ("xi", "si"),
        ("xin", "sin"),
        ("si", "si"),  # not sih: see han._APICAL
        ("zhi", "jhih"),
        ("shi", "shih"),
        ("zhong", "jhong"),
        ("qi", "ci"),
        ("xu", "syu"),
        ("qu", "cyu"),
        ("xiong", "syong"),
        ("feng", "fong"),
        ("wen", "wun"),
        ("zeng", "zeng"),
        ("chang", "chang"),
        ("bo", "bo"),
    ],
)
def test_tongyong_spelling_of_pinyin_syllables(pinyin: str, tongyong_spelling: str) -> None:
    assert tongyong(pinyin) == tongyong_spelling


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("曾志昌", "Tseng Chih-chang"),  # Wade-Giles, hyphenated given name
        ("曾志昌", "Tseng Chihchang"),
        ("曾志昌", "Zeng Zhichang"),
        ("曾志昌", "Tzeng Chih-chang"),  # Taiwanese surname spelling
        ("曾國藩", "Tseng Kuo-fan"),
        ("習近平", "Hsi Chin-ping"),
        ("習近平", "Si Jin-ping"),  # Tongyong x -> s
        ("張思明", "Chang Szu-ming"),  # Wade-Giles si: ssu, szu
        ("張思明", "Chang Ssu-ming"),
        ("張思明", "Zhang Si-ming"),
        ("吳思瑤", "Wu Szu-yao"),
        ("李四川", "Lee Szu-chuan"),
        ("王柏融", "Wang Po-jung"),  # 柏 read bo in names, Wade-Giles po
        ("王柏融", "Wang Bo-rong"),
        ("李柏毅", "Lee Po-yi"),
        ("陳時中", "Chen Shih-chung"),
        ("許信良", "Hsu Hsin-liang"),
        ("許信良", "Syu Sin-liang"),  # Tongyong x -> s
        ("柯建銘", "Ker Chien-ming"),
        ("江啟臣", "Chiang Ch'i-ch'en"),  # Wade-Giles apostrophes
        ("蔣經國", "Chiang Ching-kuo"),
        ("張學良", "Chang Hsueh-liang"),
    ],
)
def test_taiwanese_and_wade_giles_given_names_match(han: str, latin: str) -> None:
    assert compare(han, latin, kind=EntityKind.PERSON).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("張思明", "Chang Shih-ming"),  # si is not shi
        ("王柏融", "Wang Pei-jung"),
        ("曾志昌", "Tsai Chih-chang"),
        ("習近平", "Shih Chin-ping"),
    ],
)
def test_taiwanese_spellings_do_not_overmatch(han: str, latin: str) -> None:
    assert compare(han, latin, kind=EntityKind.PERSON).score < DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("surname", "spellings"),
    [
        ("张", {"zhang", "chang", "cheung"}),
        ("陈", {"chen", "chan", "tan"}),
        ("黄", {"huang", "wong", "ng"}),
        ("郭", {"guo", "kuo", "kwok"}),
        ("李", {"li", "lee"}),
        ("林", {"lin", "lam", "lim"}),
    ],
)
def test_common_surnames_carry_cantonese_and_other_usual_spellings(surname: str, spellings: set[str]) -> None:
    assert spellings <= set(alts(surname + "伟")[0])


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("王小明", "Wang Xiaoming"),  # pinyin, given name written as one word
        ("王小明", "Xiaoming Wang"),  # given name first
        ("王小明", "Wang Xiao Ming"),  # syllables written apart
        ("王小明", "WANG Xiao-ming"),
        ("王小明", "Wong Hsiao-ming"),  # Cantonese surname, Wade-Giles given name
        ("张伟", "Cheung Wei"),  # Cantonese surname
        ("毛泽东", "Mao Tse-tung"),  # Wade-Giles
        ("毛泽东", "Mao Zedong"),
        ("郭台铭", "Kuo Tai-ming"),
        ("蒋经国", "Chiang Ching-kuo"),
        ("欧阳修", "Ouyang Xiu"),  # compound surname
        ("習近平", "Xi Jinping"),  # traditional characters
    ],
)
def test_han_names_match_their_romanisations(han: str, latin: str) -> None:
    assert matches(han, latin)


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("王小明", "Wang Xiaohong"),
        ("张伟", "Zhang Wen"),
        ("毛泽东", "Mao Zemin"),
    ],
)
def test_han_names_do_not_match_a_different_given_name(han: str, latin: str) -> None:
    assert not matches(han, latin)


def test_han_organisation_words_are_translated() -> None:
    slots = normalise("中国银行", person=False).slots
    assert [s.alts[0] for s in slots] == ["china", "bank"]
    assert matches("华为技术有限公司", "Huawei Technologies Co., Ltd.", EntityKind.ORGANISATION)


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        ("华信船务(香港)有限公司", "Huaxin Shipping Hong Kong Ltd"),
        ("沈忠國際海運有限公司", "Shen Zhong International Shipping"),
        ("浙江震环数控机床股份有限公司", "Zhejiang Zhenhuan CNC Machine Tool Co., Ltd"),
    ],
)
def test_han_company_names_match_their_english_names(han: str, latin: str) -> None:
    assert matches(han, latin, EntityKind.ORGANISATION)


def test_hangul_organisation_words_are_translated() -> None:
    assert [s.alts[0] for s in normalise("영변 원자력 연구소").slots] == [
        "yeong",
        "byeon",
        "nuclear",
        "research",
        "centre",
    ]
    assert matches("조선남강무역회사", "Korea Namgang Trading Company", EntityKind.ORGANISATION)


def test_foreign_name_written_in_characters_is_read_per_segment() -> None:
    # One slot per segment: a known given name gets its Latin spellings, every segment its
    # joined pinyin and its sound key (see translit/transcription.py).
    assert alts("约翰·史密斯") == [("john", "johan", "johann", "yuehan"), ("shimisi", "^SMS")]


# --- Hangul ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("syllable", "expected"),
    [
        ("정", {"jeong", "chong"}),  # Revised Romanisation, McCune-Reischauer
        ("경", {"gyeong", "kyong"}),
        ("택", {"taek", "thaek"}),  # DPRK-style aspirate
        ("은", {"eun", "un"}),
    ],
)
def test_hangul_syllables_in_both_romanisations(syllable: str, expected: set[str]) -> None:
    assert expected <= set(syllable_alternatives(syllable))


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [
        ("김정은", "Kim Jong Un"),
        ("김정은", "Kim Jong-un"),
        ("리영길", "Ri Yong Gil"),
        ("정경택", "Jong Kyong Thaek"),
        ("박근혜", "Park Geun-hye"),
        ("이수빈", "Lee Su-bin"),
        ("수빈 이", "Lee Subin"),  # given name first, surname as a last word
    ],
)
def test_hangul_names_match_their_romanisations(hangul: str, latin: str) -> None:
    assert matches(hangul, latin)


def test_hangul_surname_is_found_when_written_last() -> None:
    slots = normalise("수빈 이", person=True).slots
    assert slots[-1].role == "surname"
    assert "lee" in slots[-1].alts


def test_one_letter_romanisation_of_a_surname_is_not_an_initial() -> None:
    # 이 is romanised Lee, Yi, Rhee, Ri or I; "I" alone would match every word starting with i.
    surname = prepare_name("이수빈", person=True).slots[0]
    assert "lee" in surname.alts
    assert "i" not in surname.alts
    assert not matches("이수빈", "Ivan Su-bin")


# --- Cyrillic --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("сергей", {"sergey", "sergei"}),
        ("александр", {"alexander", "aleksandr"}),
        ("хрущёв", {"khrushchev", "chruschtschew"}),  # English and German schemes
        ("жуков", {"zhukov", "joukov"}),  # and French
        ("юрий", {"yuri", "yury", "iouri"}),
        ("андрій", {"andrii", "andriy"}),  # Ukrainian letters switch to the Ukrainian system
        ("олександр", {"oleksandr"}),
    ],
)
def test_cyrillic_words_get_several_schemes(word: str, expected: set[str]) -> None:
    assert expected <= set(word_alternatives(word))


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Владимир Путин", "Vladimir Putin"),
        ("Владимир Владимирович Путин", "Vladimir Putin"),  # patronymic left over
        ("Иванов Иван Иванович", "Ivan Ivanovich Ivanov"),  # order
        ("Юлия Тимошенко", "Yulia Tymoshenko"),
        ("Мария Захарова", "Maria Zakharova"),
        ("Сергей Лавров", "Sergei Lavrov"),
        ("Олександр Лукашенко", "Aleksandr Lukashenko"),
        ("Никита Хрущёв", "Nikita Khrushchev"),
        ("Абд аль-Рахман", "Abdul Rahman"),
    ],
)
def test_cyrillic_names_match_latin(cyrillic: str, latin: str) -> None:
    assert matches(cyrillic, latin)


# --- Arabic ----------------------------------------------------------------------------------


def test_arabic_name_has_table_spellings_and_a_consonant_skeleton() -> None:
    mohammed = alts("محمد")[0]
    assert {"mohammed", "muhammad", "mohamed"} <= set(mohammed)
    assert "~mhmd" in mohammed


def test_arabic_article_is_a_light_particle() -> None:
    slots = normalise("الحسن", person=True).slots
    assert [(s.alts[0], s.role) for s in slots] == [("al", "particle"), ("hassan", "")]


def test_arabic_article_is_not_split_off_a_short_word() -> None:
    # آلاء (Alaa): splitting "al" would leave a one-letter wildcard.
    assert [s.alts[0] for s in normalise("آلاء", person=True).slots] == ["ala"]


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("محمد علي", "Mohammed Ali"),
        ("محمد علي", "Muhammad Ali"),
        ("حسن نصر الله", "Hassan Nasrallah"),
        ("أسامة بن لادن", "Osama bin Laden"),
        ("عبد الرحمن", "Abdulrahman"),
        ("عبد الرحمن", "Abd al-Rahman"),
    ],
)
def test_arabic_names_match_latin(arabic: str, latin: str) -> None:
    assert matches(arabic, latin)


def test_arabic_skeleton_never_proves_a_perfect_match() -> None:
    # Only the consonant skeleton links these spellings, and a skeleton drops every vowel.
    result = compare("نصرت", "Nusrat Nasrat Nasrit", kind=EntityKind.PERSON)
    methods = {pair["method"] for pair in result.explanation["pairs"]}  # type: ignore[union-attr]
    assert methods <= {"skeleton", "edit", "phonetic"}
    assert result.score < 1.0


# --- other scripts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("Αλέξανδρος Παπαδόπουλος", "Alexandros Papadopoulos"),
        ("Ελευθέριος Βενιζέλος", "Eleftherios Venizelos"),
    ],
)
def test_greek_names_match_latin(native: str, latin: str) -> None:
    assert matches(native, latin)


def test_greek_case_ending_is_optional() -> None:
    assert "alexandr" in alts("Αλέξανδρος")[0]


def test_mixed_script_name_is_transliterated_run_by_run() -> None:
    assert [s.method for s in normalise("Huawei 华为", person=False).slots] == [
        "latin",
        "pinyin+wade-giles",
        "pinyin+wade-giles",
    ]
