"""Writes for trips: drafts, the declaration workflow, amendments, briefings and delegates.

Every status change goes through :func:`trip_transition`, the one transition function of the
trip workflow (see ``TRANSITIONS``). Each write checks the trip's ``revision`` when the caller
passes the one it saw, bumps it with a conditional UPDATE, records an audit event and queues its
notifications in the same transaction — so two reviewers deciding at once cannot both win, and a
rolled-back change leaves neither an audit event nor an e-mail behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from waypost.audit.services import record, snapshot
from waypost.core import clock
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.notifications.services import notify
from waypost.notifications.webhooks import webhook_emit
from waypost.people.choices import AccessRole
from waypost.people.models import Person
from waypost.people.scoping import scope_for
from waypost.policy.engine import Assessment, TripFactsError, diff
from waypost.policy.models import Briefing

from . import events, review
from .assessing import assess_trip, assessment_explain, assessment_store, trip_facts
from .briefings import required_briefings
from .choices import AMENDABLE_STATUSES, DECIDED_STATUSES, Decision, TripStatus
from .models import ApprovalDelegate, BriefingAcknowledgement, ReviewStep, Trip, TripAssessment, TripVersion

TITLE_MAX = Trip._meta.get_field("title").max_length or 200
TRIP_FIELDS = ("title", "status", "depart_on", "return_on", "version", "facts")

#: action → statuses it may start from. The resulting status is decided by the action's handler.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submit": (TripStatus.DRAFT,),
    Decision.APPROVE: (TripStatus.SUBMITTED, TripStatus.IN_REVIEW),
    Decision.ACKNOWLEDGE: (TripStatus.SUBMITTED, TripStatus.IN_REVIEW),
    Decision.ADVISE_AGAINST: (TripStatus.SUBMITTED, TripStatus.IN_REVIEW),
    "proceed": (TripStatus.ADVISED_AGAINST,),
    "cancel": (TripStatus.DRAFT, TripStatus.SUBMITTED, TripStatus.IN_REVIEW, *DECIDED_STATUSES),
    "depart": DECIDED_STATUSES,
    # Moved by the scheduler only (see trips_return_due).
    "return": (TripStatus.TRAVELLING,),
    "debrief_due": (TripStatus.RETURNED,),
    "close": (TripStatus.RETURNED,),
    # Moved by the debrief workflow only (see waypost.debriefs.services.debrief_transition).
    "debriefed": (TripStatus.RETURNED, TripStatus.DEBRIEF_DUE),
    "debrief_closed": (TripStatus.DEBRIEFED,),
}
#: Actions only the scheduler (``actor=None``) takes: time moves the trip, not a person.
SYSTEM_ACTIONS = ("depart", "return", "debrief_due", "close")
#: Actions only the debrief workflow takes (``linked=True``): its own transition moves the trip.
LINKED_ACTIONS = ("debriefed", "debrief_closed")
DECISIONS = (Decision.APPROVE, Decision.ACKNOWLEDGE, Decision.ADVISE_AGAINST)

#: The outcome of a completed review: the most cautious decision taken on any step.
_OUTCOME = {
    Decision.ADVISE_AGAINST: TripStatus.ADVISED_AGAINST,
    Decision.ACKNOWLEDGE: TripStatus.ACKNOWLEDGED,
    Decision.APPROVE: TripStatus.APPROVED,
}


# --- Who may do what ---------------------------------------------------------------------------


def _may_declare_for(actor: Any, traveller: Person) -> bool:
    scope = scope_for(actor)
    return scope.person_id == traveller.pk or scope.covers(traveller.unit.path, AccessRole.ADMINISTRATOR)


def can_edit_trip(actor: Any, trip: Trip) -> bool:
    """The traveller (or an administrator over them) edits the declaration."""
    return _may_declare_for(actor, trip.traveller)


def _emit_decided(trip: Trip) -> None:
    """The ``trip.decided`` webhook: the review is over, with its outcome in ``status``."""
    webhook_emit(
        "trip.decided",
        org_path=trip.audit_org_path,
        data={"trip": trip.pk, "traveller": trip.traveller_id, "status": trip.status, "url": _trip_url(trip)},
    )


def _trip_url(trip: Trip) -> str:
    return reverse("web:trip-detail", kwargs={"trip_id": trip.pk})


def _label(trip: Trip) -> str:
    return trip.title or _("Trip %(number)s") % {"number": trip.pk}


# --- Validation --------------------------------------------------------------------------------


def facts_problems(trip: Trip) -> dict[str, list[str]]:
    """Every problem with the trip's facts, by field path (``legs[1].arrive`` …), translated.

    The path is the key; the messages do not repeat it.
    """
    problems: dict[str, list[str]] = {}
    if len(trip.title or "") > TITLE_MAX:
        problems["title"] = [_("At most %(count)s characters.") % {"count": TITLE_MAX}]
    try:
        trip_facts(trip)
    except TripFactsError as error:
        for issue in error.issues:
            problems.setdefault(issue.path or "facts", []).append(str(issue.render(_)))
    return problems


def _validated(trip: Trip) -> None:
    """Raise ValidationFailed naming each field at fault; set the trip's dates when valid."""
    problems = facts_problems(trip)
    if problems:
        raise ValidationFailed(_("The itinerary has problems."), fields=problems)
    itinerary = trip_facts(trip).itinerary
    trip.depart_on, trip.return_on = itinerary.start, itinerary.end
    overlap = overlap_problem(trip)
    if overlap:
        raise ValidationFailed(_("The itinerary has problems."), fields={"legs": [overlap]})


