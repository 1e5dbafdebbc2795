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
from typing import Any, NamedTuple

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


def bits(mask: int) -> list[int]:
    """Positions of the set bits of ``mask``, lowest first.

    Scans the binary text with ``str.find`` (C speed), which beats ``mask & -mask`` loops on the
    1,000-bit integers a large rule set produces, since each of those allocates a new integer.
    """
    text = bin(mask)[:1:-1]
    out = []
    find = text.find
    index = find("1")
    while index >= 0:
        out.append(index)
        index = find("1", index + 1)
    return out


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
        # graded obligations: (name, [(value, mask)] strictest first)
        self.graded: list[tuple[str, list[tuple[Any, int]]]] = []
        # union obligations: (name, [(element, mask)] in output order, mask of rules setting any)
        self.unions: list[tuple[str, list[tuple[str, int]], int]] = []
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
            if name in ("approval", *_SETS):
                if name == "approval":
                    order = [(a.value, by_value[a]) for a in Approver if a in by_value]
                else:
                    order = sorted(by_value.items())
                self.unions.append((name, order, any_mask))
            else:
                key = _strictness(name)
                self.graded.append((name, sorted(by_value.items(), key=lambda item: -key(item[0]))))

    def refs_of(self, mask: int) -> tuple[RuleRef, ...]:
        refs = self.refs
        return tuple(refs[bit] for bit in bits(mask))

    def decide(self, matched: int) -> Decision:
        """The advisory and obligation values for the rules in ``matched``, plus contributor masks.

        Only integer operations and small tuples: the rule references are resolved later, on
        demand, by :meth:`contributors`.
        """
        advisory = Advisory.NONE
        values: dict[str, ObligationValue] = {}
        masks: list[tuple[str, int]] = []
        for name, levels in self.graded:
            for value, mask in levels:
                hit = mask & matched
                if hit:
                    if name == "advisory":
                        advisory = value
                    else:
                        values[name] = _plain(name, value)
                    masks.append((name, hit))
                    break
        for name, elements, any_mask in self.unions:
            hit = any_mask & matched
            if hit:
                values[name] = tuple(element for element, mask in elements if mask & matched)
                masks.append((name, hit))
        ordered = tuple((name, values[name]) for name in OBLIGATIONS if name in values)
        return Decision(advisory, ordered, tuple(masks))

    def contributors(self, decision: Decision) -> tuple[tuple[RuleRef, ...], tuple[Obligation, ...]]:
        """Advisory rules and full obligations (with contributing rules) of a decision."""
        masks = dict(decision.masks)
        advisory_refs = self.refs_of(masks["advisory"]) if "advisory" in masks else ()
        obligations = tuple(
            Obligation(name, value, self.refs_of(masks[name])) for name, value in decision.values
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
