"""Access to the traveller abroad: check-ins and incidents, web and API.

Alice is travelling (a trip in ``travelling`` status). Her trip's check-ins and her incidents are
seen by her, her manager Bob, and the officer, auditor and administrator over Lumen; Mallory
(another organisation) gets 404. Only Alice checks in and reports (the web pages answer 404 to
the others, the API 403 to those who see the trip). Only Olu, the security officer over Lumen,
acknowledges, records actions and closes an incident.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.routes.common import API_ANON, HIDDEN, NO_ARGS, OK, Kwargs, signed_in
from waypost.testing import Cast

INVALID = {400}
FORBIDDEN = {403}
CREATED = {201}


def _travelling(cast: Cast) -> Any:
    from waypost.core import clock
    from waypost.trips.tests.factories import trip_for, via_vancouver

    start = clock.today() - dt.timedelta(days=1)
    return trip_for(cast.alice, via_vancouver(start), status="travelling", title="Mexico")


def travelling_trip(cast: Cast) -> dict[str, Any]:
    return {"trip_id": _travelling(cast).pk}


def alice_incident(cast: Cast) -> dict[str, Any]:
    from waypost.core import clock
    from waypost.trips.abroad import incident_report

    incident = incident_report(
        actor=cast.alice.user,
        trip=_travelling(cast),
        kind="information_request",
        occurred_at=clock.now() - dt.timedelta(hours=1),
        country="MX",
        city="Mexico City",
        description="Asked about our models.",
        safe_now="yes",
    )
    return {"incident_id": incident.pk}


OFFICER_ONLY = signed_in(FORBIDDEN, anonymous=API_ANON, mallory=HIDDEN, olu=OK)

ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:trip-checkin": (travelling_trip, "post", signed_in(HIDDEN, alice={302})),
    "web:trip-checkins": (travelling_trip, "get", signed_in(OK, mallory=HIDDEN)),
    "web:incident-new": (travelling_trip, "get", signed_in(HIDDEN, alice=OK)),
    "web:incident-list": (NO_ARGS, "get", signed_in(OK)),
    "web:incident-detail": (alice_incident, "get", signed_in(OK, mallory=HIDDEN)),
    "api:trips-checkin": (
        travelling_trip,
        "post",
        signed_in(FORBIDDEN, anonymous=API_ANON, mallory=HIDDEN, alice=CREATED),
    ),
    "api:trips-checkins": (travelling_trip, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    # An empty report is a 400 for the traveller; those who only see the trip are refused first.
    "api:trips-incident-report": (
        travelling_trip,
        "post",
        signed_in(FORBIDDEN, anonymous=API_ANON, mallory=HIDDEN, alice=INVALID),
    ),
    "api:incidents-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:incidents-detail": (alice_incident, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:incidents-acknowledge": (alice_incident, "post", OFFICER_ONLY),
    # An action needs its text: a 400 for the officer.
    "api:incidents-actions": (
        alice_incident,
        "post",
        signed_in(FORBIDDEN, anonymous=API_ANON, mallory=HIDDEN, olu=INVALID),
    ),
    "api:incidents-close": (alice_incident, "post", OFFICER_ONLY),
}
