"""Reads for notifications: always one's own inbox and one's own calendar feed."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from waypost.people.scoping import scope_for

from .models import CalendarFeed, Channel, Notification


def inbox_for(user: Any) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first (none for a user without a person)."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=person_id, channel=Channel.IN_APP).order_by(
        "-created_at", "-pk"
    )


def unread_count(user: Any) -> int:
    """How many of the user's in-app notifications are unread.

    Exactly one COUNT query for a signed-in user (joined to their person, so it needs no scope
    lookup), none for an anonymous one.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(
        recipient__user_id=user.pk,
        recipient__is_active=True,
        channel=Channel.IN_APP,
        read_at__isnull=True,
    ).count()


def calendar_feed_for(user: Any) -> CalendarFeed | None:
    """The user's own calendar feed, if they have created one."""
    person_id = scope_for(user).person_id
    if person_id is None:
        return None
    return CalendarFeed.objects.filter(person_id=person_id).first()


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The feed behind a secret address, if the token is known and its person is still active."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.filter(token=token, person__is_active=True)
        .select_related("person", "person__unit")
        .first()
    )
