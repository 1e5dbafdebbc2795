"""The German and Chinese catalogues are complete, and pages are served in the requested language.

After adding strings, refresh and translate the catalogues::

    .venv/bin/python manage.py makemessages -l de -l zh_Hans --ignore=.venv --ignore=var --ignore=bench \
        --ignore="waypost/screening/*" --ignore="waypost/policy/*" --ignore="waypost/geo/*" --no-obsolete
    .venv/bin/python manage.py compilemessages --ignore=.venv
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from waypost.testing import Cast

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CATALOGUES = {
    "de": (LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po", "nplurals=2; plural=(n != 1);"),
    "zh_Hans": (LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po", "nplurals=1; plural=0;"),
}
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdif]|%[sdif]")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgstrs(self) -> list[str]:
        return [value for key, value in sorted(self.fields.items()) if key.startswith("msgstr")]


def parse_po(path: Path) -> list[Entry]:
    """A small parser for the subset of the PO format that xgettext and msgmerge write."""
    entries: list[Entry] = []
    entry = Entry()
    current = ""

    def flush() -> None:
        nonlocal entry
        if entry.fields or entry.flags:
            entries.append(entry)
        entry = Entry()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            entry.fields[current] += ast.literal_eval(line)
            continue
        keyword, _, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and any(key.startswith("msgstr") for key in entry.fields):
            flush()  # entries not separated by a blank line
        current = keyword
        entry.fields[current] = ast.literal_eval(value)
    flush()
    return entries


@pytest.mark.parametrize("language", sorted(CATALOGUES))
def test_catalogue_is_complete(language: str) -> None:
    path, plural_forms = CATALOGUES[language]
    entries = parse_po(path)
    header = next(entry for entry in entries if entry.msgid == "" and "msgctxt" not in entry.fields)
    assert f"Language: {language}\n" in header.fields["msgstr"]
    assert "charset=UTF-8" in header.fields["msgstr"]
    assert f"Plural-Forms: {plural_forms}\n" in header.fields["msgstr"]
    messages = [entry for entry in entries if entry is not header]
    assert len(messages) > 100
    assert not [entry.msgid for entry in messages if entry.obsolete]
    assert not [entry.msgid for entry in messages if "fuzzy" in entry.flags]
    assert not [entry.msgid for entry in messages if not all(entry.msgstrs)]
    expected_forms = 2 if language == "de" else 1
    for entry in messages:
        if "msgid_plural" in entry.fields:
            assert len(entry.msgstrs) == expected_forms, entry.msgid
        # Every placeholder of the source survives in every translation.
        wanted = sorted(PLACEHOLDER.findall(entry.msgid + entry.fields.get("msgid_plural", "")))
        for msgstr in entry.msgstrs:
            assert set(PLACEHOLDER.findall(msgstr)) == set(wanted), (entry.msgid, msgstr)


@pytest.mark.parametrize(
    ("accept_language", "html_lang", "expected"),
    [
        ("de", "de", ["Personen", "Organisationen", "Abmelden", "Ihr Datensatz", "Künstliche Intelligenz"]),
        ("zh-hans", "zh-hans", ["人员", "组织", "退出登录", "我的信息", "人工智能"]),
    ],
)
def test_home_is_served_in_the_requested_language(
    client: Any, cast: Cast, accept_language: str, html_lang: str, expected: list[str]
) -> None:
    cast.alice.sectors = ["ai"]
    cast.alice.save(update_fields=["sectors"])
    client.force_login(cast.alice.user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{html_lang}">' in html
    for text in expected:
        assert text in html, text
    assert "> People</a>" not in html
    assert "Sign out" not in html
