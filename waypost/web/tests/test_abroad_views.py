"""Pages of the traveller abroad: one-tap check-in from home, the incident form, the officers' banner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waypost.testing import Cast
from waypost.trips import abroad
from waypost.trips.choices import TripStatus
from waypost.trips.models import CheckIn, Incident, Trip, TripAssessment
from waypost.trips.tests.factories import trip_for, via_vancouver

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"}


@pytest.fixture(autouse=True)
def pinned_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def trip(cast: Cast) -> Trip:
    trip = trip_for(
        cast.alice, via_vancouver(dt.date(2026, 3, 1)), status=TripStatus.TRAVELLING, title="Mexico"
    )
    TripAssessment.objects.create(
        trip=trip,
        trip_version=1,
        on=dt.date(2026, 3, 1),
        advisory="caution",
        obligations={"check_in_every_hours": 24},
    )
    return trip


def _incident(cast: Cast, trip: Trip) -> Incident:
    return abroad.incident_report(
        actor=cast.alice.user,
        trip=trip,
        kind="device_inspected",
        occurred_at=NOW - dt.timedelta(hours=3),
        country="MX",
        city="Mexico City",
        description="Laptop taken away for 40 minutes at customs.",
        safe_now="unsure",
    )


def test_home_shows_the_travelling_card_and_one_tap_checks_in(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    home = client.get(reverse("web:home"), **PHONE)
    assert home.status_code == 200
    html = home.content.decode()
    assert 'id="travelling-now"' in html
    assert 'id="check-in-button"' in html
    assert reverse("web:incident-new", args=[trip.pk]) in html
    # when: one tap
    response = client.post(
        reverse("web:trip-checkin", args=[trip.pk]), {"next": "home"}, follow=True, **PHONE
    )
    # then
    assert response.redirect_chain == [(reverse("web:home"), 302)]
    assert "Checked in at 12:00" in response.content.decode()
    assert CheckIn.objects.filter(trip=trip, source="web").count() == 1
    # a double tap records nothing more
    client.post(reverse("web:trip-checkin", args=[trip.pk]), {"next": "home"})
    assert CheckIn.objects.filter(trip=trip).count() == 1


def test_no_travelling_card_for_others(cast: Cast, trip: Trip, login: Any) -> None:
    assert 'id="travelling-now"' not in login(cast.bob).get(reverse("web:home")).content.decode()


def test_check_in_with_a_place_on_the_check_ins_page(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    page = client.get(reverse("web:trip-checkins", args=[trip.pk]))
    assert 'id="checkin-form"' in page.content.decode()
    response = client.post(
        reverse("web:trip-checkin", args=[trip.pk]), {"country": "MX", "city": "Puebla"}, follow=True
    )
    assert response.redirect_chain == [(reverse("web:trip-checkins", args=[trip.pk]), 302)]
    assert "Puebla" in response.content.decode()
    assert 'id="checkin-schedule"' in response.content.decode()


def test_a_bad_check_in_keeps_what_was_typed(cast: Cast, trip: Trip, login: Any) -> None:
    response = login(cast.alice).post(
        reverse("web:trip-checkin", args=[trip.pk]), {"country": "ZZ", "city": "Somewhere"}
    )
    assert response.status_code == 400
    assert 'value="Somewhere"' in response.content.decode()
    assert not CheckIn.objects.exists()


def test_the_incident_form_keeps_every_value_on_error(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    assert client.get(reverse("web:incident-new", args=[trip.pk])).status_code == 200
    typed = {
        "kind": "recruitment",
        "occurred_at": "2026-02-20T10:30",
        "country": "MX",
        "city": "Guadalajara",
        "description": "",
        "safe_now": "no",
    }
    # when
    response = client.post(reverse("web:incident-new", args=[trip.pk]), typed)
    # then
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_description_error"' in html
    assert 'value="2026-02-20T10:30"' in html
    assert 'value="Guadalajara"' in html
    assert '<option value="recruitment" selected>' in html
    assert '<option value="no" selected>' in html
    # and the date outside the trip is named once the description is given
    response = client.post(
        reverse("web:incident-new", args=[trip.pk]), {**typed, "description": "Offer of a job."}
    )
    assert response.status_code == 400
    assert 'id="id_occurred_at_error"' in response.content.decode()
    assert "outside the trip" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_report_reaches_the_officers_banner(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    response = client.post(
        reverse("web:incident-new", args=[trip.pk]),
        {
            "kind": "device_lost",
            "occurred_at": "2026-03-02T09:15",
            "country": "MX",
            "city": "Mexico City",
            "description": "Phone stolen on the metro.",
            "safe_now": "yes",
        },
    )
    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:incident-detail", args=[incident.pk])
    assert 'id="incident-banner"' not in client.get(reverse("web:home")).content.decode()
    # the officer sees the banner on every page
    officer = login(cast.olu)
    for url in (reverse("web:home"), reverse("web:trip-list")):
        html = officer.get(url).content.decode()
        assert 'id="incident-banner"' in html
        assert reverse("web:incident-detail", args=[incident.pk]) in html
    listing = officer.get(reverse("web:incident-list")).content.decode()
    assert "list-group-item-danger" in listing
    # and acknowledges it: the banner goes
    done = officer.post(
        reverse("web:incident-detail", args=[incident.pk]), {"action": "acknowledge", "text": "Called."}
    )
    assert done.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "acknowledged"
    assert 'id="incident-banner"' not in officer.get(reverse("web:home")).content.decode()


def test_the_banner_costs_one_query_for_an_officer(
    cast: Cast, trip: Trip, login: Any, django_assert_max_num_queries: Any
) -> None:
    _incident(cast, trip)
    client = login(cast.bob)
    client.get(reverse("web:incident-list"))  # warm up

    officer = login(cast.olu)
    with CaptureQueriesContext(connection) as queries:
        officer.get(reverse("web:incident-list"))
    assert sum("trips_incident" in q["sql"] and "LIMIT 6" in q["sql"] for q in queries.captured_queries) == 1


def test_missing_and_forbidden_look_the_same(cast: Cast, trip: Trip, login: Any) -> None:
    incident = _incident(cast, trip)
    bob = login(cast.bob)
    assert bob.post(reverse("web:trip-checkin", args=[trip.pk])).status_code == 404
    assert bob.get(reverse("web:incident-new", args=[trip.pk])).status_code == 404
    assert bob.get(reverse("web:incident-detail", args=[incident.pk])).status_code == 200
    assert (
        bob.post(reverse("web:incident-detail", args=[incident.pk]), {"action": "close"}).status_code == 404
    )
    mallory = login(cast.mallory)
    assert mallory.get(reverse("web:incident-detail", args=[incident.pk])).status_code == 404
    assert mallory.get(reverse("web:incident-detail", args=[incident.pk + 99])).status_code == 404
    assert mallory.get(reverse("web:trip-checkins", args=[trip.pk])).status_code == 404
