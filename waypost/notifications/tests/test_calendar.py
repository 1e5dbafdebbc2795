"""The calendar feed: its events, its secret address, and resetting that address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from icalendar import Calendar

from waypost.audit.models import AuditEvent
from waypost.notifications.models import CalendarFeed
from waypost.notifications.services import calendar_feed_reset
from waypost.policy.models import Briefing
from waypost.testing import Cast
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip

MakeTrip = Callable[..., Trip]


def events(content: bytes) -> dict[str, tuple[dt.date, dt.date]]:
    calendar = Calendar.from_ical(content)
    return {
        str(event["summary"]): (event.decoded("dtstart"), event.decoded("dtend"))
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def alices_trips(cast: Cast, clock_at: Any, make_trip: MakeTrip) -> None:
    """Clock at 1 March 2026; a draft, an approved trip with an unread briefing, a returned trip
    owing a debrief, a cancelled trip, and a trip of bob's."""
    Briefing.objects.create(slug="high-risk", issuer=cast.org, title={"en": "High risk"}, body={"en": "…"})
    make_trip(cast.alice, dt.date(2026, 3, 20), title="Toronto summit", declare_days_before=14)
    make_trip(
        cast.alice,
        dt.date(2026, 3, 10),
        status=TripStatus.APPROVED,
        title="Boston fair",
        briefing=["high-risk"],
    )
    make_trip(
        cast.alice,
        dt.date(2026, 2, 20),
        status=TripStatus.RETURNED,
        title="Austin visit",
        debrief_within_days=7,
    )
    make_trip(cast.alice, dt.date(2026, 4, 2), status=TripStatus.CANCELLED, title="Cancelled trip")
    make_trip(cast.bob, dt.date(2026, 3, 12), status=TripStatus.APPROVED, title="Bob's trip")


@pytest.fixture
def feed(cast: Cast) -> CalendarFeed:
    return calendar_feed_reset(actor=cast.alice.user)


def test_the_feed_lists_own_trips_and_deadlines(alices_trips: None, feed: CalendarFeed, client: Any) -> None:
    # when
    response = client.get(f"/calendar/{feed.token}.ics")
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    day = dt.date
    assert events(response.content) == {
        "Toronto summit (Draft)": (day(2026, 3, 20), day(2026, 3, 25)),
        "Declare the trip “Toronto summit”": (day(2026, 3, 6), day(2026, 3, 7)),
        "Boston fair (Approved)": (day(2026, 3, 10), day(2026, 3, 15)),
        "Acknowledge the briefing before departure: “Boston fair”": (day(2026, 3, 9), day(2026, 3, 10)),
        "Austin visit (Returned)": (day(2026, 2, 20), day(2026, 2, 25)),
        "Debrief due: “Austin visit”": (day(2026, 3, 3), day(2026, 3, 4)),
    }


def test_the_feed_is_in_the_persons_language(
    cast: Cast, alices_trips: None, feed: CalendarFeed, client: Any
) -> None:
    # given
    cast.alice.preferred_language = "de"
    cast.alice.save()
    # when
    summaries = events(client.get(f"/calendar/{feed.token}.ics").content)
    # then: status labels from the German catalogue
    assert "Boston fair (Genehmigt)" in summaries
    assert "Toronto summit (Entwurf)" in summaries


def test_an_unknown_token_is_not_found(feed: CalendarFeed, client: Any) -> None:
    # when / then
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get(f"/calendar/{feed.token[:-1]}.ics").status_code == 404


def test_the_feed_of_someone_who_left_is_not_found(cast: Cast, feed: CalendarFeed, client: Any) -> None:
    # given
    cast.alice.is_active = False
    cast.alice.save()
    # when / then
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 404


def test_resetting_replaces_the_address_and_is_audited(cast: Cast, login: Any) -> None:
    # given
    client = login(cast.alice)
    client.post("/account/calendar/reset/")
    first = CalendarFeed.objects.get(person=cast.alice).token
    # when
    response = client.post("/account/calendar/reset/")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    second = CalendarFeed.objects.get(person=cast.alice).token
    assert first != second
    assert len(second) >= 40
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    assert client.get(f"/calendar/{second}.ics").status_code == 200
    audit = list(AuditEvent.objects.filter(action="calendar_feed.reset").order_by("seq"))
    assert [event.extra for event in audit] == [{"created": True}, {"created": False}]
    assert {event.actor_id for event in audit} == {cast.alice.user.pk}
    assert all(first not in str(event.extra) + event.target_label for event in audit)


def test_a_reset_needs_a_signed_in_post(cast: Cast, login: Any, client: Any) -> None:
    # when / then
    assert client.post("/account/calendar/reset/").status_code == 302  # to sign in
    assert CalendarFeed.objects.count() == 0
    assert login(cast.alice).get("/account/calendar/reset/").status_code == 405
