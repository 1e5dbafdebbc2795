"""Query counts of ``/api/v1/trips/``: pinned, and the same for 3 trips as for 30.

Olu (security officer over Lumen) and Bob (manager) see the trips of 30 different travellers;
Alice (traveller) sees her own. Each trip has a current assessment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypost.people.models import Person
from waypost.people.tests.factories import PersonFactory
from waypost.testing import Cast
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip, TripAssessment
from waypost.trips.tests.factories import to_city, trip_for

#: Session, user, the actor's scope (person, grants, own path), the page's count, the page's trips
#: (with their travellers) and their current assessments.
EXPECTED = 8
STATUSES = [TripStatus.SUBMITTED, TripStatus.APPROVED, TripStatus.TRAVELLING, TripStatus.CLOSED]


def _trips(cast: Cast, persona: str, count: int) -> None:
    """``count`` trips: Alice's own, or those of ``count`` travellers Bob manages in Lumen."""
    for index in range(count):
        traveller: Person = cast.alice
        if persona != "alice":
            traveller = PersonFactory.create(
                unit=cast.unit, manager=cast.bob, name_latin=f"Traveller {index}"
            )
        start = dt.date(2026, 3, 1) + dt.timedelta(days=7 * index)
        trip: Trip = trip_for(
            traveller, to_city("SIN", "SG", "Singapore", start), status=STATUSES[index % len(STATUSES)]
        )
        TripAssessment.objects.create(trip=trip, trip_version=1, on=start, advisory="caution")


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


CASES = [
    ("olu", "/api/v1/trips/"),
    ("olu", "/api/v1/trips/?status=approved"),
    ("bob", "/api/v1/trips/"),
    ("alice", "/api/v1/trips/"),
    ("alice", "/api/v1/trips/?mine=true"),
]


@pytest.mark.parametrize(("persona", "url"), CASES)
def test_trip_list_queries_do_not_grow_with_the_trips(
    cast: Cast, client: Any, persona: str, url: str, django_assert_num_queries: Any
) -> None:
    """The trip list API costs the same number of queries for 3 trips as for 30 (no N+1)."""
    # given
    client.force_login(cast.persona(persona).user)
    _trips(cast, persona, 3)
    few = _queries(client, url)
    _trips(cast, persona, 27)
    # when / then
    with django_assert_num_queries(EXPECTED):
        response = client.get(url)
    assert response.status_code == 200
    assert few == EXPECTED
    body = response.json()
    if "status" in url:
        assert body["count"] == len([row for row in body["results"] if row["status"] == "approved"]) > 0
    else:
        assert body["count"] == 30
        assert {row["id"] for row in body["results"]} == set(Trip.objects.values_list("pk", flat=True))
