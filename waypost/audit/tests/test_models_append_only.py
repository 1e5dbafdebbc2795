"""The database itself refuses to change audit events (triggers from migration 0002)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from waypost.audit.models import AuditEvent


def test_orm_update_is_refused_by_the_database(chain: Any) -> None:
    """An UPDATE on audit_auditevent raises a database error and changes nothing."""
    # given
    chain(2)
    # when
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=1).update(target_label="rewritten")
    # then
    assert AuditEvent.objects.get(seq=1).target_label == "Person 0"


def test_save_of_a_loaded_event_is_refused(chain: Any) -> None:
    """Saving a loaded event (an UPDATE) is refused as well."""
    # given
    chain(1)
    event = AuditEvent.objects.get(seq=1)
    event.action = "person.deleted"
    # when / then
    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()
    assert AuditEvent.objects.get(seq=1).action == "person.created"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE for the test flush")
def test_delete_is_refused_on_postgresql(chain: Any) -> None:
    """On PostgreSQL a DELETE is refused too."""
    # given
    chain(2)
    # when
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(seq=2).delete()
    # then
    assert AuditEvent.objects.count() == 2
