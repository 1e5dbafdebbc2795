"""``RequestIdMiddleware``: one id per request, in the X-Request-ID header and in the audit events."""

from __future__ import annotations

import re
from typing import Any

from waypost.audit.middleware import current_request_id
from waypost.audit.models import AuditEvent
from waypost.audit.services import record
from waypost.people import events
from waypost.testing import Cast


def test_request_id_lands_in_the_header_and_the_audit_event(cast: Cast, login: Any) -> None:
    """A sensitive read during a request records the request id that the response announces."""
    # given
    client = login(cast.olu)
    # when
    response = client.get(f"/people/{cast.alice.pk}/")
    # then
    assert response.status_code == 200
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    event = AuditEvent.objects.get(action="person.viewed")
    assert event.request_id == request_id


def test_well_formed_incoming_request_id_is_kept(cast: Cast, login: Any) -> None:
    """An id set by the proxy is reused, so logs of both can be joined."""
    # given
    client = login(cast.olu)
    # when
    response = client.get(f"/people/{cast.alice.pk}/", headers={"X-Request-ID": "proxy-abc-12345"})
    # then
    assert response["X-Request-ID"] == "proxy-abc-12345"
    assert AuditEvent.objects.get(action="person.viewed").request_id == "proxy-abc-12345"


def test_malformed_incoming_request_id_is_replaced(cast: Cast, login: Any) -> None:
    """An incoming id with unsafe characters is not trusted; a fresh one is made."""
    # given
    client = login(cast.olu)
    # when
    response = client.get(f"/people/{cast.alice.pk}/", headers={"X-Request-ID": "bad id<script>"})
    # then
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert AuditEvent.objects.get(action="person.viewed").request_id == response["X-Request-ID"]


def test_each_request_gets_its_own_id(client: Any, db: Any) -> None:
    """Two requests never share an id."""
    # when
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    # then
    assert first != second


def test_events_outside_a_request_have_no_request_id(db: Any) -> None:
    """Outside a request (CLI, worker) the id is empty, and the middleware left none behind."""
    # when
    event = record(event=events.PERSON_VIEWED, actor=None, target_type="people.person")
    # then
    assert current_request_id() == ""
    assert event.request_id == ""
