"""Guidance documents as data: a versioned set of rules, each ``when`` facts match ``then`` obligations.

A :class:`Guidance` is one version of a document issued at an organisation-tree node. It applies to
travellers in the issuer's subtree while it is *in force*: published, and ``on`` within
``effective_from`` … ``effective_to`` (both inclusive). Drafts are never in force but can be assessed
explicitly to simulate what publishing them would change.

A :class:`Rule` matches a trip when **every facet present** in its :class:`When` matches (AND), and a
facet given as a list matches if **any** listed value does (OR). See ``docs/guidance.md`` for the YAML
format; :func:`waypost.policy.engine.parse.parse_guidance` builds these objects from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from waypost.policy.engine.levels import Advisory, Approver, DevicePolicy, GuidanceStatus

__all__ = [
    "DestinationCondition",
    "DeviceCondition",
    "Guidance",
    "LocalText",
    "Rule",
    "RuleRef",
    "Then",
    "TravellerCondition",
    "When",
]

#: Text in several languages, keyed by language tag (``en``, ``de``, ``zh-hans``); ``en`` is required.
LocalText = Mapping[str, str]


@dataclass(frozen=True, slots=True)
class TravellerCondition:
    """Traveller facets: any listed sector, any listed role, sensitivity within the bounds."""

    sectors: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    min_sensitivity: int | None = None
    max_sensitivity: int | None = None


@dataclass(frozen=True, slots=True)
class DestinationCondition:
    """Countries entered: listed countries, members of listed groups, or listed airports.

    With none of ``countries``/``groups``/``airports`` the condition means "any foreign country"
    (useful with ``exclude_countries``). Transits count only with ``include_transit``.
    """

    countries: frozenset[str] = frozenset()
    groups: tuple[str, ...] = ()
    airports: frozenset[str] = frozenset()
    exclude_countries: frozenset[str] = frozenset()
    include_transit: bool = False

    @property
    def any_country(self) -> bool:
        return not (self.countries or self.groups or self.airports)


@dataclass(frozen=True, slots=True)
class DeviceCondition:
    """Matches if at least one device carried has all the given properties."""

    kinds: frozenset[str] = frozenset()
    owners: frozenset[str] = frozenset()
    sensitive_data: bool | None = None


@dataclass(frozen=True, slots=True)
class When:
    """The facets a trip must match; ``None``/empty means the facet is not constrained."""

    traveller: TravellerCondition | None = None
    organisations: frozenset[str] = frozenset()
    destinations: DestinationCondition | None = None
    purposes: frozenset[str] = frozenset()
    devices: DeviceCondition | None = None
    min_days: int | None = None
    max_days: int | None = None


@dataclass(frozen=True, slots=True)
class Then:
    """The advisory level and obligations a matching rule sets; ``None``/empty means "not set"."""

    advisory: Advisory | None = None
    declare_days_before: int | None = None
    approval: tuple[Approver, ...] = ()
    briefing: frozenset[str] = frozenset()
    devices: DevicePolicy | None = None
    check_in_every_hours: int | None = None
    debrief_within_days: int | None = None
    debrief_form: frozenset[str] = frozenset()
    notify: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, order=True)
class RuleRef:
    """Stable reference to one rule of one guidance version, e.g. ``ai-leaders@3/advise-against``."""

    guidance: str
    version: int
    rule: str

    def __str__(self) -> str:
        return f"{self.guidance}@{self.version}/{self.rule}"

    def to_json(self) -> dict[str, object]:
        return {"guidance": self.guidance, "version": self.version, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: an id unique within its guidance, the facets it matches and what it sets."""

    id: str
    when: When
    then: Then
    rationale: LocalText = field(default_factory=dict)
    title: LocalText = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Guidance:
    """One version of a guidance document."""

    id: str
    version: int
    issuer: str
    status: GuidanceStatus
    effective_from: dt.date
    title: LocalText
    rules: tuple[Rule, ...]
    effective_to: dt.date | None = None
    body: LocalText = field(default_factory=dict)
    rationale: LocalText = field(default_factory=dict)
    source_name: str = ""

    def is_effective(self, on: dt.date) -> bool:
        """True if ``on`` lies within the effective dates (both inclusive), whatever the status."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def in_force(self, on: dt.date) -> bool:
        """True if published and effective on ``on``."""
        return self.status is GuidanceStatus.PUBLISHED and self.is_effective(on)

    def ref(self, rule: Rule) -> RuleRef:
        return RuleRef(self.id, self.version, rule.id)
