"""Trip pages after the form: list, detail, workflow actions, versions, briefings, reviews, delegates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waypost.policy.models import Briefing
from waypost.policy.tests.factories import LEADERS_RULE, guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips import services
from waypost.trips.models import ApprovalDelegate
from waypost.trips.tests.factories import via_vancouver

from .common import API_ANON, HIDDEN, NO_ARGS, OK, signed_in

RULE = {
    **LEADERS_RULE,
    "then": {"advisory": "advised_against", "approval": ["manager"], "briefing": "high-risk"},
}


def _submitted(cast: Cast) -> Any:
    publish(cast.olu.user, guidance_yaml(rules=[RULE], effective_from="2020-01-01"))
    Briefing.objects.create(
        slug="high-risk", issuer=cast.org, title={"en": "High risk"}, body={"en": "Read me."}
    )
    start = dt.date.today() + dt.timedelta(days=30)
    draft = services.trip_draft_save(actor=cast.alice.user, facts=via_vancouver(start), title="Mexico").trip
    return services.trip_transition(actor=cast.alice.user, trip=draft, action="submit")


def trip_id(cast: Cast) -> dict[str, Any]:
    return {"trip_id": _submitted(cast).pk}


def trip_version(cast: Cast) -> dict[str, Any]:
    return {"trip_id": _submitted(cast).pk, "number": 1}


def trip_briefing(cast: Cast) -> dict[str, Any]:
    trip = _submitted(cast)
    return {"trip_id": trip.pk, "briefing_id": Briefing.objects.get(slug="high-risk").pk}


def bobs_delegation(cast: Cast) -> dict[str, Any]:
    today = dt.date.today()
    row = ApprovalDelegate.objects.create(person=cast.bob, delegate=cast.olu, starts_on=today, ends_on=today)
    return {"delegation_id": row.pk}


# Who sees alice's trip: alice, bob (her manager), olu (officer), audrey (auditor), ada (administrator).
TRIP_READERS = signed_in(OK, mallory=HIDDEN)

ROUTES = {
    "web:trip-list": (NO_ARGS, "get", signed_in(OK)),
    "web:trip-detail": (trip_id, "get", TRIP_READERS),
    # An empty POST names no action: a clear 400 for those who see the trip, 404 for the others.
    "web:trip-transition": (trip_id, "post", signed_in({400}, mallory=HIDDEN)),
    "web:trip-version": (trip_version, "get", TRIP_READERS),
    "web:trip-briefing": (trip_briefing, "get", TRIP_READERS),
    "web:review-queue": (NO_ARGS, "get", signed_in(OK)),
    # Everyone with a person record names their own delegates.
    "web:delegates": (NO_ARGS, "get", signed_in(OK)),
    "web:delegate-remove": (bobs_delegation, "post", signed_in(HIDDEN, bob={302})),
    "api:trips-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:trips-detail": (trip_id, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:trips-transition": (trip_id, "post", signed_in({400}, anonymous=API_ANON, mallory=HIDDEN)),
    "api:trips-amend": (trip_id, "post", signed_in({400}, anonymous=API_ANON, mallory=HIDDEN)),
    "api:trips-versions": (trip_id, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:trips-version-detail": (trip_version, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:trips-briefings": (trip_id, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    # Only the traveller acknowledges; the others who see the trip are refused as if it were not there.
    "api:trips-briefing-acknowledge": (
        trip_briefing,
        "post",
        signed_in(HIDDEN, anonymous=API_ANON, alice=OK),
    ),
    "api:reviews-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:delegates-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:delegates-detail": (bobs_delegation, "delete", signed_in(HIDDEN, anonymous=API_ANON, bob={204})),
    "api:itinerary-parse": (NO_ARGS, "post", signed_in({400}, anonymous=API_ANON)),
}
