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
from .translit.transcription import TRANSCRIPTION_MARK

MAX_QUERY_CHARS = 1000  # longer input is refused: no real name is that long
MAX_SLOTS = 12  # tokens beyond this are ignored (list names are truncated, never refused)
MAX_JOIN_PART = 7  # only short tokens (syllables) are joined with their neighbour

_MARKS = (SKELETON_MARK, TRANSCRIPTION_MARK)  # alternatives that are keys, not spellings, are never joined
DISTINCTIVE_ROLES = frozenset({"", "surname"})
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
    mask: int  # the slots as a bit set, for the aligner
    exact_only: bool = False  # a Korean syllable: a near spelling is another syllable (영 yeong, not pyong)


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
    slot_weights: tuple[float, ...]
    numbers: frozenset[str] = frozenset()  # the tokens written in digits ("20" in "20 Aircraft Repair Plant")
    person: bool | None = None  # as prepared: True for a person, False for an organisation, None unknown
    strong_mask: int = 0  # the distinctive slots (names, not generic words, initials or particles), a bit set

    @property
    def tokens(self) -> tuple[str, ...]:
        """The preferred spelling of each slot, for display."""
        return tuple(s.alts[0] for s in self.slots)


def _spellings(alts: tuple[str, ...]) -> tuple[str, ...]:
    """A slot's spellings without one-letter ones when it has longer ones.

    A one-letter spelling compares like an initial (it meets every word starting with
    its letter); for 이 (Lee, Yi, Rhee, I) or 余 (Yu, U) that would turn a surname into
    a wildcard. Only a slot that is a single letter and nothing else acts as an initial.
    """
    if len(alts) > 1 and any(len(a) == 1 for a in alts):
        longer = tuple(a for a in alts if len(a) > 1)
        if longer:
            return longer
    return alts


def _weight(role: str, alts: tuple[str, ...]) -> float:
    if alts[0].isdigit():
        return 0.5
    return ROLE_WEIGHTS.get(role, 1.0)


def _joinable(slot: Slot) -> bool:
    primary = slot.alts[0]
    return slot.role in ("", "surname") and 1 < len(primary) <= MAX_JOIN_PART and primary.isalpha()


def _units(slots: tuple[Slot, ...]) -> tuple[Unit, ...]:
    units = [Unit((i,), s.alts, s.weight, 1 << i, s.method.startswith("hangul")) for i, s in enumerate(slots)]
    for i in range(len(slots) - 1):
        left, right = slots[i], slots[i + 1]
        if _joinable(left) and _joinable(right):
            plain_l = [a for a in left.alts if a[0] not in _MARKS][:3]
            plain_r = [a for a in right.alts if a[0] not in _MARKS][:3]
            joined = dedupe([sys.intern(a + b) for a, b in product(plain_l, plain_r)])
            if joined:
                units.append(Unit((i, i + 1), joined, left.weight + right.weight, 3 << i))
    return tuple(units)


@lru_cache(maxsize=1 << 14)  # list names repeat across lists, subjects across re-screenings
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
        Slot(tuple(sys.intern(a) for a in alts), r.source, r.method, r.role, _weight(r.role, alts))
        for r in raw[:MAX_SLOTS]
        for alts in (_spellings(r.alts),)
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
        slot_weights=tuple(s.weight for s in slots),
        numbers=frozenset(s.alts[0] for s in slots if s.alts[0].isdigit()),
        person=person,
        strong_mask=sum(1 << i for i, s in enumerate(slots) if s.role in DISTINCTIVE_ROLES),
    )