def overlap_problem(trip: Trip) -> str | None:
    """Why the trip's dates cannot be declared, if they overlap another declared trip."""
    overlapping = overlapping_trips(trip)
    if not overlapping:
        return None
    other = overlapping[0]
    return _("The dates overlap your trip “%(title)s” (%(start)s – %(end)s).") % {
        "title": _label(other),
        "start": other.depart_on,
        "end": other.return_on,
    }


def overlapping_trips(trip: Trip) -> list[Trip]:
    """The traveller's other declared (not draft, not cancelled) trips whose dates overlap."""
    if trip.depart_on is None or trip.return_on is None:
        return []
    return list(
        Trip.objects.filter(
            traveller_id=trip.traveller_id, depart_on__lte=trip.return_on, return_on__gte=trip.depart_on
        )
        .exclude(status__in=(TripStatus.DRAFT, TripStatus.CANCELLED))
        .exclude(pk=trip.pk)
        .order_by("depart_on")
    )


def _bump(trip: Trip, seen_revision: int | None, **changes: Any) -> None:
    """Write ``changes`` and the next revision, or raise Conflict if someone changed the trip."""
    if seen_revision is not None and seen_revision != trip.revision:
        raise Conflict()
    updated = Trip.objects.filter(pk=trip.pk, revision=trip.revision).update(
        revision=F("revision") + 1, updated_at=clock.now(), **changes
    )
    if not updated:
        raise Conflict()
    trip.revision += 1
    for name, value in changes.items():
        setattr(trip, name, value)


def _locked(trip: Trip) -> Trip:
    """The trip as it is now, locked for the rest of the transaction (PostgreSQL)."""
    try:
        return Trip.objects.select_for_update().select_related("traveller__unit").get(pk=trip.pk)
    except Trip.DoesNotExist:
        raise NotFound() from None


# --- Drafts ------------------------------------------------------------------------------------


@transaction.atomic
def trip_create(
    *,
    actor: Any,
    traveller: Person,
    facts: Mapping[str, Any],
    title: str = "",
    status: str = TripStatus.DRAFT,
) -> tuple[Trip, TripAssessment]:
    """Declare a trip from the trip JSON, assess it and store the assessment.

    Raises ValidationFailed naming each field at fault (``legs[1].arrive`` …) when the facts are
    inconsistent; nothing is stored then.
    """
    if actor is not None and not _may_declare_for(actor, traveller):
        raise PermissionDenied()
    trip = Trip(traveller=traveller, title=title, status=status, facts=dict(facts))
    problems = facts_problems(trip)
    if problems:
        raise ValidationFailed(_("The itinerary has problems."), fields=problems)
    itinerary = trip_facts(trip).itinerary
    trip.depart_on, trip.return_on = itinerary.start, itinerary.end
    trip.save()
    record(event=events.TRIP_CREATED, actor=actor, target=trip, after=snapshot(trip, TRIP_FIELDS))
    stored = assessment_store(trip, assess_trip(trip))
    return trip, stored


