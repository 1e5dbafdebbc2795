"""Access to debriefs over the API, and to the contacts register (web and API).

Alice's trip is back from Mexico with a draft debrief. The traveller and the officer, auditor and
administrator over Lumen see the debrief; her manager Bob and Mallory (another organisation) get
404. Only Alice saves and submits it (an empty, prefilled draft is a 400 with its problems; the
overseers get 403); only Olu, the security officer over Lumen, reviews a submitted debrief.

The contacts register (Wang Wei met on two trips, written in two scripts: two contacts and an
open merge suggestion) is for Olu, Audrey and Ada: the web pages do not exist for anyone else
(404), the API refuses them (403). Only Olu and Ada merge and dismiss: Audrey gets 404 on the
web forms and 403 from the API.
"""

from __future__ import annotations

from typing import Any

from waypost.testing import Cast

from .common import API_ANON, HIDDEN, NO_ARGS, OK, Kwargs, signed_in

INVALID = {400}
FORBIDDEN = {403}
REDIRECT = {302}


def draft_debrief(cast: Cast) -> dict[str, Any]:
    from waypost.debriefs.services import debrief_start
    from waypost.debriefs.tests.factories import returned_trip

    trip = returned_trip(cast.alice)
    debrief_start(actor=cast.alice.user, trip=trip)
    return {"trip_id": trip.pk}


def submitted_debrief(cast: Cast) -> dict[str, Any]:
    from waypost.debriefs.services import debrief_draft_save, debrief_transition
    from waypost.debriefs.tests.factories import complete_answers, returned_trip

    trip = returned_trip(cast.alice)
    saved = debrief_draft_save(actor=cast.alice.user, trip=trip, answers=complete_answers())
    debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
    return {"trip_id": trip.pk}


def _register(cast: Cast) -> Any:
    """王伟 (Alice's debrief) and Wang Wei (Bob's trip), both of Tsinghua: an open suggestion."""
    from waypost.debriefs.models import MergeSuggestion
    from waypost.debriefs.register import merge_suggestions_for, register_trip_contacts
    from waypost.debriefs.tests.factories import returned_trip

    trips = [
        returned_trip(cast.alice, meetings=[{"name": "王伟", "organisation": "Tsinghua", "country": "CN"}]),
        returned_trip(cast.bob, meetings=[{"name": "Wang Wei", "organisation": "Tsinghua", "country": "CN"}]),
    ]
    created = [contact for trip in trips for contact in register_trip_contacts(trip)]
    merge_suggestions_for(created)
    return MergeSuggestion.objects.get()


def contact_id(cast: Cast) -> dict[str, Any]:
    return {"contact_id": _register(cast).contact_id}


def suggestion_id(cast: Cast) -> dict[str, Any]:
    return {"suggestion_id": _register(cast).pk}


WEB_REGISTER = signed_in(HIDDEN, olu=OK, audrey=OK, ada=OK)
API_REGISTER = signed_in(FORBIDDEN, anonymous=API_ANON, olu=OK, audrey=OK, ada=OK)

ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    # The web register
    "web:contact-list": (NO_ARGS, "get", WEB_REGISTER),
    "web:contact-suggestions": (NO_ARGS, "get", WEB_REGISTER),
    "web:contact-detail": (contact_id, "get", WEB_REGISTER),
    # An empty merge form: 400 with the field's reason for those who merge.
    "web:contact-merge": (contact_id, "post", signed_in(HIDDEN, olu=INVALID, ada=INVALID)),
    "web:contact-suggestion-dismiss": (suggestion_id, "post", signed_in(HIDDEN, olu=REDIRECT, ada=REDIRECT)),
    # Debriefs over the API
    "api:trips-debrief": (
        draft_debrief,
        "get",
        signed_in(OK, anonymous=API_ANON, bob=HIDDEN, mallory=HIDDEN),
    ),
    # A prefilled draft is incomplete: 400 with its problems for Alice.
    "api:trips-debrief-submit": (
        draft_debrief,
        "post",
        signed_in(FORBIDDEN, anonymous=API_ANON, alice=INVALID, bob=HIDDEN, mallory=HIDDEN),
    ),
    # No outcome: 400 for the officer; Alice, Audrey and Ada may not review.
    "api:trips-debrief-review": (
        submitted_debrief,
        "post",
        signed_in(FORBIDDEN, anonymous=API_ANON, olu=INVALID, bob=HIDDEN, mallory=HIDDEN),
    ),
    "api:debriefs-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    # The register over the API
    "api:contacts-list": (NO_ARGS, "get", API_REGISTER),
    "api:contacts-suggestions": (NO_ARGS, "get", API_REGISTER),
    "api:contacts-detail": (contact_id, "get", API_REGISTER),
    "api:contacts-merge": (
        contact_id,
        "post",
        signed_in(FORBIDDEN, anonymous=API_ANON, olu=INVALID, ada=INVALID),
    ),
    "api:contacts-suggestion-dismiss": (
        suggestion_id,
        "post",
        signed_in(FORBIDDEN, anonymous=API_ANON, olu=OK, ada=OK),
    ),
}
