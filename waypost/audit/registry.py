"""Registry of audit event types.

Every event written to the audit log has a registered, stable type. To add one:

1. Declare it in your app's ``events.py``:
   ``PERSON_CREATED = register("person.created", _("Person created"))``.
2. Pass it to :func:`waypost.audit.services.record` from the service that made the change.
3. Add the German and Chinese translations of its label (``make messages``).

Codes are never reused or renamed: the log must stay readable for years.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class AuditEventType:
    code: str
    label: Promise | str
    sensitive_read: bool = False

    def __str__(self) -> str:
        return self.code


_REGISTRY: dict[str, AuditEventType] = {}


class DuplicateEventType(ValueError):
    pass


def register(code: str, label: Promise | str, *, sensitive_read: bool = False) -> AuditEventType:
    if code in _REGISTRY:
        raise DuplicateEventType(f"audit event type {code!r} is registered twice")
    event_type = AuditEventType(code=code, label=label, sensitive_read=sensitive_read)
    _REGISTRY[code] = event_type
    return event_type


def get(code: str) -> AuditEventType | None:
    return _REGISTRY.get(code)


def all_types() -> list[AuditEventType]:
    return sorted(_REGISTRY.values(), key=lambda event_type: event_type.code)
