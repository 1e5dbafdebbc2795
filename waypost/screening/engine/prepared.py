"""A name made ready for scoring: weighted slots and the units the aligner pairs up.

A *slot* is one token with its alternative spellings. A *unit* is what the aligner
pairs with a unit of the other name: a single slot, or two adjacent short slots
read as one word, so that "Xiao Ming" matches "Xiaoming" and "Kyong Thaek" matches
"Kyongthaek" without guessing where one language splits words.

Everything here is computed once per list name when the index is built, so a query
only prepares its own name.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from .errors import ScreeningInputError
from .normalise import normalise
from .translit import SKELETON_MARK, dedupe

MAX_QUERY_CHARS = 1000  # longer input is refused: no real name is that long
MAX_SLOTS = 12  # tokens beyond this are ignored (list names are truncated, never refused)
MAX_JOIN_PART = 7  # only short tokens (syllables) are joined with their neighbour

ROLE_WEIGHTS: dict[str, float] = {"initial": 0.5, "particle": 0.3, "generic": 0.5, "surname": 1.0, "": 1.0}


@dataclass(frozen=True, slots=True)
class Slot:
    """One token: alternative spellings, where they came from, and how much it counts."""

    alts: tuple[str, ...]
    source: str
    method: str
    role: str
    weight: float


@dataclass(frozen=True, slots=True)
class Unit:
    """One slot, or two adjacent slots read as one word."""

    slots: tuple[int, ...]
    alts: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class PreparedName:
    text: str
    slots: tuple[Slot, ...]
    units: tuple[Unit, ...]
    scripts: tuple[str, ...]
    legal_forms: tuple[str, ...]
    honorifics: tuple[str, ...]
    truncated: bool
    total_weight: float

    @property
    def tokens(self) -> tuple[str, ...]:
        """The preferred spelling of each slot, for display."""
        return tuple(s.alts[0] for s in self.slots)


def _weight(role: str, alts: tuple[str, ...]) -> float:
    if alts[0].isdigit():
        return 0.5
    return ROLE_WEIGHTS.get(role, 1.0)


def _joinable(slot: Slot) -> bool:
    primary = slot.alts[0]
    return slot.role in ("", "surname") and 1 < len(primary) <= MAX_JOIN_PART and primary.isalpha()


def _units(slots: tuple[Slot, ...]) -> tuple[Unit, ...]:
    units = [Unit((i,), s.alts, s.weight) for i, s in enumerate(slots)]
    for i in range(len(slots) - 1):
        left, right = slots[i], slots[i + 1]
        if _joinable(left) and _joinable(right):
            plain_l = [a for a in left.alts if not a.startswith(SKELETON_MARK)][:3]
            plain_r = [a for a in right.alts if not a.startswith(SKELETON_MARK)][:3]
            joined = dedupe([sys.intern(a + b) for a, b in product(plain_l, plain_r)])
            if joined:
                units.append(Unit((i, i + 1), joined, left.weight + right.weight))
    return tuple(units)


@lru_cache(maxsize=1 << 18)
def prepare_name(text: str, *, person: bool | None = None, strict: bool = False) -> PreparedName:
    """Prepare one name. ``strict`` (queries) refuses over-long input instead of truncating it."""
    if len(text) > MAX_QUERY_CHARS:
        if strict:
            raise ScreeningInputError(
                f"name is {len(text)} characters long; at most {MAX_QUERY_CHARS} are accepted"
            )
        text = text[:MAX_QUERY_CHARS]
    norm = normalise(text, person=person)
    raw = norm.slots
    truncated = len(raw) > MAX_SLOTS
    slots = tuple(
        Slot(tuple(sys.intern(a) for a in r.alts), r.source, r.method, r.role, _weight(r.role, r.alts))
        for r in raw[:MAX_SLOTS]
    )
    return PreparedName(
        text=text,
        slots=slots,
        units=_units(slots),
        scripts=norm.scripts,
        legal_forms=norm.legal_forms,
        honorifics=norm.honorifics,
        truncated=truncated,
        total_weight=sum(s.weight for s in slots),
    )
