"""Access to the webhook endpoints, web and API.

Only administrators over an endpoint's organisation manage it: Ada (administrator over the
authority above Lumen) for Lumen's endpoint. Everyone else gets 404 on the pages and on the
endpoint; the API's list answers 403 to whoever administers nothing.
"""

from __future__ import annotations

from typing import Any

from waypost.notifications.models import WebhookEndpoint
from waypost.testing import Cast

from .common import API_ANON, HIDDEN, NO_ARGS, OK, Kwargs, signed_in

FORBIDDEN = {403}
ACCEPTED = {202}


def lumen_endpoint(cast: Cast) -> dict[str, Any]:
    endpoint = WebhookEndpoint.objects.create(
        owner=cast.org, url="https://hooks.example.org/waypost", events=["incident.created"]
    )
    return {"endpoint_id": endpoint.pk}


ADMINS_ONLY = signed_in(HIDDEN, ada=OK)
API_ADMINS_ONLY = signed_in(HIDDEN, anonymous=API_ANON, ada=OK)

# name → (kwargs, method, expected status per persona)
ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:webhook-list": (NO_ARGS, "get", ADMINS_ONLY),
    "web:webhook-new": (NO_ARGS, "get", ADMINS_ONLY),
    "web:webhook-detail": (lumen_endpoint, "get", ADMINS_ONLY),
    "web:webhook-edit": (lumen_endpoint, "get", ADMINS_ONLY),
    # The confirmation page; deleting is its POST.
    "web:webhook-delete": (lumen_endpoint, "get", ADMINS_ONLY),
    "web:webhook-ping": (lumen_endpoint, "post", signed_in(HIDDEN, ada={302})),
    "api:webhooks-list": (NO_ARGS, "get", signed_in(FORBIDDEN, anonymous=API_ANON, ada=OK)),
    "api:webhooks-detail": (lumen_endpoint, "get", API_ADMINS_ONLY),
    "api:webhooks-deliveries": (lumen_endpoint, "get", API_ADMINS_ONLY),
    "api:webhooks-ping": (lumen_endpoint, "post", signed_in(HIDDEN, anonymous=API_ANON, ada=ACCEPTED)),
}
