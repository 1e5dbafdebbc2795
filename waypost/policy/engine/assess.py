"""Assessing a trip: which rules match, the strictest value of each obligation, and why.

``assess`` = compile (cached) → match (bitmasks, :mod:`.ruleset`) → combine (strictest wins,
:mod:`.obligations`) → explain (a :class:`~.explain.Reason` per matched rule) → :class:`Assessment`.
The assessment is deterministic: rules are considered in a fixed order (guidance id, version, rule
order) and every set is emitted sorted.

The decision (advisory level and obligation values) is computed eagerly with bitmask operations;
the explanation (contributing rules, matched rules, reasons) is built when first read, because
simulations and amendment checks compare thousands of assessments through :func:`~.diff.diff`,
which needs only the decision. ``to_json()`` always includes the full explanation.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from waypost.geo.groups import CountryGroup, load_country_groups
from waypost.policy.engine.explain import Reason
from waypost.policy.engine.facts import TripFacts
from waypost.policy.engine.guidance import Guidance, RuleRef
from waypost.policy.engine.itinerary import CountryEntry
from waypost.policy.engine.levels import Advisory
from waypost.policy.engine.obligations import Decision, Obligation, ObligationValue, bits
from waypost.policy.engine.ruleset import RuleSet

__all__ = ["Assessment", "assess", "compile_rules"]


class _Details(NamedTuple):
    advisory_rules: tuple[RuleRef, ...]
    obligations: tuple[Obligation, ...]
    matched_rules: tuple[RuleRef, ...]
    reasons: tuple[Reason, ...]


def _no_details() -> _Details:
    return _Details((), (), (), ())


@dataclass(frozen=True)
class Assessment:
    """The outcome of assessing one trip against the guidance in force on ``on``.

    The decision (``advisory``, ``values``, lateness, countries) is computed by :func:`assess`; the
    explanation (``advisory_rules``, ``obligations`` with their contributing rules,
    ``matched_rules``, ``reasons``) is built on first access. Equality compares the decision.
    """

    on: dt.date
    advisory: Advisory
    values: tuple[tuple[str, ObligationValue], ...]
    countries: tuple[CountryEntry, ...]
    guidance_versions: tuple[tuple[str, int], ...]
    trip_days: int
    lead_days: int | None
    late: bool
    details: Callable[[], _Details] = field(repr=False, compare=False, default=_no_details)

    @functools.cached_property
    def _details(self) -> _Details:
        return self.details()

    @property
    def advisory_rules(self) -> tuple[RuleRef, ...]:
        """The rules that set the winning advisory level."""
        return self._details.advisory_rules

    @property
    def obligations(self) -> tuple[Obligation, ...]:
        """Each obligation set, in report order, with its value and the rules that contributed it."""
        return self._details.obligations

    @property
    def matched_rules(self) -> tuple[RuleRef, ...]:
        """Every rule that matched, in rule order."""
        return self._details.matched_rules

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """One reason per matched rule, in ``matched_rules`` order."""
        return self._details.reasons

    def obligation(self, name: str) -> Obligation | None:
        """The obligation called ``name``, or ``None`` if no matching rule set it."""
        for obligation in self.obligations:
            if obligation.name == name:
                return obligation
        return None

    def value(self, name: str) -> ObligationValue | None:
        """The combined value of an obligation (``None`` if no matching rule set it)."""
        for key, value in self.values:
            if key == name:
                return value
        return None

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-able dicts and lists, in a stable order."""
        return {
            "on": self.on.isoformat(),
            "advisory": self.advisory.value,
            "advisory_rules": [ref.to_json() for ref in self.advisory_rules],
            "obligations": {o.name: o.to_json() for o in self.obligations},
            "countries": [entry.to_json() for entry in self.countries],
            "matched_rules": [ref.to_json() for ref in self.matched_rules],
            "reasons": [reason.to_json() for reason in self.reasons],
            "guidance_versions": [{"id": gid, "version": version} for gid, version in self.guidance_versions],
            "trip_days": self.trip_days,
            "lead_days": self.lead_days,
            "late": self.late,
        }