@dataclass
class DraftSaved:
    trip: Trip
    #: Problems with what was typed, by field path; the draft is saved all the same.
    problems: dict[str, list[str]]
    assessment: TripAssessment | None


@transaction.atomic
def trip_draft_save(
    *,
    actor: Any,
    facts: Mapping[str, Any],
    title: str = "",
    traveller: Person | None = None,
    trip: Trip | None = None,
    revision: int | None = None,
) -> DraftSaved:
    """Save a draft exactly as typed, valid or not (nothing typed is lost).

    Creates the trip when ``trip`` is None (for ``traveller``, default the actor's person). When
    the facts are valid the draft is assessed and the assessment stored; otherwise the problems
    are returned by field for the form to show beside each value.
    """
    if trip is None:
        if traveller is None:
            traveller = _own_person(actor)
            if traveller is None:
                raise PermissionDenied()
        if not _may_declare_for(actor, traveller):
            raise PermissionDenied()
        trip = Trip(traveller=traveller, status=TripStatus.DRAFT)
        before = None
    else:
        trip = _locked(trip)
        if not can_edit_trip(actor, trip):
            raise NotFound()
        if trip.status != TripStatus.DRAFT:
            raise ValidationFailed(
                _("This trip was submitted: change it with an amendment."), code="not_a_draft"
            )
        if revision is not None and revision != trip.revision:
            raise Conflict()
        before = snapshot(trip, TRIP_FIELDS)
    if len(title) > TITLE_MAX:
        raise ValidationFailed(fields={"title": [_("At most %(count)s characters.") % {"count": TITLE_MAX}]})
    if before is not None and trip.facts == dict(facts) and trip.title == title:
        # An autosave with nothing new: no write, no audit event.
        current = TripAssessment.objects.filter(trip=trip, is_current=True).first()
        return DraftSaved(trip, facts_problems(trip), current)
    trip.facts, trip.title = dict(facts), title
    problems = facts_problems(trip)
    if not problems:
        itinerary = trip_facts(trip).itinerary
        trip.depart_on, trip.return_on = itinerary.start, itinerary.end
    if trip.pk is None:
        trip.save()
    else:
        _bump(
            trip, None, facts=trip.facts, title=trip.title, depart_on=trip.depart_on, return_on=trip.return_on
        )
    record(
        event=events.TRIP_DRAFT_SAVED,
        actor=actor,
        target=trip,
        before=before,
        after=snapshot(trip, TRIP_FIELDS),
    )
    stored = None
    TripAssessment.objects.filter(trip=trip).delete()
    if not problems:
        stored = assessment_store(trip, assess_trip(trip))
    return DraftSaved(trip, problems, stored)


# --- The workflow ------------------------------------------------------------------------------


@transaction.atomic
def trip_transition(
    *,
    actor: Any,
    trip: Trip,
    action: str,
    note: str = "",
    revision: int | None = None,
    linked: bool = False,
) -> Trip:
    """Move ``trip`` through its workflow: the one place a trip's status changes.

    ``action`` is ``submit``, a decision (``approve``, ``acknowledge``, ``advise_against``),
    ``proceed`` (travel against advice, with ``note`` as the recorded acknowledgement), ``cancel``
    or ``depart``; the debrief workflow, and only it, passes ``linked=True`` with ``debriefed`` or
    ``debrief_closed``. ``revision`` is the trip revision the actor saw; if the trip changed since,
    Conflict is raised and nothing is written. Submitting a trip twice is harmless: the second
    submission returns the trip unchanged.
    """
    trip = _locked(trip)
    if action not in TRANSITIONS:
        raise ValidationFailed(_("Unknown action."), fields={"action": [_("Unknown action.")]})
    if (
        action == "submit"
        and trip.status not in (TripStatus.DRAFT, TripStatus.CANCELLED)
        and can_edit_trip(actor, trip)
    ):
        return trip  # a double click or a retried request: already submitted
    if trip.status not in TRANSITIONS[action]:
        if revision is not None and revision != trip.revision:
            raise Conflict()
        raise ValidationFailed(
            _("A trip that is “%(status)s” cannot do this.") % {"status": TripStatus(trip.status).label},
            code="invalid_transition",
        )
    if action in SYSTEM_ACTIONS and actor is not None:
        raise PermissionDenied(_("This happens by itself when the time comes."))
    if (action in LINKED_ACTIONS) != linked:
        raise PermissionDenied(_("This happens through the debrief."))
    handler = _HANDLERS[action]
    return handler(actor, trip, action, note.strip(), revision)


