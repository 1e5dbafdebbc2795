"""Query counts of the trip list page (``/trips/``): pinned, and the same for 3 trips as for 30.

Olu (security officer over Lumen) and Bob (manager) see the trips of 30 different travellers;
Alice (traveller) sees her own. Each trip has a current assessment, as the list shows its advisory.
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

#: Session, user, the actor's scope (person, grants, own path), own trips and others' trips (each
#: with one more query for the current assessments when there are rows), and the page chrome
#: (unread notifications, open incidents for overseers, delegations for managers).
EXPECTED = {"olu": 10, "bob": 9, "alice": 10}
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


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/trips/")
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("persona", ["olu", "bob", "alice"])
def test_trip_list_queries_do_not_grow_with_the_trips(
    cast: Cast, client: Any, persona: str, django_assert_num_queries: Any
) -> None:
    """The trip list costs the same number of queries for 3 trips as for 30 (no N+1)."""
    # given
    client.force_login(cast.persona(persona).user)
    _trips(cast, persona, 3)
    few = _queries(client)
    _trips(cast, persona, 27)
    # when / then
    with django_assert_num_queries(EXPECTED[persona]):
        response = client.get("/trips/")
    assert response.status_code == 200
    assert few == EXPECTED[persona]
    content = response.content.decode()
    assert all(f'href="/trips/{pk}/"' in content for pk in Trip.objects.values_list("pk", flat=True))


def test_the_trip_list_pages_through_the_trips_of_others(cast: Cast, client: Any) -> None:
    """An officer sees 50 trips a page, newest first, with links to older and newer pages."""
    # given: 55 trips of others
    _trips(cast, "olu", 55)
    client.force_login(cast.olu.user)

    # when
    first = client.get("/trips/")
    second = client.get("/trips/", {"page": "2"})
    nonsense = client.get("/trips/", {"page": "many"})

    # then
    assert len(first.context["others"]) == 50
    assert (first.context["previous_page"], first.context["next_page"]) == (None, 2)
    assert 'rel="next"' in first.content.decode()
    assert len(second.context["others"]) == 5
    assert (second.context["previous_page"], second.context["next_page"]) == (1, None)
    newest_first = [row["trip"].depart_on for row in first.context["others"] + second.context["others"]]
    assert newest_first == sorted(newest_first, reverse=True)
    assert len({row["trip"].pk for row in first.context["others"] + second.context["others"]}) == 55
    assert nonsense.status_code == 200
    assert nonsense.context["page"] == 1
