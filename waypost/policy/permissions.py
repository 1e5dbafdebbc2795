"""Who may write guidance: security officers and administrators over the issuer node."""

from __future__ import annotations

from typing import Any

from waypost.people.choices import AccessRole
from waypost.people.models import OrgNode
from waypost.people.scoping import scope_for

AUTHORS = (AccessRole.SECURITY_OFFICER, AccessRole.ADMINISTRATOR)


def can_author_guidance(user: Any, issuer: OrgNode) -> bool:
    return scope_for(user).covers(issuer.path, *AUTHORS)


def can_author_any_guidance(user: Any) -> bool:
    return bool(scope_for(user).subtree_paths(*AUTHORS))
