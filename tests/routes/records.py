"""Access to the trip record (the complete file of a trip) as PDF and JSON, web and API.

Alice's trip is back with a submitted debrief. Everyone who sees the trip may download its
record — Alice, her manager Bob, and the officer, auditor and administrator over Lumen — with the
parts they may not see left out (Bob's lacks the debrief). Mallory (another organisation) gets
404, like a missing trip.
"""

from __future__ import annotations

from typing import Any

from tests.routes.common import API_ANON, HIDDEN, OK, Kwargs, signed_in
from waypost.testing import Cast


def debriefed_trip(cast: Cast) -> dict[str, Any]:
    from waypost.debriefs.services import debrief_draft_save, debrief_transition
    from waypost.debriefs.tests.factories import complete_answers, contact, returned_trip

    trip = returned_trip(cast.alice)
    saved = debrief_draft_save(
        actor=cast.alice.user, trip=trip, answers=complete_answers(contact("张伟", name_latin="Zhang Wei"))
    )
    debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
    return {"trip_id": trip.pk}


ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:trip-record-pdf": (debriefed_trip, "get", signed_in(OK, mallory=HIDDEN)),
    "web:trip-record-json": (debriefed_trip, "get", signed_in(OK, mallory=HIDDEN)),
    "api:trips-record": (debriefed_trip, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:trips-record-pdf": (debriefed_trip, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
}
