"""Writes for organisations, people, roles and accounts. Each audits what it changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from waypost.audit.services import record, snapshot
from waypost.core.errors import NotFound, PermissionDenied, ValidationFailed

from . import events
from .choices import PARENT_KINDS, AccessRole, NodeKind
from .importing import ParsedFile, RowError, decode, parse_people_csv
from .models import OrgNode, Person, RoleAssignment
from .permissions import can_import_people
from .scoping import forget_scope, scope_for

PERSON_FIELDS = (
    "email",
    "name_latin",
    "name_native",
    "unit",
    "manager",
    "role",
    "sensitivity",
    "sectors",
    "preferred_language",
    "is_active",
)


def orgnode_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    slug: str,
    parent: OrgNode | None = None,
    name_native: str = "",
    country: str = "",
) -> OrgNode:
    """Create a node. Units hang under organisations or units; authorities and organisations may be roots."""
    parent_kind = NodeKind(parent.kind) if parent else None
    allowed: set[NodeKind | None] = PARENT_KINDS[NodeKind(kind)]
    if parent_kind not in allowed:
        raise ValidationFailed(
            fields={
                "parent": [_("A %(kind)s cannot be placed under this node.") % {"kind": NodeKind(kind).label}]
            }
        )
    node = OrgNode(
        kind=kind,
        name=name,
        slug=slug,
        parent=parent,
        name_native=name_native,
        country=country,
        path=f"{parent.path if parent else '/'}{slug}/",
    )
    node.full_clean()
    node.save()
    record(
        event=events.ORGNODE_CREATED,
        actor=actor,
        target=node,
        after=snapshot(node, ("kind", "name", "slug", "parent", "path")),
    )
    return node


def person_create(
    *,
    actor: Any,
    email: str,
    name_latin: str,
    unit: OrgNode,
    name_native: str = "",
    manager: Person | None = None,
    role: str = "staff",
    sensitivity: int = 1,
    sectors: list[str] | None = None,
) -> Person:
    person = Person(
        email=email.lower(),
        name_latin=name_latin,
        name_native=name_native,
        unit=unit,
        manager=manager,
        role=role,
        sensitivity=sensitivity,
        sectors=list(sectors or []),
    )
    person.full_clean(exclude=["user"])
    person.save()
    record(event=events.PERSON_CREATED, actor=actor, target=person, after=snapshot(person, PERSON_FIELDS))
    return person


def role_grant(*, actor: Any, person: Person, role: str, node: OrgNode) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        person=person, role=AccessRole(role), node=node
    )
    if created:
        record(event=events.ROLE_GRANTED, actor=actor, target=person, extra={"role": role, "node": node.slug})
    if person.user is not None:
        forget_scope(person.user)
    return assignment


def account_create(*, actor: Any, person: Person, password: str | None = None) -> Any:
    """Give a person a login. Without a password, they set one through the reset link."""
    User = get_user_model()
    if person.user_id:
        return person.user
    user = User(username=person.email, email=person.email, first_name=person.name_latin[:150])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    record(event=events.ACCOUNT_CREATED, actor=actor, target=person)
    return user


def _check_manager_cycles(managers: dict[str, str]) -> list[str]:
    """E-mails that sit on a cycle of the manager relation (person → manager → … → person)."""
    on_cycle: set[str] = set()
    for start in managers:
        seen: list[str] = []
        current: str | None = start
        while current is not None and current not in seen:
            seen.append(current)
            current = managers.get(current)
        if current is not None and current == start:
            on_cycle.add(start)
    return sorted(on_cycle)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


def people_import(*, actor: Any, data: bytes, filename: str = "") -> ImportResult:
    """Import or update people from CSV bytes: all rows or none.

    1. Decode and parse every row, collecting every error (row, column, reason).
    2. Check what needs the database: units the actor manages, managers that
       exist in the file or already, e-mails not repeated, no manager cycles.
    3. If anything failed, record a rejected import and return the errors.
    4. Otherwise write everything in one transaction and audit each change.
    """
    if not can_import_people(actor):
        raise PermissionDenied()
    text, decode_error = decode(data)
    if decode_error is not None or text is None:
        parsed = ParsedFile([], [decode_error] if decode_error else [])
    else:
        parsed = parse_people_csv(text)
    errors = list(parsed.errors)
    rows = parsed.rows
    scope = scope_for(actor)
    manageable = scope.subtree_paths(AccessRole.ADMINISTRATOR, AccessRole.SECURITY_OFFICER)

    units = {node.slug: node for node in OrgNode.objects.filter(slug__in={row.unit for row in rows})}
    first_row_for_email: dict[str, int] = {}
    for row in rows:
        if row.email in first_row_for_email:
            errors.append(
                RowError(
                    row.row,
                    "email",
                    _("Duplicate e-mail: already on row %(row)d.") % {"row": first_row_for_email[row.email]},
                )
            )
        else:
            first_row_for_email[row.email] = row.row
        unit = units.get(row.unit)
        if unit is None or not any(unit.path.startswith(path) for path in manageable):
            # An existing unit outside the actor's subtree is reported like a missing one.
            errors.append(RowError(row.row, "unit", _("Unknown unit '%(value)s'.") % {"value": row.unit}))
        elif unit.kind != NodeKind.UNIT:
            errors.append(RowError(row.row, "unit", _("'%(value)s' is not a unit.") % {"value": row.unit}))

    existing = {person.email: person for person in Person.objects.filter(email__in=set(first_row_for_email))}
    manager_emails = {row.manager_email for row in rows if row.manager_email}
    known_managers = set(Person.objects.filter(email__in=manager_emails).values_list("email", flat=True))
    for row in rows:
        if (
            row.manager_email
            and row.manager_email not in first_row_for_email
            and row.manager_email not in known_managers
        ):
            errors.append(
                RowError(
                    row.row,
                    "manager_email",
                    _("No person with the e-mail '%(value)s'.") % {"value": row.manager_email},
                )
            )
        person = existing.get(row.email)
        if person is not None and not any(person.unit.path.startswith(path) for path in manageable):
            errors.append(RowError(row.row, "email", _("This person belongs to a unit you do not manage.")))

    if not errors:
        # Cycles over the manager relation as it would be after the import.
        graph = dict(Person.objects.filter(manager__isnull=False).values_list("email", "manager__email"))
        for row in rows:
            if row.manager_email:
                graph[row.email] = row.manager_email
            else:
                graph.pop(row.email, None)
        for email in _check_manager_cycles(graph):
            if email in first_row_for_email:
                errors.append(
                    RowError(
                        first_row_for_email[email],
                        "manager_email",
                        _("This manager would create a cycle (a person managing themselves)."),
                    )
                )

    if errors:
        errors.sort(key=lambda error: (error.row, error.column))
        with transaction.atomic():
            record(
                event=events.PEOPLE_IMPORT_REJECTED,
                actor=actor,
                target_type="people.import",
                target_label=filename,
                extra={"errors": len(errors), "rows": len(rows)},
            )
        return ImportResult(0, 0, errors)

    created = 0
    updated_emails: set[str] = set()
    with transaction.atomic():
        people: dict[str, Person] = {}
        for row in rows:
            person = existing.get(row.email)
            values = {
                "name_latin": row.name_latin,
                "name_native": row.name_native,
                "unit": units[row.unit],
                "role": row.role,
                "sensitivity": row.sensitivity,
                "sectors": row.sectors,
                "preferred_language": row.language,
            }
            if person is None:
                person = Person(email=row.email, **values)
                person.full_clean(exclude=["manager", "user"])
                person.save()
                record(
                    event=events.PERSON_CREATED,
                    actor=actor,
                    target=person,
                    after=snapshot(person, PERSON_FIELDS),
                    extra={"source": "import", "row": row.row},
                )
                created += 1
            else:
                before = snapshot(person, PERSON_FIELDS)
                for key, value in values.items():
                    setattr(person, key, value)
                person.full_clean(exclude=["manager", "user"])
                person.save()
                after = snapshot(person, PERSON_FIELDS)
                if after != before:
                    record(
                        event=events.PERSON_UPDATED,
                        actor=actor,
                        target=person,
                        before=before,
                        after=after,
                        extra={"source": "import", "row": row.row},
                    )
                    updated_emails.add(row.email)
            people[row.email] = person
        managers = {person.email: person for person in Person.objects.filter(email__in=manager_emails)}
        for row in rows:
            person = people[row.email]
            manager = managers.get(row.manager_email) if row.manager_email else None
            if person.manager_id != (manager.pk if manager else None):
                before = snapshot(person, ("manager",))
                person.manager = manager
                person.save(update_fields=["manager", "updated_at"])
                record(
                    event=events.PERSON_UPDATED,
                    actor=actor,
                    target=person,
                    before=before,
                    after=snapshot(person, ("manager",)),
                    extra={"source": "import", "row": row.row},
                )
                if row.email in existing:
                    updated_emails.add(row.email)
        # A person whose fields and manager both changed counts once.
        updated = len(updated_emails)
        record(
            event=events.PEOPLE_IMPORTED,
            actor=actor,
            target_type="people.import",
            target_label=filename,
            extra={"created": created, "updated": updated, "rows": len(rows)},
        )
    return ImportResult(created, updated, [])


def person_record_view(*, actor: Any, person: Person) -> None:
    """Audit a read of a person's full record (a sensitive read)."""
    record(event=events.PERSON_VIEWED, actor=actor, target=person)


