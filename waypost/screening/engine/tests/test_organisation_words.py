"""Cyrillic organisation names, numbers in names, generic-only matches and Korean syllables."""

from __future__ import annotations

import pytest

from waypost.screening.engine import DEFAULT_THRESHOLD, EntityKind, compare
from waypost.screening.engine.prepared import prepare_name
from waypost.screening.engine.translit.cyrillic_words import translation

PERSON, ORGANISATION = EntityKind.PERSON, EntityKind.ORGANISATION


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("завод", "plant|factory|works"),
        ("завода", "plant|factory|works"),  # inflected
        ("заводы", "plants|works"),  # the longer stem wins
        ("институту", "institute"),
        ("государственное", "state"),
        ("научно", "scientific"),
        ("исследовательский", "research"),
        ("ответственностью", "liability"),
        ("имени", "named"),
        ("именинник", None),  # an exact-only word is not a stem
        ("заводов", "plant|factory|works"),
        ("заводчанин", None),  # more than an ending after the stem
        ("буревестник", None),
    ],
)
def test_cyrillic_organisation_words_are_matched_by_stem(word: str, english: str | None) -> None:
    assert translation(word) == english


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Республиканское унитарное предприятие ‘ЦЕНТРКУРОРТ’",
         "Republican unitary enterprise ‘TSENTRKURORT’"),
        ("Акционерное общество «Центральный научно-исследовательский институт «Буревестник»",
         "Burevestnik Central Research Institute, JSC"),
        ("Государственное унитарное предприятие Донецкой Народной Республики “Комтел”",
         "State Unitary Enterprise of the Donetsk People’s Republic “Komtel”"),
        ("‘Уральское конструкторское бюро транспортного машиностроения’",
         "OJSC ‘Ural Design Bureau of Transport Engineering’"),
        ("Уральские Авиалинии", "OJSC Ural Airlines"),
        ("Общество C Ограниченной Ответственностью ‘Tесткомплект’",
         "Limited liability company ‘Testkomplekt’"),
    ],
)  # fmt: skip
def test_cyrillic_organisation_names_match_their_english_names(cyrillic: str, latin: str) -> None:
    assert compare(cyrillic, latin, kind=ORGANISATION).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Завод Буревестник", ("plant", "burevestnik")),
        ("Заводов Иван", ("zavodov", "ivan")),  # a surname that looks like a word stays a name
    ],
)
def test_only_organisation_names_are_translated(name: str, tokens: tuple[str, ...]) -> None:
    person = tokens[0] == "zavodov"
    assert prepare_name(name, person=person).tokens == tokens


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Мiĸалай ДОЛЯ", ("mikalai", "dolya")),  # Latin i and kra inside Cyrillic words
        ("Общество C Ограниченной Ответственностью ‘Tесткомплект’", ("testkomplekt",)),  # a lone Latin C
        ("Сергей C Smith", ("sergey", "c", "smith")),  # not between two Cyrillic words
        ("275 Ремонтный Завод", ("275", "repair", "plant")),  # digits in a Cyrillic run are kept
    ],
)
def test_latin_look_alikes_and_digits_in_cyrillic(name: str, tokens: tuple[str, ...]) -> None:
    person = name.startswith(("Мi", "Сергей"))
    assert prepare_name(name, person=person).tokens == tokens


def test_belarusian_doubled_ts_is_also_written_single() -> None:
    assert compare("Таццяна Аляксандраўна ГРАКУН", "Tatsiana Aliaksandrauna GRAKUN", kind=PERSON).score == 1.0


@pytest.mark.parametrize(
    ("name1", "name2", "is_match"),
    [
        ("275 Aircraft Repair Plant", "275 Aircraft Repair Plant", True),
        ("275 Aircraft Repair Plant", "150 Aircraft Repair Plant", False),
        ("Акционерное общество «275 Авиационный ремонтный завод»",
         "Joint Stock Company 150 Aircraft Repair Plant",
         False),
        ("Apollo Fund 8", "Apollo Fund", True),  # a number on one side only is no contradiction
    ],
)  # fmt: skip
def test_different_numbers_name_different_things(name1: str, name2: str, is_match: bool) -> None:
    assert compare(name1, name2, kind=ORGANISATION).is_match is is_match


