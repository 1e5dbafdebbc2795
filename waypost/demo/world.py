"""A coherent fictional world for the demo and for exploring Waypost.

Two authorities, four organisations (an AI lab, a robotics company, a chip
designer, a university), their units and about 60 people across job roles,
sectors and sensitivity levels, with one login per access role. Loading is
idempotent: running it again changes nothing that is already there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from waypost.people import services as people_services
from waypost.people.choices import AccessRole, JobRole, NodeKind
from waypost.people.models import OrgNode, Person

DEMO_PASSWORD = "Waypost-demo-2026"  # noqa: S105 - printed on purpose for the demo logins

# slug, kind, name, native name, parent slug, country
NODES: list[tuple[str, str, str, str, str | None, str]] = [
    (
        "east-tech-office",
        NodeKind.AUTHORITY,
        "Eastern Province Technology Office",
        "东部省科技办公室",
        None,
        "CN",
    ),
    (
        "rhine-security-council",
        NodeKind.AUTHORITY,
        "Rhine Research Security Council",
        "Rheinischer Forschungssicherheitsrat",
        None,
        "DE",
    ),
    ("lumen-ai", NodeKind.ORGANISATION, "Lumen AI Lab", "流明人工智能实验室", "east-tech-office", "CN"),
    ("lumen-foundation-models", NodeKind.UNIT, "Foundation Models", "基础模型部", "lumen-ai", "CN"),
    ("lumen-safety", NodeKind.UNIT, "Alignment & Safety", "对齐与安全部", "lumen-ai", "CN"),
    ("lumen-security", NodeKind.UNIT, "Security Office", "安全办公室", "lumen-ai", "CN"),
    (
        "silicon-harbor",
        NodeKind.ORGANISATION,
        "Silicon Harbor Semiconductors",
        "硅港半导体",
        "east-tech-office",
        "CN",
    ),
    ("silicon-harbor-design", NodeKind.UNIT, "Chip Design", "芯片设计部", "silicon-harbor", "CN"),
    ("silicon-harbor-process", NodeKind.UNIT, "Process Engineering", "工艺工程部", "silicon-harbor", "CN"),
    ("kinetic-robotics", NodeKind.ORGANISATION, "Kinetic Robotics GmbH", "", "rhine-security-council", "DE"),
    ("kinetic-manipulation", NodeKind.UNIT, "Manipulation", "Manipulation", "kinetic-robotics", "DE"),
    ("kinetic-autonomy", NodeKind.UNIT, "Autonomy", "Autonomie", "kinetic-robotics", "DE"),
    ("northbridge-uni", NodeKind.ORGANISATION, "Northbridge University", "", "rhine-security-council", "DE"),
    ("northbridge-cs", NodeKind.UNIT, "Computer Science", "Informatik", "northbridge-uni", "DE"),
    ("northbridge-physics", NodeKind.UNIT, "Quantum Physics", "Quantenphysik", "northbridge-uni", "DE"),
    (
        "northbridge-research-office",
        NodeKind.UNIT,
        "Research Security Office",
        "Forschungssicherheit",
        "northbridge-uni",
        "DE",
    ),
]


# Fixed people with logins, one per role; (email, latin, native, unit, role, sensitivity, sectors, manager)
@dataclass(frozen=True)
class DemoLogin:
    email: str
    name_latin: str
    name_native: str
    unit: str
    job_role: str
    sensitivity: int
    sectors: tuple[str, ...]
    manager: str | None
    grants: tuple[tuple[str, str], ...]
    label: str


LOGINS: list[DemoLogin] = [
    DemoLogin(
        "wei.zhang@lumen.example",
        "Zhang Wei",
        "张伟",
        "lumen-foundation-models",
        JobRole.EXECUTIVE,
        3,
        ("ai",),
        "hui.chen@lumen.example",
        (),
        "traveller",
    ),
    DemoLogin(
        "hui.chen@lumen.example",
        "Chen Hui",
        "陈慧",
        "lumen-foundation-models",
        JobRole.SENIOR_RESEARCHER,
        2,
        ("ai",),
        None,
        ((AccessRole.APPROVER, "lumen-foundation-models"),),
        "approver",
    ),
    DemoLogin(
        "olu.adeyemi@lumen.example",
        "Olu Adeyemi",
        "",
        "lumen-security",
        JobRole.STAFF,
        1,
        (),
        None,
        ((AccessRole.SECURITY_OFFICER, "lumen-ai"),),
        "security officer",
    ),
    DemoLogin(
        "audrey.lin@lumen.example",
        "Lin Audrey",
        "林雅",
        "lumen-security",
        JobRole.STAFF,
        1,
        (),
        None,
        ((AccessRole.AUDITOR, "lumen-ai"),),
        "auditor",
    ),
    DemoLogin(
        "admin@waypost.example",
        "Ada Admin",
        "",
        "lumen-security",
        JobRole.STAFF,
        1,
        (),
        None,
        (
            (AccessRole.ADMINISTRATOR, "east-tech-office"),
            (AccessRole.ADMINISTRATOR, "rhine-security-council"),
        ),
        "administrator",
    ),
    DemoLogin(
        "min.li@east-tech.example",
        "Li Min",
        "李敏",
        "lumen-security",
        JobRole.STAFF,
        1,
        (),
        None,
        ((AccessRole.SECURITY_OFFICER, "east-tech-office"),),
        "authority officer",
    ),
    DemoLogin(
        "sabine.roth@east-tech.example",
        "Sabine Roth",
        "",
        "east-tech-office",
        JobRole.STAFF,
        1,
        (),
        None,
        ((AccessRole.AUTHORITY_ANALYST, "east-tech-office"),),
        "authority analyst (figures only)",
    ),
    DemoLogin(
        "jonas.weber@kinetic.example",
        "Jonas Weber",
        "",
        "kinetic-autonomy",
        JobRole.ENGINEER,
        2,
        ("robotics", "ai"),
        "petra.schmidt@kinetic.example",
        (),
        "traveller (another organisation)",
    ),
    DemoLogin(
        "petra.schmidt@kinetic.example",
        "Petra Schmidt",
        "",
        "kinetic-autonomy",
        JobRole.EXECUTIVE,
        3,
        ("robotics",),
        None,
        ((AccessRole.APPROVER, "kinetic-robotics"), (AccessRole.SECURITY_OFFICER, "kinetic-robotics")),
        "robotics officer",
    ),
]

SURNAMES_ZH = [
    ("Wang", "王"),
    ("Li", "李"),
    ("Liu", "刘"),
    ("Zhao", "赵"),
    ("Huang", "黄"),
    ("Zhou", "周"),
    ("Wu", "吴"),
    ("Xu", "徐"),
    ("Sun", "孙"),
    ("Ma", "马"),
    ("Guo", "郭"),
    ("He", "何"),
]
GIVEN_ZH = [
    ("Fang", "芳"),
    ("Jun", "军"),
    ("Yang", "洋"),
    ("Jing", "静"),
    ("Lei", "磊"),
    ("Xiaoming", "小明"),
    ("Na", "娜"),
    ("Tao", "涛"),
    ("Yan", "艳"),
    ("Qiang", "强"),
    ("Li", "丽"),
    ("Hao", "浩"),
]
SURNAMES_DE = [
    "Müller",
    "Schneider",
    "Fischer",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
]
GIVEN_DE = [
    "Anna",
    "Lukas",
    "Lena",
    "Felix",
    "Marie",
    "Paul",
    "Sophie",
    "Jan",
    "Clara",
    "Tobias",
    "Miriam",
    "Emil",
]

UNIT_PROFILES: dict[str, tuple[tuple[str, ...], str]] = {
    "lumen-foundation-models": (("ai",), "zh"),
    "lumen-safety": (("ai",), "zh"),
    "silicon-harbor-design": (("semiconductors",), "zh"),
    "silicon-harbor-process": (("semiconductors", "materials"), "zh"),
    "kinetic-manipulation": (("robotics",), "de"),
    "kinetic-autonomy": (("robotics", "ai"), "de"),
    "northbridge-cs": (("ai", "cyber"), "de"),
    "northbridge-physics": (("quantum",), "de"),
}


def _email_local(text: str) -> str:
    return text.lower().replace("ü", "ue").replace("ö", "oe").replace("ä", "ae").replace(" ", ".")


def load(*, actor: Any = None) -> dict[str, Any]:
    """Create the demo world if it is not there yet. Returns the logins to print."""
    rng = random.Random(2026)  # noqa: S311 - a fixed seed gives the same world every time; not security
    User = get_user_model()
    with transaction.atomic():
        system = actor
        nodes: dict[str, OrgNode] = {node.slug: node for node in OrgNode.objects.all()}
        for slug, kind, name, native, parent, country in NODES:
            if slug not in nodes:
                nodes[slug] = people_services.orgnode_create(
                    actor=system,
                    kind=kind,
                    name=name,
                    slug=slug,
                    parent=nodes[parent] if parent else None,
                    name_native=native,
                    country=country,
                )

        # The fixed logins first (managers before their reports).
        ordered = sorted(LOGINS, key=lambda login: login.manager is not None)
        for login in ordered:
            person = Person.objects.filter(email=login.email).first()
            if person is None:
                person = people_services.person_create(
                    actor=system,
                    email=login.email,
                    name_latin=login.name_latin,
                    name_native=login.name_native,
                    unit=nodes[login.unit],
                    role=login.job_role,
                    sensitivity=login.sensitivity,
                    sectors=list(login.sectors),
                    manager=Person.objects.filter(email=login.manager).first() if login.manager else None,
                )
            if person.user_id is None:
                user = people_services.account_create(actor=system, person=person, password=DEMO_PASSWORD)
                if any(role == AccessRole.ADMINISTRATOR for role, _node in login.grants):
                    user.is_staff = True
                    user.save(update_fields=["is_staff"])
            for role, node_slug in login.grants:
                people_services.role_grant(actor=system, person=person, role=role, node=nodes[node_slug])

        # Unit heads (approvers) and their teams.
        for unit_slug, (sectors, culture) in UNIT_PROFILES.items():
            unit = nodes[unit_slug]
            head = _ensure_person(rng, unit, sectors, culture, JobRole.EXECUTIVE, None, index=0)
            people_services.role_grant(actor=system, person=head, role=AccessRole.APPROVER, node=unit)
            for index in range(1, 6):
                job_role = rng.choice(
                    [
                        JobRole.SENIOR_RESEARCHER,
                        JobRole.RESEARCHER,
                        JobRole.RESEARCHER,
                        JobRole.ENGINEER,
                        JobRole.STAFF,
                    ]
                )
                _ensure_person(rng, unit, sectors, culture, job_role, head, index=index)

        # A security officer and an auditor for each organisation without one.
        for org_slug, unit_slug, officer_name, auditor_name in [
            ("silicon-harbor", "silicon-harbor-process", ("Gao Ming", "高明"), ("Tang Li", "唐丽")),
            ("northbridge-uni", "northbridge-research-office", ("Sabine Vogel", ""), ("Karl Braun", "")),
        ]:
            for (latin, native), role in (
                (officer_name, AccessRole.SECURITY_OFFICER),
                (auditor_name, AccessRole.AUDITOR),
            ):
                email = f"{_email_local(latin)}@{org_slug}.example"
                person = Person.objects.filter(email=email).first() or people_services.person_create(
                    actor=system, email=email, name_latin=latin, name_native=native, unit=nodes[unit_slug]
                )
                if person.user_id is None:
                    people_services.account_create(actor=system, person=person, password=DEMO_PASSWORD)
                people_services.role_grant(actor=system, person=person, role=role, node=nodes[org_slug])

    User.objects.filter(email="admin@waypost.example").update(is_staff=True, is_superuser=True)
    return {"password": DEMO_PASSWORD, "logins": [(login.label, login.email) for login in LOGINS]}


def _ensure_person(
    rng: random.Random,
    unit: OrgNode,
    sectors: tuple[str, ...],
    culture: str,
    job_role: str,
    manager: Person | None,
    *,
    index: int,
) -> Person:
    if culture == "zh":
        surname, surname_zh = rng.choice(SURNAMES_ZH)
        given, given_zh = rng.choice(GIVEN_ZH)
        latin, native = f"{surname} {given}", f"{surname_zh}{given_zh}"
    else:
        latin, native = f"{rng.choice(GIVEN_DE)} {rng.choice(SURNAMES_DE)}", ""
    sensitivity = 3 if job_role == JobRole.EXECUTIVE else rng.choice([1, 1, 2, 2, 3])
    email = f"{_email_local(latin)}.{index}@{unit.slug}.example"
    existing = Person.objects.filter(email=email).first()
    if existing is not None:
        return existing
    return people_services.person_create(
        actor=None,
        email=email,
        name_latin=latin,
        name_native=native,
        unit=unit,
        role=job_role,
        sensitivity=sensitivity,
        sectors=list(sectors),
        manager=manager,
    )
