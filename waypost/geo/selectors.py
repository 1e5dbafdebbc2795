"""Reads for geography: countries with localised names, airports, and every country group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django_countries import countries as _countries

from .airports import Airport, airport_lookup
from .groups import CountryGroup, is_country_code, load_country_groups
from .models import CustomCountryGroup


@dataclass(frozen=True)
class Country:
    code: str
    name: str


def country_list() -> list[Country]:
    """ISO 3166-1 countries named in the active language, sorted by that name."""
    return [Country(code=str(code), name=str(name)) for code, name in _countries]


def country_name(code: str) -> str:
    """The country's name in the active language, or the code itself if unknown."""
    name = _countries.name(code)
    return str(name) if name else code


def airport_get(iata: str) -> Airport | None:
    return airport_lookup(iata)


def shipped_groups() -> dict[str, CountryGroup]:
    return load_country_groups()


def _custom(group: CustomCountryGroup) -> CountryGroup:
    as_of = group.as_of if isinstance(group.as_of, dt.date) else dt.date.fromisoformat(str(group.as_of))
    return CountryGroup(
        id=group.slug,
        names=dict(group.names) or {"en": group.slug},
        source=group.source,
        as_of=as_of,
        members=frozenset(code for code in group.members if is_country_code(code)),
        notes=group.notes,
    )


_ALL_GROUPS: dict[tuple[Any, ...], Mapping[str, CountryGroup]] = {}


def all_groups() -> Mapping[str, CountryGroup]:
    """Shipped and custom groups, as one mapping the policy engine resolves group ids with.

    The mapping is shared while the custom groups are unchanged, because compiled rule sets are
    cached by the identity of their inputs. The key holds the members themselves: two edits in
    the same clock tick must not keep the old mapping.
    """
    customs = list(CustomCountryGroup.objects.order_by("slug"))
    key = tuple((g.pk, g.slug, tuple(g.members), g.updated_at) for g in customs)
    found = _ALL_GROUPS.get(key)
    if found is None:
        groups = load_country_groups()
        for custom in customs:
            groups.setdefault(custom.slug, _custom(custom))
        _ALL_GROUPS.clear()
        found = _ALL_GROUPS[key] = groups
    return found


def custom_group_list_for(*, actor: Any) -> list[CustomCountryGroup]:
    return list(CustomCountryGroup.objects.visible_to(actor).select_related("owner"))


@dataclass(frozen=True)
class GroupListing:
    """A country group as listed to an actor: shipped (``owner`` empty) or custom (owned by a node)."""

    group: CountryGroup
    custom: bool
    owner: str = ""


def country_group_list_for(*, actor: Any) -> list[GroupListing]:
    """Every shipped group, then the custom groups the actor may see, each sorted by id."""
    shipped = [GroupListing(group=group, custom=False) for _id, group in sorted(shipped_groups().items())]
    custom = [
        GroupListing(group=_custom(row), custom=True, owner=row.owner.slug)
        for row in custom_group_list_for(actor=actor)
    ]
    return shipped + custom
