"""The briefing editor under the guidance pages."""

from __future__ import annotations

from typing import Any

from waypost.policy.models import Briefing
from waypost.testing import Cast

from .common import HIDDEN, NO_ARGS, OK, signed_in


def briefing_id(cast: Cast) -> dict[str, Any]:
    briefing = Briefing.objects.create(slug="high-risk", issuer=cast.org, title={"en": "T"}, body={"en": "B"})
    return {"briefing_id": briefing.pk}


ROUTES = {
    "web:briefing-list": (NO_ARGS, "get", signed_in(OK)),
    # Authors (security officers, administrators over an issuer) only; the others do not see the editor.
    "web:briefing-new": (NO_ARGS, "get", signed_in(HIDDEN, olu=OK, ada=OK)),
    "web:briefing-edit": (briefing_id, "get", signed_in(HIDDEN, olu=OK, ada=OK)),
}
