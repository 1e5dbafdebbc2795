"""Demo guidance, briefings and trips: two issuers' guidance published by their own officers, and
trips in every status, each taken through the real workflow by the people who would act on it.

Idempotent: guidance and briefings already present and trips already declared (by title) are left
alone.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path
from typing import Any

from django.db import transaction

from waypost.core import clock
from waypost.geo.airports import airport_lookup
from waypost.people.choices import AccessRole
from waypost.people.models import OrgNode, Person, RoleAssignment
from waypost.policy.models import Briefing, Guidance
from waypost.policy.services import guidance_draft_save, guidance_header, version_transition
from waypost.trips import services as trip_services
from waypost.trips.briefings import required_briefings
from waypost.trips.choices import Decision, TripStatus
from waypost.trips.invitations import invitation_create, invitation_decide
from waypost.trips.models import ApprovalDelegate, Invitation, Trip
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


def _landing(origin: str, destination: str, depart: dt.datetime, arrive: dt.datetime) -> dt.datetime:
    """The arrival moved to the next day while it would land before take-off (overnight flights)."""
    start = airport_lookup(origin)
    end = airport_lookup(destination)
    if start is None or end is None:
        return arrive
    takeoff = depart.replace(tzinfo=zoneinfo.ZoneInfo(start.tz))
    while arrive.replace(tzinfo=zoneinfo.ZoneInfo(end.tz)) <= takeoff:
        arrive += dt.timedelta(days=1)
    return arrive


def _air(legs: list[tuple[str, str, dt.datetime, dt.datetime]]) -> list[dict[str, Any]]:
    legs = [(a, b, d, _landing(a, b, d, r)) for a, b, d, r in legs]
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


def load_briefings() -> int:
    """Briefings named by the demo guidance, issued by the guidance's issuer, in every language."""
    created = 0
    issuers: dict[str, str] = {}
    for path in GUIDANCE_DIR.glob("*.yaml"):
        source = path.read_text(encoding="utf-8")
        _slug, issuer_slug = guidance_header(source)
        for slug in re.findall(r"^\s*briefing:\s*([a-z0-9-]+)\s*$", source, flags=re.MULTILINE):
            issuers[slug] = issuer_slug
    for slug, issuer_slug in sorted(issuers.items()):
        issuer = OrgNode.objects.filter(slug=issuer_slug).first()
        if issuer is None or Briefing.objects.filter(issuer=issuer, slug=slug).exists():
            continue
        title: dict[str, str] = {}
        body: dict[str, str] = {}
        for language in ("en", "de", "zh-hans"):
            path = GUIDANCE_DIR / "briefings" / f"{slug}.{language}.md"
            if not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            first, _newline, rest = text.partition("\n")
            title[language] = first.lstrip("# ").strip()
            body[language] = rest.strip()
        if body:
            Briefing.objects.create(slug=slug, issuer=issuer, title=title, body=body)
            created += 1
    return created


def _trip_json(
    legs: list[tuple[str, str, dt.datetime, dt.datetime]],
    stay: tuple[str, str, dt.date, dt.date] | None = None,
    purpose: str = "conference",
    **extra: Any,
) -> dict[str, Any]:
    facts: dict[str, Any] = {"purpose": purpose, "legs": _air(legs)}
    if stay:
        city, country, start, end = stay
        facts["stays"] = [
            {"city": city, "country": country, "from": start.isoformat(), "to": end.isoformat()}
        ]
    facts.update(extra)
    return facts


def _round_trip(
    home: str,
    away: str,
    city: str,
    country: str,
    start: dt.date,
    days: int,
    *,
    out: tuple[str, str],
    back: tuple[str, str],
) -> dict[str, Any]:
    """``home`` → ``away`` on ``start`` and back ``days`` later, with a stay in between (local times)."""
    end = start + dt.timedelta(days=days)
    return _trip_json(
        [
            (home, away, _at(start, out[0]), _at(start, out[1])),
            (away, home, _at(end, back[0]), _at(end, back[1])),
        ],
        (city, country, start, end),
    )


#: Steps a demo trip goes through after its draft: (who, action, note); who is an e-mail or
#: "traveller".
Script = list[tuple[str, str, str]]

LAPTOP = [{"kind": "laptop", "owner": "organisation", "sensitive_data": True}]
CONTACT = {"name": "Zhang Li", "phone": "+86 138 0000 0000", "relation": "spouse"}