def _submit(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    if not can_edit_trip(actor, trip):
        raise NotFound()
    _validated(trip)
    now = clock.now()
    before = snapshot(trip, TRIP_FIELDS)
    _bump(
        trip,
        revision,
        status=TripStatus.SUBMITTED,
        submitted_at=now,
        depart_on=trip.depart_on,
        return_on=trip.return_on,
    )
    TripVersion.objects.create(
        trip=trip, number=trip.version, title=trip.title, facts=trip.facts, created_by=_user(actor)
    )
    stored = assessment_store(trip, assess_trip(trip))
    record(
        event=events.TRIP_SUBMITTED,
        actor=actor,
        target=trip,
        before=before,
        after=snapshot(trip, TRIP_FIELDS),
        extra={"advisory": stored.advisory, "late": stored.late},
    )
    webhook_emit(
        "trip.submitted",
        org_path=trip.audit_org_path,
        data={
            "trip": trip.pk,
            "traveller": trip.traveller_id,
            "status": trip.status,
            "depart_on": trip.depart_on,
            "return_on": trip.return_on,
            "advisory": stored.advisory,
            "url": _trip_url(trip),
        },
    )
    _start_review(actor, trip, stored)
    _screen_after_commit(trip)
    return trip


def _screen_after_commit(trip: Trip) -> None:
    """Once the change commits, in the worker: screen the trip's planned meetings and event hosts;
    put the planned meetings in the contacts register (also when an amendment removed them)."""

    def queue() -> None:
        # Screening and the contacts register build on trips, not back.
        from waypost.debriefs.tasks import contacts_register_task

        contacts_register_task(trip.pk)

    transaction.on_commit(queue)


def _start_review(actor: Any, trip: Trip, stored: TripAssessment) -> None:
    """Create the approval chain the assessment asks for, or settle the trip if it asks none."""
    steps = review.steps_create(trip, stored.obligations.get("approval") or ())
    if not steps:
        status = TripStatus.ACKNOWLEDGED
        _bump(trip, None, status=status, decided_at=clock.now())
        record(
            event=events.TRIP_REVIEW_COMPLETED,
            actor=None,
            target=trip,
            after={"status": status, "reason": gettext_noop("no review required by the guidance")},
        )
        _emit_decided(trip)
        notify(
            trip.traveller,
            "trip.outcome",
            params={"trip": _label(trip), "status": status},
            url=_trip_url(trip),
        )
        return
    _announce_step(trip, steps[0])


def _announce_step(trip: Trip, step: ReviewStep) -> None:
    notify(
        review.eligible_reviewers(step),
        "trip.review_requested",
        params={"trip": _label(trip), "traveller": str(trip.traveller)},
        url=_trip_url(trip),
    )


def _decide(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    step = review.open_step(trip)
    if step is None:
        raise Conflict()
    allowed, on_behalf_of = review.may_decide(actor, step, trip)
    if not allowed:
        if scope_for(actor).person_id == trip.traveller_id:
            raise PermissionDenied(_("You cannot review your own trip."))
        raise PermissionDenied()
    if action == Decision.ADVISE_AGAINST and not note:
        raise ValidationFailed(fields={"note": [_("Say why the trip is advised against.")]})
    person_id = scope_for(actor).person_id
    now = clock.now()
    claimed = ReviewStep.objects.filter(pk=step.pk, decision="", is_current=True).update(
        decision=action, note=note, decided_by_id=person_id, on_behalf_of_id=on_behalf_of, decided_at=now
    )
    if not claimed:
        raise Conflict()
    later = ReviewStep.objects.filter(trip=trip, is_current=True, decision="")
    finished = action == Decision.ADVISE_AGAINST or not later.exists()
    before = snapshot(trip, TRIP_FIELDS)
    if finished:
        # Advice against ends the chain: later steps are closed without a decision.
        later.update(is_current=False)
        decided = ReviewStep.objects.filter(trip=trip, is_current=True).exclude(decision="")
        outcome = _outcome(set(decided.values_list("decision", flat=True)))
        _bump(trip, revision, status=outcome, decided_at=now)
    else:
        _bump(trip, revision, status=TripStatus.IN_REVIEW)
    record(
        event=events.TRIP_DECIDED,
        actor=actor,
        target=trip,
        before=before,
        after=snapshot(trip, TRIP_FIELDS),
        extra={
            "step": step.position,
            "role": step.role,
            "decision": action,
            "note": note,
            "on_behalf_of": on_behalf_of,
        },
    )
    reviewer = Person.objects.filter(pk=person_id or 0).first()
    notify(
        trip.traveller,
        "trip.decided",
        params={
            "trip": _label(trip),
            "decision": action,
            "reviewer": str(reviewer or ""),
            "note": note,
        },
        url=_trip_url(trip),
        channels=("in_app",) if finished else ("email", "in_app"),
    )
    if finished:
        record(event=events.TRIP_REVIEW_COMPLETED, actor=actor, target=trip, after={"status": trip.status})
        _emit_decided(trip)
        notify(
            trip.traveller,
            "trip.outcome",
            params={"trip": _label(trip), "status": trip.status},
            url=_trip_url(trip),
        )
    else:
        next_step = review.open_step(trip)
        if next_step is not None:
            _announce_step(trip, next_step)
    return trip


def _outcome(decisions: set[str]) -> str:
    for decision in (Decision.ADVISE_AGAINST, Decision.ACKNOWLEDGE, Decision.APPROVE):
        if decision in decisions:
            return _OUTCOME[decision]
    return TripStatus.APPROVED


def _proceed(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    if scope_for(actor).person_id != trip.traveller_id:
        raise NotFound() if not can_edit_trip(actor, trip) else PermissionDenied()
    if not note:
        raise ValidationFailed(
            fields={"note": [_("Confirm that you travel against the advice, in your own words.")]}
        )
    if trip.proceeded_at is not None:
        return trip
    _bump(trip, revision, proceeded_at=clock.now(), proceed_note=note)
    record(event=events.TRIP_PROCEEDED, actor=actor, target=trip, after={"note": note})
    officers = review.officers_over(trip.traveller.unit.path)
    notify(
        officers,
        "trip.proceeded",
        params={"trip": _label(trip), "traveller": str(trip.traveller)},
        url=_trip_url(trip),
    )
    return trip


def _cancel(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    if not can_edit_trip(actor, trip):
        raise NotFound()
    before = snapshot(trip, TRIP_FIELDS)
    was_reviewed = trip.status != TripStatus.DRAFT
    _bump(trip, revision, status=TripStatus.CANCELLED, cancelled_at=clock.now(), cancel_reason=note)
    ReviewStep.objects.filter(trip=trip, is_current=True, decision="").update(is_current=False)
    record(
        event=events.TRIP_CANCELLED,
        actor=actor,
        target=trip,
        before=before,
        after={"status": trip.status, "reason": note},
    )
    if was_reviewed:
        reviewers = Person.objects.filter(
            pk__in=ReviewStep.objects.filter(trip=trip).exclude(decided_by=None).values("decided_by")
        )
        notify(
            list(reviewers),
            "trip.cancelled",
            params={"trip": _label(trip), "traveller": str(trip.traveller)},
            url=_trip_url(trip),
        )
    return trip


def _depart(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    """The trip has started (the scheduler calls this on the departure day)."""
    from .briefings import unacknowledged_briefings

    missing = unacknowledged_briefings(trip)
    changes: dict[str, Any] = {"status": TripStatus.TRAVELLING}
    if missing:
        changes["briefing_flagged_at"] = clock.now()
    before = snapshot(trip, TRIP_FIELDS)
    _bump(trip, revision, **changes)
    record(
        event=events.TRIP_DEPARTED,
        actor=actor,
        target=trip,
        before=before,
        after={"status": trip.status, "briefings_unacknowledged": [briefing.slug for briefing in missing]},
    )
    if missing:
        notify(
            review.officers_over(trip.traveller.unit.path),
            "trip.briefing_flagged",
            params={"trip": _label(trip), "traveller": str(trip.traveller)},
            url=_trip_url(trip),
        )
    return trip


def _obligation(trip: Trip, name: str) -> Any:
    current = TripAssessment.objects.filter(trip=trip, is_current=True).only("obligations").first()
    return (current.obligations or {}).get(name) if current is not None else None


def _return(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    """The last leg has arrived: the traveller is back; check-ins still due are closed."""
    from .models import CheckInWindow, WindowStatus

    before = snapshot(trip, TRIP_FIELDS)
    _bump(trip, revision, status=TripStatus.RETURNED)
    CheckInWindow.objects.filter(trip=trip, resolved_at=None).update(
        status=WindowStatus.CLOSED, resolved_at=clock.now()
    )
    record(event=events.TRIP_RETURNED, actor=actor, target=trip, before=before, after={"status": trip.status})
    notify(
        trip.traveller,
        "trip.returned",
        params={"trip": _label(trip), "returned": trip.return_on},
        url=_trip_url(trip),
        channels=("in_app",),
    )
    return trip


def _debrief_due(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    """The obligations ask for a debrief: due ``debrief_within_days`` after the return day."""
    days = _obligation(trip, "debrief_within_days")
    if not isinstance(days, int) or isinstance(days, bool):
        raise ValidationFailed(_("The guidance asks for no debrief on this trip."), code="no_debrief")
    due = (trip.return_on or clock.today()) + dt.timedelta(days=days)
    before = snapshot(trip, TRIP_FIELDS)
    _bump(trip, revision, status=TripStatus.DEBRIEF_DUE, debrief_due_on=due)
    record(
        event=events.TRIP_DEBRIEF_DUE,
        actor=actor,
        target=trip,
        before=before,
        after={"status": trip.status, "debrief_due_on": due.isoformat()},
    )
    notify(
        trip.traveller,
        "debrief.due",
        params={"trip": _label(trip), "due": due.isoformat(), "days": days},
        url=_trip_url(trip),
    )
    return trip


#: Why a trip closed, by the action that closed it (stored untranslated in the audit event).
_CLOSE_REASONS = {
    "close": gettext_noop("no debrief required by the guidance"),
    "debrief_closed": gettext_noop("debrief reviewed and closed"),
}


def _close(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    """The trip is over: back with no debrief asked for (``close``), or its debrief reviewed and
    closed by a security officer (``debrief_closed``, from the debrief workflow)."""
    before = snapshot(trip, TRIP_FIELDS)
    _bump(trip, revision, status=TripStatus.CLOSED)
    record(
        event=events.TRIP_CLOSED,
        actor=actor,
        target=trip,
        before=before,
        after={"status": trip.status, "reason": _CLOSE_REASONS[action]},
    )
    return trip


def _debriefed(actor: Any, trip: Trip, action: str, note: str, revision: int | None) -> Trip:
    """The traveller submitted the debrief (checked by the debrief workflow)."""
    before = snapshot(trip, TRIP_FIELDS)
    _bump(trip, revision, status=TripStatus.DEBRIEFED)
    record(
        event=events.TRIP_DEBRIEFED, actor=actor, target=trip, before=before, after={"status": trip.status}
    )
    return trip


_HANDLERS = {
    "submit": _submit,
    Decision.APPROVE: _decide,
    Decision.ACKNOWLEDGE: _decide,
    Decision.ADVISE_AGAINST: _decide,
    "proceed": _proceed,
    "cancel": _cancel,
    "depart": _depart,
    "return": _return,
    "debrief_due": _debrief_due,
    "close": _close,
    "debriefed": _debriefed,
    "debrief_closed": _close,
}


def trips_depart_due(*, on: dt.date | None = None) -> int:
    """Start every decided trip whose departure day has come; returns how many started."""
    day = on or clock.today()
    started = 0
    for trip in Trip.objects.filter(status__in=DECIDED_STATUSES, depart_on__lte=day).exclude(
        status=TripStatus.ADVISED_AGAINST, proceeded_at=None
    ):
        try:
            trip_transition(actor=None, trip=trip, action="depart")
        except Conflict:
            continue
        started += 1
    return started


def trips_return_due(*, on: dt.date | None = None) -> int:
    """Every travelling trip whose last leg arrived before ``on`` (default today) returns.

    Right after, the trip is due a debrief when its obligations ask for one
    (``debrief_due_on`` = return day + ``debrief_within_days``), else it is closed. Each trip moves
    in its own transaction; one that changed meanwhile is left for the next run.
    """
    day = on or clock.today()
    returned = 0
    for trip in Trip.objects.filter(status=TripStatus.TRAVELLING, return_on__lt=day).order_by("pk"):
        try:
            with transaction.atomic():
                trip = trip_transition(actor=None, trip=trip, action="return")
                follow = "debrief_due" if _obligation(trip, "debrief_within_days") else "close"
                trip_transition(actor=None, trip=trip, action=follow)
        except (Conflict, ValidationFailed):
            continue
        returned += 1
    return returned


def _own_person(actor: Any) -> Person | None:
    person_id = scope_for(actor).person_id
    return None if person_id is None else Person.objects.select_related("unit").filter(pk=person_id).first()


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --- Amendments --------------------------------------------------------------------------------


@dataclass
class Amended:
    trip: Trip
    version: TripVersion
    stricter: bool
    new_review: bool


@transaction.atomic
def trip_amend(
    *,
    actor: Any,
    trip: Trip,
    facts: Mapping[str, Any],
    title: str | None = None,
    note: str = "",
    revision: int | None = None,
) -> Amended:
    """Change a submitted declaration: a new version, a new assessment, and a new review if stricter.

    Reviewers see the difference between the versions. When the advisory or any obligation got
    stricter, the review starts again from the first step of the chain the new assessment asks
    for; otherwise the review goes on (or the decision stands).
    """
    trip = _locked(trip)
    if not can_edit_trip(actor, trip):
        raise NotFound()
    if trip.status not in AMENDABLE_STATUSES:
        raise ValidationFailed(
            _("A trip that is “%(status)s” cannot be amended.") % {"status": TripStatus(trip.status).label},
            code="invalid_transition",
        )
    if revision is not None and revision != trip.revision:
        raise Conflict()
    before_facts, before_title = trip.facts, trip.title
    trip.facts = dict(facts)
    if title is not None:
        trip.title = title
    if trip.facts == before_facts and trip.title == before_title:
        raise ValidationFailed(_("Nothing was changed."), code="unchanged")
    _validated(trip)
    previous = TripAssessment.objects.filter(trip=trip, is_current=True).first()
    before_assessment: Assessment | None = None
    if previous is not None:
        try:  # the previous assessment, explained with the facts as they were (still stored)
            before_assessment = assessment_explain(previous)
        except TripFactsError:
            before_assessment = None
    before = snapshot(Trip.objects.get(pk=trip.pk), TRIP_FIELDS)
    _bump(
        trip,
        revision,
        facts=trip.facts,
        title=trip.title,
        version=trip.version + 1,
        depart_on=trip.depart_on,
        return_on=trip.return_on,
    )
    version = TripVersion.objects.create(
        trip=trip, number=trip.version, title=trip.title, facts=trip.facts, note=note, created_by=_user(actor)
    )
    after_assessment = assess_trip(trip)
    stored = assessment_store(trip, after_assessment)
    stricter = before_assessment is None or diff(before_assessment, after_assessment).is_stricter
    new_review = stricter
    reviewers = _reviewers_so_far(trip)
    if new_review:
        ReviewStep.objects.filter(trip=trip, is_current=True).update(is_current=False)
        _bump(trip, None, status=TripStatus.SUBMITTED, decided_at=None, proceeded_at=None, proceed_note="")
    record(
        event=events.TRIP_AMENDED,
        actor=actor,
        target=trip,
        before=before,
        after=snapshot(trip, TRIP_FIELDS),
        extra={"version": version.number, "stricter": stricter, "new_review": new_review, "note": note},
    )
    notify(
        reviewers,
        "trip.amended",
        params={
            "trip": _label(trip),
            "traveller": str(trip.traveller),
            "version": str(version.number),
            "stricter": "yes" if stricter else "no",
        },
        url=_trip_url(trip),
    )
    if new_review:
        _start_review(actor, trip, stored)
    _screen_after_commit(trip)
    return Amended(trip, version, stricter, new_review)


def _reviewers_so_far(trip: Trip) -> list[Person]:
    decided = Person.objects.filter(
        pk__in=ReviewStep.objects.filter(trip=trip, is_current=True)
        .exclude(decided_by=None)
        .values("decided_by")
    )
    people = list(decided)
    step = review.open_step(trip)
    if step is not None:
        people += review.eligible_reviewers(step)
    return people


# --- Briefings ---------------------------------------------------------------------------------

BRIEFING_STATUSES = (TripStatus.SUBMITTED, TripStatus.IN_REVIEW, *DECIDED_STATUSES, TripStatus.TRAVELLING)


@transaction.atomic
def trip_briefing_acknowledge(
    *, actor: Any, trip: Trip, briefing: Briefing, language: str
) -> BriefingAcknowledgement:
    """The traveller confirms having read ``briefing`` (its current version) for ``trip``."""
    trip = _locked(trip)
    if scope_for(actor).person_id != trip.traveller_id:
        raise NotFound()
    if briefing.pk not in {required.pk for required in required_briefings(trip)}:
        raise NotFound()
    if trip.status not in BRIEFING_STATUSES:
        raise ValidationFailed(
            _("Submit the trip before acknowledging its briefing."), code="invalid_transition"
        )
    existing = BriefingAcknowledgement.objects.filter(
        trip=trip, briefing=briefing, briefing_version=briefing.version
    ).first()
    if existing is not None:
        return existing
    ack = BriefingAcknowledgement.objects.create(
        trip=trip,
        briefing=briefing,
        briefing_version=briefing.version,
        language=language,
        person=trip.traveller,
        acknowledged_at=clock.now(),
    )
    record(
        event=events.TRIP_BRIEFING_ACKNOWLEDGED,
        actor=actor,
        target=trip,
        after={"briefing": briefing.slug, "version": briefing.version, "language": language},
    )
    return ack


# --- Delegates ---------------------------------------------------------------------------------


@transaction.atomic
def delegate_set(
    *, actor: Any, delegate: Person, starts_on: dt.date, ends_on: dt.date, person: Person | None = None
) -> ApprovalDelegate:
    """While ``person`` (default: the actor) is away, ``delegate`` decides their reviews."""
    scope = scope_for(actor)
    if person is None:
        person = _own_person(actor)
        if person is None:
            raise PermissionDenied()
    elif person.pk != scope.person_id and not scope.covers(person.unit.path, AccessRole.ADMINISTRATOR):
        raise NotFound()
    fields: dict[str, list[str]] = {}
    if delegate.pk == person.pk:
        fields["delegate"] = [_("Choose someone other than yourself.")]
    if ends_on < starts_on:
        fields["ends_on"] = [_("The end is before the start.")]
    if ends_on < clock.today():
        fields.setdefault("ends_on", []).append(_("The period is already over."))
    if fields:
        raise ValidationFailed(fields=fields)
    row = ApprovalDelegate.objects.create(
        person=person, delegate=delegate, starts_on=starts_on, ends_on=ends_on
    )
    record(
        event=events.DELEGATE_SET,
        actor=actor,
        target=person,
        after={"delegate": delegate.pk, "from": starts_on.isoformat(), "until": ends_on.isoformat()},
    )
    return row


@transaction.atomic
def delegate_remove(*, actor: Any, delegation: ApprovalDelegate) -> None:
    scope = scope_for(actor)
    if delegation.person_id != scope.person_id and not scope.covers(
        delegation.person.unit.path, AccessRole.ADMINISTRATOR
    ):
        raise NotFound()
    record(
        event=events.DELEGATE_REMOVED,
        actor=actor,
        target=delegation.person,
        before={"delegate": delegation.delegate_id, "until": delegation.ends_on.isoformat()},
    )
    delegation.delete()
