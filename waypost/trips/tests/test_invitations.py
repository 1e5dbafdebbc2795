"""The invitations register: recording, correcting, deciding, and who may see and do each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import translation

from waypost.audit.models import AuditEvent
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.notifications.models import Notification
from waypost.testing import Cast
from waypost.trips import invitations
from waypost.trips.choices import InvitationStatus, TripStatus
from waypost.trips.models import Invitation, Trip

NOW = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def fields(**overrides: Any) -> dict[str, Any]:
    """What a traveller types for an invitation to a conference in Montréal."""
    return {
        "event": "NeurIPS 2026",
        "host_organisation": "Neural Information Processing Systems Foundation",
        "city": "Montréal",
        "country": "CA",
        "starts_on": dt.date(2026, 3, 2),
        "ends_on": dt.date(2026, 3, 6),
        "received_via": "email",
        "received_on": dt.date(2026, 1, 10),
        "notes": "Keynote invitation",
        **overrides,
    }


def recorded(cast: Cast, **overrides: Any) -> Invitation:
    return invitations.invitation_create(actor=cast.alice.user, **fields(**overrides))


def audit_actions(invitation: Invitation) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="trips.invitation", target_id=str(invitation.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- Recording ---------------------------------------------------------------------------------


def test_an_invitation_is_recorded_pending_for_the_actor(cast: Cast) -> None:
    """Without an invitee, the invitation is the actor's own, pending, and audited with its values."""
    # when
    invitation = recorded(cast)
    # then
    invitation.refresh_from_db()
    assert invitation.invitee == cast.alice
    assert invitation.status == InvitationStatus.PENDING
    assert invitation.trip is None
    event = AuditEvent.objects.get(action="invitation.recorded")
    assert event.target_id == str(invitation.pk)
    assert event.before is None
    assert event.after["event"] == "NeurIPS 2026"
    assert event.after["starts_on"] == "2026-03-02"
    assert event.org_path == cast.unit.path


def test_values_are_trimmed_and_the_country_code_upper_cased(cast: Cast) -> None:
    invitation = recorded(cast, event="  NeurIPS 2026 ", country=" ca ")
    assert (invitation.event, invitation.country) == ("NeurIPS 2026", "CA")


def test_dates_given_as_text_are_read(cast: Cast) -> None:
    invitation = recorded(cast, starts_on="2026-03-02", ends_on="2026-03-06", received_on="")
    invitation.refresh_from_db()
    assert (invitation.starts_on, invitation.ends_on, invitation.received_on) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 6),
        None,
    )


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"event": "  "}, "event", "This field is required."),
        ({"host_organisation": ""}, "host_organisation", "This field is required."),
        ({"city": ""}, "city", "This field is required."),
        ({"country": ""}, "country", "This field is required."),
        ({"starts_on": None}, "starts_on", "This field is required."),
        ({"ends_on": None}, "ends_on", "This field is required."),
        ({"received_via": ""}, "received_via", "This field is required."),
        ({"country": "XX"}, "country", "“XX” is not a country code"),
        ({"country": "CAN"}, "country", "Ensure this value has at most 2 characters"),
        ({"ends_on": dt.date(2026, 3, 1)}, "ends_on", "The event cannot end before it starts."),
        ({"starts_on": "2026-02-30"}, "starts_on", "invalid date"),
        ({"received_via": "pigeon"}, "received_via", "is not a valid choice"),
        ({"received_on": TODAY + dt.timedelta(days=1)}, "received_on", "received in the future"),
        ({"event": "x" * 301}, "event", "at most 300 characters"),
    ],
)
def test_bad_input_names_the_field_and_the_reason(
    cast: Cast, overrides: dict[str, Any], field: str, reason: str
) -> None:
    """Each bad value is refused with its field named; nothing is stored or audited."""
    # when
    with pytest.raises(ValidationFailed) as caught:
        recorded(cast, **overrides)
    # then
    assert list(caught.value.fields) == [field]
    assert reason in caught.value.fields[field][0]
    assert not Invitation.objects.exists()
    assert not AuditEvent.objects.filter(action="invitation.recorded").exists()


