"""``/api/v1/invitations/``: record, list, read, correct and decide invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
import yaml
from django.utils import translation

from waypost.testing import PERSONAS, Cast
from waypost.trips import invitations
from waypost.trips.models import Invitation, Trip

URL = "/api/v1/invitations/"
NOW = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def body(**overrides: Any) -> dict[str, Any]:
    return {
        "event": "NeurIPS 2026",
        "host_organisation": "NeurIPS Foundation",
        "city": "Montréal",
        "country": "CA",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-06",
        "received_via": "email",
        "received_on": "2026-01-10",
        "notes": "Keynote",
        **overrides,
    }


def alice_invitation(cast: Cast, **overrides: Any) -> Invitation:
    values: dict[str, Any] = {
        **body(),
        "starts_on": dt.date(2026, 3, 2),
        "ends_on": dt.date(2026, 3, 6),
        "received_on": None,
        **overrides,
    }
    return invitations.invitation_create(actor=cast.alice.user, **values)


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert isinstance(error["fields"], dict)
    return error


# --- Creating ----------------------------------------------------------------------------------


def test_create_records_a_pending_invitation_for_oneself(cast: Cast, login: Any) -> None:
    # when
    response = login(cast.alice).post(URL, body(), content_type="application/json")
    # then
    assert response.status_code == 201
    data = response.json()
    invitation = Invitation.objects.get()
    assert data == {
        "id": invitation.pk,
        "invitee": cast.alice.pk,
        "invitee_name": "Alice Wang",
        "event": "NeurIPS 2026",
        "host_organisation": "NeurIPS Foundation",
        "city": "Montréal",
        "country": "CA",
        "country_name": "Canada",
        "starts_on": "2026-03-02",
        "ends_on": "2026-03-06",
        "received_via": "email",
        "received_on": "2026-01-10",
        "notes": "Keynote",
        "status": "pending",
        "decision_reason": "",
        "decided_at": None,
        "decided_by": None,
        "trip": None,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
    }


def test_create_names_each_field_at_fault(cast: Cast, login: Any) -> None:
    """The service's rules come back in the one error shape, by field."""
    # when
    response = login(cast.alice).post(
        URL,
        body(country="XX", ends_on="2026-03-01", received_on="2026-02-01"),
        content_type="application/json",
    )
    # then
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {
        "country": ["“XX” is not a country code (two letters, ISO 3166, e.g. DE)."],
        "ends_on": ["The event cannot end before it starts."],
        "received_on": ["The invitation cannot have been received in the future."],
    }
    assert not Invitation.objects.exists()


def test_create_reports_missing_and_malformed_input(cast: Cast, login: Any) -> None:
    data = body(starts_on="soon", received_via="pigeon")
    del data["event"]
    response = login(cast.alice).post(URL, data, content_type="application/json")
    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == {"event", "starts_on", "received_via"}
    assert error["fields"]["event"] == ["This field is required."]


def test_errors_come_in_the_users_language(cast: Cast, login: Any) -> None:
    response = login(cast.alice).post(
        URL, body(ends_on="2026-03-01"), content_type="application/json", headers={"Accept-Language": "de"}
    )
    error = assert_error(response, 400, "invalid")
    with translation.override("de"):
        assert error["message"] == translation.gettext("Some fields are not valid.")
        assert error["fields"]["ends_on"] == [translation.gettext("The event cannot end before it starts.")]
    assert error["message"] != "Some fields are not valid."


def test_an_officer_records_for_a_person_in_their_subtree(cast: Cast, login: Any) -> None:
    response = login(cast.olu).post(URL, body(invitee=cast.alice.pk), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["invitee"] == cast.alice.pk


@pytest.mark.parametrize(
    ("persona", "invitee", "reason"),
    [
        ("olu", "mallory", "Unknown person."),
        ("bob", "alice", "You may not record invitations for this person."),
        ("mallory", "alice", "Unknown person."),
    ],
)
def test_recording_for_others_is_limited(
    cast: Cast, login: Any, persona: str, invitee: str, reason: str
) -> None:
    response = login(cast.persona(persona)).post(
        URL, body(invitee=cast.persona(invitee).pk), content_type="application/json"
    )
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"invitee": [reason]}
    assert not Invitation.objects.exists()


def test_anonymous_is_401(db: Any, client: Any) -> None:
    assert_error(client.post(URL, body(), content_type="application/json"), 401, "not_authenticated")


# --- Listing and reading -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_what_it_may_see(cast: Cast, login: Any, persona: str) -> None:
    invitation = alice_invitation(cast)
    data = login(cast.persona(persona)).get(URL).json()
    expected = [] if persona == "mallory" else [invitation.pk]
    assert data["count"] == len(expected)
    assert [item["id"] for item in data["results"]] == expected


def test_the_list_filters_by_status(cast: Cast, login: Any) -> None:
    alice_invitation(cast, event="Pending")
    declined = alice_invitation(cast, event="Declined")
    invitations.invitation_decide(actor=cast.alice.user, invitation=declined, decision="decline", reason="No")
    client = login(cast.alice)
    assert [item["event"] for item in client.get(URL, {"status": "declined"}).json()["results"]] == [
        "Declined"
    ]
    error = assert_error(client.get(URL, {"status": "maybe"}), 400, "invalid")
    assert set(error["fields"]) == {"status"}


