"""Screening in the app: a submitted trip's planned meetings are screened, officers work the hits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from waypost.audit.models import AuditEvent
from waypost.notifications.models import Notification
from waypost.policy.tests.factories import guidance_yaml, publish
from waypost.screening.importing import list_import
from waypost.screening.models import Hit, ScreeningSubject
from waypost.testing import Cast
from waypost.trips import services
from waypost.trips.tests.factories import to_city

OWN_LIST = """id,name,kind,aliases,countries,birth_date,notes
X-1,Wang Xiaoming,person,王小明,CN,1970,Procurement agent
X-2,Northern Star Trading Co. Ltd.,organisation,,CN,,Front company
"""


@pytest.fixture
def own_list(cast: Cast, tmp_path: Path) -> Any:
    path = tmp_path / "own.csv"
    path.write_text(OWN_LIST, encoding="utf-8")
    return list_import(
        actor=None, format_name="custom-csv", paths=[path], list_id="lumen-own", owner=cast.org
    )


@pytest.fixture
def submitted(cast: Cast, own_list: Any, django_capture_on_commit_callbacks: Any) -> Any:
    publish(cast.olu.user, guidance_yaml(rules=[{"id": "any", "when": {}, "then": {"advisory": "caution"}}]))
    facts = to_city("SIN", "SG", "Singapore", dt.date.today() + dt.timedelta(days=30))
    facts["meetings"] = [
        {
            "name": "王小明",
            "name_latin": "Wang Xiaoming",
            "organisation": "Northern Star Trading",
            "country": "CN",
        },
        {"name": "Maria Schmidt", "organisation": "ETH Zürich", "country": "CH"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.trip_draft_save(actor=cast.alice.user, facts=facts, title="Singapore").trip
        trip = services.trip_transition(actor=cast.alice.user, trip=draft, action="submit")
    return trip


def test_submitting_a_trip_screens_its_planned_meetings(cast: Cast, submitted: Any) -> None:
    names = set(ScreeningSubject.objects.filter(trip=submitted).values_list("name", flat=True))
    assert {"王小明", "Maria Schmidt"} <= names
    hit = Hit.objects.get(subject__name="王小明")
    assert hit.entry.entry_id == "X-1"
    assert hit.status == "open"
    assert not Hit.objects.filter(subject__name="Maria Schmidt").exists()
    # the meeting's organisation is screened too, legal form aside
    assert Hit.objects.get(subject__name="Northern Star Trading").entry.entry_id == "X-2"
    assert Notification.objects.filter(recipient=cast.olu, kind="hit.raised").exists()


def test_the_traveller_never_sees_hits(cast: Cast, client: Any, submitted: Any) -> None:
    client.force_login(cast.alice.user)
    assert client.get("/screening/hits/").status_code == 404
    hit = Hit.objects.get(subject__name="王小明")
    assert client.get(f"/screening/hits/{hit.pk}/").status_code == 404
    assert client.get("/api/v1/screening/hits/").status_code == 403


def test_an_officer_clears_a_hit_with_a_note_and_it_leaves_the_queue(
    cast: Cast, client: Any, submitted: Any
) -> None:
    hit = Hit.objects.get(subject__name="王小明")
    client.force_login(cast.olu.user)
    queue = client.get("/screening/hits/").content.decode()
    assert "王小明" in queue
    assert "Wang Xiaoming" in queue
    page = client.get(f"/screening/hits/{hit.pk}/")
    assert page.status_code == 200
    assert AuditEvent.objects.filter(action="hit.viewed", target_id=str(hit.pk)).exists()
    refused = client.post(f"/screening/hits/{hit.pk}/", {"status": "cleared", "note": ""})
    assert refused.status_code == 400
    cleared = client.post(
        f"/screening/hits/{hit.pk}/", {"status": "cleared", "note": "A namesake: born 1995, a student."}
    )
    assert cleared.status_code == 302
    hit.refresh_from_db()
    assert (hit.status, hit.decided_by_id) == ("cleared", cast.olu.pk)
    assert "王小明" not in client.get("/screening/hits/").content.decode()


def test_an_auditor_sees_hits_but_cannot_decide(cast: Cast, client: Any, submitted: Any) -> None:
    hit = Hit.objects.get(subject__name="王小明")
    client.force_login(cast.audrey.user)
    assert client.get(f"/screening/hits/{hit.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/screening/hits/{hit.pk}/decide/", {"status": "confirmed"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert Hit.objects.get(pk=hit.pk).status == "open"


def test_the_api_lists_and_decides_hits(cast: Cast, client: Any, submitted: Any) -> None:
    client.force_login(cast.olu.user)
    listed = client.get("/api/v1/screening/hits/?status=open").json()
    assert sorted(row["subject"] for row in listed["results"]) == ["Northern Star Trading", "王小明"]
    hit_id = next(row["id"] for row in listed["results"] if row["subject"] == "王小明")
    decided = client.post(
        f"/api/v1/screening/hits/{hit_id}/decide/",
        {"status": "confirmed", "note": "Same person: the meeting is cancelled."},
        content_type="application/json",
    )
    assert decided.status_code == 200
    assert decided.json()["status"] == "confirmed"
    # a decision may be revised (new facts); both stay in the audit trail
    revised = client.post(
        f"/api/v1/screening/hits/{hit_id}/decide/",
        {"status": "cleared", "note": "Different person after all: date of birth differs."},
        content_type="application/json",
    )
    assert revised.json()["status"] == "cleared"
    actions = list(AuditEvent.objects.filter(target_id=str(hit_id)).values_list("action", flat=True))
    assert {"hit.confirmed", "hit.cleared"} <= set(actions)


def test_another_organisations_officer_sees_nothing(cast: Cast, client: Any, submitted: Any) -> None:
    hit = Hit.objects.get(subject__name="王小明")
    client.force_login(cast.mallory.user)
    assert client.get(f"/screening/hits/{hit.pk}/").status_code == 404
    assert client.get("/api/v1/screening/lists/").json() == []


def test_officers_screen_typed_names_against_lists_they_may_see(
    cast: Cast, client: Any, own_list: Any
) -> None:
    client.force_login(cast.olu.user)
    response = client.post(
        "/api/v1/screening/screen/",
        {"names": ["王小明", "", "Nobody Atall"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    results = response.json()
    assert results[0]["matches"][0]["entry_id"] == "X-1"
    assert results[1]["error"]
    assert results[2]["matches"] == []


def test_screening_a_trip_again_does_not_tell_the_officers_twice(
    cast: Cast, submitted: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from waypost.screening.tasks import trip_screen_task

    told = Notification.objects.filter(recipient=cast.olu, kind="hit.raised").count()
    trip_screen_task(submitted.pk)
    assert Notification.objects.filter(recipient=cast.olu, kind="hit.raised").count() == told
