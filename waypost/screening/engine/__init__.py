"""Pure name-matching engine for restricted-party screening (no Django).

Start with :func:`compare` for one pair of names and :class:`ScreeningIndex` for
screening a subject against whole lists; :func:`brute_force_search` is the slow
reference the index is tested and benchmarked against. See
``waypost/screening/README.md`` and ``docs/screening-matching.md`` for the method.
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
