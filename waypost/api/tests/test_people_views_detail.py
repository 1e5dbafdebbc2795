"""``GET /api/v1/people/<id>/``: a sensitive read, audited; forbidden looks like missing."""

from __future__ import annotations

from typing import Any

from waypost.audit.models import AuditEvent
from waypost.testing import Cast


def test_reading_a_person_writes_an_audit_event(cast: Cast, login: Any) -> None:
    """Olu reading Alice through the API is recorded, with the request id."""
    # when
    response = login(cast.olu).get(f"/api/v1/people/{cast.alice.pk}/")
    # then
    assert response.status_code == 200
    assert response.json()["email"] == "alice@lumen.example"
    event = AuditEvent.objects.get(action="person.viewed")
    assert (event.actor_id, event.target_id) == (cast.olu.user.pk, str(cast.alice.pk))
    assert event.request_id == response["X-Request-ID"]


def test_forbidden_reads_write_no_event_and_look_missing(cast: Cast, login: Any) -> None:
    """Mallory's attempt on Alice is a 404 like a missing id, and is not a read of Alice."""
    # given
    client = login(cast.mallory)
    # when
    forbidden = client.get(f"/api/v1/people/{cast.alice.pk}/")
    missing = client.get("/api/v1/people/424242424/")
    # then
    assert (forbidden.status_code, forbidden.json()) == (missing.status_code, missing.json())
    assert forbidden.status_code == 404
    assert not AuditEvent.objects.filter(action="person.viewed").exists()
