"""Open incidents for the red banner security officers see on every page.

Add ``"waypost.trips.context_processors.open_incidents"`` to the template context processors.
The list is a callable the banner calls once per response: one query for a security officer,
none for anyone else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

BANNER_LIMIT = 5


def open_incidents(request: HttpRequest) -> dict[str, Callable[[], list[Any]]]:
    user = getattr(request, "user", None)

    @functools.cache
    def incidents() -> list[Any]:
        if user is None or not user.is_authenticated:
            return []
        from .abroad import open_incidents_for

        return open_incidents_for(user, limit=BANNER_LIMIT + 1)

    return {"open_incidents": incidents}
