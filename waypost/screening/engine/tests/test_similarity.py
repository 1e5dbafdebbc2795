"""Token similarity and the blocking keys that decide which spellings are compared at all."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from waypost.screening.engine.similarity import (
    INITIAL_SIM,
    PAIR_MIN,
    SKELETON_CAP,
    gated,
    gated_sim,
    index_keys,
    probe_keys,
    token_sim,
)

spelling = st.text(alphabet="abcdehikmnorstuyz~", min_size=1, max_size=9).filter(
    lambda s: "~" not in s[1:] and s != "~"
)


@pytest.mark.parametrize(
    ("a", "b", "method"),
    [
        ("smith", "smith", "exact"),
        ("hansen", "hansel", "edit"),
        ("abdulhai", "abdulhia", "phonetic"),  # swapped neighbours: one edit, and they sound alike
        ("mohammed", "muhamad", "phonetic"),
        ("j", "john", "initial"),
        ("~mhmd", "mohammed", "skeleton"),
    ],
)
def test_similar_spellings_and_how(a: str, b: str, method: str) -> None:
    sim, found = token_sim(a, b)
    assert found == method
    assert PAIR_MIN <= sim <= 1.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("smith", "jones"),
        ("john", "peter"),
        ("j", "peter"),  # an initial of another letter
        ("~mhmd", "~mhmd2"),  # two skeletons are never compared with each other
        ("wang", "wong" * 3),
    ],
)
def test_dissimilar_spellings_score_zero(a: str, b: str) -> None:
    assert token_sim(a, b) == (0.0, "")


def test_sounding_alike_counts_more_than_the_same_edits() -> None:
    # One substitution each; only carl/karl sound alike, which closes half the gap to 1.
    assert token_sim("karl", "karo")[0] == 0.75
    assert token_sim("carl", "karl")[0] == 0.875
    assert token_sim("hansen", "hanson")[0] > token_sim("hansen", "hansel")[0]


def test_initial_and_skeleton_similarities_are_capped() -> None:
    assert token_sim("j", "john")[0] == INITIAL_SIM
    assert token_sim("~mhmd", "muhammad")[0] <= SKELETON_CAP


@given(spelling, spelling)
@settings(max_examples=300, deadline=None)
def test_keys_and_similarity_are_symmetric(a: str, b: str) -> None:
    assert gated(a, b) == gated(b, a)
    assert token_sim(a, b) == token_sim(b, a)


@given(spelling, spelling)
@settings(max_examples=300, deadline=None)
def test_a_pair_without_a_shared_key_scores_zero(a: str, b: str) -> None:
    """The index only compares spellings that share a key; scoring agrees, so nothing is lost."""
    if a != b and not gated(a, b):
        assert token_sim(a, b)[0] == 0.0
    if a != b and gated(a, b):
        assert gated_sim(a, b) == token_sim(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("abdulhai", "abdulhia"),  # swap
        ("mohammed", "mohamed"),  # deletion
        ("ahmad", "ahmed"),  # substitution (phonetic key)
        ("qasim", "kasim"),  # same consonant skeleton
    ],
)
def test_one_edit_apart_share_a_key(a: str, b: str) -> None:
    assert set(probe_keys(a)) & set(index_keys(b))
