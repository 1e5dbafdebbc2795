"""Trips ready for a debrief, and complete answers, for the debrief tests (and the demo's tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waypost.people.models import Person
from waypost.trips.models import Trip
from waypost.trips.tests.factories import trip_for, via_vancouver

START = dt.date(2026, 3, 1)  # via_vancouver: 1–6 March 2026


def returned_trip(traveller: Person, *, due: dt.date | None = dt.date(2026, 3, 13), **facts: Any) -> Trip:
    """A trip back from Mexico (1–6 March 2026) with a debrief due; ``facts`` adds to the itinerary."""
    trip = trip_for(traveller, {**via_vancouver(START), **facts}, status="debrief_due", title="Mexico")
    trip.debrief_due_on = due
    trip.save(update_fields=["debrief_due_on"])
    return trip


def contact(name: str, **fields: Any) -> dict[str, Any]:
    return {"name": name, "how": "event", "country": "CN", "met_on": "2026-03-02", **fields}


def complete_answers(*contacts: dict[str, Any]) -> dict[str, Any]:
    return {
        "places": [{"city": "Mexico City", "country": "MX", "from": "2026-03-01", "to": "2026-03-06"}],
        "changes": "",
        "activities": "Gave a talk at the conference.",
        "no_contacts": not contacts,
        "contacts": list(contacts),
        "information_shared": "Only the published slides.",
        "gifts": "",
        "devices_out_of_control": "no",
        "devices_detail": "",
        "suspicious": "no",
        "suspicious_detail": "",
    }
