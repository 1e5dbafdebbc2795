"""The approval chain: who reviews a trip, in which order, and who may decide a step now.

Pure rules over rows: the transition function in :mod:`waypost.trips.services` calls these.
A step is decided by its assignee (the traveller's manager), by the assignee's delegate while the
assignee is away, or — for a step with no assignee — by an approver over the traveller's unit;
a security-officer step by any security officer over the traveller's unit. Never by the traveller.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from waypost.core import clock
from waypost.people.choices import AccessRole
from waypost.people.models import Person, RoleAssignment
from waypost.people.scoping import scope_for

from .choices import ApproverRole
from .models import ApprovalDelegate, ReviewStep, Trip

CHAIN_ORDER = (ApproverRole.MANAGER, ApproverRole.SECURITY_OFFICER)


def chain_for(approval: Iterable[str]) -> list[str]:
    """The roles the assessment's ``approval`` obligation asks for, in chain order."""
    wanted = set(approval or ())
    return [role for role in CHAIN_ORDER if role in wanted]


def steps_create(trip: Trip, approval: Iterable[str]) -> list[ReviewStep]:
    roles = chain_for(approval)
    manager = trip.traveller.manager if trip.traveller.manager_id else None
    return [
        ReviewStep.objects.create(
            trip=trip,
            trip_version=trip.version,
            position=position,
            role=role,
            assignee=manager if role == ApproverRole.MANAGER and manager and manager.is_active else None,
        )
        for position, role in enumerate(roles, start=1)
    ]


def open_step(trip: Trip) -> ReviewStep | None:
    """The step waiting for a decision: the first undecided step of the current chain."""
    return (
        ReviewStep.objects.filter(trip=trip, is_current=True, decision="")
        .select_related("assignee")
        .order_by("position")
        .first()
    )


def _active_delegators(person_id: int) -> list[int]:
    today = clock.today()
    return list(
        ApprovalDelegate.objects.filter(
            delegate_id=person_id, starts_on__lte=today, ends_on__gte=today
        ).values_list("person_id", flat=True)
    )


def _away(person_id: int) -> bool:
    today = clock.today()
    return ApprovalDelegate.objects.filter(
        person_id=person_id, starts_on__lte=today, ends_on__gte=today
    ).exists()


def may_decide(actor: Any, step: ReviewStep, trip: Trip) -> tuple[bool, int | None]:
    """Whether ``actor`` may decide ``step`` now, and for whom (the absent assignee) if as delegate."""
    scope = scope_for(actor)
    if scope.person_id is None or scope.person_id == trip.traveller_id:
        return False, None
    path = trip.traveller.unit.path
    if step.role == ApproverRole.SECURITY_OFFICER:
        return scope.covers(path, AccessRole.SECURITY_OFFICER), None
    if step.assignee_id is None:
        return scope.covers(path, AccessRole.APPROVER, AccessRole.SECURITY_OFFICER), None
    if step.assignee_id == scope.person_id:
        return True, None
    if step.assignee_id in _active_delegators(scope.person_id):
        return True, step.assignee_id
    return False, None


def eligible_reviewers(step: ReviewStep) -> list[Person]:
    """Everyone who may decide ``step`` now (for notifications and reminders)."""
    trip = step.trip
    path = trip.traveller.unit.path
    people: list[Person] = []
    if step.role == ApproverRole.MANAGER and step.assignee_id:
        assert step.assignee is not None
        today = clock.today()
        delegates = Person.objects.filter(
            is_active=True,
            delegated_to_me__person_id=step.assignee_id,
            delegated_to_me__starts_on__lte=today,
            delegated_to_me__ends_on__gte=today,
        )
        people = list(delegates)
        if not people or not _away(step.assignee_id):
            people.insert(0, step.assignee)
    else:
        roles = (
            [AccessRole.SECURITY_OFFICER]
            if step.role == ApproverRole.SECURITY_OFFICER
            else [AccessRole.APPROVER, AccessRole.SECURITY_OFFICER]
        )
        people = officers_over(path, roles)
    return [person for person in people if person.pk != trip.traveller_id and person.is_active]


def officers_over(path: str, roles: Iterable[str] = (AccessRole.SECURITY_OFFICER,)) -> list[Person]:
    """People holding one of ``roles`` over a node on ``path`` (the node or an ancestor)."""
    segments = [segment for segment in path.split("/") if segment]
    condition = Q(pk__in=[])
    for index in range(len(segments)):
        condition |= Q(node__path="/" + "/".join(segments[: index + 1]) + "/")
    person_ids = RoleAssignment.objects.filter(condition, role__in=list(roles)).values_list(
        "person_id", flat=True
    )
    return list(Person.objects.filter(pk__in=person_ids, is_active=True).order_by("name_latin"))