def _explain(rules: RuleSet, facts: TripFacts, matched: int, decision: Decision) -> _Details:
    advisory_rules, obligations = rules.combiner.contributors(decision)
    order = bits(matched)
    matched_rules = tuple(map(rules.refs.__getitem__, order))
    return _Details(advisory_rules, obligations, matched_rules, rules.reasons(facts, matched, order))


def _assess_compiled(rules: RuleSet, facts: TripFacts, on: dt.date) -> Assessment:
    active = rules.active(on)[0]
    matched = rules.match_mask(facts, active)
    decision = rules.combiner.decide(matched)
    values = decision.values
    # declare_days_before comes first in report order
    declare = values[0][1] if values and values[0][0] == "declare_days_before" else None
    lead_days = facts.lead_days
    late = lead_days is not None and isinstance(declare, int) and lead_days < declare
    return Assessment(
        on=on,
        advisory=decision.advisory,
        values=values,
        countries=facts.itinerary.entries,
        guidance_versions=rules.versions_for(on, facts.traveller.org_path),
        trip_days=facts.itinerary.days,
        lead_days=lead_days,
        late=late,
        details=functools.partial(_explain, rules, facts, matched, decision),
    )


class _CompiledCache:
    """Recently compiled rule sets, keyed by the identity of the inputs (which it keeps alive)."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.entries: dict[tuple[int, ...], tuple[tuple[object, ...], RuleSet]] = {}

    def get(
        self,
        guidances: tuple[Guidance, ...],
        drafts: tuple[Guidance, ...],
        groups: Mapping[str, CountryGroup],
    ) -> RuleSet:
        inputs: tuple[object, ...] = (groups, len(guidances), *guidances, *drafts)
        key = tuple(map(id, inputs))
        found = self.entries.get(key)
        if found is not None and all(a is b for a, b in zip(found[0], inputs, strict=True)):
            return found[1]
        compiled = RuleSet(guidances, groups=groups, drafts=drafts)
        if len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries)))
        self.entries[key] = (inputs, compiled)
        return compiled


_cache = _CompiledCache()


def compile_rules(
    guidances: Iterable[Guidance],
    *,
    groups: Mapping[str, CountryGroup] | None = None,
    drafts: Iterable[Guidance] = (),
) -> RuleSet:
    """Compile guidance (and drafts to simulate) for repeated assessment; see :class:`RuleSet`."""
    return RuleSet(guidances, groups=load_country_groups() if groups is None else groups, drafts=drafts)


def assess(
    facts: TripFacts,
    guidances: Iterable[Guidance] | RuleSet,
    *,
    on: dt.date,
    groups: Mapping[str, CountryGroup] | None = None,
    drafts: Iterable[Guidance] = (),
) -> Assessment:
    """Assess one trip against the guidance in force on ``on``.

    ``guidances`` are all known versions; only those published and effective on ``on`` are used
    (per id, the highest such version), restricted to issuers on the traveller's organisation path
    (all issuers if the path is unknown, as for the CLI). ``drafts`` are used as if published and
    replace other versions of the same id: that is a simulation. ``groups`` resolve group names
    (default: the shipped country groups); treat the mapping as immutable, since compiled rule sets
    are cached by the identity of the inputs. Pass a :class:`RuleSet` from :func:`compile_rules`
    to control compilation explicitly (then ``groups`` and ``drafts`` must not be given).
    """
    if isinstance(guidances, RuleSet):
        if groups is not None or drafts:
            raise TypeError("groups and drafts are compiled into the RuleSet already")
        return _assess_compiled(guidances, facts, on)
    chosen_groups = _default_groups() if groups is None else groups
    rules = _cache.get(tuple(guidances), tuple(drafts), chosen_groups)
    return _assess_compiled(rules, facts, on)


_DEFAULT_GROUPS: list[Mapping[str, CountryGroup]] = []


def _default_groups() -> Mapping[str, CountryGroup]:
    """One shared mapping of the shipped groups, so the compiled-rules cache recognises it."""
    if not _DEFAULT_GROUPS:
        _DEFAULT_GROUPS.append(load_country_groups())
    return _DEFAULT_GROUPS[0]
