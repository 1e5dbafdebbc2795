"""``/people/<id>/``: a sensitive read, audited; forbidden looks exactly like missing."""

from __future__ import annotations

from typing import Any

from waypost.audit.models import AuditEvent
from waypost.testing import Cast


def test_viewing_a_record_writes_an_audit_event(cast: Cast, login: Any) -> None:
    """Olu opening Alice's record is recorded with actor, target and Alice's organisation path."""
    # given
    client = login(cast.olu)
    # when
    response = client.get(f"/people/{cast.alice.pk}/")
    # then
    assert response.status_code == 200
    assert "alice@lumen.example" in response.content.decode()
    event = AuditEvent.objects.get(action="person.viewed")
    assert (event.actor_id, event.target_id, event.org_path) == (
        cast.olu.user.pk,
        str(cast.alice.pk),
        cast.unit.path,
    )


def test_forbidden_and_missing_answer_the_same_404(cast: Cast, login: Any) -> None:
    """Mallory gets the same 404 body for Alice's record as for an id that does not exist."""
    # given
    client = login(cast.mallory)
    # when
    forbidden = client.get(f"/people/{cast.alice.pk}/")
    missing = client.get("/people/999999999/")
    # then
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content
    assert b"alice" not in forbidden.content.lower()
    assert not AuditEvent.objects.filter(action="person.viewed").exists()


def test_anonymous_is_sent_to_sign_in(cast: Cast, client: Any) -> None:
    """Without a session the record is not shown and the visitor is sent to the sign-in page."""
    # when
    response = client.get(f"/people/{cast.alice.pk}/")
    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
