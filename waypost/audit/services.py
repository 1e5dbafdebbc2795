"""Writing to the audit log. Services call :func:`record` on purpose, inside their transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction

from waypost.core import clock

from .chain import ChainReport, compute_hash, verify_events
from .middleware import current_request_id
from .models import AuditChainHead, AuditEvent
from .registry import AuditEventType


def _jsonable(value: Any) -> Any:
    """Round-trip through JSON so what is hashed equals what the database gives back."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """A JSON-able copy of some fields of a row, for before/after."""
    data: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        data[name] = value
    return _jsonable(data)


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", True):
        return None, ""
    person = getattr(actor, "person", None) if hasattr(actor, "get_username") else actor
    label = str(person) if person is not None else str(actor)
    user_id = actor.pk if hasattr(actor, "get_username") else getattr(actor, "user_id", None)
    return user_id, label[:255]


def record(
    *,
    event: AuditEventType,
    actor: Any,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    org_path: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    ``actor`` is a User (or None for the system). Call it inside the service's
    transaction: if the change rolls back, so does its audit event. The chain
    head row is locked for the rest of that transaction, so keep the work after
    ``record`` short.
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)
        org_path = org_path or getattr(target, "audit_org_path", "") or ""
    actor_id, actor_label = _actor_fields(actor)
    if not org_path and actor_id is not None:
        # Events about no particular record (sign-ins, imports) belong to the actor's own unit.
        from waypost.people.scoping import scope_for

        org_path = scope_for(actor).unit_path
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(id=1)
        # FOR UPDATE (the strongest row lock): exactly one writer may extend the chain at a time.
        head = AuditChainHead.objects.select_for_update().get(id=1)
        audit_event = AuditEvent(
            seq=head.seq + 1,
            occurred_at=clock.now(),
            action=event.code,
            actor_id=actor_id,
            actor_label=actor_label,
            target_type=target_type[:64],
            target_id=target_id[:64],
            target_label=target_label[:255],
            org_path=org_path[:512],
            before=_jsonable(dict(before)) if before is not None else None,
            after=_jsonable(dict(after)) if after is not None else None,
            extra=_jsonable(dict(extra or {})),
            request_id=current_request_id(),
            prev_hash=head.hash,
        )
        audit_event.hash = compute_hash(audit_event)
        audit_event.save(force_insert=True)
        head.seq = audit_event.seq
        head.hash = audit_event.hash
        head.save(update_fields=["seq", "hash"])
    return audit_event


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    """Verify every stored event, streaming them in ``seq`` order."""
    head = AuditChainHead.objects.filter(id=1).first()
    events = AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size)
    return verify_events(events, head_seq=head.seq if head else 0, head_hash=head.hash if head else None)
