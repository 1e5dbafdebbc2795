"""Builders for trip tests: itineraries in the trip JSON of DESIGN.md §3, and stored trips."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waypost.people.models import Person
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip


def via_vancouver(start: dt.date = dt.date(2026, 3, 1)) -> dict[str, Any]:
    """PEK → YVR (5 h transit, Canada) → MEX (stay) → PEK: enters Canada in transit, Mexico as a stay."""
    day = start.isoformat()
    back = (start + dt.timedelta(days=5)).isoformat()
    return {
        "purpose": "conference",
        "legs": [
            {"mode": "air", "from": "PEK", "to": "YVR", "depart": f"{day}T10:00", "arrive": f"{day}T07:30"},
            {"mode": "air", "from": "YVR", "to": "MEX", "depart": f"{day}T12:40", "arrive": f"{day}T20:05"},
            {"mode": "air", "from": "MEX", "to": "PEK", "depart": f"{back}T09:00", "arrive": f"{back}T23:55"},
        ],
        "stays": [{"city": "Mexico City", "country": "MX", "from": day, "to": back}],
        "devices": [{"kind": "laptop", "owner": "organisation", "sensitive_data": False}],
    }


def to_city(iata: str, country: str, city: str, start: dt.date = dt.date(2026, 3, 1)) -> dict[str, Any]:
    """PEK → ``iata`` (stay of four days) → PEK, direct both ways."""
    day = start.isoformat()
    back = (start + dt.timedelta(days=4)).isoformat()
    return {
        "purpose": "conference",
        "legs": [
            {"mode": "air", "from": "PEK", "to": iata, "depart": f"{day}T09:00", "arrive": f"{day}T15:00"},
            {"mode": "air", "from": iata, "to": "PEK", "depart": f"{back}T10:00", "arrive": f"{back}T16:00"},
        ],
        "stays": [{"city": city, "country": country, "from": day, "to": back}],
    }


def trip_for(
    traveller: Person,
    facts: dict[str, Any],
    *,
    status: str = TripStatus.SUBMITTED,
    title: str = "",
) -> Trip:
    """A stored trip; ``depart_on``/``return_on`` are read from the legs as the trips app does."""
    legs = facts.get("legs") or []
    depart_on = dt.date.fromisoformat(legs[0]["depart"][:10]) if legs else None
    return_on = dt.date.fromisoformat(legs[-1]["arrive"][:10]) if legs else None
    return Trip.objects.create(
        traveller=traveller,
        title=title or f"{traveller.name_latin} {depart_on}",
        status=status,
        facts=facts,
        depart_on=depart_on,
        return_on=return_on,
    )
