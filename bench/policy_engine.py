"""Benchmark of the pure policy engine: assessments per second on one core.

Loads 50 guidance documents of 20 rules each, written like real guidance (YAML parsed by
``parse_guidance``): authorities, companies and a university in two regions advising people in
sensitive sectors and roles about destination countries and country groups, with and without
transits, about devices and data carried, purposes, organisations and trip length. It then
assesses a few thousand varied trips (direct, via hubs, multi-city, with rail and road legs;
flight times from great-circle distances; local times in each airport's zone) against all of them.

Figures (CPU time of this process, pinned to one core; wall-clock rates in brackets):

- **decision**: ``assess(facts, rules, on=…)`` and read advisory, obligation values and countries,
  which is what simulations and re-assessment after a guidance change use. Target ≥ 20,000/s.
- **explained**: the same plus the full explanation: every matched rule with the facts that
  matched it (``reasons``), and the rules behind each obligation.
- **explained, one rule at a time**: the explanation built by the per-rule reference
  (:func:`waypost.policy.engine.reasons.rule_facts`), as a baseline run in the same process.
- **compile**: ``compile_rules`` over the 1,000 rules (country groups resolved, bitmasks built).

Run: ``cd /work/main && .venv/bin/python bench/policy_engine.py [--quick] [--trips N]
[--assessments N] [--seed S]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from waypost.geo.airports import airport_lookup
from waypost.geo.groups import load_country_groups
from waypost.policy.engine import (
    Assessment,
    EntryKind,
    Guidance,
    Reason,
    RuleSet,
    TripFacts,
    assess,
    compile_rules,
    parse_guidance,
    trip_facts_from_json,
)
from waypost.policy.engine.facts import country_time_zone
from waypost.policy.engine.reasons import rule_facts

ON = dt.date(2026, 2, 1)

# -- the world: two regions, their organisation trees and where their people fly -----------------

SECTORS = ["ai", "robotics", "semiconductors", "quantum", "biotech", "aerospace", "cyber", "materials"]
ROLES = ["executive", "senior-researcher", "researcher", "engineer", "staff"]
ROLE_WEIGHTS = [10, 20, 25, 30, 15]
PURPOSES = ["conference", "research-visit", "negotiation", "customer-visit", "training", "holiday"]
PURPOSE_WEIGHTS = [40, 15, 10, 15, 10, 10]


def _weighted(text: str) -> list[tuple[str, int]]:
    """``"SFO:6 LAX:3"`` → ``[("SFO", 6), ("LAX", 3)]``."""
    return [(code, int(weight)) for code, weight in (item.split(":") for item in text.split())]


@dataclass(frozen=True)
class Region:
    """Organisations of one region, their homes, and the places their guidance worries about."""

    paths: list[list[str]]
    issuers: list[tuple[str, int]]
    sectors: list[str]
    homes: list[str]
    destinations: list[tuple[str, int]]
    hubs: list[str]
    countries: list[str]
    groups: list[str]
    home_bloc: list[str]


EAST = Region(
    paths=[
        ["east-tech-office", "lumen-ai", "lumen-foundation-models"],
        ["east-tech-office", "lumen-ai", "lumen-safety"],
        ["east-tech-office", "silicon-harbor", "silicon-harbor-design"],
        ["east-tech-office", "silicon-harbor", "silicon-harbor-process"],
        ["east-tech-office", "orbit-aerospace", "orbit-guidance"],
    ],
    issuers=_weighted(
        "east-tech-office:8 lumen-ai:4 silicon-harbor:4 orbit-aerospace:3 "
        "lumen-foundation-models:1 silicon-harbor-design:1"
    ),
    sectors=["ai", "robotics", "semiconductors", "aerospace", "materials", "quantum"],
    homes=["PEK", "PVG", "SZX", "CAN", "CTU"],
    destinations=_weighted(
        "SFO:6 LAX:3 JFK:4 SEA:2 BOS:2 IAD:1 YVR:2 YYZ:2 NRT:4 HND:3 KIX:2 ICN:4 SIN:5 BKK:3 "
        "KUL:2 HKG:4 DXB:3 FRA:3 MUC:2 CDG:3 LHR:3 AMS:2 ZRH:2 SYD:2 MEL:1 MEX:1 GRU:1 TLV:1 "
        "DEL:1 SVO:2 IST:1 HAN:1"
    ),
    hubs=["ICN", "NRT", "HKG", "DOH", "DXB", "IST", "FRA", "AMS", "HEL", "YVR", "SIN", "ANC"],
    countries=["US", "JP", "KR", "GB", "CA", "AU", "IL", "TW", "DE", "FR", "NL", "IN", "PH"],
    groups=["us-allies", "five-eyes", "nato", "us-treaty-allies", "us-mnna", "eu"],
    home_bloc=["CN", "HK", "MO"],
)

WEST = Region(
    paths=[
        ["rhine-security-council", "kinetic-robotics", "kinetic-autonomy"],
        ["rhine-security-council", "kinetic-robotics", "kinetic-manipulation"],
        ["rhine-security-council", "northbridge-uni", "northbridge-cs"],
        ["rhine-security-council", "northbridge-uni", "northbridge-physics"],
        ["rhine-security-council", "helix-bio", "helix-research"],
    ],
    issuers=_weighted(
        "rhine-security-council:8 kinetic-robotics:4 northbridge-uni:5 helix-bio:3 "
        "northbridge-cs:1 kinetic-autonomy:1"
    ),
    sectors=["robotics", "ai", "quantum", "biotech", "cyber", "semiconductors"],
    homes=["FRA", "MUC", "BER", "DUS", "HAM", "STR"],
    destinations=_weighted(
        "PEK:4 PVG:4 SZX:2 HKG:3 TPE:2 NRT:3 ICN:2 SIN:3 BLR:2 DEL:1 SFO:5 JFK:4 BOS:3 YYZ:2 "
        "TLV:2 DXB:2 IST:2 ALA:1 THR:1 JNB:1 CAI:1 GRU:1 LHR:3 CDG:2 VIE:2 WAW:2 MAD:1 SVO:1 "
        "CGK:1 MNL:1 AKL:1"
    ),
    hubs=["DXB", "DOH", "IST", "AMS", "CDG", "LHR", "HEL", "FRA", "SIN", "HKG", "ZRH"],
    countries=["CN", "RU", "IR", "HK", "MO", "BY", "KP", "TW", "IL", "TR", "AE", "IN", "KZ"],
    groups=["countries-of-concern", "ear-d1", "ear-d5", "ear-e1", "ofac-comprehensive"],
    home_bloc=["DE", "FR", "NL", "AT", "BE", "IT", "ES", "PL", "SE", "DK", "CZ"],
)

#: Rail and road excursions from an arrival airport: (mode, city, country, tz or None, hours).
EXCURSIONS = {
    "FRA": [("rail", "Strasbourg", "FR", None, 2.5), ("rail", "Basel", "CH", None, 3.0)],
    "CDG": [("rail", "Brussels", "BE", None, 1.5), ("rail", "London", "GB", None, 2.5)],
    "AMS": [("rail", "Antwerp", "BE", None, 1.2), ("rail", "Cologne", "DE", None, 2.7)],
    "MUC": [("rail", "Salzburg", "AT", None, 1.5)],
    "ZRH": [("rail", "Milan", "IT", None, 3.3)],
    "VIE": [("rail", "Bratislava", "SK", None, 1.0), ("rail", "Budapest", "HU", None, 2.7)],
    "YVR": [("road", "Seattle", "US", "America/Los_Angeles", 3.0)],
    "SFO": [("road", "Tijuana", "MX", "America/Tijuana", 9.0)],
    "HKG": [("rail", "Shenzhen", "CN", "Asia/Shanghai", 0.5), ("sea", "Macau", "MO", None, 1.0)],
    "SIN": [("road", "Johor Bahru", "MY", None, 1.0)],
    "DXB": [("road", "Abu Dhabi", "AE", None, 1.5)],
}

ADVISORY_ORDER = ["none", "caution", "advised_against", "not_permitted"]

# -- guidance ------------------------------------------------------------------------------------------


def _destinations(rng: random.Random, region: Region, *, transit: float) -> dict[str, Any]:
    """Countries and/or groups the region's guidance worries about."""
    dest: dict[str, Any] = {}
    shape = rng.random()
    if shape < 0.35:
        dest["groups"] = rng.sample(region.groups, rng.randint(1, 2))
    elif shape < 0.65:
        dest["countries"] = sorted(rng.sample(region.countries, rng.randint(1, 4)))
    else:
        dest["countries"] = sorted(rng.sample(region.countries, rng.randint(1, 2)))
        dest["groups"] = rng.sample(region.groups, 1)
    if rng.random() < 0.1:
        dest["exclude_countries"] = sorted(rng.sample(region.countries, 1))
    dest["include_transit"] = rng.random() < transit
    return dest