def test_detail_is_404_for_others_and_for_missing(cast: Cast, login: Any) -> None:
    invitation = alice_invitation(cast)
    assert_error(login(cast.mallory).get(f"{URL}{invitation.pk}/"), 404, "not_found")
    assert_error(login(cast.alice).get(f"{URL}999999/"), 404, "not_found")
    assert login(cast.bob).get(f"{URL}{invitation.pk}/").json()["event"] == "NeurIPS 2026"


# --- Correcting --------------------------------------------------------------------------------


def test_patch_corrects_only_the_fields_given(cast: Cast, login: Any) -> None:
    invitation = alice_invitation(cast)
    response = login(cast.alice).patch(
        f"{URL}{invitation.pk}/", {"city": "Toronto"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert (response.json()["city"], response.json()["event"]) == ("Toronto", "NeurIPS 2026")


def test_patch_is_validated_against_the_stored_values(cast: Cast, login: Any) -> None:
    """Moving only the end before the stored start is refused on ``ends_on``."""
    invitation = alice_invitation(cast)
    response = login(cast.alice).patch(
        f"{URL}{invitation.pk}/", {"ends_on": "2026-03-01"}, content_type="application/json"
    )
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"ends_on": ["The event cannot end before it starts."]}


def test_patch_by_those_who_only_see_is_403_and_by_outsiders_404(cast: Cast, login: Any) -> None:
    invitation = alice_invitation(cast)
    url = f"{URL}{invitation.pk}/"
    assert_error(
        login(cast.bob).patch(url, {"city": "X"}, content_type="application/json"), 403, "permission_denied"
    )
    assert_error(
        login(cast.mallory).patch(url, {"city": "X"}, content_type="application/json"), 404, "not_found"
    )


def test_patch_after_the_decision_is_409(cast: Cast, login: Any) -> None:
    invitation = alice_invitation(cast)
    invitations.invitation_decide(
        actor=cast.alice.user, invitation=invitation, decision="decline", reason="No"
    )
    response = login(cast.alice).patch(
        f"{URL}{invitation.pk}/", {"city": "Toronto"}, content_type="application/json"
    )
    assert_error(response, 409, "already_decided")


# --- Deciding ----------------------------------------------------------------------------------


def test_accepting_returns_the_trip_draft(cast: Cast, login: Any) -> None:
    # given
    invitation = alice_invitation(cast)
    # when
    response = login(cast.alice).post(
        f"{URL}{invitation.pk}/decide/",
        {"decision": "accept", "reason": "Keynote"},
        content_type="application/json",
    )
    # then
    assert response.status_code == 200
    data = response.json()
    trip = Trip.objects.get()
    assert (data["status"], data["trip"], data["decided_by"]) == ("accepted", trip.pk, cast.alice.pk)
    assert trip.facts["stays"] == [
        {"city": "Montréal", "country": "CA", "from": "2026-03-02", "to": "2026-03-06"}
    ]


def test_declining_needs_a_reason_and_leaves_no_trip(cast: Cast, login: Any) -> None:
    invitation = alice_invitation(cast)
    client = login(cast.alice)
    url = f"{URL}{invitation.pk}/decide/"
    refused = client.post(url, {"decision": "decline"}, content_type="application/json")
    assert assert_error(refused, 400, "invalid")["fields"] == {"reason": ["Give the reason for declining."]}
    declined = client.post(url, {"decision": "decline", "reason": "Clashes"}, content_type="application/json")
    assert (declined.json()["status"], declined.json()["trip"]) == ("declined", None)
    assert not Trip.objects.exists()


def test_a_second_decision_is_409(cast: Cast, login: Any) -> None:
    invitation = alice_invitation(cast)
    client = login(cast.alice)
    url = f"{URL}{invitation.pk}/decide/"
    client.post(url, {"decision": "accept"}, content_type="application/json")
    error = assert_error(
        client.post(url, {"decision": "accept"}, content_type="application/json"), 409, "already_decided"
    )
    assert "already decided" in error["message"]
    assert Trip.objects.count() == 1


def test_a_bad_decision_names_the_field(cast: Cast, login: Any) -> None:
    invitation = alice_invitation(cast)
    response = login(cast.alice).post(
        f"{URL}{invitation.pk}/decide/", {"decision": "maybe"}, content_type="application/json"
    )
    assert set(assert_error(response, 400, "invalid")["fields"]) == {"decision"}


@pytest.mark.parametrize(
    ("persona", "status", "code"), [("bob", 403, "permission_denied"), ("mallory", 404, "not_found")]
)
def test_others_cannot_decide(cast: Cast, login: Any, persona: str, status: int, code: str) -> None:
    invitation = alice_invitation(cast)
    response = login(cast.persona(persona)).post(
        f"{URL}{invitation.pk}/decide/", {"decision": "accept"}, content_type="application/json"
    )
    assert_error(response, status, code)
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_the_schema_documents_the_invitation_endpoints(db: Any, client: Any) -> None:
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/invitations/"])
    assert {"get", "patch"} <= set(paths["/api/v1/invitations/{invitation_id}/"])
    decide = paths["/api/v1/invitations/{invitation_id}/decide/"]["post"]
    assert decide["operationId"] == "invitations_decide"
    assert {"200", "400", "401", "403", "404", "409"} <= set(decide["responses"])
