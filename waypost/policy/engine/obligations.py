"""Combining the ``then`` of matched rules: the strictest value of each obligation wins.

======================== =========================== ==================================================
obligation               combined as                 contributors
======================== =========================== ==================================================
``advisory``             highest level               rules setting the winning level
``declare_days_before``  maximum                     rules setting the maximum
``approval``             union, ordered manager →    rules naming any approver
                         security_officer
``briefing``             union                       rules naming any briefing
``devices``              highest device policy       rules setting the winning policy
``check_in_every_hours`` minimum (more often)        rules setting the minimum
``debrief_within_days``  minimum (sooner)            rules setting the minimum
``debrief_form``         union                       rules naming any form
``notify``               union                       rules naming anyone
======================== =========================== ==================================================

Two implementations of the same table: :func:`combine` walks matched rules one by one and is the
readable reference; :class:`MaskCombiner` precomputes, per obligation and value, the bitmask of
rules setting it, so combining costs a few integer operations however many rules matched. Tests
check that both agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add
from typing import Any, NamedTuple

from waypost.policy.engine._frozen import builder
from waypost.policy.engine.guidance import RuleRef, Then
from waypost.policy.engine.levels import Advisory, Approver, DevicePolicy

__all__ = ["OBLIGATIONS", "Decision", "MaskCombiner", "Obligation", "ObligationValue", "bits", "combine"]

ObligationValue = int | str | tuple[str, ...]

#: Obligation names in the order they are reported.
OBLIGATIONS = (
    "declare_days_before",
    "approval",
    "briefing",
    "devices",
    "check_in_every_hours",
    "debrief_within_days",
    "debrief_form",
    "notify",
)
_HIGHER_IS_STRICTER = {
    "declare_days_before": True,
    "check_in_every_hours": False,
    "debrief_within_days": False,
}
_SETS = ("briefing", "debrief_form", "notify")


@dataclass(frozen=True, slots=True)
class Obligation:
    """The combined value of one obligation and the rules that contributed it."""

    name: str
    value: ObligationValue
    rules: tuple[RuleRef, ...]

    def to_json(self) -> dict[str, Any]:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {"value": value, "rules": [ref.to_json() for ref in self.rules]}


_build_obligation = builder(Obligation)


def bits(mask: int) -> list[int]:
    """Positions of the set bits of ``mask``, lowest first.

    A few set bits (the rules behind one obligation, the rules one fact satisfies) are peeled off
    with ``mask & -mask``. Many are read from the binary text: ``split("1")`` and ``accumulate``
    run in C, where a ``mask & -mask`` loop would allocate a new 1,000-bit integer per bit.
    """
    if mask.bit_count() <= 6:
        out = []
        while mask:
            low = mask & -mask
            out.append(low.bit_length() - 1)
            mask ^= low
        return out
    gaps = bin(mask)[:1:-1].split("1")
    return list(accumulate(map(add, map(len, gaps), repeat(1, len(gaps) - 1)), initial=-1))[1:]


Combined = tuple[Advisory, tuple[RuleRef, ...], tuple[Obligation, ...]]


def _strictness(name: str) -> Callable[[Any], int]:
    """A key where a larger number is stricter."""
    if name == "advisory":
        return lambda value: int(value.rank)
    if name == "devices":
        return lambda value: int(value.rank)
    if _HIGHER_IS_STRICTER[name]:
        return int
    return lambda value: -int(value)


def _plain(name: str, value: Any) -> ObligationValue:
    if isinstance(value, DevicePolicy):
        return value.value
    if name == "approval":
        return tuple(a.value for a in Approver if a in value)
    if isinstance(value, frozenset):
        return tuple(sorted(value))
    return int(value)


def combine(matched: Sequence[tuple[RuleRef, Then]]) -> Combined:
    """Combine matched rules' ``then`` (reference implementation, in rule order)."""
    advisory: Advisory = Advisory.NONE
    advisory_refs: tuple[RuleRef, ...] = ()
    obligations: list[Obligation] = []
    for name in ("advisory", *OBLIGATIONS):
        if name in ("approval", *_SETS):
            values: set[Any] = set()
            refs: list[RuleRef] = []
            for ref, then in matched:
                if getattr(then, name):
                    values.update(getattr(then, name))
                    refs.append(ref)
            if values:
                obligations.append(Obligation(name, _plain(name, frozenset(values)), tuple(refs)))
            continue
        key = _strictness(name)
        best: Any = None
        refs = []
        for ref, then in matched:
            value = getattr(then, name)
            if value is None:
                continue
            if best is None or key(value) > key(best):
                best, refs = value, [ref]
            elif key(value) == key(best):
                refs.append(ref)
        if best is None:
            continue
        if name == "advisory":
            advisory, advisory_refs = best, tuple(refs)
        else:
            obligations.append(Obligation(name, _plain(name, best), tuple(refs)))
    return advisory, tuple(advisory_refs), tuple(obligations)