def test_every_field_at_fault_is_named_at_once(cast: Cast) -> None:
    with pytest.raises(ValidationFailed) as caught:
        recorded(cast, event="", country="ZZ", received_on=TODAY + dt.timedelta(days=3))
    assert set(caught.value.fields) == {"event", "country", "received_on"}


def test_received_today_is_fine(cast: Cast) -> None:
    assert recorded(cast, received_on=TODAY).received_on == TODAY


def test_errors_are_in_the_users_language(cast: Cast) -> None:
    """A German user reads the reasons in German."""
    with translation.override("de"), pytest.raises(ValidationFailed) as caught:
        recorded(cast, ends_on=dt.date(2026, 3, 1))
    with translation.override("de"):
        expected = translation.gettext("The event cannot end before it starts.")
    assert caught.value.fields["ends_on"] == [expected]


def test_only_editable_fields_may_be_given(cast: Cast) -> None:
    """The status or the trip are never set from typed values."""
    with pytest.raises(TypeError):
        recorded(cast, status="accepted")


def test_an_officer_or_administrator_records_for_someone_else(cast: Cast) -> None:
    """Olu (security officer over Lumen) and Ada (administrator) record invitations for Alice."""
    by_olu = invitations.invitation_create(actor=cast.olu.user, invitee=cast.alice, **fields())
    by_ada = invitations.invitation_create(actor=cast.ada.user, invitee=cast.alice, **fields())
    assert by_olu.invitee == by_ada.invitee == cast.alice


@pytest.mark.parametrize("persona", ["bob", "audrey", "mallory"])
def test_others_cannot_record_for_alice(cast: Cast, persona: str) -> None:
    """Her manager, the auditor and an outsider may not record an invitation in Alice's name."""
    with pytest.raises(PermissionDenied):
        invitations.invitation_create(actor=cast.persona(persona).user, invitee=cast.alice, **fields())
    assert not Invitation.objects.exists()


def test_invitee_lookup_hides_people_one_cannot_see(cast: Cast) -> None:
    """Mallory is 'unknown' to Olu; Alice is visible to Bob but not his to record for."""
    with pytest.raises(ValidationFailed) as unknown:
        invitations.invitee_get_for(cast.olu.user, email="mallory@kinetic.example")
    with pytest.raises(ValidationFailed) as not_allowed:
        invitations.invitee_get_for(cast.bob.user, email="alice@lumen.example")
    assert unknown.value.fields == {"invitee": ["Unknown person."]}
    assert not_allowed.value.fields == {"invitee": ["You may not record invitations for this person."]}
    assert invitations.invitee_get_for(cast.olu.user, email="ALICE@lumen.example") == cast.alice
    assert invitations.invitee_get_for(cast.ada.user, person_id=str(cast.alice.pk)) == cast.alice


# --- Correcting --------------------------------------------------------------------------------


def test_a_pending_invitation_is_corrected_and_audited_with_before_and_after(cast: Cast) -> None:
    # given
    invitation = recorded(cast)
    # when
    invitations.invitation_update(actor=cast.alice.user, invitation=invitation, city="Toronto")
    # then
    invitation.refresh_from_db()
    assert invitation.city == "Toronto"
    assert invitation.event == "NeurIPS 2026"
    event = AuditEvent.objects.get(action="invitation.updated")
    assert (event.before["city"], event.after["city"]) == ("Montréal", "Toronto")


def test_a_correction_is_validated(cast: Cast) -> None:
    invitation = recorded(cast)
    with pytest.raises(ValidationFailed) as caught:
        invitations.invitation_update(
            actor=cast.alice.user, invitation=invitation, ends_on=dt.date(2026, 1, 1)
        )
    assert list(caught.value.fields) == ["ends_on"]
    invitation.refresh_from_db()
    assert invitation.ends_on == dt.date(2026, 3, 6)


