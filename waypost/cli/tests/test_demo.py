"""``waypost demo --no-serve``: migrate, load the demo world, print one login per role, then exit."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.core.management import call_command

from waypost.audit.models import AuditEvent
from waypost.audit.services import verify_chain
from waypost.demo import world
from waypost.people.models import OrgNode, Person, RoleAssignment

LOGIN_LINE = re.compile(r"^ {4}(?P<label>\S.*?) {2,}(?P<email>\S+@\S+)$", re.MULTILINE)
PASSWORD_LINE = re.compile(r"Password for every login below: (?P<password>\S+)")


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """allauth counts sign-ins in the cache; no test inherits another's counts."""
    cache.clear()
    yield
    cache.clear()


def run_demo(capsys: Any) -> str:
    """Run ``waypost demo --no-serve`` through the same management command and return what it printed.

    (``main()`` itself ends with Django's ``connections.close_all()``, which would close the test
    transaction's connection on PostgreSQL; the console script's wiring is tested in test_main.)
    """
    capsys.readouterr()
    call_command("demo", "--no-serve")
    return capsys.readouterr().out


def printed_logins(output: str) -> tuple[str, list[tuple[str, str]]]:
    password = PASSWORD_LINE.search(output)
    assert password is not None, output
    logins = [(match["label"].strip(), match["email"]) for match in LOGIN_LINE.finditer(output)]
    return password["password"], logins


def world_counts() -> dict[str, int]:
    return {
        "nodes": OrgNode.objects.count(),
        "people": Person.objects.count(),
        "users": get_user_model().objects.count(),
        "roles": RoleAssignment.objects.count(),
        "events": AuditEvent.objects.count(),
    }


def test_demo_creates_the_world_and_prints_a_login_per_role(db: Any, capsys: Any) -> None:
    """The organisation tree, people with logins and their roles exist; each role's login is printed."""
    # when
    output = run_demo(capsys)
    # then the tree
    nodes = {node.slug: node for node in OrgNode.objects.select_related("parent")}
    for slug, kind, _name, _native, parent, _country in world.NODES:
        assert nodes[slug].kind == kind
        assert (nodes[slug].parent.slug if nodes[slug].parent else None) == parent
    # and the logins with their roles
    for login in world.LOGINS:
        person = Person.objects.select_related("user", "unit", "manager").get(email=login.email)
        assert person.user is not None
        assert person.unit.slug == login.unit
        assert (person.manager.email if person.manager else None) == login.manager
        granted = set(RoleAssignment.objects.filter(person=person).values_list("role", "node__slug"))
        assert granted == {(str(role), node) for role, node in login.grants}
    # and a team under an approving head in every unit
    for unit_slug in world.UNIT_PROFILES:
        heads = RoleAssignment.objects.filter(role="approver", node__slug=unit_slug).exclude(
            person__email__in=[login.email for login in world.LOGINS]
        )
        assert heads.count() == 1
        assert Person.objects.filter(manager=heads.get().person, unit__slug=unit_slug).count() == 5
    # and the output
    password, logins = printed_logins(output)
    assert password == world.DEMO_PASSWORD
    assert logins == [(login.label, login.email) for login in world.LOGINS]
    assert {"traveller", "approver", "security officer", "auditor", "administrator"} <= {
        label for label, _email in logins
    }
    # and what was created is on the audit record, in an intact chain
    created = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert created["orgnode.created"] == len(world.NODES)
    assert created["person.created"] == Person.objects.count()
    assert created["role.granted"] == RoleAssignment.objects.count()
    assert verify_chain().intact


def test_running_demo_twice_changes_nothing(db: Any, capsys: Any) -> None:
    """A second run finds the world in place: same counts of everything and no new audit events."""
    # given
    first_output = run_demo(capsys)
    before = world_counts()
    actions_before = Counter(AuditEvent.objects.values_list("action", flat=True))
    # when
    second_output = run_demo(capsys)
    # then
    assert world_counts() == before
    assert Counter(AuditEvent.objects.values_list("action", flat=True)) == actions_before
    assert printed_logins(second_output) == printed_logins(first_output)
    assert verify_chain().intact


def test_every_printed_login_signs_in_with_the_printed_password(db: Any, capsys: Any, client: Any) -> None:
    """Each printed e-mail with the printed password (and only it) passes the sign-in form and lands home."""
    # given
    password, logins = printed_logins(run_demo(capsys))
    assert logins
    for _label, email in logins:
        # when
        user = authenticate(username=email, password=password)
        client.logout()
        response = client.post("/accounts/login/", {"login": email, "password": password})
        # then
        assert user is not None, email
        assert response.status_code == 302, (email, response.status_code)
        assert response["Location"] == "/"
        home = client.get(response["Location"])
        assert home.status_code == 200, email
        assert home.context["user"].email == email
        assert home.context["person"].email == email
    # and the logins are not open to any other password
    assert authenticate(username=logins[0][1], password="not-the-demo-password") is None


def test_demo_holds_trips_in_every_status_taken_through_the_workflow(db: Any, capsys: Any) -> None:
    from waypost.trips.choices import TripStatus
    from waypost.trips.models import BriefingAcknowledgement, Invitation, ReviewStep, Trip, TripVersion

    run_demo(capsys)
    statuses = set(Trip.objects.values_list("status", flat=True))
    assert statuses == set(TripStatus.values)
    # decisions were taken by the reviewers, an amendment re-opened a review, a briefing was read
    assert ReviewStep.objects.exclude(decision="").exists()
    assert ReviewStep.objects.filter(is_current=False).exists()
    assert TripVersion.objects.filter(number=2).exists()
    assert BriefingAcknowledgement.objects.exists()
    assert Trip.objects.exclude(proceeded_at=None).exists()
    assert set(Invitation.objects.values_list("status", flat=True)) == {"pending", "accepted", "declined"}


def test_demo_raises_a_screening_hit_for_a_planned_meeting(db: Any, capsys: Any) -> None:
    from django.test import TestCase

    from waypost.screening.models import Hit, RestrictedList

    with TestCase.captureOnCommitCallbacks(execute=True):
        run_demo(capsys)
    assert RestrictedList.objects.filter(list_id="lumen-own").exists()
    assert Hit.objects.filter(subject__name="권민재", entry__entry_id="LUMEN-003").exists()


def test_demo_holds_travellers_abroad_with_missed_checkins_and_an_open_incident(db: Any, capsys: Any) -> None:
    from waypost.trips.models import CheckIn, CheckInWindow, Incident, Trip

    run_demo(capsys)
    abroad = Trip.objects.filter(status="travelling")
    assert abroad.values("traveller").distinct().count() >= 2
    assert CheckIn.objects.filter(trip__traveller__email="jonas.weber@kinetic.example").count() >= 2
    missed = CheckInWindow.objects.get(trip__traveller__email="hui.chen@lumen.example", status="missed")
    assert missed.stage == 2
    incident = Incident.objects.get(trip__traveller__email="jonas.weber@kinetic.example")
    assert (incident.status, incident.kind, incident.safe_now) == ("open", "information_request", "yes")
