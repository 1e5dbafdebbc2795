"""The trip record: the complete file of one trip, as a plain JSON-able dict.

:func:`trip_record` gathers everything the actor may see about a trip — the declaration's
versions with what each changed, every assessment, the review decisions, briefing
acknowledgements, check-ins and their schedule, incidents with the officers' actions, the
debrief and its contacts, and the screened names with their hits — and audits the export
(:data:`~waypost.debriefs.events.TRIP_RECORD_EXPORTED`, with the format).

Scoping follows the rest of Waypost: a trip the actor may not see is :class:`NotFound`; a part
the actor may not see is left out of the record (``record.sections`` lists what is in it). The
manager sees the trip but not the debrief or the screening; the traveller sees the debrief but
not the screening; security officers, auditors and administrators over the unit see it all.

The shape is versioned (``record.format_version``); dates and times are ISO 8601, times in UTC.
The PDF is rendered from this dict by :mod:`waypost.debriefs.record_pdf`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import metadata
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from waypost.audit.services import record
from waypost.core import clock
from waypost.core.errors import NotFound, ValidationFailed
from waypost.people.models import Person
from waypost.people.scoping import scope_for
from waypost.screening.models import Hit, ScreeningSubject
from waypost.screening.permissions import OVERSEERS, can_view_hits
from waypost.trips.models import (
    BriefingAcknowledgement,
    CheckIn,
    CheckInWindow,
    Incident,
    IncidentAction,
    ReviewStep,
    Trip,
    TripAssessment,
    TripVersion,
)
from waypost.trips.versions import facts_diff

from . import answers as answer_rules
from .events import TRIP_RECORD_EXPORTED
from .models import Debrief, Encounter

#: Bumped when the record's shape changes in a way a reader must know about.
FORMAT_VERSION = "1"
FORMATS = ("json", "pdf")

#: The parts of a record, in order; a record holds those the actor may see.
SECTIONS = (
    "traveller",
    "trip",
    "versions",
    "assessments",
    "review",
    "briefings",
    "checkins",
    "checkin_windows",
    "incidents",
    "debrief",
    "screening",
)


def waypost_version() -> str:
    try:
        return metadata.version("waypost")
    except metadata.PackageNotFoundError:  # running from a checkout that was not installed
        return "unknown"


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _person(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {"id": person.pk, "name": str(person)}


def _user_person(user: Any) -> dict[str, Any] | None:
    """The person of a user (who made a version), or their user name when they have none."""
    if user is None:
        return None
    try:
        return _person(user.person)
    except ObjectDoesNotExist:
        return {"id": None, "name": user.get_username()}


def _actor_name(actor: Any) -> str:
    try:
        person = actor.person
    except (ObjectDoesNotExist, AttributeError):
        person = None
    return str(person) if person is not None else str(actor.get_username())


# --- Parts -----------------------------------------------------------------------------------


def _traveller(trip: Trip) -> dict[str, Any]:
    traveller = trip.traveller
    return {
        "id": traveller.pk,
        "name": str(traveller),
        "name_latin": traveller.name_latin,
        "name_native": traveller.name_native,
        "email": traveller.email,
        "unit": {"id": traveller.unit.pk, "name": traveller.unit.name, "path": traveller.unit.path},
    }


def _trip(trip: Trip) -> dict[str, Any]:
    return {
        "id": trip.pk,
        "title": trip.title,
        "status": trip.status,
        "version": trip.version,
        "depart_on": _when(trip.depart_on),
        "return_on": _when(trip.return_on),
        "created_at": _when(trip.created_at),
        "submitted_at": _when(trip.submitted_at),
        "decided_at": _when(trip.decided_at),
        "proceeded": {"at": _when(trip.proceeded_at), "note": trip.proceed_note}
        if trip.proceeded_at
        else None,
        "cancelled": {"at": _when(trip.cancelled_at), "reason": trip.cancel_reason}
        if trip.cancelled_at
        else None,
        "briefing_flagged_at": _when(trip.briefing_flagged_at),
        "debrief_due_on": _when(trip.debrief_due_on),
        "facts": trip.facts or {},
    }


def _changes(previous: TripVersion | None, version: TripVersion) -> list[dict[str, Any]]:
    """What ``version`` changed from ``previous`` (nothing for the first version), title first."""
    if previous is None:
        return []
    changes = facts_diff(previous.facts or {}, version.facts or {})
    if previous.title != version.title:
        changes.insert(0, facts_diff({"title": previous.title}, {"title": version.title})[0])
    return [
        {"path": change.path, "kind": change.kind, "before": change.before, "after": change.after}
        for change in changes
    ]


def _versions(trip: Trip) -> list[dict[str, Any]]:
    versions = list(
        TripVersion.objects.filter(trip=trip).select_related("created_by__person").order_by("number")
    )
    out = []
    previous = None
    for version in versions:
        out.append(
            {
                "number": version.number,
                "title": version.title,
                "note": version.note,
                "created_at": _when(version.created_at),
                "created_by": _user_person(version.created_by),
                "facts": version.facts or {},
                "changes": _changes(previous, version),
            }
        )
        previous = version
    return out


def _assessments(trip: Trip) -> list[dict[str, Any]]:
    assessments = TripAssessment.objects.filter(trip=trip).order_by("created_at", "pk")
    out = []
    for assessment in assessments:
        result: Mapping[str, Any] = assessment.result or {}
        out.append(
            {
                "trip_version": assessment.trip_version,
                "assessed_on": _when(assessment.on),
                "created_at": _when(assessment.created_at),
                "current": assessment.is_current,
                "advisory": assessment.advisory,
                "late": assessment.late,
                "obligations": assessment.obligations or {},
                "reasons": [
                    {"ref": f"{reason['guidance']}@{reason['version']}/{reason['rule']}", **reason}
                    for reason in result.get("reasons") or ()
                    if isinstance(reason, Mapping) and {"guidance", "version", "rule"} <= set(reason)
                ],
                "countries": list(result.get("countries") or ()),
                "guidance_versions": [
                    {"guidance": item.get("id"), "version": item.get("version")}
                    for item in result.get("guidance_versions") or ()
                    if isinstance(item, Mapping)
                ],
                "lead_days": result.get("lead_days"),
                "trip_days": result.get("trip_days"),
            }
        )
    return out


def _review(trip: Trip) -> list[dict[str, Any]]:
    steps = (
        ReviewStep.objects.filter(trip=trip)
        .select_related("assignee", "decided_by", "on_behalf_of")
        .order_by("trip_version", "position", "pk")
    )
    return [
        {
            "trip_version": step.trip_version,
            "position": step.position,
            "role": step.role,
            "assignee": _person(step.assignee),
            "current": step.is_current,
            "decision": step.decision,
            "note": step.note,
            "decided_by": _person(step.decided_by),
            "on_behalf_of": _person(step.on_behalf_of),
            "decided_at": _when(step.decided_at),
        }
        for step in steps
    ]


def _briefings(trip: Trip) -> list[dict[str, Any]]:
    acks = (
        BriefingAcknowledgement.objects.filter(trip=trip)
        .select_related("briefing", "person")
        .order_by("acknowledged_at", "pk")
    )
    return [
        {
            "briefing": ack.briefing.slug,
            "title": dict(ack.briefing.title or {}),
            "version": ack.briefing_version,
            "language": ack.language,
            "person": _person(ack.person),
            "acknowledged_at": _when(ack.acknowledged_at),
        }
        for ack in acks
    ]


def _checkins(trip: Trip) -> list[dict[str, Any]]:
    checkins = CheckIn.objects.filter(trip=trip).select_related("person").order_by("at", "pk")
    return [
        {
            "id": checkin.pk,
            "at": _when(checkin.at),
            "person": _person(checkin.person),
            "country": checkin.country,
            "city": checkin.city,
            "note": checkin.note,
            "source": checkin.source,
        }
        for checkin in checkins
    ]


def _checkin_windows(trip: Trip) -> list[dict[str, Any]]:
    """The check-ins the obligations asked for: kept, late, missed, and how far a miss escalated."""
    windows = CheckInWindow.objects.filter(trip=trip).order_by("due_at", "pk")
    return [
        {
            "due_at": _when(window.due_at),
            "status": window.status,
            "escalation_stage": window.stage,
            "last_escalated_at": _when(window.last_escalated_at),
            "checkin": window.checkin_id,
            "resolved_at": _when(window.resolved_at),
        }
        for window in windows
    ]


def _incidents(trip: Trip) -> list[dict[str, Any]]:
    actions = IncidentAction.objects.select_related("officer").order_by("at", "pk")
    incidents = (
        Incident.objects.filter(trip=trip)
        .select_related("reporter", "acknowledged_by", "closed_by")
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by("occurred_at", "pk")
    )
    return [
        {
            "id": incident.pk,
            "kind": incident.kind,
            "occurred_at": _when(incident.occurred_at),
            "country": incident.country,
            "city": incident.city,
            "description": incident.description,
            "safe_now": incident.safe_now,
            "reported_at": _when(incident.reported_at),
            "reporter": _person(incident.reporter),
            "status": incident.status,
            "acknowledged_by": _person(incident.acknowledged_by),
            "acknowledged_at": _when(incident.acknowledged_at),
            "closed_by": _person(incident.closed_by),
            "closed_at": _when(incident.closed_at),
            "actions": [
                {"at": _when(action.at), "officer": _person(action.officer), "text": action.text}
                for action in incident.actions.all()
            ],
        }
        for incident in incidents
    ]


def _debrief(trip: Trip, *, with_register: bool) -> dict[str, Any] | None:
    """The debrief as typed and reviewed; its contacts with their register entry for overseers."""
    debrief = Debrief.objects.filter(trip=trip).select_related("reviewed_by").first()
    if debrief is None:
        return None
    answers = debrief.answers if isinstance(debrief.answers, dict) else {}
    register: dict[int, int] = {}
    if with_register:
        register = dict(
            Encounter.objects.filter(trip=trip, source="debrief").values_list("position", "contact_id")
        )
    contacts = [
        {**contact, "register_id": register.get(position)} if with_register else contact
        for position, contact in enumerate(answer_rules.cleaned_contacts(answers))
    ]
    return {
        "status": debrief.status,
        "revision": debrief.revision,
        "submitted_at": _when(debrief.submitted_at),
        "late": debrief.late,
        "outcome": debrief.outcome,
        "review_note": debrief.review_note,
        "reviewed_by": _person(debrief.reviewed_by),
        "reviewed_at": _when(debrief.reviewed_at),
        "answers": answers,
        "contacts": contacts,
    }


def _screening(trip: Trip) -> list[dict[str, Any]]:
    hits = Hit.objects.select_related("entry__list", "list_version", "decided_by").order_by("-score", "pk")
    subjects = (
        ScreeningSubject.objects.filter(trip=trip)
        .prefetch_related(Prefetch("hits", queryset=hits))
        .order_by("created_at", "pk")
    )
    return [
        {
            "name": subject.name,
            "name_latin": subject.name_latin,
            "kind": subject.kind,
            "source": subject.source_type,
            "countries": list(subject.countries or ()),
            "screened_at": _when(subject.screened_at),
            "hits": [
                {
                    "list": hit.entry.list.list_id,
                    "list_version": hit.list_version.number,
                    "entry": hit.entry.entry_id,
                    "entry_name": hit.entry.primary_name,
                    "matched_name": hit.matched_name,
                    "score": round(hit.score, 4),
                    "status": hit.status,
                    "note": hit.note,
                    "decided_by": _person(hit.decided_by),
                    "decided_at": _when(hit.decided_at),
                    "raised_at": _when(hit.created_at),
                }
                for hit in subject.hits.all()
            ],
        }
        for subject in subjects
    ]


# --- The record ------------------------------------------------------------------------------


def trip_record(*, actor: Any, trip_id: int, export_format: str = "json") -> dict[str, Any]:
    """The complete file of trip ``trip_id`` as the actor may see it; the export is audited.

    Raises NotFound when the trip is missing or not visible to the actor, ValidationFailed for an
    unknown ``export_format`` (``json`` or ``pdf``: it is recorded in the audit event).
    A bounded number of queries, however many versions, check-ins or incidents the trip has.
    """
    if export_format not in FORMATS:
        raise ValidationFailed(fields={"format": [_("Choose JSON or PDF.")]})
    trip = Trip.objects.visible_to(actor).select_related("traveller__unit").filter(pk=trip_id).first()
    if trip is None:
        raise NotFound()
    scope = scope_for(actor)
    path = trip.traveller.unit.path
    overseer = scope.covers(path, *OVERSEERS)
    # The debrief: the traveller and the overseers, never the manager (see DebriefQuerySet).
    sees_debrief = scope.person_id == trip.traveller_id or overseer
    sees_screening = can_view_hits(actor, path)

    sections = [
        name
        for name in SECTIONS
        if (name != "debrief" or sees_debrief) and (name != "screening" or sees_screening)
    ]
    out: dict[str, Any] = {
        "record": {
            "format_version": FORMAT_VERSION,
            "generated_at": _when(clock.now()),
            "generated_by": {"id": scope.person_id, "name": _actor_name(actor)},
            "waypost_version": waypost_version(),
            "sections": sections,
        },
        "traveller": _traveller(trip),
        "trip": _trip(trip),
        "versions": _versions(trip),
        "assessments": _assessments(trip),
        "review": _review(trip),
        "briefings": _briefings(trip),
        "checkins": _checkins(trip),
        "checkin_windows": _checkin_windows(trip),
        "incidents": _incidents(trip),
    }
    if sees_debrief:
        out["debrief"] = _debrief(trip, with_register=overseer)
    if sees_screening:
        out["screening"] = _screening(trip)
    record(event=TRIP_RECORD_EXPORTED, actor=actor, target=trip, extra={"format": export_format})
    return out


__all__ = ["FORMAT_VERSION", "SECTIONS", "trip_record", "waypost_version"]
