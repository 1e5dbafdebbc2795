"""Reasons: explaining all matched rules at once gives the same facts as the one-rule reference."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from waypost.geo.airports import airport_lookup
from waypost.policy.engine import TripFacts, assess, compile_rules, trip_facts_from_json
from waypost.policy.engine.reasons import ANY_TRIP, rule_facts
from waypost.policy.engine.tests.factories import guidance, trip_json

ON = dt.date(2026, 2, 1)
AIRPORTS = ["PEK", "NRT", "ICN", "SFO", "JFK", "YVR", "FRA", "CDG", "LHR", "DXB", "SIN", "MEX", "IST"]
COUNTRIES = ["US", "CA", "JP", "KR", "DE", "FR", "GB", "AE", "SG", "MX", "TR", "CN"]
GROUPS = ["nato", "eu", "five-eyes", "us-allies", "us-mnna", "countries-of-concern", "ear-d1"]


def random_when(rng: random.Random) -> dict[str, Any]:
    when: dict[str, Any] = {}
    traveller: dict[str, Any] = {}
    if rng.random() < 0.5:
        traveller["sectors"] = rng.sample(["ai", "robotics", "quantum"], rng.randint(1, 2))
    if rng.random() < 0.3:
        traveller["roles"] = ["executive", "engineer"]
    if rng.random() < 0.3:
        traveller["min_sensitivity"] = rng.randint(1, 2)
    if traveller or rng.random() < 0.05:
        when["traveller"] = traveller
    if rng.random() < 0.8:
        dest: dict[str, Any] = {"include_transit": rng.random() < 0.5}
        shape = rng.random()
        if shape < 0.3:
            dest["countries"] = rng.sample(COUNTRIES, rng.randint(1, 3))
        elif shape < 0.6:
            dest["groups"] = rng.sample(GROUPS, rng.randint(1, 2))
        elif shape < 0.75:
            dest["countries"] = rng.sample(COUNTRIES, 2)
            dest["groups"] = rng.sample(GROUPS, 2)
            dest["airports"] = rng.sample(AIRPORTS, 2)
        elif shape < 0.85:
            dest["airports"] = rng.sample(AIRPORTS, 3)
        if rng.random() < 0.3:
            dest["exclude_countries"] = rng.sample(COUNTRIES, 2)
        when["destinations"] = dest
    if rng.random() < 0.15:
        when["organisations"] = ["acme", "national-authority"][rng.randint(0, 1) :]
    if rng.random() < 0.15:
        when["purposes"] = ["conference", "negotiation"]
    if rng.random() < 0.2:
        devices: dict[str, Any] = {}
        if rng.random() < 0.5:
            devices["kinds"] = ["laptop"]
        if rng.random() < 0.5:
            devices["owners"] = ["personal"]
        if rng.random() < 0.5 or not devices:
            devices["sensitive_data"] = rng.random() < 0.7
        when["devices"] = devices
    if rng.random() < 0.15:
        when["min_days"] = rng.randint(1, 6)
    return when


def random_trip(rng: random.Random) -> TripFacts:
    route = ["PEK", *rng.sample(AIRPORTS[1:], rng.randint(1, 4)), "PEK"]
    moment = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    legs = []
    for origin, destination in itertools.pairwise(route):
        arrive = moment + dt.timedelta(hours=rng.randint(2, 12))
        legs.append({"from": origin, "to": destination, "depart": moment, "arrive": arrive})
        moment = arrive + dt.timedelta(hours=rng.choice([2, 6, 30, 80]))
    data = trip_json(
        legs=legs,
        stays=[],
        devices=[
            {"kind": "phone", "owner": "personal", "sensitive_data": rng.random() < 0.5},
            {
                "kind": "laptop",
                "owner": rng.choice(["personal", "organisation"]),
                "sensitive_data": rng.random() < 0.5,
            },
        ],
        sectors=rng.sample(["ai", "robotics", "quantum"], rng.randint(1, 2)),
        sensitivity=rng.randint(1, 3),
    )
    data["purpose"] = rng.choice(["conference", "negotiation", "holiday"])
    for leg in data["legs"]:
        for key, code in (("depart", leg["from"]), ("arrive", leg["to"])):
            airport = airport_lookup(code)
            assert airport is not None
            leg[key] = (
                leg[key].astimezone(ZoneInfo(airport.tz)).replace(tzinfo=None).isoformat(timespec="minutes")
            )
    return trip_facts_from_json(data)


@pytest.mark.parametrize("seed", range(6))
def test_explaining_all_rules_at_once_agrees_with_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    rules = [{"id": f"r{i}", "when": random_when(rng), "then": {"advisory": "caution"}} for i in range(150)]
    compiled = compile_rules([guidance(rules)])
    explained = 0
    for _ in range(40):
        facts = random_trip(rng)
        result = assess(facts, compiled, on=ON)
        by_ref = {rule.ref: rule for rule in compiled.rules}
        assert [reason.ref for reason in result.reasons] == list(result.matched_rules)
        for reason in result.reasons:
            expected = rule_facts(compiled, by_ref[reason.ref], facts)
            assert reason.facts == expected, (reason.ref, facts.itinerary.entries)
            explained += 1
    assert explained > 500  # the random rules really match


def test_a_rule_without_when_is_explained_as_applying_to_every_trip() -> None:
    result = assess(
        trip_facts_from_json(trip_json()), [guidance([{"id": "all", "then": {"advisory": "caution"}}])], on=ON
    )
    assert result.reasons[0].facts == (ANY_TRIP,)


def test_reasons_built_fast_are_ordinary_frozen_reasons() -> None:
    from dataclasses import FrozenInstanceError

    from waypost.policy.engine import Issue, Reason, RuleRef
    from waypost.policy.engine._frozen import builder

    ref = RuleRef("g", 1, "r")
    built = builder(Reason)(ref, (ANY_TRIP,), {"en": "Why."})
    assert built == Reason(ref, (ANY_TRIP,), {"en": "Why."})
    assert repr(built) == repr(Reason(ref, (ANY_TRIP,), {"en": "Why."}))
    with pytest.raises(FrozenInstanceError):
        built.ref = ref  # type: ignore[misc]
    with pytest.raises(TypeError, match="three fields"):
        builder(Issue)