def _plans(today: dt.date) -> list[tuple[str, str, dict[str, Any], Script]]:
    wei = "wei.zhang@lumen.example"
    hui = "hui.chen@lumen.example"
    olu = "olu.adeyemi@lumen.example"
    d = today + dt.timedelta(days=20)
    mexico = _trip_json(
        [
            ("PEK", "YVR", _at(d, "10:00"), _at(d, "07:30")),
            ("YVR", "MEX", _at(d, "12:40"), _at(d, "20:05")),
            ("MEX", "PEK", _at(d + dt.timedelta(days=6), "23:55"), _at(d + dt.timedelta(days=8), "05:30")),
        ],
        ("Mexico City", "MX", d, d + dt.timedelta(days=6)),
        devices=LAPTOP,
        emergency_contact=CONTACT,
        meetings=[{"name": "María Fernández", "organisation": "UNAM", "country": "MX"}],
    )
    seoul = _round_trip(
        "PEK",
        "ICN",
        "Seoul",
        "KR",
        today + dt.timedelta(days=35),
        4,
        out=("08:30", "11:45"),
        back=("13:00", "14:20"),
    )
    seoul["events"] = [{"name": "Robot learning workshop", "host_organisation": "KAIST", "city": "Seoul"}]
    seoul["meetings"] = [
        {"name": "권민재", "name_latin": "Kwon Min-jae", "organisation": "Hanbit Robotics", "country": "KR"},
        {"name": "Lee Soo-jin", "organisation": "KAIST", "country": "KR"},
    ]
    tokyo = _round_trip(
        "PEK",
        "HND",
        "Tokyo",
        "JP",
        today + dt.timedelta(days=60),
        3,
        out=("08:00", "12:30"),
        back=("14:00", "17:00"),
    )
    sf = _round_trip(
        "PEK",
        "SFO",
        "San Francisco",
        "US",
        today + dt.timedelta(days=90),
        5,
        out=("16:00", "12:00"),
        back=("13:00", "17:30"),
    )
    sydney = _round_trip(
        "PEK",
        "SYD",
        "Sydney",
        "AU",
        today + dt.timedelta(days=120),
        6,
        out=("20:00", "09:30"),
        back=("11:00", "18:40"),
    )
    singapore = _round_trip(
        "PEK",
        "SIN",
        "Singapore",
        "SG",
        today + dt.timedelta(days=150),
        5,
        out=("09:00", "15:20"),
        back=("16:00", "22:10"),
    )
    vancouver = _round_trip(
        "PEK",
        "YVR",
        "Vancouver",
        "CA",
        today + dt.timedelta(days=200),
        4,
        out=("10:00", "07:30"),
        back=("12:00", "15:00"),
    )
    partner = _round_trip(
        "PVG",
        "SIN",
        "Singapore",
        "SG",
        today + dt.timedelta(days=45),
        4,
        out=("09:00", "14:40"),
        back=("15:30", "21:10"),
    )
    return [
        (wei, "NeurIPS workshop, Mexico City", mexico, []),
        (wei, "Robot learning workshop, Seoul", seoul, [("traveller", "submit", "")]),
        (
            wei,
            "Standards meeting, Tokyo",
            tokyo,
            [("traveller", "submit", ""), (hui, Decision.APPROVE, "The committee seat matters for us.")],
        ),
        (
            wei,
            "Chip design conference, San Francisco",
            sf,
            [
                ("traveller", "submit", ""),
                (hui, Decision.APPROVE, ""),
                (
                    olu,
                    Decision.ADVISE_AGAINST,
                    "Keynote can be given remotely; entry screening risk is high.",
                ),
                ("traveller", "proceed", "I understand the advice; I travel with a clean loaner laptop."),
            ],
        ),
        (
            wei,
            "Partner visit, Sydney",
            sydney,
            [
                ("traveller", "submit", ""),
                (hui, Decision.APPROVE, ""),
                (olu, Decision.APPROVE, "Approved with a clean device. Read the briefing."),
                ("traveller", "briefing", ""),
            ],
        ),
        (
            wei,
            "Summer school, Singapore",
            singapore,
            [
                ("traveller", "submit", ""),
                ("traveller", "amend-via-tokyo", "Cheaper flight with a stop in Tokyo"),
            ],
        ),
        (
            wei,
            "Workshop, Vancouver",
            vancouver,
            [("traveller", "submit", ""), ("traveller", "cancel", "Workshop moved online.")],
        ),
        (hui, "Partner visit, Singapore", partner, [("traveller", "submit", "")]),
    ]


