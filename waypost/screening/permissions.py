"""Pure permission checks for screening: ``can_<verb>_<entity>(user, obj) -> bool``.

Hits and screened names are seen by security officers, auditors and administrators over the
traveller's unit (see the models' ``visible_to``); only security officers decide hits.
"""

from __future__ import annotations

from typing import Any

from waypost.people.choices import AccessRole
from waypost.people.models import OrgNode
from waypost.people.scoping import scope_for

OVERSEERS = (AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR)


def can_view_hits(user: Any, org_path: str) -> bool:
    """Whether ``user`` sees the screened names and hits of people at ``org_path``."""
    return scope_for(user).covers(org_path, *OVERSEERS)


def can_decide_hit(user: Any, org_path: str) -> bool:
    """Confirm or clear a hit about someone at ``org_path``: a security officer over it."""
    return scope_for(user).covers(org_path, AccessRole.SECURITY_OFFICER)


def can_import_list(user: Any, owner: OrgNode | None) -> bool:
    """Public lists: administrators. An organisation's own list: its administrators and security officers."""
    scope = scope_for(user)
    if owner is None:
        return scope.is_superuser or scope.has_role(AccessRole.ADMINISTRATOR)
    return scope.covers(owner.path, AccessRole.ADMINISTRATOR, AccessRole.SECURITY_OFFICER)
