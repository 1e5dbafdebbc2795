"""Reads of debriefs and the contacts register, already scoped to what the actor may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from waypost.audit.services import record
from waypost.core import clock
from waypost.core.errors import NotFound
from waypost.people.scoping import scope_for
from waypost.trips.models import Trip, person_scope

from .choices import DebriefOutcome, DebriefStatus, SuggestionStatus
from .events import CONTACT_VIEWED, DEBRIEF_VIEWED
from .models import Contact, Debrief, Encounter, MergeSuggestion
from .services import OPEN_FOR_DEBRIEF


def debrief_list_for(*, actor: Any) -> QuerySet[Debrief]:
    return Debrief.objects.visible_to(actor).select_related("trip__traveller__unit", "reviewed_by")


def debrief_of(*, actor: Any, trip: Trip, audit: bool = False) -> Debrief | None:
    """The trip's debrief if there is one and the actor may see it (its manager may not).

    With ``audit``, a read by anyone but the traveller is recorded (a debrief is a sensitive record).
    """
    debrief = debrief_list_for(actor=actor).filter(trip_id=trip.pk).first()
    if debrief is not None and audit and scope_for(actor).person_id != trip.traveller_id:
        record(event=DEBRIEF_VIEWED, actor=actor, target=debrief)
    return debrief


def may_see_debrief(*, actor: Any, trip: Trip) -> bool:
    """Whether the actor may see the trip's debrief (written or not): the traveller and overseers."""
    condition = person_scope(actor, "traveller", reports=False)
    return condition is not None and Trip.objects.filter(condition, pk=trip.pk).exists()


@dataclass
class DebriefQueue:
    #: Submitted, waiting for an officer's review (oldest first), and reviewed with follow-up needed.
    to_review: list[Debrief]
    follow_up: list[Debrief]
    #: Trips whose debrief is past its due day and not submitted (most overdue first).
    overdue: list[Trip]
    #: Trips whose debrief is due and not yet overdue (soonest first).
    due: list[Trip]


def debrief_queue_for(*, actor: Any) -> DebriefQueue:
    """The debriefs an actor looks after: their own, or those in the subtrees they oversee."""
    debriefs = debrief_list_for(actor=actor)
    condition = person_scope(actor, "traveller", reports=False)
    trips = (
        Trip.objects.none()
        if condition is None
        else Trip.objects.filter(condition, status__in=OPEN_FOR_DEBRIEF, debrief_due_on__isnull=False)
        .exclude(debrief__status__in=(DebriefStatus.SUBMITTED, DebriefStatus.REVIEWED))
        .select_related("traveller__unit")
    )
    today = clock.today()
    return DebriefQueue(
        to_review=list(debriefs.filter(status=DebriefStatus.SUBMITTED).order_by("submitted_at", "pk")),
        follow_up=list(
            debriefs.filter(status=DebriefStatus.REVIEWED, outcome=DebriefOutcome.FOLLOW_UP).order_by(
                "reviewed_at", "pk"
            )
        ),
        overdue=list(trips.filter(debrief_due_on__lt=today).order_by("debrief_due_on", "pk")),
        due=list(trips.filter(debrief_due_on__gte=today).order_by("debrief_due_on", "pk")),
    )


def trips_awaiting_own_debrief(*, actor: Any) -> QuerySet[Trip]:
    """The actor's own trips waiting for their debrief (for the home page)."""
    person_id = scope_for(actor).person_id or 0
    return (
        Trip.objects.filter(traveller_id=person_id, status__in=(*OPEN_FOR_DEBRIEF,))
        .exclude(debrief__status__in=(DebriefStatus.SUBMITTED, DebriefStatus.REVIEWED))
        .order_by("debrief_due_on", "pk")
    )


# --- The contacts register ----------------------------------------------------------------------


def contact_list_for(*, actor: Any, query: str = "") -> QuerySet[Contact]:
    """Live contacts met in the subtrees the actor oversees, with how often and by how many met."""
    contacts = Contact.objects.visible_to(actor).live()
    if query.strip():
        text = query.strip()
        contacts = contacts.filter(
            Q(name__icontains=text) | Q(name_latin__icontains=text) | Q(organisation__icontains=text)
        )
    return contacts.annotate(
        encounter_count=Count("encounters", distinct=True),
        traveller_count=Count("encounters__traveller", distinct=True),
        trip_count=Count("encounters__trip", distinct=True),
        last_met=Max("encounters__trip__depart_on"),
    ).order_by("name_latin", "name", "pk")


def contact_get_for(*, actor: Any, contact_id: int, audit: bool = False) -> Contact:
    """A contact the actor may see (a merged one too: it says where it went), else NotFound; audited."""
    contact = (
        Contact.objects.visible_to(actor).select_related("owner", "merged_into").filter(pk=contact_id).first()
    )
    if contact is None:
        raise NotFound()
    if audit:
        record(event=CONTACT_VIEWED, actor=actor, target=contact)
    return contact


def encounters_of(*, actor: Any, contact: Contact) -> list[Encounter]:
    """Every meeting with the contact that the actor may see, newest trip first."""
    condition = person_scope(actor, "trip__traveller", reports=False)
    if condition is None:
        return []
    return list(
        Encounter.objects.filter(condition, contact=contact)
        .select_related("trip", "traveller__unit")
        .order_by("-trip__depart_on", "source", "position")
    )


def suggestions_for(*, actor: Any, contact: Contact | None = None) -> list[MergeSuggestion]:
    """Open merge suggestions whose two contacts the actor may both see, best first."""
    visible = Contact.objects.visible_to(actor).live().values("pk")
    suggestions = MergeSuggestion.objects.filter(
        status=SuggestionStatus.OPEN, contact__in=visible, other__in=visible
    ).select_related("contact", "other")
    if contact is not None:
        suggestions = suggestions.filter(Q(contact=contact) | Q(other=contact))
    return list(suggestions.order_by("-score", "pk"))


def suggestion_get_for(*, actor: Any, suggestion_id: int) -> MergeSuggestion:
    """A merge suggestion (open or decided) whose two contacts the actor may both see, else NotFound."""
    visible = Contact.objects.visible_to(actor).values("pk")
    suggestion = (
        MergeSuggestion.objects.filter(pk=suggestion_id, contact__in=visible, other__in=visible)
        .select_related("contact", "other")
        .first()
    )
    if suggestion is None:
        raise NotFound()
    return suggestion


__all__ = [
    "DebriefQueue",
    "contact_get_for",
    "contact_list_for",
    "debrief_list_for",
    "debrief_of",
    "debrief_queue_for",
    "encounters_of",
    "may_see_debrief",
    "suggestion_get_for",
    "suggestions_for",
    "trips_awaiting_own_debrief",
]