@pytest.mark.parametrize(
    ("name1", "name2", "is_match"),
    [
        ("Научно-исследовательский институт двигателей", "Scientific Research Institute Giricond", False),
        ("Беспилотные системы", "Unmanned Systems", True),
        ("Global Trading Group", "Global Trading Group", True),  # nothing distinctive on either side
    ],
)
def test_generic_words_alone_do_not_make_a_match(name1: str, name2: str, is_match: bool) -> None:
    assert compare(name1, name2, kind=ORGANISATION).is_match is is_match


@pytest.mark.parametrize(
    ("hangul", "latin", "is_match"),
    [
        ("김영철", "KIM Yong Chol", True),
        ("김영철", "KIM Yeong Cheol", True),
        ("김영철", "KIM Pyong Chol", False),  # pyong is another syllable, not a spelling of 영
        ("조경철", "JO YONG CHOL", False),
    ],
)
def test_korean_syllables_pair_only_with_their_own_spellings(hangul: str, latin: str, is_match: bool) -> None:
    assert compare(hangul, latin, kind=PERSON).is_match is is_match


@pytest.mark.parametrize(
    ("han", "latin"),
    [
        # three syllables in one English word
        ("黑龙江省卡鲁布斯贸易发展有限公司", "Heilongjiang Karubis Trade Development Co., Ltd"),
        ("北京汐潮国际科贸有限公司", "Beijing Xichao International Technology and Trade"),  # 科贸
        ("萨罗尼克科技公司", "Saronic Technologies, Inc."),  # the plural of a translated word
        ("义乌市金源贸易有限公司", "Yiwu Jinyuan Trading Co., Ltd"),  # 市 weighs little
    ],
)
def test_han_place_names_and_company_words(han: str, latin: str) -> None:
    assert compare(han, latin, kind=ORGANISATION).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("arabic", "latin", "is_match"),
    [
        ("مرتضی براتی", "BARATI Morteza", True),  # Persian ض is z
        ("محمد صادق اکبری", "AKBARI Mohammad Sadegh", True),  # Persian ق is gh
        ("مرتضی براتی", "BARATI Mortaza Hassan", False),
    ],
)
def test_persian_letter_values(arabic: str, latin: str, is_match: bool) -> None:
    assert compare(arabic, latin, kind=PERSON).is_match is is_match


@pytest.mark.parametrize(
    ("query", "entry", "is_match"),
    [
        ("Saddam Hussein al-Tikriti", "Uday Saddam Hussein al-Tikriti", False),  # son of the query
        ("Ali Saddam Hussein al-Tikriti", "Saddam Hussein al-Tikriti", False),  # father of the query
        ("Boris Johnson", "Alexandre Boris Johnson", True),  # two names are not a chain
        ("Vladimir Vladimirovich Putin", "PUTIN Vladimir Vladimirovich", True),  # surname first
    ],
)
def test_a_chain_of_names_shifted_by_one_is_a_relative(query: str, entry: str, is_match: bool) -> None:
    assert compare(query, entry, kind=PERSON).is_match is is_match


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("АО Новосибирский Патронный Завод", "JSC Novosibirsk Cartridge Plant"),
        ("Казанский вертолетный завод", "Kazan Helicopter Plant"),
    ],
)
def test_place_adjectives_read_as_the_place(cyrillic: str, latin: str) -> None:
    assert compare(cyrillic, latin, kind=ORGANISATION).is_match is True


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Олексій Васильович ТЕНСІН", "Alexey Vasilyevich TENSIN"),
        ("Вячаслаў ГЛАДКОЎ", "Vyacheslav GLADKOV"),
    ],
)
def test_ukrainian_and_belarusian_forms_meet_russian_spellings(cyrillic: str, latin: str) -> None:
    assert compare(cyrillic, latin, kind=PERSON).is_match is True


@pytest.mark.parametrize(
    ("name1", "name2", "kind", "checks"),
    [
        # the number is the only distinctive word of each name
        ("275 Aircraft Repair Plant", "150 Aircraft Repair Plant", ORGANISATION,
         ["numbers differ", "generic words only"]),
        ("Fund 8 Apollo", "Fund 9 Apollo", ORGANISATION, ["numbers differ"]),
        ("Saddam Hussein al-Tikriti", "Uday Saddam Hussein al-Tikriti", PERSON, ["a relative"]),
        ("Special Design Bureau", "Special Design Bureau Turbina", ORGANISATION, ["generic words only"]),
        ("John Smith", "John Smith", PERSON, []),
    ],
)  # fmt: skip
def test_the_explanation_names_the_failed_checks(
    name1: str, name2: str, kind: EntityKind, checks: list[str]
) -> None:
    assert compare(name1, name2, kind=kind).explanation["failed_checks"] == checks
