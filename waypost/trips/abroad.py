"""The traveller abroad: check-ins on the schedule the obligations set, and incident reports.

Check-ins. While a trip is ``travelling`` and its current assessment asks for
``check_in_every_hours``, one :class:`~waypost.trips.models.CheckInWindow` is open at a time,
due that many hours after the last check-in (or after the departure day began). A check-in
resolves the open window (``kept``, or ``late`` once it was due) and opens the next one. The job
:func:`checkins_escalate` (every 15 minutes) escalates a window nobody checked in for, in stages
measured from its due time (``settings.WAYPOST_CHECKIN_ESCALATION_HOURS``, default 2, 6, 12 h):
1 — the traveller is reminded, 2 — their manager (the approver) is told, 3 — the security
officers over the traveller's unit are told. A stage is claimed with a conditional UPDATE and
notified with a de-duplication key, so each stage is notified once however often the job runs.

Incidents. The traveller reports one (while travelling or just back); the security officers over
their unit are alerted at once by e-mail and in the app, and see a banner on every page until
one acknowledges it. Officers record what they did and close it.

Who may do what: the traveller checks in and reports; security officers over the traveller's
unit (never the traveller) acknowledge, record actions and close. Everyone who sees the trip sees
its check-ins and incidents. Every write is atomic and audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypost.audit.services import record, snapshot
from waypost.core import clock
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.geo.groups import is_country_code
from waypost.notifications.services import notify
from waypost.notifications.webhooks import webhook_emit
from waypost.people.choices import AccessRole
from waypost.people.models import Person
from waypost.people.scoping import scope_for

from . import events, review
from .choices import TripStatus
from .models import (
    CheckIn,
    CheckInSource,
    CheckInWindow,
    Incident,
    IncidentAction,
    IncidentKind,
    IncidentStatus,
    SafeNow,
    Trip,
    TripAssessment,
    WindowStatus,
)

__all__ = [
    "DOUBLE_TAP",
    "can_act_on_incident",
    "check_in_every_hours",
    "checkin_record",
    "checkins_escalate",
    "checkins_for",
    "checkins_schedule",
    "incident_acknowledge",
    "incident_action_add",
    "incident_close",
    "incident_get_for",
    "incident_list_for",
    "incident_report",
    "open_incidents_for",
    "require_traveller",
    "travelling_trip_for",
    "trip_abroad_get_for",
]

#: A second tap within this time returns the first check-in instead of recording another.
DOUBLE_TAP = dt.timedelta(minutes=2)
#: Incidents may be reported while abroad and in the days after (a device seized at the border).
INCIDENT_STATUSES = (TripStatus.TRAVELLING, TripStatus.RETURNED, TripStatus.DEBRIEF_DUE)
#: How far before departure and after return an incident may have happened.
INCIDENT_MARGIN = dt.timedelta(days=1)
#: A clock a little ahead on the traveller's phone is not "in the future".
CLOCK_SKEW = dt.timedelta(minutes=10)
CITY_MAX = 120
INCIDENT_FIELDS = (
    "kind",
    "occurred_at",
    "country",
    "city",
    "description",
    "safe_now",
    "status",
    "acknowledged_by",
    "closed_by",
)


# --- Who may do what ---------------------------------------------------------------------------


def _escalation_hours() -> tuple[float, float, float]:
    delays = tuple(
        float(hours) for hours in getattr(settings, "WAYPOST_CHECKIN_ESCALATION_HOURS", (2, 6, 12))
    )
    first, second, third = (*delays, 12.0, 12.0, 12.0)[:3]
    return first, second, third


def _is_traveller(actor: Any, trip: Trip) -> bool:
    person_id = scope_for(actor).person_id
    return person_id is not None and person_id == trip.traveller_id


def require_traveller(actor: Any, trip: Trip) -> None:
    """PermissionDenied unless the actor is the trip's traveller (for a trip the actor sees)."""
    if not _is_traveller(actor, trip):
        raise PermissionDenied(_("Only the traveller checks in or reports an incident for this trip."))


def can_act_on_incident(actor: Any, incident: Incident) -> bool:
    """Security officers over the traveller's unit, never the traveller."""
    scope = scope_for(actor)
    trip = incident.trip
    return scope.person_id != trip.traveller_id and scope.covers(
        trip.traveller.unit.path, AccessRole.SECURITY_OFFICER
    )


