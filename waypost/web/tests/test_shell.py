"""The page shell (``base.html``): navigation by role, the language switcher, and no inline script."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.utils.translation import gettext, override

from waypost.testing import Cast

EVERYONE_SEES = {"/", "/people/", "/organisations/"}
ROLE_GATED = {"/audit/", "/people/import/", "/admin/"}


class ShellParser(HTMLParser):
    """Reads the main navigation's links, the language switcher and anything a strict CSP would block."""

    def __init__(self) -> None:
        super().__init__()
        self.nav: dict[str, str] = {}  # href → label, main navigation only
        self.html_lang: str | None = None
        self.switcher_action: str | None = None
        self.switcher_next: str | None = None
        self.languages: list[tuple[str, bool]] = []  # (code, selected)
        self.sign_out = False
        self.blocked_by_csp: list[str] = []
        self._in_main_nav = False
        self._in_switcher = False
        self._link: str | None = None
        self._text: list[str] = []
        self._script_inline = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        for name, value in attributes.items():
            if name.startswith("on"):
                self.blocked_by_csp.append(f"<{tag} {name}=…> (inline event handler)")
            is_url = name in {"href", "src", "action", "formaction"}
            if is_url and value.strip().lower().startswith("javascript:"):
                self.blocked_by_csp.append(f"<{tag} {name}={value!r}> (javascript: URL)")
        if tag == "html":
            self.html_lang = attributes.get("lang")
        elif tag == "script" and not attributes.get("src"):
            self.blocked_by_csp.append("<script> without src (inline script)")
        elif tag == "ul" and "navbar-nav" in classes and "me-auto" in classes:
            self._in_main_nav = True
        elif tag == "a" and self._in_main_nav:
            self._link, self._text = attributes.get("href", ""), []
        elif tag == "form" and attributes.get("action", "").endswith("/i18n/setlang/"):
            self._in_switcher, self.switcher_action = True, attributes["action"]
        elif tag == "form" and attributes.get("action") == "/accounts/logout/":
            self.sign_out = True
        elif tag == "input" and self._in_switcher and attributes.get("name") == "next":
            self.switcher_next = attributes.get("value")
        elif tag == "option" and self._in_switcher:
            self.languages.append((attributes.get("value", ""), "selected" in attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "ul":
            self._in_main_nav = False
        elif tag == "a" and self._link is not None:
            self.nav[self._link] = " ".join("".join(self._text).split())
            self._link = None
        elif tag == "form":
            self._in_switcher = False

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._text.append(data)


def shell(response: Any) -> ShellParser:
    assert response.status_code == 200, response.status_code
    parser = ShellParser()
    parser.feed(response.content.decode())
    return parser


def translated(message: str, language: str) -> str:
    with override(language):
        return gettext(message)


# --- navigation by role ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "extra"),
    [
        ("alice", set()),
        ("bob", set()),
        ("mallory", set()),
        ("audrey", {"/audit/"}),
        ("olu", {"/people/import/"}),
        ("ada", {"/audit/", "/people/import/", "/admin/"}),
    ],
)
def test_navigation_links_follow_the_role(cast: Cast, login: Any, persona: str, extra: set[str]) -> None:
    """Each role's menu has exactly its role-gated entries beside the common ones, and every entry opens."""
    # given
    client = login(cast.persona(persona))
    # when
    page = shell(client.get("/"))
    # then
    assert set(page.nav) >= EVERYONE_SEES
    assert set(page.nav) & ROLE_GATED == extra
    for href in page.nav:
        assert client.get(href).status_code == 200, href


def test_traveller_menu_has_no_audit_log_or_administration(cast: Cast, login: Any) -> None:
    """Alice's menu names neither the audit log nor the administration, on any page she opens."""
    # given
    client = login(cast.alice)
    for path in ("/", "/people/", "/organisations/", "/account/"):
        # when
        page = shell(client.get(path))
        # then
        assert "/audit/" not in page.nav
        assert "/admin/" not in page.nav
        assert "Audit log" not in page.nav.values()


def test_auditor_menu_links_to_the_audit_log(cast: Cast, login: Any) -> None:
    """Audrey's menu has the audit log, labelled as such, and no administration."""
    # when
    page = shell(login(cast.audrey).get("/"))
    # then
    assert page.nav["/audit/"] == "Audit log"
    assert "/admin/" not in page.nav


def test_administrator_menu_links_to_administration(cast: Cast, login: Any) -> None:
    """Ada's menu has the administration entry, and it leads to the Django admin."""
    # given
    client = login(cast.ada)
    # when
    page = shell(client.get("/"))
    # then
    assert page.nav["/admin/"] == "Administration"
    assert client.get("/admin/").status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in_and_sees_no_menu(client: Any, db: Any) -> None:
    """Without a session home redirects to sign-in, which shows no menu, no sign-out, only languages."""
    # when
    response = client.get("/")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"
    page = shell(client.get(response["Location"]))
    assert page.nav == {}
    assert page.sign_out is False
    assert [code for code, _selected in page.languages] == [code for code, _name in settings.LANGUAGES]


# --- language switcher ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_language_switcher_translates_the_page(cast: Cast, login: Any, language: str) -> None:
    """Picking a language in the switcher returns to the same page, now in that language, menu included."""
    # given
    client = login(cast.alice)
    before = shell(client.get("/people/"))
    assert before.html_lang == "en"
    assert before.nav["/people/"] == "People"
    assert dict(before.languages) == {"en": True, "de": False, "zh-hans": False}
    label = translated("People", language)
    assert label != "People"  # the catalogue really translates the label
    # when the switcher's form is posted as the page rendered it
    assert before.switcher_action is not None
    switched = client.post(before.switcher_action, {"language": language, "next": before.switcher_next})
    # then
    assert switched.status_code == 302
    assert switched["Location"] == "/people/"
    after = shell(client.get(switched["Location"]))
    assert after.html_lang == language
    assert after.nav["/people/"] == label
    assert after.nav["/"] == translated("Home", language)
    assert dict(after.languages)[language] is True
    assert "People" not in after.nav.values()


def test_language_switcher_offers_each_language_in_its_own_name(cast: Cast, login: Any) -> None:
    """Each option is named in its own language, so anyone can find theirs."""
    # when
    html = login(cast.alice).get("/").content.decode()
    # then
    options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', html))
    assert options == {"en": "English", "de": "Deutsch", "zh-hans": "简体中文"}


def test_switching_back_to_english_restores_the_labels(cast: Cast, login: Any) -> None:
    """The choice is not sticky in one direction only."""
    # given
    client = login(cast.alice)
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    # when
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    # then
    page = shell(client.get("/"))
    assert page.html_lang == "en"
    assert page.nav["/people/"] == "People"


# --- Content-Security-Policy: nothing inline ----------------------------------------------------

SHELL_PAGES = [
    (None, "/accounts/login/"),
    (None, "/accounts/signup/"),
    (None, "/accounts/password/reset/"),
    ("alice", "/"),
    ("alice", "/people/"),
    ("alice", "/organisations/"),
    ("alice", "/account/"),
    ("alice", "/accounts/logout/"),
    ("alice", "/accounts/2fa/"),
    ("audrey", "/audit/"),
    ("olu", "/people/import/"),
]


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
@pytest.mark.parametrize(("persona", "path"), SHELL_PAGES)
def test_shell_pages_have_nothing_inline_that_csp_blocks(
    cast: Cast, login: Any, persona: str | None, path: str, language: str
) -> None:
    """No inline <script>, event-handler attribute or javascript: URL in any language; scripts are ours."""
    # given
    client = login(cast.persona(persona) if persona else None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    # when
    response = client.get(path)
    # then
    page = shell(response)
    assert page.html_lang == language
    assert page.blocked_by_csp == []
    scripts = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", response.content.decode())
    assert scripts
    assert all(src.startswith("/static/") for src in scripts), scripts
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
