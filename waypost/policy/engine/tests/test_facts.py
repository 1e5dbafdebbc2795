"""Trip JSON parsing: every problem is reported with its field path."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.policy.engine import TripFactsError, trip_facts_from_json
from waypost.policy.engine.tests.factories import trip_json


def issues_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(TripFactsError) as caught:
        trip_facts_from_json(data)
    return [(issue.path, issue.message) for issue in caught.value.issues]


def with_leg(index: int, **changes: Any) -> dict[str, Any]:
    data = trip_json()
    data["legs"][index].update(changes)
    return data


@pytest.mark.parametrize(
    ("case", "data", "path", "fragment"),
    [
        ("unknown airport", with_leg(0, to="XQZ"), "legs[0].to", "unknown airport code 'XQZ'"),
        (
            "bad datetime",
            with_leg(1, depart="2026-03-01 at noon"),
            "legs[1].depart",
            "expected a local date and time",
        ),
        (
            "bad mode",
            with_leg(0, mode="rocket"),
            "legs[0].mode",
            "'rocket' is not one of air, rail, road, sea",
        ),
        (
            "arrival before departure once zones apply",
            with_leg(0, arrive="2026-03-01T08:30"),
            "legs[0].arrive",
            "before it departs",
        ),
        (
            "next leg departs before the previous one arrives",
            with_leg(1, depart="2026-03-01T11:00"),
            "legs[1].depart",
            "departs before legs[0] arrives",
        ),
        (
            "legs that do not connect",
            with_leg(1, **{"from": "ICN"}),
            "legs[1].from",
            "starts in KR but legs[0] ends in JP",
        ),
        (
            "local time skipped by the clocks going forward",
            {
                **trip_json(),
                "legs": [
                    {"from": "FRA", "to": "LHR", "depart": "2026-03-29T02:30", "arrive": "2026-03-29T04:00"}
                ],
                "stays": [],
            },
            "legs[0].depart",
            "does not exist in Europe/Berlin",
        ),
        (
            "bad country in stay",
            trip_json(stays=[{"city": "X", "country": "ZZ", "from": "2026-03-01", "to": "2026-03-02"}]),
            "stays[0].country",
            "'ZZ' is not an ISO 3166-1 alpha-2 country code",
        ),
        (
            "bad stay date",
            trip_json(stays=[{"city": "X", "country": "US", "from": "2026-02-30", "to": "2026-03-02"}]),
            "stays[0].from",
            "expected a date YYYY-MM-DD",
        ),
        (
            "stay ends before it starts",
            trip_json(stays=[{"city": "X", "country": "US", "from": "2026-03-05", "to": "2026-03-02"}]),
            "stays[0].to",
            "before it starts",
        ),
        ("sensitivity out of range", trip_json(sensitivity=7), "traveller.sensitivity", "expected 1, 2 or 3"),
        ("sectors not a list", trip_json(sectors="ai"), "traveller.sectors", "expected a list"),
        (
            "device flag not boolean",
            trip_json(devices=[{"kind": "phone", "sensitive_data": "yes"}]),
            "devices[0].sensitive_data",
            "expected true or false",
        ),
        (
            "city in a country with several clocks",
            trip_json(
                legs=[
                    {
                        "mode": "road",
                        "from": {"city": "Toronto", "country": "CA"},
                        "to": {"city": "Buffalo", "country": "US", "tz": "America/New_York"},
                        "depart": "2026-03-01T08:00",
                        "arrive": "2026-03-01T10:00",
                    }
                ]
            ),
            "legs[0].from.tz",
            "required: CA has several time zones",
        ),
        (
            "time zone that is not text",
            with_leg(0, **{"from": {"city": "Berlin", "country": "DE", "tz": 5}}),
            "legs[0].from.tz",
            "unknown time zone 5",
        ),
        (
            "time out of the calendar's range once converted",
            with_leg(0, depart="0001-01-01T00:00"),
            "legs[0].depart",
            "'0001-01-01T00:00' is out of range",
        ),
        ("nothing to assess", {"traveller": {}}, "legs", "at least one leg or stay"),
        ("declared_on not a date", trip_json(declared_on="yesterday"), "declared_on", "expected a date"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else "",
)
def test_bad_trip_json_names_the_field(case: str, data: dict[str, Any], path: Any, fragment: str) -> None:
    found = issues_of(data)
    assert any(p == path and fragment in m for p, m in found), (case, found)


def test_all_problems_are_reported_together() -> None:
    data = with_leg(0, to="XQZ", depart="soon")
    assert {path for path, _ in issues_of(data)} >= {"legs[0].to", "legs[0].depart"}


def test_the_error_message_lists_paths() -> None:
    with pytest.raises(TripFactsError, match=r"legs\[0\]\.to: unknown airport code 'XQZ'"):
        trip_facts_from_json(with_leg(0, to="XQZ"))


def test_a_valid_trip_parses_traveller_and_lead_days() -> None:
    facts = trip_facts_from_json(trip_json())
    assert facts.traveller.org_path == ("national-authority", "acme", "acme-lab")
    assert facts.traveller.sectors == frozenset({"ai"})
    assert facts.lead_days == 28
    assert facts.itinerary.days == 9