def _sectors(rng: random.Random, region: Region) -> list[str]:
    return sorted(rng.sample(region.sectors, rng.choice([1, 1, 2, 2, 3])))


def _then(rng: random.Random, level: str) -> dict[str, Any]:
    """Obligations that grow with the advisory level, as authors write them."""
    strict = ADVISORY_ORDER.index(level)
    then: dict[str, Any] = {"advisory": level}
    then["declare_days_before"] = rng.choice([[3, 7], [7, 14], [14, 21], [21, 30]][strict])
    if strict >= 1 or rng.random() < 0.3:
        then["approval"] = ["manager", "security_officer"][: 1 + (strict >= 2)]
    if strict >= 1:
        then["briefing"] = rng.choice(["high-risk-destinations", "countries-of-concern", "transit-risk"])
    if strict >= 2 or rng.random() < 0.3:
        then["devices"] = ["organisation_device_required", "clean_device_required", "no_devices"][
            min(2, max(0, strict - 1 + (rng.random() < 0.1)))
        ]
    if strict >= 2:
        then["check_in_every_hours"] = rng.choice([24, 48, 72])
    then["debrief_within_days"] = rng.choice([[30, 14], [14, 14], [7, 14], [3, 7]][strict])
    if strict >= 2 and rng.random() < 0.5:
        then["debrief_form"] = "extended"
    if strict >= 2 and rng.random() < 0.5:
        then["notify"] = ["security_officer"]
    return then


