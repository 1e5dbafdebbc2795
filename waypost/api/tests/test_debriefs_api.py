"""Debriefs and the contacts register over the API: write, submit, review; search, merge, dismiss."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from waypost.audit.models import AuditEvent
from waypost.debriefs import services
from waypost.debriefs.choices import DebriefStatus, SuggestionStatus
from waypost.debriefs.models import Contact, Debrief, MergeSuggestion
from waypost.debriefs.register import merge_suggestions_for, register_trip_contacts
from waypost.debriefs.tests.factories import complete_answers, contact, returned_trip
from waypost.testing import Cast
from waypost.trips.models import Trip

pytestmark = pytest.mark.django_db


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def url(trip: Trip, action: str = "") -> str:
    return f"/api/v1/trips/{trip.pk}/debrief/{action + '/' if action else ''}"


def fields(response: Any) -> dict[str, list[str]]:
    body: dict[str, Any] = response.json()
    return body["error"]["fields"]


# --- Debriefs --------------------------------------------------------------------------------------


def test_the_traveller_starts_saves_and_submits_the_debrief(cast: Cast) -> None:
    trip = returned_trip(cast.alice, meetings=[{"name": "王伟", "name_latin": "Wang Wei", "country": "CN"}])
    client = api(cast.alice)
    # when: the first GET starts it, prefilled from the declaration
    started = client.get(url(trip))
    # then
    assert started.status_code == 200
    body = started.json()
    assert body["status"] == "draft"
    assert body["may_edit"] is True
    assert body["may_review"] is False
    assert body["answers"]["contacts"][0]["name"] == "王伟"
    assert body["problems"]["activities"] == ["Say what you did on the trip."]
    # when: a draft with a mistake is saved as typed
    typed = complete_answers(contact("王伟", name_latin="Wang Wei", met_on="2026-04-01"))
    saved = client.put(url(trip), {"answers": typed, "revision": body["revision"]}, format="json")
    # then
    assert saved.status_code == 200
    assert saved.json()["answers"] == typed
    assert list(saved.json()["problems"]) == ["contacts[0].met_on"]
    # when: submitted with the mistake
    refused = client.post(url(trip, "submit"), {}, format="json")
    # then
    assert refused.status_code == 400
    assert list(fields(refused)) == ["contacts[0].met_on"]
    assert Debrief.objects.get(trip=trip).answers == typed  # nothing typed is lost
    # when: corrected and submitted
    typed["contacts"][0]["met_on"] = "2026-03-02"
    revision = client.put(url(trip), {"answers": typed}, format="json").json()["revision"]
    submitted = client.post(url(trip, "submit"), {"revision": revision}, format="json")
    # then
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["may_edit"] is False
    assert Trip.objects.get(pk=trip.pk).status == "debriefed"


def test_bad_drafts_are_refused_with_field_errors(cast: Cast) -> None:
    trip = returned_trip(cast.alice)
    client = api(cast.alice)
    not_object = client.put(url(trip), {"answers": ["a", "list"]}, format="json")
    assert not_object.status_code == 400
    assert fields(not_object) == {"answers": ["The debrief must be an object of answers."]}
    missing = client.put(url(trip), {}, format="json")
    assert missing.status_code == 400
    assert list(fields(missing)) == ["answers"]
    bad_revision = client.put(url(trip), {"answers": {}, "revision": "x"}, format="json")
    assert bad_revision.status_code == 400
    assert list(fields(bad_revision)) == ["revision"]
    first = client.put(url(trip), {"answers": complete_answers()}, format="json").json()
    stale = client.put(url(trip), {"answers": {}, "revision": first["revision"] - 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"


def test_no_debrief_before_the_trip_has_returned(cast: Cast) -> None:
    trip = returned_trip(cast.alice)
    Trip.objects.filter(pk=trip.pk).update(status="travelling")
    response = api(cast.alice).get(url(trip))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_returned"
    assert not Debrief.objects.exists()


def test_who_sees_and_writes_a_debrief(cast: Cast) -> None:
    trip = returned_trip(cast.alice)
    # nobody but the traveller starts it
    assert api(cast.olu).get(url(trip)).status_code == 404
    services.debrief_start(actor=cast.alice.user, trip=trip)
    # the overseers read it (audited); the manager and outsiders do not see it
    seen = api(cast.audrey).get(url(trip))
    assert seen.status_code == 200
    assert seen.json()["may_edit"] is False
    assert AuditEvent.objects.filter(action="debrief.viewed").count() == 1
    for person in (cast.bob, cast.mallory):
        assert api(person).get(url(trip)).status_code == 404
        assert api(person).put(url(trip), {"answers": {}}, format="json").status_code == 404
    # only the traveller writes it
    for person in (cast.olu, cast.ada):
        assert api(person).put(url(trip), {"answers": {}}, format="json").status_code == 403
        assert api(person).post(url(trip, "submit"), {}, format="json").status_code == 403


def _submitted(cast: Cast) -> Trip:
    trip = returned_trip(cast.alice)
    saved = services.debrief_draft_save(actor=cast.alice.user, trip=trip, answers=complete_answers())
    services.debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
    return trip


def test_the_officer_reviews_with_an_outcome(cast: Cast) -> None:
    trip = _submitted(cast)
    client = api(cast.olu)
    assert client.get(url(trip)).json()["may_review"] is True
    invalid = client.post(url(trip, "review"), {"outcome": "maybe"}, format="json")
    assert invalid.status_code == 400
    assert fields(invalid) == {"outcome": ["Choose the outcome."]}
    no_note = client.post(url(trip, "review"), {"outcome": "follow_up"}, format="json")
    assert fields(no_note) == {"note": ["Say what follow-up is needed."]}
    follow_up = client.post(url(trip, "review"), {"outcome": "follow_up", "note": "Call her."}, format="json")
    assert follow_up.status_code == 200
    assert follow_up.json()["outcome"] == "follow_up"
    assert follow_up.json()["reviewed_by_name"] == "Olu Adeyemi"
    stale = client.post(
        url(trip, "review"),
        {"outcome": "closed", "revision": follow_up.json()["revision"] - 1},
        format="json",
    )
    assert stale.status_code == 409
    closed = client.post(url(trip, "review"), {"outcome": "closed"}, format="json")
    assert closed.status_code == 200
    assert Trip.objects.get(pk=trip.pk).status == "closed"
    again = client.post(url(trip, "review"), {"outcome": "closed"}, format="json")
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "invalid_transition"


def test_only_the_security_officer_reviews(cast: Cast) -> None:
    trip = _submitted(cast)
    for person in (cast.alice, cast.audrey, cast.ada):
        response = api(person).post(url(trip, "review"), {"outcome": "closed"}, format="json")
        assert response.status_code == 403
    assert api(cast.bob).post(url(trip, "review"), {"outcome": "closed"}, format="json").status_code == 404
    assert Debrief.objects.get(trip=trip).status == DebriefStatus.SUBMITTED
    draft_trip = returned_trip(cast.alice)
    assert api(cast.olu).post(url(draft_trip, "review"), {}, format="json").status_code == 404


def test_the_queue_of_debriefs(cast: Cast) -> None:
    submitted = _submitted(cast)
    overdue = returned_trip(cast.alice, due=None)
    Trip.objects.filter(pk=overdue.pk).update(debrief_due_on="2020-01-01")
    officer = api(cast.olu).get("/api/v1/debriefs/").json()
    assert [row["trip"] for row in officer["to_review"]] == [submitted.pk]
    assert [row["id"] for row in officer["overdue"]] == [overdue.pk]
    assert officer["follow_up"] == []
    assert officer["due"] == []
    manager = api(cast.bob).get("/api/v1/debriefs/").json()
    assert manager == {"to_review": [], "follow_up": [], "overdue": [], "due": []}


# --- The contacts register -------------------------------------------------------------------------


@pytest.fixture
def register(cast: Cast) -> dict[str, Any]:
    """王伟 and Maria Lopez in Alice's debrief; Wang Wei planned by Bob; an open suggestion."""
    alice_trip = returned_trip(cast.alice)
    saved = services.debrief_draft_save(
        actor=cast.alice.user,
        trip=alice_trip,
        answers=complete_answers(
            contact("王伟", organisation="Tsinghua", asked_about_work=True),
            contact("Maria Lopez", organisation="UNAM", country="MX"),
        ),
    )
    services.debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
    bob_trip = returned_trip(cast.bob, meetings=[{"name": "Wang Wei", "organisation": "Tsinghua"}])
    merge_suggestions_for(register_trip_contacts(alice_trip) + register_trip_contacts(bob_trip))
    return {
        "chinese": Contact.objects.get(name="王伟"),
        "latin": Contact.objects.get(name="Wang Wei"),
        "maria": Contact.objects.get(name="Maria Lopez"),
        "suggestion": MergeSuggestion.objects.get(),
        "alice_trip": alice_trip,
    }


