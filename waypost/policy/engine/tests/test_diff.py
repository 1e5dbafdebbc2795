"""Comparing assessments: amendments and simulations need to know whether things got stricter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from waypost.policy.engine import Assessment, assess, diff
from waypost.policy.engine.tests.factories import guidance, rule, trip

ON = dt.date(2026, 2, 1)


def assessed(**then: Any) -> Assessment:
    return assess(
        trip(), [guidance([rule("r", None, **then)] if then else [rule("r", {"purposes": ["none"]})])], on=ON
    )


@pytest.mark.parametrize(
    ("case", "before", "after", "stricter", "looser"),
    [
        ("advisory raised", {"advisory": "caution"}, {"advisory": "advised_against"}, True, False),
        ("advisory lowered", {"advisory": "not_permitted"}, {"advisory": "caution"}, False, True),
        ("advisory appears", {}, {"advisory": "caution"}, True, False),
        ("declaration deadline longer", {"declare_days_before": 7}, {"declare_days_before": 14}, True, False),
        (
            "declaration deadline shorter",
            {"declare_days_before": 14},
            {"declare_days_before": 7},
            False,
            True,
        ),
        ("check-ins more often", {"check_in_every_hours": 48}, {"check_in_every_hours": 24}, True, False),
        ("debrief later", {"debrief_within_days": 7}, {"debrief_within_days": 14}, False, True),
        (
            "approver added",
            {"approval": "manager"},
            {"approval": ["manager", "security_officer"]},
            True,
            False,
        ),
        ("briefing swapped", {"briefing": "a"}, {"briefing": "b"}, True, True),
        ("device policy stricter", {"devices": "own_device_ok"}, {"devices": "no_devices"}, True, False),
        ("obligation dropped", {"notify": "officer"}, {"advisory": "none"}, False, True),
    ],
)
def test_direction_of_each_change(
    case: str, before: dict[str, Any], after: dict[str, Any], stricter: bool, looser: bool
) -> None:
    result = diff(assessed(**before), assessed(**after))
    assert (result.is_stricter, result.is_looser) == (stricter, looser), (case, result)


def test_identical_assessments_have_no_changes() -> None:
    result = diff(assessed(advisory="caution"), assessed(advisory="caution"))
    assert not result.changed
    assert result.to_json() == {"is_stricter": False, "is_looser": False, "changes": []}


def test_changes_list_advisory_first_then_obligations() -> None:
    result = diff(
        assessed(advisory="caution", notify="x"), assessed(advisory="advised_against", declare_days_before=3)
    )
    assert [change.field for change in result.changes] == ["advisory", "declare_days_before", "notify"]
    assert result.changes[0].to_json() == {
        "field": "advisory",
        "before": "caution",
        "after": "advised_against",
        "stricter": True,
        "looser": False,
    }
