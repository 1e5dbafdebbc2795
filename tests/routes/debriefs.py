"""Access to the debrief pages (web).

Alice's trip is back (debrief due). Its debrief is seen by Alice and by the officer, auditor and
administrator over Lumen — not by her manager Bob, who gets 404 like Mallory (another
organisation). Only Alice writes it (an empty POST is an incomplete form: 400); only Olu, the
security officer over Lumen, reviews it (an empty review has no outcome: 400).
"""

from __future__ import annotations

from typing import Any

from tests.routes.common import HIDDEN, NO_ARGS, OK, Kwargs, signed_in
from waypost.testing import Cast

INVALID = {400}


def returned_trip(cast: Cast) -> dict[str, Any]:
    from waypost.debriefs.tests.factories import returned_trip as make

    return {"trip_id": make(cast.alice).pk}


def submitted_debrief(cast: Cast) -> dict[str, Any]:
    from waypost.debriefs.services import debrief_draft_save, debrief_transition
    from waypost.debriefs.tests.factories import complete_answers
    from waypost.debriefs.tests.factories import returned_trip as make

    trip = make(cast.alice)
    saved = debrief_draft_save(actor=cast.alice.user, trip=trip, answers=complete_answers())
    debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
    return {"trip_id": trip.pk}


ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:debrief": (returned_trip, "get", signed_in(OK, bob=HIDDEN, mallory=HIDDEN)),
    "web:debrief-review": (submitted_debrief, "post", signed_in(HIDDEN, olu=INVALID)),
    "web:debrief-list": (NO_ARGS, "get", signed_in(OK)),
}
