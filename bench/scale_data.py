"""Scale data for the benchmarks of issue 7: 50,000 people, 500,000 trips, 2,000,000 contacts.

**For benchmarks only.** It fills an *empty, migrated* database straight through the tables —
PostgreSQL ``COPY`` (psycopg's ``cursor.copy``, as :mod:`waypost.trips.assessing` does), else
``bulk_create`` (SQLite) — in batches with bounded memory. It bypasses the services on purpose:
no workflow transitions, no audit events, no notifications, no screening runs, no policy engine.
The rows look like what the services would have written, and every row is deterministic for a
given ``--seed`` and ``--today``.

What it writes (default sizes):

1. the tree: one authority over five organisations, each with a board, three divisions and nine
   teams (18 units per organisation);
2. people (50,000), each with a user account (unusable password) and a manager chain (team member
   → team lead → team head → division head → chief), spread over the organisations 30/20/20/20/10;
   per organisation three security officers, two auditors and an administrator, plus an authority
   analyst and a security officer over the authority;
3. trips (500,000) departing over three years up to ~3 months after ``--today`` — travellers
   weighted so some travel often — in every status, consistent with their dates (future trips
   submitted, in review, decided, drafts; trips under way ``travelling``; past ones returned,
   debrief due, debriefed, closed; cancelled ones anywhere). ``facts`` is a small trip JSON
   (purpose, out and back legs, sometimes via a hub, one or two stays, a device);
4. a current :class:`~waypost.trips.models.TripAssessment` for 85 % of the declared trips (and
   an older, superseded one for a tenth of those); check-in windows every 48 h for trips under
   way (kept, late, missed, the next one open); debriefs for trips past their return (drafts,
   submitted, reviewed); incidents on 0.5 % of the trips that started;
5. the contacts: ``--contacts`` **encounters** (a contact met on a trip, what the issue's
   "2,000,000 contacts" and the reports' "contacts by country and organisation" count) linking
   ``--register`` **register entries** (:class:`~waypost.debriefs.models.Contact`, default a
   quarter of the encounters: the same people are met again and again). Each register entry is
   created at its first encounter, with that trip's destination country; every entry has at least
   one encounter (an entry without one is seen by nobody). ``--register 2000000`` makes one entry
   per encounter;
6. a restricted-party list with 500 entries, screened names for 1 % of the trips and hits for a
   fifth of those (open, confirmed, cleared).

Run (a migrated, empty database; PostgreSQL for the figures):

    createdb -h 127.0.0.1 -U postgres waypost_scale
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/waypost_scale
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/scale_data.py --people 50000 --trips 500000 --contacts 2000000 --seed 1

``--small`` writes a few hundred rows (for tests); ``--today`` pins the reference day (default
2026-11-23, so the same seed gives the same rows on any day).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_TODAY = dt.date(2026, 11, 23)
UTC = dt.UTC

# --- places ---------------------------------------------------------------------------------------

# airport → (city, country)
AIRPORTS: dict[str, tuple[str, str]] = {
    "PEK": ("Beijing", "CN"), "PVG": ("Shanghai", "CN"), "SZX": ("Shenzhen", "CN"),
    "CAN": ("Guangzhou", "CN"), "HKG": ("Hong Kong", "HK"), "FRA": ("Frankfurt", "DE"),
    "MUC": ("Munich", "DE"), "BER": ("Berlin", "DE"), "JFK": ("New York", "US"),
    "SFO": ("San Francisco", "US"), "BOS": ("Boston", "US"), "SEA": ("Seattle", "US"),
    "IAD": ("Washington", "US"), "YVR": ("Vancouver", "CA"), "YYZ": ("Toronto", "CA"),
    "MEX": ("Mexico City", "MX"), "GRU": ("São Paulo", "BR"), "LHR": ("London", "GB"),
    "CDG": ("Paris", "FR"), "AMS": ("Amsterdam", "NL"), "ZRH": ("Zurich", "CH"),
    "HEL": ("Helsinki", "FI"), "VIE": ("Vienna", "AT"), "MAD": ("Madrid", "ES"),
    "ARN": ("Stockholm", "SE"), "NRT": ("Tokyo", "JP"), "KIX": ("Osaka", "JP"),
    "ICN": ("Seoul", "KR"), "TPE": ("Taipei", "TW"), "SIN": ("Singapore", "SG"),
    "BKK": ("Bangkok", "TH"), "KUL": ("Kuala Lumpur", "MY"), "SYD": ("Sydney", "AU"),
    "BLR": ("Bengaluru", "IN"), "DXB": ("Dubai", "AE"), "DOH": ("Doha", "QA"),
    "IST": ("Istanbul", "TR"), "TLV": ("Tel Aviv", "IL"), "SVO": ("Moscow", "RU"),
    "THR": ("Tehran", "IR"), "CAI": ("Cairo", "EG"), "NBO": ("Nairobi", "KE"),
}  # fmt: skip

REGIONS: dict[str, dict[str, Any]] = {
    "east": {
        "homes": ["PEK", "PVG", "SZX", "CAN"],
        "destinations": [
            ("SFO", 8), ("JFK", 6), ("BOS", 4), ("SEA", 3), ("IAD", 2), ("YVR", 3), ("YYZ", 2),
            ("MEX", 2), ("LHR", 5), ("CDG", 4), ("FRA", 5), ("MUC", 3), ("AMS", 3), ("ZRH", 2),
            ("NRT", 6), ("KIX", 2), ("ICN", 5), ("TPE", 3), ("SIN", 8), ("BKK", 4), ("KUL", 3),
            ("SYD", 3), ("BLR", 2), ("DXB", 3), ("IST", 2), ("TLV", 1), ("SVO", 2), ("GRU", 1),
            ("CAI", 1), ("NBO", 1), ("HKG", 5),
        ],
        "hubs": ["HKG", "NRT", "ICN", "YVR", "DXB", "DOH", "HEL", "IST", "SIN"],
    },
    "rhine": {
        "homes": ["FRA", "MUC", "BER"],
        "destinations": [
            ("SFO", 5), ("JFK", 6), ("BOS", 5), ("IAD", 2), ("YYZ", 2), ("LHR", 6), ("CDG", 5),
            ("AMS", 4), ("ZRH", 4), ("VIE", 3), ("MAD", 3), ("ARN", 2), ("HEL", 2), ("NRT", 4),
            ("ICN", 3), ("TPE", 2), ("SIN", 4), ("PEK", 5), ("PVG", 4), ("HKG", 2), ("BLR", 2),
            ("DXB", 2), ("IST", 3), ("TLV", 2), ("SVO", 1), ("THR", 1), ("GRU", 1), ("SYD", 1),
        ],
        "hubs": ["LHR", "AMS", "ZRH", "DXB", "DOH", "IST", "HEL", "SIN", "JFK"],
    },
}  # fmt: skip

# slug, name, country, region, sectors, share of the people
ORGANISATIONS = [
    ("lumen-ai", "Lumen AI", "CN", "east", ["ai"], 30),
    ("silicon-harbor", "Silicon Harbor", "CN", "east", ["semiconductors"], 20),
    ("kinetic-robotics", "Kinetic Robotics", "DE", "rhine", ["robotics", "ai"], 20),
    ("northbridge-uni", "Northbridge University", "DE", "rhine", ["ai", "quantum", "biotech"], 20),
    ("aurora-aerospace", "Aurora Aerospace", "DE", "rhine", ["aerospace", "materials"], 10),
]
DIVISIONS = ["research", "engineering", "operations"]
TEAMS = ["alpha", "beta", "gamma"]

# --- names -----------------------------------------------------------------------------------------

HAN_FAMILY = [
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("黄", "Huang"),
    ("赵", "Zhao"),
    ("吴", "Wu"),
    ("周", "Zhou"),
    ("徐", "Xu"),
    ("孙", "Sun"),
]
HAN_GIVEN = [
    ("伟", "Wei"),
    ("芳", "Fang"),
    ("娜", "Na"),
    ("敏", "Min"),
    ("静", "Jing"),
    ("丽", "Li"),
    ("强", "Qiang"),
    ("磊", "Lei"),
    ("军", "Jun"),
    ("洋", "Yang"),
    ("勇", "Yong"),
    ("艳", "Yan"),
    ("杰", "Jie"),
    ("娟", "Juan"),
    ("涛", "Tao"),
    ("明", "Ming"),
    ("超", "Chao"),
    ("秀英", "Xiuying"),
]
CYR_FAMILY = [
    ("Иванов", "Ivanov"),
    ("Смирнов", "Smirnov"),
    ("Кузнецов", "Kuznetsov"),
    ("Попов", "Popov"),
    ("Соколов", "Sokolov"),
    ("Лебедев", "Lebedev"),
    ("Козлов", "Kozlov"),
    ("Новиков", "Novikov"),
]
CYR_GIVEN = [
    ("Алексей", "Aleksei"),
    ("Дмитрий", "Dmitrii"),
    ("Сергей", "Sergei"),
    ("Андрей", "Andrei"),
    ("Ольга", "Olga"),
    ("Елена", "Elena"),
    ("Наталья", "Natalia"),
    ("Ирина", "Irina"),
]
LATIN_FAMILY = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Martin",
    "Bernard",
    "Dubois",
    "Rossi",
    "Tanaka",
    "Suzuki",
    "Kim",
    "Park",
    "Lee",
    "Nguyen",
    "Singh",
    "Kumar",
    "Silva",
    "Cohen",
    "Yilmaz",
    "Haddad",
    "Jansen",
    "de Vries",
    "Nieminen",
    "Andersson",
    "Novak",
    "Kowalski",
    "O'Brien",
    "Lopez",
]
LATIN_GIVEN = [
    "Anna",
    "Lukas",
    "Sophie",
    "Jonas",
    "Marie",
    "Felix",
    "Laura",
    "Paul",
    "Emma",
    "James",
    "Olivia",
    "David",
    "Sarah",
    "Daniel",
    "Yuki",
    "Hiro",
    "Min-jun",
    "Ji-woo",
    "Aarav",
    "Priya",
    "Lucas",
    "Ana",
    "Noa",
    "Mehmet",
    "Omar",
    "Lea",
    "Mateo",
    "Elif",
    "Sven",
    "Ingrid",
]
HOST_KINDS = [
    "University",
    "Institute of Technology",
    "Research Centre",
    "Technologies",
    "Systems",
    "Ministry of Science",
    "Chamber of Commerce",
    "Capital Partners",
    "Labs",
    "Foundation",
]
ROLES = ["executive", "senior-researcher", "researcher", "engineer", "staff"]
ROLE_WEIGHTS = [3, 12, 35, 35, 15]
PURPOSES = ["conference", "negotiation", "research-visit", "training", "recruiting", "holiday"]
PURPOSE_WEIGHTS = [35, 12, 20, 10, 5, 18]
HOW_MET = ["meeting", "event", "social", "chance", "online", "other"]
INCIDENT_KINDS = [
    "detained",
    "device_inspected",
    "information_request",
    "recruitment",
    "device_lost",
    "other",
]
ADVISORIES = ["none", "caution", "advised_against", "not_permitted"]

# --- sizes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    people: int = 50_000
    trips: int = 500_000
    #: Encounters: contacts met on trips.
    contacts: int = 2_000_000
    #: Entries of the contacts registers (distinct contacts); default a quarter of ``contacts``.
    register: int | None = None
    #: Screening hits are made for this share of the trips (and raised on a fifth of them).
    screened_share: float = 0.01
    #: Entries of the restricted-party list the hits name.
    list_entries: int = 500

    @property
    def register_entries(self) -> int:
        return self.register if self.register is not None else max(len(ORGANISATIONS), self.contacts // 4)


SMALL = Sizes(people=120, trips=400, contacts=500, register=120, screened_share=0.05, list_entries=20)


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# --- writing ---------------------------------------------------------------------------------------


class Table:
    """Rows for one model, written in batches: COPY on PostgreSQL, ``bulk_create`` elsewhere.

    ``columns`` are attribute names (``traveller_id``); rows are tuples in that order, with the
    JSON fields as Python values. Primary keys are given by the generator. ``parents`` are
    flushed first, so each batch's foreign keys exist when it is written (one transaction per batch).
    """

    def __init__(self, model: Any, columns: Iterable[str], *, batch: int, counts: Counts) -> None:
        from django.db import connection

        self.model = model
        self.columns = tuple(columns)
        self.batch = batch
        self.counts = counts
        self.rows: list[tuple[Any, ...]] = []
        self.postgres = connection.vendor == "postgresql"
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.db_columns = [fields[name].column for name in self.columns]
        self.json_at = [
            i for i, name in enumerate(self.columns) if fields[name].get_internal_type() == "JSONField"
        ]
        self.label = model._meta.label
        self.parents: list[Table] = []

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        for parent in self.parents:
            parent.flush()
        if not self.rows:
            return
        from django.db import connection

        if self.postgres:
            quote = connection.ops.quote_name
            names = ", ".join(quote(c) for c in self.db_columns)
            json_at = self.json_at
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {quote(self.model._meta.db_table)} ({names}) FROM STDIN") as copy,
            ):
                for row in self.rows:
                    if json_at:
                        values = list(row)
                        for i in json_at:
                            values[i] = json.dumps(values[i], ensure_ascii=False, separators=(",", ":"))
                        copy.write_row(values)
                    else:
                        copy.write_row(row)
        else:
            self.model.objects.bulk_create(
                [self.model(**dict(zip(self.columns, row, strict=True))) for row in self.rows], batch_size=500
            )
        self.counts.rows[self.label] = self.counts.rows.get(self.label, 0) + len(self.rows)
        self.rows = []


def _reset_sequences(models: Iterable[Any]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# --- helpers ---------------------------------------------------------------------------------------


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _leg(origin: str, destination: str, day: dt.date, hour: int, hours: int) -> dict[str, Any]:
    depart = dt.datetime(day.year, day.month, day.day, hour, 5 * (hour % 12))
    arrive = depart + dt.timedelta(hours=hours)
    return {
        "mode": "air",
        "from": origin,
        "to": destination,
        "depart": depart.strftime("%Y-%m-%dT%H:%M"),
        "arrive": arrive.strftime("%Y-%m-%dT%H:%M"),
    }


def _person_name(rng: random.Random, region: str) -> tuple[str, str]:
    """(name as written, name in Latin letters)."""
    if region == "east":
        family, family_latin = rng.choice(HAN_FAMILY)
        given, given_latin = rng.choice(HAN_GIVEN)
        return f"{family}{given}", f"{family_latin} {given_latin}"
    name = f"{rng.choice(LATIN_GIVEN)} {rng.choice(LATIN_FAMILY)}"
    return name, name


def _contact_name(rng: random.Random, country: str) -> tuple[str, str]:
    if country in ("CN", "HK", "TW"):
        return _person_name(rng, "east")
    if country == "RU":
        family, family_latin = rng.choice(CYR_FAMILY)
        given, given_latin = rng.choice(CYR_GIVEN)
        return f"{given} {family}", f"{given_latin} {family_latin}"
    name = f"{rng.choice(LATIN_GIVEN)} {rng.choice(LATIN_FAMILY)}"
    return name, ""


def _key(value: str) -> str:
    from waypost.debriefs.answers import name_key

    return name_key(value)


# --- the generator ---------------------------------------------------------------------------------


@dataclass
class _Person:
    pk: int
    org: int
    unit_path: str
    region: str


def _check_empty() -> None:
    from waypost.people.models import OrgNode, Person
    from waypost.trips.models import Trip

    if OrgNode.objects.exists() or Person.objects.exists() or Trip.objects.exists():
        raise SystemExit("the database is not empty: scale data goes into a freshly migrated database")


def generate(
    sizes: Sizes,
    *,
    seed: int = 1,
    today: dt.date = DEFAULT_TODAY,
    batch: int = 20_000,
    progress: Callable[[str], None] = print,
) -> Counts:
    """Write the scale data (see the module docstring) and return the rows written per model."""
    from django.db import connection

    from waypost.people.models import OrgNode, Person, RoleAssignment

    _check_empty()
    started = time.perf_counter()
    counts = Counts()
    rng = random.Random(seed)
    now = _at(today, 9)

    def table(model: Any, *columns: str) -> Table:
        return Table(model, columns, batch=batch, counts=counts)

    # 1. the tree
    nodes = table(OrgNode, "id", "kind", "name", "name_native", "slug", "parent_id", "path", "country")
    node_ids: dict[str, int] = {}
    node_paths: dict[str, str] = {}

    def node(slug: str, kind: str, name: str, parent: str | None, country: str = "") -> None:
        pk = len(node_ids) + 1
        path = f"{node_paths[parent] if parent else '/'}{slug}/"
        node_ids[slug], node_paths[slug] = pk, path
        nodes.add((pk, kind, name, "", slug, node_ids[parent] if parent else None, path, country))

    node("national-security-office", "authority", "National Security Office", None, "")
    org_units: list[dict[str, list[str]]] = []
    for slug, name, country, _region, _sectors, _share in ORGANISATIONS:
        node(slug, "organisation", name, "national-security-office", country)
        units: dict[str, list[str]] = {"board": [f"{slug}-board"], "divisions": [], "teams": []}
        node(f"{slug}-board", "unit", f"{name} Board", slug, country)
        for division in DIVISIONS:
            division_slug = f"{slug}-{division}"
            node(division_slug, "unit", f"{name} {division.title()}", slug, country)
            units["divisions"].append(division_slug)
            for team in TEAMS:
                node(
                    f"{division_slug}-{team}",
                    "unit",
                    f"{division.title()} {team.title()}",
                    division_slug,
                    country,
                )
                units["teams"].append(f"{division_slug}-{team}")
        org_units.append(units)
    nodes.flush()
    progress(f"tree: {len(node_ids)} nodes")

    # 2. people, their accounts, managers and roles
    from django.contrib.auth.models import User

    users = table(
        User,
        "id",
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
    )
    people_table = table(
        Person,
        "id",
        "user_id",
        "email",
        "name_latin",
        "name_native",
        "unit_id",
        "manager_id",
        "sectors",
        "role",
        "sensitivity",
        "preferred_language",
        "is_active",
        "created_at",
        "updated_at",
    )
    shares = [entry[5] for entry in ORGANISATIONS]
    per_org = [sizes.people * share // sum(shares) for share in shares]
    per_org[0] += sizes.people - sum(per_org)
    people: list[_Person] = []
    joined = _at(today - dt.timedelta(days=1500), 8)
    for org_index, (slug, _name, _country, region, sectors, _share) in enumerate(ORGANISATIONS):
        units = org_units[org_index]
        total = per_org[org_index]
        first = len(people) + 1
        # chief, division heads, then the teams; team heads and leads among their members
        placed: list[tuple[str, int | None, str]] = [(units["board"][0], None, "executive")]
        chief = first
        for division in units["divisions"]:
            placed.append((division, chief, "executive"))
        team_members = max(0, total - len(placed))
        for index in range(team_members):
            team_index = index % len(units["teams"])
            team = units["teams"][team_index]
            division_head = first + 1 + team_index // len(TEAMS)
            member_no = index // len(units["teams"])
            # the first member of each team is its head, every 12th after it a lead
            if member_no == 0:
                manager: int | None = division_head
            elif member_no % 12 == 0:
                manager = first + 1 + len(DIVISIONS) + team_index  # the team head
            else:
                lead_no = member_no - member_no % 12
                manager = first + 1 + len(DIVISIONS) + team_index + lead_no * len(units["teams"])
            placed.append((team, manager, ""))
        for offset, (unit_slug, manager, role) in enumerate(placed[:total]):
            pk = first + offset
            written, latin = _person_name(rng, region)
            email = f"p{pk}@{slug}.example"
            own_sectors = sorted(set(rng.sample(sectors, rng.randint(1, len(sectors)))))
            users.add((pk, "!bench", False, email, "", "", email, False, True, joined))
            people_table.add(
                (
                    pk,
                    pk,
                    email,
                    latin,
                    written if written != latin else "",
                    node_ids[unit_slug],
                    manager if manager != pk else None,
                    own_sectors,
                    role or rng.choices(ROLES, weights=ROLE_WEIGHTS)[0],
                    rng.choices((1, 2, 3), weights=(55, 33, 12))[0],
                    "zh-hans" if region == "east" else "de",
                    True,
                    joined,
                    joined,
                )
            )
            people.append(_Person(pk, org_index, node_paths[unit_slug], region))
    users.flush()
    people_table.flush()
    # per organisation: three security officers, two auditors and an administrator (team members
    # 10, 20 … 60 of the organisation); over the authority: an analyst and a security officer
    roles = table(RoleAssignment, "id", "person_id", "role", "node_id")
    grants: list[tuple[int, str, str]] = []
    for org_index, (slug, *_rest) in enumerate(ORGANISATIONS):
        members = [person.pk for person in people if person.org == org_index]
        picks = members[10:70:10]
        for role, chosen in (
            ("security_officer", picks[:3]),
            ("auditor", picks[3:5]),
            ("administrator", picks[5:6]),
        ):
            grants.extend((pk, role, slug) for pk in chosen)
    grants.append((people[5].pk, "authority_analyst", "national-security-office"))
    grants.append((people[6].pk, "security_officer", "national-security-office"))
    for role_id, (pk, role, slug) in enumerate(grants, start=1):
        roles.add((role_id, pk, role, node_ids[slug]))
    roles.flush()
    progress(
        f"people: {len(people)} with accounts; {len(grants)} role assignments"
        f" ({time.perf_counter() - started:.1f} s)"
    )

    # 3.–6. trips and everything hanging from them
    _trips(sizes, rng, people, node_ids, today, now, table, counts, progress, started)

    if connection.vendor == "postgresql":
        _reset_sequences(_all_models())
        # as autovacuum would: statistics for the planner, and the visibility map for index-only scans
        progress("vacuum analyse …")
        with connection.cursor() as cursor:
            # VACUUM cannot run in a transaction (a test's): there, statistics are enough.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    counts.seconds = time.perf_counter() - started
    return counts


def _all_models() -> list[Any]:
    from django.apps import apps

    labels = [
        "people.OrgNode", "people.Person", "people.RoleAssignment", "auth.User", "trips.Trip",
        "trips.TripAssessment", "trips.CheckInWindow", "trips.Incident", "debriefs.Debrief",
        "debriefs.Contact", "debriefs.Encounter", "screening.RestrictedList", "screening.ListVersion",
        "screening.ListEntryRecord", "screening.ScreeningSubject", "screening.Hit",
    ]  # fmt: skip
    return [apps.get_model(label) for label in labels]


def _status_for(rng: random.Random, depart: dt.date, back: dt.date, today: dt.date) -> str:
    if depart > today:
        return rng.choices(
            ("draft", "submitted", "in_review", "approved", "acknowledged", "advised_against", "cancelled"),
            weights=(6, 28, 12, 30, 10, 5, 9),
        )[0]
    if back >= today:
        return rng.choices(("travelling", "cancelled"), weights=(96, 4))[0]
    if (today - back).days <= 21:
        return rng.choices(
            ("returned", "debrief_due", "debriefed", "closed", "cancelled"), weights=(35, 30, 17, 12, 6)
        )[0]
    return rng.choices(
        ("closed", "debriefed", "returned", "debrief_due", "cancelled"), weights=(58, 16, 13, 3, 10)
    )[0]


def _trips(
    sizes: Sizes,
    rng: random.Random,
    people: list[_Person],
    node_ids: dict[str, int],
    today: dt.date,
    now: dt.datetime,
    table: Callable[..., Table],
    counts: Counts,
    progress: Callable[[str], None],
    started: float,
) -> None:
    from waypost.debriefs.models import Contact, Debrief, Encounter
    from waypost.screening.models import Hit, ListEntryRecord, ListVersion, RestrictedList, ScreeningSubject
    from waypost.trips.models import CheckInWindow, Incident, Trip, TripAssessment

    trips = table(
        Trip, "id", "traveller_id", "title", "status", "facts", "depart_on", "return_on", "version",
        "revision", "submitted_at", "decided_at", "proceeded_at", "proceed_note", "cancelled_at",
        "cancel_reason", "briefing_flagged_at", "debrief_due_on", "created_at", "updated_at",
    )  # fmt: skip
    assessments = table(
        TripAssessment, "id", "trip_id", "trip_version", "on", "advisory", "obligations", "result", "late",
        "is_current", "created_at",
    )  # fmt: skip
    windows = table(
        CheckInWindow, "id", "trip_id", "due_at", "status", "stage", "last_escalated_at", "resolved_at",
        "created_at",
    )  # fmt: skip
    incidents = table(
        Incident, "id", "trip_id", "reporter_id", "kind", "occurred_at", "country", "city", "description",
        "safe_now", "reported_at", "status", "acknowledged_by_id", "acknowledged_at", "closed_by_id",
        "closed_at",
    )  # fmt: skip
    debriefs = table(
        Debrief, "id", "trip_id", "status", "answers", "revision", "submitted_at", "late", "outcome",
        "review_note", "reviewed_by_id", "reviewed_at", "created_at", "updated_at",
    )  # fmt: skip
    contacts = table(
        Contact, "id", "owner_id", "kind", "name", "name_latin", "organisation", "country", "key",
        "created_at", "updated_at",
    )  # fmt: skip
    encounters = table(
        Encounter, "id", "contact_id", "trip_id", "traveller_id", "source", "position", "details",
        "org_path", "created_at",
    )  # fmt: skip
    subjects = table(
        ScreeningSubject, "id", "source_type", "trip_id", "source_ref", "name", "name_latin", "kind",
        "countries", "org_path", "screened_at", "created_at",
    )  # fmt: skip
    hits = table(
        Hit, "id", "subject_id", "entry_id", "list_version_id", "score", "matched_name", "explanation",
        "entry_hash", "status", "note", "decided_by_id", "decided_at", "created_at", "updated_at",
    )  # fmt: skip

    for child in (assessments, windows, incidents, debriefs, encounters, subjects):
        child.parents.append(trips)
    encounters.parents.append(contacts)
    hits.parents.append(subjects)

    # the restricted-party list the hits name
    table_list = table(RestrictedList, "id", "list_id", "format", "title", "source", "created_at")
    table_list.add((1, "bench-sanctions", "custom-csv", "Benchmark sanctions list", "synthetic", now))
    table_list.flush()
    version = table(
        ListVersion, "id", "list_id", "number", "format", "sha256", "size", "files", "skipped",
        "imported_at", "added", "changed", "removed", "unchanged", "entry_count",
    )  # fmt: skip
    listed = sizes.list_entries
    version.add((1, 1, 1, "custom-csv", "0" * 64, 123_456, [], {}, now, listed, 0, 0, 0, listed))
    version.flush()
    entries = table(
        ListEntryRecord, "id", "list_id", "entry_id", "kind", "names", "countries", "birth_dates",
        "programs", "remarks", "source_url", "extra", "content_hash", "first_version_id",
        "last_changed_version_id",
    )  # fmt: skip
    entry_names: list[str] = []
    for pk in range(1, listed + 1):
        country = rng.choice(("CN", "RU", "IR", "KP", "SY", "BY"))
        written, latin = _contact_name(rng, country)
        entry_names.append(latin or written)
        names = [{"text": written, "kind": "primary", "derived": False}]
        if latin and latin != written:
            names.append({"text": latin, "kind": "alias", "derived": True})
        entries.add(
            (pk, 1, f"E{pk:05d}", "person", names, [country], [], ["BENCH"], "", "", [], f"{pk:064x}", 1, 1)
        )
    entries.flush()

    # people chosen as travellers: some travel a lot (up to 8 times the least-travelled)
    traveller_weights = list(accumulate(min(8.0, rng.paretovariate(2.0)) for _ in people))
    destinations = {
        region: (
            [code for code, _ in spec["destinations"]],
            list(accumulate(w for _, w in spec["destinations"])),
        )
        for region, spec in REGIONS.items()
    }
    org_node_ids = [node_ids[slug] for slug, *_ in ORGANISATIONS]
    security_of: dict[int, int] = {}  # org → an officer person id (for reviews)
    for person in people:
        security_of.setdefault(person.org, person.pk)

    first_day = today - dt.timedelta(days=1000)
    span_days = 1000 + 95
    register_total = sizes.register_entries
    encounter_total = sizes.contacts
    org_contacts: list[array[int]] = [array("q") for _ in ORGANISATIONS]
    encounter_count = 0
    contact_count = 0
    assessment_id = window_id = incident_id = debrief_id = subject_id = hit_id = 0
    total = sizes.trips
    step = max(1, total // 10)
    for index in range(total):
        pk = index + 1
        traveller = (
            people[rng.choices(range(len(people)), cum_weights=traveller_weights)[0]] if people else None
        )
        assert traveller is not None
        region = REGIONS[traveller.region]
        home = rng.choice(region["homes"])
        codes, cumulative = destinations[traveller.region]
        destination = rng.choices(codes, cum_weights=cumulative)[0]
        while destination == home:
            destination = rng.choices(codes, cum_weights=cumulative)[0]
        city, country = AIRPORTS[destination]
        depart = first_day + dt.timedelta(days=(index * span_days) // total + rng.randint(0, 3))
        days = rng.choices((2, 3, 4, 5, 6, 7, 10, 14, 21, 30), weights=(8, 14, 16, 16, 12, 12, 10, 7, 3, 2))[
            0
        ]
        back = depart + dt.timedelta(days=days)
        last = index == total - 1
        status = "submitted" if last else _status_for(rng, depart, back, today)
        purpose = rng.choices(PURPOSES, weights=PURPOSE_WEIGHTS)[0]
        legs = []
        if rng.random() < 0.3:
            hub = rng.choice([h for h in region["hubs"] if h not in (home, destination)])
            legs.append(_leg(home, hub, depart, 8, 5))
            legs.append(_leg(hub, destination, depart, 15, 4))
        else:
            legs.append(_leg(home, destination, depart, 10, 9))
        legs.append(_leg(destination, home, back, 13, 10))
        stays = [{"city": city, "country": country, "from": depart.isoformat(), "to": back.isoformat()}]
        if days >= 7 and rng.random() < 0.25:
            other = rng.choices(codes, cum_weights=cumulative)[0]
            if other not in (home, destination):
                split = depart + dt.timedelta(days=days // 2)
                stays[0]["to"] = split.isoformat()
                other_city, other_country = AIRPORTS[other]
                stays.append(
                    {
                        "city": other_city,
                        "country": other_country,
                        "from": split.isoformat(),
                        "to": back.isoformat(),
                    }
                )
        facts = {
            "purpose": purpose,
            "legs": legs,
            "stays": stays,
            "devices": [{"kind": "laptop", "owner": "organisation", "sensitive_data": rng.random() < 0.2}],
        }
        created = _at(
            depart - dt.timedelta(days=rng.randint(7, 60)), 9 + rng.randint(0, 8), rng.randint(0, 59)
        )
        submitted = None if status == "draft" else created + dt.timedelta(hours=rng.randint(1, 72))
        decided = (
            submitted + dt.timedelta(days=rng.randint(1, 5))
            if submitted and status not in ("draft", "submitted", "in_review")
            else None
        )
        cancelled = None
        if status == "cancelled":
            cancelled = (submitted or created) + dt.timedelta(days=1)
            decided = None
        version_no = 2 if status != "draft" and rng.random() < 0.08 else 1
        debrief_due = (
            back + dt.timedelta(days=14) if status in ("debrief_due", "debriefed", "closed") else None
        )
        proceeded = (
            decided + dt.timedelta(days=1)
            if status == "travelling" and rng.random() < 0.03 and decided
            else None
        )
        trips.add(
            (
                pk, traveller.pk, f"{purpose.replace('-', ' ').capitalize()} in {city}", status, facts,
                depart, back, version_no, version_no + (0 if status == "draft" else 2), submitted, decided,
                proceeded, "", cancelled, "Plans changed" if cancelled else "", None, debrief_due,
                created, max(d for d in (created, submitted, decided, cancelled) if d),
            )
        )  # fmt: skip

        # the policy's assessment
        if status != "draft" and rng.random() < 0.85:
            advisory = rng.choices(ADVISORIES, weights=(60, 28, 10, 2))[0]
            on = (submitted or created).date()
            obligations = {"approval": ["manager"] if advisory == "none" else ["manager", "security_officer"]}
            if advisory in ("caution", "advised_against"):
                obligations.update(check_in_every_hours=48, debrief_within_days=14)
            if rng.random() < 0.1:
                assessment_id += 1
                assessments.add(
                    (assessment_id, pk, 1, on, "none", {"approval": ["manager"]},
                     {"advisory": "none", "countries": [country]}, False, False, created)
                )  # fmt: skip
            assessment_id += 1
            assessments.add(
                (assessment_id, pk, version_no, on, advisory, obligations,
                 {"advisory": advisory, "obligations": obligations, "countries": [country]},
                 rng.random() < 0.07, True, submitted or created)
            )  # fmt: skip

        # check-ins due every 48 h while abroad
        if status == "travelling":
            due = _at(depart, 20)
            end = _at(back, 20)
            while due <= end:
                window_id += 1
                if due < now:
                    state = rng.choices(("kept", "late", "missed"), weights=(85, 6, 9))[0]
                    resolved = due - dt.timedelta(hours=2) if state == "kept" else due + dt.timedelta(hours=5)
                    if state == "missed" and rng.random() < 0.6:
                        resolved = None
                    stage = 0 if state == "kept" else rng.randint(1, 3)
                    windows.add((window_id, pk, due, state, stage, due if stage else None, resolved, created))
                else:
                    windows.add((window_id, pk, due, "open", 0, None, None, created))
                    break
                due += dt.timedelta(hours=48)

        # incidents
        if depart <= today and status != "cancelled" and rng.random() < 0.005:
            incident_id += 1
            occurred = _at(depart + dt.timedelta(days=min(days, 1)), 11)
            open_now = status == "travelling" or (today - back).days < 10
            state = "open" if open_now and rng.random() < 0.6 else "closed"
            officer = security_of[traveller.org] if state == "closed" else None
            acknowledged = occurred + dt.timedelta(hours=6) if officer else None
            closed = occurred + dt.timedelta(days=2) if officer else None
            incidents.add(
                (incident_id, pk, traveller.pk, rng.choice(INCIDENT_KINDS), occurred, country, city,
                 "Questioned at the border about my work; phone was taken for an hour.",
                 rng.choice(("yes", "yes", "yes", "unsure")), occurred + dt.timedelta(hours=2), state,
                 officer, acknowledged, officer, closed)
            )  # fmt: skip

        # debriefs
        if status in ("debrief_due", "debriefed", "closed") and (
            status != "debrief_due" or rng.random() < 0.3
        ):
            debrief_id += 1
            state = {"debrief_due": "draft", "debriefed": "submitted", "closed": "reviewed"}[status]
            sent = _at(back + dt.timedelta(days=rng.randint(1, 20)), 10) if state != "draft" else None
            answers = {
                "places": [{k: stay[k] for k in ("city", "country", "from", "to")} for stay in stays],
                "activities": "Talks and meetings as planned.",
                "no_contacts": False,
                "devices_out_of_control": "no",
                "suspicious": "no",
            }
            reviewed = sent + dt.timedelta(days=2) if state == "reviewed" and sent else None
            late = bool(sent and debrief_due and sent.date() > debrief_due)
            reviewer = security_of[traveller.org] if reviewed else None
            debriefs.add(
                (debrief_id, pk, state, answers, 1, sent, late, "closed" if reviewed else "", "", reviewer,
                 reviewed, _at(back, 18), reviewed or sent or _at(back, 18))
            )  # fmt: skip

        # encounters, and the register entries at their first encounter
        owed = ((index + 1) * encounter_total) // total
        debt = owed - encounter_count
        if status == "draft" and not last:
            many = 0
        elif last:
            many = debt
        else:
            many = min(debt, rng.randint(0, max(0, 2 * debt)))
        source = "debrief" if status in ("debriefed", "closed", "debrief_due", "returned") else "planned"
        register = org_contacts[traveller.org]
        for position in range(many):
            contacts_owed = ((encounter_count + 1) * register_total) // encounter_total
            if contact_count < contacts_owed or not register:
                contact_count += 1
                written, latin = _contact_name(rng, country)
                host = f"{city} {rng.choice(HOST_KINDS)}"
                contacts.add(
                    (contact_count, org_node_ids[traveller.org], "person", written, latin, host, country,
                     f"{_key(written or latin)}|{_key(host)}", _at(back, 19), _at(back, 19))
                )  # fmt: skip
                register.append(contact_count)
                contact_id = contact_count
            else:
                contact_id = register[int(len(register) * rng.random() ** 2)]
            encounter_count += 1
            encounters.add(
                (encounter_count, contact_id, pk, traveller.pk, source, position,
                 {"how": rng.choice(HOW_MET), "met_on": (depart + dt.timedelta(days=1)).isoformat(),
                  "planned": source == "planned"},
                 traveller.unit_path, _at(back if source == "debrief" else depart, 19))
            )  # fmt: skip

        # names screened for the trip, and hits
        if status != "draft" and rng.random() < sizes.screened_share:
            subject_id += 1
            written, latin = _contact_name(rng, country)
            screened = submitted or created
            subjects.add(
                (subject_id, "meeting", pk, "", written, latin, "person", [country], traveller.unit_path,
                 screened, screened)
            )  # fmt: skip
            if rng.random() < 0.2:
                hit_id += 1
                state = rng.choices(("open", "confirmed", "cleared"), weights=(35, 5, 60))[0]
                entry = rng.randint(1, listed)
                decided_at = None if state == "open" else screened + dt.timedelta(days=1)
                hits.add(
                    (hit_id, subject_id, entry, 1, round(0.8 + rng.random() / 5, 3), entry_names[entry - 1],
                     {"method": "bench"}, f"{entry:064x}", state, "",
                     None if state == "open" else security_of[traveller.org], decided_at, screened,
                     decided_at or screened)
                )  # fmt: skip

        if pk % step == 0:
            progress(
                f"trips: {pk:,}/{total:,}; encounters {encounter_count:,}; contacts {contact_count:,}"
                f" ({time.perf_counter() - started:.1f} s)"
            )
    for writer in (trips, assessments, windows, incidents, debriefs, contacts, encounters, subjects, hits):
        writer.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--trips", type=int, default=None)
    parser.add_argument("--contacts", type=int, default=None, help="encounters: contacts met on trips")
    parser.add_argument(
        "--register", type=int, default=None, help="contacts register entries (default: contacts/4)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=DEFAULT_TODAY)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--small", action="store_true", help="a few hundred rows (for tests)")
    args = parser.parse_args(argv)
    base = SMALL if args.small else Sizes()
    sizes = Sizes(
        people=args.people if args.people is not None else base.people,
        trips=args.trips if args.trips is not None else base.trips,
        contacts=args.contacts if args.contacts is not None else base.contacts,
        register=args.register if args.register is not None else base.register,
        screened_share=base.screened_share,
        list_entries=base.list_entries,
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    import django

    django.setup()
    from django.db import connection

    print(
        f"scale data into {connection.vendor} database {connection.settings_dict['NAME']}: "
        f"{sizes.people:,} people, {sizes.trips:,} trips, {sizes.contacts:,} encounters, "
        f"{sizes.register_entries:,} register entries; seed {args.seed}, today {args.today}; "
        f"cores {os.cpu_count()}",
        flush=True,
    )
    counts = generate(
        sizes,
        seed=args.seed,
        today=args.today,
        batch=args.batch,
        progress=lambda line: print(line, flush=True),
    )
    for label, written in sorted(counts.rows.items()):
        print(f"  {label}: {written:,}")
    print(f"done in {counts.seconds:.1f} s ({sum(counts.rows.values()):,} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
