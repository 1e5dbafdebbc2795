"""``/invitations/``: the register's pages — list, record, read, correct, decide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import NoReverseMatch, reverse

from waypost.audit.models import AuditEvent
from waypost.testing import Cast
from waypost.trips import invitations
from waypost.trips.choices import InvitationStatus
from waypost.trips.models import Invitation, Trip

NOW = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def typed(**overrides: str) -> dict[str, str]:
    """The form as a traveller fills it in."""
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


def invitation_for(cast: Cast, actor: Any = None, **overrides: Any) -> Invitation:
    values: dict[str, Any] = {
        **typed(),
        "starts_on": dt.date(2026, 3, 2),
        "ends_on": dt.date(2026, 3, 6),
        "received_on": dt.date(2026, 1, 10),
        **overrides,
    }
    return invitations.invitation_create(actor=(actor or cast.alice).user, **values)


def events_listed(response: Any) -> list[str]:
    return [row.invitation.event for row in response.context["rows"]]


def flashed(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- The list ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("alice", ["Alice's"]),
        ("bob", ["Bob's", "Alice's"]),
        ("olu", ["Bob's", "Alice's"]),
        ("audrey", ["Bob's", "Alice's"]),
        ("mallory", ["Mallory's"]),
    ],
)
def test_the_list_shows_what_the_persona_may_see(
    cast: Cast, login: Any, persona: str, expected: list[str]
) -> None:
    """Own invitations, one's reports', and, for officers, those in their subtree."""
    # given
    invitation_for(cast, event="Alice's", starts_on=dt.date(2026, 3, 2))
    invitation_for(cast, cast.bob, event="Bob's", starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 4, 2))
    invitation_for(cast, cast.mallory, event="Mallory's")
    # when
    response = login(cast.persona(persona)).get("/invitations/")
    # then
    assert response.status_code == 200
    assert events_listed(response) == expected


def test_the_list_filters_by_decision_and_shows_the_country_by_name(cast: Cast, login: Any) -> None:
    # given
    invitation_for(cast, event="Pending one")
    declined = invitation_for(cast, event="Declined one")
    invitations.invitation_decide(actor=cast.alice.user, invitation=declined, decision="decline", reason="No")
    client = login(cast.alice)
    # when
    response = client.get("/invitations/", {"status": "declined"})
    # then
    assert events_listed(response) == ["Declined one"]
    html = response.content.decode()
    assert "Montréal, Canada" in html
    assert "Declined" in html


def test_a_bad_filter_shows_everything_with_the_error(cast: Cast, login: Any) -> None:
    invitation_for(cast)
    response = login(cast.alice).get("/invitations/", {"status": "maybe"})
    assert response.status_code == 200
    assert events_listed(response) == ["NeurIPS 2026"]
    assert response.context["form"].errors["status"]


def test_country_names_follow_the_language(cast: Cast, login: Any) -> None:
    """A German reader sees Kanada, not CA."""
    invitation_for(cast)
    client = login(cast.alice)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    response = client.get("/invitations/")
    assert "Montréal, Kanada" in response.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_the_list_costs_the_same_queries_however_long(
    cast: Cast, login: Any, django_assert_max_num_queries: Any, count: int
) -> None:
    # given
    for number in range(count):
        invitation_for(cast, event=f"Event {number}")
    client = login(cast.olu)
    # when / then
    # the page, plus the shell: the unread badge and the open-incident banner for an officer
    with django_assert_max_num_queries(9):
        response = client.get("/invitations/")
    assert len(response.context["rows"]) == count


# --- Recording ---------------------------------------------------------------------------------


def test_recording_an_invitation(cast: Cast, login: Any) -> None:
    # when
    response = login(cast.alice).post("/invitations/new/", typed())
    # then
    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/invitations/{invitation.pk}/"
    assert (invitation.invitee, invitation.city, invitation.country) == (cast.alice, "Montréal", "CA")
    assert invitation.starts_on == dt.date(2026, 3, 2)


def test_a_rejected_form_keeps_every_value_and_names_each_field(cast: Cast, login: Any) -> None:
    """Each field at fault shows its reason; every typed value is still in the form."""
    # given
    values = typed(event="", country="XX", received_on="2026-02-01", notes="Keep me")
    # when
    response = login(cast.alice).post("/invitations/new/", values)
    # then
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"event", "country"}
    html = response.content.decode()
    for kept in ("NeurIPS Foundation", "Montréal", "2026-03-02", "2026-03-06", "2026-02-01", "Keep me"):
        assert kept in html
    assert "This field is required." in html
    assert 'aria-invalid="true"' in html
    assert not Invitation.objects.exists()


def test_the_services_rules_are_shown_beside_their_fields(cast: Cast, login: Any) -> None:
    """An event ending before it starts and a receipt in the future are the service's errors."""
    # when
    response = login(cast.alice).post(
        "/invitations/new/", typed(ends_on="2026-03-01", received_on="2026-02-01")
    )
    # then
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["ends_on"] == ["The event cannot end before it starts."]
    assert errors["received_on"] == ["The invitation cannot have been received in the future."]
    html = response.content.decode()
    assert 'value="2026-03-01"' in html
    assert not Invitation.objects.exists()


def test_only_officers_get_the_invitee_field(cast: Cast, login: Any) -> None:
    assert "invitee" not in login(cast.alice).get("/invitations/new/").context["form"].fields
    assert "invitee" in login(cast.olu).get("/invitations/new/").context["form"].fields


def test_an_officer_records_for_someone_in_their_subtree(cast: Cast, login: Any) -> None:
    # when
    response = login(cast.olu).post("/invitations/new/", typed(invitee="alice@lumen.example"))
    # then
    assert response.status_code == 302
    assert Invitation.objects.get().invitee == cast.alice


