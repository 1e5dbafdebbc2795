"""Every route, requested as every persona: who may see and do what.

A new route fails this test until its access is declared in ROUTES (or, for the
allauth and admin families, matches a declared prefix rule).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.routes import collected_routes
from tests.routes.common import (
    ANON,
    API_ANON,
    EVERYONE,
    HIDDEN,
    NO_ARGS,
    OK,
    Kwargs,
    expect,
    signed_in,
)
from waypost.people.services import api_token_create
from waypost.testing import Cast

ALICE: Kwargs = lambda cast: {"person_id": cast.alice.pk}  # noqa: E731
UNIT: Kwargs = lambda cast: {"node_id": cast.unit.pk}  # noqa: E731


def alice_token(cast: Cast) -> dict[str, Any]:
    token, _secret = api_token_create(actor=cast.alice.user, name="matrix")
    return {"token_id": token.pk}


GUIDANCE_YAML = """
id: lumen-travel
issuer: {issuer}
title: {{en: Lumen travel}}
effective_from: 2026-01-01
rules:
  - id: caution
    when: {{destinations: {{countries: [US]}}}}
    then: {{advisory: caution}}
"""


def _guidance(cast: Cast) -> tuple[Any, Any]:
    from waypost.policy.services import guidance_draft_save, version_transition

    source = GUIDANCE_YAML.format(issuer=cast.org.slug)
    published = version_transition(
        actor=cast.olu.user, version=guidance_draft_save(actor=cast.olu.user, source=source), action="publish"
    )
    draft = guidance_draft_save(actor=cast.olu.user, source=source.replace("caution}", "advised_against}"))
    return published, draft


def guidance_slug(cast: Cast) -> dict[str, Any]:
    return {"slug": _guidance(cast)[0].guidance.slug}


def published_version(cast: Cast) -> dict[str, Any]:
    published, _draft = _guidance(cast)
    return {"slug": published.guidance.slug, "number": published.number}


def draft_version(cast: Cast) -> dict[str, Any]:
    _published, draft = _guidance(cast)
    return {"slug": draft.guidance.slug, "number": draft.number}


def reassessment_run(cast: Cast) -> dict[str, Any]:
    published, _draft = _guidance(cast)
    return {"run_id": published.reassessments.get().pk}


AUTHORS_ONLY = signed_in(HIDDEN, olu=OK, ada=OK)

# name → (kwargs, method, expected status per persona)
ROUTES: dict[str, tuple[Kwargs, str, dict[str, set[int]]]] = {
    "web:home": (NO_ARGS, "get", signed_in(OK)),
    "web:health": (NO_ARGS, "get", expect(OK)),
    "web:people-list": (NO_ARGS, "get", signed_in(OK)),
    "web:people-import": (NO_ARGS, "get", signed_in(HIDDEN, olu=OK, ada=OK)),
    "web:person-detail": (ALICE, "get", signed_in(OK, mallory=HIDDEN)),
    "web:org-tree": (NO_ARGS, "get", signed_in(OK)),
    "web:audit-log": (NO_ARGS, "get", signed_in(HIDDEN, audrey=OK, ada=OK)),
    "web:profile": (NO_ARGS, "get", signed_in(OK)),
    "web:token-revoke": (alice_token, "post", signed_in(HIDDEN, alice={302})),
    "web:guidance-list": (NO_ARGS, "get", signed_in(OK)),
    "web:guidance-new": (NO_ARGS, "get", AUTHORS_ONLY),
    "web:guidance-preview": (NO_ARGS, "post", AUTHORS_ONLY),
    "web:country-groups": (NO_ARGS, "get", signed_in(OK)),
    "web:reassessment-progress": (reassessment_run, "get", signed_in(OK, mallory=HIDDEN)),
    "web:guidance-detail": (guidance_slug, "get", signed_in({302}, mallory=HIDDEN)),
    "web:guidance-edit": (guidance_slug, "get", AUTHORS_ONLY),
    "web:guidance-version": (published_version, "get", signed_in(OK, mallory=HIDDEN)),
    "web:guidance-transition": (published_version, "post", signed_in(HIDDEN, olu={302}, ada={302})),
    "web:guidance-simulate": (draft_version, "get", AUTHORS_ONLY),
    "api:schema": (NO_ARGS, "get", expect(OK)),
    "api:docs": (NO_ARGS, "get", expect(OK)),
    "api:redoc": (NO_ARGS, "get", expect(OK)),
    "api:me": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:people-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:people-detail": (ALICE, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:people-import": (NO_ARGS, "post", signed_in({403}, anonymous=API_ANON, olu={400}, ada={400})),
    "api:organisations-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:organisations-detail": (UNIT, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:audit-events": (NO_ARGS, "get", signed_in({403}, anonymous=API_ANON, audrey=OK, ada=OK)),
    "api:guidance-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:guidance-detail": (guidance_slug, "get", signed_in(OK, anonymous=API_ANON, mallory=HIDDEN)),
    "api:guidance-version-detail": (
        published_version,
        "get",
        signed_in(OK, anonymous=API_ANON, mallory=HIDDEN),
    ),
    # A draft is hidden from travellers and approvers; the auditor sees it but may not change it.
    "api:guidance-draft-save": (NO_ARGS, "post", signed_in({403}, anonymous=API_ANON, olu={400}, ada={400})),
    "api:guidance-version-transition": (
        draft_version,
        "post",
        signed_in(HIDDEN, anonymous=API_ANON, audrey={403}, olu={400}, ada={400}),
    ),
    "api:guidance-version-simulate": (
        draft_version,
        "post",
        signed_in(HIDDEN, anonymous=API_ANON, audrey={403}, olu=OK, ada=OK),
    ),
    "api:assess": (NO_ARGS, "post", signed_in({400}, anonymous=API_ANON)),
    "api:countries-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:country-groups-list": (NO_ARGS, "get", signed_in(OK, anonymous=API_ANON)),
    "api:airports-detail": (lambda cast: {"iata": "YVR"}, "get", signed_in(OK, anonymous=API_ANON)),
    "set_language": (NO_ARGS, "post", expect({302})),
}
ROUTES.update(collected_routes())

# Families of routes owned by libraries, declared by prefix.
ADMIN_PREFIX = "admin:"
ACCOUNT_PREFIXES = ("account_", "mfa_")


def iter_route_names(patterns: list[Any] | None = None, namespace: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            child_ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from iter_route_names(pattern.url_patterns, child_ns)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}{pattern.name}", pattern
            else:
                yield f"{namespace}<unnamed {pattern.pattern}>", pattern


def test_every_route_is_declared() -> None:
    """A route with no declared access fails the suite."""
    undeclared = [
        name
        for name, _pattern in iter_route_names()
        if name not in ROUTES and not name.startswith(ADMIN_PREFIX) and not name.startswith(ACCOUNT_PREFIXES)
    ]
    assert undeclared == []


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_route_access(route: str, persona: str, cast: Cast, client: Any) -> None:
    kwargs_for, method, expected = ROUTES[route]
    # given
    kwargs = kwargs_for(cast)
    if persona != ANON:
        client.force_login(cast.persona(persona).user)
    # when
    url = reverse(route, kwargs=kwargs)
    data = {"language": "de", "next": "/"} if route == "set_language" else {}
    response = getattr(client, method)(url, data)
    # then
    assert response.status_code in expected[persona], (route, persona, response.status_code)


def _admin_kwargs(pattern: Any, cast: Cast) -> dict[str, Any] | None:
    keys = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    kwargs: dict[str, Any] = {}
    for key in keys:
        if key == "object_id":
            kwargs[key] = str(cast.alice.pk)
        elif key == "app_label":
            kwargs[key] = "people"
        else:
            return None  # e.g. the shortcut view: needs a content type; covered by the index checks
    return kwargs


ADMIN_SAMPLE = [
    "admin:index",
    "admin:people_person_changelist",
    "admin:people_person_change",
    "admin:audit_auditevent_changelist",
    "admin:app_list",
]


@pytest.mark.parametrize("persona", EVERYONE)
@pytest.mark.parametrize("route", ADMIN_SAMPLE)
def test_admin_is_for_administrators_only(route: str, persona: str, cast: Cast, client: Any) -> None:
    """The Django admin answers administrators; to anyone else signed in it does not exist."""
    patterns = dict(iter_route_names())
    kwargs = _admin_kwargs(patterns[route], cast)
    assert kwargs is not None
    if persona != ANON:
        client.force_login(cast.persona(persona).user)
    response = client.get(reverse(route, kwargs=kwargs))
    expected = {302} if persona == ANON else ({200} if persona == "ada" else {404})
    assert response.status_code in expected, (route, persona, response.status_code)


def test_every_admin_route_is_hidden_from_non_administrators(cast: Cast, client: Any) -> None:
    """Every admin route (not just a sample) answers 404 to a signed-in non-administrator."""
    client.force_login(cast.olu.user)
    checked = 0
    for name, pattern in iter_route_names():
        if not name.startswith(ADMIN_PREFIX):
            continue
        kwargs = _admin_kwargs(pattern, cast)
        if kwargs is None:
            kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, "1")
        try:
            url = reverse(name, kwargs=kwargs)
        except Exception:  # noqa: S112 - a route whose arguments cannot be guessed generically
            continue
        assert client.get(url).status_code == 404, name
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("persona", EVERYONE)
def test_account_routes_never_fail(persona: str, cast: Cast, client: Any) -> None:
    """allauth's pages answer every persona without a server error, and never leak another's data."""
    if persona != ANON:
        client.force_login(cast.persona(persona).user)
    for name, pattern in iter_route_names():
        if not name.startswith(ACCOUNT_PREFIXES):
            continue
        kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, "x")
        try:
            url = reverse(name, kwargs=kwargs)
        except Exception:  # noqa: S112 - arguments with stricter converters; those pages need a real key
            continue
        response = client.get(url)
        assert response.status_code < 500, (name, persona, response.status_code)
