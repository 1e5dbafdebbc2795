"""Comparing two names, and the brute-force search the index is checked against.

:func:`compare` is the engine's answer for one pair of names. :func:`brute_force_search`
scores a subject against every name of every entry with the same scorer the index
uses; it is the reference the index must agree with (the speed benchmark's baseline
does the same over names prepared once).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .align import NO_MATCH, NameScore, score_names
from .boosts import entry_adjustment
from .errors import ScreeningInputError
from .explain import describe_alignment, describe_name
from .prepared import PreparedName, prepare_name
from .types import EntityKind, ListEntry, Match, Subject

DEFAULT_THRESHOLD = 0.8
STRONG_ROLES = frozenset({"", "surname", "generic"})


@dataclass(frozen=True, slots=True)
class Comparison:
    """The outcome of :func:`compare`: a score in 0..1, the verdict and why."""

    score: float
    is_match: bool
    explanation: dict[str, object] = field(default_factory=dict)


def person_flag(kind: EntityKind) -> bool | None:
    """True for people, False for organisations, vessels and aircraft, None when unknown."""
    if kind is EntityKind.PERSON:
        return True
    if kind is EntityKind.UNKNOWN:
        return None
    return False


def has_strong_slot(name: PreparedName) -> bool:
    """A name made only of initials and particles ("J.", "al") never matches anything."""
    return any(s.role in STRONG_ROLES for s in name.slots)


def check_threshold(threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ScreeningInputError(f"threshold must be in (0, 1], not {threshold!r}")


def prepare_query(subject: Subject) -> PreparedName:
    """Prepare a subject's name, refusing what cannot be screened with a clear reason."""
    if not isinstance(subject.name, str):
        raise ScreeningInputError("name must be text")
    if not subject.name.strip():
        raise ScreeningInputError("name is empty")
    return prepare_name(subject.name, person=person_flag(subject.kind), strict=True)


def entry_forms(entry: ListEntry) -> list[tuple[int, PreparedName]]:
    """``(name index, prepared name)`` for each distinct name of an entry."""
    seen: set[str] = set()
    out: list[tuple[int, PreparedName]] = []
    person = person_flag(entry.kind)
    for i, name in enumerate(entry.names):
        text = name.text.strip()
        if not text or text in seen:
            continue
        seen.add(text)
        prepared = prepare_name(text, person=person)
        if has_strong_slot(prepared):
            out.append((i, prepared))
    return out


def compare(name1: str, name2: str, *, kind: EntityKind = EntityKind.UNKNOWN) -> Comparison:
    """How alike two names are, in any scripts, with the explanation.

    Empty names, or names of initials only, score 0. Names over
    :data:`~.prepared.MAX_QUERY_CHARS` characters raise :class:`ScreeningInputError`.
    """
    person = person_flag(kind)
    first = prepare_name(name1, person=person, strict=True)
    second = prepare_name(name2, person=person, strict=True)
    result = score_names(first, second) if has_strong_slot(first) and has_strong_slot(second) else NO_MATCH
    explanation: dict[str, object] = {
        "name1": describe_name(first),
        "name2": describe_name(second),
        **describe_alignment(first, second, result),
        "threshold": DEFAULT_THRESHOLD,
    }
    score = round(result.score, 6)
    return Comparison(score, score >= DEFAULT_THRESHOLD, explanation)


def build_match(
    subject: Subject,
    query: PreparedName,
    entry: ListEntry,
    name_index: int,
    prepared: PreparedName,
    result: NameScore,
) -> Match | None:
    """The :class:`Match` for an entry's best name, or None when adjustments sink it."""
    delta, parts = entry_adjustment(subject, entry)
    final = max(0.0, min(1.0, result.score + delta))
    name = entry.names[name_index]
    explanation: dict[str, object] = {
        "matched_name": name.text,
        "matched_name_kind": str(name.kind),
        "query": describe_name(query),
        "entry_name": describe_name(prepared),
        **describe_alignment(query, prepared, result),
        "adjustments": parts,
        "score": round(final, 4),
    }
    return Match(entry.list_id, entry.entry_id, entry.primary_name, name.text, round(final, 6), explanation)


def brute_force_search(
    entries: Iterable[ListEntry],
    subject: Subject,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    limit: int | None = None,
) -> list[Match]:
    """Score ``subject`` against every name of every entry; matches at or above ``threshold``, best first."""
    check_threshold(threshold)
    query = prepare_query(subject)
    if not has_strong_slot(query):
        return []
    matches: list[Match] = []
    for entry in entries:
        best: tuple[float, int, PreparedName, NameScore] | None = None
        for name_index, prepared in entry_forms(entry):
            result = score_names(query, prepared)
            if result.score > 0.0 and (best is None or result.score > best[0]):
                best = (result.score, name_index, prepared, result)
        if best is None:
            continue
        match = build_match(subject, query, entry, best[1], best[2], best[3])
        if match is not None and match.score >= threshold:
            matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.list_id, m.entry_id))
    return matches[:limit] if limit is not None else matches
