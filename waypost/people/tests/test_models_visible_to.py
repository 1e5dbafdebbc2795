"""``Person.objects.visible_to`` and ``OrgNode.objects.visible_to``: each persona sees exactly its share."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from waypost.people.choices import NodeKind
from waypost.people.models import OrgNode, Person
from waypost.people.tests.factories import OrgNodeFactory, PersonFactory, UnitFactory
from waypost.testing import Cast


@pytest.fixture
def world(cast: Cast) -> Cast:
    """The cast plus a second organisation under the same authority, with one person (sid)."""
    silicon = OrgNodeFactory(kind=NodeKind.ORGANISATION, slug="silicon", parent=cast.authority)
    design = UnitFactory(slug="silicon-design", parent=silicon)
    PersonFactory(email="sid@silicon.example", unit=design)
    return cast


LUMEN = {
    "alice@lumen.example",
    "bob@lumen.example",
    "olu@lumen.example",
    "audrey@lumen.example",
    "ada@lumen.example",
}

PEOPLE = {
    "alice": {"alice@lumen.example"},
    "bob": {"bob@lumen.example", "alice@lumen.example"},
    "olu": LUMEN,
    "audrey": LUMEN,
    "ada": LUMEN | {"sid@silicon.example"},
    "mallory": {"mallory@kinetic.example"},
}


@pytest.mark.parametrize(("persona", "expected"), sorted(PEOPLE.items()))
def test_people_visible_to_each_persona(world: Cast, persona: str, expected: set[str]) -> None:
    """Alice herself; Bob himself and his report; officers and auditors their organisation;
    Ada her authority."""
    # when
    visible = Person.objects.visible_to(world.persona(persona).user)
    # then
    assert set(visible.values_list("email", flat=True)) == expected


def test_anonymous_sees_nobody(world: Cast) -> None:
    """Without a signed-in user the queryset is empty."""
    assert not Person.objects.visible_to(AnonymousUser()).exists()
    assert not OrgNode.objects.visible_to(AnonymousUser()).exists()


def test_account_without_a_person_sees_nobody(world: Cast) -> None:
    """A user with no person record has no scope."""
    # given
    from waypost.people.tests.factories import UserFactory

    stranger = UserFactory()
    # then
    assert not Person.objects.visible_to(stranger).exists()


def test_inactive_person_loses_their_scope(world: Cast) -> None:
    """Deactivating Olu's person record takes away what the role gave."""
    # given
    Person.objects.filter(pk=world.olu.pk).update(is_active=False)
    user = type(world.olu.user).objects.get(pk=world.olu.user.pk)
    # then
    assert not Person.objects.visible_to(user).exists()


def test_manager_does_not_see_reports_of_reports(world: Cast) -> None:
    """Bob sees his direct reports only, not the people they manage."""
    # given
    PersonFactory(email="intern@lumen.example", unit=world.unit, manager=world.alice)
    # when
    visible = set(Person.objects.visible_to(world.bob.user).values_list("email", flat=True))
    # then
    assert "intern@lumen.example" not in visible
    assert "intern@lumen.example" in set(
        Person.objects.visible_to(world.alice.user).values_list("email", flat=True)
    )


NODES = {
    "alice": {"east-office", "lumen", "lumen-models"},
    "bob": {"east-office", "lumen", "lumen-models"},
    "olu": {"east-office", "lumen", "lumen-models", "lumen-security"},
    "audrey": {"east-office", "lumen", "lumen-models", "lumen-security"},
    "ada": {"east-office", "lumen", "lumen-models", "lumen-security", "silicon", "silicon-design"},
    "mallory": {"rhine-council", "kinetic", "kinetic-autonomy"},
}


@pytest.mark.parametrize(("persona", "expected"), sorted(NODES.items()))
def test_nodes_visible_to_each_persona(world: Cast, persona: str, expected: set[str]) -> None:
    """Everyone sees the path to their own unit; roles add the subtrees they cover."""
    # when
    visible = OrgNode.objects.visible_to(world.persona(persona).user)
    # then
    assert set(visible.values_list("slug", flat=True)) == expected


def test_scope_costs_a_fixed_number_of_queries(world: Cast, django_assert_num_queries: Any) -> None:
    """The actor's scope is computed once and cached on the user, however many querysets use it."""
    # given
    user = type(world.olu.user).objects.get(pk=world.olu.user.pk)
    # when / then: person, role assignments, own path nodes, then one query per list.
    with django_assert_num_queries(5):
        list(Person.objects.visible_to(user))
        list(OrgNode.objects.visible_to(user))
