"""What an actor may see, computed once per request from their person and role assignments.

Every selector builds its filter from an :class:`ActorScope`. It is cached on the
user object, so one request costs one query however many querysets it scopes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .choices import AccessRole

_CACHE_ATTR = "_waypost_scope"


@dataclass(frozen=True)
class ActorScope:
    user_id: int | None
    person_id: int | None
    unit_path: str = ""
    own_path_node_ids: tuple[int, ...] = ()
    # role → node paths the role is held over
    grants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    is_superuser: bool = False

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def subtree_paths(self, *roles: str) -> list[str]:
        paths: list[str] = []
        for role in roles:
            paths.extend(self.grants.get(role, ()))
        return _outermost(paths)

    def has_role(self, role: str) -> bool:
        return bool(self.grants.get(role))

    def covers(self, path: str, *roles: str) -> bool:
        """Whether ``path`` lies in a subtree over which the actor holds one of ``roles``."""
        return any(path.startswith(granted) for granted in self.subtree_paths(*roles))

    @property
    def roles(self) -> set[str]:
        roles = {role for role, paths in self.grants.items() if paths}
        if self.person_id:
            roles.add(AccessRole.TRAVELLER)
        return roles


def _outermost(paths: list[str]) -> list[str]:
    """Drop paths already covered by an ancestor, so filters stay short."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(other) for other in kept):
            kept.append(path)
    return kept


ANONYMOUS = ActorScope(user_id=None, person_id=None)


def scope_for(user: Any) -> ActorScope:
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .models import OrgNode, Person, RoleAssignment

    person = Person.objects.filter(user_id=user.pk, is_active=True).select_related("unit").first()
    grants: dict[str, list[str]] = {}
    own_path_ids: tuple[int, ...] = ()
    unit_path = ""
    if person is not None:
        for role, path in RoleAssignment.objects.filter(person=person).values_list("role", "node__path"):
            grants.setdefault(role, []).append(path)
        unit_path = person.unit.path
        slugs = [slug for slug in unit_path.split("/") if slug]
        own_path_ids = tuple(OrgNode.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    scope = ActorScope(
        user_id=user.pk,
        person_id=person.pk if person else None,
        unit_path=unit_path,
        own_path_node_ids=own_path_ids,
        grants={role: tuple(paths) for role, paths in grants.items()},
        is_superuser=bool(getattr(user, "is_superuser", False)),
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after the actor's roles changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
