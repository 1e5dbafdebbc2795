"""The German and Chinese catalogues are complete and in step with the code, and pages are served in them.

After adding or changing strings, refresh the catalogues with the Makefile's own target, translate
every empty or fuzzy entry in both, and compile::

    make messages          # makemessages -l de -l zh_Hans, with the ignores in the Makefile
    make compilemessages

``test_catalogue_matches_the_code`` runs the same extraction as ``make messages`` (into a copy of the
project, never touching ``locale/``) and fails when a marked string is missing from the catalogue.
"""

from __future__ import annotations

import ast
import io
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from waypost.testing import Cast

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PROJECT_DIR / "locale"
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


# --- Catalogue in sync with the code (SYNC CHECK: runs makemessages, about 1 s per domain) ---------
#
# A string marked for translation in the code but missing from the catalogue is shown in English to
# every German and Chinese user, and test_catalogue_is_complete cannot see it. This test extracts
# the strings exactly as `make messages` does (same makemessages options, read from the Makefile)
# into a copy of the project with an empty locale/ directory, and compares the msgids with the
# committed German catalogue (zh_Hans is checked against de by test_catalogues_have_the_same_entries).


def _makemessages_options(domain: str) -> list[str]:
    """The options of the Makefile's `messages` recipe line that runs makemessages for ``domain``."""
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^messages:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "the Makefile has no `messages` target"
    for line in recipe.group(1).splitlines():
        words = shlex.split(line.split("||")[0])
        if "makemessages" not in words:
            continue
        options = words[words.index("makemessages") + 1 :]
        line_domain = options[options.index("-d") + 1] if "-d" in options else "django"
        if line_domain == domain:
            return options
    raise AssertionError(f"`make messages` does not run makemessages for the {domain} domain")


def _ignore_patterns(options: list[str]) -> list[str]:
    patterns = [option.split("=", 1)[1] for option in options if option.startswith("--ignore=")]
    patterns += [options[i + 1] for i, option in enumerate(options) if option in ("-i", "--ignore")]
    return patterns


def _msgids(path: Path) -> set[tuple[str | None, str, str | None]]:
    """(msgctxt, msgid, msgid_plural) of every live entry of a catalogue, without the header."""
    if not path.exists():
        return set()
    return {
        (entry.fields.get("msgctxt"), entry.msgid, entry.fields.get("msgid_plural"))
        for entry in parse_po(path)
        if not entry.obsolete and (entry.msgid or "msgctxt" in entry.fields)
    }


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalogue_matches_the_code(domain: str, tmp_path: Path, settings: Any, monkeypatch: Any) -> None:
    """SYNC CHECK (runs makemessages): every string marked in the code is in the catalogue, and no other."""
    from django.core.management import call_command
    from django.core.management.utils import is_ignored_path

    if not (shutil.which("xgettext") and shutil.which("msguniq")):
        pytest.skip("GNU gettext (xgettext, msguniq) is not installed: apt-get install gettext")
    options = _makemessages_options(domain)
    assert "--no-obsolete" in options
    patterns = _ignore_patterns(options)
    # makemessages writes into any directory named locale/ under the working directory, so it runs
    # in a copy of the project: the same relative paths for the ignore patterns, an empty locale/.
    copy = tmp_path / "project"

    def skipped(directory: str, names: list[str]) -> set[str]:
        relative = Path(directory).relative_to(PROJECT_DIR)
        return {
            name
            for name in names
            if (relative == Path() and name == "locale")
            or name == "__pycache__"
            or is_ignored_path(str(relative / name), [*patterns, ".*", "*~", "CVS"])
        }

    shutil.copytree(PROJECT_DIR, copy, ignore=skipped, symlinks=True)
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    call_command(
        "makemessages",
        locale=["de"],
        domain=domain,
        ignore_patterns=patterns,
        no_obsolete=True,
        verbosity=0,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    extracted = _msgids(copy / "locale" / "de" / "LC_MESSAGES" / f"{domain}.po")
    committed = _msgids(LOCALE_DIR / "de" / "LC_MESSAGES" / f"{domain}.po")
    if domain == "django":
        assert len(extracted) > 100, "makemessages found almost nothing: check the copy and the ignores"
    hint = "run `make messages`, translate the new entries in de and zh_Hans, then `make compilemessages`"
    missing = sorted(extracted - committed, key=str)
    stale = sorted(committed - extracted, key=str)
    assert missing == [], f"marked in the code, missing from the catalogue: {hint}"
    assert stale == [], f"in the catalogue, no longer in the code: {hint}"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalogues_have_the_same_entries(domain: str) -> None:
    de, zh = (_msgids(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po") for lang in ("de", "zh_Hans"))
    assert sorted(de - zh, key=str) == []
    assert sorted(zh - de, key=str) == []
