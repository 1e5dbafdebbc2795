"""Comparing two assessments: what changed, and whether it got stricter or looser.

Used for amendments (a trip changed after submission needs a new review only if its obligations got
stricter) and for simulations (what publishing a draft would change for upcoming trips).

Direction per field: a higher advisory or device policy, a longer ``declare_days_before``, more
frequent check-ins, a sooner debrief, and any added approver, briefing, form or person to notify
are stricter; the reverse is looser. An obligation appearing is stricter, disappearing looser.
A set that both gained and lost items is both stricter and looser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from waypost.policy.engine.assess import Assessment
from waypost.policy.engine.levels import Advisory, DevicePolicy
from waypost.policy.engine.obligations import OBLIGATIONS, ObligationValue

__all__ = ["AssessmentDiff", "Change", "diff"]

_LOWER_IS_STRICTER = frozenset({"check_in_every_hours", "debrief_within_days"})


@dataclass(frozen=True, slots=True)
class Change:
    """One field that differs between two assessments."""

    field: str
    before: ObligationValue | None
    after: ObligationValue | None
    stricter: bool
    looser: bool

    def to_json(self) -> dict[str, Any]:
        def plain(value: ObligationValue | None) -> Any:
            return list(value) if isinstance(value, tuple) else value

        return {
            "field": self.field,
            "before": plain(self.before),
            "after": plain(self.after),
            "stricter": self.stricter,
            "looser": self.looser,
        }


@dataclass(frozen=True, slots=True)
class AssessmentDiff:
    """All changes from ``before`` to ``after``, advisory first, then obligations in report order."""

    changes: tuple[Change, ...]

    @property
    def is_stricter(self) -> bool:
        """True if anything got stricter (a new review is due)."""
        return any(change.stricter for change in self.changes)

    @property
    def is_looser(self) -> bool:
        return any(change.looser for change in self.changes)

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "is_stricter": self.is_stricter,
            "is_looser": self.is_looser,
            "changes": [change.to_json() for change in self.changes],
        }


def _compare(name: str, before: ObligationValue | None, after: ObligationValue | None) -> Change | None:
    if before == after:
        return None
    if before is None or after is None:
        return Change(name, before, after, stricter=before is None, looser=after is None)
    if isinstance(before, tuple) and isinstance(after, tuple):
        added, removed = set(after) - set(before), set(before) - set(after)
        return Change(name, before, after, stricter=bool(added), looser=bool(removed))
    if name in ("advisory", "devices"):
        order = Advisory if name == "advisory" else DevicePolicy
        stricter = order(str(after)).rank > order(str(before)).rank
    elif isinstance(before, int) and isinstance(after, int):
        stricter = after < before if name in _LOWER_IS_STRICTER else after > before
    else:  # pragma: no cover - values of one obligation always share a type
        stricter = False
    return Change(name, before, after, stricter=stricter, looser=not stricter)


def diff(before: Assessment, after: Assessment) -> AssessmentDiff:
    """What changed in the advisory and obligations from ``before`` to ``after``."""
    changes: list[Change] = []
    advisory_change = _compare("advisory", before.advisory.value, after.advisory.value)
    if advisory_change:
        changes.append(advisory_change)
    for name in OBLIGATIONS:
        change = _compare(name, before.value(name), after.value(name))
        if change:
            changes.append(change)
    return AssessmentDiff(tuple(changes))