def test_a_decided_invitation_cannot_be_corrected(cast: Cast) -> None:
    invitation = recorded(cast)
    invitations.invitation_decide(
        actor=cast.alice.user, invitation=invitation, decision="decline", reason="No"
    )
    with pytest.raises(Conflict) as caught:
        invitations.invitation_update(actor=cast.alice.user, invitation=invitation, city="Toronto")
    assert caught.value.code == "already_decided"


def test_the_manager_sees_but_cannot_correct(cast: Cast) -> None:
    invitation = recorded(cast)
    with pytest.raises(PermissionDenied):
        invitations.invitation_update(actor=cast.bob.user, invitation=invitation, city="Toronto")
    with pytest.raises(NotFound):
        invitations.invitation_update(actor=cast.mallory.user, invitation=invitation, city="Toronto")


# --- Deciding ----------------------------------------------------------------------------------


def test_accepting_starts_a_draft_trip_with_the_stay_and_links_it(cast: Cast) -> None:
    """The draft is Alice's, titled after the event, with a stay in its city for its dates."""
    # given
    invitation = recorded(cast)
    # when
    invitations.invitation_decide(
        actor=cast.alice.user, invitation=invitation, decision="accept", reason="Keynote"
    )
    # then
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert invitation.decision_reason == "Keynote"
    assert invitation.decided_by == cast.alice
    assert invitation.decided_at == NOW
    trip = Trip.objects.get()
    assert invitation.trip == trip
    assert (trip.traveller, trip.status, trip.title) == (cast.alice, TripStatus.DRAFT, "NeurIPS 2026")
    assert trip.facts["stays"] == [
        {"city": "Montréal", "country": "CA", "from": "2026-03-02", "to": "2026-03-06"}
    ]
    assert trip.facts["purpose"] == "conference"
    assert trip.facts["events"][0]["name"] == "NeurIPS 2026"
    assert trip.facts["events"][0]["host_organisation"] == "Neural Information Processing Systems Foundation"
    assert audit_actions(invitation) == ["invitation.recorded", "invitation.decided"]
    decided = AuditEvent.objects.get(action="invitation.decided")
    assert (decided.before["status"], decided.after["status"]) == ("pending", "accepted")
    assert decided.after["trip"] == trip.pk
    assert AuditEvent.objects.filter(action="trip.draft_saved", target_id=str(trip.pk)).exists()


def test_a_reason_is_optional_to_accept(cast: Cast) -> None:
    invitation = invitations.invitation_decide(
        actor=cast.alice.user, invitation=recorded(cast), decision="accept"
    )
    assert invitation.status == InvitationStatus.ACCEPTED


def test_a_long_event_name_is_cut_to_fit_the_trip_title(cast: Cast) -> None:
    invitation = recorded(cast, event="E" * 300)
    invitations.invitation_decide(actor=cast.alice.user, invitation=invitation, decision="accept")
    assert Trip.objects.get().title == "E" * 200


def test_declining_needs_a_reason(cast: Cast) -> None:
    invitation = recorded(cast)
    with pytest.raises(ValidationFailed) as caught:
        invitations.invitation_decide(
            actor=cast.alice.user, invitation=invitation, decision="decline", reason=" "
        )
    assert caught.value.fields == {"reason": ["Give the reason for declining."]}
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_a_declined_invitation_stays_on_record_without_a_trip(cast: Cast) -> None:
    # given
    invitation = recorded(cast)
    # when
    invitations.invitation_decide(
        actor=cast.alice.user, invitation=invitation, decision="decline", reason="Clashes with a review"
    )
    # then
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert invitation.decision_reason == "Clashes with a review"
    assert invitation.trip is None
    assert not Trip.objects.exists()
    assert list(invitations.invitation_list_for(cast.alice.user, status="declined")) == [invitation]


def test_an_unknown_decision_names_the_field(cast: Cast) -> None:
    with pytest.raises(ValidationFailed) as caught:
        invitations.invitation_decide(actor=cast.alice.user, invitation=recorded(cast), decision="maybe")
    assert list(caught.value.fields) == ["decision"]


