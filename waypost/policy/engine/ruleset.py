"""Guidance compiled for fast matching: one bit per rule, one bitmask per facet value.

A deployment has thousands of rules and assesses every trip on every change, amendment and
simulation, so matching must not test each rule in turn. Compiling turns each facet into a map
from a fact value to the bitmask (a Python ``int``) of the rules that accept it, plus a "wild" mask
of the rules that do not constrain that facet. Matching a trip is then a handful of dictionary
look-ups and ``&``/``|`` on integers:

    matched = active(on) & issuer(path) & sectors(traveller) & role & … & destinations(itinerary)

Country groups are resolved to member sets here, once, so a group lookup costs the same as a
country. The rules that match are then explained together (:mod:`.reasons`), with masks saying
which rules each fact of the trip satisfies.

Rules are numbered in a stable order (guidance id, version, rule order), which fixes the order of
reasons and rule references in every assessment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from waypost.geo.groups import CountryGroup
from waypost.policy.engine.explain import Fact, Reason
from waypost.policy.engine.facts import Device, TripFacts
from waypost.policy.engine.guidance import Guidance, LocalText, Rule, RuleRef
from waypost.policy.engine.obligations import MaskCombiner, bits
from waypost.policy.engine.reasons import (
    DeviceShape,
    TravellerKey,
    device_shape,
    explain,
    rule_facts,
    traveller_key,
)

__all__ = ["CompiledRule", "RuleSet"]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule with its position (bit), its guidance and its groups resolved to member sets."""

    bit: int
    guidance: Guidance
    rule: Rule
    ref: RuleRef
    #: For explanations: each accepted country → the group it was accepted through (None: listed).
    accepted: Mapping[str, str | None]


class _Facet:
    """Bitmasks of one facet: rules that do not constrain it, and rules accepting each value."""

    __slots__ = ("by_value", "wild")

    def __init__(self) -> None:
        self.wild = 0
        self.by_value: defaultdict[object, int] = defaultdict(int)

    def add(self, bit: int, values: Iterable[object]) -> None:
        values = list(values)
        if not values:
            self.wild |= bit
        for value in values:
            self.by_value[value] |= bit

    def one(self, value: object) -> int:
        return self.wild | self.by_value.get(value, 0)

    def any_of(self, values: Iterable[object]) -> int:
        mask = self.wild
        get = self.by_value.get
        for value in values:
            mask |= get(value, 0)
        return mask