def test_the_register_is_searched_and_read(cast: Cast, register: dict[str, Any]) -> None:
    client = api(cast.audrey)
    listed = client.get("/api/v1/contacts/").json()
    assert listed["count"] == 3
    row = next(row for row in listed["results"] if row["name"] == "王伟")
    assert (row["trip_count"], row["traveller_count"], row["last_met"]) == (1, 1, "2026-03-01")
    assert [row["name"] for row in client.get("/api/v1/contacts/", {"q": "unam"}).json()["results"]] == [
        "Maria Lopez"
    ]
    too_long = client.get("/api/v1/contacts/", {"q": "x" * 201})
    assert too_long.status_code == 400
    assert list(fields(too_long)) == ["q"]
    detail = client.get(f"/api/v1/contacts/{register['chinese'].pk}/").json()
    assert detail["encounters"][0]["trip"] == register["alice_trip"].pk
    assert detail["encounters"][0]["details"]["asked_about_work"] is True
    assert detail["suggestions"][0]["other"]["name"] == "Wang Wei"
    assert AuditEvent.objects.filter(action="contact.viewed").count() == 1
    suggestions = client.get("/api/v1/contacts/suggestions/").json()
    assert [row["id"] for row in suggestions] == [register["suggestion"].pk]
    assert suggestions[0]["explanation"]["pairs"]


