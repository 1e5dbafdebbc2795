"""Webhooks: written with the change (outbox), signed, POSTed to a real receiver, retried, given up.

The receiver is a real HTTP server on 127.0.0.1 (``webhook_receiver.py``); the clock is moved
with time-machine.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction

from waypost.core import clock
from waypost.notifications.models import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from waypost.notifications.webhook_endpoints import webhook_endpoint_create, webhook_endpoint_ping
from waypost.notifications.webhooks import (
    CLAIM_TIMEOUT,
    MAX_ATTEMPTS,
    _claim,
    deliver_webhooks,
    signature_header,
    verify_signature,
    webhook_emit,
)
from waypost.people.models import OrgNode
from waypost.testing import Cast

from .conftest import NOW
from .webhook_receiver import Receiver, closed_port_url, running_receiver

DATA = {"trip": 7, "status": "submitted", "depart_on": dt.date(2026, 3, 20), "url": "/trips/7/"}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from running_receiver()


@pytest.fixture(autouse=True)
def _site(settings: Any, clock_at: Callable[[dt.datetime], Any]) -> None:
    settings.WAYPOST_BASE_URL = "https://waypost.example"
    settings.WAYPOST_WEBHOOK_TIMEOUT = 5


def endpoint_for(owner: OrgNode, url: str, events: tuple[str, ...] = ("trip.submitted",)) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(owner=owner, url=url, events=list(events))


def emit(cast: Cast, event: str = "trip.submitted") -> list[WebhookDelivery]:
    return webhook_emit(event, org_path=cast.unit.path, data=DATA)


def test_nothing_is_written_or_sent_when_the_change_rolls_back(
    cast: Cast, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    endpoint_for(cast.org, receiver.url)

    # when: the caller's transaction fails after emitting
    def failing_change() -> None:
        with transaction.atomic():
            assert len(emit(cast)) == 1
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        failing_change()
    # then
    assert callbacks == []
    assert WebhookDelivery.objects.count() == 0
    assert deliver_webhooks() == 0
    assert receiver.requests == []


def test_an_emitted_event_is_posted_on_commit_signed_and_delivered(
    cast: Cast, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    # given
    endpoint = endpoint_for(cast.org, receiver.url)
    # when: the transaction commits, the worker (immediate in tests) sends it
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        (row,) = emit(cast)
    # then
    assert len(callbacks) == 1
    (request,) = receiver.wait_for(1)
    assert request.path == "/hooks/waypost"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == "Waypost-Webhooks/1"
    assert request.headers["waypost-event"] == "trip.submitted"
    assert request.headers["waypost-delivery"] == str(row.event_id)
    payload = json.loads(request.body)
    assert payload == {
        "id": str(row.event_id),
        "event": "trip.submitted",
        "created_at": NOW.isoformat(),
        "data": {
            "trip": 7,
            "status": "submitted",
            "depart_on": "2026-03-20",
            "url": "https://waypost.example/trips/7/",
        },
    }
    signature = request.headers["waypost-signature"]
    assert signature.startswith(f"t={int(NOW.timestamp())},v1=")
    assert verify_signature(endpoint.secret, signature, request.body) is True
    tampered = request.body.replace(b'"trip":7', b'"trip":8')
    assert verify_signature(endpoint.secret, signature, tampered) is False
    assert verify_signature("another-secret", signature, request.body) is False
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code, row.delivered_at) == (
        WebhookDeliveryStatus.DELIVERED,
        1,
        200,
        NOW,
    )
    assert deliver_webhooks() == 0  # delivered once


def test_one_transaction_starts_the_worker_once(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    endpoint_for(cast.org, "https://hooks.example/a")
    with django_capture_on_commit_callbacks() as callbacks:
        emit(cast)
        emit(cast)
    assert len(callbacks) == 1


def test_a_signature_is_only_good_for_a_while(cast: Cast) -> None:
    body = b'{"id":"x"}'
    header = signature_header("s3cret", body, int(NOW.timestamp()))
    assert verify_signature("s3cret", header, body) is True
    assert verify_signature("s3cret", header, body.decode()) is True
    assert verify_signature("s3cret", header, body, now=NOW.timestamp() + 301) is False
    assert verify_signature("s3cret", header, body, tolerance=600, now=NOW.timestamp() + 301) is True
    for malformed in ("", "v1=abc", f"t={int(NOW.timestamp())}", "t=soon,v1=abc", "garbage"):
        assert verify_signature("s3cret", malformed, body) is False


def test_a_failure_is_retried_after_the_back_off_and_delivered_once(
    cast: Cast, receiver: Receiver, clock_at: Callable[[dt.datetime], Any]
) -> None:
    # given: the receiver answers 500 once, then 200
    endpoint_for(cast.org, receiver.url)
    receiver.answer(500)
    (row,) = emit(cast)
    # when
    first = deliver_webhooks()
    # then: back to pending for a minute, with the answer kept
    row.refresh_from_db()
    assert (first, row.status, row.attempts, row.last_status_code) == (
        0,
        WebhookDeliveryStatus.PENDING,
        1,
        500,
    )
    assert row.not_before == NOW + dt.timedelta(minutes=1)
    assert "HTTP 500" in row.last_error
    # not tried again before it is due
    clock_at(NOW + dt.timedelta(seconds=59))
    assert deliver_webhooks() == 0
    assert len(receiver.requests) == 1
    # when it is due
    clock_at(NOW + dt.timedelta(minutes=1))
    assert deliver_webhooks() == 1
    # then: the same event id both times; delivered once
    requests = receiver.wait_for(2)
    assert len(requests) == 2
    assert {r.headers["waypost-delivery"] for r in requests} == {str(row.event_id)}
    assert requests[0].body == requests[1].body
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code, row.last_error) == (
        WebhookDeliveryStatus.DELIVERED,
        2,
        200,
        "",
    )
    clock_at(NOW + dt.timedelta(hours=1))
    assert deliver_webhooks() == 0
    assert len(receiver.requests) == 2


def test_a_delivery_fails_after_the_last_attempt_and_keeps_the_error(
    cast: Cast, receiver: Receiver, clock_at: Callable[[dt.datetime], Any]
) -> None:
    # given: the receiver is broken for good
    endpoint_for(cast.org, receiver.url)
    receiver.answer(*[503] * (MAX_ATTEMPTS + 1))
    (row,) = emit(cast)
    waits = []
    # when: each retry is tried when due
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliver_webhooks() == 0
        row.refresh_from_db()
        assert row.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert row.not_before is not None
            waits.append(row.not_before - clock.now())
            clock_at(row.not_before)
    # then
    assert waits == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60)]
    assert row.status == WebhookDeliveryStatus.FAILED
    assert row.last_status_code == 503
    assert row.last_error.startswith("HTTP 503")
    clock_at(clock.now() + dt.timedelta(days=1))
    assert deliver_webhooks() == 0
    assert len(receiver.wait_for(MAX_ATTEMPTS)) == MAX_ATTEMPTS


def test_a_refused_connection_is_retried(cast: Cast) -> None:
    endpoint_for(cast.org, closed_port_url())
    (row,) = emit(cast)

    assert deliver_webhooks() == 0

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_status_code) == (WebhookDeliveryStatus.PENDING, 1, None)
    assert "URLError" in row.last_error


def test_a_redirect_is_not_followed(cast: Cast, receiver: Receiver) -> None:
    endpoint_for(cast.org, receiver.url)
    receiver.answer(302)
    (row,) = emit(cast)

    assert deliver_webhooks() == 0

    row.refresh_from_db()
    assert (row.status, row.last_status_code) == (WebhookDeliveryStatus.PENDING, 302)
    assert "not followed" in row.last_error
    assert len(receiver.wait_for(1)) == 1


def test_a_row_abandoned_by_a_killed_worker_is_sent_again(cast: Cast, receiver: Receiver) -> None:
    # given: a worker claimed it longer ago than the claim timeout and was killed mid-send
    endpoint_for(cast.org, receiver.url)
    (row,) = emit(cast)
    WebhookDelivery.objects.filter(pk=row.pk).update(
        status=WebhookDeliveryStatus.SENDING,
        claimed_at=NOW - CLAIM_TIMEOUT - dt.timedelta(seconds=1),
        attempts=1,
    )
    # when
    delivered = deliver_webhooks()
    # then
    assert delivered == 1
    assert len(receiver.wait_for(1)) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claimed_at) == (WebhookDeliveryStatus.DELIVERED, 2, None)


def test_a_row_another_worker_is_still_sending_is_left_alone(cast: Cast, receiver: Receiver) -> None:
    endpoint_for(cast.org, receiver.url)
    (row,) = emit(cast)
    claimed_at = NOW - CLAIM_TIMEOUT + dt.timedelta(seconds=1)
    WebhookDelivery.objects.filter(pk=row.pk).update(
        status=WebhookDeliveryStatus.SENDING, claimed_at=claimed_at, attempts=1
    )

    assert deliver_webhooks() == 0

    assert receiver.requests == []
    row.refresh_from_db()
    assert (row.status, row.claimed_at) == (WebhookDeliveryStatus.SENDING, claimed_at)


def test_an_abandoned_row_with_no_attempts_left_fails(cast: Cast, receiver: Receiver) -> None:
    endpoint_for(cast.org, receiver.url)
    (row,) = emit(cast)
    WebhookDelivery.objects.filter(pk=row.pk).update(
        status=WebhookDeliveryStatus.SENDING, claimed_at=NOW - dt.timedelta(hours=1), attempts=MAX_ATTEMPTS
    )

    deliver_webhooks()

    row.refresh_from_db()
    assert row.status == WebhookDeliveryStatus.FAILED
    assert receiver.requests == []


def test_a_claimed_row_cannot_be_claimed_by_a_second_worker(cast: Cast) -> None:
    endpoint_for(cast.org, "https://hooks.example/a")
    (row,) = emit(cast)

    first, second = _claim(row.pk), _claim(row.pk)

    assert first is not None
    assert second is None


def test_only_endpoints_over_the_events_unit_receive_it(cast: Cast) -> None:
    # given: endpoints at the authority, the organisation and the unit above the event, a sibling
    # unit, and another organisation
    above = [
        endpoint_for(node, f"https://hooks.example/{node.slug}")
        for node in (cast.authority, cast.org, cast.unit)
    ]
    endpoint_for(cast.security_unit, "https://hooks.example/sibling")
    endpoint_for(cast.other_org, "https://hooks.example/other")
    endpoint_for(cast.other_authority, "https://hooks.example/other-authority")
    # when
    rows = emit(cast)
    # then: one event, the same id for each endpoint over the unit
    assert sorted(row.endpoint_id for row in rows) == sorted(endpoint.pk for endpoint in above)
    assert len({row.event_id for row in rows}) == 1
    assert WebhookDelivery.objects.count() == 3


def test_unsubscribed_and_inactive_endpoints_receive_nothing(cast: Cast) -> None:
    endpoint_for(cast.org, "https://hooks.example/incidents", events=("incident.created",))
    inactive = endpoint_for(cast.org, "https://hooks.example/paused")
    WebhookEndpoint.objects.filter(pk=inactive.pk).update(is_active=False)

    assert emit(cast) == []
    assert WebhookDelivery.objects.count() == 0


def test_an_endpoint_deactivated_after_the_event_is_not_called(cast: Cast, receiver: Receiver) -> None:
    endpoint = endpoint_for(cast.org, receiver.url)
    (row,) = emit(cast)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)

    assert deliver_webhooks() == 0

    row.refresh_from_db()
    assert (row.status, row.last_error) == (WebhookDeliveryStatus.FAILED, "The endpoint is inactive.")
    assert receiver.requests == []


def test_an_unknown_event_is_a_programming_error(cast: Cast) -> None:
    with pytest.raises(ValueError, match="unknown webhook event"):
        webhook_emit("trip.deleted", org_path=cast.unit.path, data={})


def test_a_ping_is_signed_and_delivered_like_any_event(
    cast: Cast, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    # given: an administrator registers the receiver
    endpoint = webhook_endpoint_create(
        actor=cast.ada.user, owner=cast.org, url=receiver.url, events=["incident.created"]
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        ping = webhook_endpoint_ping(actor=cast.ada.user, endpoint=endpoint)
    # then
    (request,) = receiver.wait_for(1)
    assert request.headers["waypost-event"] == "ping"
    assert json.loads(request.body)["data"] == {"endpoint": endpoint.pk}
    assert verify_signature(endpoint.secret, request.headers["waypost-signature"], request.body)
    ping.refresh_from_db()
    assert ping.status == WebhookDeliveryStatus.DELIVERED