def _act(trip: Trip, who: str, action: str, note: str) -> Trip:
    person = trip.traveller if who == "traveller" else Person.objects.filter(email=who).first()
    actor = person.user if person is not None else None
    if actor is None:
        return trip
    if action == "briefing":
        for briefing in required_briefings(trip):
            trip_services.trip_briefing_acknowledge(actor=actor, trip=trip, briefing=briefing, language="en")
        return trip
    if action == "amend-via-tokyo":
        facts = dict(trip.facts)
        legs = [dict(leg) for leg in facts["legs"]]
        day = legs[0]["depart"][:10]
        legs[0:1] = [
            {"mode": "air", "from": "PEK", "to": "NRT", "depart": f"{day}T08:00", "arrive": f"{day}T12:20"},
            {"mode": "air", "from": "NRT", "to": "SIN", "depart": f"{day}T14:00", "arrive": f"{day}T20:30"},
        ]
        facts["legs"] = legs
        return trip_services.trip_amend(actor=actor, trip=trip, facts=facts, note=note).trip
    return trip_services.trip_transition(actor=actor, trip=trip, action=action, note=note)


def load_trips() -> int:
    """Trips in every status for the demo logins, each taken through the workflow by its actors."""
    today = clock.today()
    created = 0
    for email, title, facts, script in _plans(today):
        traveller = Person.objects.filter(email=email).select_related("user").first()
        if (
            traveller is None
            or traveller.user is None
            or Trip.objects.filter(traveller=traveller, title=title).exists()
        ):
            continue
        with transaction.atomic():
            trip = trip_services.trip_draft_save(actor=traveller.user, facts=facts, title=title).trip
            for who, action, note in script:
                trip = _act(Trip.objects.get(pk=trip.pk), who, action, note)
        created += 1
    created += _load_past_and_present(today)
    hui = Person.objects.filter(email="hui.chen@lumen.example").first()
    olu = Person.objects.filter(email="olu.adeyemi@lumen.example").first()
    if hui and olu and not ApprovalDelegate.objects.filter(person=hui).exists():
        start = today + dt.timedelta(days=25)
        ApprovalDelegate.objects.create(
            person=hui, delegate=olu, starts_on=start, ends_on=start + dt.timedelta(days=10)
        )
    return created


def _load_past_and_present(today: dt.date) -> int:
    """Trips already under way or over, recorded with their status as the worker would have set it."""
    created = 0
    d3 = today - dt.timedelta(days=2)
    back = today - dt.timedelta(days=12)
    closed = today - dt.timedelta(days=70)
    plans = [
        (
            "jonas.weber@kinetic.example",
            "ICRA, Tokyo",
            TripStatus.TRAVELLING,
            _trip_json(
                [
                    ("FRA", "HND", _at(d3, "13:30"), _at(d3 + dt.timedelta(days=1), "08:50")),
                    (
                        "HND",
                        "FRA",
                        _at(d3 + dt.timedelta(days=7), "10:15"),
                        _at(d3 + dt.timedelta(days=7), "16:40"),
                    ),
                ],
                ("Tokyo", "JP", d3 + dt.timedelta(days=1), d3 + dt.timedelta(days=7)),
            ),
        ),
        (
            "wei.zhang@lumen.example",
            "Industry forum, Frankfurt",
            TripStatus.DEBRIEF_DUE,
            _round_trip(
                "PEK",
                "FRA",
                "Frankfurt",
                "DE",
                back - dt.timedelta(days=5),
                5,
                out=("01:00", "06:00"),
                back=("13:00", "05:30"),
            ),
        ),
        (
            "jonas.weber@kinetic.example",
            "Supplier audit, Shenzhen",
            TripStatus.RETURNED,
            _round_trip(
                "FRA",
                "SZX",
                "Shenzhen",
                "CN",
                today - dt.timedelta(days=9),
                6,
                out=("12:00", "06:30"),
                back=("10:00", "17:00"),
            ),
        ),
        (
            "wei.zhang@lumen.example",
            "Summit, Berlin",
            TripStatus.DEBRIEFED,
            _round_trip(
                "PEK",
                "BER",
                "Berlin",
                "DE",
                today - dt.timedelta(days=40),
                3,
                out=("01:00", "06:00"),
                back=("13:00", "05:30"),
            ),
        ),
        (
            "wei.zhang@lumen.example",
            "Lab visit, Zurich",
            TripStatus.CLOSED,
            _round_trip(
                "PEK", "ZRH", "Zurich", "CH", closed, 4, out=("01:30", "06:30"), back=("13:00", "05:40")
            ),
        ),
    ]
    for email, title, status, facts in plans:
        traveller = Person.objects.filter(email=email).first()
        if traveller is None or Trip.objects.filter(traveller=traveller, title=title).exists():
            continue
        if status == TripStatus.DEBRIEF_DUE:
            # Back, then due a debrief as the return job does it: the due day comes from the obligations.
            trip, _assessment = trip_create(
                actor=None, traveller=traveller, facts=facts, title=title, status=TripStatus.RETURNED
            )
            trip_services.trip_transition(actor=None, trip=trip, action="debrief_due")
        else:
            trip_create(actor=None, traveller=traveller, facts=facts, title=title, status=status)
        created += 1
    return created


