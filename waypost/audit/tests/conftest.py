"""Fixtures for the audit tests: a short chain, and a tamperer with database-owner rights."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from waypost.audit.models import AuditEvent
from waypost.audit.services import record
from waypost.people import events


@pytest.fixture
def chain(db: Any) -> Callable[[int], list[AuditEvent]]:
    """``chain(n)`` appends ``n`` events (actions alternate) and returns them in order."""

    def _chain(count: int) -> list[AuditEvent]:
        kinds = (events.PERSON_CREATED, events.PERSON_UPDATED)
        return [
            record(
                event=kinds[index % 2],
                actor=None,
                target_type="people.person",
                target_id=str(index),
                target_label=f"Person {index}",
                after={"index": index},
            )
            for index in range(count)
        ]

    return _chain


class Tamperer:
    """Someone who owns the database: switches the append-only trigger off, then edits rows."""

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
            elif connection.vendor == "sqlite":
                cursor.execute("DROP TRIGGER audit_auditevent_no_update")

    def edit(self, which: int, **values: Any) -> None:
        """Overwrite fields of the event whose seq is ``which``."""
        assert AuditEvent.objects.filter(seq=which).update(**values) == 1

    def delete(self, which: int) -> None:
        assert AuditEvent.objects.filter(seq=which).delete()[0] == 1

    def swap(self, first: int, second: int) -> None:
        # seq is unique, so the swap goes through a free number.
        self.edit(first, seq=-1)
        self.edit(second, seq=first)
        self.edit(-1, seq=second)


@pytest.fixture
def tamperer(db: Any) -> Tamperer:
    """The trigger change is part of the test transaction, so it is undone after the test."""
    return Tamperer()
