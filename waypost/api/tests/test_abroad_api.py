"""The traveller abroad over the API: check in, report, and the officers' handling of an incident."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from waypost.testing import Cast
from waypost.trips.choices import TripStatus
from waypost.trips.models import CheckIn, Incident, Trip, TripAssessment
from waypost.trips.tests.factories import trip_for, via_vancouver

NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


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
        obligations={"check_in_every_hours": 48},
    )
    return trip


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


REPORT = {
    "kind": "information_request",
    "occurred_at": "2026-03-02T08:30:00Z",
    "country": "MX",
    "city": "Mexico City",
    "description": "Asked for our unpublished benchmark results.",
    "safe_now": "yes",
}


def test_check_in_and_list(cast: Cast, trip: Trip) -> None:
    client = api(cast.alice)
    created = client.post(
        f"/api/v1/trips/{trip.pk}/check-in/", {"country": "MX", "city": "Puebla"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["source"] == "api"
    again = client.post(f"/api/v1/trips/{trip.pk}/check-in/", {}, format="json")
    assert again.json()["id"] == created.json()["id"]  # a double tap
    listed = api(cast.bob).get(f"/api/v1/trips/{trip.pk}/check-ins/").json()
    assert listed["every_hours"] == 48
    assert [row["city"] for row in listed["checkins"]] == ["Puebla"]
    assert listed["schedule"][0]["due_at"].startswith("2026-03-04T12:00")


def test_check_in_refusals(cast: Cast, trip: Trip) -> None:
    assert api(cast.olu).post(f"/api/v1/trips/{trip.pk}/check-in/", {}, format="json").status_code == 403
    assert api(cast.mallory).post(f"/api/v1/trips/{trip.pk}/check-in/", {}, format="json").status_code == 404
    bad = api(cast.alice).post(f"/api/v1/trips/{trip.pk}/check-in/", {"country": "XX"}, format="json")
    assert bad.status_code == 400
    assert list(bad.json()["error"]["fields"]) == ["country"]
    Trip.objects.filter(pk=trip.pk).update(status=TripStatus.RETURNED)
    late = api(cast.alice).post(f"/api/v1/trips/{trip.pk}/check-in/", {}, format="json")
    assert late.status_code == 400
    assert late.json()["error"]["code"] == "not_travelling"
    assert not CheckIn.objects.exists()


def test_report_names_each_field_at_fault(cast: Cast, trip: Trip) -> None:
    response = api(cast.alice).post(
        f"/api/v1/trips/{trip.pk}/incidents/",
        {**REPORT, "occurred_at": "2026-03-20T08:00:00Z", "description": ""},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"occurred_at", "description"}
    assert not Incident.objects.exists()


def test_an_incident_from_report_to_close(cast: Cast, trip: Trip) -> None:
    created = api(cast.alice).post(f"/api/v1/trips/{trip.pk}/incidents/", REPORT, format="json")
    assert created.status_code == 201
    incident_id = created.json()["id"]
    assert created.json()["status"] == "open"
    officer = api(cast.olu)
    assert [row["id"] for row in officer.get("/api/v1/incidents/?status=open").json()["results"]] == [
        incident_id
    ]
    assert api(cast.mallory).get(f"/api/v1/incidents/{incident_id}/").status_code == 404
    assert api(cast.alice).post(f"/api/v1/incidents/{incident_id}/acknowledge/", {}).status_code == 403
    # when
    acknowledged = officer.post(
        f"/api/v1/incidents/{incident_id}/acknowledge/", {"note": "On it."}, format="json"
    )
    twice = officer.post(f"/api/v1/incidents/{incident_id}/acknowledge/", {}, format="json")
    action = officer.post(
        f"/api/v1/incidents/{incident_id}/actions/", {"text": "Briefed the traveller."}, format="json"
    )
    empty = officer.post(f"/api/v1/incidents/{incident_id}/actions/", {"text": ""}, format="json")
    closed = officer.post(f"/api/v1/incidents/{incident_id}/close/", {}, format="json")
    # then
    assert (acknowledged.status_code, acknowledged.json()["status"]) == (200, "acknowledged")
    assert twice.status_code == 409
    assert action.status_code == 201
    assert empty.status_code == 400
    assert list(empty.json()["error"]["fields"]) == ["text"]
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    detail = api(cast.alice).get(f"/api/v1/incidents/{incident_id}/").json()
    assert [row["text"] for row in detail["actions"]] == ["On it.", "Briefed the traveller."]


def test_the_schema_documents_the_routes(cast: Cast) -> None:
    schema = api(cast.alice).get("/api/v1/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for route in ("/api/v1/trips/{trip_id}/check-in/", "/api/v1/incidents/{incident_id}/acknowledge/"):
        assert route in text