def load_invitations() -> int:
    """Invitations to Wei Zhang: one pending, one declined (on record without a trip), one accepted."""
    wei = Person.objects.filter(email="wei.zhang@lumen.example").select_related("user").first()
    if wei is None or wei.user is None:
        return 0
    today = clock.today()
    plans = [
        ("Frontier AI Safety Forum", "Institute for Advanced Study", "Princeton", "US", 75, "", ""),
        (
            "Defence robotics expo",
            "Pacific Defence Partners",
            "Honolulu",
            "US",
            110,
            "decline",
            "The host's field is too close to our export-controlled work.",
        ),
        ("Graph learning symposium", "Tsinghua–Cambridge Centre", "Cambridge", "GB", 160, "accept", ""),
    ]
    created = 0
    for event, host, city, country, days, decision, reason in plans:
        if Invitation.objects.filter(invitee=wei, event=event).exists():
            continue
        start = today + dt.timedelta(days=days)
        with transaction.atomic():
            invitation = invitation_create(
                actor=wei.user,
                event=event,
                host_organisation=host,
                city=city,
                country=country,
                starts_on=start,
                ends_on=start + dt.timedelta(days=3),
                received_via="email",
                received_on=today - dt.timedelta(days=3),
            )
            if decision:
                invitation_decide(actor=wei.user, invitation=invitation, decision=decision, reason=reason)
        created += 1
    return created


def load_screening_list() -> int:
    """Lumen's own restricted-party list (fictional entries), so the demo raises a hit or two."""
    from waypost.screening.importing import list_import
    from waypost.screening.models import RestrictedList

    owner = OrgNode.objects.filter(slug="lumen-ai").first()
    if owner is None or RestrictedList.objects.filter(list_id="lumen-own").exists():
        return 0
    list_import(
        actor=None,
        format_name="custom-csv",
        paths=[Path(__file__).resolve().parent / "screening" / "lumen-own-list.csv"],
        list_id="lumen-own",
        title="Lumen AI Lab: own watch list (fictional)",
        owner=owner,
    )
    return 1


def load_abroad() -> int:
    """Travellers abroad now: Jonas Weber in Tokyo checks in and reports an incident; Chen Hui in
    Seoul has missed a check-in, escalated by the real job to her manager (stage 2)."""
    from waypost.trips import abroad
    from waypost.trips.models import CheckIn, CheckInWindow, Incident

    now = clock.now()
    today = clock.today()
    created = 0
    jonas = Person.objects.filter(email="jonas.weber@kinetic.example").select_related("user").first()
    tokyo = (
        Trip.objects.filter(traveller=jonas, title="ICRA, Tokyo", status=TripStatus.TRAVELLING).first()
        if jonas
        else None
    )
    if jonas is not None and jonas.user is not None and tokyo is not None:
        if not CheckIn.objects.filter(trip=tokyo).exists():
            CheckIn.objects.create(
                trip=tokyo, person=jonas, at=now - dt.timedelta(hours=27), country="JP", city="Tokyo"
            )
            abroad.checkin_record(
                actor=jonas.user, trip=tokyo, country="JP", city="Tokyo", note="Conference day 2, all fine."
            )
            created += 1
        if not Incident.objects.filter(trip=tokyo).exists():
            abroad.incident_report(
                actor=jonas.user,
                trip=tokyo,
                kind="information_request",
                occurred_at=now - dt.timedelta(hours=5),
                country="JP",
                city="Tokyo",
                description=(
                    "After my talk at ICRA a visitor who said he was from a trading company asked for "
                    "the training data behind our grasping results and offered to pay a consulting fee. "
                    "I declined and took his card."
                ),
                safe_now="yes",
            )
            created += 1
    hui = Person.objects.filter(email="hui.chen@lumen.example").first()
    title = "Robotics workshop, Seoul"
    if hui is not None and not Trip.objects.filter(traveller=hui, title=title).exists():
        start = today - dt.timedelta(days=3)
        facts = _round_trip(
            "PEK", "ICN", "Seoul", "KR", start, 6, out=("08:30", "11:40"), back=("13:00", "14:10")
        )
        trip, _assessment = trip_create(
            actor=None, traveller=hui, facts=facts, title=title, status=TripStatus.TRAVELLING
        )
        every = abroad.check_in_every_hours(trip) or 48
        due = now - dt.timedelta(hours=8)
        CheckIn.objects.create(
            trip=trip, person=hui, at=due - dt.timedelta(hours=every), country="KR", city="Seoul"
        )
        CheckInWindow.objects.create(trip=trip, due_at=due)
        abroad.checkins_escalate(now=now)
        created += 1
    return created
