"""Access to the invitations register, web and API.

Alice's pending invitation is seen by her, her manager Bob, and the officer, auditor and
administrator over Lumen; Mallory (another organisation) gets 404. Alice, Olu (security officer)
and Ada (administrator) may correct it; only Alice and Ada may decide it — an empty decision is
then a 400, and to those who only see it the API answers 403 (the web pages 404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.routes.common import API_ANON, HIDDEN, NO_ARGS, OK, Kwargs, signed_in
from waypost.testing import Cast

INVALID = {400}
FORBIDDEN = {403}


def alice_invitation(cast: Cast) -> dict[str, Any]:
    from waypost.trips.invitations import invitation_create

    invitation = invitation_create(
        actor=cast.alice.user,
        event="Robotics Summit",
        host_organisation="Summit Host GmbH",
        city="Munich",
        country="DE",
        starts_on=dt.date(2030, 5, 4),
        ends_on=dt.date(2030, 5, 6),
        received_via="email",
    )
    return {"invitation_id": invitation.pk}


ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:invitation-list": (NO_ARGS, "get", signed_in(OK)),
    "web:invitation-new": (NO_ARGS, "get", signed_in(OK)),
    "web:invitation-detail": (alice_invitation, "get", signed_in(OK, mallory=HIDDEN)),
    "web:invitation-edit": (alice_invitation, "get", signed_in(HIDDEN, alice=OK, olu=OK, ada=OK)),
    "web:invitation-decide": (alice_invitation, "post", signed_in(HIDDEN, alice=INVALID, ada=INVALID)),
    "api:invitations-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:invitations-detail": (
        alice_invitation,
        "get",
        signed_in(OK, anonymous=API_ANON, mallory=HIDDEN),
    ),
    "api:invitations-decide": (
        alice_invitation,
        "post",
        signed_in(FORBIDDEN, anonymous=API_ANON, alice=INVALID, ada=INVALID, mallory=HIDDEN),
    ),
}
