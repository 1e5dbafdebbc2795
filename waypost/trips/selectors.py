"""Reads for trips, already scoped to what the actor may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from waypost.audit.services import record
from waypost.core.errors import NotFound
from waypost.people.choices import AccessRole
from waypost.people.scoping import scope_for

from . import review
from .choices import ApproverRole, TripStatus
from .events import TRIP_VIEWED
from .models import ApprovalDelegate, ReviewStep, Trip, TripAssessment, TripVersion


def trip_list_for(*, actor: Any) -> QuerySet[Trip]:
    """Every trip the actor may see, with the current assessment's advisory at hand."""
    current = TripAssessment.objects.filter(is_current=True).only(
        "trip_id", "advisory", "late", "obligations"
    )
    return (
        Trip.objects.visible_to(actor)
        .select_related("traveller__unit")
        .prefetch_related(Prefetch("assessments", queryset=current, to_attr="current_assessments"))
    )


def own_trips(*, actor: Any) -> QuerySet[Trip]:
    scope = scope_for(actor)
    return trip_list_for(actor=actor).filter(traveller_id=scope.person_id or 0)


def trip_get_for(*, actor: Any, trip_id: int, audit: bool = False) -> Trip:
    """The trip if the actor may see it, else NotFound (missing and forbidden look the same).

    With ``audit``, the read is recorded when the reader is not the traveller (a declaration is a
    sensitive record: who looked at whose trip is part of the audit trail).
    """
    trip = trip_list_for(actor=actor).filter(pk=trip_id).first()
    if trip is None:
        raise NotFound()
    if audit and scope_for(actor).person_id != trip.traveller_id:
        record(event=TRIP_VIEWED, actor=actor, target=trip)
    return trip


def current_assessment(trip: Trip) -> TripAssessment | None:
    prefetched = getattr(trip, "current_assessments", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return TripAssessment.objects.filter(trip=trip, is_current=True).first()


def versions_of(trip: Trip) -> list[TripVersion]:
    return list(TripVersion.objects.filter(trip=trip).select_related("created_by").order_by("number"))


def steps_of(trip: Trip) -> list[ReviewStep]:
    return list(
        ReviewStep.objects.filter(trip=trip)
        .select_related("assignee", "decided_by", "on_behalf_of")
        .order_by("-is_current", "-trip_version", "position")
    )


def review_queue_for(*, actor: Any) -> list[tuple[Trip, ReviewStep]]:
    """Trips waiting for a decision the actor may take now, oldest first."""
    scope = scope_for(actor)
    if scope.person_id is None:
        return []
    delegators = list(
        ApprovalDelegate.objects.filter(
            delegate_id=scope.person_id,
            starts_on__lte=_today(),
            ends_on__gte=_today(),
        ).values_list("person_id", flat=True)
    )
    earlier_open = ReviewStep.objects.filter(
        trip=OuterRef("trip"), is_current=True, decision="", position__lt=OuterRef("position")
    )
    candidates = Q(assignee_id=scope.person_id) | Q(assignee_id__in=delegators)
    for path in scope.subtree_paths(AccessRole.SECURITY_OFFICER):
        candidates |= Q(trip__traveller__unit__path__startswith=path)
    for path in scope.subtree_paths(AccessRole.APPROVER):
        candidates |= Q(
            role=ApproverRole.MANAGER, assignee=None, trip__traveller__unit__path__startswith=path
        )
    steps = (
        ReviewStep.objects.filter(candidates, is_current=True, decision="")
        .filter(~Exists(earlier_open))
        .exclude(trip__traveller_id=scope.person_id)
        .filter(trip__status__in=(TripStatus.SUBMITTED, TripStatus.IN_REVIEW))
        .select_related("trip__traveller__unit", "assignee")
        .order_by("created_at", "pk")
    )
    queue = []
    for step in steps:
        allowed, _on_behalf = review.may_decide(actor, step, step.trip)
        if allowed:
            queue.append((step.trip, step))
    return queue


def traveller_history(trip: Trip, *, limit: int = 10) -> QuerySet[Trip]:
    """The traveller's other trips (for the reviewer's context), newest first."""
    return (
        Trip.objects.filter(traveller_id=trip.traveller_id)
        .exclude(pk=trip.pk)
        .exclude(status=TripStatus.DRAFT)
        .order_by("-depart_on")[:limit]
    )


def delegations_for(*, actor: Any) -> QuerySet[ApprovalDelegate]:
    scope = scope_for(actor)
    return ApprovalDelegate.objects.filter(
        Q(person_id=scope.person_id or 0) | Q(delegate_id=scope.person_id or 0)
    ).select_related("person", "delegate")


def _today() -> Any:
    from waypost.core import clock

    return clock.today()


def delegate_candidates(*, actor: Any) -> QuerySet[Any]:
    """Whom the actor may name as delegate: active people of their own organisation, but themselves."""
    from waypost.people.choices import NodeKind
    from waypost.people.models import OrgNode, Person

    scope = scope_for(actor)
    if scope.person_id is None:
        return Person.objects.none()
    slugs = [segment for segment in scope.unit_path.split("/") if segment]
    organisation = OrgNode.objects.filter(slug__in=slugs, kind=NodeKind.ORGANISATION).first()
    if organisation is None:
        return Person.objects.none()
    return (
        Person.objects.filter(is_active=True, unit__path__startswith=organisation.path)
        .exclude(pk=scope.person_id)
        .order_by("name_latin")
    )
