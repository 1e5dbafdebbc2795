"""The unread count for the navigation badge.

Add ``"waypost.notifications.context_processors.unread_notifications"`` to the template context
processors. The count is a callable the template calls only when it shows the badge, and at most
once per response: one COUNT query for a signed-in user, none for an anonymous one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest

from .selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    user = getattr(request, "user", None)

    @functools.cache
    def count() -> int:
        return unread_count(user)

    return {"unread_notifications": count}
