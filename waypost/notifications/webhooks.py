"""Signed, retried webhooks: the events of an organisation's subtree POSTed to its endpoints.

The same outbox design as e-mail (:mod:`waypost.notifications.delivery`):

1. The service that made the change calls :func:`webhook_emit` **inside its transaction**. One
   :class:`~waypost.notifications.models.WebhookDelivery` row is written per active endpoint that
   subscribes to the event and whose owner is the event's unit or one above it. If the change
   rolls back, so do the rows: nothing is sent. Once the transaction commits, the worker is
   started (once per transaction); a periodic task runs it every minute too.
2. :func:`deliver_webhooks` claims a due row with one conditional UPDATE (``pending`` →
   ``sending``, the attempt counted), so two workers never send the same row, and POSTs the JSON
   body, signed (see :func:`signature_header`). No redirect is followed.
3. A 2xx answer marks the row ``delivered``. Anything else (another status, a redirect, a timeout,
   a refused connection) puts it back to ``pending`` with an exponential back-off
   (:func:`waypost.notifications.delivery.backoff`), and ``failed`` after :data:`MAX_ATTEMPTS`,
   with the last error kept.
4. A row left ``sending`` longer than :data:`CLAIM_TIMEOUT` (its worker was killed mid-send) is
   claimed again. Delivery is therefore at least once: receivers de-duplicate on the event id,
   which is the same for every retry.

The payload carries ids, codes, dates and links, never what people wrote (an incident's
description, a debrief's answers): receivers fetch details through the API with their own token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q

from waypost.core import clock

from .delivery import CLAIM_TIMEOUT, absolute_url, backoff
from .models import WEBHOOK_PING, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

__all__ = [
    "CLAIM_TIMEOUT",
    "MAX_ATTEMPTS",
    "deliver_webhooks",
    "signature_header",
    "verify_signature",
    "webhook_emit",
]

#: Attempts before a delivery is given up: with the back-off (1, 2, 4 … 60 minutes) about two hours.
MAX_ATTEMPTS = 8
#: Seconds a receiver may take to answer, unless ``WAYPOST_WEBHOOK_TIMEOUT`` says otherwise.
DEFAULT_TIMEOUT = 10.0
#: Seconds a signature's timestamp may differ from the receiver's clock (:func:`verify_signature`).
DEFAULT_TOLERANCE = 300
USER_AGENT = "Waypost-Webhooks/1"
#: The part of a receiver's answer kept in ``last_error``.
_ERROR_BODY_CHARS = 300


# --- emitting ---------------------------------------------------------------------------------


def _prefixes(org_path: str) -> list[str]:
    """``/a/b/c/`` → ``["/a/", "/a/b/", "/a/b/c/"]``: the paths of the node and every node above it."""
    slugs = [slug for slug in org_path.split("/") if slug]
    return [f"/{'/'.join(slugs[: depth + 1])}/" for depth in range(len(slugs))]


def _jsonable(data: Mapping[str, Any]) -> dict[str, Any]:
    """Dates, UUIDs and decimals as strings; ``url`` made absolute with ``WAYPOST_BASE_URL``."""
    out: dict[str, Any] = json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder))
    if isinstance(out.get("url"), str):
        out["url"] = absolute_url(out["url"])
    return out


def payload_for(event: str, event_id: uuid.UUID, data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": str(event_id),
        "event": event,
        "created_at": clock.now().isoformat(),
        "data": _jsonable(data),
    }


def webhook_emit(event: str, *, org_path: str, data: Mapping[str, Any]) -> list[WebhookDelivery]:
    """Queue ``event`` for every active endpoint over ``org_path`` that subscribes to it.

    Call it inside the transaction of the change it announces. ``data`` holds ids, codes, dates
    and a ``url`` (a path on this site, made absolute); never sensitive text. Returns the rows
    written (none when no endpoint listens: one query).
    """
    if event not in WebhookEvent.values:
        raise ValueError(f"unknown webhook event: {event!r}")
    prefixes = _prefixes(org_path)
    if not prefixes:
        return []
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True, owner__path__in=prefixes).order_by(
            "pk"
        )
        if event in (endpoint.events or [])
    ]
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    payload = payload_for(event, event_id, data)
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(endpoint=endpoint, event=event, event_id=event_id, payload=payload)
            for endpoint in endpoints
        ]
    )
    schedule_delivery()
    return rows


def ping_delivery(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ``ping`` for one endpoint, delivered like any event (the caller checks who may ask)."""
    event_id = uuid.uuid4()
    row = WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WEBHOOK_PING,
        event_id=event_id,
        payload=payload_for(WEBHOOK_PING, event_id, {"endpoint": endpoint.pk}),
    )
    schedule_delivery()
    return row


def schedule_delivery() -> None:
    """Start the worker once the caller's transaction commits (once per transaction)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is _start_worker for entry in connection.run_on_commit):
        return
    transaction.on_commit(_start_worker)


def _start_worker() -> None:
    from .tasks import deliver_webhooks_task

    deliver_webhooks_task()


# --- signing ----------------------------------------------------------------------------------


def _digest(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``."""
    return f"t={timestamp},v1={_digest(secret, timestamp, body)}"


