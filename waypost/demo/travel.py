"""Demo guidance and trips: two issuers' guidance published by their own officers, and a few trips.

Idempotent: guidance already present and trips already declared (by title) are left alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from waypost.core import clock
from waypost.people.choices import AccessRole
from waypost.people.models import OrgNode, Person, RoleAssignment
from waypost.policy.models import Guidance
from waypost.policy.services import guidance_draft_save, guidance_header, version_transition
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip
from waypost.trips.services import trip_create

GUIDANCE_DIR = Path(__file__).resolve().parent / "guidance"


def _officer_for(issuer: OrgNode) -> Any:
    """A security officer whose grant covers the issuer node, to author its guidance."""
    grants = RoleAssignment.objects.filter(role=AccessRole.SECURITY_OFFICER, person__user__isnull=False)
    for grant in grants.select_related("node", "person__user"):
        if issuer.path.startswith(grant.node.path):
            return grant.person.user
    return None


def load_guidance() -> list[str]:
    """Publish every demo guidance file not yet in the database, as its issuer's officer."""
    published: list[str] = []
    for path in sorted(GUIDANCE_DIR.glob("*.yaml")):
        source = path.read_text(encoding="utf-8")
        slug, issuer_slug = guidance_header(source)
        if not slug or Guidance.objects.filter(slug=slug).exists():
            continue
        issuer = OrgNode.objects.filter(slug=issuer_slug).first()
        author = _officer_for(issuer) if issuer else None
        if author is None:
            continue
        with transaction.atomic():
            draft = guidance_draft_save(actor=author, source=source)
            if not draft.issues:
                version_transition(actor=author, version=draft, action="publish")
                published.append(slug)
    return published


def _air(legs: list[tuple[str, str, dt.datetime, dt.datetime]]) -> list[dict[str, Any]]:
    return [
        {
            "mode": "air",
            "from": a,
            "to": b,
            "depart": d.strftime("%Y-%m-%dT%H:%M"),
            "arrive": r.strftime("%Y-%m-%dT%H:%M"),
        }
        for a, b, d, r in legs
    ]


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute))


def load_trips() -> int:
    """A few trips for the demo logins: upcoming (one with a transit in Canada), active and back home."""
    today = clock.today()
    created = 0
    plans: list[tuple[str, str, str, dict[str, Any]]] = []
    d = today + dt.timedelta(days=20)
    plans.append(
        (
            "wei.zhang@lumen.example",
            "NeurIPS workshop, Mexico City",
            TripStatus.DRAFT,
            {
                "purpose": "conference",
                "legs": _air(
                    [
                        ("PEK", "YVR", _at(d, "10:00"), _at(d, "07:30")),
                        ("YVR", "MEX", _at(d, "12:40"), _at(d, "20:05")),
                        (
                            "MEX",
                            "PEK",
                            _at(d + dt.timedelta(days=6), "23:55"),
                            _at(d + dt.timedelta(days=8), "05:30"),
                        ),
                    ]
                ),
                "stays": [
                    {
                        "city": "Mexico City",
                        "country": "MX",
                        "from": d.isoformat(),
                        "to": (d + dt.timedelta(days=6)).isoformat(),
                    }
                ],
                "devices": [{"kind": "laptop", "owner": "organisation", "sensitive_data": True}],
            },
        )
    )
    d2 = today + dt.timedelta(days=45)
    plans.append(
        (
            "hui.chen@lumen.example",
            "Partner visit, Singapore",
            TripStatus.SUBMITTED,
            {
                "purpose": "business",
                "legs": _air(
                    [
                        ("PVG", "SIN", _at(d2, "09:00"), _at(d2, "14:40")),
                        (
                            "SIN",
                            "PVG",
                            _at(d2 + dt.timedelta(days=4), "15:30"),
                            _at(d2 + dt.timedelta(days=4), "21:10"),
                        ),
                    ]
                ),
                "stays": [
                    {
                        "city": "Singapore",
                        "country": "SG",
                        "from": d2.isoformat(),
                        "to": (d2 + dt.timedelta(days=4)).isoformat(),
                    }
                ],
            },
        )
    )
    d3 = today - dt.timedelta(days=2)
    plans.append(
        (
            "jonas.weber@kinetic.example",
            "ICRA, Tokyo",
            TripStatus.TRAVELLING,
            {
                "purpose": "conference",
                "legs": _air(
                    [
                        ("FRA", "HND", _at(d3, "13:30"), _at(d3 + dt.timedelta(days=1), "08:50")),
                        (
                            "HND",
                            "FRA",
                            _at(d3 + dt.timedelta(days=7), "10:15"),
                            _at(d3 + dt.timedelta(days=7), "16:40"),
                        ),
                    ]
                ),
                "stays": [
                    {
                        "city": "Tokyo",
                        "country": "JP",
                        "from": (d3 + dt.timedelta(days=1)).isoformat(),
                        "to": (d3 + dt.timedelta(days=7)).isoformat(),
                    }
                ],
            },
        )
    )
    for email, title, status, facts in plans:
        traveller = Person.objects.filter(email=email).first()
        if traveller is None or Trip.objects.filter(traveller=traveller, title=title).exists():
            continue
        trip_create(actor=None, traveller=traveller, facts=facts, title=title, status=status)
        created += 1
    return created
