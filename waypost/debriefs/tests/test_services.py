"""The debrief workflow: drafts as typed, submit with its checks, the officer's review, the trip."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from waypost.audit.models import AuditEvent
from waypost.core.errors import Conflict, PermissionDenied, ValidationFailed
from waypost.debriefs import services
from waypost.debriefs.choices import DebriefStatus
from waypost.debriefs.models import Contact, Debrief, Encounter
from waypost.notifications.models import Notification
from waypost.screening.models import ScreeningSubject
from waypost.testing import Cast
from waypost.trips.models import Trip

from .factories import complete_answers, contact, returned_trip

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_debrief_is_prefilled_from_the_declaration(cast: Cast) -> None:
    meetings = [{"name": "王伟", "name_latin": "Wang Wei", "organisation": "Tsinghua", "country": "cn"}]
    trip = returned_trip(cast.alice, meetings=meetings)
    debrief = services.debrief_start(actor=cast.alice.user, trip=trip)
    assert debrief.answers["places"] == [
        {"city": "Mexico City", "country": "MX", "from": "2026-03-01", "to": "2026-03-06"}
    ]
    assert debrief.answers["contacts"] == [
        {
            "name": "王伟",
            "name_latin": "Wang Wei",
            "kind": "person",
            "organisation": "Tsinghua",
            "country": "CN",
            "how": "meeting",
            "topics": "",
            "planned": True,
        }
    ]


@pytest.mark.parametrize("status", ["travelling", "approved", "draft", "closed"])
def test_no_debrief_for_a_trip_not_yet_returned(cast: Cast, status: str) -> None:
    trip = returned_trip(cast.alice)
    Trip.objects.filter(pk=trip.pk).update(status=status)
    with pytest.raises(ValidationFailed) as caught:
        services.debrief_draft_save(actor=cast.alice.user, trip=trip, answers=complete_answers())
    assert caught.value.code == "not_returned"
    assert not Debrief.objects.exists()


def test_only_the_traveller_writes_the_debrief(cast: Cast) -> None:
    trip = returned_trip(cast.alice)
    for person in (cast.bob, cast.olu, cast.mallory):
        with pytest.raises(PermissionDenied):
            services.debrief_draft_save(actor=person.user, trip=trip, answers=complete_answers())


def test_a_draft_keeps_everything_typed_and_reports_every_problem(cast: Cast) -> None:
    trip = returned_trip(cast.alice)
    typed = complete_answers(contact("Li Na", met_on="2026-04-01"), contact("li  na"), contact("", how=""))
    typed["activities"] = ""
    typed["no_contacts"] = True
    typed["places"][0]["from"] = "2026-02-20"
    saved = services.debrief_draft_save(actor=cast.alice.user, trip=trip, answers=typed)
    assert Debrief.objects.get(trip=trip).answers == typed
    problems = saved.problems
    assert problems["activities"] == ["Say what you did on the trip."]
    assert "outside" in problems["places[0].from"][0]
    assert "outside" in problems["contacts[0].met_on"][0]
    assert problems["contacts[1].name"] == [
        "This is contact 1 again: list each contact once, with everything about them."
    ]
    assert problems["contacts[2].name"] == ["Enter the contact's name."]
    assert problems["contacts[2].how"] == ["Say how you met."]
    assert problems["no_contacts"] == ["You listed contacts, so you did meet someone: untick this box."]
    with pytest.raises(ValidationFailed) as caught:
        services.debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
    assert set(caught.value.fields) == set(problems)
    assert Debrief.objects.get(trip=trip).status == DebriefStatus.DRAFT


def test_submit_moves_the_trip_registers_and_screens_the_contacts(cast: Cast) -> None:
    trip = returned_trip(cast.alice)
    answers = complete_answers(
        contact("张伟", name_latin="Zhang Wei", organisation="Beijing Institute"),
        contact("Maria Lopez", country="MX"),
    )
    saved = services.debrief_draft_save(actor=cast.alice.user, trip=trip, answers=answers)
    assert saved.problems == {}
    debrief = services.debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
    assert debrief.status == DebriefStatus.SUBMITTED
    assert Trip.objects.get(pk=trip.pk).status == "debriefed"
    assert {c.name for c in Contact.objects.all()} == {"张伟", "Maria Lopez"}
    assert Encounter.objects.filter(trip=trip, source="debrief").count() == 2
    names = set(ScreeningSubject.objects.filter(trip=trip).values_list("name", "source_type"))
    assert {("张伟", "contact"), ("Beijing Institute", "contact")} <= names
    assert Notification.objects.filter(kind="debrief.submitted", recipient=cast.olu).exists()
    again = services.debrief_transition(actor=cast.alice.user, debrief=debrief, action="submit")
    assert again.revision == debrief.revision  # a double click changes nothing


def test_the_officer_reviews_follow_up_then_closed(cast: Cast) -> None:
    trip = returned_trip(cast.alice)
    saved = services.debrief_draft_save(actor=cast.alice.user, trip=trip, answers=complete_answers())
    debrief = services.debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
    for person in (cast.alice, cast.bob, cast.audrey, cast.mallory):
        with pytest.raises(PermissionDenied):
            services.debrief_transition(actor=person.user, debrief=debrief, action="review", outcome="closed")
    with pytest.raises(ValidationFailed) as caught:
        services.debrief_transition(
            actor=cast.olu.user, debrief=debrief, action="review", outcome="follow_up"
        )
    assert caught.value.fields == {"note": ["Say what follow-up is needed."]}
    debrief = services.debrief_transition(
        actor=cast.olu.user, debrief=debrief, action="review", outcome="follow_up", note="Call her."
    )
    assert Trip.objects.get(pk=trip.pk).status == "debriefed"
    with pytest.raises(Conflict):
        services.debrief_transition(
            actor=cast.olu.user,
            debrief=debrief,
            action="review",
            outcome="closed",
            revision=debrief.revision - 1,
        )
    debrief = services.debrief_transition(
        actor=cast.olu.user, debrief=debrief, action="review", outcome="closed"
    )
    assert Trip.objects.get(pk=trip.pk).status == "closed"
    with pytest.raises(ValidationFailed):
        services.debrief_transition(actor=cast.olu.user, debrief=debrief, action="review", outcome="closed")
    codes = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert codes.count("debrief.reviewed") == 2
    assert "trip.closed" in codes


def test_the_trip_moves_through_the_debrief_only(cast: Cast) -> None:
    from waypost.trips.services import trip_transition

    trip = returned_trip(cast.alice)
    with pytest.raises(PermissionDenied):
        trip_transition(actor=cast.alice.user, trip=trip, action="debriefed")


def test_overdue_debriefs_are_reminded_then_escalated_once_each(cast: Cast) -> None:
    trip = returned_trip(cast.alice, due=dt.date(2026, 3, 13))

    def kinds(person: Any) -> list[str]:
        return sorted(
            Notification.objects.filter(recipient=person, channel="in_app").values_list("kind", flat=True)
        )

    services.debriefs_remind(on=dt.date(2026, 3, 10))
    assert kinds(cast.alice) == []
    services.debriefs_remind(on=dt.date(2026, 3, 11))
    assert kinds(cast.alice) == ["debrief.reminder"]
    services.debriefs_remind(on=dt.date(2026, 3, 14))
    services.debriefs_remind(on=dt.date(2026, 3, 14))
    assert kinds(cast.alice) == ["debrief.overdue", "debrief.reminder"]
    assert kinds(cast.bob) == []
    services.debriefs_remind(on=dt.date(2026, 3, 16))
    assert kinds(cast.bob) == ["debrief.overdue_escalated"]
    assert kinds(cast.olu) == []
    services.debriefs_remind(on=dt.date(2026, 3, 25))
    services.debriefs_remind(on=dt.date(2026, 3, 26))
    assert kinds(cast.olu) == ["debrief.overdue_escalated"]
    assert kinds(cast.bob) == ["debrief.overdue_escalated"]
    assert trip.pk
