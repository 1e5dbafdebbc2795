"""Pure name-matching engine for restricted-party screening (no Django).

Start with :func:`compare` for one pair of names and :class:`ScreeningIndex` for
screening a subject against whole lists; :func:`brute_force_search` is the slow
reference the index is tested and benchmarked against. ``docs/screening.md`` explains
the method, its limits and its figures.

Module map: :mod:`.normalise` and :mod:`.translit` (text to tokens), :mod:`.prepared`
(tokens to weighted slots and units), :mod:`.similarity` (token similarity, blocking
keys), :mod:`.align` (name score), :mod:`.boosts` (date of birth, country, kind),
:mod:`.explain`, :mod:`.compare` (pairs, brute force), :mod:`.store`,
:mod:`.candidates` and :mod:`.index` (the index).
"""

from __future__ import annotations

from .compare import DEFAULT_THRESHOLD, Comparison, brute_force_search, compare
from .errors import ScreeningInputError
from .index import ScreeningIndex
from .types import EntityKind, EntryName, ListEntry, Match, NameKind, Subject

__all__ = [
    "DEFAULT_THRESHOLD",
    "Comparison",
    "EntityKind",
    "EntryName",
    "ListEntry",
    "Match",
    "NameKind",
    "ScreeningIndex",
    "ScreeningInputError",
    "Subject",
    "brute_force_search",
    "compare",
]
