"""Screening subjects against an index of list entries: end-to-end cases and the brute-force reference."""

from __future__ import annotations

import os
import random
from datetime import date
from pathlib import Path

import pytest

from waypost.screening.engine import (
    EntityKind,
    EntryName,
    ListEntry,
    Match,
    NameKind,
    ScreeningIndex,
    ScreeningInputError,
    Subject,
    brute_force_search,
)

PERSON, ORGANISATION, UNKNOWN = EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.UNKNOWN


def entry(entry_id: str, kind: EntityKind, *names: str | tuple[str, NameKind], **facts: object) -> ListEntry:
    built = tuple(
        EntryName(n, NameKind.PRIMARY if i == 0 else NameKind.ALIAS)
        if isinstance(n, str)
        else EntryName(n[0], n[1])
        for i, n in enumerate(names)
    )
    return ListEntry("test", entry_id, kind, built, **facts)  # type: ignore[arg-type]


ENTRIES = [
    entry("wang", PERSON, "WANG Xiaoming", "Wang Hsiao-ming", countries=("CN",), birth_dates=("1970-05-01",)),
    entry(
        "putin",
        PERSON,
        "Vladimir Vladimirovich PUTIN",
        ("Владимир Владимирович Путин", NameKind.ORIGINAL_SCRIPT),
    ),
    entry(
        "huawei",
        ORGANISATION,
        "Huawei Technologies Co., Ltd.",
        ("华为技术有限公司", NameKind.ORIGINAL_SCRIPT),
        countries=("CN",),
    ),
    entry("itc", ORGANISATION, "International Trading Company"),
    entry("kim", PERSON, "KIM Jong Un", ("김정은", NameKind.ORIGINAL_SCRIPT), countries=("KP",)),
    entry("hassan", PERSON, "Mohammed Ali HASSAN", birth_dates=("1961",)),
    entry("melli", ORGANISATION, "Bank Melli Iran", "Melli Bank PLC"),
    entry("lukashenko", PERSON, "Aleksandr Grigoryevich LUKASHENKO", "Alexander Lukashenka"),
    entry("zhang", PERSON, "ZHANG Wei", countries=("CN",), birth_dates=("1980",)),
    entry("vessel", EntityKind.VESSEL, "OCEAN STAR"),
    entry("tolkien", PERSON, "John Ronald Reuel TOLKIEN"),
    entry("hussein", PERSON, "Saddam Hussein AL-TIKRITI", ("صدام حسين التكريتي", NameKind.ORIGINAL_SCRIPT)),
]


@pytest.fixture(scope="module")
def index() -> ScreeningIndex:
    return ScreeningIndex.build(ENTRIES)


def ids(matches: list[Match]) -> list[str]:
    return [m.entry_id for m in matches]


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("王小明", UNKNOWN, "wang"),  # Han finds the pinyin entry
        ("王晓明", PERSON, "wang"),  # 晓 and 小 are both xiao
        ("Xiaoming Wang", PERSON, "wang"),
        ("Wong Hsiao Ming", PERSON, "wang"),
        ("张伟", PERSON, "zhang"),
        ("張偉", PERSON, "zhang"),  # traditional characters
        ("Владимир Путин", PERSON, "putin"),  # Cyrillic finds Latin
        ("Vladimir Putin", PERSON, "putin"),  # and Latin the entry with a patronymic
        ("Александр Лукашенко", PERSON, "lukashenko"),
        ("华为技术有限公司", ORGANISATION, "huawei"),
        ("HUAWEI TECHNOLOGIES", UNKNOWN, "huawei"),
        ("Huawei", ORGANISATION, "huawei"),  # matches the Chinese name, which has no extra words
        ("김정은", PERSON, "kim"),
        ("Kim Jong-un", PERSON, "kim"),
        ("محمد علي حسن", PERSON, "hassan"),  # Arabic finds Latin
        ("Muhammad Ali Hasan", PERSON, "hassan"),
        ("Bank Melli", ORGANISATION, "melli"),
        ("J. R. R. Tolkien", PERSON, "tolkien"),
        ("Saddam Hussein", PERSON, "hussein"),
        ("صدام حسين", PERSON, "hussein"),
    ],
)
def test_finds_the_entry(index: ScreeningIndex, query: str, kind: EntityKind, expected: str) -> None:
    found = index.search(Subject(query, kind=kind))
    assert found, f"{query!r} found nothing"
    assert found[0].entry_id == expected
    assert 0.8 <= found[0].score <= 1.0


@pytest.mark.parametrize(
    "query",
    [
        "Bank",  # common words alone
        "Trading Company",
        "International",
        "Company Limited",
        "Ocean",
        "Wang",  # a surname alone
        "Mohammed",
        "Ali",
        "Hassan Omar Karim",  # one name of three
        "Zhang Wen",  # a different given name
        "Kim Jong Il",
        "John Smith",
        "J.",
        "Mr",
        "Ltd",
    ],
)
def test_common_words_and_partial_names_raise_nothing(index: ScreeningIndex, query: str) -> None:
    assert index.search(Subject(query)) == []


