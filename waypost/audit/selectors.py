"""Reads of the audit log, scoped to the auditor's subtrees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from waypost.core.errors import PermissionDenied, ValidationFailed
from waypost.people.choices import AccessRole
from waypost.people.scoping import scope_for

from .models import AuditEvent


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    target_type: str = ""
    target: str = ""
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> AuditFilter:
        errors: dict[str, list[str]] = {}
        dates: dict[str, dt.date | None] = {}
        for key in ("since", "until"):
            raw = (params.get(key) or "").strip()
            dates[key] = None
            if raw:
                try:
                    dates[key] = dt.date.fromisoformat(raw)
                except ValueError:
                    errors[key] = [_("Enter a date as YYYY-MM-DD.")]
        since, until = dates["since"], dates["until"]
        if since and until and until < since:
            # The same rule, and message, as the web page's filter form.
            errors["until"] = [_("The end date is before the start date.")]
        if errors:
            raise ValidationFailed(fields=errors)
        return cls(
            action=(params.get("action") or "").strip()[:64],
            actor=(params.get("actor") or "").strip()[:100],
            target_type=(params.get("target_type") or "").strip()[:64],
            target=(params.get("target") or "").strip()[:100],
            since=dates["since"],
            until=dates["until"],
        )

    def as_dict(self) -> dict[str, str]:
        return {key: str(value) for key, value in asdict(self).items() if value}


def audit_event_list_for(*, actor: Any, filters: AuditFilter | None = None) -> QuerySet[AuditEvent]:
    """Events in the subtrees the actor audits or administers; administrators also see system events."""
    scope = scope_for(actor)
    paths = scope.subtree_paths(AccessRole.AUDITOR, AccessRole.ADMINISTRATOR)
    if not paths:
        raise PermissionDenied()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(org_path__startswith=path)
    if scope.has_role(AccessRole.ADMINISTRATOR):
        condition |= Q(org_path="")
    events = AuditEvent.objects.filter(condition)
    filters = filters or AuditFilter()
    if filters.action:
        events = events.filter(action__startswith=filters.action)
    if filters.actor:
        events = events.filter(actor_label__icontains=filters.actor)
    if filters.target_type:
        events = events.filter(target_type=filters.target_type)
    if filters.target:
        events = events.filter(Q(target_label__icontains=filters.target) | Q(target_id=filters.target))
    if filters.since:
        events = events.filter(occurred_at__date__gte=filters.since)
    if filters.until:
        events = events.filter(occurred_at__date__lte=filters.until)
    return events.order_by("-seq")