def test_an_officer_cannot_record_for_someone_out_of_sight(cast: Cast, login: Any) -> None:
    response = login(cast.olu).post("/invitations/new/", typed(invitee="mallory@kinetic.example"))
    assert response.status_code == 400
    assert response.context["form"].errors["invitee"] == ["Unknown person."]
    assert not Invitation.objects.exists()


# --- Reading and correcting ----------------------------------------------------------------------


def test_the_detail_offers_what_the_reader_may_do(cast: Cast, login: Any) -> None:
    """Alice may correct and decide; Bob only reads."""
    invitation = invitation_for(cast)
    url = f"/invitations/{invitation.pk}/"
    as_alice = login(cast.alice).get(url)
    assert (as_alice.context["can_edit"], as_alice.context["can_decide"]) == (True, True)
    assert f'action="/invitations/{invitation.pk}/decide/"' in as_alice.content.decode()
    as_bob = login(cast.bob).get(url)
    assert (as_bob.context["can_edit"], as_bob.context["can_decide"]) == (False, False)
    assert "/decide/" not in as_bob.content.decode()


def test_an_officer_reading_the_invitation_is_audited(cast: Cast, login: Any) -> None:
    invitation = invitation_for(cast)
    login(cast.olu).get(f"/invitations/{invitation.pk}/")
    assert AuditEvent.objects.filter(action="invitation.viewed", target_id=str(invitation.pk)).count() == 1


def test_correcting_a_pending_invitation(cast: Cast, login: Any) -> None:
    # given
    invitation = invitation_for(cast)
    client = login(cast.alice)
    # when
    shown = client.get(f"/invitations/{invitation.pk}/edit/")
    response = client.post(f"/invitations/{invitation.pk}/edit/", typed(city="Toronto"))
    # then
    assert 'value="Montréal"' in shown.content.decode()
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.city == "Toronto"


def test_a_rejected_correction_keeps_the_values(cast: Cast, login: Any) -> None:
    invitation = invitation_for(cast)
    response = login(cast.alice).post(
        f"/invitations/{invitation.pk}/edit/", typed(city="Toronto", ends_on="2026-01-01")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == ["The event cannot end before it starts."]
    assert 'value="Toronto"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.city == "Montréal"


def test_a_decided_invitation_cannot_be_corrected(cast: Cast, login: Any) -> None:
    invitation = invitation_for(cast)
    invitations.invitation_decide(
        actor=cast.alice.user, invitation=invitation, decision="decline", reason="No"
    )
    response = login(cast.alice).get(f"/invitations/{invitation.pk}/edit/")
    assert response.status_code == 302
    assert "can no longer be changed" in flashed(response)[0]


# --- Deciding ----------------------------------------------------------------------------------


def test_accepting_starts_a_trip_draft_shown_on_the_invitation(cast: Cast, login: Any) -> None:
    # given
    invitation = invitation_for(cast)
    client = login(cast.alice)
    # when
    response = client.post(f"/invitations/{invitation.pk}/decide/", {"decision": "accept", "reason": ""})
    # then
    assert response.status_code == 302
    assert "draft trip was started" in flashed(response)[0]
    invitation.refresh_from_db()
    trip = Trip.objects.get()
    assert (invitation.status, invitation.trip) == (InvitationStatus.ACCEPTED, trip)
    page = client.get(f"/invitations/{invitation.pk}/")
    html = page.content.decode()
    assert page.context["can_decide"] is False
    assert "NeurIPS 2026" in html
    assert 'id="invitation-trip"' in html
    try:
        trip_url = reverse("web:trip-edit", args=[trip.pk])
    except NoReverseMatch:  # the declaration form is routed by its own module
        trip_url = None
    if trip_url:
        assert f'href="{trip_url}"' in html


def test_declining_without_a_reason_is_refused_beside_the_reason(cast: Cast, login: Any) -> None:
    invitation = invitation_for(cast)
    response = login(cast.alice).post(
        f"/invitations/{invitation.pk}/decide/", {"decision": "decline", "reason": ""}
    )
    assert response.status_code == 400
    assert response.context["decide_form"].errors["reason"] == ["Give the reason for declining."]
    assert "Give the reason for declining." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_declining_keeps_the_invitation_on_record(cast: Cast, login: Any) -> None:
    invitation = invitation_for(cast)
    client = login(cast.alice)
    response = client.post(
        f"/invitations/{invitation.pk}/decide/", {"decision": "decline", "reason": "Clashes with a review"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.status, invitation.trip) == (InvitationStatus.DECLINED, None)
    html = client.get(f"/invitations/{invitation.pk}/").content.decode()
    assert "Clashes with a review" in html


def test_a_second_decision_is_refused_with_a_message(cast: Cast, login: Any) -> None:
    invitation = invitation_for(cast)
    client = login(cast.alice)
    client.post(f"/invitations/{invitation.pk}/decide/", {"decision": "accept"})
    response = client.post(f"/invitations/{invitation.pk}/decide/", {"decision": "decline", "reason": "x"})
    assert response.status_code == 302
    assert "already decided" in flashed(response)[-1]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert Trip.objects.count() == 1


@pytest.mark.parametrize("persona", ["bob", "olu", "mallory"])
def test_those_who_may_not_decide_get_404(cast: Cast, login: Any, persona: str) -> None:
    invitation = invitation_for(cast)
    response = login(cast.persona(persona)).post(
        f"/invitations/{invitation.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_a_missing_invitation_is_404(cast: Cast, login: Any) -> None:
    assert login(cast.alice).get("/invitations/999999/").status_code == 404