def realistic_rule(rng: random.Random, region: Region, issuer_path: list[str], index: int) -> dict[str, Any]:
    """One rule from a mixture of the kinds real guidance contains."""
    kind = rng.choices(
        [
            "leaders",
            "staff",
            "sensitivity",
            "data",
            "personal-devices",
            "long",
            "short",
            "purpose",
            "airports",
            "unit",
            "register",
        ],
        weights=[18, 16, 10, 8, 6, 6, 4, 8, 4, 6, 6],
    )[0]
    when: dict[str, Any] = {}
    if kind == "leaders":
        when["traveller"] = {"sectors": _sectors(rng, region), "roles": ["executive", "senior-researcher"]}
        when["destinations"] = _destinations(rng, region, transit=0.8)
        then = _then(rng, rng.choices(["advised_against", "not_permitted"], weights=[9, 1])[0])
    elif kind == "staff":
        when["traveller"] = {"sectors": _sectors(rng, region)}
        when["destinations"] = _destinations(rng, region, transit=0.4)
        then = _then(rng, "caution")
    elif kind == "sensitivity":
        when["traveller"] = {"min_sensitivity": rng.choice([2, 3])}
        when["destinations"] = _destinations(rng, region, transit=0.6)
        then = _then(rng, rng.choice(["caution", "advised_against"]))
    elif kind == "data":
        when["devices"] = {"sensitive_data": True, **({"kinds": ["laptop"]} if rng.random() < 0.3 else {})}
        when["destinations"] = {"exclude_countries": sorted(region.home_bloc), "include_transit": True}
        then = {"advisory": "caution", "devices": "clean_device_required", "approval": "security_officer"}
    elif kind == "personal-devices":
        when["devices"] = {"owners": "personal", "kinds": ["laptop", "phone"]}
        when["destinations"] = _destinations(rng, region, transit=0.5)
        then = {"devices": "organisation_device_required", "briefing": "devices-abroad"}
    elif kind == "long":
        when["min_days"] = rng.choice([14, 21, 30, 60])
        if rng.random() < 0.5:
            when["destinations"] = _destinations(rng, region, transit=0.0)
        then = {"check_in_every_hours": 168, "debrief_form": "long-stay", "debrief_within_days": 14}
    elif kind == "short":
        when["max_days"] = rng.choice([2, 3])
        when["destinations"] = {
            "countries": sorted(rng.sample(region.home_bloc, min(3, len(region.home_bloc))))
        }
        then = {"advisory": "none", "declare_days_before": 1}
    elif kind == "purpose":
        when["purposes"] = rng.sample(["negotiation", "research-visit", "customer-visit"], rng.randint(1, 2))
        when["destinations"] = _destinations(rng, region, transit=0.3)
        if rng.random() < 0.5:
            when["traveller"] = {"sectors": _sectors(rng, region)}
        then = {"approval": ["security_officer"], "briefing": "negotiations-abroad", "advisory": "caution"}
    elif kind == "airports":
        when["destinations"] = {"airports": sorted(rng.sample(region.hubs, 2)), "include_transit": True}
        then = {"advisory": "caution", "briefing": "transit-risk"}
    elif kind == "unit":
        when["organisations"] = [issuer_path[-1]] if len(issuer_path) > 1 else [rng.choice(region.paths)[-1]]
        when["traveller"] = {"roles": rng.sample(ROLES[:3], 2)}
        when["destinations"] = _destinations(rng, region, transit=0.5)
        then = _then(rng, rng.choice(["caution", "advised_against"]))
    else:  # register: all travel abroad is declared and debriefed
        when["destinations"] = {"exclude_countries": sorted(region.home_bloc)}
        then = {"declare_days_before": 7, "debrief_within_days": 30}
    return {
        "id": f"{kind}-{index}",
        "title": {"en": f"{kind.replace('-', ' ').capitalize()} rule {index}"},
        "when": when,
        "then": then,
        "rationale": {"en": f"Rationale of {kind} rule {index}.", "de": f"Begründung {index}."},
    }


