"""Reminders and escalation, run hourly by the worker (:mod:`waypost.notifications.tasks`).

Each rule finds what is due now, queues a notification with a ``dedupe_key`` naming the rule and
the trip or review step, and returns how many people it reminded this time. Because of the key a
reminder is written once however often the rule runs, so running it every hour (or twice at once
on two workers) is safe.

* :func:`declaration_due_reminders` — a draft whose guidance asks to declare it ``N`` days before
  departure, when that day is at most :data:`DECLARATION_NOTICE_DAYS` away (or has passed).
* :func:`briefing_reminders` — a declared trip departing within :data:`BRIEFING_NOTICE_DAYS`
  days with a required briefing not acknowledged.
* :func:`decision_reminders` — a review step waiting :data:`DECISION_REMIND_AFTER` for a decision
  reminds whoever may decide it; after :data:`DECISION_ESCALATE_AFTER` it is escalated to the
  security officers over the traveller's unit.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from waypost.core import clock
from waypost.people.choices import AccessRole
from waypost.people.models import Person, RoleAssignment
from waypost.trips.choices import TripStatus
from waypost.trips.models import ReviewStep, Trip, TripAssessment

from . import kinds
from .models import Notification
from .services import notify

logger = logging.getLogger(__name__)

DECLARATION_NOTICE_DAYS = 3
BRIEFING_NOTICE_DAYS = 2
DECISION_REMIND_AFTER = dt.timedelta(days=2)
DECISION_ESCALATE_AFTER = dt.timedelta(days=4)

#: Declared and not yet departed: the briefing must be read before leaving.
BRIEFING_STATUSES = (
    TripStatus.SUBMITTED,
    TripStatus.IN_REVIEW,
    TripStatus.APPROVED,
    TripStatus.ACKNOWLEDGED,
    TripStatus.ADVISED_AGAINST,
)
REVIEW_STATUSES = (TripStatus.SUBMITTED, TripStatus.IN_REVIEW)


def trip_label(trip: Trip) -> str:
    return trip.title or _("Trip %(number)s") % {"number": trip.pk}


def trip_url(trip: Trip) -> str:
    try:
        return reverse("web:trip-detail", kwargs={"trip_id": trip.pk})
    except NoReverseMatch:
        return ""


def dedupe_key(kind: kinds.Kind, subject: str, pk: int) -> str:
    return f"{kind.code}:{subject}:{pk}"


def _already_sent(kind: kinds.Kind, keys: Iterable[str]) -> set[str]:
    return set(
        Notification.objects.filter(kind=kind.code, dedupe_key__in=list(keys)).values_list(
            "dedupe_key", flat=True
        )
    )


def obligation_days(obligations: Any, name: str) -> int | None:
    value = obligations.get(name) if isinstance(obligations, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        days = int(value)
    except ValueError:
        return None
    return days if days >= 0 else None


def _send(recipients: Iterable[Person], kind: kinds.Kind, key: str, trip: Trip, **params: str) -> int:
    with transaction.atomic():
        written = notify(
            list(recipients),
            kind.code,
            params={"trip": trip_label(trip), **params},
            url=trip_url(trip),
            dedupe_key=key,
        )
    return len({row.recipient_id for row in written})


def declaration_due_reminders() -> int:
    """Remind travellers whose draft must be declared within the next few days (or already should be)."""
    today = clock.today()
    kind = kinds.REMINDER_DECLARATION_DUE
    due_by_trip: dict[int, dt.date] = {}
    rows = TripAssessment.objects.filter(
        is_current=True, trip__status=TripStatus.DRAFT, trip__depart_on__gte=today
    ).values_list("trip_id", "trip__depart_on", "obligations")
    for trip_id, depart_on, obligations in rows:
        days = obligation_days(obligations, "declare_days_before")
        if days is None or depart_on is None:
            continue
        due = depart_on - dt.timedelta(days=days)
        if due <= today + dt.timedelta(days=DECLARATION_NOTICE_DAYS):
            due_by_trip[trip_id] = due
    sent = _already_sent(kind, (dedupe_key(kind, "trip", pk) for pk in due_by_trip))
    reminded = 0
    for trip in Trip.objects.filter(pk__in=due_by_trip, status=TripStatus.DRAFT).select_related("traveller"):
        key = dedupe_key(kind, "trip", trip.pk)
        if key not in sent:
            reminded += _send([trip.traveller], kind, key, trip, due=due_by_trip[trip.pk].isoformat())
    return reminded


def briefing_reminders() -> int:
    """Remind travellers departing within two days who have not acknowledged a required briefing."""
    from waypost.trips.briefings import unacknowledged_briefings

    today = clock.today()
    kind = kinds.REMINDER_BRIEFING
    trips = list(
        Trip.objects.filter(
            status__in=BRIEFING_STATUSES,
            depart_on__gte=today,
            depart_on__lte=today + dt.timedelta(days=BRIEFING_NOTICE_DAYS),
        ).select_related("traveller", "traveller__unit")
    )
    sent = _already_sent(kind, (dedupe_key(kind, "trip", trip.pk) for trip in trips))
    reminded = 0
    for trip in trips:
        key = dedupe_key(kind, "trip", trip.pk)
        if key in sent or trip.depart_on is None or not unacknowledged_briefings(trip):
            continue
        reminded += _send([trip.traveller], kind, key, trip, departs=trip.depart_on.isoformat())
    return reminded


def open_steps_waiting() -> list[tuple[ReviewStep, dt.datetime]]:
    """Each trip's step waiting for a decision, with the time it started waiting.

    A step waits from the decision of the step before it in the same chain, the first step from
    its creation.
    """
    steps = (
        ReviewStep.objects.filter(is_current=True, decision="", trip__status__in=REVIEW_STATUSES)
        .select_related("trip", "trip__traveller", "trip__traveller__unit", "assignee")
        .order_by("trip_id", "position")
    )
    first_open: dict[int, ReviewStep] = {}
    for step in steps:
        first_open.setdefault(step.trip_id, step)
    decided = {
        (trip_id, version, position): decided_at
        for trip_id, version, position, decided_at in ReviewStep.objects.filter(
            trip_id__in=list(first_open), is_current=True, decided_at__isnull=False
        ).values_list("trip_id", "trip_version", "position", "decided_at")
    }
    return [
        (step, decided.get((step.trip_id, step.trip_version, step.position - 1)) or step.created_at)
        for step in first_open.values()
    ]


def security_officers_over(path: str, *, exclude: Iterable[int] = ()) -> list[Person]:
    """Active people holding the security-officer role over ``path`` (the node or an ancestor)."""
    segments = [segment for segment in path.split("/") if segment]
    ancestors = ["/" + "/".join(segments[: index + 1]) + "/" for index in range(len(segments))]
    person_ids = RoleAssignment.objects.filter(
        role=AccessRole.SECURITY_OFFICER, node__path__in=ancestors
    ).values_list("person_id", flat=True)
    return list(
        Person.objects.filter(pk__in=person_ids, is_active=True)
        .exclude(pk__in=list(exclude))
        .order_by("name_latin")
    )


def decision_reminders() -> int:
    """Remind who may decide a step waiting two days; escalate one waiting four days to the officers."""
    from waypost.trips.review import eligible_reviewers

    now = clock.now()
    remind, escalate = kinds.REMINDER_DECISION_PENDING, kinds.ESCALATION_DECISION_OVERDUE
    waiting = [(step, since) for step, since in open_steps_waiting() if now - since >= DECISION_REMIND_AFTER]
    remind_sent = _already_sent(remind, (dedupe_key(remind, "step", step.pk) for step, _ in waiting))
    escalate_sent = _already_sent(escalate, (dedupe_key(escalate, "step", step.pk) for step, _ in waiting))
    count = 0
    for step, since in waiting:
        trip = step.trip
        params = {"traveller": str(trip.traveller), "days": str((now - since).days)}
        key = dedupe_key(remind, "step", step.pk)
        if key not in remind_sent:
            count += _send(eligible_reviewers(step), remind, key, trip, **params)
        key = dedupe_key(escalate, "step", step.pk)
        if now - since >= DECISION_ESCALATE_AFTER and key not in escalate_sent:
            officers = security_officers_over(trip.traveller.unit.path, exclude=[trip.traveller_id])
            count += _send(officers, escalate, key, trip, **params)
    return count


RULES = (declaration_due_reminders, briefing_reminders, decision_reminders)


def reminders_send() -> dict[str, int]:
    """Run every rule; one failing rule is logged and does not stop the others."""
    counts: dict[str, int] = {}
    for rule in RULES:
        try:
            counts[rule.__name__] = rule()
        except Exception:
            logger.exception("reminder rule %s failed", rule.__name__)
            counts[rule.__name__] = 0
    return counts
