"""Adjustments from facts other than the name: date of birth, country, kind of entity.

They are small next to the name score on purpose: a name that does not match is
never raised to a hit by a shared country, but among similar names the one born on
the subject's birthday comes first, and a clearly different birth year pushes a
borderline name below the threshold.
"""

from __future__ import annotations

import re
from datetime import date

from .types import EntityKind, ListEntry, Subject

DOB_EXACT = 0.08
DOB_YEAR = 0.04
DOB_CONFLICT = -0.10
COUNTRY_SHARED = 0.03
KIND_CONFLICT = -0.15

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_PEOPLE = {EntityKind.PERSON}
_NON_PEOPLE = {EntityKind.ORGANISATION, EntityKind.VESSEL, EntityKind.AIRCRAFT}


def max_boost(subject: Subject) -> float:
    """The most the adjustments can add for this subject (the index's pruning bound)."""
    return (DOB_EXACT if subject.birth_date else 0.0) + (COUNTRY_SHARED if subject.countries else 0.0)


def birth_years(entry: ListEntry) -> set[int]:
    """The years of birth an entry lists: those a subject's date of birth can agree with."""
    years: set[int] = set()
    for text in entry.birth_dates:
        m = _DATE.search(text)
        if m:
            years.add(int(m.group(1)))
    return years


def _dob_delta(born: date, listed: tuple[str, ...]) -> tuple[float, str]:
    best: tuple[float, str] | None = None
    for text in listed:
        m = _DATE.search(text)
        if not m:
            continue
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        if year == born.year and month == born.month and day == born.day:
            candidate = (DOB_EXACT, f"same date of birth {text}")
        elif year == born.year and (month is None or month == born.month):
            candidate = (DOB_YEAR, f"same year of birth {text}")
        elif abs(year - born.year) <= 1:
            candidate = (0.0, f"year of birth within one year ({text})")
        else:
            candidate = (DOB_CONFLICT, f"different year of birth ({text})")
        if best is None or candidate[0] > best[0]:
            best = candidate
    return best if best is not None else (0.0, "")


def entry_adjustment(subject: Subject, entry: ListEntry) -> tuple[float, dict[str, object]]:
    """The additive adjustment for ``entry`` and its parts, for the explanation."""
    parts: dict[str, object] = {}
    delta = 0.0
    if subject.birth_date is not None and entry.birth_dates:
        dob, why = _dob_delta(subject.birth_date, entry.birth_dates)
        if why:
            parts["date_of_birth"] = {"delta": dob, "why": why}
            delta += dob
    if subject.countries and entry.countries:
        shared = sorted(set(subject.countries) & set(entry.countries))
        if shared:
            parts["country"] = {"delta": COUNTRY_SHARED, "why": f"shared country {', '.join(shared)}"}
            delta += COUNTRY_SHARED
    if (subject.kind in _PEOPLE and entry.kind in _NON_PEOPLE) or (
        subject.kind in _NON_PEOPLE and entry.kind in _PEOPLE
    ):
        parts["kind"] = {"delta": KIND_CONFLICT, "why": f"subject is {subject.kind}, entry is {entry.kind}"}
        delta += KIND_CONFLICT
    return delta, parts