def realistic_guidances(rng: random.Random, documents: int = 50, rules: int = 20) -> list[Guidance]:
    groups = load_country_groups()
    out = []
    for number in range(documents):
        region = EAST if number % 2 == 0 else WEST
        issuer = rng.choices([i for i, _ in region.issuers], weights=[w for _, w in region.issuers])[0]
        issuer_path = next(p[: p.index(issuer) + 1] for p in region.paths if issuer in p)
        document = {
            "id": f"guidance-{number:02d}",
            "version": rng.randint(1, 4),
            "issuer": issuer,
            "status": "published",
            "effective_from": (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 360))).isoformat(),
            "title": {"en": f"Guidance {number}", "de": f"Leitlinie {number}", "zh-hans": f"指引 {number}"},
            "rules": [realistic_rule(rng, region, issuer_path, index) for index in range(rules)],
        }
        if rng.random() < 0.2:
            document["effective_to"] = "2026-12-31"
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        out.append(parse_guidance(text, source_name=f"guidance-{number:02d}.yaml", groups=groups))
    return out


# -- trips ---------------------------------------------------------------------------------------------


def _flight_hours(origin: str, destination: str) -> float:
    la, lb = _coordinates[origin], _coordinates[destination]
    lat1, lon1, lat2, lon2 = map(math.radians, (*la, *lb))
    angle = math.acos(
        min(1.0, math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(lon2 - lon1))
    )
    return 0.75 + 6371 * angle / 830


