"""A small hand-built world for the oversight figures, and the authority analyst persona.

``world`` (at 10 March 2026, time frozen) holds, for Lumen (alice, bob) and Kinetic (mallory):

* travelling now: alice to Mexico, bob to Japan — and mallory to Mexico (never counted for Lumen);
* an approved trip of alice departing in five days (Germany), a submitted trip of bob (US);
* a trip of alice back from Mexico whose debrief was due on 5 March and is not submitted;
* an open incident and a missed check-in on alice's trip abroad, an open screening hit;
* alice's February trip to France: declared late, briefing flagged, debrief submitted late;
  bob's February trip to France: on time, briefing acknowledged, debrief on time;
* two declined invitations at Lumen (one with a reason), one at Kinetic;
* contacts: two met in China by alice, one met by mallory (Kinetic's register).

``analyst`` is ana, authority analyst over East Office (the authority above Lumen).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from waypost.debriefs.models import Contact, Debrief, Encounter
from waypost.people.choices import AccessRole
from waypost.people.models import Person, RoleAssignment
from waypost.people.tests.factories import PersonFactory
from waypost.screening.models import Hit, ListEntryRecord, ListVersion, RestrictedList, ScreeningSubject
from waypost.testing import Cast
from waypost.trips.models import (
    CheckInWindow,
    Incident,
    Invitation,
    Trip,
    TripAssessment,
    WindowStatus,
)
from waypost.trips.tests.factories import to_city, trip_for, via_vancouver

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@dataclass
class World:
    alice_abroad: Trip
    bob_abroad: Trip
    mallory_abroad: Trip
    upcoming: Trip
    pending: Trip
    overdue: Trip
    alice_february: Trip
    bob_february: Trip
    incident: Incident
    hit: Hit


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def analyst(cast: Cast) -> Person:
    """ana: authority analyst over East Office, the authority above Lumen."""
    ana = PersonFactory(email="ana@east-office.example", name_latin="Ana Analyst", unit=cast.security_unit)
    RoleAssignment.objects.create(person=ana, role=AccessRole.AUTHORITY_ANALYST, node=cast.authority)
    return ana


def _assess(trip: Trip, *, late: bool = False, briefing: bool = False) -> None:
    obligations: dict[str, Any] = {"briefing": ["high-risk"]} if briefing else {}
    TripAssessment.objects.create(
        trip=trip,
        trip_version=1,
        on=trip.depart_on or TODAY,
        advisory="caution",
        obligations=obligations,
        late=late,
    )


def _hit(cast: Cast, trip: Trip) -> Hit:
    restricted = RestrictedList.objects.create(list_id="cn-countersanctions", format="cn-csv")
    version = ListVersion.objects.create(
        list=restricted, number=1, format="cn-csv", sha256="0" * 64, size=1, imported_at=timezone.now()
    )
    entry = ListEntryRecord.objects.create(
        list=restricted,
        entry_id="42",
        kind="person",
        names=[{"text": "Wang Xiaoming", "kind": "primary", "derived": False}],
        content_hash="a" * 64,
        first_version=version,
        last_changed_version=version,
    )
    subject = ScreeningSubject.objects.create(
        source_type="meeting", name="王小明", org_path=cast.unit.path, trip=trip
    )
    return Hit.objects.create(
        subject=subject,
        entry=entry,
        list_version=version,
        score=0.93,
        matched_name="Wang Xiaoming",
        entry_hash="a" * 64,
    )


def _contact(owner: Any, trip: Trip, name: str, country: str, organisation: str, position: int) -> Contact:
    contact = Contact.objects.create(
        owner=owner, name=name, name_latin=name, organisation=organisation, country=country, key=name.lower()
    )
    Encounter.objects.create(
        contact=contact,
        trip=trip,
        traveller=trip.traveller,
        source="debrief",
        position=position,
        org_path=trip.traveller.unit.path,
    )
    return contact


@pytest.fixture
def world(cast: Cast, frozen: Any) -> World:
    alice, bob, mallory = cast.alice, cast.bob, cast.mallory
    mallory.sectors = ["robotics"]
    mallory.save()
    yesterday = TODAY - dt.timedelta(days=1)
    alice_abroad = trip_for(alice, via_vancouver(yesterday), status="travelling", title="Mexico now")
    bob_abroad = trip_for(
        bob, to_city("NRT", "JP", "Tokyo", yesterday), status="travelling", title="Tokyo now"
    )
    mallory_abroad = trip_for(mallory, via_vancouver(yesterday), status="travelling", title="Mallory Mexico")
    upcoming = trip_for(
        alice,
        to_city("FRA", "DE", "Frankfurt", TODAY + dt.timedelta(days=5)),
        status="approved",
        title="Frankfurt",
    )
    pending = trip_for(bob, to_city("SFO", "US", "San Francisco", TODAY + dt.timedelta(days=30)), title="SF")
    trip_for(
        mallory, to_city("SFO", "US", "San Francisco", TODAY + dt.timedelta(days=30)), title="Mallory SF"
    )
    overdue = trip_for(alice, via_vancouver(dt.date(2026, 2, 20)), status="debrief_due", title="Mexico Feb")
    overdue.debrief_due_on = dt.date(2026, 3, 5)
    overdue.save()
    alice_february = trip_for(
        alice, to_city("CDG", "FR", "Paris", dt.date(2026, 2, 2)), status="debriefed", title="Paris Alice"
    )
    alice_february.briefing_flagged_at = NOW - dt.timedelta(days=36)
    alice_february.debrief_due_on = dt.date(2026, 2, 13)
    alice_february.save()
    bob_february = trip_for(
        bob, to_city("CDG", "FR", "Paris", dt.date(2026, 2, 2)), status="debriefed", title="Paris Bob"
    )
    bob_february.debrief_due_on = dt.date(2026, 2, 13)
    bob_february.save()
    _assess(alice_february, late=True, briefing=True)
    _assess(bob_february, briefing=True)
    _assess(alice_abroad)
    Debrief.objects.create(
        trip=alice_february, status="submitted", submitted_at=NOW - dt.timedelta(days=20), late=True
    )
    Debrief.objects.create(
        trip=bob_february, status="reviewed", submitted_at=NOW - dt.timedelta(days=30), late=False
    )
    incident = Incident.objects.create(
        trip=alice_abroad,
        reporter=alice,
        kind="information_request",
        occurred_at=NOW - dt.timedelta(hours=3),
        country="MX",
        city="Mexico City",
        description="Asked about our models.",
        safe_now="yes",
        reported_at=NOW - dt.timedelta(hours=2),
    )
    Incident.objects.create(
        trip=mallory_abroad,
        reporter=mallory,
        kind="other",
        occurred_at=NOW - dt.timedelta(hours=3),
        description="Kinetic's own incident.",
        safe_now="yes",
        reported_at=NOW - dt.timedelta(hours=2),
    )
    CheckInWindow.objects.create(
        trip=alice_abroad, due_at=NOW - dt.timedelta(hours=5), status=WindowStatus.MISSED
    )
    CheckInWindow.objects.create(
        trip=alice_february, due_at=dt.datetime(2026, 2, 3, tzinfo=dt.UTC), status="kept"
    )
    CheckInWindow.objects.create(
        trip=bob_february, due_at=dt.datetime(2026, 2, 3, tzinfo=dt.UTC), status="kept"
    )
    CheckInWindow.objects.create(
        trip=bob_february, due_at=dt.datetime(2026, 2, 4, tzinfo=dt.UTC), status="missed", resolved_at=NOW
    )
    CheckInWindow.objects.create(trip=mallory_abroad, due_at=NOW - dt.timedelta(hours=5), status="missed")
    hit = _hit(cast, alice_february)
    for invitee, reason in (
        (alice, "Advised against by the security office."),
        (bob, ""),
        (mallory, "No time."),
    ):
        Invitation.objects.create(
            invitee=invitee,
            event="Summit",
            host_organisation="Host",
            city="Beijing",
            country="CN",
            starts_on=dt.date(2026, 2, 10),
            ends_on=dt.date(2026, 2, 12),
            status="declined",
            decision_reason=reason,
        )
    _contact(cast.org, alice_february, "Li Wei", "CN", "Tsinghua University", 0)
    _contact(cast.org, alice_february, "Zhang Min", "CN", "Tsinghua University", 1)
    _contact(cast.other_org, mallory_abroad, "Kim Ho", "KR", "KAIST", 0)
    return World(
        alice_abroad,
        bob_abroad,
        mallory_abroad,
        upcoming,
        pending,
        overdue,
        alice_february,
        bob_february,
        incident,
        hit,
    )
