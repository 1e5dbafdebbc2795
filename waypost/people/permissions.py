"""Pure permission checks: ``can_<verb>_<entity>(user, obj) -> bool``.

They look only at the objects passed in and the actor's cached scope. Services
check them again; views use them to decide what to show.
"""

from __future__ import annotations

from typing import Any

from .choices import AccessRole
from .models import OrgNode, Person
from .scoping import scope_for

OVERSEERS = (AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR)


def can_view_person(user: Any, person: Person) -> bool:
    scope = scope_for(user)
    if scope.is_anonymous:
        return False
    if person.pk == scope.person_id or (scope.person_id and person.manager_id == scope.person_id):
        return True
    return scope.covers(person.unit.path, *OVERSEERS)


def can_manage_people(user: Any, node: OrgNode) -> bool:
    """Import and edit people in ``node``'s subtree: administrators and security officers."""
    return scope_for(user).covers(node.path, AccessRole.ADMINISTRATOR, AccessRole.SECURITY_OFFICER)


def can_import_people(user: Any) -> bool:
    return bool(scope_for(user).subtree_paths(AccessRole.ADMINISTRATOR, AccessRole.SECURITY_OFFICER))


def can_manage_organisation(user: Any, node: OrgNode) -> bool:
    return scope_for(user).covers(node.path, AccessRole.ADMINISTRATOR)


def can_view_audit_log(user: Any) -> bool:
    return bool(scope_for(user).subtree_paths(AccessRole.AUDITOR, AccessRole.ADMINISTRATOR))


def can_use_admin(user: Any) -> bool:
    """The Django admin is for deployment administrators only."""
    scope = scope_for(user)
    return scope.is_superuser or scope.has_role(AccessRole.ADMINISTRATOR)


def can_view_people_directory(user: Any) -> bool:
    scope = scope_for(user)
    return bool(scope.subtree_paths(*OVERSEERS)) or bool(scope.person_id)