def check_in_every_hours(trip: Trip) -> int | None:
    """How often the current assessment asks the traveller to check in, if it does."""
    current = TripAssessment.objects.filter(trip=trip, is_current=True).only("obligations").first()
    hours = (current.obligations or {}).get("check_in_every_hours") if current is not None else None
    return hours if isinstance(hours, int) and not isinstance(hours, bool) and hours > 0 else None


def _trip_url(trip: Trip) -> str:
    return reverse("web:trip-checkins", kwargs={"trip_id": trip.pk})


def _incident_url(incident: Incident) -> str:
    return reverse("web:incident-detail", kwargs={"incident_id": incident.pk})


def _label(trip: Trip) -> str:
    return trip.title or _("Trip %(number)s") % {"number": trip.pk}


def _when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


# --- Reads -------------------------------------------------------------------------------------


def trip_abroad_get_for(actor: Any, trip_id: Any) -> Trip:
    """A trip the actor sees, else NotFound (missing and forbidden look the same)."""
    try:
        return (
            Trip.objects.visible_to(actor)
            .select_related("traveller__unit", "traveller__manager")
            .get(pk=int(trip_id))
        )
    except (Trip.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def travelling_trip_for(actor: Any) -> Trip | None:
    """The actor's own trip under way now, if any (for the home page)."""
    person_id = scope_for(actor).person_id
    if person_id is None:
        return None
    return (
        Trip.objects.filter(traveller_id=person_id, status=TripStatus.TRAVELLING)
        .order_by("depart_on", "pk")
        .first()
    )


def checkins_for(actor: Any, trip: Trip) -> QuerySet[CheckIn]:
    return CheckIn.objects.visible_to(actor).filter(trip=trip).order_by("-at", "-pk")


def windows_for(trip: Trip) -> QuerySet[CheckInWindow]:
    return CheckInWindow.objects.filter(trip=trip).order_by("-due_at", "-pk")


def incident_list_for(actor: Any, status: str | None = None) -> QuerySet[Incident]:
    """Incidents the actor sees: open ones first, then acknowledged, then closed; newest first."""
    incidents = Incident.objects.visible_to(actor).select_related("trip__traveller", "reporter")
    if status:
        if status not in IncidentStatus.values:
            raise ValidationFailed(fields={"status": [_("Unknown status.")]})
        incidents = incidents.filter(status=status)
    order = Case(
        When(status=IncidentStatus.OPEN, then=Value(0)),
        When(status=IncidentStatus.ACKNOWLEDGED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return incidents.annotate(status_order=order).order_by("status_order", "-reported_at", "-pk")


def incident_get_for(actor: Any, incident_id: Any, *, audit: bool = False) -> Incident:
    """The incident if the actor sees it, else NotFound; with ``audit``, reads by others are logged."""
    try:
        incident = (
            Incident.objects.visible_to(actor)
            .select_related("trip__traveller__unit", "reporter", "acknowledged_by", "closed_by")
            .get(pk=int(incident_id))
        )
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if audit and scope_for(actor).person_id != incident.trip.traveller_id:
        record(event=events.INCIDENT_VIEWED, actor=actor, target=incident)
    return incident


def open_incidents_for(actor: Any, *, limit: int = 5) -> list[Incident]:
    """Open incidents over the units the actor is security officer for (one query; [] for others)."""
    paths = scope_for(actor).subtree_paths(AccessRole.SECURITY_OFFICER)
    if not paths:
        return []
    from django.db.models import Q

    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(trip__traveller__unit__path__startswith=path)
    return list(
        Incident.objects.filter(condition, status=IncidentStatus.OPEN)
        .select_related("trip__traveller")
        .order_by("-reported_at")[:limit]
    )


# --- Check-ins ---------------------------------------------------------------------------------


def _own_trip(actor: Any, trip: Trip) -> Trip:
    """The trip, locked, if the actor is its traveller; NotFound if unseen, PermissionDenied if not theirs."""
    locked = Trip.objects.select_for_update(of=("self",)).select_related(
        "traveller__unit", "traveller__manager"
    )
    try:
        trip = locked.get(pk=trip.pk)
    except Trip.DoesNotExist:
        raise NotFound() from None
    if not _is_traveller(actor, trip):
        if not Trip.objects.visible_to(actor).filter(pk=trip.pk).exists():
            raise NotFound()
        raise PermissionDenied(_("Only the traveller checks in or reports an incident for this trip."))
    return trip


def _place_problems(country: str, city: str) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if country and not is_country_code(country):
        problems["country"] = [
            _("“%(code)s” is not a country code (two letters, ISO 3166, e.g. DE).") % {"code": country}
        ]
    if len(city) > CITY_MAX:
        problems["city"] = [_("At most %(count)s characters.") % {"count": CITY_MAX}]
    return problems


@transaction.atomic
def checkin_record(
    *,
    actor: Any,
    trip: Trip,
    country: str = "",
    city: str = "",
    note: str = "",
    source: str = CheckInSource.WEB,
) -> CheckIn:
    """The traveller checks in (one tap; where they are is optional).

    Only the traveller, only while the trip is travelling. A second tap within
    :data:`DOUBLE_TAP` returns the first check-in. Resolves the open check-in window and opens
    the next one when the obligations ask for regular check-ins.
    """
    trip = _own_trip(actor, trip)
    if trip.status != TripStatus.TRAVELLING:
        raise ValidationFailed(_("You can check in only while the trip is under way."), code="not_travelling")
    country, city, note = (country or "").strip().upper(), (city or "").strip(), (note or "").strip()
    problems = _place_problems(country, city)
    if problems:
        raise ValidationFailed(fields=problems)
    now = clock.now()
    recent = CheckIn.objects.filter(trip=trip, at__gte=now - DOUBLE_TAP).order_by("-at").first()
    if recent is not None:
        return recent
    checkin = CheckIn.objects.create(
        trip=trip, person=trip.traveller, at=now, country=country, city=city, note=note, source=source
    )
    for window in CheckInWindow.objects.filter(trip=trip, resolved_at=None):
        window.status = WindowStatus.KEPT if now <= window.due_at else WindowStatus.LATE
        window.checkin, window.resolved_at = checkin, now
        window.save(update_fields=["status", "checkin", "resolved_at"])
    record(
        event=events.CHECKIN_RECORDED,
        actor=actor,
        target=checkin,
        after={"trip": trip.pk, "country": country, "city": city, "source": source},
    )
    checkins_schedule(trip, now=now)
    return checkin


def _departure_start(trip: Trip) -> dt.datetime:
    day = trip.depart_on or clock.today()
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def checkins_schedule(trip: Trip, *, now: dt.datetime | None = None) -> CheckInWindow | None:
    """The trip's open check-in window, opened if the obligations ask for one and none is open.

    Due ``check_in_every_hours`` after the last check-in, or after the departure day began.
    """
    if trip.status != TripStatus.TRAVELLING:
        return None
    hours = check_in_every_hours(trip)
    if hours is None:
        return None
    open_window = CheckInWindow.objects.filter(trip=trip, resolved_at=None).order_by("due_at").first()
    if open_window is not None:
        return open_window
    last = CheckIn.objects.filter(trip=trip).order_by("-at").values_list("at", flat=True).first()
    base = last or _departure_start(trip)
    window, _created = CheckInWindow.objects.get_or_create(trip=trip, due_at=base + dt.timedelta(hours=hours))
    return window


def checkins_escalate(*, now: dt.datetime | None = None) -> int:
    """The job: open the windows due, and escalate missed check-ins; returns the stages taken.

    Stage 1 at due + first delay reminds the traveller, stage 2 at due + second delay tells the
    manager (else the approvers over the unit), stage 3 at due + third delay tells the security
    officers. A run after a long pause takes every stage reached, each once.
    """
    now = now or clock.now()
    for trip in Trip.objects.filter(status=TripStatus.TRAVELLING).select_related("traveller"):
        checkins_schedule(trip, now=now)
    CheckInWindow.objects.filter(resolved_at=None, status=WindowStatus.OPEN, due_at__lte=now).update(
        status=WindowStatus.MISSED
    )
    delays = _escalation_hours()
    taken = 0
    overdue = CheckInWindow.objects.filter(
        resolved_at=None,
        trip__status=TripStatus.TRAVELLING,
        stage__lt=len(delays),
        due_at__lte=now - dt.timedelta(hours=delays[0]),
    ).select_related("trip__traveller__unit", "trip__traveller__manager")
    for window in overdue:
        reached = sum(1 for hours in delays if window.due_at + dt.timedelta(hours=hours) <= now)
        for stage in range(window.stage + 1, reached + 1):
            if _escalate(window, stage, now):
                taken += 1
    return taken


@transaction.atomic
def _escalate(window: CheckInWindow, stage: int, now: dt.datetime) -> bool:
    claimed = CheckInWindow.objects.filter(pk=window.pk, stage=stage - 1, resolved_at=None).update(
        stage=stage, status=WindowStatus.MISSED, last_escalated_at=now
    )
    if not claimed:
        return False
    window.stage, window.last_escalated_at = stage, now
    trip = window.trip
    traveller = trip.traveller
    last = CheckIn.objects.filter(trip=trip).order_by("-at").values_list("at", flat=True).first()
    params = {
        "trip": _label(trip),
        "traveller": str(traveller),
        "due": _when(window.due_at),
        "last": _when(last) if last else "—",
    }
    dedupe = f"checkin-window:{window.pk}:stage:{stage}"
    if stage == 1:
        recipients: list[Person] = [traveller]
        kind = "checkin.missed"
    elif stage == 2:
        manager = traveller.manager if traveller.manager_id else None
        recipients = (
            [manager]
            if manager is not None and manager.is_active
            else review.officers_over(traveller.unit.path, (AccessRole.APPROVER,))
        )
        kind = "checkin.missed_escalated"
    else:
        recipients = review.officers_over(traveller.unit.path)
        kind = "checkin.missed_escalated"
    recipients = [person for person in recipients if stage == 1 or person.pk != traveller.pk]
    notify(recipients, kind, params=params, url=_trip_url(trip), dedupe_key=dedupe)
    record(
        event=events.CHECKIN_ESCALATED,
        actor=None,
        target=window,
        after={"stage": stage, "due_at": window.due_at.isoformat(), "told": [p.pk for p in recipients]},
    )
    return True


# --- Incidents ---------------------------------------------------------------------------------


def _incident_problems(
    trip: Trip,
    kind: str,
    occurred_at: dt.datetime | None,
    country: str,
    city: str,
    description: str,
    safe_now: str,
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if kind not in IncidentKind.values:
        problems["kind"] = [_("Choose what happened.")]
    if safe_now not in SafeNow.values:
        problems["safe_now"] = [_("Say whether you are safe now.")]
    if not description:
        problems["description"] = [_("Describe what happened.")]
    if occurred_at is None:
        problems["occurred_at"] = [_("Say when it happened.")]
    else:
        if timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
        if occurred_at > clock.now() + CLOCK_SKEW:
            problems["occurred_at"] = [_("This is in the future.")]
        elif trip.depart_on and trip.return_on:
            day = timezone.localtime(occurred_at).date()
            first = trip.depart_on - INCIDENT_MARGIN
            last = trip.return_on + INCIDENT_MARGIN
            if not first <= day <= last:
                problems["occurred_at"] = [
                    _("This is outside the trip (%(start)s – %(end)s).")
                    % {"start": trip.depart_on, "end": trip.return_on}
                ]
    problems.update(_place_problems(country, city))
    return problems


@transaction.atomic
def incident_report(
    *,
    actor: Any,
    trip: Trip,
    kind: str,
    occurred_at: dt.datetime | None,
    country: str = "",
    city: str = "",
    description: str,
    safe_now: str,
) -> Incident:
    """The traveller reports an incident; the security officers over their unit are alerted at once.

    Raises ValidationFailed naming each field at fault, in the active language.
    """
    trip = _own_trip(actor, trip)
    if trip.status not in INCIDENT_STATUSES:
        raise ValidationFailed(
            _("Incidents are reported for a trip under way or just ended."), code="not_abroad"
        )
    country, city = (country or "").strip().upper(), (city or "").strip()
    description = (description or "").strip()
    problems = _incident_problems(trip, kind, occurred_at, country, city, description, safe_now)
    if problems:
        raise ValidationFailed(fields=problems)
    assert occurred_at is not None
    if timezone.is_naive(occurred_at):
        occurred_at = timezone.make_aware(occurred_at)
    incident = Incident.objects.create(
        trip=trip,
        reporter=trip.traveller,
        kind=kind,
        occurred_at=occurred_at,
        country=country,
        city=city,
        description=description,
        safe_now=safe_now,
        reported_at=clock.now(),
    )
    record(
        event=events.INCIDENT_REPORTED,
        actor=actor,
        target=incident,
        after=snapshot(incident, INCIDENT_FIELDS),
    )
    webhook_emit(
        "incident.created",
        org_path=trip.audit_org_path,
        data={
            "incident": incident.pk,
            "trip": trip.pk,
            "kind": kind,
            "country": country,
            "safe_now": safe_now,
            "occurred_at": occurred_at,
            "url": _incident_url(incident),
        },
    )
    officers = [p for p in review.officers_over(trip.traveller.unit.path) if p.pk != trip.traveller_id]
    notify(
        officers,
        "incident.reported",
        params={
            "trip": _label(trip),
            "traveller": str(trip.traveller),
            "kind": kind,
            "occurred": _when(occurred_at),
            "place": ", ".join(part for part in (city, country) if part) or "—",
            "safe_now": safe_now,
            "description": description,
        },
        url=_incident_url(incident),
    )
    return incident


def _officer_locked(actor: Any, incident: Incident) -> Incident:
    try:
        locked = (
            Incident.objects.select_for_update(of=("self",))
            .select_related("trip__traveller__unit")
            .get(pk=incident.pk)
        )
    except Incident.DoesNotExist:
        raise NotFound() from None
    if not can_act_on_incident(actor, locked):
        if not Incident.objects.visible_to(actor).filter(pk=locked.pk).exists():
            raise NotFound()
        raise PermissionDenied(_("Only a security officer over the traveller handles incidents."))
    return locked


def _officer(actor: Any) -> Person:
    person_id = scope_for(actor).person_id
    if person_id is None:
        raise PermissionDenied()
    return Person.objects.get(pk=person_id)


@transaction.atomic
def incident_acknowledge(*, actor: Any, incident: Incident, note: str = "") -> Incident:
    """An officer takes the incident on; the traveller is told. Twice is a Conflict."""
    incident = _officer_locked(actor, incident)
    if incident.status != IncidentStatus.OPEN:
        raise Conflict(_("This incident was already acknowledged."), code="already_acknowledged")
    officer, now, note = _officer(actor), clock.now(), (note or "").strip()
    before = snapshot(incident, INCIDENT_FIELDS)
    incident.status, incident.acknowledged_by, incident.acknowledged_at = (
        IncidentStatus.ACKNOWLEDGED,
        officer,
        now,
    )
    incident.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    if note:
        IncidentAction.objects.create(incident=incident, officer=officer, at=now, text=note)
    record(
        event=events.INCIDENT_ACKNOWLEDGED,
        actor=actor,
        target=incident,
        before=before,
        after={**snapshot(incident, INCIDENT_FIELDS), "note": note},
    )
    notify(
        incident.trip.traveller,
        "incident.acknowledged",
        params={"kind": incident.kind, "officer": str(officer), "note": note},
        url=_incident_url(incident),
    )
    return incident


@transaction.atomic
def incident_action_add(*, actor: Any, incident: Incident, text: str) -> IncidentAction:
    """An officer records what was done; not on a closed incident (Conflict)."""
    incident = _officer_locked(actor, incident)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(fields={"text": [_("Say what was done.")]})
    if incident.status == IncidentStatus.CLOSED:
        raise Conflict(_("This incident is closed."), code="closed")
    action = IncidentAction.objects.create(
        incident=incident, officer=_officer(actor), at=clock.now(), text=text
    )
    record(event=events.INCIDENT_ACTION_ADDED, actor=actor, target=incident, after={"text": text})
    return action


@transaction.atomic
def incident_close(*, actor: Any, incident: Incident, note: str = "") -> Incident:
    """An officer closes the incident (acknowledging it too if nobody had); twice is a Conflict."""
    incident = _officer_locked(actor, incident)
    if incident.status == IncidentStatus.CLOSED:
        raise Conflict(_("This incident is already closed."), code="closed")
    officer, now, note = _officer(actor), clock.now(), (note or "").strip()
    before = snapshot(incident, INCIDENT_FIELDS)
    if incident.acknowledged_at is None:
        incident.acknowledged_by, incident.acknowledged_at = officer, now
    incident.status, incident.closed_by, incident.closed_at = IncidentStatus.CLOSED, officer, now
    incident.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "closed_by", "closed_at"])
    if note:
        IncidentAction.objects.create(incident=incident, officer=officer, at=now, text=note)
    record(
        event=events.INCIDENT_CLOSED,
        actor=actor,
        target=incident,
        before=before,
        after={**snapshot(incident, INCIDENT_FIELDS), "note": note},
    )
    return incident
