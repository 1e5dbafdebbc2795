"""Reads for people and organisations, always scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from waypost.core.errors import NotFound

from .models import OrgNode, Person, PersonQuerySet


def person_list_for(
    *, actor: Any, query: str = "", unit: OrgNode | None = None, sector: str = "", role: str = ""
) -> PersonQuerySet:
    people = Person.objects.visible_to(actor).select_related("unit", "manager")
    if query:
        people = people.filter(
            Q(name_latin__icontains=query) | Q(name_native__icontains=query) | Q(email__icontains=query)
        )
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    if role:
        people = people.filter(role=role)
    if sector:
        # JSON containment differs across databases; a quoted token match works on both.
        people = people.filter(sectors__icontains=f'"{sector}"')
    return people


def person_get_for(*, actor: Any, person_id: Any) -> Person:
    """The person, or NotFound whether they are missing or not visible to the actor."""
    try:
        return (
            Person.objects.visible_to(actor).select_related("unit", "manager", "user").get(pk=int(person_id))
        )
    except (Person.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def orgnode_list_for(*, actor: Any) -> Any:
    return OrgNode.objects.visible_to(actor).select_related("parent")


def orgnode_get_for(*, actor: Any, node_id: Any) -> OrgNode:
    try:
        return OrgNode.objects.visible_to(actor).get(pk=int(node_id))
    except (OrgNode.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
