"""Comparing two names: order, initials, company suffixes, false friends, explanation, bad input."""

from __future__ import annotations

import pytest

from waypost.screening.engine import DEFAULT_THRESHOLD, EntityKind, ScreeningInputError, compare

PERSON, ORGANISATION = EntityKind.PERSON, EntityKind.ORGANISATION


@pytest.mark.parametrize(
    ("name1", "name2"),
    [
        ("John Smith", "Smith John"),
        ("John Smith", "SMITH, John"),
        ("Ivan Ivanovich Ivanov", "Ivanov Ivan Ivanovich"),
        ("Wang Xiaoming", "Xiaoming Wang"),
        ("Kim Jong Un", "Un Kim Jong"),
    ],
)
def test_name_order_does_not_matter(name1: str, name2: str) -> None:
    assert compare(name1, name2, kind=PERSON).score == 1.0


@pytest.mark.parametrize(
    ("name1", "name2", "expected"),
    [
        ("Kim Jong-un", "Kim Jongun", 1.0),  # hyphenated and joined given names
        ("Xiao Ming Wang", "Xiaoming Wang", 1.0),
        ("Abdul Rahman", "Abdulrahman", 1.0),
    ],
)
def test_split_and_joined_words_align(name1: str, name2: str, expected: float) -> None:
    assert compare(name1, name2, kind=PERSON).score == expected


@pytest.mark.parametrize(
    ("name1", "name2", "is_match"),
    [
        ("J. Smith", "John Smith", True),
        ("J Smith", "John Smith", True),
        ("J. R. R. Tolkien", "John Ronald Reuel Tolkien", True),
        ("J. Smith", "Peter Smith", False),  # the initial contradicts the first name
        ("S. Hussein", "Saddam Hussein", True),
    ],
)
def test_initials(name1: str, name2: str, is_match: bool) -> None:
    result = compare(name1, name2, kind=PERSON)
    assert result.is_match is is_match


def test_initial_counts_less_than_a_full_name() -> None:
    full = compare("John Smith", "John Smith", kind=PERSON).score
    initial = compare("J. Smith", "John Smith", kind=PERSON).score
    assert initial < full
    assert initial >= DEFAULT_THRESHOLD


def test_one_initial_stands_for_one_word() -> None:
    # "S." cannot be both Stephen and Andrea.
    assert (
        compare("S. Boyer", "Stephen Andrea Boyer", kind=PERSON).score
        < compare("S. A. Boyer", "Stephen Andrea Boyer", kind=PERSON).score
    )


@pytest.mark.parametrize(
    ("name1", "name2"),
    [
        ("Huawei Technologies Co., Ltd.", "Huawei Technologies"),
        ("Siemens GmbH", "Siemens AG"),
        ("Gazprom OOO", "OAO Gazprom"),
        ("OAO Gazprom", "Open Joint Stock Company Gazprom"),
        ("Global Trading LLC", "Global Trading Limited"),
        ("ОАО Роснефть", "Rosneft OAO"),
        ("华为技术有限公司", "Huawei Technologies Co., Ltd."),
    ],
)
def test_company_legal_forms_are_ignored(name1: str, name2: str) -> None:
    assert compare(name1, name2, kind=ORGANISATION).score == 1.0


@pytest.mark.parametrize(
    ("name1", "name2"),
    [
        ("Bank", "Bank Melli Iran"),  # one common word
        ("Trading Company", "Global Trading Company"),
        ("International Trading", "Iran International Trading Company"),
        ("Bank Melli Iran", "Bank Mellat"),
        ("John Smith", "John Smithson Dawes"),
        ("Kim Jong Un", "Kim Jong Il"),  # one different syllable of three
        ("Mohammed Ali", "Mohammed Ali Hassan Abdul Karim"),  # most of the entry left over
        ("Maria Garcia", "Mario Garcinuno"),
    ],
)
def test_common_words_and_near_names_are_not_matches(name1: str, name2: str) -> None:
    kind = ORGANISATION if any(w in name1 for w in ("Bank", "Trading")) else PERSON
    assert compare(name1, name2, kind=kind).is_match is False


@pytest.mark.parametrize(
    ("name1", "name2"),
    [
        ("Mohammed Ahmed", "Muhammad Ahmad"),  # phonetic
        ("Abdulhai Hassan", "Abdulhia Hassan"),  # a swapped pair of letters
        ("Gerhard Schroeder", "Gerhard Schröder"),
        ("Aleksandr Lukashenko", "Alexander Lukashenko"),
    ],
)
def test_spelling_variants_match(name1: str, name2: str) -> None:
    assert compare(name1, name2, kind=PERSON).is_match is True


@pytest.mark.parametrize(
    ("name1", "name2"),
    [
        ("John Smith", "Joan Smythe"),
        ("王小明", "Wang Xiaoming"),
        ("Huawei", "Huawei Technologies Co., Ltd."),
        ("Zhang", "Wei"),
        ("x", "y"),
        ("J.", "John"),
        ("Владимир Путин", "Vladimir Putin"),
    ],
)
def test_scores_are_in_zero_one_and_symmetric(name1: str, name2: str) -> None:
    forward = compare(name1, name2).score
    backward = compare(name2, name1).score
    assert 0.0 <= forward <= 1.0
    # Misses cost differently on each side (a query token more than an entry token), so
    # symmetry holds only for names of the same length; the range always holds.
    assert 0.0 <= backward <= 1.0
    if len(name1.split()) == len(name2.split()):
        assert forward == pytest.approx(backward)


def test_explanation_names_aligned_tokens_transliteration_and_score_parts() -> None:
    result = compare("王小明", "Wang Xiaoming", kind=PERSON)
    explanation = result.explanation
    pairs = explanation["pairs"]
    assert isinstance(pairs, list)
    by_entry = {pair["entry"]: pair for pair in pairs}
    assert by_entry["wang"]["query"] == "王"
    assert by_entry["wang"]["transliteration"] == {"query": "pinyin+surname-table", "entry": "latin"}
    assert by_entry["xiaoming"]["query"] == "小 明"  # two characters read as one word
    assert by_entry["xiaoming"]["method"] == "exact"
    assert explanation["quality"] == 1.0
    assert explanation["coverage"] == 1.0
    assert explanation["unmatched_query"] == []
    assert explanation["threshold"] == DEFAULT_THRESHOLD


def test_explanation_lists_what_was_left_over() -> None:
    result = compare("Vladimir Putin", "Vladimir Vladimirovich Putin", kind=PERSON)
    assert result.explanation["unmatched_entry"] == ["vladimirovich"]
    assert result.explanation["coverage"] < 1.0


@pytest.mark.parametrize(
    ("name1", "name2"),
    [
        ("", "John Smith"),
        ("   ", "John Smith"),
        ("J.", "John Smith"),  # initials only
        ("van der", "Ludwig van der Rohe"),  # particles only
        ("!!!", "???"),
        ("\x00\x07", "John"),
    ],
)
def test_names_without_a_distinctive_token_score_zero(name1: str, name2: str) -> None:
    result = compare(name1, name2)
    assert result.score == 0.0
    assert result.is_match is False


def test_overlong_name_is_refused_with_the_reason() -> None:
    with pytest.raises(ScreeningInputError, match="at most 1000"):
        compare("a" * 10_000, "John Smith")


def test_mixed_script_name_matches_its_parts() -> None:
    assert compare("Huawei 华为", "Huawei Hua Wei", kind=ORGANISATION).score == 1.0
