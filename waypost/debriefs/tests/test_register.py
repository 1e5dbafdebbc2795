"""The contacts register: one entry per real contact, merge suggestions, officers' merges."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.audit.models import AuditEvent
from waypost.core.errors import NotFound, ValidationFailed
from waypost.debriefs import services
from waypost.debriefs.choices import SuggestionStatus
from waypost.debriefs.models import Contact, Encounter, MergeSuggestion
from waypost.debriefs.register import (
    contact_merge,
    merge_suggestions_for,
    register_trip_contacts,
    suggestion_dismiss,
)
from waypost.people.choices import AccessRole
from waypost.people.models import Person, RoleAssignment
from waypost.people.tests.factories import PersonFactory
from waypost.testing import Cast
from waypost.trips.models import Trip

from .factories import complete_answers, contact, returned_trip

pytestmark = pytest.mark.django_db


def reported(person: Person, *contacts: dict[str, Any], **facts: Any) -> Trip:
    """A returned trip whose debrief (with ``contacts``) was submitted, its contacts registered."""
    trip = returned_trip(person, **facts)
    saved = services.debrief_draft_save(actor=person.user, trip=trip, answers=complete_answers(*contacts))
    assert saved.problems == {}
    services.debrief_transition(actor=person.user, debrief=saved.debrief, action="submit")
    register_trip_contacts(trip)
    return trip


def planned(person: Person, *meetings: dict[str, Any]) -> Trip:
    trip = returned_trip(person, meetings=list(meetings))
    register_trip_contacts(trip)
    return trip


def test_the_same_contact_met_on_two_trips_by_two_travellers_is_one_entry(cast: Cast) -> None:
    # given
    first = reported(cast.alice, contact("Maria Lopez", organisation="UNAM", country="MX"))
    second = reported(cast.bob, contact("maria  LOPEZ", organisation="unam", country="MX"))
    # then
    only = Contact.objects.get()
    assert (only.name, only.organisation, only.country) == ("Maria Lopez", "UNAM", "MX")
    encounters = Encounter.objects.filter(contact=only)
    assert {(e.trip_id, e.traveller_id) for e in encounters} == {
        (first.pk, cast.alice.pk),
        (second.pk, cast.bob.pk),
    }
    assert all(e.source == "debrief" for e in encounters)


def test_a_planned_meeting_and_the_reported_contact_are_one_entry_with_two_encounters(cast: Cast) -> None:
    # given: the declaration planned a meeting, the debrief reports it
    meeting = {"name": "Maria Lopez", "organisation": "UNAM", "country": "mx", "purpose": "Joint paper"}
    trip = reported(
        cast.alice,
        contact("Maria Lopez", organisation="UNAM", country="MX", planned=True, asked_about_work=True),
        meetings=[meeting],
    )
    # then
    only = Contact.objects.get()
    sources = sorted(Encounter.objects.filter(contact=only, trip=trip).values_list("source", flat=True))
    assert sources == ["debrief", "planned"]
    reported_details = Encounter.objects.get(source="debrief").details
    assert reported_details["asked_about_work"] is True


def test_one_name_in_two_scripts_is_two_entries_and_an_open_suggestion(cast: Cast) -> None:
    # given
    reported(cast.alice, contact("王伟", organisation="Tsinghua"))
    reported(cast.bob, contact("Wang Wei", organisation="Tsinghua"))
    chinese, latin = Contact.objects.get(name="王伟"), Contact.objects.get(name="Wang Wei")
    # when
    made = merge_suggestions_for([latin])
    # then
    assert len(made) == 1
    suggestion = MergeSuggestion.objects.get()
    assert (suggestion.contact_id, suggestion.other_id) == tuple(sorted((chinese.pk, latin.pk)))
    assert suggestion.status == SuggestionStatus.OPEN
    assert suggestion.score >= 0.8
    assert suggestion.explanation["pairs"]
    assert merge_suggestions_for([chinese, latin]) == []  # the pair is suggested once


def test_different_people_are_not_suggested(cast: Cast) -> None:
    reported(cast.alice, contact("Wang Wei", organisation="Tsinghua"), contact("Maria Lopez", country="MX"))
    assert merge_suggestions_for(Contact.objects.all()) == []


def test_merging_moves_the_encounters_and_marks_the_other_merged(cast: Cast) -> None:
    # given
    reported(cast.alice, contact("王伟", organisation="Tsinghua"))
    reported(cast.bob, contact("Wang Wei", organisation="Tsinghua"))
    chinese, latin = Contact.objects.get(name="王伟"), Contact.objects.get(name="Wang Wei")
    merge_suggestions_for([latin])
    # when
    kept = contact_merge(actor=cast.olu.user, keep=chinese, other=latin)
    # then
    latin.refresh_from_db()
    assert latin.merged_into_id == kept.pk == chinese.pk
    assert Encounter.objects.filter(contact=chinese).count() == 2
    assert not Encounter.objects.filter(contact=latin).exists()
    assert Contact.objects.get(pk=chinese.pk).name_latin == "Wang Wei"
    assert MergeSuggestion.objects.get().status == SuggestionStatus.MERGED
    event = AuditEvent.objects.get(action="contact.merged")
    assert event.before["merged"] == latin.pk
    assert event.after["encounters_moved"] == 1
    # a later meeting with "Wang Wei" of Tsinghua lands on the contact kept
    planned(cast.alice, {"name": "Wang Wei", "organisation": "Tsinghua"})
    assert Encounter.objects.filter(contact=chinese).count() == 3


def test_bad_merges_are_refused_with_a_reason(cast: Cast) -> None:
    reported(
        cast.alice, contact("王伟", organisation="Tsinghua"), contact("Wang Wei", organisation="Tsinghua")
    )
    chinese, latin = Contact.objects.get(name="王伟"), Contact.objects.get(name="Wang Wei")
    with pytest.raises(ValidationFailed) as itself:
        contact_merge(actor=cast.olu.user, keep=chinese, other=chinese)
    assert itself.value.fields == {"other": ["A contact cannot be merged into itself."]}
    contact_merge(actor=cast.olu.user, keep=chinese, other=latin)
    with pytest.raises(ValidationFailed) as again:
        contact_merge(actor=cast.olu.user, keep=chinese, other=latin)
    assert again.value.code == "merged"


def test_dismissing_a_suggestion_stops_it_coming_back(cast: Cast) -> None:
    # given
    reported(cast.alice, contact("王伟", organisation="Tsinghua"))
    reported(cast.bob, contact("Wang Wei", organisation="Tsinghua"))
    merge_suggestions_for(Contact.objects.all())
    suggestion = MergeSuggestion.objects.get()
    # when
    suggestion_dismiss(actor=cast.olu.user, suggestion=suggestion)
    # then
    assert MergeSuggestion.objects.get().status == SuggestionStatus.DISMISSED
    assert merge_suggestions_for(Contact.objects.all()) == []
    assert MergeSuggestion.objects.count() == 1
    assert AuditEvent.objects.filter(action="contact.not_same").count() == 1
    with pytest.raises(ValidationFailed):
        suggestion_dismiss(actor=cast.olu.user, suggestion=suggestion)


def test_only_security_officers_and_administrators_over_the_contacts_merge(cast: Cast) -> None:
    # given: an officer of another organisation, and Lumen's auditor
    reported(cast.alice, contact("王伟", organisation="Tsinghua"))
    reported(cast.bob, contact("Wang Wei", organisation="Tsinghua"))
    merge_suggestions_for(Contact.objects.all())
    chinese, latin = Contact.objects.get(name="王伟"), Contact.objects.get(name="Wang Wei")
    outsider = PersonFactory(email="otto@kinetic.example", unit=cast.other_unit)
    RoleAssignment.objects.create(person=outsider, role=AccessRole.SECURITY_OFFICER, node=cast.other_org)
    # then
    for person in (outsider, cast.audrey, cast.alice, cast.mallory):
        with pytest.raises(NotFound):
            contact_merge(actor=person.user, keep=chinese, other=latin)
        with pytest.raises(NotFound):
            suggestion_dismiss(actor=person.user, suggestion=MergeSuggestion.objects.get())
    assert Contact.objects.get(pk=latin.pk).merged_into_id is None
    contact_merge(actor=cast.ada.user, keep=latin, other=chinese)  # the administrator over the authority
    assert Contact.objects.get(pk=chinese.pk).merged_into_id == latin.pk


def test_registering_is_idempotent_and_follows_amendments(cast: Cast) -> None:
    # given
    trip = planned(
        cast.alice,
        {"name": "Maria Lopez", "organisation": "UNAM", "country": "MX"},
        {"name": "Jean Dupont", "organisation": "INRIA", "country": "FR"},
    )
    # when: registered again, nothing changes
    assert register_trip_contacts(trip) == []
    assert Encounter.objects.filter(trip=trip).count() == 2
    assert Contact.objects.count() == 2
    # when: an amendment drops the second meeting
    trip.facts = {
        **trip.facts,
        "meetings": [{"name": "Maria Lopez", "organisation": "UNAM", "country": "MX"}],
    }
    trip.save(update_fields=["facts"])
    register_trip_contacts(trip)
    # then
    assert list(Encounter.objects.filter(trip=trip).values_list("contact__name", flat=True)) == [
        "Maria Lopez"
    ]
    assert Contact.objects.count() == 2  # the register keeps the contact; only the meeting went
