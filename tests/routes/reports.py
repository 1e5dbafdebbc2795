"""Access to oversight: dashboards, reports and their downloads, web and API.

Olu (security officer over Lumen), Audrey (auditor over Lumen) and Ada (administrator over the
authority above it) see them; travellers and approvers (Alice, Bob, Mallory) do not — the pages
answer 404, the API 403. The authority analyst role is not in the fixed cast; its access is tested
in ``waypost/web/tests/test_oversight_pages.py`` and ``waypost/api/tests/test_oversight_api.py``.
"""

from __future__ import annotations

from typing import Any

from tests.routes.common import API_ANON, HIDDEN, NO_ARGS, OK, Kwargs, signed_in
from waypost.testing import Cast

OVERSIGHT = signed_in(HIDDEN, olu=OK, audrey=OK, ada=OK)
API_OVERSIGHT = signed_in({403}, anonymous=API_ANON, olu=OK, audrey=OK, ada=OK)


def compliance(cast: Cast) -> dict[str, Any]:
    return {"key": "compliance"}


ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:oversight-dashboard": (NO_ARGS, "get", OVERSIGHT),
    "web:oversight-reports": (NO_ARGS, "get", OVERSIGHT),
    "web:oversight-compliance-pdf": (NO_ARGS, "get", OVERSIGHT),
    "web:oversight-report-csv": (compliance, "get", OVERSIGHT),
    "web:oversight-report-xlsx": (compliance, "get", OVERSIGHT),
    "api:oversight-dashboard": (NO_ARGS, "get", API_OVERSIGHT),
    "api:oversight-reports": (NO_ARGS, "get", API_OVERSIGHT),
    "api:oversight-report": (compliance, "get", API_OVERSIGHT),
    "api:oversight-report-csv": (compliance, "get", API_OVERSIGHT),
    "api:oversight-report-xlsx": (compliance, "get", API_OVERSIGHT),
}
