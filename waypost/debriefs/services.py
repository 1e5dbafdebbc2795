"""Writes of the debrief workflow: draft, submit, review; and the overdue job.

The debrief's own workflow is :func:`debrief_transition` (``submit``, ``review``); it moves the
trip with :func:`waypost.trips.services.trip_transition` (``debriefed``, ``debrief_closed``) in
the same transaction, so a trip and its debrief never disagree.

Who may do what: the traveller writes and submits their debrief once the trip has returned;
security officers over the traveller's unit (never the traveller) review it, with an outcome
(``closed`` ends the trip; ``follow_up`` keeps it open until a later review closes it). Every
write is atomic and audited; notifications are queued in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from waypost.audit.services import record, snapshot
from waypost.core import clock
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.notifications.services import notify
from waypost.notifications.webhooks import webhook_emit
from waypost.people.choices import AccessRole
from waypost.people.models import Person
from waypost.people.scoping import scope_for
from waypost.trips import review
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip
from waypost.trips.services import trip_transition

from . import answers as answer_rules
from . import events
from .choices import DebriefOutcome, DebriefStatus
from .models import Debrief

#: Trip statuses in which the traveller may write the debrief.
OPEN_FOR_DEBRIEF = (TripStatus.RETURNED, TripStatus.DEBRIEF_DUE)
DEBRIEF_FIELDS = ("status", "answers", "outcome", "review_note", "late")
NOTE_MAX = 10_000


@dataclass
class DebriefSaved:
    debrief: Debrief
    #: Problems by field path; empty when the answers could be submitted as they are.
    problems: dict[str, list[str]]


def is_traveller(actor: Any, trip: Trip) -> bool:
    return scope_for(actor).person_id == trip.traveller_id


def may_review(actor: Any, trip: Trip) -> bool:
    """Security officers over the traveller's unit, never the traveller."""
    scope = scope_for(actor)
    return scope.person_id != trip.traveller_id and scope.covers(
        trip.traveller.unit.path, AccessRole.SECURITY_OFFICER
    )


def debrief_url(trip: Trip) -> str:
    return reverse("web:debrief", kwargs={"trip_id": trip.pk})


def _label(trip: Trip) -> str:
    return trip.title or _("Trip %(number)s") % {"number": trip.pk}


def trip_problems(debrief: Debrief) -> dict[str, list[str]]:
    trip = debrief.trip
    return answer_rules.problems(debrief.answers, start=trip.depart_on, end=trip.return_on)


def _not_returned(trip: Trip) -> ValidationFailed:
    return ValidationFailed(
        _("A debrief is written after the trip: this trip is “%(status)s”.")
        % {"status": TripStatus(trip.status).label},
        code="not_returned",
    )


def _locked(debrief: Debrief) -> Debrief:
    try:
        return (
            Debrief.objects.select_for_update(of=("self",))
            .select_related("trip__traveller__unit", "trip__traveller__manager")
            .get(pk=debrief.pk)
        )
    except Debrief.DoesNotExist:
        raise NotFound() from None


def _bump(debrief: Debrief, seen_revision: int | None, **changes: Any) -> None:
    if seen_revision is not None and seen_revision != debrief.revision:
        raise Conflict()
    updated = Debrief.objects.filter(pk=debrief.pk, revision=debrief.revision).update(
        revision=F("revision") + 1, updated_at=clock.now(), **changes
    )
    if not updated:
        raise Conflict()
    debrief.revision += 1
    for name, value in changes.items():
        setattr(debrief, name, value)


# --- Drafts ------------------------------------------------------------------------------------


@transaction.atomic
def debrief_start(*, actor: Any, trip: Trip) -> Debrief:
    """The trip's debrief, created from the declaration (planned stays and meetings) the first time.

    Only the traveller starts it, and only once the trip has returned.
    """
    trip = Trip.objects.select_for_update(of=("self",)).select_related("traveller__unit").get(pk=trip.pk)
    if not is_traveller(actor, trip):
        raise PermissionDenied(_("Only the traveller writes the debrief."))
    existing = Debrief.objects.filter(trip=trip).first()
    if existing is not None:
        return existing
    if trip.status not in OPEN_FOR_DEBRIEF:
        raise _not_returned(trip)
    debrief = Debrief.objects.create(trip=trip, answers=answer_rules.prefill(trip.facts or {}))
    record(
        event=events.DEBRIEF_DRAFT_SAVED, actor=actor, target=debrief, after=snapshot(debrief, DEBRIEF_FIELDS)
    )
    return debrief


