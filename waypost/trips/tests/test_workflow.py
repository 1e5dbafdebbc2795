"""The trip workflow: drafts, submission, the approval chain, decisions, amendments, briefings.

Guidance is published as it is in production; trips go through ``trip_transition`` only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection

from waypost.audit.models import AuditEvent
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.notifications.models import Notification
from waypost.policy.models import Briefing
from waypost.policy.tests.factories import LEADERS_RULE, guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips import review, services
from waypost.trips.choices import Decision, TripStatus
from waypost.trips.models import ApprovalDelegate, ReviewStep, Trip, TripAssessment, TripVersion
from waypost.trips.selectors import review_queue_for
from waypost.trips.tests.factories import to_city, via_vancouver

NOW = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)
START = dt.date(2026, 3, 1)

#: Manager then security officer for AI leaders to the US and allies; a briefing to read.
CHAIN_RULE: dict[str, Any] = {
    **LEADERS_RULE,
    "then": {
        "advisory": "advised_against",
        "declare_days_before": 14,
        "approval": ["manager", "security_officer"],
        "briefing": "high-risk",
    },
}
#: Anyone to Singapore: caution, the manager acknowledges.
SINGAPORE_RULE: dict[str, Any] = {
    "id": "singapore-caution",
    "when": {"destinations": {"countries": ["SG"]}},
    "then": {"advisory": "caution", "approval": ["manager"]},
}


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def guidance(cast: Cast) -> None:
    publish(cast.olu.user, guidance_yaml(rules=[CHAIN_RULE, SINGAPORE_RULE]))
    Briefing.objects.create(
        slug="high-risk",
        issuer=cast.org,
        title={"en": "High-risk destinations", "de": "Risikoreiche Ziele"},
        body={"en": "Take a clean laptop.", "de": "Nehmen Sie ein leeres Notebook mit."},
    )


def _draft(cast: Cast, facts: dict[str, Any] | None = None) -> Trip:
    saved = services.trip_draft_save(
        actor=cast.alice.user, facts=facts or via_vancouver(START), title="Mexico"
    )
    return saved.trip


def _submitted(cast: Cast, facts: dict[str, Any] | None = None) -> Trip:
    trip = _draft(cast, facts)
    return services.trip_transition(actor=cast.alice.user, trip=trip, action="submit")


# --- Drafts --------------------------------------------------------------------------------------


def test_a_draft_keeps_invalid_input_and_names_the_field(cast: Cast, guidance: None) -> None:
    facts = via_vancouver(START)
    facts["legs"][0]["from"] = "XXQ"
    saved = services.trip_draft_save(actor=cast.alice.user, facts=facts, title="typo")
    trip = Trip.objects.get(pk=saved.trip.pk)
    assert trip.facts["legs"][0]["from"] == "XXQ"
    assert "legs[0].from" in saved.problems
    assert saved.assessment is None
    with pytest.raises(ValidationFailed) as caught:
        services.trip_transition(actor=cast.alice.user, trip=trip, action="submit")
    assert "legs[0].from" in caught.value.fields
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.DRAFT


def test_a_valid_draft_is_assessed(cast: Cast, guidance: None) -> None:
    saved = services.trip_draft_save(actor=cast.alice.user, facts=via_vancouver(START))
    assert saved.problems == {}
    assert saved.assessment is not None
    assert saved.assessment.advisory == "advised_against"
    assert saved.trip.depart_on == START


def test_someone_else_cannot_save_into_a_draft(cast: Cast, guidance: None) -> None:
    trip = _draft(cast)
    with pytest.raises(NotFound):
        services.trip_draft_save(actor=cast.mallory.user, trip=trip, facts={})
    with pytest.raises(NotFound):
        services.trip_draft_save(actor=cast.bob.user, trip=trip, facts={})


def test_a_stale_draft_save_is_a_conflict(cast: Cast, guidance: None) -> None:
    trip = _draft(cast)
    services.trip_draft_save(actor=cast.alice.user, trip=trip, facts=trip.facts, revision=trip.revision)
    with pytest.raises(Conflict):
        services.trip_draft_save(actor=cast.alice.user, trip=trip, facts={}, revision=trip.revision - 1)


# --- Submission and the chain ---------------------------------------------------------------------


def test_submit_builds_the_chain_the_assessment_asks_for(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    assert trip.status == TripStatus.SUBMITTED
    steps = list(ReviewStep.objects.filter(trip=trip).order_by("position"))
    assert [(step.role, step.assignee_id) for step in steps] == [
        ("manager", cast.bob.pk),
        ("security_officer", None),
    ]
    assert TripVersion.objects.filter(trip=trip, number=1).exists()
    assert AuditEvent.objects.filter(action="trip.submitted", target_id=str(trip.pk)).exists()
    # The manager is told; the officer only when it is their turn.
    asked = Notification.objects.filter(kind="trip.review_requested").values_list("recipient_id", flat=True)
    assert set(asked) == {cast.bob.pk}


def test_submission_less_than_the_lead_time_ahead_is_accepted_but_late(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast, via_vancouver(NOW.date() + dt.timedelta(days=5)))
    assessment = TripAssessment.objects.get(trip=trip, is_current=True)
    assert assessment.late is True
    assert trip.status == TripStatus.SUBMITTED


def test_submitting_twice_is_harmless(cast: Cast, guidance: None) -> None:
    trip = _draft(cast)
    revision = trip.revision
    services.trip_transition(actor=cast.alice.user, trip=trip, action="submit", revision=revision)
    again = services.trip_transition(actor=cast.alice.user, trip=trip, action="submit", revision=revision)
    assert again.status == TripStatus.SUBMITTED
    assert ReviewStep.objects.filter(trip=trip).count() == 2
    assert TripVersion.objects.filter(trip=trip).count() == 1


def test_a_trip_needing_no_review_is_acknowledged_at_once(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast, to_city("KUL", "MY", "Kuala Lumpur", START))
    assert trip.status == TripStatus.ACKNOWLEDGED
    assert not ReviewStep.objects.filter(trip=trip).exists()


def test_overlapping_trips_are_refused_at_submission(cast: Cast, guidance: None) -> None:
    _submitted(cast)
    second = _draft(cast, to_city("NRT", "JP", "Tokyo", START + dt.timedelta(days=2)))
    with pytest.raises(ValidationFailed) as caught:
        services.trip_transition(actor=cast.alice.user, trip=second, action="submit")
    assert "legs" in caught.value.fields
    assert "Mexico" in caught.value.fields["legs"][0]


def test_the_chain_runs_manager_then_officer_to_the_outcome(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    with pytest.raises(PermissionDenied):  # the officer's turn has not come
        services.trip_transition(actor=cast.olu.user, trip=trip, action=Decision.APPROVE)
    trip = services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.APPROVE, note="fine")
    assert trip.status == TripStatus.IN_REVIEW
    assert set(
        Notification.objects.filter(kind="trip.review_requested").values_list("recipient_id", flat=True)
    ) == {cast.bob.pk, cast.olu.pk}
    trip = services.trip_transition(
        actor=cast.olu.user, trip=trip, action=Decision.ACKNOWLEDGE, note="noted, take a clean laptop"
    )
    assert trip.status == TripStatus.ACKNOWLEDGED
    assert trip.decided_at is not None
    assert Notification.objects.filter(recipient=cast.alice, kind="trip.outcome").exists()


def test_advice_against_ends_the_chain_and_needs_a_reason(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    with pytest.raises(ValidationFailed) as caught:
        services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.ADVISE_AGAINST)
    assert "note" in caught.value.fields
    trip = services.trip_transition(
        actor=cast.bob.user, trip=trip, action=Decision.ADVISE_AGAINST, note="transit through Canada"
    )
    assert trip.status == TripStatus.ADVISED_AGAINST
    assert review.open_step(trip) is None


def test_the_traveller_may_proceed_against_advice_with_a_recorded_acknowledgement(
    cast: Cast, guidance: None
) -> None:
    trip = _submitted(cast)
    trip = services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.ADVISE_AGAINST, note="no")
    with pytest.raises(ValidationFailed):
        services.trip_transition(actor=cast.alice.user, trip=trip, action="proceed")
    trip = services.trip_transition(
        actor=cast.alice.user, trip=trip, action="proceed", note="I understand the risk; the keynote matters."
    )
    assert trip.proceeded_at is not None
    assert Notification.objects.filter(recipient=cast.olu, kind="trip.proceeded").exists()
    assert AuditEvent.objects.filter(action="trip.proceeded", target_id=str(trip.pk)).exists()


def test_nobody_reviews_their_own_trip(cast: Cast, guidance: None) -> None:
    # Bob (an approver and Alice's manager) declares his own trip: he is not his own reviewer.
    saved = services.trip_draft_save(actor=cast.bob.user, facts=via_vancouver(START))
    trip = services.trip_transition(actor=cast.bob.user, trip=saved.trip, action="submit")
    step = review.open_step(trip)
    assert step is not None
    with pytest.raises(PermissionDenied) as caught:
        services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.APPROVE)
    assert "own trip" in caught.value.message
    assert trip not in [queued for queued, _step in review_queue_for(actor=cast.bob.user)]


def test_others_cannot_decide(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    for outsider in (cast.mallory, cast.audrey, cast.alice):
        with pytest.raises(PermissionDenied):
            services.trip_transition(actor=outsider.user, trip=trip, action=Decision.APPROVE)
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.SUBMITTED


def test_a_delegate_decides_while_the_manager_is_away(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    services.delegate_set(
        actor=cast.bob.user,
        delegate=cast.olu,
        starts_on=NOW.date(),
        ends_on=NOW.date() + dt.timedelta(days=7),
    )
    step = review.open_step(trip)
    assert step is not None
    assert [person.pk for person in review.eligible_reviewers(step)] == [cast.olu.pk]
    assert trip in [queued for queued, _step in review_queue_for(actor=cast.olu.user)]
    services.trip_transition(actor=cast.olu.user, trip=trip, action=Decision.APPROVE, note="for Bob")
    decided = ReviewStep.objects.get(pk=step.pk)
    assert (decided.decided_by_id, decided.on_behalf_of_id) == (cast.olu.pk, cast.bob.pk)


def test_a_delegation_outside_its_dates_gives_no_power(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    ApprovalDelegate.objects.create(
        person=cast.bob,
        delegate=cast.mallory,
        starts_on=NOW.date() + dt.timedelta(days=3),
        ends_on=NOW.date() + dt.timedelta(days=5),
    )
    with pytest.raises(PermissionDenied):
        services.trip_transition(actor=cast.mallory.user, trip=trip, action=Decision.APPROVE)


def test_delegate_validation_names_the_fields(cast: Cast) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.delegate_set(
            actor=cast.bob.user,
            delegate=cast.bob,
            starts_on=NOW.date(),
            ends_on=NOW.date() - dt.timedelta(days=1),
        )
    assert set(caught.value.fields) == {"delegate", "ends_on"}


def test_review_queues_show_what_each_may_decide_now(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    assert [queued.pk for queued, _step in review_queue_for(actor=cast.bob.user)] == [trip.pk]
    assert review_queue_for(actor=cast.olu.user) == []
    services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.APPROVE)
    assert review_queue_for(actor=cast.bob.user) == []
    assert [queued.pk for queued, _step in review_queue_for(actor=cast.olu.user)] == [trip.pk]
    assert review_queue_for(actor=cast.mallory.user) == []


# --- Concurrency -----------------------------------------------------------------------------------


def test_a_decision_on_a_stale_page_is_a_conflict_and_loses_nothing(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    services.delegate_set(
        actor=cast.bob.user,
        delegate=cast.olu,
        starts_on=NOW.date() - dt.timedelta(days=1),
        ends_on=NOW.date(),
    )
    seen = Trip.objects.get(pk=trip.pk).revision  # both reviewers opened the page at this revision
    services.trip_transition(
        actor=cast.bob.user, trip=trip, action=Decision.APPROVE, note="yes", revision=seen
    )
    with pytest.raises(Conflict):
        services.trip_transition(
            actor=cast.olu.user, trip=trip, action=Decision.ADVISE_AGAINST, note="no", revision=seen
        )
    step = ReviewStep.objects.get(trip=trip, position=1)
    assert (step.decision, step.note, step.decided_by_id) == ("approve", "yes", cast.bob.pk)
    assert ReviewStep.objects.get(trip=trip, position=2).decision == ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent transactions need PostgreSQL")
def test_two_reviewers_at_once_one_wins(cast: Cast, guidance: None) -> None:
    """Two threads decide the same step in parallel transactions: exactly one succeeds."""
    trip = _submitted(cast)
    services.delegate_set(
        actor=cast.bob.user,
        delegate=cast.olu,
        starts_on=NOW.date() - dt.timedelta(days=1),
        ends_on=NOW.date(),
    )
    seen = Trip.objects.get(pk=trip.pk).revision
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decide(name: str, actor: Any, action: str) -> None:
        barrier.wait()
        try:
            services.trip_transition(actor=actor, trip=trip, action=action, note=name, revision=seen)
            outcomes[name] = "won"
        except Conflict:
            outcomes[name] = "conflict"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=("bob", cast.bob.user, Decision.APPROVE)),
        threading.Thread(target=decide, args=("olu", cast.olu.user, Decision.ADVISE_AGAINST)),
    ]
    with time_machine.travel(NOW, tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes.values()) == ["conflict", "won"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    step = ReviewStep.objects.get(trip=trip, position=1)
    assert step.note == winner
    assert AuditEvent.objects.filter(action="trip.decided", target_id=str(trip.pk)).count() == 1


# --- Amendments ------------------------------------------------------------------------------------


def test_a_looser_amendment_keeps_the_review_going(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast, to_city("SIN", "SG", "Singapore", START))
    assert [step.role for step in ReviewStep.objects.filter(trip=trip)] == ["manager"]
    facts = to_city("SIN", "SG", "Singapore", START)
    facts["purpose"] = "meeting"
    amended = services.trip_amend(actor=cast.alice.user, trip=trip, facts=facts, note="purpose")
    assert (amended.stricter, amended.new_review) == (False, False)
    assert amended.version.number == 2
    assert ReviewStep.objects.filter(trip=trip, is_current=True).count() == 1


def test_a_stricter_amendment_starts_a_new_review(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast, to_city("SIN", "SG", "Singapore", START))
    trip = services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.ACKNOWLEDGE)
    assert trip.status == TripStatus.ACKNOWLEDGED
    amended = services.trip_amend(
        actor=cast.alice.user, trip=trip, facts=via_vancouver(START), note="now via Vancouver"
    )
    assert (amended.stricter, amended.new_review) == (True, True)
    trip = Trip.objects.get(pk=trip.pk)
    assert trip.status == TripStatus.SUBMITTED
    assert trip.version == 2
    current = list(ReviewStep.objects.filter(trip=trip, is_current=True).order_by("position"))
    assert [(step.role, step.trip_version) for step in current] == [("manager", 2), ("security_officer", 2)]
    # the old decision stays on record
    assert ReviewStep.objects.filter(trip=trip, is_current=False, decision="acknowledge").exists()
    assert Notification.objects.filter(recipient=cast.bob, kind="trip.amended").exists()


def test_an_amendment_must_change_something_and_is_checked(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    with pytest.raises(ValidationFailed):
        services.trip_amend(actor=cast.alice.user, trip=trip, facts=trip.facts)
    broken = via_vancouver(START)
    broken["stays"][0]["to"] = "2026-02-01"
    with pytest.raises(ValidationFailed) as caught:
        services.trip_amend(actor=cast.alice.user, trip=trip, facts=broken)
    assert caught.value.fields
    assert Trip.objects.get(pk=trip.pk).version == 1


def test_a_draft_is_not_amended_and_a_cancelled_trip_neither(cast: Cast, guidance: None) -> None:
    trip = _draft(cast)
    with pytest.raises(ValidationFailed):
        services.trip_amend(actor=cast.alice.user, trip=trip, facts=to_city("NRT", "JP", "Tokyo", START))
    trip = services.trip_transition(actor=cast.alice.user, trip=trip, action="cancel", note="plans changed")
    assert trip.status == TripStatus.CANCELLED
    with pytest.raises(ValidationFailed):
        services.trip_transition(actor=cast.alice.user, trip=trip, action="submit")


# --- Briefings and departure --------------------------------------------------------------------------


def test_briefing_acknowledgement_records_version_and_language(cast: Cast, guidance: None) -> None:
    from waypost.trips.briefings import unacknowledged_briefings

    trip = _submitted(cast)
    briefing = Briefing.objects.get(slug="high-risk")
    assert unacknowledged_briefings(trip) == [briefing]
    with pytest.raises(NotFound):
        services.trip_briefing_acknowledge(actor=cast.bob.user, trip=trip, briefing=briefing, language="en")
    ack = services.trip_briefing_acknowledge(
        actor=cast.alice.user, trip=trip, briefing=briefing, language="de"
    )
    assert (ack.briefing_version, ack.language, ack.acknowledged_at) == (1, "de", NOW)
    assert unacknowledged_briefings(trip) == []
    # a new version of the briefing needs reading again
    briefing.version = 2
    briefing.save()
    assert unacknowledged_briefings(trip) == [briefing]


def test_departing_without_the_briefing_is_flagged(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.APPROVE)
    services.trip_transition(actor=cast.olu.user, trip=trip, action=Decision.APPROVE)
    assert services.trips_depart_due(on=START) == 1
    trip = Trip.objects.get(pk=trip.pk)
    assert trip.status == TripStatus.TRAVELLING
    assert trip.briefing_flagged_at is not None
    assert Notification.objects.filter(recipient=cast.olu, kind="trip.briefing_flagged").exists()


def test_an_advised_against_trip_departs_only_if_the_traveller_proceeded(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.ADVISE_AGAINST, note="no")
    assert services.trips_depart_due(on=START) == 0
    services.trip_transition(actor=cast.alice.user, trip=trip, action="proceed", note="going anyway")
    assert services.trips_depart_due(on=START) == 1


def test_a_rolled_back_change_sends_nothing(
    cast: Cast, guidance: None, django_capture_on_commit_callbacks: Any
) -> None:
    trip = _draft(cast)
    with django_capture_on_commit_callbacks(execute=True), contextlib.suppress(ValidationFailed):
        services.trip_amend(actor=cast.alice.user, trip=trip, facts=trip.facts)
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_draft_is_judged_as_if_submitted_today(cast: Cast, guidance: None) -> None:
    saved = services.trip_draft_save(
        actor=cast.alice.user, facts=via_vancouver(NOW.date() + dt.timedelta(days=5))
    )
    assert saved.assessment is not None
    assert saved.assessment.late is True


def test_an_autosave_with_nothing_new_writes_nothing(cast: Cast, guidance: None) -> None:
    trip = _draft(cast)
    events = AuditEvent.objects.count()
    again = services.trip_draft_save(actor=cast.alice.user, trip=trip, facts=trip.facts, title=trip.title)
    assert again.trip.revision == trip.revision
    assert AuditEvent.objects.count() == events


def test_an_over_long_title_is_refused_by_field(cast: Cast, guidance: None) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.trip_draft_save(actor=cast.alice.user, facts={}, title="x" * 201)
    assert "title" in caught.value.fields


def test_nobody_starts_a_trip_by_hand(cast: Cast, guidance: None) -> None:
    trip = _submitted(cast)
    services.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.APPROVE)
    services.trip_transition(actor=cast.olu.user, trip=trip, action=Decision.APPROVE)
    with pytest.raises(PermissionDenied):
        services.trip_transition(actor=cast.alice.user, trip=trip, action="depart")
    assert Trip.objects.get(pk=trip.pk).status == TripStatus.APPROVED
