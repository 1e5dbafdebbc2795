"""Every capability of the web UI has an API route, documented in the OpenAPI schema.

``WEB_TO_API`` names, for each web route, the API routes that do the same, or why it has none
(``WebOnly``). A new web route fails this test until it is listed here; an API route named here
must exist and appear in the schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator


@dataclass(frozen=True)
class WebOnly:
    """A web route with no API counterpart, and why."""

    reason: str


WEB_TO_API: dict[str, tuple[str, ...] | WebOnly] = {
    "web:home": WebOnly("start page gathering what other lists show (trips, debriefs due, check-ins)"),
    "web:health": WebOnly("liveness probe for the load balancer"),
    "web:people-list": ("api:people-list",),
    "web:people-import": ("api:people-import",),
    "web:person-detail": ("api:people-detail",),
    "web:org-tree": ("api:organisations-list", "api:organisations-detail"),
    "web:audit-log": ("api:audit-events",),
    "web:guidance-list": ("api:guidance-list",),
    "web:guidance-new": ("api:guidance-draft-save",),
    "web:guidance-preview": ("api:guidance-preview",),
    "web:country-groups": ("api:country-groups-list", "api:country-groups-detail"),
    "web:briefing-list": ("api:briefings-list",),
    "web:briefing-new": ("api:briefings-list",),
    "web:briefing-edit": ("api:briefings-detail",),
    "web:reassessment-progress": ("api:guidance-reassessment",),
    "web:guidance-detail": ("api:guidance-detail",),
    "web:guidance-edit": ("api:guidance-draft-save",),
    "web:guidance-version": ("api:guidance-version-detail",),
    "web:guidance-transition": ("api:guidance-version-transition",),
    "web:guidance-simulate": ("api:guidance-version-simulate",),
    "web:trip-list": ("api:trips-list",),
    "web:trip-detail": ("api:trips-detail", "api:trips-versions"),
    "web:trip-transition": ("api:trips-transition",),
    "web:trip-version": ("api:trips-version-detail",),
    "web:trip-briefing": ("api:trips-briefings", "api:trips-briefing-acknowledge"),
    "web:review-queue": ("api:reviews-list",),
    "web:delegates": ("api:delegates-list",),
    "web:delegate-remove": ("api:delegates-detail",),
    "web:trip-new": ("api:trips-list",),
    "web:trip-assess": ("api:assess",),
    "web:trip-edit": ("api:trips-detail", "api:trips-amend"),
    "web:trip-autosave": WebOnly("the form saving itself while typed; API clients save with PUT"),
    "web:trip-import": ("api:itinerary-parse",),
    "web:invitation-list": ("api:invitations-list",),
    "web:invitation-new": ("api:invitations-list",),
    "web:invitation-detail": ("api:invitations-detail",),
    "web:invitation-edit": ("api:invitations-detail",),
    "web:invitation-decide": ("api:invitations-decide",),
    "web:notifications": ("api:notifications-list",),
    "web:notifications-read-all": ("api:notifications-read-all",),
    # The redirect to the notification's page is navigation; marking it read is the capability.
    "web:notification-open": ("api:notifications-read",),
    "web:calendar-feed": WebOnly("the .ics feed itself, fetched by calendar apps with its secret address"),
    "web:calendar-feed-reset": ("api:me-calendar-reset",),
    "web:hit-list": ("api:hits-list",),
    "web:hit-detail": ("api:hits-detail", "api:hits-decide"),
    "web:screening-lists": ("api:lists-status",),
    "web:trip-checkin": ("api:trips-checkin",),
    "web:trip-checkins": ("api:trips-checkins",),
    "web:incident-new": ("api:trips-incident-report",),
    "web:incident-list": ("api:incidents-list",),
    "web:incident-detail": (
        "api:incidents-detail",
        "api:incidents-acknowledge",
        "api:incidents-actions",
        "api:incidents-close",
    ),
    "web:debrief": ("api:trips-debrief", "api:trips-debrief-submit"),
    "web:debrief-review": ("api:trips-debrief-review",),
    "web:debrief-list": ("api:debriefs-list",),
    "web:contact-list": ("api:contacts-list",),
    "web:contact-suggestions": ("api:contacts-suggestions",),
    "web:contact-suggestion-dismiss": ("api:contacts-suggestion-dismiss",),
    "web:contact-detail": ("api:contacts-detail",),
    "web:contact-merge": ("api:contacts-merge",),
    "web:trip-record-pdf": ("api:trips-record-pdf",),
    "web:trip-record-json": ("api:trips-record",),
    "web:oversight-dashboard": ("api:oversight-dashboard",),
    "web:oversight-reports": ("api:oversight-reports", "api:oversight-report"),
    "web:oversight-compliance-pdf": ("api:oversight-compliance-pdf",),
    "web:oversight-report-csv": ("api:oversight-report-csv",),
    "web:oversight-report-xlsx": ("api:oversight-report-xlsx",),
    "web:webhook-list": ("api:webhooks-list",),
    "web:webhook-new": ("api:webhooks-list",),
    "web:webhook-detail": ("api:webhooks-detail", "api:webhooks-deliveries"),
    "web:webhook-edit": ("api:webhooks-detail",),
    "web:webhook-delete": ("api:webhooks-detail",),
    "web:webhook-ping": ("api:webhooks-ping",),
    "web:profile": ("api:me", "api:me-tokens", "api:me-calendar"),
    "web:token-revoke": ("api:me-token-revoke",),
}

# drf-spectacular writes ``<int:trip_id>`` as ``{trip_id}``.
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def routes(
    patterns: list[Any] | None = None, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """Each named route with its full path pattern, e.g. ``("api:me", "api/v1/me/")``."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            child = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern.url_patterns, child, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


@pytest.fixture(scope="module")
def schema_paths() -> set[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return set(schema["paths"])


def test_every_web_route_is_accounted_for() -> None:
    """A web route without an entry, or an entry for a web route that is gone, fails the suite."""
    web = {name for name, _path in routes() if name.startswith("web:")}
    assert sorted(web - set(WEB_TO_API)) == [], "add these web routes to WEB_TO_API"
    assert sorted(set(WEB_TO_API) - web) == [], "these web routes no longer exist"


def test_web_only_routes_say_why() -> None:
    """Each entry names API routes, or gives the reason there are none."""
    for name, target in WEB_TO_API.items():
        if isinstance(target, WebOnly):
            assert target.reason.strip(), name
        else:
            assert target, name


@pytest.mark.parametrize(
    "api_name",
    sorted({api for target in WEB_TO_API.values() if not isinstance(target, WebOnly) for api in target}),
)
def test_named_api_route_exists_and_is_documented(api_name: str, schema_paths: set[str]) -> None:
    """Each API route named in the table exists and is in the OpenAPI schema."""
    paths = dict(routes())
    assert api_name in paths, f"{api_name} is not a route"
    documented = "/" + CONVERTER.sub(r"{\1}", paths[api_name])
    assert documented in schema_paths, f"{api_name} ({documented}) is not in the schema"