@transaction.atomic
def debrief_draft_save(
    *, actor: Any, trip: Trip, answers: Mapping[str, Any], revision: int | None = None
) -> DebriefSaved:
    """Save the answers exactly as typed, valid or not; return the problems a submission would meet."""
    if not isinstance(answers, Mapping):
        raise ValidationFailed(fields={"answers": [_("The debrief must be an object of answers.")]})
    debrief = debrief_start(actor=actor, trip=trip)
    debrief = _locked(debrief)
    if debrief.status != DebriefStatus.DRAFT:
        raise ValidationFailed(
            _("This debrief was submitted and can no longer be changed."), code="submitted"
        )
    if revision is not None and revision != debrief.revision:
        raise Conflict()
    if debrief.answers != dict(answers):
        before = snapshot(debrief, DEBRIEF_FIELDS)
        _bump(debrief, None, answers=dict(answers))
        record(
            event=events.DEBRIEF_DRAFT_SAVED,
            actor=actor,
            target=debrief,
            before=before,
            after=snapshot(debrief, DEBRIEF_FIELDS),
        )
    return DebriefSaved(debrief, trip_problems(debrief))


# --- The workflow ------------------------------------------------------------------------------

#: action → debrief statuses it may start from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submit": (DebriefStatus.DRAFT,),
    "review": (DebriefStatus.SUBMITTED, DebriefStatus.REVIEWED),
}


@transaction.atomic
def debrief_transition(
    *,
    actor: Any,
    debrief: Debrief,
    action: str,
    outcome: str = "",
    note: str = "",
    revision: int | None = None,
) -> Debrief:
    """Move ``debrief`` through its workflow: the one place a debrief's status changes.

    ``submit`` (the traveller; the answers must be complete) and ``review`` (a security officer
    over the traveller's unit, with ``outcome`` ``closed`` or ``follow_up`` and a ``note``; a
    debrief reviewed with ``follow_up`` may be reviewed again). Submitting twice is harmless.
    """
    debrief = _locked(debrief)
    trip = debrief.trip
    if action not in TRANSITIONS:
        raise ValidationFailed(_("Unknown action."), fields={"action": [_("Unknown action.")]})
    if action == "submit":
        if not is_traveller(actor, trip):
            raise PermissionDenied(_("Only the traveller submits the debrief."))
        if debrief.status != DebriefStatus.DRAFT:
            return debrief  # a double click or a retried request
        return _submit(actor, debrief, revision)
    if not may_review(actor, trip):
        raise PermissionDenied(_("Only a security officer over the traveller's unit reviews the debrief."))
    if debrief.status not in TRANSITIONS[action] or (
        debrief.status == DebriefStatus.REVIEWED and debrief.outcome != DebriefOutcome.FOLLOW_UP
    ):
        if revision is not None and revision != debrief.revision:
            raise Conflict()
        raise ValidationFailed(
            _("A debrief that is “%(status)s” cannot be reviewed.")
            % {"status": DebriefStatus(debrief.status).label},
            code="invalid_transition",
        )
    return _review(actor, debrief, outcome, note.strip(), revision)


def _submit(actor: Any, debrief: Debrief, revision: int | None) -> Debrief:
    trip = debrief.trip
    if trip.status not in OPEN_FOR_DEBRIEF:
        raise _not_returned(trip)
    found = trip_problems(debrief)
    if found:
        raise ValidationFailed(_("The debrief has problems."), fields=found)
    now = clock.now()
    before = snapshot(debrief, DEBRIEF_FIELDS)
    late = trip.debrief_due_on is not None and clock.today() > trip.debrief_due_on
    _bump(debrief, revision, status=DebriefStatus.SUBMITTED, submitted_at=now, late=late)
    record(
        event=events.DEBRIEF_SUBMITTED,
        actor=actor,
        target=debrief,
        before=before,
        after=snapshot(debrief, DEBRIEF_FIELDS),
    )
    trip_transition(actor=actor, trip=trip, action="debriefed", linked=True)
    contacts = answer_rules.cleaned_contacts(debrief.answers)
    notify(
        review.officers_over(trip.traveller.unit.path),
        "debrief.submitted",
        params={"trip": _label(trip), "traveller": str(trip.traveller), "contacts": len(contacts)},
        url=debrief_url(trip),
    )
    _after_commit(trip.pk)
    return debrief


def _after_commit(trip_id: int) -> None:
    """Put the contacts in the register and screen them, in the worker, once the change commits."""

    def queue() -> None:
        from .tasks import contacts_register_task

        contacts_register_task(trip_id)

    transaction.on_commit(queue)


