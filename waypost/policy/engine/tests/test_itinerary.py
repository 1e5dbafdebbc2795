"""Countries entered: stays and transits, local times across zones, date line and clock changes."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.policy.engine import EntryKind, trip_facts_from_json

TRAVELLER = {"sectors": ["ai"], "role": "executive", "sensitivity": 3}


def entries(legs: list[dict[str, Any]], stays: Any = ()) -> list[tuple[str, str, str, float | None]]:
    facts = trip_facts_from_json({"traveller": TRAVELLER, "legs": legs, "stays": list(stays)})
    return [
        (e.country, e.how.value, e.where, None if e.hours is None else round(e.hours, 2))
        for e in facts.itinerary.entries
    ]


def leg(origin: str, destination: str, depart: str, arrive: str, **extra: Any) -> dict[str, Any]:
    return {"mode": "air", "from": origin, "to": destination, "depart": depart, "arrive": arrive, **extra}


def test_design_example_enters_canada_in_transit_and_mexico_as_a_stay() -> None:
    """PEK → YVR → MEX: five hours at Vancouver is a transit, Mexico City is a stay."""
    legs = [
        leg("PEK", "YVR", "2026-03-01T10:00", "2026-03-01T07:30", flight="CA991"),
        leg("YVR", "MEX", "2026-03-01T12:40", "2026-03-01T20:05"),
    ]
    stays = [{"city": "Mexico City", "country": "MX", "from": "2026-03-01", "to": "2026-03-06"}]
    assert entries(legs, stays) == [("CA", "transit", "YVR", 5.17), ("MX", "stay", "MEX", None)]


@pytest.mark.parametrize(
    ("case", "legs", "expected"),
    [
        (
            "overnight leg lands the next local day",
            [
                leg("LHR", "SIN", "2026-03-01T21:00", "2026-03-02T17:00"),
                leg("SIN", "SYD", "2026-03-02T20:00", "2026-03-03T06:00"),
            ],
            [("SG", "transit", "SIN", 3.0), ("AU", "stay", "SYD", None)],
        ),
        (
            "date line: HND → HNL lands before it departed in local time",
            [
                leg("HND", "HNL", "2026-03-01T22:00", "2026-03-01T10:00"),
                leg("HNL", "LAX", "2026-03-01T14:00", "2026-03-01T22:00"),
            ],
            [("US", "transit", "HNL", 4.0), ("US", "stay", "LAX", None)],
        ),
        (
            "spring-forward night in Europe: 24 local hours are 23 real hours, so a transit",
            [
                leg("JFK", "FRA", "2026-03-27T18:00", "2026-03-28T08:00"),
                leg("FRA", "PEK", "2026-03-29T08:00", "2026-03-30T00:30"),
            ],
            [("DE", "transit", "FRA", 23.0), ("CN", "stay", "PEK", None)],
        ),
        (
            "a 23-hour stop is a transit",
            [
                leg("PEK", "DXB", "2026-05-01T01:00", "2026-05-01T06:00"),
                leg("DXB", "CDG", "2026-05-02T05:00", "2026-05-02T10:00"),
            ],
            [("AE", "transit", "DXB", 23.0), ("FR", "stay", "CDG", None)],
        ),
        (
            "a 25-hour stop is a stay",
            [
                leg("PEK", "DXB", "2026-05-01T01:00", "2026-05-01T06:00"),
                leg("DXB", "CDG", "2026-05-02T07:00", "2026-05-02T12:00"),
            ],
            [("AE", "stay", "DXB", 25.0), ("FR", "stay", "CDG", None)],
        ),
        (
            "exactly 24 hours is not under 24 hours, so a stay",
            [
                leg("PEK", "DXB", "2026-05-01T01:00", "2026-05-01T06:00"),
                leg("DXB", "CDG", "2026-05-02T06:00", "2026-05-02T11:00"),
            ],
            [("AE", "stay", "DXB", 24.0), ("FR", "stay", "CDG", None)],
        ),
        (
            "returning home is not an entry",
            [
                leg("PEK", "ICN", "2026-05-01T08:00", "2026-05-01T11:00"),
                leg("ICN", "PEK", "2026-05-01T15:00", "2026-05-01T16:00"),
            ],
            [("KR", "transit", "ICN", 4.0)],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_entries(case: str, legs: list[dict[str, Any]], expected: Any) -> None:
    assert entries(legs) == expected, case


def test_a_declared_stay_turns_a_short_stop_into_a_stay() -> None:
    """Five hours in Dubai with a stay declared there that day is a stay, in the stay's city."""
    legs = [
        leg("PEK", "DXB", "2026-05-01T01:00", "2026-05-01T06:00"),
        leg("DXB", "CDG", "2026-05-01T11:00", "2026-05-01T16:00"),
    ]
    stays = [{"city": "Dubai", "country": "AE", "from": "2026-05-01", "to": "2026-05-01"}]
    facts = trip_facts_from_json({"traveller": TRAVELLER, "legs": legs, "stays": stays})
    first = facts.itinerary.entries[0]
    assert (first.country, first.how, first.city) == ("AE", EntryKind.STAY, "Dubai")


def test_a_stay_in_another_country_does_not_cover_a_stop() -> None:
    legs = [
        leg("PEK", "DXB", "2026-05-01T01:00", "2026-05-01T06:00"),
        leg("DXB", "CDG", "2026-05-01T11:00", "2026-05-01T16:00"),
    ]
    stays = [{"city": "Paris", "country": "FR", "from": "2026-05-01", "to": "2026-05-05"}]
    assert entries(legs, stays)[0][:2] == ("AE", "transit")


def test_stays_without_legs_are_entries_in_date_order() -> None:
    stays = [
        {"city": "Berlin", "country": "DE", "from": "2026-06-05", "to": "2026-06-07"},
        {"city": "Vienna", "country": "AT", "from": "2026-06-01", "to": "2026-06-04"},
    ]
    facts = trip_facts_from_json({"traveller": TRAVELLER, "stays": stays})
    assert [(e.country, e.how.value, e.where, e.arrive) for e in facts.itinerary.entries] == [
        ("AT", "stay", "Vienna", "2026-06-01"),
        ("DE", "stay", "Berlin", "2026-06-05"),
    ]
    assert facts.itinerary.days == 7


def test_rail_leg_between_cities_uses_the_country_time_zone() -> None:
    legs = [
        {
            "mode": "rail",
            "from": {"city": "Vienna", "country": "AT"},
            "to": {"city": "Munich", "country": "DE"},
            "depart": "2026-06-01T08:00",
            "arrive": "2026-06-01T12:00",
        },
    ]
    assert entries(legs) == [("DE", "stay", "Munich", None)]


def test_local_times_are_reported_unchanged_and_hours_are_real_hours() -> None:
    legs = [
        leg("HND", "HNL", "2026-03-01T22:00", "2026-03-01T10:00"),
        leg("HNL", "LAX", "2026-03-01T14:00", "2026-03-01T22:00"),
    ]
    facts = trip_facts_from_json({"traveller": TRAVELLER, "legs": legs})
    hnl = facts.itinerary.entries[0]
    assert (hnl.arrive, hnl.leave) == ("2026-03-01T10:00", "2026-03-01T14:00")
    assert facts.itinerary.start.isoformat() == "2026-03-01"


def test_a_city_in_china_needs_no_time_zone_china_keeps_beijing_time() -> None:
    from waypost.policy.engine.facts import country_time_zone

    assert country_time_zone("CN") == "Asia/Shanghai"
    assert country_time_zone("US") is None