def test_scores_are_in_zero_one_and_sorted(index: ScreeningIndex) -> None:
    found = index.search(Subject("Wang Ming Zhang Wei Hassan"), threshold=0.3, limit=50)
    assert len(found) >= 2
    scores = [m.score for m in found]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)


def test_explanation_names_the_alias_that_matched_and_why(index: ScreeningIndex) -> None:
    (match,) = index.search(Subject("华为", kind=ORGANISATION), threshold=0.5)
    assert match.name == "Huawei Technologies Co., Ltd."  # the entry's primary name
    assert match.matched_name == "华为技术有限公司"  # the alias that scored best
    explanation = match.explanation
    assert explanation["matched_name_kind"] == "original_script"
    assert explanation["entry_name"]["legal_forms"] == ["有限公司"]  # type: ignore[index]
    pairs = explanation["pairs"]
    assert isinstance(pairs, list)
    assert {(p["query"], p["entry"], p["method"]) for p in pairs} == {
        ("华", "华", "exact"),
        ("为", "为", "exact"),
    }
    assert explanation["unmatched_entry"] == ["技术"]
    assert explanation["score"] == round(match.score, 4)


def test_explanation_shows_transliteration_of_both_sides(index: ScreeningIndex) -> None:
    (match,) = index.search(Subject("Владимир Путин", kind=PERSON))
    assert match.matched_name == "Vladimir Vladimirovich PUTIN"
    pair = next(p for p in match.explanation["pairs"] if p["query"] == "путин")  # type: ignore[union-attr]
    assert pair["transliteration"] == {"query": "cyrillic-multi-scheme", "entry": "latin"}
    assert match.explanation["unmatched_entry"] == ["vladimirovich"]


def test_same_date_of_birth_and_country_raise_the_score(index: ScreeningIndex) -> None:
    plain = index.search(Subject("Zhang Wei Ming", kind=PERSON), threshold=0.5)[0]
    boosted = index.search(
        Subject("Zhang Wei Ming", kind=PERSON, birth_date=date(1980, 3, 3), countries=("CN",)), threshold=0.5
    )[0]
    assert boosted.score == pytest.approx(plain.score + 0.04 + 0.03)
    assert set(boosted.explanation["adjustments"]) == {"date_of_birth", "country"}  # type: ignore[arg-type]


def test_a_boost_lifts_a_borderline_name_over_the_threshold(index: ScreeningIndex) -> None:
    # "Ming" is left over: a name score of 0.8, short of 0.85 without the facts.
    assert index.search(Subject("Zhang Wei Ming", kind=PERSON), threshold=0.85) == []
    boosted = Subject("Zhang Wei Ming", kind=PERSON, birth_date=date(1980, 1, 1), countries=("CN",))
    assert ids(index.search(boosted, threshold=0.85)) == ["zhang"]
    assert index.search(Subject("Zhang Wei Ming", kind=PERSON, countries=("FR",)), threshold=0.85) == []


def test_a_different_year_of_birth_sinks_a_borderline_name(index: ScreeningIndex) -> None:
    assert ids(index.search(Subject("Mohammed Ali Hassan Omar"))) == ["hassan"]
    assert index.search(Subject("Mohammed Ali Hassan Omar", birth_date=date(1990, 1, 1))) == []
    assert ids(index.search(Subject("Mohammed Ali Hassan Omar", birth_date=date(1962, 1, 1)))) == ["hassan"]


def test_a_person_needs_a_closer_name_to_match_a_company() -> None:
    index = ScreeningIndex.build([entry("co", ORGANISATION, "Ocean Star")])
    assert index.search(Subject("Ocean Star", kind=PERSON))[0].score == pytest.approx(1.0 - 0.15)
    assert ids(index.search(Subject("Ocean Starr", kind=UNKNOWN))) == ["co"]
    assert index.search(Subject("Ocean Starr", kind=PERSON)) == []
    assert ids(index.search(Subject("Ocean Starr", kind=ORGANISATION))) == ["co"]


def test_limit_keeps_the_best(index: ScreeningIndex) -> None:
    everything = index.search(Subject("Wang Zhang Kim Hassan"), threshold=0.2, limit=100)
    assert len(everything) > 2
    assert index.search(Subject("Wang Zhang Kim Hassan"), threshold=0.2, limit=2) == everything[:2]


def test_entries_are_replaced_and_removed() -> None:
    index = ScreeningIndex.build([entry("x", PERSON, "Ivan Petrov")])
    assert ids(index.search(Subject("Ivan Petrov"))) == ["x"]
    index.add([entry("x", PERSON, "Oleg Sidorov")])  # same list and id: replaced
    assert len(index) == 1
    assert index.search(Subject("Ivan Petrov")) == []
    assert ids(index.search(Subject("Oleg Sidorov"))) == ["x"]
    assert index.remove("test", "x") is True
    assert index.remove("test", "x") is False
    assert len(index) == 0
    assert index.search(Subject("Oleg Sidorov")) == []


