"""Writes for custom country groups. Each validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waypost.audit.services import record, snapshot
from waypost.core.errors import PermissionDenied, ValidationFailed
from waypost.people.choices import AccessRole
from waypost.people.models import OrgNode
from waypost.people.scoping import scope_for

from . import events
from .groups import is_country_code, load_country_groups
from .models import CustomCountryGroup

GROUP_FIELDS = ("slug", "owner", "names", "members", "source", "as_of", "notes")


def can_manage_country_groups(user: Any, node: OrgNode) -> bool:
    return scope_for(user).covers(node.path, AccessRole.SECURITY_OFFICER, AccessRole.ADMINISTRATOR)


def _clean_members(members: Iterable[str]) -> list[str]:
    cleaned = sorted({str(code).strip().upper() for code in members if str(code).strip()})
    unknown = [code for code in cleaned if not is_country_code(code)]
    if unknown:
        raise ValidationFailed(
            fields={"members": [_("Unknown country code: %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    if not cleaned:
        raise ValidationFailed(fields={"members": [_("A group needs at least one country.")]})
    return cleaned


@transaction.atomic
def country_group_save(
    *,
    actor: Any,
    slug: str,
    owner: OrgNode,
    names: Mapping[str, str],
    members: Iterable[str],
    as_of: dt.date,
    source: str = "",
    notes: str = "",
) -> CustomCountryGroup:
    """Create the custom group ``slug`` or update it; shipped group ids are reserved."""
    if not can_manage_country_groups(actor, owner):
        raise PermissionDenied()
    if slug in load_country_groups():
        raise ValidationFailed(
            fields={
                "slug": [_("“%(slug)s” is a shipped country group and cannot be redefined.") % {"slug": slug}]
            }
        )
    if not (names.get("en") or "").strip():
        raise ValidationFailed(fields={"names": [_("An English name is required.")]})
    cleaned = _clean_members(members)
    group = CustomCountryGroup.objects.select_for_update().filter(slug=slug).first()
    before = snapshot(group, GROUP_FIELDS) if group else None
    if group is not None and not can_manage_country_groups(actor, group.owner):
        raise PermissionDenied()
    group = group or CustomCountryGroup(slug=slug, created_by=actor if getattr(actor, "pk", None) else None)
    group.owner = owner
    group.names = {lang: text.strip() for lang, text in names.items() if text and text.strip()}
    group.members = cleaned
    group.as_of = as_of
    group.source = source
    group.notes = notes
    group.full_clean()
    group.save()
    record(
        event=events.COUNTRY_GROUP_UPDATED if before else events.COUNTRY_GROUP_CREATED,
        actor=actor,
        target=group,
        before=before,
        after=snapshot(group, GROUP_FIELDS),
    )
    return group
