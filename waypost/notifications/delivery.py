"""Sending the pending e-mail rows of the outbox.

Delivery is at least once, and safe with several workers and with workers that die:

1. A worker *claims* a row with one conditional UPDATE (``pending`` → ``sending``, with
   ``claimed_at`` and the attempt counted). The UPDATE matches only if the row is still claimable,
   so of two workers racing for a row exactly one wins; the claim is committed before any mail is
   sent and no lock is held while talking to the mail server.
2. It renders the subject and body in the recipient's language and sends the message.
3. It marks the row ``sent``, again conditionally: only if its own claim (``claimed_at``) still
   stands.
4. On an error the row goes back to ``pending`` with an exponential back-off in ``not_before``;
   after :data:`MAX_ATTEMPTS` attempts it is ``failed`` with the last error kept.

A worker killed between 1 and 3 leaves the row ``sending``; once its claim is older than
:data:`CLAIM_TIMEOUT` another worker reclaims it and sends it again. The message carries a
``Message-ID`` derived from the row, so a copy sent twice is recognisably the same message.
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import F, Q

from waypost.core import clock

from .kinds import render, supported_language
from .models import Channel, DeliveryStatus, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
#: A ``sending`` row claimed longer ago than this belongs to a worker that died: it is reclaimed.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
#: Wait after the first failed attempt; doubled after each further failure, up to BACKOFF_MAX.
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(hours=1)


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait before the next try, after ``attempts`` failed tries (1, 2, 4, 8 … minutes)."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def _due(now: dt.datetime) -> Q:
    return Q(status=DeliveryStatus.PENDING) & (Q(not_before__isnull=True) | Q(not_before__lte=now))


def _abandoned(now: dt.datetime) -> Q:
    return Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)


def deliver_pending(limit: int = 100) -> int:
    """Send up to ``limit`` due e-mail rows (oldest first); return how many were sent."""
    now = clock.now()
    emails = Notification.objects.filter(channel=Channel.EMAIL)
    # A row whose worker died on its last allowed attempt is not tried a sixth time.
    emails.filter(_abandoned(now), attempts__gte=MAX_ATTEMPTS).update(
        status=DeliveryStatus.FAILED,
        claimed_at=None,
        last_error="The worker stopped while sending; no attempts left.",
    )
    candidates = list(
        emails.filter(_due(now) | (_abandoned(now) & Q(attempts__lt=MAX_ATTEMPTS)))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    connection = get_connection()
    sent = 0
    for pk in candidates:
        row = _claim(pk)
        if row is not None and _send(row, connection):
            sent += 1
    return sent


def _claim(pk: int) -> Notification | None:
    """Claim one row for this worker, or None if another worker has it (or it is no longer due)."""
    now = clock.now()
    claimable = _due(now) | (_abandoned(now) & Q(attempts__lt=MAX_ATTEMPTS))
    won = Notification.objects.filter(claimable, pk=pk, channel=Channel.EMAIL).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not won:
        return None
    return Notification.objects.select_related("recipient").get(pk=pk)


def _send(row: Notification, connection: BaseEmailBackend) -> bool:
    mine = Notification.objects.filter(pk=row.pk, status=DeliveryStatus.SENDING, claimed_at=row.claimed_at)
    person = row.recipient
    if not person.is_active or not person.email:
        mine.update(status=DeliveryStatus.FAILED, claimed_at=None, last_error="The recipient is not active.")
        return False
    try:
        message = build_message(row)
        message.connection = connection
        message.send()
    except Exception as error:
        failed = row.attempts >= MAX_ATTEMPTS
        mine.update(
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
            claimed_at=None,
            not_before=None if failed else clock.now() + backoff(row.attempts),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning(
            "notification %s to person %s: attempt %s failed (%s)%s",
            row.pk,
            person.pk,
            row.attempts,
            type(error).__name__,
            "; giving up" if failed else "",
        )
        return False
    mine.update(status=DeliveryStatus.SENT, sent_at=clock.now(), claimed_at=None, last_error="")
    return True


def absolute_url(url: str) -> str:
    """``url`` made absolute with ``WAYPOST_BASE_URL`` (a URL that already is absolute is kept)."""
    if not url or urlsplit(url).scheme:
        return url
    base = str(getattr(settings, "WAYPOST_BASE_URL", "") or "").rstrip("/")
    return f"{base}/{url.lstrip('/')}"


def _message_domain() -> str:
    base = str(getattr(settings, "WAYPOST_BASE_URL", "") or "")
    return urlsplit(base).hostname or "waypost.invalid"


def build_message(row: Notification) -> EmailMessage:
    """The e-mail for one row, in the recipient's language, with an absolute link."""
    from django.utils.translation import gettext, override

    language = supported_language(row.recipient.preferred_language)
    rendered = render(row.kind, row.params, language=language)
    body = rendered.body
    link = absolute_url(row.url)
    with override(language):
        if link:
            body += "\n\n" + gettext("Open in Waypost: %(link)s") % {"link": link}
        body += "\n\n-- \n" + gettext("This message was sent by Waypost. Please do not reply to it.")
    return EmailMessage(
        subject=rendered.subject,
        body=body,
        to=[row.recipient.email],
        headers={
            "Message-ID": f"<notification-{row.pk}@{_message_domain()}>",
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
        },
    )
