"""``manage.py people import FILE --as EMAIL`` (``waypost people import``)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from waypost.people.models import Person
from waypost.testing import Cast

HEADER = "email,name_latin,unit,manager_email"


def write_csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_prints_counts(cast: Cast, tmp_path: Path) -> None:
    """A valid file is imported as the named officer and the counts are printed."""
    # given
    path = write_csv(
        tmp_path, "nina@lumen.example,Nina Park,lumen-models,", "alice@lumen.example,Alice W,lumen-models,"
    )
    stdout = io.StringIO()
    # when
    call_command("people", "import", str(path), "--as", "olu@lumen.example", stdout=stdout)
    # then
    assert "1 created, 1 updated" in stdout.getvalue()
    assert Person.objects.filter(email="nina@lumen.example").exists()


def test_problems_are_printed_and_the_command_fails(cast: Cast, tmp_path: Path) -> None:
    """Each problem is printed with row, column and reason; the command fails and imports nothing."""
    # given
    path = write_csv(
        tmp_path,
        "nina@lumen.example,Nina Park,lumen-models,",
        "omar@lumen.example,Omar Haddad,no-such-unit,",
        "pia@lumen.example,Pia Rossi,lumen-models,ghost@lumen.example",
    )
    stderr = io.StringIO()
    # when
    with pytest.raises(CommandError, match="nothing imported: 2 problem"):
        call_command("people", "import", str(path), "--as", "olu@lumen.example", stderr=stderr)
    # then
    output = stderr.getvalue()
    assert "people.csv: row 3, column unit: Unknown unit 'no-such-unit'." in output
    assert (
        "people.csv: row 4, column manager_email: No person with the e-mail 'ghost@lumen.example'." in output
    )
    assert not Person.objects.filter(email="nina@lumen.example").exists()


def test_json_output_lists_problems(cast: Cast, tmp_path: Path) -> None:
    """``--json`` prints the problems as data, and the command still fails."""
    # given
    path = write_csv(tmp_path, "omar@lumen.example,Omar Haddad,no-such-unit,")
    stdout = io.StringIO()
    # when
    with pytest.raises(CommandError):
        call_command("people", "import", str(path), "--as", "olu@lumen.example", "--json", stdout=stdout)
    # then
    result = json.loads(stdout.getvalue())
    assert result["created"] == 0
    assert [(error["row"], error["column"]) for error in result["errors"]] == [(2, "unit")]


def test_actor_without_the_right_is_refused(cast: Cast, tmp_path: Path) -> None:
    """Importing as a traveller fails with the permission error and imports nothing."""
    # given
    from waypost.core.errors import PermissionDenied

    path = write_csv(tmp_path, "nina@lumen.example,Nina Park,lumen-models,")
    # when / then
    with pytest.raises(PermissionDenied):
        call_command("people", "import", str(path), "--as", "alice@lumen.example")
    assert not Person.objects.filter(email="nina@lumen.example").exists()


def test_unknown_actor_is_refused(cast: Cast, tmp_path: Path) -> None:
    """``--as`` must name an existing account."""
    # given
    path = write_csv(tmp_path, "nina@lumen.example,Nina Park,lumen-models,")
    # when / then
    with pytest.raises(CommandError, match="no account"):
        call_command("people", "import", str(path), "--as", "nobody@lumen.example")


def test_without_as_the_first_administrator_imports(cast: Cast, tmp_path: Path) -> None:
    """Without ``--as`` the import runs as the first administrator (Ada)."""
    # given
    path = write_csv(tmp_path, "nina@lumen.example,Nina Park,lumen-models,")
    # when
    call_command("people", "import", str(path), stdout=io.StringIO())
    # then
    from waypost.audit.models import AuditEvent

    assert AuditEvent.objects.get(action="people.imported").actor_id == cast.ada.user.pk


def test_missing_file_is_reported(cast: Cast, tmp_path: Path) -> None:
    """A path that cannot be read fails with the path in the message."""
    # when / then
    with pytest.raises(CommandError, match=r"missing\.csv"):
        call_command("people", "import", str(tmp_path / "missing.csv"), "--as", "olu@lumen.example")