_coordinates: dict[str, tuple[float, float]] = {}


def _load_coordinates() -> None:
    import airportsdata

    table = airportsdata.load("IATA")
    for region in (EAST, WEST):
        for code in [*region.homes, *region.hubs, *(c for c, _ in region.destinations)]:
            _coordinates[code] = (float(table[code]["lat"]), float(table[code]["lon"]))


def _local(moment: dt.datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).replace(tzinfo=None).isoformat(timespec="minutes")


def _tz(place: str | dict[str, Any]) -> str:
    if isinstance(place, str):
        airport = airport_lookup(place)
        assert airport is not None
        return airport.tz
    return str(place.get("tz") or country_time_zone(place["country"]))


def _country(place: str | dict[str, Any]) -> str:
    if isinstance(place, dict):
        return str(place["country"])
    airport = airport_lookup(place)
    assert airport is not None
    return airport.country


def _city(place: str | dict[str, Any]) -> str:
    if isinstance(place, dict):
        return str(place["city"])
    airport = airport_lookup(place)
    assert airport is not None
    return airport.city


def realistic_trip(rng: random.Random) -> dict[str, Any]:
    """A trip JSON: direct, via hubs, multi-city, sometimes with a rail, road or ferry excursion."""
    region = rng.choice([EAST, WEST])
    home = rng.choice(region.homes)
    places = [code for code, _ in region.destinations]
    weights = [weight for _, weight in region.destinations]
    targets: list[str] = []
    for _ in range(rng.choices([1, 2, 3], weights=[70, 22, 8])[0]):
        pick = rng.choices(places, weights=weights)[0]
        if pick not in targets and _country(pick) != _country(home):
            targets.append(pick)
    targets = targets or ["SIN"]

    # Hops: (mode, where to, hours on the way, what the stop there is: transit, overnight or stay).
    hops: list[tuple[str, str | dict[str, Any], float, str]] = []
    here: str | dict[str, Any] = home
    for target in [*targets, home]:
        if rng.random() < 0.4:
            hub = rng.choice(region.hubs)
            if hub not in (here, target):
                assert isinstance(here, str)
                stop = rng.choices(["transit", "overnight"], weights=[9, 1])[0]
                hops.append(("air", hub, _flight_hours(here, hub), stop))
                here = hub
        assert isinstance(here, str)
        hops.append(("air", target, _flight_hours(here, target), "stay"))
        here = target
        if target != home and target in EXCURSIONS and rng.random() < 0.25:
            mode, city, country, tz, hours = rng.choice(EXCURSIONS[target])
            away = {"city": city, "country": country, **({"tz": tz} if tz else {})}
            hops.append((mode, away, hours, "stay"))
            hops.append((mode, target, hours, "transit"))

    legs: list[dict[str, Any]] = []
    stays: list[dict[str, Any]] = []
    moment = dt.datetime(2026, 2, 15, tzinfo=dt.UTC) + dt.timedelta(
        days=rng.randint(0, 240), hours=rng.randint(0, 23)
    )
    origin: str | dict[str, Any] = home
    for index, (mode, destination, hours, stop) in enumerate(hops):
        arrive = moment + dt.timedelta(hours=hours * rng.uniform(0.95, 1.1))
        leg: dict[str, Any] = {
            "mode": mode,
            "from": origin,
            "to": destination,
            "depart": _local(moment, _tz(origin)),
            "arrive": _local(arrive, _tz(destination)),
        }
        if mode == "air":
            leg["flight"] = (
                f"{rng.choice(['CA', 'MU', 'LH', 'UA', 'EK', 'QR', 'TK', 'KE', 'AC'])}{rng.randint(10, 999)}"
            )
        legs.append(leg)
        origin = destination
        if index == len(hops) - 1:
            break
        if stop == "transit":
            ground = dt.timedelta(hours=rng.uniform(1.2, 10))
        elif stop == "overnight":
            ground = dt.timedelta(hours=rng.uniform(24.5, 30))
        else:
            days = rng.choice([1, 2, 3, 3, 4, 5, 5, 6, 7, 9, 12, 20, 35])
            ground = dt.timedelta(days=days, hours=rng.uniform(-6, 6))
        leave = arrive + ground
        if stop != "transit" and rng.random() < 0.75:
            zone = ZoneInfo(_tz(destination))
            stays.append(
                {
                    "city": _city(destination),
                    "country": _country(destination),
                    "from": arrive.astimezone(zone).date().isoformat(),
                    "to": leave.astimezone(zone).date().isoformat(),
                }
            )
        moment = leave

    first_departure = dt.date.fromisoformat(legs[0]["depart"][:10])
    devices = []
    if rng.random() < 0.9:
        devices.append({"kind": "laptop", "owner": "organisation", "sensitive_data": rng.random() < 0.25})
        devices.append(
            {"kind": "phone", "owner": rng.choice(["personal", "organisation"]), "sensitive_data": False}
        )
        if rng.random() < 0.2:
            devices.append({"kind": "tablet", "owner": "personal", "sensitive_data": rng.random() < 0.3})
    return {
        "traveller": {
            "sectors": sorted(rng.sample(region.sectors, rng.choice([1, 1, 2]))),
            "role": rng.choices(ROLES, weights=ROLE_WEIGHTS)[0],
            "sensitivity": rng.choices([1, 2, 3], weights=[50, 35, 15])[0],
            "organisation_path": rng.choice(region.paths),
        },
        "purpose": rng.choices(PURPOSES, weights=PURPOSE_WEIGHTS)[0],
        "declared_on": (first_departure - dt.timedelta(days=rng.randint(1, 45))).isoformat(),
        "legs": legs,
        "stays": stays,
        "devices": devices,
    }


