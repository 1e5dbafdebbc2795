"""Trip endpoints under ``/api/v1/trips/``: drafts, the workflow, amendments, briefings, reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from waypost.policy.models import Briefing
from waypost.policy.tests.factories import LEADERS_RULE, guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips.models import Trip
from waypost.trips.tests.factories import to_city, via_vancouver

NOW = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)
START = dt.date(2026, 3, 1)
RULE = {
    **LEADERS_RULE,
    "then": {"advisory": "advised_against", "approval": ["manager"], "briefing": "high-risk"},
}


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def guidance(cast: Cast) -> None:
    publish(cast.olu.user, guidance_yaml(rules=[RULE]))
    Briefing.objects.create(
        slug="high-risk",
        issuer=cast.org,
        title={"en": "High risk", "de": "Hohes Risiko"},
        body={"en": "Take a clean laptop.", "de": "Nehmen Sie ein leeres Notebook mit."},
    )


def _create(client: Any, facts: dict[str, Any], title: str = "Mexico") -> Any:
    return client.post("/api/v1/trips/", {"title": title, "facts": facts}, content_type="application/json")


def test_a_draft_is_created_even_when_invalid_and_names_each_problem(
    cast: Cast, client: Any, guidance: None
) -> None:
    client.force_login(cast.alice.user)
    facts = via_vancouver(START)
    facts["legs"][1]["to"] = "QQQ"
    response = _create(client, facts)
    assert response.status_code == 201
    body = response.json()
    assert body["trip"]["status"] == "draft"
    assert body["trip"]["facts"]["legs"][1]["to"] == "QQQ"
    assert "legs[1].to" in body["problems"]
    assert "QQQ" in body["problems"]["legs[1].to"][0]


def test_the_whole_cycle_over_the_api(cast: Cast, client: Any, guidance: None) -> None:
    client.force_login(cast.alice.user)
    trip = _create(client, via_vancouver(START)).json()["trip"]
    assert trip["assessment"]["advisory"] == "advised_against"
    submitted = client.post(
        f"/api/v1/trips/{trip['id']}/transition/",
        {"action": "submit", "revision": trip["revision"]},
        content_type="application/json",
    ).json()
    assert submitted["status"] == "submitted"
    assert [step["role"] for step in submitted["steps"]] == ["manager"]

    client.force_login(cast.bob.user)
    queue = client.get("/api/v1/reviews/").json()
    assert [item["trip"]["id"] for item in queue] == [trip["id"]]
    decided = client.post(
        f"/api/v1/trips/{trip['id']}/transition/",
        {"action": "approve", "note": "ok", "revision": submitted["revision"]},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"

    client.force_login(cast.alice.user)
    briefings = client.get(f"/api/v1/trips/{trip['id']}/briefings/", HTTP_ACCEPT_LANGUAGE="de").json()
    assert [(b["slug"], b["language"], b["acknowledged_at"]) for b in briefings] == [
        ("high-risk", "de", None)
    ]
    acked = client.post(
        f"/api/v1/trips/{trip['id']}/briefings/{briefings[0]['id']}/acknowledge/",
        {"language": "de"},
        content_type="application/json",
    ).json()
    assert acked[0]["acknowledged_at"] is not None


def test_a_stale_decision_answers_409(cast: Cast, client: Any, guidance: None) -> None:
    client.force_login(cast.alice.user)
    trip = _create(client, via_vancouver(START)).json()["trip"]
    submitted = client.post(
        f"/api/v1/trips/{trip['id']}/transition/", {"action": "submit"}, content_type="application/json"
    ).json()
    client.force_login(cast.bob.user)
    client.post(
        f"/api/v1/trips/{trip['id']}/transition/",
        {"action": "approve", "revision": submitted["revision"]},
        content_type="application/json",
    )
    again = client.post(
        f"/api/v1/trips/{trip['id']}/transition/",
        {"action": "advise_against", "note": "no", "revision": submitted["revision"]},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "conflict"
    assert Trip.objects.get(pk=trip["id"]).status == "approved"


def test_an_amendment_shows_its_changes(cast: Cast, client: Any, guidance: None) -> None:
    client.force_login(cast.alice.user)
    trip = _create(client, to_city("SIN", "SG", "Singapore", START)).json()["trip"]
    client.post(
        f"/api/v1/trips/{trip['id']}/transition/", {"action": "submit"}, content_type="application/json"
    )
    amended = client.post(
        f"/api/v1/trips/{trip['id']}/amend/",
        {"facts": via_vancouver(START), "note": "via Vancouver"},
        content_type="application/json",
    )
    assert amended.status_code == 200
    assert (amended.json()["version"], amended.json()["stricter"], amended.json()["new_review"]) == (
        2,
        True,
        True,
    )
    version = client.get(f"/api/v1/trips/{trip['id']}/versions/2/").json()
    paths = {change["path"] for change in version["changes"]}
    assert "legs[0].to" in paths
    assert version["note"] == "via Vancouver"


def test_errors_name_the_field_in_the_users_language(cast: Cast, client: Any, guidance: None) -> None:
    client.force_login(cast.alice.user)
    facts = via_vancouver(START)
    facts["stays"][0]["to"] = "2026-02-01"
    trip = _create(client, facts).json()["trip"]
    response = client.post(
        f"/api/v1/trips/{trip['id']}/transition/",
        {"action": "submit"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == "Der Reiseverlauf weist Probleme auf."
    assert "stays[0]" in error["fields"] or "stays[0].to" in error["fields"]


def test_someone_elses_trip_is_not_found(cast: Cast, client: Any, guidance: None) -> None:
    client.force_login(cast.alice.user)
    trip = _create(client, via_vancouver(START)).json()["trip"]
    client.force_login(cast.mallory.user)
    assert client.get(f"/api/v1/trips/{trip['id']}/").status_code == 404
    assert (
        client.put(
            f"/api/v1/trips/{trip['id']}/", {"facts": {}, "title": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/trips/{trip['id']}/transition/", {"action": "cancel"}, content_type="application/json"
        ).status_code
        == 404
    )


def test_itinerary_parse_reads_text_without_saving(cast: Cast, client: Any) -> None:
    client.force_login(cast.alice.user)
    response = client.post(
        "/api/v1/trips/parse-itinerary/",
        {"text": "PEK 2026-03-01 10:00 > YVR 07:30; YVR 12:40 > MEX 20:05"},
        content_type="application/json",
    )
    assert response.status_code == 200
    legs = response.json()["legs"]
    assert [(leg["from"], leg["to"], leg["arrive"]) for leg in legs] == [
        ("PEK", "YVR", "2026-03-01T07:30"),
        ("YVR", "MEX", "2026-03-01T20:05"),
    ]
    assert not Trip.objects.exists()


def test_itinerary_parse_refuses_a_file_that_is_not_a_calendar(cast: Cast, client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.alice.user)
    upload = SimpleUploadedFile("trip.ics", b"\x89PNG not a calendar", content_type="text/calendar")
    response = client.post("/api/v1/trips/parse-itinerary/", {"file": upload})
    assert response.status_code == 200
    assert response.json()["legs"] == []
    assert response.json()["problems"]


def test_delegates_over_the_api(cast: Cast, client: Any) -> None:
    client.force_login(cast.bob.user)
    created = client.post(
        "/api/v1/delegates/",
        {"delegate_id": cast.olu.pk, "starts_on": "2026-01-12", "ends_on": "2026-01-20"},
        content_type="application/json",
    )
    assert created.status_code == 201
    bad = client.post(
        "/api/v1/delegates/",
        {"delegate_id": cast.olu.pk, "starts_on": "2026-01-20", "ends_on": "2026-01-12"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "ends_on" in bad.json()["error"]["fields"]
    client.force_login(cast.olu.user)
    assert [row["person_id"] for row in client.get("/api/v1/delegates/").json()] == [cast.bob.pk]
    assert client.delete(f"/api/v1/delegates/{created.json()['id']}/").status_code == 404
