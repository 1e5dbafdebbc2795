"""The API routes that complete the web UI: briefings, the guidance preview and re-assessment runs,
one's tokens and calendar address, the compliance PDF and one country group.

Authors (Olu, security officer over Lumen; Ada, administrator over the authority above it) write
briefings and preview guidance; anyone else signed in gets 403 there (they see briefings, but may
not change them). A briefing of Lumen is hidden from Mallory (another organisation), as is a run of
Lumen's guidance. Tokens and the calendar address are one's own: another's token answers 404.
"""

from __future__ import annotations

from typing import Any

from tests.routes.common import API_ANON, HIDDEN, NO_ARGS, OK, Kwargs, signed_in
from waypost.testing import Cast

from .briefings import briefing_id

INVALID = {400}
FORBIDDEN = {403}
NO_CONTENT = {204}
AUTHORS_ACT = signed_in(FORBIDDEN, anonymous=API_ANON, olu=INVALID, ada=INVALID)


def reassessment_run(cast: Cast) -> dict[str, Any]:
    from tests.test_permission_matrix import reassessment_run as run

    return run(cast)


def alice_token(cast: Cast) -> dict[str, Any]:
    from waypost.people.services import api_token_create

    token, _secret = api_token_create(actor=cast.alice.user, name="matrix")
    return {"token_id": token.pk}


def shipped_group(cast: Cast) -> dict[str, Any]:
    return {"slug": "eu"}


ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "api:briefings-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:briefings-detail": (briefing_id, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    # An empty preview is a 400 for authors; the others are refused first.
    "api:guidance-preview": (NO_ARGS, "post", AUTHORS_ACT),
    "api:guidance-reassessment": (reassessment_run, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:me-tokens": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:me-token-revoke": (alice_token, "post", signed_in(HIDDEN, anonymous=API_ANON, alice=NO_CONTENT)),
    "api:me-calendar": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:me-calendar-reset": (NO_ARGS, "post", signed_in(OK, anonymous=API_ANON)),
    "api:oversight-compliance-pdf": (
        NO_ARGS,
        "get",
        signed_in(FORBIDDEN, anonymous=API_ANON, olu=OK, audrey=OK, ada=OK),
    ),
    "api:country-groups-detail": (shipped_group, "get", signed_in(OK, anonymous=API_ANON)),
}