def test_the_register_is_closed_to_travellers_and_hides_what_one_does_not_oversee(
    cast: Cast, register: dict[str, Any]
) -> None:
    for person in (cast.alice, cast.bob, cast.mallory):
        assert api(person).get("/api/v1/contacts/").status_code == 403
        assert api(person).get(f"/api/v1/contacts/{register['chinese'].pk}/").status_code == 403
    assert api(cast.olu).get("/api/v1/contacts/999999/").status_code == 404


def test_the_officer_merges_and_bad_merges_name_the_field(cast: Cast, register: dict[str, Any]) -> None:
    client = api(cast.olu)
    chinese, latin, maria = register["chinese"], register["latin"], register["maria"]
    merge = f"/api/v1/contacts/{chinese.pk}/merge/"
    itself = client.post(merge, {"other": chinese.pk}, format="json")
    assert itself.status_code == 400
    assert fields(itself) == {"other": ["A contact cannot be merged into itself."]}
    unknown = client.post(merge, {"other": 999999}, format="json")
    assert fields(unknown) == {"other": ["There is no contact with this number in the register."]}
    not_a_number = client.post(merge, {"other": "abc"}, format="json")
    assert not_a_number.status_code == 400
    assert list(fields(not_a_number)) == ["other"]
    # when
    merged = client.post(merge, {"other": latin.pk}, format="json")
    # then
    assert merged.status_code == 200
    assert {row["traveller"] for row in merged.json()["encounters"]} == {cast.alice.pk, cast.bob.pk}
    assert Contact.objects.get(pk=latin.pk).merged_into_id == chinese.pk
    gone = client.get(f"/api/v1/contacts/{latin.pk}/").json()
    assert gone["merged_into"] == chinese.pk
    assert gone["encounters"] == []
    already = client.post(f"/api/v1/contacts/{maria.pk}/merge/", {"other": latin.pk}, format="json")
    assert already.status_code == 400
    assert fields(already) == {"other": ["This contact was already merged."]}


def test_auditors_may_not_merge_or_dismiss(cast: Cast, register: dict[str, Any]) -> None:
    client = api(cast.audrey)
    merged = client.post(
        f"/api/v1/contacts/{register['chinese'].pk}/merge/", {"other": register["latin"].pk}, format="json"
    )
    dismissed = client.post(f"/api/v1/contacts/suggestions/{register['suggestion'].pk}/dismiss/")
    assert (merged.status_code, dismissed.status_code) == (403, 403)
    assert MergeSuggestion.objects.get().status == SuggestionStatus.OPEN


def test_dismissing_a_suggestion(cast: Cast, register: dict[str, Any]) -> None:
    client = api(cast.ada)
    path = f"/api/v1/contacts/suggestions/{register['suggestion'].pk}/dismiss/"
    dismissed = client.post(path)
    assert dismissed.status_code == 200
    assert dismissed.json()["status"] == "dismissed"
    assert client.get("/api/v1/contacts/suggestions/").json() == []
    again = client.post(path)
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "decided"
    assert client.post("/api/v1/contacts/suggestions/999999/dismiss/").status_code == 404


def test_merging_after_a_dismissal_is_still_possible(cast: Cast, register: dict[str, Any]) -> None:
    """An officer who dismissed a pair by mistake can still merge the two by number."""
    client = api(cast.olu)
    client.post(f"/api/v1/contacts/suggestions/{register['suggestion'].pk}/dismiss/")
    merged = client.post(
        f"/api/v1/contacts/{register['latin'].pk}/merge/", {"other": register["chinese"].pk}, format="json"
    )
    assert merged.status_code == 200
    assert MergeSuggestion.objects.get().status == SuggestionStatus.MERGED
