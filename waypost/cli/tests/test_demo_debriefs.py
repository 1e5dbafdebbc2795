"""The demo holds debriefs in every state and a contacts register worth looking at."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command

from waypost.audit.models import AuditEvent
from waypost.core import clock
from waypost.debriefs.models import Contact, Debrief, Encounter, MergeSuggestion
from waypost.debriefs.selectors import contact_list_for, debrief_queue_for
from waypost.debriefs.services import trip_problems
from waypost.demo.debriefs import load_debriefs
from waypost.notifications.models import Notification
from waypost.people.models import Person
from waypost.screening.engine.compare import DEFAULT_THRESHOLD, compare
from waypost.screening.models import Hit
from waypost.trips.models import Trip

WEI = "wei.zhang@lumen.example"
HUI = "hui.chen@lumen.example"
OLU = "olu.adeyemi@lumen.example"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def run_demo(capsys: Any) -> None:
    call_command("demo", "--no-serve")
    capsys.readouterr()


def user_of(email: str) -> Any:
    return Person.objects.select_related("user").get(email=email).user


def test_demo_holds_an_overdue_debrief_with_saved_work_and_overdue_notices(db: Any, capsys: Any) -> None:
    """Wei Zhang's Frankfurt debrief is past its due day, half written; he and his manager were told."""
    # when
    run_demo(capsys)
    # then the trip is overdue, with the due day its obligations give
    trip = Trip.objects.get(traveller__email=WEI, title="Industry forum, Frankfurt")
    assert trip.status == "debrief_due"
    assert trip.debrief_due_on is not None
    assert trip.return_on is not None
    assert trip.debrief_due_on < clock.today()
    within = trip.assessments.get(is_current=True).obligations["debrief_within_days"]
    assert trip.debrief_due_on == trip.return_on + dt.timedelta(days=within)
    # and the traveller's draft holds what he typed, with what is still missing
    debrief = Debrief.objects.get(trip=trip)
    assert debrief.status == "draft"
    assert debrief.answers["activities"]
    assert debrief.answers["contacts"][0]["name"] == "Klaus Berger"
    assert "information_shared" in trip_problems(debrief)
    # and the overdue job told the traveller and escalated to his manager
    notices = Notification.objects.filter(url__contains=f"/trips/{trip.pk}/")
    kinds = set(notices.values_list("kind", "recipient__email"))
    assert ("debrief.overdue", WEI) in kinds
    assert ("debrief.overdue_escalated", HUI) in kinds
    # and the security officer sees it among the overdue debriefs
    assert trip in debrief_queue_for(actor=user_of(OLU)).overdue


def test_demo_holds_debriefs_submitted_and_reviewed(db: Any, capsys: Any) -> None:
    """One debrief waits for review (a contact in Chinese characters); one needs follow-up; one is closed."""
    # when
    run_demo(capsys)
    queue = debrief_queue_for(actor=user_of(OLU))
    # then one is waiting for the officer's review
    waiting = Debrief.objects.get(status="submitted")
    assert waiting in queue.to_review
    assert waiting.trip.status == "debriefed"
    contacts = waiting.answers["contacts"]
    assert len(contacts) == 2
    assert {(c["name"], c.get("name_latin", "")) for c in contacts} >= {("李明", "Li Ming")}
    assert any(c["name"].isascii() for c in contacts)
    assert any(c.get("asked_about_work") is True for c in contacts)
    # and one was reviewed with a follow-up, the trip kept open
    follow_up = Debrief.objects.get(status="reviewed", outcome="follow_up")
    assert follow_up in queue.follow_up
    assert follow_up.review_note
    assert follow_up.reviewed_by is not None
    assert follow_up.reviewed_by.email == OLU
    assert follow_up.trip.status == "debriefed"
    # and one was reviewed and closed, with its trip
    closed = Debrief.objects.get(status="reviewed", outcome="closed")
    assert closed.trip.status == "closed"
    # all through the workflow, on the audit record
    actions = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert actions["debrief.submitted"] == 3
    assert actions["debrief.reviewed"] == 2


def test_demo_register_holds_a_contact_met_by_two_travellers_and_an_open_merge_suggestion(
    db: Any, capsys: Any
) -> None:
    """Li Ming is one contact with encounters by two travellers; 王芳 and Wang Fang await a merge."""
    # when
    run_demo(capsys)
    # then one contact was met by two travellers on two trips
    register = {contact.name: contact for contact in contact_list_for(actor=user_of(OLU))}
    li_ming = register["李明"]
    assert (li_ming.name_latin, li_ming.traveller_count, li_ming.trip_count) == ("Li Ming", 2, 2)
    travellers = set(Encounter.objects.filter(contact=li_ming).values_list("traveller__email", flat=True))
    assert travellers == {WEI, HUI}
    # and the same person written in two ways is two contacts, with an open suggestion to merge them
    suggestion = MergeSuggestion.objects.get(status="open")
    pair = {suggestion.contact.name, suggestion.other.name}
    assert pair == {"王芳", "Wang Fang"}
    assert suggestion.contact.organisation == suggestion.other.organisation
    assert suggestion.score >= DEFAULT_THRESHOLD
    assert compare("王芳", "Wang Fang").is_match
    assert Contact.objects.filter(merged_into__isnull=False).count() == 0


def test_demo_raises_a_screening_hit_for_a_reported_contact(db: Any, capsys: Any) -> None:
    """A contact reported in a debrief is on Lumen's own watch list: the officer sees a hit."""
    # when
    run_demo(capsys)
    # then
    hit = Hit.objects.select_related("subject", "entry").get(entry__entry_id="LUMEN-002")
    assert hit.subject.name == "Viktor Orlov"
    assert hit.subject.source_type == "contact"
    assert hit.status == "open"


def test_loading_debriefs_again_adds_nothing(db: Any, capsys: Any) -> None:
    """A second load finds every debrief in place: no new rows, notices or audit events."""

    def counts() -> dict[str, Any]:
        return {
            "trips": Trip.objects.count(),
            "debriefs": list(Debrief.objects.order_by("pk").values_list("pk", "status", "revision")),
            "contacts": Contact.objects.count(),
            "encounters": Encounter.objects.count(),
            "suggestions": MergeSuggestion.objects.count(),
            "hits": Hit.objects.count(),
            "notifications": Notification.objects.count(),
            "events": Counter(AuditEvent.objects.values_list("action", flat=True)),
        }

    # given
    run_demo(capsys)
    before = counts()
    # when
    added = load_debriefs()
    # then
    assert added == 0
    assert counts() == before
