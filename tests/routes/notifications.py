"""Access to the inbox, the calendar feed and the inbox API."""

from __future__ import annotations

from typing import Any

from waypost.notifications.models import CalendarFeed
from waypost.notifications.services import notify
from waypost.testing import Cast

from .common import API_ANON, HIDDEN, NO_ARGS, OK, Kwargs, expect, signed_in


def alice_notification(cast: Cast) -> dict[str, Any]:
    row = notify(
        cast.alice, "trip.cancelled", params={"trip": "Oslo", "traveller": "Alice"}, channels=["in_app"]
    )
    return {"notification_id": row[0].pk}


def alice_feed(cast: Cast) -> dict[str, Any]:
    return {"token": CalendarFeed.objects.create(person=cast.alice, token="matrix-calendar-token").token}


# name → (kwargs, method, expected status per persona)
ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:notifications": (NO_ARGS, "get", signed_in(OK)),
    # Marking read redirects to the notification's page; anyone else's looks missing.
    "web:notification-open": (alice_notification, "post", signed_in(HIDDEN, alice={302})),
    "web:notifications-read-all": (NO_ARGS, "post", signed_in({302})),
    # The secret address is the credential: calendar apps fetch it without signing in.
    "web:calendar-feed": (alice_feed, "get", expect(OK)),
    "web:calendar-feed-reset": (NO_ARGS, "post", signed_in({302})),
    "api:notifications-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:notifications-read": (alice_notification, "post", signed_in(HIDDEN, anonymous=API_ANON, alice=OK)),
    "api:notifications-read-all": (NO_ARGS, "post", signed_in(OK, anonymous=API_ANON)),
}
