"""Benchmark of the pure policy engine: assessments per second on one core.

Builds 50 synthetic guidance documents of 20 rules each (varied facets, written as YAML and parsed
like real guidance) and 500 varied trips, then assesses trips round-robin against all of them.
Compilation (groups resolved, rules turned into bitmasks) happens once; the entered countries of
each trip are computed once when its facts are built, as in the Django service.

Run: ``cd /work/main && .venv/bin/python bench/policy_engine.py [--assessments N] [--seed S]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from waypost.geo.airports import airport_lookup
from waypost.geo.groups import load_country_groups
from waypost.policy.engine import (
    Guidance,
    TripFacts,
    assess,
    compile_rules,
    parse_guidance,
    trip_facts_from_json,
)

SECTORS = ["ai", "robotics", "semiconductors", "biotech", "quantum", "space"]
ROLES = ["executive", "senior-researcher", "researcher", "engineer", "staff"]
PURPOSES = ["conference", "negotiation", "research-visit", "training", "holiday"]
ORG_PATHS = [
    ["authority-east", "acme", "acme-ai"],
    ["authority-east", "acme", "acme-robotics"],
    ["authority-east", "lumen-university", "lumen-physics"],
    ["authority-west", "orbit-labs", "orbit-quantum"],
]
ISSUERS = ["authority-east", "authority-west", "acme", "lumen-university", "orbit-labs", "acme-ai"]
COUNTRIES = [
    "US",
    "CA",
    "MX",
    "GB",
    "FR",
    "DE",
    "NL",
    "JP",
    "KR",
    "TW",
    "SG",
    "AU",
    "IL",
    "AE",
    "TR",
    "IN",
    "TH",
    "BR",
]
AIRPORTS = {
    "CN": ["PEK", "PVG", "CAN"],
    "US": ["JFK", "SFO", "LAX", "ORD"],
    "CA": ["YVR", "YYZ"],
    "MX": ["MEX"],
    "GB": ["LHR"],
    "FR": ["CDG"],
    "DE": ["FRA", "MUC"],
    "NL": ["AMS"],
    "JP": ["NRT", "HND"],
    "KR": ["ICN"],
    "TW": ["TPE"],
    "SG": ["SIN"],
    "AU": ["SYD"],
    "IL": ["TLV"],
    "AE": ["DXB"],
    "TR": ["IST"],
    "IN": ["DEL"],
    "TH": ["BKK"],
    "BR": ["GRU"],
}
GROUPS = [
    "nato",
    "eu",
    "five-eyes",
    "us-allies",
    "us-mnna",
    "us-treaty-allies",
    "ear-d1",
    "countries-of-concern",
]
ADVISORIES = ["none", "caution", "advised_against", "not_permitted"]
DEVICE_POLICIES = ["own_device_ok", "organisation_device_required", "clean_device_required", "no_devices"]


#: How often a synthetic rule constrains sectors, and how often it names (large) country groups.
PROFILES = {"targeted": (0.9, 0.3), "broad": (0.6, 0.5)}


def synthetic_rule(rng: random.Random, index: int, profile: str) -> dict[str, Any]:
    sector_rate, group_rate = PROFILES[profile]
    when: dict[str, Any] = {}
    traveller: dict[str, Any] = {}
    if rng.random() < sector_rate:
        traveller["sectors"] = rng.sample(SECTORS, rng.randint(1, 2))
    if rng.random() < 0.3:
        traveller["roles"] = rng.sample(ROLES, rng.randint(1, 2))
    if rng.random() < 0.3:
        traveller["min_sensitivity"] = rng.randint(1, 3)
    if traveller:
        when["traveller"] = traveller
    if rng.random() < 0.9:
        destinations: dict[str, Any] = {}
        if rng.random() < 0.6:
            destinations["countries"] = rng.sample(COUNTRIES, rng.randint(1, 4))
        if rng.random() < group_rate or not destinations:
            destinations["groups"] = rng.sample(GROUPS, rng.randint(1, 2))
        if rng.random() < 0.2:
            destinations["exclude_countries"] = rng.sample(COUNTRIES, 1)
        destinations["include_transit"] = rng.random() < 0.5
        when["destinations"] = destinations
    if rng.random() < 0.15:
        when["purposes"] = rng.sample(PURPOSES, 2)
    if rng.random() < 0.1:
        when["devices"] = {"sensitive_data": True}
    if rng.random() < 0.1:
        when["min_days"] = rng.randint(2, 10)
    if rng.random() < 0.05:
        when["organisations"] = [rng.choice(ORG_PATHS)[-1]]
    then: dict[str, Any] = {"advisory": rng.choice(ADVISORIES)}
    if rng.random() < 0.7:
        then["declare_days_before"] = rng.choice([3, 7, 14, 21, 30])
    if rng.random() < 0.5:
        then["approval"] = rng.sample(["manager", "security_officer"], rng.randint(1, 2))
    if rng.random() < 0.4:
        then["briefing"] = f"briefing-{rng.randint(1, 8)}"
    if rng.random() < 0.4:
        then["devices"] = rng.choice(DEVICE_POLICIES)
    if rng.random() < 0.3:
        then["check_in_every_hours"] = rng.choice([12, 24, 48, 72])
    if rng.random() < 0.4:
        then["debrief_within_days"] = rng.choice([3, 7, 14])
    if rng.random() < 0.2:
        then["notify"] = ["security_officer"]
    rule: dict[str, Any] = {
        "id": f"rule-{index}",
        "then": then,
        "rationale": {"en": f"Synthetic rule {index}."},
    }
    if when:
        rule["when"] = when
    return rule


def synthetic_guidances(rng: random.Random, documents: int, rules: int, profile: str) -> list[Guidance]:
    groups = load_country_groups()
    out = []
    for number in range(documents):
        document = {
            "id": f"guidance-{number:02d}",
            "version": rng.randint(1, 4),
            "issuer": rng.choice(ISSUERS),
            "status": "published",
            "effective_from": "2025-01-01",
            "title": {"en": f"Synthetic guidance {number}"},
            "rules": [synthetic_rule(rng, index, profile) for index in range(rules)],
        }
        text = yaml.safe_dump(document, sort_keys=False)
        out.append(parse_guidance(text, source_name=f"synthetic-{number}.yaml", groups=groups))
    return out


def synthetic_trip(rng: random.Random) -> TripFacts:
    home = rng.choice(["CN", "CN", "DE", "US", "JP"])
    route = [home, *rng.sample([c for c in AIRPORTS if c != home], rng.randint(1, 3)), home]
    moment = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC) + dt.timedelta(days=rng.randint(0, 200))
    legs = []
    stays = []
    for origin, destination in itertools.pairwise(route):
        codes = rng.choice(AIRPORTS[origin]), rng.choice(AIRPORTS[destination])
        zones = [ZoneInfo(airport.tz) for airport in map(airport_lookup, codes) if airport]
        arrive = moment + dt.timedelta(hours=rng.randint(2, 14))
        legs.append(
            {
                "mode": "air",
                "from": codes[0],
                "to": codes[1],
                "depart": moment.astimezone(zones[0]).replace(tzinfo=None).isoformat(timespec="minutes"),
                "arrive": arrive.astimezone(zones[1]).replace(tzinfo=None).isoformat(timespec="minutes"),
            }
        )
        ground = rng.choice([2, 5, 20, 30, 72, 120])
        moment = arrive + dt.timedelta(hours=ground)
        if destination != home and ground > 24 and rng.random() < 0.5:
            local = arrive.astimezone(zones[1]).date()
            stays.append(
                {
                    "city": "City",
                    "country": destination,
                    "from": local.isoformat(),
                    "to": (local + dt.timedelta(days=ground // 24)).isoformat(),
                }
            )
    path = rng.choice(ORG_PATHS)
    data = {
        "traveller": {
            "sectors": rng.sample(SECTORS, rng.randint(1, 2)),
            "role": rng.choice(ROLES),
            "sensitivity": rng.randint(1, 3),
            "organisation_path": path,
        },
        "purpose": rng.choice(PURPOSES),
        "declared_on": (dt.date(2026, 3, 1) - dt.timedelta(days=rng.randint(0, 40))).isoformat(),
        "legs": legs,
        "stays": stays,
        "devices": [{"kind": "laptop", "owner": "organisation", "sensitive_data": rng.random() < 0.3}],
    }
    return trip_facts_from_json(data)


def machine_info() -> str:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    python = f"{platform.python_version()} ({platform.python_implementation()})"
    return f"python {python}, nproc {usable}, cpu {model}, load average {load} at start"


def measure(profile: str, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    started = time.perf_counter()
    guidances = synthetic_guidances(rng, 50, 20, profile)
    parsed = time.perf_counter()
    trips = [synthetic_trip(rng) for _ in range(args.trips)]
    built = time.perf_counter()
    rules = compile_rules(guidances)
    compiled = time.perf_counter()
    on = dt.date(2026, 2, 1)

    matched = 0
    for facts in trips:  # warm-up (per-date and per-device caches) and the matches-per-trip figure
        matched += len(assess(facts, rules, on=on).reasons)

    def rate(target: Any, *, explained: bool = False) -> float:
        count = args.assessments
        begin = time.perf_counter()
        for index in range(count):
            result = assess(trips[index % len(trips)], target, on=on)
            if explained:
                result.reasons  # noqa: B018 - builds contributors, matched rules and reasons
        return count / (time.perf_counter() - begin)

    compiled_rate, list_rate, explained_rate = rate(rules), rate(guidances), rate(rules, explained=True)
    print(
        f"policy engine [{profile}]: {compiled_rate:,.0f} assessments/s (compiled RuleSet), "
        f"{list_rate:,.0f}/s (assess(facts, guidances), cached compile), "
        f"{explained_rate:,.0f}/s with reasons built; "
        f"{len(rules.rules)} rules in 50 guidances, {matched / len(trips):.1f} matching rules per trip, "
        f"{len(trips)} trips, {args.assessments:,} assessments each; parse {parsed - started:.2f}s, "
        f"trip facts {(built - parsed) / len(trips) * 1e6:.0f} us/trip, compile {compiled - built:.2f}s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assessments", type=int, default=50_000)
    parser.add_argument("--trips", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20260301)
    parser.add_argument("--profile", choices=[*PROFILES, "all"], default="all")
    args = parser.parse_args()
    machine = machine_info()
    for profile in PROFILES if args.profile == "all" else [args.profile]:
        measure(profile, args)
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