def test_entries_added_after_a_search_are_found() -> None:
    index = ScreeningIndex.build([entry("a", PERSON, "Ivan Petrov")])
    assert index.search(Subject("Petr Ivanov")) == []  # fills the look-up caches
    index.add([entry("b", PERSON, "Petr Ivanov")])
    assert ids(index.search(Subject("Petr Ivanov"))) == ["b"]


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        (Subject(""), "name is empty"),
        (Subject("   \t"), "name is empty"),
        (Subject("x" * 10_000), "at most 1000"),
    ],
)
def test_unscreenable_names_are_refused_with_the_reason(
    index: ScreeningIndex, subject: Subject, message: str
) -> None:
    with pytest.raises(ScreeningInputError, match=message):
        index.search(subject)


@pytest.mark.parametrize(("threshold", "limit"), [(0.0, 10), (1.5, 10), (-1.0, 10), (0.8, 0)])
def test_bad_threshold_or_limit_is_refused(index: ScreeningIndex, threshold: float, limit: int) -> None:
    with pytest.raises(ScreeningInputError):
        index.search(Subject("Wang Xiaoming"), threshold=threshold, limit=limit)


@pytest.mark.parametrize(
    "name",
    [
        "J",  # a single letter
        "J. R.",  # initials only
        "al bin",  # particles only
        "\x00\x01\x02",  # control characters only
        "!!!???",
        "🙂🙂",
        "a" * 999,  # long but accepted
        "Wang " * 150,  # many tokens (truncated to the first twelve)
    ],
)
def test_odd_input_is_a_clean_no_match(index: ScreeningIndex, name: str) -> None:
    assert index.search(Subject(name)) == []


def test_mixed_scripts_and_control_characters_are_screened() -> None:
    index = ScreeningIndex.build(ENTRIES)
    assert ids(index.search(Subject("Mohammed\x00Ali\u200bHASSAN"))) == ["hassan"]
    assert ids(index.search(Subject("Huawei 华为 Technologies", kind=ORGANISATION), threshold=0.7)) == [
        "huawei"
    ]


# --- the index returns exactly what scoring every name would ------------------------------


def _perturbed(rng: random.Random, entries: list[ListEntry], count: int) -> list[Subject]:
    subjects: list[Subject] = []
    for _ in range(count):
        chosen = rng.choice(entries)
        text = rng.choice(chosen.names).text
        words = text.split()
        roll = rng.random()
        if roll < 0.25 and len(words) > 1:
            rng.shuffle(words)
            text = " ".join(words)
        elif roll < 0.5 and len(text) > 5:
            i = rng.randrange(len(text))
            text = text[:i] + text[i + 1 :]
        elif roll < 0.6 and len(words) > 2:
            text = " ".join(words[:-1])
        elif roll < 0.7 and len(words) > 1:
            text = words[0][0] + ". " + " ".join(words[1:])
        born = date(1961, 1, 1) if roll > 0.8 else None
        countries = chosen.countries[:1] if roll > 0.6 else ()
        subjects.append(
            Subject(text, kind=rng.choice([chosen.kind, UNKNOWN]), countries=countries, birth_date=born)
        )
    return subjects


@pytest.mark.parametrize("threshold", [0.8, 0.6])
def test_index_agrees_with_brute_force(index: ScreeningIndex, threshold: float) -> None:
    subjects = _perturbed(random.Random(5), ENTRIES, 60) + [Subject(e.primary_name[:8]) for e in ENTRIES]
    for subject in subjects:
        assert index.search(subject, threshold=threshold, limit=100) == brute_force_search(
            ENTRIES, subject, threshold
        ), subject


DATA = Path(os.environ.get("WAYPOST_SCREENING_DATA", "/work/shared/data/screening"))


def _real_entries() -> list[ListEntry]:
    from waypost.screening.formats import parse

    files = sorted(DATA.glob("eu_journal_sanctions/consolidated/*.csv"))
    un = DATA / "un_consolidated/UN_consolidated_2026-02-27.xml"
    if not files or not un.exists():
        pytest.skip(f"real list files are not present under {DATA} (set WAYPOST_SCREENING_DATA)")
    entries = list(parse("eu-csv", files)) + list(parse("un-xml", [un]))
    return random.Random(11).sample(entries, 300)


def test_index_agrees_with_brute_force_on_real_list_names() -> None:
    """Cyrillic, Arabic, Han and Latin names from the EU and UN lists, perturbed."""
    entries = _real_entries()
    index = ScreeningIndex.build(entries)
    for subject in _perturbed(random.Random(3), entries, 25):
        assert index.search(subject, threshold=0.7, limit=100) == brute_force_search(entries, subject, 0.7), (
            subject
        )