# -- measuring -----------------------------------------------------------------------------------------


class ReferenceRuleSet(RuleSet):
    """The same compiled rules, explained one rule at a time by the reference implementation."""

    def reasons(self, facts: TripFacts, mask: int, order: list[int] | None = None) -> tuple[Reason, ...]:
        return tuple(
            Reason(compiled.ref, rule_facts(self, compiled, facts), compiled.rule.rationale)
            for compiled in self.compiled_rules(mask)
        )


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[-1]})
    return f"pinned to core {cores[-1]} of {len(cores)}"


def machine_info() -> str:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    python = f"{platform.python_version()} ({platform.python_implementation()})"
    return f"cpu {model}; python {python}; os.cpu_count {os.cpu_count()}; load average {load} at start"


def rate(count: int, trips: Sequence[TripFacts], run: Callable[[TripFacts], object]) -> tuple[float, float]:
    """(assessments per CPU second, per wall second) of ``run`` over ``count`` assessments."""
    cpu, wall = time.process_time(), time.perf_counter()
    for index in range(count):
        run(trips[index % len(trips)])
    return count / (time.process_time() - cpu), count / (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="300 trips, 3,000 assessments (a smoke run)")
    parser.add_argument("--trips", type=int, default=None, help="trips generated (default 3,000)")
    parser.add_argument("--assessments", type=int, default=None, help="per figure (default 30,000)")
    parser.add_argument("--seed", type=int, default=20260301)
    args = parser.parse_args()
    trips_wanted = args.trips or (300 if args.quick else 3000)
    count = args.assessments or (3000 if args.quick else 30_000)

    pinned = pin_to_one_core()
    print(f"machine: {machine_info()}; {pinned}", flush=True)
    _load_coordinates()
    rng = random.Random(args.seed)

    began = time.perf_counter()
    guidances = realistic_guidances(rng)
    parsed = time.perf_counter()
    documents = [realistic_trip(rng) for _ in range(trips_wanted)]
    generated = time.perf_counter()
    trips = [trip_facts_from_json(document) for document in documents]
    built = time.perf_counter()
    compile_times = []
    for _ in range(5):
        start = time.perf_counter()
        rules = compile_rules(guidances)
        compile_times.append(time.perf_counter() - start)
    reference = ReferenceRuleSet(rules.guidances, groups=rules.groups, drafts=rules.drafts)

    # Warm-up (per-date and per-device caches) and a check that both explanations agree.
    matched = []
    for index, facts in enumerate(trips):
        result = assess(facts, rules, on=ON)
        matched.append(len(result.matched_rules))
        if index < 500:
            assert result.reasons == assess(facts, reference, on=ON).reasons, index
    entries = [len(t.itinerary.entries) for t in trips]
    transits = sum(e.how is EntryKind.TRANSIT for t in trips for e in t.itinerary.entries)
    legs = statistics.mean(len(document["legs"]) for document in documents)
    in_transit = transits / max(1, sum(entries))
    print(
        f"workload: {len(rules.rules)} rules in {len(guidances)} guidance documents "
        f"(parsed in {parsed - began:.2f} s); {len(trips)} trips with {legs:.1f} legs, "
        f"{statistics.mean(entries):.1f} countries entered ({in_transit:.0%} in transit) "
        f"and {statistics.mean(matched):.1f} matching rules on average (max {max(matched)}); trip facts "
        f"{(built - generated) / len(trips) * 1e6:.0f} us/trip; {count:,} assessments per figure",
        flush=True,
    )

    def decision(facts: TripFacts) -> object:
        result = assess(facts, rules, on=ON)
        return result.advisory, result.values, result.countries

    def explained(facts: TripFacts) -> Assessment:
        result = assess(facts, rules, on=ON)
        result.reasons  # noqa: B018 - builds reasons, matched rules and each obligation's rules
        return result

    def explained_by_reference(facts: TripFacts) -> Assessment:
        result = assess(facts, reference, on=ON)
        result.reasons  # noqa: B018
        return result

    def stored(facts: TripFacts) -> object:
        return assess(facts, rules, on=ON).to_json()

    cpu_a, wall_a = rate(count, trips, decision)
    print(
        f"policy_engine decision: {cpu_a:,.0f} assessments/s (wall {wall_a:,.0f}/s); target 20,000/s",
        flush=True,
    )
    cpu_b, wall_b = rate(count, trips, explained)
    print(
        f"policy_engine explained: {cpu_b:,.0f} assessments/s (wall {wall_b:,.0f}/s); "
        f"{cpu_a / cpu_b:.1f}x the cost of the decision alone",
        flush=True,
    )
    cpu_r, wall_r = rate(max(1, count // 5), trips, explained_by_reference)
    print(
        f"policy_engine explained, one rule at a time (reference, same process): {cpu_r:,.0f} assessments/s "
        f"(wall {wall_r:,.0f}/s); explained is {cpu_b / cpu_r:.1f}x the reference",
        flush=True,
    )
    cpu_j, wall_j = rate(max(1, count // 5), trips, stored)
    print(
        f"policy_engine explained + to_json(): {cpu_j:,.0f} assessments/s (wall {wall_j:,.0f}/s)", flush=True
    )
    print(
        f"policy_engine compile: {min(compile_times) * 1000:.0f} ms for {len(rules.rules)} rules "
        f"(best of 5; median {statistics.median(compile_times) * 1000:.0f} ms)",
        flush=True,
    )


if __name__ == "__main__":
    main()
