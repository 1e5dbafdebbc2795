"""The declaration form: the traveller (and an administrator over them) edits; nobody else sees it.

POST routes are requested with empty data: autosave answers with a status line (never an error
page), the fast-entry import asks for a text or a file.
"""

from __future__ import annotations

from typing import Any

from tests.routes.common import HIDDEN, NO_ARGS, OK, Kwargs, signed_in
from waypost.testing import Cast


def alice_draft(cast: Cast) -> dict[str, Any]:
    from waypost.trips.services import trip_draft_save
    from waypost.trips.tests.factories import via_vancouver

    saved = trip_draft_save(actor=cast.alice.user, facts=via_vancouver(), title="Mexico")
    return {"trip_id": saved.trip.pk}


DRAFT: Kwargs = alice_draft
EDITORS_ONLY = signed_in(HIDDEN, alice=OK, ada=OK)

ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:trip-new": (NO_ARGS, "get", signed_in(OK)),
    "web:trip-assess": (NO_ARGS, "post", signed_in(OK)),
    "web:trip-edit": (DRAFT, "get", EDITORS_ONLY),
    "web:trip-autosave": (DRAFT, "post", EDITORS_ONLY),
    "web:trip-import": (DRAFT, "post", signed_in(HIDDEN, alice={400}, ada={400})),
}