def verify_signature(
    secret: str,
    header: str,
    body: bytes | str,
    tolerance: int = DEFAULT_TOLERANCE,
    *,
    now: float | None = None,
) -> bool:
    """Whether ``header`` (``Waypost-Signature``) signs ``body`` with ``secret``, made within ``tolerance`` s.

    For receivers and tests. Pass the body exactly as received (bytes). Several ``v1=`` values
    are accepted (one matching is enough); a missing or malformed header is simply False.
    """
    raw = body.encode() if isinstance(body, str) else bytes(body)
    timestamp: int | None = None
    candidates: list[str] = []
    for part in (header or "").split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    current = clock.now().timestamp() if now is None else now
    if abs(current - timestamp) > tolerance:
        return False
    expected = _digest(secret, timestamp, raw)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)


# --- delivering -------------------------------------------------------------------------------


def _due(now: dt.datetime) -> Q:
    return Q(status=WebhookDeliveryStatus.PENDING) & (Q(not_before__isnull=True) | Q(not_before__lte=now))


def _abandoned(now: dt.datetime) -> Q:
    return Q(status=WebhookDeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)


def _claimable(now: dt.datetime) -> Q:
    return _due(now) | (_abandoned(now) & Q(attempts__lt=MAX_ATTEMPTS))


def deliver_webhooks(limit: int = 100) -> int:
    """POST up to ``limit`` due deliveries (oldest first); return how many were delivered."""
    now = clock.now()
    # A row whose worker died on its last allowed attempt is not tried again.
    WebhookDelivery.objects.filter(_abandoned(now), attempts__gte=MAX_ATTEMPTS).update(
        status=WebhookDeliveryStatus.FAILED,
        claimed_at=None,
        last_error="The worker stopped while sending; no attempts left.",
    )
    candidates = list(
        WebhookDelivery.objects.filter(_claimable(now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    delivered = 0
    for pk in candidates:
        row = _claim(pk)
        if row is not None and _send(row):
            delivered += 1
    return delivered


def _claim(pk: int) -> WebhookDelivery | None:
    """Claim one row for this worker, or None if another worker has it (or it is no longer due)."""
    now = clock.now()
    won = WebhookDelivery.objects.filter(_claimable(now), pk=pk).update(
        status=WebhookDeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not won:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=pk)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is answered as the error it is: the receiver's address must be the final one."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirects)


def _timeout() -> float:
    return float(getattr(settings, "WAYPOST_WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT) or DEFAULT_TIMEOUT)


def body_of(row: WebhookDelivery) -> bytes:
    """The exact bytes POSTed (and signed): compact JSON, UTF-8."""
    return json.dumps(row.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def build_request(row: WebhookDelivery, *, timestamp: int | None = None) -> urllib.request.Request:
    body = body_of(row)
    when = int(clock.now().timestamp()) if timestamp is None else timestamp
    return urllib.request.Request(  # noqa: S310 - the address is checked to be http(s) when saved
        row.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Waypost-Event": row.event,
            "Waypost-Delivery": str(row.event_id),
            "Waypost-Signature": signature_header(row.endpoint.secret, body, when),
        },
    )


def _post(row: WebhookDelivery) -> tuple[int | None, str]:
    """POST the row; return (status code or None, error text: empty on a 2xx)."""
    request = build_request(row)
    if request.type not in ("http", "https"):
        return None, f"Refused to send to a {request.type}: address."
    try:
        with _opener().open(request, timeout=_timeout()) as response:
            code = int(response.status)
            response.read(64 * 1024)
    except urllib.error.HTTPError as error:
        code = int(error.code)
        try:
            answer = error.read(_ERROR_BODY_CHARS).decode("utf-8", "replace")
        except Exception:
            answer = ""
        finally:
            error.close()
        location = error.headers.get("Location", "") if error.headers else ""
        detail = f"HTTP {code}" + (f" (redirect to {location}, not followed)" if 300 <= code < 400 else "")
        return code, f"{detail}: {answer}".strip().rstrip(":")
    except (OSError, ValueError) as error:  # URLError, timeouts, refused connections, bad addresses
        reason = getattr(error, "reason", error)
        return None, f"{type(error).__name__}: {reason}"
    if 200 <= code < 300:
        return code, ""
    return code, f"HTTP {code}"


def _send(row: WebhookDelivery) -> bool:
    mine = WebhookDelivery.objects.filter(
        pk=row.pk, status=WebhookDeliveryStatus.SENDING, claimed_at=row.claimed_at
    )
    if not row.endpoint.is_active:
        mine.update(
            status=WebhookDeliveryStatus.FAILED, claimed_at=None, last_error="The endpoint is inactive."
        )
        return False
    code, error = _post(row)
    if not error:
        mine.update(
            status=WebhookDeliveryStatus.DELIVERED,
            delivered_at=clock.now(),
            claimed_at=None,
            last_status_code=code,
            last_error="",
        )
        return True
    failed = row.attempts >= MAX_ATTEMPTS
    mine.update(
        status=WebhookDeliveryStatus.FAILED if failed else WebhookDeliveryStatus.PENDING,
        claimed_at=None,
        not_before=None if failed else clock.now() + backoff(row.attempts),
        last_status_code=code,
        last_error=error[:2000],
    )
    logger.warning(
        "webhook delivery %s (%s) to endpoint %s: attempt %s failed (%s)%s",
        row.pk,
        row.event,
        row.endpoint_id,
        row.attempts,
        code or error.split(":", 1)[0],
        "; giving up" if failed else "",
    )
    return False
