"""Why a rule matched: facts as a machine code with parameters, plus English text.

Every advisory must say why. Each matched rule yields a :class:`Reason` listing the facts of the
trip that satisfied its facets ("transit at YVR, Canada, member of us-allies"; "traveller sector ai,
role executive"). The ``code`` and ``params`` are stable so the web UI can translate them; ``text``
is the English rendering used by the CLI, logs and tests.

Fact codes and their params:

==================== =====================================================
``stay_in_country``   country, city, airport (or null)
``stay_in_group``     country, city, airport, group
``transit_in_country`` country, city, airport
``transit_in_group``  country, city, airport, group
``traveller``         sectors (matched), role, sensitivity — only those the rule constrains
``organisation``      node
``purpose``           purpose
``device``            kind, owner, sensitive_data
``trip_length``       days
``any_trip``          (none): the rule has no ``when``
==================== =====================================================
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import pycountry

from waypost.policy.engine.guidance import LocalText, RuleRef
from waypost.policy.engine.itinerary import CountryEntry, EntryKind

__all__ = ["Fact", "Reason", "country_name", "destination_fact"]

Param = str | int | bool | None | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact of the trip that made a rule match."""

    code: str
    params: tuple[tuple[str, Param], ...]
    text: str

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.params},
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Reason:
    """One matched rule, the facts that matched it, and its rationale."""

    ref: RuleRef
    facts: tuple[Fact, ...]
    rationale: LocalText

    @property
    def text(self) -> str:
        return "; ".join(fact.text for fact in self.facts)

    def to_json(self) -> dict[str, object]:
        return {
            "guidance": self.ref.guidance,
            "version": self.ref.version,
            "rule": self.ref.rule,
            "fact": self.text,
            "facts": [fact.to_json() for fact in self.facts],
            "rationale": dict(sorted(self.rationale.items())),
        }


@functools.lru_cache(maxsize=512)
def country_name(code: str) -> str:
    """English short name of a country (``South Korea`` rather than ``Korea, Republic of``)."""
    if code == "XK":
        return "Kosovo"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@functools.lru_cache(maxsize=65536)
def destination_fact(entry: CountryEntry, group: str | None) -> Fact:
    """The fact that ``entry`` (as member of ``group``, if matched through one) satisfied a rule."""
    transit = entry.how is EntryKind.TRANSIT
    code = ("transit" if transit else "stay") + ("_in_group" if group else "_in_country")
    place = entry.airport if transit and entry.airport else entry.city
    text = f"{'transit at' if transit else 'stay in'} {place}, {country_name(entry.country)}"
    params: list[tuple[str, Param]] = [
        ("country", entry.country),
        ("city", entry.city),
        ("airport", entry.airport),
    ]
    if group:
        text += f", member of {group}"
        params.append(("group", group))
    return Fact(code, tuple(params), text)


def simple_fact(code: str, params: Mapping[str, Param], text: str) -> Fact:
    return Fact(code, tuple(params.items()), text)
