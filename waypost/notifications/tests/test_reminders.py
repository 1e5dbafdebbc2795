"""Reminder rules, each at its boundary, and sent once however often the rule runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from waypost.notifications.models import Channel, Notification
from waypost.notifications.reminders import (
    briefing_reminders,
    decision_reminders,
    declaration_due_reminders,
    reminders_send,
)
from waypost.policy.models import Briefing
from waypost.testing import Cast
from waypost.trips.choices import ApproverRole, Decision, TripStatus
from waypost.trips.models import BriefingAcknowledgement, ReviewStep, Trip

from .conftest import NOW

Clock = Callable[[dt.datetime], Any]
MakeTrip = Callable[..., Trip]


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)


def reminded(kind: str) -> list[tuple[str, str]]:
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__name_latin", "channel").distinct()
    )


# --- Declaration lead time -------------------------------------------------------------------------

DEPARTS = dt.date(2026, 3, 20)  # declare 14 days before: by 6 March; reminded from 3 March


def test_a_draft_is_reminded_three_days_before_it_must_be_declared(
    cast: Cast, clock_at: Clock, make_trip: MakeTrip
) -> None:
    # given
    make_trip(cast.alice, DEPARTS, declare_days_before=14)
    # when
    clock_at(midnight(dt.date(2026, 3, 3)) - dt.timedelta(seconds=1))
    early = declaration_due_reminders()
    clock_at(midnight(dt.date(2026, 3, 3)))
    on_time = declaration_due_reminders()
    again = declaration_due_reminders()
    # then
    assert (early, on_time, again) == (0, 1, 0)
    assert reminded("reminder.declaration_due") == [
        ("Alice Wang", Channel.EMAIL),
        ("Alice Wang", Channel.IN_APP),
    ]
    assert Notification.objects.filter(kind="reminder.declaration_due").first().params["due"] == "2026-03-06"


def test_a_draft_already_late_is_reminded(cast: Cast, clock_at: Clock, make_trip: MakeTrip) -> None:
    # given
    make_trip(cast.alice, DEPARTS, declare_days_before=14)
    clock_at(midnight(dt.date(2026, 3, 19)))
    # when / then
    assert declaration_due_reminders() == 1


@pytest.mark.parametrize(
    ("status", "obligations", "today"),
    [
        (TripStatus.SUBMITTED, {"declare_days_before": 14}, dt.date(2026, 3, 5)),
        (TripStatus.DRAFT, {}, dt.date(2026, 3, 5)),
        (TripStatus.DRAFT, {"declare_days_before": 14}, dt.date(2026, 3, 21)),  # departed already
    ],
    ids=["declared", "no-lead-time", "departure-passed"],
)
def test_no_declaration_reminder_when_nothing_is_due(
    cast: Cast, clock_at: Clock, make_trip: MakeTrip, status: str, obligations: dict[str, Any], today: dt.date
) -> None:
    # given
    make_trip(cast.alice, DEPARTS, status=status, **obligations)
    clock_at(midnight(today))
    # when / then
    assert declaration_due_reminders() == 0


# --- Briefing not acknowledged 48 hours before departure -------------------------------------------

BRIEFING_TRIP_DEPARTS = dt.date(2026, 3, 10)  # reminded from 8 March


@pytest.fixture
def briefing(cast: Cast) -> Briefing:
    return Briefing.objects.create(
        slug="high-risk", issuer=cast.org, title={"en": "High-risk destinations"}, body={"en": "Read me."}
    )


def test_an_unread_briefing_is_reminded_two_days_before_departure(
    cast: Cast, clock_at: Clock, make_trip: MakeTrip, briefing: Briefing
) -> None:
    # given
    make_trip(cast.alice, BRIEFING_TRIP_DEPARTS, status=TripStatus.APPROVED, briefing=["high-risk"])
    # when
    clock_at(midnight(dt.date(2026, 3, 8)) - dt.timedelta(seconds=1))
    early = briefing_reminders()
    clock_at(midnight(dt.date(2026, 3, 8)))
    on_time = briefing_reminders()
    again = briefing_reminders()
    # then
    assert (early, on_time, again) == (0, 1, 0)
    row = Notification.objects.filter(kind="reminder.briefing").first()
    assert row.recipient == cast.alice
    assert row.params["departs"] == "2026-03-10"


def test_an_acknowledged_briefing_is_not_reminded(
    cast: Cast, clock_at: Clock, make_trip: MakeTrip, briefing: Briefing
) -> None:
    # given
    trip = make_trip(cast.alice, BRIEFING_TRIP_DEPARTS, status=TripStatus.APPROVED, briefing=["high-risk"])
    BriefingAcknowledgement.objects.create(
        trip=trip,
        briefing=briefing,
        briefing_version=1,
        language="en",
        person=cast.alice,
        acknowledged_at=NOW,
    )
    clock_at(midnight(dt.date(2026, 3, 9)))
    # when / then
    assert briefing_reminders() == 0


@pytest.mark.parametrize("status", [TripStatus.DRAFT, TripStatus.CANCELLED, TripStatus.TRAVELLING])
def test_no_briefing_reminder_outside_the_declared_statuses(
    cast: Cast, clock_at: Clock, make_trip: MakeTrip, briefing: Briefing, status: str
) -> None:
    # given
    make_trip(cast.alice, BRIEFING_TRIP_DEPARTS, status=status, briefing=["high-risk"])
    clock_at(midnight(dt.date(2026, 3, 9)))
    # when / then
    assert briefing_reminders() == 0


# --- Decisions pending, and escalation -------------------------------------------------------------


def in_review(cast: Cast, make_trip: MakeTrip, *roles: str) -> tuple[Trip, list[ReviewStep]]:
    trip = make_trip(cast.alice, dt.date(2026, 4, 1), status=TripStatus.IN_REVIEW)
    steps = [
        ReviewStep.objects.create(
            trip=trip,
            trip_version=trip.version,
            position=position,
            role=role,
            assignee=cast.bob if role == ApproverRole.MANAGER else None,
        )
        for position, role in enumerate(roles, start=1)
    ]
    return trip, steps


def test_a_decision_waiting_two_days_reminds_the_approver(
    cast: Cast, clock_at: Clock, make_trip: MakeTrip
) -> None:
    # given: the manager's step was opened at NOW
    in_review(cast, make_trip, ApproverRole.MANAGER)
    # when
    clock_at(NOW + dt.timedelta(days=2, seconds=-1))
    early = decision_reminders()
    clock_at(NOW + dt.timedelta(days=2))
    on_time = decision_reminders()
    again = decision_reminders()
    # then
    assert (early, on_time, again) == (0, 1, 0)
    assert reminded("reminder.decision_pending") == [
        ("Bob Chen", Channel.EMAIL),
        ("Bob Chen", Channel.IN_APP),
    ]
    assert reminded("escalation.decision_overdue") == []
    row = Notification.objects.filter(kind="reminder.decision_pending").first()
    assert row.params == {"trip": "New York conference", "traveller": "Alice Wang (王爱丽)", "days": "2"}


def test_a_decision_waiting_four_days_is_escalated_to_the_security_officers(
    cast: Cast, clock_at: Clock, make_trip: MakeTrip
) -> None:
    # given
    in_review(cast, make_trip, ApproverRole.MANAGER)
    clock_at(NOW + dt.timedelta(days=2))
    decision_reminders()
    # when
    clock_at(NOW + dt.timedelta(days=4, seconds=-1))
    early = decision_reminders()
    clock_at(NOW + dt.timedelta(days=4))
    on_time = decision_reminders()
    again = decision_reminders()
    # then
    assert (early, on_time, again) == (0, 1, 0)
    assert reminded("escalation.decision_overdue") == [
        ("Olu Adeyemi", Channel.EMAIL),
        ("Olu Adeyemi", Channel.IN_APP),
    ]
    assert Notification.objects.filter(kind="reminder.decision_pending").count() == 2  # not repeated


def test_a_later_step_waits_from_the_decision_before_it(
    cast: Cast, clock_at: Clock, make_trip: MakeTrip
) -> None:
    # given: the manager decided a day after the chain opened; the officer's step waits from then
    _trip, (manager, _officer) = in_review(
        cast, make_trip, ApproverRole.MANAGER, ApproverRole.SECURITY_OFFICER
    )
    decided_at = NOW + dt.timedelta(days=1)
    ReviewStep.objects.filter(pk=manager.pk).update(
        decision=Decision.APPROVE, decided_by=cast.bob, decided_at=decided_at
    )
    # when
    clock_at(decided_at + dt.timedelta(days=2, seconds=-1))
    early = decision_reminders()
    clock_at(decided_at + dt.timedelta(days=2))
    on_time = decision_reminders()
    # then
    assert (early, on_time) == (0, 1)
    assert reminded("reminder.decision_pending") == [
        ("Olu Adeyemi", Channel.EMAIL),
        ("Olu Adeyemi", Channel.IN_APP),
    ]


def test_a_decided_chain_reminds_nobody(cast: Cast, clock_at: Clock, make_trip: MakeTrip) -> None:
    # given
    trip, (step,) = in_review(cast, make_trip, ApproverRole.MANAGER)
    ReviewStep.objects.filter(pk=step.pk).update(decision=Decision.APPROVE, decided_at=NOW)
    Trip.objects.filter(pk=trip.pk).update(status=TripStatus.APPROVED)
    clock_at(NOW + dt.timedelta(days=10))
    # when / then
    assert decision_reminders() == 0


def test_reminders_send_runs_every_rule(cast: Cast, clock_at: Clock, make_trip: MakeTrip) -> None:
    # given
    make_trip(cast.alice, DEPARTS, declare_days_before=14)
    in_review(cast, make_trip, ApproverRole.MANAGER)
    clock_at(midnight(dt.date(2026, 3, 6)))  # 4 days 15 hours after the step opened
    # when
    counts = reminders_send()
    # then
    assert counts == {"declaration_due_reminders": 1, "briefing_reminders": 0, "decision_reminders": 2}
