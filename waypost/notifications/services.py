"""Writes for notifications: the outbox, reading one's inbox, and one's calendar feed address.

Call :func:`notify` inside the transaction of the change it announces: the rows commit or roll
back with the change, and e-mail is handed to the worker only once the transaction has committed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction

from waypost.audit.services import record
from waypost.core import clock
from waypost.core.errors import NotFound
from waypost.people.models import Person
from waypost.people.scoping import scope_for

from . import events
from .models import CalendarFeed, Channel, DeliveryStatus, Notification

DEFAULT_CHANNELS = (Channel.EMAIL, Channel.IN_APP)


def notify(
    recipients: Person | Iterable[Person],
    kind: str,
    *,
    params: Mapping[str, Any] | None = None,
    url: str = "",
    channels: Iterable[str] = DEFAULT_CHANNELS,
    dedupe_key: str = "",
) -> list[Notification]:
    """Queue a notification of ``kind`` for each recipient on each channel; return the rows written.

    1. Inactive recipients and repeated ones are skipped.
    2. With ``dedupe_key``, a recipient gets the notification once per channel however often it is
       asked for (also when two workers ask at the same moment: the unique constraint decides).
    3. An in-app row is delivered by being written (status ``sent``); an e-mail row waits as
       ``pending`` for the worker, which is started when the caller's transaction commits.

    ``params`` values are stored as strings; pass codes (a status, a decision) rather than labels,
    so they are rendered in each recipient's language (see :mod:`waypost.notifications.kinds`).
    """
    people = [recipients] if isinstance(recipients, Person) else list(recipients)
    stored_params = {str(key): "" if value is None else str(value) for key, value in (params or {}).items()}
    channel_list = list(dict.fromkeys(str(channel) for channel in channels))
    unknown = set(channel_list) - set(Channel.values)
    if unknown:
        raise ValueError(f"unknown notification channels: {sorted(unknown)}")
    now = clock.now()
    written: list[Notification] = []
    seen: set[int] = set()
    for person in people:
        if person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        for channel in channel_list:
            row = Notification(
                recipient=person,
                kind=kind,
                params=stored_params,
                url=url,
                channel=channel,
                dedupe_key=dedupe_key,
            )
            if channel == Channel.IN_APP:
                row.status, row.sent_at = DeliveryStatus.SENT, now
            if _write(row):
                written.append(row)
    if any(row.channel == Channel.EMAIL for row in written) and not _delivery_scheduled():
        transaction.on_commit(_schedule_delivery)
    return written


def _write(row: Notification) -> bool:
    if not row.dedupe_key:
        row.save(force_insert=True)
        return True
    if Notification.objects.filter(
        recipient=row.recipient, channel=row.channel, dedupe_key=row.dedupe_key
    ).exists():
        return False
    return _insert_once(row)


def _insert_once(row: Notification) -> bool:
    """Insert a row with a dedupe key; False if a concurrent writer inserted it first."""
    try:
        # A savepoint: losing the race to a concurrent writer must not break the caller's transaction.
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _delivery_scheduled() -> bool:
    """Whether this transaction already starts the worker on commit (one start per transaction)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    return any(entry[1] is _schedule_delivery for entry in connection.run_on_commit)


def _schedule_delivery() -> None:
    from .tasks import deliver_outbox

    deliver_outbox()


def _own_inbox(actor: Any) -> Any:
    person_id = scope_for(actor).person_id
    if person_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=person_id, channel=Channel.IN_APP)


def mark_read(actor: Any, notification_id: Any) -> Notification:
    """Mark one of the actor's own in-app notifications read; NotFound for anyone else's."""
    try:
        notification = _own_inbox(actor).get(pk=int(notification_id))
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if notification.read_at is None:
        now = clock.now()
        # Conditional, so a second click (or a second tab) keeps the first time it was read.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_all_read(actor: Any) -> int:
    """Mark every unread in-app notification of the actor read; return how many were unread."""
    return int(_own_inbox(actor).filter(read_at__isnull=True).update(read_at=clock.now()))


def calendar_feed_reset(*, actor: Any) -> CalendarFeed:
    """Create the actor's calendar feed address, or replace it so the old address stops working.

    Audited (the token itself is never written to the log). NotFound for a user without a person.
    """
    person_id = scope_for(actor).person_id
    if person_id is None:
        raise NotFound()
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(person_id=person_id).first()
        created = feed is None
        if feed is None:
            feed = CalendarFeed(person_id=person_id)
        feed.token = secrets.token_urlsafe(32)
        feed.save()
        record(
            event=events.CALENDAR_FEED_RESET,
            actor=actor,
            target=feed,
            org_path=scope_for(actor).unit_path,
            extra={"created": created},
        )
    return feed


__all__ = ["calendar_feed_reset", "mark_all_read", "mark_read", "notify"]
