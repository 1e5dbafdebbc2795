"""Who sees which figures, and the filters every dashboard tile and report takes.

:class:`Oversight` is what the actor oversees: ``paths`` are the subtrees whose figures count
(security officers, auditors, administrators and authority analysts), ``record_paths`` the
subtrees whose individual records may be listed (the same roles without the analyst, whose role
grants counts only). :func:`filters_parse` validates the filter input against that scope and
raises :class:`~waypost.core.errors.ValidationFailed` naming each field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from waypost.core.errors import ValidationFailed
from waypost.geo.selectors import all_groups
from waypost.people.choices import SECTORS, AccessRole
from waypost.people.models import OrgNode
from waypost.people.scoping import scope_for

#: Roles whose holders see the figures of their subtrees.
FIGURE_ROLES = (
    AccessRole.SECURITY_OFFICER,
    AccessRole.AUDITOR,
    AccessRole.ADMINISTRATOR,
    AccessRole.AUTHORITY_ANALYST,
)
#: Roles whose holders also see the records behind the figures.
RECORD_ROLES = (AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR)


@dataclass(frozen=True)
class Oversight:
    """The subtrees an actor's figures cover, and those whose records they may list."""

    paths: tuple[str, ...]
    record_paths: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.paths)

    @property
    def shows_records(self) -> bool:
        return bool(self.record_paths)


def oversight_for(actor: Any) -> Oversight:
    """The actor's oversight; a scheduled job passes an :class:`Oversight` of its own instead."""
    if isinstance(actor, Oversight):
        return actor
    scope = scope_for(actor)
    return Oversight(
        paths=tuple(scope.subtree_paths(*FIGURE_ROLES)),
        record_paths=tuple(scope.subtree_paths(*RECORD_ROLES)),
    )


def can_view_oversight(actor: Any) -> bool:
    return oversight_for(actor).any


@dataclass(frozen=True)
class ReportFilters:
    """Validated filters; empty means "everything the actor oversees"."""

    node: OrgNode | None = None
    sector: str = ""
    group: str = ""
    countries: frozenset[str] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_query(self) -> dict[str, str]:
        """The filters as query parameters (for links to exports and lists)."""
        query = {
            "organisation": str(self.node.pk) if self.node else "",
            "sector": self.sector,
            "group": self.group,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in query.items() if value}


def under(field_name: str, paths: tuple[str, ...] | list[str]) -> Q:
    """Rows whose materialised path ``field_name`` lies in one of ``paths`` (none if no paths)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field_name}__startswith": path})
    return condition


def scoped(oversight: Oversight, filters: ReportFilters, *, records: bool = False) -> tuple[str, ...]:
    """The paths to count (or, with ``records``, to list) under the filters' organisation."""
    paths = oversight.record_paths if records else oversight.paths
    if filters.node is None:
        return paths
    node_path = filters.node.path
    if any(node_path.startswith(path) for path in paths):
        return (node_path,)
    return tuple(path for path in paths if path.startswith(node_path))


def organisation_choices(actor: Any) -> list[OrgNode]:
    """Nodes the actor may filter by: every node in the subtrees their figures cover."""
    paths = oversight_for(actor).paths
    if not paths:
        return []
    return list(OrgNode.objects.filter(under("path", paths)).order_by("path"))


def group_choices(language: str = "en") -> list[tuple[str, str]]:
    return sorted(
        ((group_id, group.name(language)) for group_id, group in all_groups().items()),
        key=lambda item: item[1].lower(),
    )


def _date(value: Any, name: str, problems: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems[name] = [_("Enter a date as YYYY-MM-DD.")]
        return None


def filters_parse(actor: Any, data: Mapping[str, Any]) -> ReportFilters:
    """Filters from query parameters (``organisation``, ``sector``, ``group``, ``from``, ``to``).

    Raises ValidationFailed naming each field at fault: an organisation outside the actor's
    oversight reads as unknown (as a missing one), a period whose start is after its end is
    refused on ``to``.
    """
    problems: dict[str, list[str]] = {}
    oversight = oversight_for(actor)
    node = None
    raw_node = str(data.get("organisation") or "").strip()
    if raw_node:
        found = None
        if raw_node.isdigit() and oversight.paths:
            found = OrgNode.objects.filter(under("path", oversight.paths), pk=int(raw_node)).first()
        if found is None:
            problems["organisation"] = [_("Unknown organisation.")]
        node = found
    sector = str(data.get("sector") or "").strip()
    if sector and sector not in SECTORS:
        problems["sector"] = [_("Unknown sector “%(sector)s”.") % {"sector": sector}]
    group = str(data.get("group") or "").strip()
    countries = None
    if group:
        found_group = all_groups().get(group)
        if found_group is None:
            problems["group"] = [_("Unknown country group “%(group)s”.") % {"group": group}]
        else:
            countries = frozenset(found_group.members)
    date_from = _date(data.get("from"), "from", problems)
    date_to = _date(data.get("to"), "to", problems)
    if date_from and date_to and date_from > date_to:
        problems.setdefault("to", []).append(_("The end of the period is before its start."))
    if problems:
        raise ValidationFailed(fields=problems)
    return ReportFilters(
        node=node,
        sector=sector,
        group=group,
        countries=countries,
        date_from=date_from,
        date_to=date_to,
    )
