"""Language: switched by the language form, or chosen from the browser's Accept-Language."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings

from waypost.testing import Cast


def html_lang(response: Any) -> str:
    match = re.search(r'<html lang="([^"]+)">', response.content.decode())
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("language", ["de", "zh-hans", "en"])
def test_setlang_switches_the_language(cast: Cast, login: Any, language: str) -> None:
    """Posting the language form sets the cookie and the next page is in that language."""
    # given
    client = login(cast.alice)
    # when
    response = client.post("/i18n/setlang/", {"language": language, "next": "/people/"})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    assert html_lang(client.get("/")) == language


def test_unknown_language_is_ignored(cast: Cast, login: Any) -> None:
    """A language Waypost does not offer leaves the page in English."""
    # given
    client = login(cast.alice)
    # when
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    # then
    assert html_lang(client.get("/")) == "en"


def test_accept_language_chooses_german(cast: Cast, login: Any) -> None:
    """A browser asking for German gets ``<html lang="de">``."""
    # when
    response = login(cast.alice).get("/", HTTP_ACCEPT_LANGUAGE="de")
    # then
    assert html_lang(response) == "de"


def test_accept_language_chooses_simplified_chinese(cast: Cast, login: Any) -> None:
    """zh-CN maps to Simplified Chinese."""
    # when
    response = login(cast.alice).get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    # then
    assert html_lang(response) == "zh-hans"


def test_sign_in_page_follows_accept_language(client: Any, db: Any) -> None:
    """The language applies before sign-in too."""
    # when
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="de")
    # then
    assert html_lang(response) == "de"