class RuleSet:
    """Guidance versions (and, for simulation, drafts) compiled against country groups.

    Build once and reuse: ``RuleSet(guidances, groups=groups, drafts=drafts)``. ``drafts`` are used
    as if published, and supersede any version of the same guidance id.
    """

    def __init__(
        self,
        guidances: Iterable[Guidance],
        *,
        groups: Mapping[str, CountryGroup],
        drafts: Iterable[Guidance] = (),
    ) -> None:
        self.drafts = tuple(sorted(drafts, key=lambda g: (g.id, g.version)))
        self.guidances = tuple(sorted(guidances, key=lambda g: (g.id, g.version)))
        self.groups = groups
        self.rules: list[CompiledRule] = []
        self._guidance_mask: dict[tuple[str, int, bool], int] = {}
        self._active_cache: dict[dt.date, tuple[int, tuple[Guidance, ...]]] = {}
        self._days_cache: dict[int, int] = {}
        self._versions_cache: dict[tuple[dt.date, tuple[str, ...]], tuple[tuple[str, int], ...]] = {}
        self._device_cache: dict[Device, int] = {}
        self._issuer = _Facet()
        self._sectors = _Facet()
        self._roles = _Facet()
        self._organisations = _Facet()
        self._purposes = _Facet()
        self._sensitivity = _Facet()
        self._days_wild = 0
        self._days_bounds: list[tuple[int, int, int]] = []
        self._devices_wild = 0
        self._device_kinds = _Facet()
        self._device_owners = _Facet()
        self._device_sensitive = _Facet()
        self._dest_wild = 0
        self._stay: defaultdict[str, int] = defaultdict(int)
        self._transit: defaultdict[str, int] = defaultdict(int)
        self._stay_airport: defaultdict[str, int] = defaultdict(int)
        self._transit_airport: defaultdict[str, int] = defaultdict(int)
        self._any_stay = 0
        self._any_transit = 0
        self._excluded: defaultdict[str, int] = defaultdict(int)
        self._include_transit = 0
        self._traveller_rules = 0
        self._organisation_rules = 0
        self._purpose_rules = 0
        #: Per rule, what its traveller condition asks (``None``: it has none).
        self.traveller_keys: list[TravellerKey | None] = []
        #: Per rule, what its device condition asks (``None``: it has none).
        self.device_shapes: list[DeviceShape | None] = []
        for is_draft, batch in ((False, self.guidances), (True, self.drafts)):
            for guidance in batch:
                start = len(self.rules)
                for rule in guidance.rules:
                    self._add(guidance, rule)
                mask = ((1 << len(self.rules)) - 1) ^ ((1 << start) - 1)
                self._guidance_mask[(guidance.id, guidance.version, is_draft)] = mask
        self.combiner = MaskCombiner([(compiled.ref, compiled.rule.then) for compiled in self.rules])
        self._compile_explanation()

    # -- compiling -------------------------------------------------------------------------------

    def _add(self, guidance: Guidance, rule: Rule) -> None:
        index = len(self.rules)
        bit = 1 << index
        when = rule.when
        accepted: dict[str, str | None] = {}
        self._issuer.add(bit, [guidance.issuer])
        traveller = when.traveller
        self.traveller_keys.append(None if traveller is None else traveller_key(traveller))
        if traveller is not None:
            self._traveller_rules |= bit
        if when.organisations:
            self._organisation_rules |= bit
        if when.purposes:
            self._purpose_rules |= bit
        self._sectors.add(bit, traveller.sectors if traveller else ())
        self._roles.add(bit, traveller.roles if traveller else ())
        low = traveller.min_sensitivity if traveller else None
        high = traveller.max_sensitivity if traveller else None
        constrained = low is not None or high is not None
        self._sensitivity.add(
            bit, [s for s in (1, 2, 3) if (low or 1) <= s <= (high or 3)] if constrained else []
        )
        self._organisations.add(bit, when.organisations)
        self._purposes.add(bit, when.purposes)
        if when.min_days is None and when.max_days is None:
            self._days_wild |= bit
        else:
            self._days_bounds.append((when.min_days or 0, when.max_days or 1 << 30, bit))
        devices = when.devices
        self.device_shapes.append(None if devices is None else device_shape(devices))
        if devices is None:
            self._devices_wild |= bit
        else:
            self._device_kinds.add(bit, devices.kinds)
            self._device_owners.add(bit, devices.owners)
            sensitive = devices.sensitive_data
            self._device_sensitive.add(bit, [] if sensitive is None else [sensitive])
        dest = when.destinations
        if dest is None:
            self._dest_wild |= bit
        else:
            for group in dest.groups:
                for country in self.groups[group].members:
                    accepted.setdefault(country, group)
            accepted.update(dict.fromkeys(dest.countries))
            for country in dest.exclude_countries:
                accepted.pop(country, None)
            if dest.include_transit:
                self._include_transit |= bit
            for country in accepted:
                self._stay[country] |= bit
                if dest.include_transit:
                    self._transit[country] |= bit
            for airport in dest.airports:
                self._stay_airport[airport] |= bit
                if dest.include_transit:
                    self._transit_airport[airport] |= bit
            if dest.any_country:
                self._any_stay |= bit
                if dest.include_transit:
                    self._any_transit |= bit
                for country in dest.exclude_countries:
                    self._excluded[country] |= bit
        self.rules.append(CompiledRule(index, guidance, rule, guidance.ref(rule), accepted))

    def _compile_explanation(self) -> None:
        """Masks :func:`~.reasons.explain` reads: which rules each kind of fact can satisfy."""
        everything = (1 << len(self.rules)) - 1
        self.destination_rules = everything & ~self._dest_wild
        self.transit_rules = self._include_transit
        self.stay_airport_rules: Mapping[str, int] = self._stay_airport
        self.transit_airport_rules: Mapping[str, int] = self._transit_airport
        self.any_country_rules = self._any_stay
        self.excluded_rules: Mapping[str, int] = self._excluded
        by_country: defaultdict[str, dict[str | None, int]] = defaultdict(dict)
        for compiled in self.rules:
            for country, group in compiled.accepted.items():
                masks = by_country[country]
                masks[group] = masks.get(group, 0) | 1 << compiled.bit
        #: Per country, (group it is accepted through or None if listed, rules accepting it so).
        self.accepted_by_country: Mapping[str, tuple[tuple[str | None, int], ...]] = {
            country: tuple(masks.items()) for country, masks in by_country.items()
        }
        self.refs: list[RuleRef] = [compiled.ref for compiled in self.rules]
        self.rationales: list[LocalText] = [compiled.rule.rationale for compiled in self.rules]
        self.traveller_rules = self._traveller_rules
        self.organisation_rules = self._organisation_rules
        self.purpose_rules = self._purpose_rules
        self.device_rules = everything & ~self._devices_wild
        self.length_rules = everything & ~self._days_wild
        #: Rules with no ``when`` facet at all ("applies to every trip in the issuer's scope").
        self.bare_rules = everything & ~(
            self.destination_rules
            | self.traveller_rules
            | self.organisation_rules
            | self.purpose_rules
            | self.device_rules
            | self.length_rules
        )

    # -- matching --------------------------------------------------------------------------------

    def active(self, on: dt.date) -> tuple[int, tuple[Guidance, ...]]:
        """Mask of the rules in force on ``on``, and the guidance versions they come from.

        Per guidance id the highest in-force published version counts; an effective draft of the
        same id replaces it.
        """
        cached = self._active_cache.get(on)
        if cached is not None:
            return cached
        chosen: dict[str, tuple[Guidance, bool]] = {}
        for guidance in self.guidances:
            if guidance.in_force(on):
                chosen[guidance.id] = (guidance, False)
        for draft in self.drafts:
            if draft.is_effective(on):
                chosen[draft.id] = (draft, True)
        mask = 0
        for guidance, is_draft in chosen.values():
            mask |= self._guidance_mask[(guidance.id, guidance.version, is_draft)]
        result = (mask, tuple(sorted((g for g, _ in chosen.values()), key=lambda g: g.id)))
        if len(self._active_cache) > 256:
            self._active_cache.clear()
        self._active_cache[on] = result
        return result

    def versions_for(self, on: dt.date, path: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
        """(id, version) of the guidance in force on ``on`` that applies to a traveller at ``path``.

        All of it when the path is unknown; otherwise guidance whose issuer is on the path.
        """
        key = (on, path)
        cached = self._versions_cache.get(key)
        if cached is None:
            guidances = self.active(on)[1]
            cached = tuple((g.id, g.version) for g in guidances if not path or g.issuer in path)
            if len(self._versions_cache) > 4096:
                self._versions_cache.clear()
            self._versions_cache[key] = cached
        return cached

    def _days(self, days: int) -> int:
        mask = self._days_cache.get(days)
        if mask is None:
            mask = self._days_wild
            for low, high, bit in self._days_bounds:
                if low <= days <= high:
                    mask |= bit
            if len(self._days_cache) > 4096:
                self._days_cache.clear()
            self._days_cache[days] = mask
        return mask

    def device_mask(self, device: Device) -> int:
        """Mask of the rules with a device condition that ``device`` satisfies."""
        mask = self._device_cache.get(device)
        if mask is None:
            mask = (
                self._device_kinds.one(device.kind)
                & self._device_owners.one(device.owner)
                & self._device_sensitive.one(device.sensitive_data)
                & ~self._devices_wild
            )
            if len(self._device_cache) > 4096:
                self._device_cache.clear()
            self._device_cache[device] = mask
        return mask

    def _destinations(self, facts: TripFacts) -> int:
        itinerary = facts.itinerary
        mask = self._dest_wild
        stay, transit, excluded = self._stay, self._transit, self._excluded
        for country in itinerary.stay_countries:
            mask |= stay.get(country, 0) | (self._any_stay & ~excluded.get(country, 0))
        for country in itinerary.transit_countries:
            mask |= transit.get(country, 0) | (self._any_transit & ~excluded.get(country, 0))
        for airport in itinerary.stay_airports:
            mask |= self._stay_airport.get(airport, 0)
        for airport in itinerary.transit_airports:
            mask |= self._transit_airport.get(airport, 0)
        return mask

    def match_mask(self, facts: TripFacts, active: int) -> int:
        """Bitmask of the rules among ``active`` whose every facet matches ``facts``."""
        traveller = facts.traveller
        path = traveller.org_path
        mask = active
        if path:
            mask &= self._issuer.any_of(path)
        mask &= self._sectors.any_of(traveller.sectors)
        mask &= self._roles.one(traveller.role)
        mask &= self._sensitivity.one(traveller.sensitivity)
        mask &= self._organisations.any_of(path)
        mask &= self._purposes.one(facts.purpose)
        if mask:
            mask &= self._days(facts.itinerary.days)
        if mask:
            devices = self._devices_wild
            for device in facts.devices:
                devices |= self.device_mask(device)
            mask &= devices
        if mask:
            mask &= self._destinations(facts)
        return mask

    def compiled_rules(self, mask: int) -> Iterator[CompiledRule]:
        """The compiled rules whose bits are set in ``mask``, in rule order."""
        rules = self.rules
        for bit in bits(mask):
            yield rules[bit]

    def match(self, facts: TripFacts, active: int) -> Iterator[CompiledRule]:
        """The rules among ``active`` whose every facet matches ``facts``, in rule order."""
        return self.compiled_rules(self.match_mask(facts, active))

    # -- explaining ------------------------------------------------------------------------------

    def reasons(self, facts: TripFacts, mask: int, order: list[int] | None = None) -> tuple[Reason, ...]:
        """A reason for each rule in ``mask`` (rules that matched ``facts``), in rule order.

        ``order`` may pass ``bits(mask)`` if the caller has it already.
        """
        return explain(self, facts, mask, order)

    def facts_for(self, compiled: CompiledRule, facts: TripFacts) -> tuple[Fact, ...]:
        """The trip facts that satisfied each facet of a matched rule (one rule at a time)."""
        return rule_facts(self, compiled, facts)
