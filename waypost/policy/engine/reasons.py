"""Explaining matched rules: the facts of the trip that satisfied each facet of each rule.

Two implementations of one definition, as for combining obligations (:mod:`.obligations`):

- :func:`rule_facts` explains **one rule**, facet by facet. It is the readable reference.
- :func:`explain` explains **all matched rules of one trip at once**, the way the matcher works:
  it walks the trip's few facts (each country entered, the traveller, the purpose …) and hands each
  fact to every matched rule it satisfies, using the bitmasks the :class:`~.ruleset.RuleSet`
  compiled. A trip matching 40 rules through three entered countries costs a few dozen integer
  operations per country instead of 40 walks over the itinerary. Tests check both agree.

The facts of a rule, in order: the destinations entered (in itinerary order; an airport listed by
the rule, else the country as listed or through its first matching group, else "any foreign
country"), then traveller, organisation, purpose, device and trip length, each when the rule
constrains it; a rule with no ``when`` gets the single fact ``any_trip``.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from waypost.policy.engine._frozen import builder
from waypost.policy.engine.explain import Fact, Param, Reason, destination_fact, simple_fact
from waypost.policy.engine.itinerary import EntryKind
from waypost.policy.engine.obligations import bits

if TYPE_CHECKING:
    from waypost.policy.engine.facts import Device, TripFacts
    from waypost.policy.engine.guidance import DeviceCondition, TravellerCondition
    from waypost.policy.engine.ruleset import CompiledRule, RuleSet

__all__ = [
    "ANY_TRIP",
    "DeviceShape",
    "TravellerKey",
    "device_shape",
    "explain",
    "rule_facts",
    "traveller_key",
]

_build_reason = builder(Reason)

ANY_TRIP = simple_fact("any_trip", {}, "applies to every trip in the issuer's scope")

#: What a traveller condition asks about: the sectors it lists, whether it names roles, whether
#: it bounds sensitivity. Rules asking the same get the same traveller fact.
TravellerKey = tuple[frozenset[str], bool, bool]


def traveller_key(condition: TravellerCondition) -> TravellerKey:
    bounded = condition.min_sensitivity is not None or condition.max_sensitivity is not None
    return condition.sectors, bool(condition.roles), bounded


def traveller_fact(facts: TripFacts, key: TravellerKey) -> Fact:
    sectors, role, sensitivity = key
    traveller = facts.traveller
    return _traveller_fact(
        tuple(sorted(sectors & traveller.sectors)) if sectors else None,
        traveller.role if role else _UNSET,
        traveller.sensitivity if sensitivity else _UNSET,
    )


_UNSET = object()


@functools.lru_cache(maxsize=4096)
def _traveller_fact(sectors: tuple[str, ...] | None, role: object, sensitivity: object) -> Fact:
    """The traveller fact showing the given values (``_UNSET``: the rule does not ask)."""
    params: dict[str, Param] = {}
    words: list[str] = []
    if sectors is not None:
        params["sectors"] = sectors
        words.append(f"sector{'s' if len(sectors) > 1 else ''} {', '.join(sectors)}")
    if role is not _UNSET:
        params["role"] = role  # type: ignore[assignment]
        words.append(f"role {role}")
    if sensitivity is not _UNSET:
        params["sensitivity"] = sensitivity  # type: ignore[assignment]
        words.append(f"sensitivity {sensitivity}")
    return simple_fact("traveller", params, "traveller " + ", ".join(words))


def organisation_fact(facts: TripFacts, organisations: frozenset[str]) -> Fact:
    return _organisation_fact(next(n for n in facts.traveller.org_path if n in organisations))


@functools.lru_cache(maxsize=1024)
def _organisation_fact(node: str) -> Fact:
    return simple_fact("organisation", {"node": node}, f"organisation within {node}")


def purpose_fact(facts: TripFacts) -> Fact:
    return _purpose_fact(facts.purpose)


@functools.lru_cache(maxsize=1024)
def _purpose_fact(purpose: str | None) -> Fact:
    return simple_fact("purpose", {"purpose": purpose}, f"purpose {purpose}")


#: What a device condition asks about: whether it names owners, whether it asks about sensitive data.
DeviceShape = tuple[bool, bool]


def device_shape(condition: DeviceCondition) -> DeviceShape:
    return bool(condition.owners), condition.sensitive_data is not None


@functools.lru_cache(maxsize=4096)
def device_fact(device: Device, shape: DeviceShape) -> Fact:
    owners, sensitive = shape
    text = f"carries {device.kind}"
    if owners:
        text += f" owned by {device.owner}"
    if sensitive:
        text += " with sensitive data" if device.sensitive_data else " without sensitive data"
    params: dict[str, Param] = {
        "kind": device.kind,
        "owner": device.owner,
        "sensitive_data": device.sensitive_data,
    }
    return simple_fact("device", params, text)


def length_fact(facts: TripFacts) -> Fact:
    return _length_fact(facts.itinerary.days)


@functools.lru_cache(maxsize=1024)
def _length_fact(days: int) -> Fact:
    return simple_fact("trip_length", {"days": days}, f"trip of {days} day{'s' if days != 1 else ''}")


# -- the reference: one rule at a time ---------------------------------------------------------------


def rule_facts(rules: RuleSet, compiled: CompiledRule, facts: TripFacts) -> tuple[Fact, ...]:
    """The trip facts that satisfied each facet of ``compiled`` (which must have matched)."""
    when = compiled.rule.when
    out: list[Fact] = []
    dest = when.destinations
    if dest is not None:
        accepted = compiled.accepted
        for entry in facts.itinerary.entries:
            if entry.how is EntryKind.TRANSIT and not dest.include_transit:
                continue
            if entry.airport and entry.airport in dest.airports:
                out.append(destination_fact(entry, None))
            elif entry.country in accepted:
                out.append(destination_fact(entry, accepted[entry.country]))
            elif dest.any_country and entry.country not in dest.exclude_countries:
                out.append(destination_fact(entry, None))
    if when.traveller is not None:
        out.append(traveller_fact(facts, traveller_key(when.traveller)))
    if when.organisations:
        out.append(organisation_fact(facts, when.organisations))
    if when.purposes:
        out.append(purpose_fact(facts))
    if when.devices is not None:
        device = next(d for d in facts.devices if rules.device_mask(d) >> compiled.bit & 1)
        out.append(device_fact(device, device_shape(when.devices)))
    if when.min_days is not None or when.max_days is not None:
        out.append(length_fact(facts))
    return tuple(out) or (ANY_TRIP,)


# -- all matched rules at once -------------------------------------------------------------------------


def explain(
    rules: RuleSet, facts: TripFacts, matched: int, order: list[int] | None = None
) -> tuple[Reason, ...]:
    """A reason for each rule in ``matched`` (all of which matched ``facts``), in rule order.

    ``order`` may pass ``bits(matched)`` if the caller has it. Each fact is built once per trip
    and handed to every rule it satisfies.
    """
    if order is None:
        order = bits(matched)
    if not order:
        return ()
    found: dict[int, list[Fact]] = {bit: [] for bit in order}

    # 1. Destinations, in itinerary order.
    with_destination = matched & rules.destination_rules
    if with_destination:
        transit_rules = with_destination & rules.transit_rules
        accepted_by_country, excluded = rules.accepted_by_country, rules.excluded_rules
        for entry in facts.itinerary.entries:
            transit = entry.how is EntryKind.TRANSIT
            open_ = transit_rules if transit else with_destination
            if not open_:
                continue
            if entry.airport:
                airports = rules.transit_airport_rules if transit else rules.stay_airport_rules
                by_airport = airports.get(entry.airport, 0) & open_
                if by_airport:
                    fact = destination_fact(entry, None)
                    for bit in bits(by_airport):
                        found[bit].append(fact)
                    open_ &= ~by_airport
            listed = 0
            for group, mask in accepted_by_country.get(entry.country, ()):
                hit = mask & open_
                if hit:
                    fact = destination_fact(entry, group)
                    for bit in bits(hit):
                        found[bit].append(fact)
                    listed |= hit
            anywhere = open_ & rules.any_country_rules & ~listed & ~excluded.get(entry.country, 0)
            if anywhere:
                fact = destination_fact(entry, None)
                for bit in bits(anywhere):
                    found[bit].append(fact)

    # 2. The other facets, each fact built once.
    with_traveller = matched & rules.traveller_rules
    if with_traveller:
        by_key: dict[TravellerKey | None, Fact] = {}
        keys = rules.traveller_keys
        for bit in bits(with_traveller):
            key = keys[bit]
            known = by_key.get(key)
            if known is None:
                assert key is not None  # a traveller rule has a traveller condition
                known = by_key[key] = traveller_fact(facts, key)
            found[bit].append(known)
    with_organisation = matched & rules.organisation_rules
    if with_organisation:
        for bit in bits(with_organisation):
            found[bit].append(organisation_fact(facts, rules.rules[bit].rule.when.organisations))
    with_purpose = matched & rules.purpose_rules
    if with_purpose:
        fact = purpose_fact(facts)
        for bit in bits(with_purpose):
            found[bit].append(fact)
    with_device = matched & rules.device_rules
    if with_device:
        shapes = rules.device_shapes
        for device in facts.devices:
            hit = with_device & rules.device_mask(device)
            if not hit:
                continue
            with_device &= ~hit
            for bit in bits(hit):
                found[bit].append(device_fact(device, shapes[bit]))
    with_length = matched & rules.length_rules
    if with_length:
        fact = length_fact(facts)
        for bit in bits(with_length):
            found[bit].append(fact)

    bare = matched & rules.bare_rules
    if bare:
        for bit in bits(bare):
            found[bit].append(ANY_TRIP)
    # One Reason per rule, built by C-level iteration (this runs for every matched rule).
    return tuple(
        map(
            _build_reason,
            map(rules.refs.__getitem__, order),
            map(tuple, map(found.__getitem__, order)),
            map(rules.rationales.__getitem__, order),
        )
    )
