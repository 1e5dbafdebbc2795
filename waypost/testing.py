"""Shared fixtures: the fixed cast of personas every test may use.

* alice — a traveller in Lumen's Foundation Models unit; bob is her manager;
* bob — approver (alice's manager);
* olu — security officer over the Lumen organisation;
* audrey — auditor over the Lumen organisation;
* ada — administrator over the authority above Lumen;
* mallory — a traveller at another organisation under another authority.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from waypost.people.choices import AccessRole, JobRole, NodeKind
from waypost.people.models import OrgNode, Person, RoleAssignment
from waypost.people.tests.factories import PASSWORD, OrgNodeFactory, PersonFactory


@dataclass
class Cast:
    authority: OrgNode
    org: OrgNode
    unit: OrgNode
    security_unit: OrgNode
    other_authority: OrgNode
    other_org: OrgNode
    other_unit: OrgNode
    alice: Person
    bob: Person
    olu: Person
    audrey: Person
    ada: Person
    mallory: Person

    def persona(self, name: str) -> Person:
        return getattr(self, name)


PERSONAS = ("alice", "bob", "olu", "audrey", "ada", "mallory")


@pytest.fixture(autouse=True)
def _english_by_default() -> Any:
    """Every test starts in English, whatever language an earlier request in this worker activated."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def cast(db: Any) -> Cast:
    authority = OrgNodeFactory(kind=NodeKind.AUTHORITY, slug="east-office", name="East Office")
    org = OrgNodeFactory(kind=NodeKind.ORGANISATION, slug="lumen", name="Lumen AI Lab", parent=authority)
    unit = OrgNodeFactory(kind=NodeKind.UNIT, slug="lumen-models", name="Foundation Models", parent=org)
    security_unit = OrgNodeFactory(
        kind=NodeKind.UNIT, slug="lumen-security", name="Security Office", parent=org
    )
    other_authority = OrgNodeFactory(kind=NodeKind.AUTHORITY, slug="rhine-council", name="Rhine Council")
    other_org = OrgNodeFactory(
        kind=NodeKind.ORGANISATION, slug="kinetic", name="Kinetic Robotics", parent=other_authority
    )
    other_unit = OrgNodeFactory(
        kind=NodeKind.UNIT, slug="kinetic-autonomy", name="Autonomy", parent=other_org
    )

    bob = PersonFactory(
        email="bob@lumen.example", name_latin="Bob Chen", unit=unit, role=JobRole.SENIOR_RESEARCHER
    )
    alice = PersonFactory(
        email="alice@lumen.example",
        name_latin="Alice Wang",
        name_native="王爱丽",
        unit=unit,
        manager=bob,
        role=JobRole.EXECUTIVE,
        sensitivity=3,
    )
    olu = PersonFactory(
        email="olu@lumen.example", name_latin="Olu Adeyemi", unit=security_unit, role=JobRole.STAFF
    )
    audrey = PersonFactory(email="audrey@lumen.example", name_latin="Audrey Lin", unit=security_unit)
    ada = PersonFactory(email="ada@lumen.example", name_latin="Ada Admin", unit=security_unit)
    mallory = PersonFactory(email="mallory@kinetic.example", name_latin="Mallory Vogt", unit=other_unit)
    RoleAssignment.objects.create(person=bob, role=AccessRole.APPROVER, node=unit)
    RoleAssignment.objects.create(person=olu, role=AccessRole.SECURITY_OFFICER, node=org)
    RoleAssignment.objects.create(person=audrey, role=AccessRole.AUDITOR, node=org)
    RoleAssignment.objects.create(person=ada, role=AccessRole.ADMINISTRATOR, node=authority)
    ada.user.is_staff = True
    ada.user.save()
    return Cast(
        authority,
        org,
        unit,
        security_unit,
        other_authority,
        other_org,
        other_unit,
        alice,
        bob,
        olu,
        audrey,
        ada,
        mallory,
    )


@pytest.fixture
def login(client: Any) -> Any:
    """``login(person)`` signs the test client in as that person."""

    def _login(person: Person | None) -> Any:
        client.logout()
        if person is not None:
            client.force_login(person.user)
        return client

    return _login


@pytest.fixture
def password() -> str:
    return PASSWORD