def _review(actor: Any, debrief: Debrief, outcome: str, note: str, revision: int | None) -> Debrief:
    problems: dict[str, list[str]] = {}
    if outcome not in DebriefOutcome.values:
        problems["outcome"] = [_("Choose the outcome.")]
    if outcome == DebriefOutcome.FOLLOW_UP and not note:
        problems["note"] = [_("Say what follow-up is needed.")]
    if len(note) > NOTE_MAX:
        problems["note"] = [_("At most %(count)s characters.") % {"count": NOTE_MAX}]
    if problems:
        raise ValidationFailed(_("The review has problems."), fields=problems)
    trip = debrief.trip
    officer = Person.objects.get(pk=scope_for(actor).person_id or 0)
    before = snapshot(debrief, DEBRIEF_FIELDS)
    _bump(
        debrief,
        revision,
        status=DebriefStatus.REVIEWED,
        outcome=outcome,
        review_note=note,
        reviewed_by=officer,
        reviewed_at=clock.now(),
    )
    record(
        event=events.DEBRIEF_REVIEWED,
        actor=actor,
        target=debrief,
        before=before,
        after=snapshot(debrief, DEBRIEF_FIELDS),
    )
    if outcome == DebriefOutcome.CLOSED:
        trip_transition(actor=actor, trip=trip, action="debrief_closed", linked=True)
    notify(
        trip.traveller,
        "debrief.reviewed",
        params={"trip": _label(trip), "officer": str(officer), "outcome": outcome, "note": note},
        url=debrief_url(trip),
        channels=("in_app",),
    )
    return debrief


# --- Reminders and escalation --------------------------------------------------------------------


def _escalation_days() -> tuple[int, int]:
    days = tuple(int(value) for value in getattr(settings, "WAYPOST_DEBRIEF_ESCALATION_DAYS", (3, 7)))
    manager, officers = (*days, 7, 7)[:2]
    return manager, officers


def debriefs_remind(*, on: dt.date | None = None) -> int:
    """The daily job: remind before the due day, then escalate overdue debriefs; returns notices queued.

    Two days before the due day the traveller is reminded; the day after it they are told it is
    overdue; ``WAYPOST_DEBRIEF_ESCALATION_DAYS`` (default 3 and 7) days after it, their manager
    (else the approvers over the unit) and then the security officers over the unit are told.
    Each notice has a de-duplication key, so however often the job runs it is sent once.
    """
    today = on or clock.today()
    to_manager, to_officers = _escalation_days()
    queued = 0
    trips = Trip.objects.filter(
        status__in=OPEN_FOR_DEBRIEF,
        debrief_due_on__isnull=False,
        debrief_due_on__lte=today + dt.timedelta(days=2),
    ).select_related("traveller__unit", "traveller__manager")
    for trip in trips.exclude(debrief__status__in=(DebriefStatus.SUBMITTED, DebriefStatus.REVIEWED)):
        due = trip.debrief_due_on
        assert due is not None
        late_by = (today - due).days
        params = {
            "trip": _label(trip),
            "traveller": str(trip.traveller),
            "due": due.isoformat(),
            "days": max(late_by, 0),
        }
        url = debrief_url(trip)
        with transaction.atomic():
            if late_by < 1:
                rows = notify(
                    trip.traveller,
                    "debrief.reminder",
                    params=params,
                    url=url,
                    dedupe_key=f"debrief-reminder:{trip.pk}",
                )
            else:
                rows = notify(
                    trip.traveller,
                    "debrief.overdue",
                    params=params,
                    url=url,
                    dedupe_key=f"debrief-overdue:{trip.pk}",
                )
                if rows:
                    webhook_emit(
                        "debrief.overdue",
                        org_path=trip.audit_org_path,
                        data={"trip": trip.pk, "due_on": due, "days_overdue": late_by, "url": url},
                    )
                if late_by >= to_manager:
                    traveller = trip.traveller
                    manager = traveller.manager if traveller.manager_id else None
                    recipients = (
                        [manager]
                        if manager is not None and manager.is_active
                        else review.officers_over(traveller.unit.path, (AccessRole.APPROVER,))
                    )
                    rows += notify(
                        recipients,
                        "debrief.overdue_escalated",
                        params=params,
                        url=reverse("web:trip-detail", kwargs={"trip_id": trip.pk}),
                        dedupe_key=f"debrief-overdue:{trip.pk}:manager",
                    )
                if late_by >= to_officers:
                    rows += notify(
                        review.officers_over(trip.traveller.unit.path),
                        "debrief.overdue_escalated",
                        params=params,
                        url=url,
                        dedupe_key=f"debrief-overdue:{trip.pk}:officers",
                    )
            queued += len(rows)
    return queued
