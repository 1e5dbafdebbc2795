"""Chinese organisation vocabulary, Japanese company words and two-word transcriptions."""

from __future__ import annotations

import pytest

from waypost.screening.engine import DEFAULT_THRESHOLD, EntityKind, compare
from waypost.screening.engine.prepared import prepare_name
from waypost.screening.engine.translit.transcription import pinyin_keys

PERSON, ORGANISATION = EntityKind.PERSON, EntityKind.ORGANISATION


@pytest.mark.parametrize(
    ("han", "latin", "kind"),
    [
        # institution and trade words, read as generic words
        ("国际合作协会", "International Cooperation Association", ORGANISATION),
        ("雷达与导航系统公司", "Radar and Navigation Systems", ORGANISATION),  # 与 is "and"
        ("實業投資有限公司", "Industrial Investment Ltd", ORGANISATION),  # traditional forms
        # words of a company's own name: in English, or as their pinyin
        ("全球先进材料有限公司", "Global Advanced Materials Co., Ltd.", ORGANISATION),
        ("蓝天环保科技有限公司", "Blue Sky Environmental Protection Technology Co., Ltd.", ORGANISATION),
        ("环球航运有限公司", "Huanqiu Shipping Co., Ltd.", ORGANISATION),
        ("环球航运有限公司", "Universal Shipping Co., Ltd.", ORGANISATION),
        # a character's meaning is one more spelling, its pinyin stays
        ("红龙科技有限公司", "Red Dragon Technology Co", ORGANISATION),
        ("红龙科技有限公司", "Honglong Technology Co", ORGANISATION),
        # Japanese company words with their romanisation; 株式会社 is a legal form
        ("日本精工株式会社", "Nippon Seiko", ORGANISATION),
        ("三菱重工株式会社", "Sanling Heavy Industries", ORGANISATION),
        # segments of a name written with a separator are transcriptions (马丁 Martin)
        ("洛克希德·马丁公司", "Lockheed Martin Corporation", ORGANISATION),
        # two words met by three-class sound keys confirm each other
        ("卡森·布朗", "Carson Brown", PERSON),
        ("马丁·斯科特", "Martin Scott", PERSON),
    ],
)
def test_translated_and_transcribed_names_match(han: str, latin: str, kind: EntityKind) -> None:
    assert compare(han, latin, kind=kind).score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("han", "latin", "kind"),
    [
        ("斯凯迪奥公司", "Skadi", ORGANISATION),  # one three-class key alone: held below
        ("红龙科技有限公司", "Blue Dragon Technology Co", ORGANISATION),  # a different colour
        ("和德宇航技术有限公司", "And Aerospace Technology", ORGANISATION),  # 和 stays a name
        ("全球先进材料有限公司", "Global Materials Trading", ORGANISATION),
        ("马丁·斯科特", "Martin Scholz", PERSON),
    ],
)
def test_vocabulary_does_not_overmatch(han: str, latin: str, kind: EntityKind) -> None:
    assert compare(han, latin, kind=kind).score < DEFAULT_THRESHOLD


def test_one_short_key_is_a_named_check() -> None:
    explanation = compare("斯凯迪奥公司", "Skydio", kind=ORGANISATION).explanation
    assert explanation["failed_checks"] == ["one short sound key"]


@pytest.mark.parametrize(
    ("name", "role", "alts"),
    [
        ("协会", "generic", {"association"}),
        ("顶峰", "", {"summit", "peak", "dingfeng"}),  # a name word keeps its joined pinyin
        ("红", "", {"hong", "hung", "red"}),
        ("与", "particle", {"and", "yu"}),
    ],
)
def test_word_slots(name: str, role: str, alts: set[str]) -> None:
    slots = prepare_name(name + "公司", person=False).slots
    assert len(slots) == 1
    assert slots[0].role == role
    assert set(slots[0].alts) == alts


@pytest.mark.parametrize(
    ("syllables", "keys"),
    [
        (["luo", "ke", "xi", "de"], {"LKST", "LKT"}),  # x read as h: Lockheed
        (["xi", "la", "li"], {"SLL", "VLL"}),  # Hillary opens on a vowel or h
        (["jie", "ke"], {"SK", "KK"}),  # j read as j or as k
        (["ma", "ding"], {"MTN"}),
    ],
)
def test_pinyin_keys(syllables: list[str], keys: set[str]) -> None:
    assert set(pinyin_keys(syllables)) == keys
