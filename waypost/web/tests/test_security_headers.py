"""Content-Security-Policy with a nonce, and pages that need no inline script."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest

from waypost.testing import Cast

JSON_TYPES = {"application/json", "application/ld+json", "importmap"}


class ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline: list[dict[str, str | None]] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        attributes = dict(attrs)
        if attributes.get("src"):
            self.external.append(attributes["src"] or "")
        elif (attributes.get("type") or "").lower() not in JSON_TYPES:
            self.inline.append(attributes)


def scripts(html: str) -> ScriptFinder:
    finder = ScriptFinder()
    finder.feed(html)
    return finder


def policy_directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_csp_allows_only_own_scripts_and_no_unsafe_inline(cast: Cast, login: Any) -> None:
    """Each page carries a CSP: scripts from our own origin, never 'unsafe-inline' or 'unsafe-eval'."""
    # when
    response = login(cast.alice).get("/")
    # then
    policy = response["Content-Security-Policy"]
    directives = policy_directives(policy)
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def render_with_nonce(rf: Any) -> Any:
    """A page that uses ``csp_nonce`` from the shell context, run through the CSP middleware."""
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">go()</script>')

    def view(request: Any) -> HttpResponse:
        return HttpResponse(template.render({}, request))

    return CSPMiddleware(view)(rf.get("/"))


def test_nonce_used_by_a_template_is_announced_in_the_header(rf: Any) -> None:
    """A script given the shell's ``csp_nonce`` is allowed by the header's nonce, and only by it."""
    # when
    response = render_with_nonce(rf)
    # then
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert len(nonce) >= 16
    assert f"'nonce-{nonce}'" in policy_directives(response["Content-Security-Policy"])["script-src"]


def test_nonce_changes_per_request(rf: Any) -> None:
    """A nonce used twice would be no nonce."""
    # when
    first = render_with_nonce(rf)["Content-Security-Policy"]
    second = render_with_nonce(rf)["Content-Security-Policy"]
    # then
    assert first != second


PAGES = [
    ("olu", "/"),
    ("olu", "/people/"),
    ("olu", "/people/{alice}/"),
    ("olu", "/people/import/"),
    ("olu", "/organisations/"),
    ("audrey", "/audit/"),
    ("alice", "/account/"),
    ("alice", "/accounts/2fa/"),
    ("alice", "/accounts/password/change/"),
    (None, "/accounts/login/"),
    (None, "/accounts/password/reset/"),
    (None, "/api/v1/docs/"),
    (None, "/api/v1/redoc/"),
]


@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_pages_have_no_inline_script(cast: Cast, login: Any, persona: str | None, path: str) -> None:
    """Rendered pages load scripts only from our own static files, so the CSP needs no 'unsafe-inline'."""
    # given
    client = login(cast.persona(persona) if persona else None)
    # when
    response = client.get(path.format(alice=cast.alice.pk))
    # then
    assert response.status_code == 200
    found = scripts(response.content.decode())
    assert found.inline == []
    assert all(src.startswith("/") and not src.startswith("//") for src in found.external), found.external


def test_clickjacking_and_sniffing_headers(cast: Cast, login: Any) -> None:
    """Pages may not be framed and their content type is not sniffed."""
    # when
    response = login(cast.alice).get("/")
    # then
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