class MaskCombiner:
    """:func:`combine` over bitmasks: bit *i* stands for rule *i* of a compiled rule set."""

    def __init__(self, rules: Sequence[tuple[RuleRef, Then]]) -> None:
        self.refs = [ref for ref, _ in rules]
        #: Advisory levels set by any rule, strictest first, each with the mask of rules setting it.
        self.advisory_levels: list[tuple[Advisory, int]] = []
        #: Per obligation, in report order: (name, graded, [(plain value, mask)] strictest first for
        #: graded ones or [(element, mask)] in output order for unions, mask of rules setting any).
        self.fields: list[tuple[str, bool, list[tuple[Any, int]], int]] = []
        for name in ("advisory", *OBLIGATIONS):
            by_value: dict[Any, int] = {}
            any_mask = 0
            for bit, (_, then) in enumerate(rules):
                value = getattr(then, name)
                if name in ("approval", *_SETS):
                    for element in value:
                        by_value[element] = by_value.get(element, 0) | 1 << bit
                    if value:
                        any_mask |= 1 << bit
                elif value is not None:
                    by_value[value] = by_value.get(value, 0) | 1 << bit
                    any_mask |= 1 << bit
            if name in ("approval", *_SETS):
                if name == "approval":
                    order = [(a.value, by_value[a]) for a in Approver if a in by_value]
                else:
                    order = sorted(by_value.items())
                self.fields.append((name, False, order, any_mask))
                continue
            key = _strictness(name)
            levels = sorted(by_value.items(), key=lambda item: -key(item[0]))
            if name == "advisory":
                self.advisory_levels = levels
            else:
                self.fields.append((name, True, [(_plain(name, v), mask) for v, mask in levels], any_mask))

    def refs_of(self, mask: int) -> tuple[RuleRef, ...]:
        return tuple(map(self.refs.__getitem__, bits(mask)))

    def decide(self, matched: int) -> Decision:
        """The advisory and obligation values for the rules in ``matched``, plus contributor masks.

        Only integer operations and small tuples, with values converted when compiling: the rule
        references are resolved later, on demand, by :meth:`contributors`.
        """
        advisory = Advisory.NONE
        if not matched:
            return Decision(advisory, (), ())
        values: list[tuple[str, ObligationValue]] = []
        masks: list[tuple[str, int]] = []
        for level, mask in self.advisory_levels:
            hit = mask & matched
            if hit:
                advisory = level
                masks.append(("advisory", hit))
                break
        for name, graded, entries, any_mask in self.fields:
            if not any_mask & matched:
                continue
            if graded:
                for value, mask in entries:
                    hit = mask & matched
                    if hit:
                        values.append((name, value))
                        masks.append((name, hit))
                        break
            else:
                values.append((name, tuple([element for element, mask in entries if mask & matched])))
                masks.append((name, any_mask & matched))
        return Decision(advisory, tuple(values), tuple(masks))

    def contributors(self, decision: Decision) -> tuple[tuple[RuleRef, ...], tuple[Obligation, ...]]:
        """Advisory rules and full obligations (with contributing rules) of a decision."""
        masks = dict(decision.masks)
        advisory_refs = self.refs_of(masks["advisory"]) if "advisory" in masks else ()
        obligations = tuple(
            _build_obligation(name, value, self.refs_of(masks[name])) for name, value in decision.values
        )
        return advisory_refs, obligations

    def combine(self, matched: int) -> Combined:
        """Same result as :func:`combine` for the rules in ``matched``."""
        decision = self.decide(matched)
        advisory_refs, obligations = self.contributors(decision)
        return decision.advisory, advisory_refs, obligations


class Decision(NamedTuple):
    """Advisory and obligation values, with the bitmask of contributing rules per field."""

    advisory: Advisory
    values: tuple[tuple[str, ObligationValue], ...]
    masks: tuple[tuple[str, int], ...]
