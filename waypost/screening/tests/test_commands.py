"""``waypost lists import|status`` and ``waypost screen`` (``manage.py lists …``, ``manage.py screen …``)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from waypost.screening.models import ListEntryRecord, ListVersion, RestrictedList
from waypost.screening.tests.conftest import BROWNBACK, HAWLEY_NAME
from waypost.testing import Cast

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    """Run a management command; return stdout and stderr (CommandError propagates)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args: str) -> tuple[CommandError, str, str]:
    """Run a command that must fail; return the error and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=out, stderr=err)
    return caught.value, out.getvalue(), err.getvalue()


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- lists import / status -----------------------------------------------------------------


def test_import_prints_the_version_and_counts(cn_file: Path, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = run("lists", "import", "cn-csv", str(cn_file))
        second, _ = run("lists", "import", "cn-csv", str(cn_file))

    version = ListVersion.objects.get()
    assert first.startswith(
        f"cn-countersanctions: version 1 imported (file date —, sha256 {version.sha256[:12]}…): "
    )
    assert "464 added, 0 changed, 0 removed, 0 unchanged; 464 entries" in first
    assert second.startswith("cn-countersanctions: unchanged; version 1 already holds these files")


def test_import_json_and_options(cn_copy: Callable[..., Path], cn_v1: ListVersion) -> None:
    out, _ = run(
        "lists",
        "import",
        "cn-csv",
        str(cn_copy(drop=(HAWLEY_NAME,))),
        "--json",
        "--title",
        "China counter-sanctions (MFA, MOFCOM)",
        "--source",
        "https://www.fmprc.gov.cn/",
    )

    data = json.loads(out)
    assert (data["list"], data["version"], data["new"], data["removed"], data["entries"]) == (
        "cn-countersanctions",
        2,
        True,
        1,
        463,
    )
    restricted = RestrictedList.objects.get()
    assert (restricted.title, restricted.source) == (
        "China counter-sanctions (MFA, MOFCOM)",
        "https://www.fmprc.gov.cn/",
    )


def test_a_malformed_file_prints_file_line_and_reason_and_imports_nothing(
    cn_file: Path, tmp_path: Path
) -> None:
    lines = cn_file.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[41] = lines[41].replace(",", ";", 3)
    broken = tmp_path / "sanctions.csv"
    broken.write_text("".join(lines), encoding="utf-8")

    error, out, err = fails("lists", "import", "cn-csv", str(broken))

    assert error.returncode == 1
    assert str(error) == f"{broken}: nothing imported"
    assert err.startswith(f"{broken}:42: expected 15 fields, found 12")
    assert out == ""
    assert not RestrictedList.objects.exists()
    assert not ListEntryRecord.objects.exists()


def test_a_file_in_the_wrong_format_is_refused(cn_file: Path) -> None:
    error, _out, err = fails("lists", "import", "un-xml", str(cn_file))

    assert error.returncode == 1
    assert err.startswith(f"{cn_file}:1")
    assert not RestrictedList.objects.exists()


def test_import_missing_file_and_bad_options(tmp_path: Path, custom_csv: Callable[..., Path]) -> None:
    missing, _, _ = fails("lists", "import", "cn-csv", str(tmp_path / "nope.csv"))
    no_id, _, no_id_err = fails(
        "lists", "import", "custom-csv", str(custom_csv([{"id": "1", "name": "Acme"}]))
    )
    no_owner, _, _ = fails(
        "lists",
        "import",
        "custom-csv",
        str(custom_csv([{"id": "1", "name": "Acme"}])),
        "--list-id",
        "x",
        "--owner",
        "nowhere",
    )
    no_user, _, _ = fails("lists", "import", "cn-csv", str(tmp_path), "--as", "nobody@example.org")
    unknown, _, _ = fails("lists", "import", "no-such-format", str(tmp_path))

    assert (missing.returncode, str(missing)) == (2, f"{tmp_path / 'nope.csv'}: no such file")
    assert no_id.returncode == 1
    assert "list_id: The format custom-csv needs a list id." in no_id_err
    assert "--owner: no organisation node" in str(no_owner)
    assert no_user.returncode == 2  # a directory is not a file, checked first
    assert "invalid choice" in str(unknown)
    assert not RestrictedList.objects.exists()


def test_import_as_a_user_and_for_an_owner(cast: Cast, custom_csv: Callable[..., Path]) -> None:
    path = custom_csv([{"id": "1", "name": "Acme Dual Use Ltd", "kind": "organisation"}])

    denied, _, _ = fails(
        "lists", "import", "custom-csv", str(path), "--list-id", "custom-lumen", "--as", "alice@lumen.example"
    )
    out, _ = run(
        "lists",
        "import",
        "custom-csv",
        str(path),
        "--list-id",
        "custom-lumen",
        "--owner",
        "lumen",
        "--as",
        "olu@lumen.example",
    )

    assert denied.returncode == 1
    assert "may not import" in str(denied)
    assert out.startswith("custom-lumen: version 1 imported")
    version = ListVersion.objects.get()
    assert (version.imported_by, version.list.owner) == (cast.olu.user, cast.org)


def test_status_lists_each_list_with_its_newest_version(
    cn_v1: ListVersion, cn_copy: Callable[..., Path]
) -> None:
    run("lists", "import", "cn-csv", str(cn_copy(drop=(HAWLEY_NAME,))))

    table, _ = run("lists", "status")
    rows, _ = run("lists", "status", "--json")

    header, line = table.splitlines()
    assert header.split() == [
        "list",
        "format",
        "version",
        "file",
        "date",
        "imported",
        "at",
        "entries",
        "sha256",
        "owner",
    ]
    assert line.split()[:4] == ["cn-countersanctions", "cn-csv", "2", "—"]
    assert "463" in line.split()
    (data,) = json_lines(rows)
    newest = ListVersion.objects.get(number=2)
    assert (data["list"], data["version"], data["entries"], data["sha256"], data["owner"]) == (
        "cn-countersanctions",
        2,
        463,
        newest.sha256,
        None,
    )


def test_status_without_lists(db: Any) -> None:
    out, _ = run("lists", "status")
    assert out.startswith("No list is imported yet")


# --- screen --------------------------------------------------------------------------------


def test_screen_prints_a_table(cn_v1: ListVersion) -> None:
    out, err = run("screen", "Sam Brownback", "Wilhelmina Zzyzx")

    lines = out.splitlines()
    assert lines[0] == "Sam Brownback: 1 match"
    assert lines[1].split()[:3] == ["1.00", "cn-countersanctions", BROWNBACK]
    assert lines[2] == "Wilhelmina Zzyzx: no match"
    assert err == ""


def test_screen_json_lines_parse(cn_v1: ListVersion, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("\ufeffSam Brownback\n\n  布朗巴克  \nWilhelmina Zzyzx\n", encoding="utf-8")

    out, _ = run("screen", "Hudson Institute", "--file", str(names), "--json")

    results = json_lines(out)
    assert [r["query"] for r in results] == [
        "Hudson Institute",
        "Sam Brownback",
        "布朗巴克",
        "Wilhelmina Zzyzx",
    ]
    match = results[1]["matches"][0]
    assert set(match) == {"list", "entry_id", "name", "matched_name", "score", "explanation"}
    assert (match["list"], match["entry_id"], match["name"]) == (
        "cn-countersanctions",
        BROWNBACK,
        "Sam Brownback",
    )
    assert 0.8 <= match["score"] <= 1.0
    assert results[2]["matches"][0]["entry_id"] == BROWNBACK
    assert results[3]["matches"] == []


def test_screen_threshold_limit_and_list_options(cn_v1: ListVersion, custom_csv: Callable[..., Path]) -> None:
    run(
        "lists",
        "import",
        "custom-csv",
        str(custom_csv([{"id": "1", "name": "Sam Brownbeck"}])),
        "--list-id",
        "custom-x",
    )

    both, _ = run("screen", "Sam Brownback", "--json", "--threshold", "0.7")
    one, _ = run("screen", "Sam Brownback", "--json", "--threshold", "0.7", "--limit", "1")
    only_custom, _ = run("screen", "Sam Brownback", "--json", "--threshold", "0.7", "--list", "custom-x")

    assert [m["list"] for m in json_lines(both)[0]["matches"]] == ["cn-countersanctions", "custom-x"]
    assert [m["list"] for m in json_lines(one)[0]["matches"]] == ["cn-countersanctions"]
    assert [m["list"] for m in json_lines(only_custom)[0]["matches"]] == ["custom-x"]


def test_screen_bad_names_give_clear_errors_not_tracebacks(cn_v1: ListVersion) -> None:
    error, out, err = fails("screen", "", "x" * 10_000, "Sam\x07Brown\x1bback", "Sam Brownback")

    assert error.returncode == 1
    assert str(error) == "2 names could not be screened."
    assert "cannot be screened: name is empty" in err
    assert "name is 10000 characters long; at most 1000 are accepted" in err
    assert "x" * 100 not in err  # a long name is shortened when shown
    assert "Sam\\u0007Brown\\u001bback: 1 match" in out  # control characters are read as spaces
    assert "Sam Brownback: 1 match" in out


def test_screen_bad_names_as_json(cn_v1: ListVersion) -> None:
    error, out, _ = fails("screen", "", "Sam Brownback", "--json")

    assert error.returncode == 1
    empty, found = json_lines(out)
    assert empty == {"query": "", "error": "name is empty"}
    assert found["matches"][0]["entry_id"] == BROWNBACK


def test_screen_files_that_are_not_lists_of_names(cn_v1: ListVersion, tmp_path: Path) -> None:
    binary = tmp_path / "names.bin"
    binary.write_bytes(b"Sam Brownback\nPK\x03\x04\x00\x00\x08\n")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Sam Brownback\nMüller\n".encode("latin-1"))

    missing, _, _ = fails("screen", "--file", str(tmp_path / "nope.txt"))
    nul, out, _ = fails("screen", "--file", str(binary))
    not_utf8, _, _ = fails("screen", "--file", str(latin1))

    assert (missing.returncode, str(missing)) == (2, f"{tmp_path / 'nope.txt'}: no such file")
    assert (nul.returncode, str(nul)) == (1, f"{binary}:2: NUL byte: binary data, not a file of names")
    assert out.startswith("Sam Brownback: 1 match")  # the lines before were screened
    assert (not_utf8.returncode, str(not_utf8)) == (1, f"{latin1}:2: not UTF-8 text")


def test_screen_needs_names_and_imported_lists(db: Any) -> None:
    nothing, _, _ = fails("screen")
    no_lists, _, _ = fails("screen", "Sam Brownback")
    bad_threshold, _, _ = fails("screen", "Sam Brownback", "--threshold", "2")

    assert "Give names to screen" in str(nothing)
    assert no_lists.returncode == 2
    assert "No restricted-party list is imported yet" in str(no_lists)
    assert "expected a number above 0 and at most 1" in str(bad_threshold)


# --- screen compare ------------------------------------------------------------------------


def test_compare_prints_score_verdict_and_explanation(db: Any) -> None:
    out, _ = run("screen", "compare", "Vladimir Putin", "Владимир Путин")

    lines = out.splitlines()
    assert lines[0] == "Vladimir Putin ~ Владимир Путин: score 1.0000, a match at threshold 0.8"
    assert "  vladimir ~ владимир (vladimir ~ vladimir): 1.00 exact" in lines
    assert any(line.startswith("  quality 1.00, coverage 1.00") for line in lines)


def test_compare_json(db: Any) -> None:
    out, _ = run("screen", "compare", "Olaf Scholz", "Wilhelmina Zzyzx", "--json")

    data = json.loads(out)
    assert (data["name1"], data["name2"], data["match"]) == ("Olaf Scholz", "Wilhelmina Zzyzx", False)
    assert 0.0 <= data["score"] < 0.8
    assert "pairs" in data["explanation"]


def test_compare_bad_input(db: Any, tmp_path: Path) -> None:
    one, _, _ = fails("screen", "compare", "Olaf Scholz")
    long, _, _ = fails("screen", "compare", "x" * 10_000, "Olaf Scholz")
    pairs_without_compare, _, _ = fails("screen", "--pairs", str(tmp_path / "p.csv"))
    empty, _ = run("screen", "compare", "", "Olaf Scholz", "--json")

    assert "compare takes exactly two names (got 1)" in str(one)
    assert long.returncode == 1
    assert "cannot compare: name is 10000 characters long" in str(long)
    assert "--pairs goes with 'compare'" in str(pairs_without_compare)
    assert (json.loads(empty)["score"], json.loads(empty)["match"]) == (0.0, False)


def test_compare_pairs_streams_one_json_object_per_row(db: Any, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    rows = [
        "id,name1,name2",
        "1,Olaf Scholz,Olaf Scholze",
        '2,"Smith, John",John Smith',
        "",
        "3,Olaf Scholz,Wilhelmina Zzyzx",
    ]
    rows += [f"{n},Name {n},Name {n}" for n in range(4, 2004)]
    pairs.write_text("\n".join(rows) + "\n", encoding="utf-8")

    out, _ = run("screen", "compare", "--pairs", str(pairs), "--json")

    results = json_lines(out)
    assert len(results) == 2003
    assert results[0]["line"] == 2
    assert set(results[0]) == {"line", "name1", "name2", "score", "match"}
    assert [r["match"] for r in results[:3]] == [True, True, False]
    assert results[2]["line"] == 5


def test_compare_pairs_table_and_bad_rows(db: Any, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(f"name1,name2\nOlaf Scholz,Olaf Scholz\nonly one\n{'y' * 2000},Olaf\n", encoding="utf-8")

    error, out, err = fails("screen", "compare", "--pairs", str(pairs))

    assert error.returncode == 1
    assert str(error) == "2 rows could not be compared."
    assert out.splitlines() == ["1.0000\tmatch\tOlaf Scholz\tOlaf Scholz"]
    assert "line 3: the row has no name1 or name2 cell" in err
    assert "line 4: name is 2000 characters long" in err


def test_compare_pairs_files_in_the_wrong_format(db: Any, tmp_path: Path, cn_file: Path) -> None:
    binary = tmp_path / "pairs.bin"
    binary.write_bytes(b"name1,name2\nOlaf,Olaf\n\xff\xfe\x00\x00")

    wrong, _, _ = fails("screen", "compare", "--pairs", str(cn_file))
    bad_bytes, _, _ = fails("screen", "compare", "--pairs", str(binary), "--json")
    missing, _, _ = fails("screen", "compare", "--pairs", str(tmp_path / "nope.csv"))

    assert (wrong.returncode, str(wrong)) == (
        1,
        f"{cn_file}:1: expected a header row with the columns name1,name2",
    )
    assert bad_bytes.returncode == 1
    assert str(bad_bytes).startswith(f"{binary}:")
    assert missing.returncode == 2
