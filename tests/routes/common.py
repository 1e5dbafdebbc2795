"""Helpers shared by the route declarations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from waypost.testing import PERSONAS, Cast

ANON = "anonymous"
EVERYONE = (ANON, *PERSONAS)
SIGNED_IN = PERSONAS

OK = {200}
LOGIN = {302}  # redirected to the sign-in page
HIDDEN = {404}  # forbidden looks exactly like missing
API_ANON = {401}


def expect(default: set[int], **overrides: set[int]) -> dict[str, set[int]]:
    return {persona: overrides.get(persona, default) for persona in EVERYONE}


def signed_in(default: set[int], anonymous: set[int] = LOGIN, **overrides: set[int]) -> dict[str, set[int]]:
    return expect(default, anonymous=anonymous, **overrides)


Kwargs = Callable[[Cast], dict[str, Any]]
NO_ARGS: Kwargs = lambda cast: {}  # noqa: E731