@pytest.mark.parametrize("second", ["accept", "decline"])
def test_a_second_decision_is_refused(cast: Cast, second: str) -> None:
    """Once decided, deciding again is a clear error and changes nothing (no second trip)."""
    # given
    invitation = recorded(cast)
    invitations.invitation_decide(actor=cast.alice.user, invitation=invitation, decision="accept")
    # when
    with pytest.raises(Conflict) as caught:
        invitations.invitation_decide(
            actor=cast.alice.user, invitation=invitation, decision=second, reason="x"
        )
    # then
    assert caught.value.code == "already_decided"
    assert "already decided (Accepted)" in caught.value.message
    assert Trip.objects.count() == 1
    assert audit_actions(invitation).count("invitation.decided") == 1


def test_the_manager_is_told_in_the_app(cast: Cast) -> None:
    invitation = recorded(cast)
    invitations.invitation_decide(
        actor=cast.alice.user, invitation=invitation, decision="decline", reason="No"
    )
    notification = Notification.objects.get(kind="invitation.decided")
    assert notification.recipient == cast.bob
    assert notification.channel == "in_app"
    assert notification.params == {"event": "NeurIPS 2026", "status": "declined"}
    assert notification.url == f"/invitations/{invitation.pk}/"


def test_an_administrator_decides_for_the_invitee(cast: Cast) -> None:
    """Ada accepts on Alice's behalf: the draft is Alice's, the decision Ada's."""
    invitation = recorded(cast)
    invitations.invitation_decide(actor=cast.ada.user, invitation=invitation, decision="accept")
    invitation.refresh_from_db()
    assert invitation.decided_by == cast.ada
    assert invitation.trip is not None
    assert invitation.trip.traveller == cast.alice


@pytest.mark.parametrize("persona", ["bob", "olu", "audrey"])
def test_those_who_only_see_cannot_decide(cast: Cast, persona: str) -> None:
    invitation = recorded(cast)
    with pytest.raises(PermissionDenied):
        invitations.invitation_decide(
            actor=cast.persona(persona).user, invitation=invitation, decision="decline", reason="x"
        )
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_mallory_can_neither_see_nor_decide(cast: Cast) -> None:
    invitation = recorded(cast)
    with pytest.raises(NotFound):
        invitations.invitation_get_for(cast.mallory.user, invitation.pk)
    with pytest.raises(NotFound):
        invitations.invitation_decide(actor=cast.mallory.user, invitation=invitation, decision="accept")
    assert list(invitations.invitation_list_for(cast.mallory.user)) == []
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert not Trip.objects.exists()


# --- Reading -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("alice", True), ("bob", True), ("olu", True), ("audrey", True), ("ada", True), ("mallory", False)],
)
def test_who_sees_alices_invitations(cast: Cast, persona: str, sees: bool) -> None:
    invitation = recorded(cast)
    listed = list(invitations.invitation_list_for(cast.persona(persona).user))
    assert listed == ([invitation] if sees else [])


def test_the_list_filters_by_status(cast: Cast) -> None:
    pending = recorded(cast, event="Pending")
    accepted = invitations.invitation_decide(
        actor=cast.alice.user, invitation=recorded(cast, event="Accepted"), decision="accept"
    )
    assert list(invitations.invitation_list_for(cast.alice.user, status="pending")) == [pending]
    assert list(invitations.invitation_list_for(cast.alice.user, status="accepted")) == [accepted]
    with pytest.raises(ValidationFailed):
        invitations.invitation_list_for(cast.alice.user, status="maybe")


def test_a_read_by_someone_else_is_audited(cast: Cast) -> None:
    """Olu reading Alice's invitation is recorded; Alice reading her own is not."""
    invitation = recorded(cast)
    invitations.invitation_get_for(cast.alice.user, invitation.pk, audit=True)
    assert not AuditEvent.objects.filter(action="invitation.viewed").exists()
    invitations.invitation_get_for(cast.olu.user, invitation.pk, audit=True)
    assert AuditEvent.objects.get(action="invitation.viewed").target_id == str(invitation.pk)


def test_a_malformed_id_is_not_found(cast: Cast) -> None:
    with pytest.raises(NotFound):
        invitations.invitation_get_for(cast.alice.user, "abc")
