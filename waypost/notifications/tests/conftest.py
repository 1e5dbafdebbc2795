"""Fixtures for the notifications tests: a pinned clock and trips with a current assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine

from waypost.people.models import Person
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip, TripAssessment
from waypost.trips.tests.factories import to_city, trip_for

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock_at() -> Iterator[Callable[[dt.datetime], Any]]:
    """``clock_at(when)`` moves the clock to ``when`` (and stays there) until the test ends."""
    travellers: list[Any] = []

    def _move(when: dt.datetime) -> Any:
        while travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(when, tick=False)
        traveller.start()
        travellers.append(traveller)
        return traveller

    _move(NOW)
    yield _move
    while travellers:
        travellers.pop().stop()


@pytest.fixture
def make_trip() -> Callable[..., Trip]:
    """A stored trip to New York departing ``depart_on`` with a current assessment of ``obligations``."""

    def _make(
        traveller: Person,
        depart_on: dt.date,
        *,
        status: str = TripStatus.DRAFT,
        title: str = "New York conference",
        **obligations: Any,
    ) -> Trip:
        trip = trip_for(traveller, to_city("JFK", "US", "New York", depart_on), status=status, title=title)
        TripAssessment.objects.create(
            trip=trip,
            trip_version=trip.version,
            on=depart_on,
            advisory="caution",
            obligations=obligations,
            is_current=True,
        )
        return trip

    return _make
