"""Foreign names written in Chinese characters (transcriptions) against their Latin spellings."""

from __future__ import annotations

import pytest

from waypost.screening.engine import EntityKind, ListEntry, ScreeningIndex, Subject, compare
from waypost.screening.engine.compare import DEFAULT_THRESHOLD, brute_force_search
from waypost.screening.engine.similarity import token_sim
from waypost.screening.engine.translit.transcription import key_deletions, latin_key, pinyin_keys
from waypost.screening.engine.types import EntryName


@pytest.mark.parametrize(
    ("syllables", "latin"),
    [
        (["bu", "lang", "ba", "ke"], "brownback"),  # r -> l, ow a vowel
        (["ke", "lu", "zi"], "cruz"),
        (["shi", "mi", "si"], "smith"),  # final th -> s
        (["si", "kai", "wo", "ke"], "skywalker"),  # l before a consonant and final r dropped
        (["ai", "ke", "suo", "wei", "la"], "exovera"),  # x -> ks, v -> w
        (["na", "wa", "luo"], "navarro"),  # doubled letters are one
        (["ge", "shi", "man"], "gershman"),
        (["pu", "er", "mo"], "palmer"),
        (["ke", "er", "jia"], "kolga"),  # j read as k: the second key
        (["ai", "ken"], "aiken"),  # both open on a vowel
        (["ha", "de", "sen"], "hudson"),  # an h opens like a vowel
        (["di", "jie", "en"], "dzyne"),
    ],
)
def test_transcription_and_latin_spelling_share_a_sound_key(syllables: list[str], latin: str) -> None:
    assert latin_key(latin) in pinyin_keys(syllables)


@pytest.mark.parametrize(
    ("han", "latin", "kind"),
    [
        ("约翰·史密斯", "John Smith", EntityKind.PERSON),  # given-name table + sound key
        ("托马斯·琼斯", "Thomas H. Jones", EntityKind.PERSON),
        ("克里斯托弗·布雷迪", "Christopher J. Brady", EntityKind.PERSON),
        ("埃克索维拉公司", "Exovera", EntityKind.ORGANISATION),  # a transcribed run in a company name
        ("迪杰恩技术公司", "DZYNE Technologies", EntityKind.ORGANISATION),
        ("贾森·艾肯", "Jason W. Aiken", EntityKind.PERSON),
        ("约翰 史密斯", "John Smith", EntityKind.PERSON),  # a space for the separator
        ("詹姆斯·唐纳德·泰克里特", "James Donald Taiclet", EntityKind.PERSON),  # tang-na-de: a nasal added
        ("正雄 周", "Zhou Zhengxiong", EntityKind.PERSON),  # a Chinese name written with a space
        ("通用动力公司", "General Dynamics", EntityKind.ORGANISATION),  # organisation words translated
        ("北京和德宇航技术有限公司", "Beijing Hede Aerospace Technology", EntityKind.ORGANISATION),
    ],
)
def test_transcribed_names_match(han: str, latin: str, kind: EntityKind) -> None:
    assert compare(han, latin, kind=kind).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("han", "latin", "kind"),
    [
        ("斯凯迪奥公司", "Skadi", EntityKind.ORGANISATION),  # a three-class key alone is too weak
        ("约翰·史密斯", "John Schmidt", EntityKind.PERSON),
        ("王小明", "Wang Xiaolong", EntityKind.PERSON),
        ("约翰·史密斯", "Smith", EntityKind.PERSON),
        ("迪杰恩技术公司", "Hudson Technologies Co.", EntityKind.ORGANISATION),  # di- does not open like Hu-
        ("艾肯", "Baken", EntityKind.PERSON),
        # One class more than a three-class Latin key is not enough, unless it is a nasal.
        ("克里斯托弗·卡斯特纳", "Christopher Gardner", EntityKind.PERSON),
        ("艾米·吉格兰", "Amy Green", EntityKind.PERSON),
        ("乔纳森·斯迪沃斯", "Jonathan Davis", EntityKind.PERSON),
        # A Chinese or Japanese name written with a space is not read by its sounds.
        ("正雄 周", "Jason Zhou", EntityKind.PERSON),
        ("信宏 林", "Lin Chun-yan", EntityKind.PERSON),
        ("秋香 王", "Xiaoyan Wang", EntityKind.PERSON),
        ("翼 清水", "Chen Shu-yi", EntityKind.PERSON),
        # Known limits: keys of two classes (McCaul MK, Kolga KK, Luckey LK) are not used,
        # and 思 is not taken for a transcription character.
        ("迈克·麦考尔", "Michael McCaul", EntityKind.PERSON),
        ("马库斯·科尔加", "Marcus Kolga", EntityKind.PERSON),
        ("武汉思凯沃克科技有限公司", "Wuhan Skywalker Technology Co. Ltd", EntityKind.ORGANISATION),
    ],
)
def test_transcriptions_do_not_overmatch(han: str, latin: str, kind: EntityKind) -> None:
    assert compare(han, latin, kind=kind).score < DEFAULT_THRESHOLD


def test_sound_keys_never_compare_two_latin_spellings_or_two_transcriptions() -> None:
    assert token_sim("smith", "sims") == token_sim("smith", "sims")  # unchanged: plain edit rules
    assert token_sim("^SMS", "^SMS") == (0.0, "")
    assert token_sim("^SMS", "smith") == (0.9, "transcription")
    assert token_sim("^PLNPK", "brownback") == (0.9, "transcription")
    assert key_deletions("SMS") == ()  # only keys of four classes or more lose one
    assert key_deletions("VSMS") == ()  # the opening mark is not a class
    assert key_deletions("VKSTN") == ("VSTN", "VKTN", "VKSN", "VKST")  # ... and is never left out


@pytest.mark.parametrize(
    ("syllables", "latin"),
    [
        (["di", "jie", "en"], "hudson"),  # a consonant first against a vowel sound first
        (["ai", "ken"], "baken"),
        (["ha", "de", "sen"], "dodson"),
    ],
)
def test_first_sound_must_agree(syllables: list[str], latin: str) -> None:
    assert latin_key(latin) not in pinyin_keys(syllables)


def test_index_agrees_with_brute_force_on_transcriptions() -> None:
    entries = [
        ListEntry("t", "1", EntityKind.PERSON, (EntryName("Sam Brownback"), EntryName("萨姆·布朗巴克"))),
        ListEntry("t", "2", EntityKind.PERSON, (EntryName("John Smith"),)),
        ListEntry("t", "3", EntityKind.ORGANISATION, (EntryName("埃克索维拉公司"),)),
        ListEntry("t", "4", EntityKind.PERSON, (EntryName("约翰·史密斯"),)),
    ]
    index = ScreeningIndex.build(entries)
    for name, kind in [
        ("Sam Brownback", EntityKind.PERSON),
        ("约翰·史密斯", EntityKind.PERSON),
        ("John Smith", EntityKind.PERSON),
        ("Exovera", EntityKind.ORGANISATION),
        ("萨姆·布朗巴克", EntityKind.PERSON),
    ]:
        subject = Subject(name, kind=kind)
        got = [(m.entry_id, m.score) for m in index.search(subject, threshold=0.5)]
        want = [(m.entry_id, m.score) for m in brute_force_search(entries, subject, threshold=0.5)]
        assert got == want, name