def api_token_create(*, actor: Any, name: str, days: int | None = 90) -> tuple[Any, str]:
    """Create a personal token for ``actor``; returns the row and the secret, shown once."""
    import datetime as dt
    import hashlib
    import secrets

    from waypost.core import clock

    from .models import ApiToken

    if not name.strip():
        raise ValidationFailed(fields={"name": [_("This field is required.")]})
    secret = "wp_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name.strip()[:100],
            prefix=secret[:10],
            digest=hashlib.sha256(secret.encode()).hexdigest(),
            expires_at=clock.now() + dt.timedelta(days=days) if days else None,
        )
        record(
            event=events.API_TOKEN_CREATED,
            actor=actor,
            target=token,
            extra={"expires": str(token.expires_at)},
        )
    return token, secret


def api_token_revoke(*, actor: Any, token_id: int) -> None:
    from waypost.core import clock

    from .models import ApiToken

    with transaction.atomic():
        token = (
            ApiToken.objects.select_for_update()
            .filter(pk=token_id, user=actor, revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise NotFound()
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        record(event=events.API_TOKEN_REVOKED, actor=actor, target=token)


__all__ = [
    "ImportResult",
    "account_create",
    "api_token_create",
    "api_token_revoke",
    "orgnode_create",
    "people_import",
    "person_create",
    "person_record_view",
    "role_grant",
]
