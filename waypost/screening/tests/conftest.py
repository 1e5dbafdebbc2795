"""Fixtures for the screening app's Django tests: real list files read in place, modified copies.

The real files live in ``/work/shared/data/screening`` (or ``$WAYPOST_SCREENING_DATA``) and are
never copied into the repository; a test that needs one skips with a message when it is absent.
Modified copies are written to ``tmp_path``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from waypost.screening.matching import clear_index_cache
from waypost.screening.models import ListVersion
from waypost.screening.services import list_import

DATA = Path(os.environ.get("WAYPOST_SCREENING_DATA", "/work/shared/data/screening"))
CN_FILE = "cn_countersanctions/sanctions.csv"

#: A single-row person of the China counter-sanctions list, changed by ``cn_copy(change=…)``.
BROWNBACK = "Q317618"
#: Another single-row person, left out by ``cn_copy(drop=…)``.
HAWLEY_NAME = "Josh Hawley"

CUSTOM_HEADER = ["id", "name", "kind", "aliases", "countries", "birth_date", "notes"]


def real_file(relative: str) -> Path:
    path = DATA / relative
    if not path.is_file():
        pytest.skip(f"real list file {path} is not present (set WAYPOST_SCREENING_DATA)")
    return path


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """Each test builds its own screening index (the cache is per process)."""
    clear_index_cache()
    yield
    clear_index_cache()


@pytest.fixture
def cn_file() -> Path:
    return real_file(CN_FILE)


@pytest.fixture
def cn_copy(cn_file: Path, tmp_path: Path) -> Callable[..., Path]:
    """``cn_copy(name, *, drop=(), alias={}, add=())``: a modified copy of the China list in tmp_path.

    ``drop`` leaves out the rows with those names, ``alias`` sets the Alias cell of rows by QID,
    ``add`` appends rows given as dicts of cells.
    """

    def make(
        name: str = "sanctions.csv",
        *,
        drop: tuple[str, ...] = (),
        alias: dict[str, str] | None = None,
        add: tuple[dict[str, str], ...] = (),
    ) -> Path:
        with cn_file.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            fields = list(reader.fieldnames or ())
            rows = [row for row in reader if row["Name"] not in drop]
        for row in rows:
            if alias and row["QID"] in alias:
                row["Alias"] = alias[row["QID"]]
        for extra in add:
            rows.append({field: extra.get(field, "") for field in fields})
        folder = tmp_path / name.replace(".csv", "")
        folder.mkdir(exist_ok=True)
        path = folder / "sanctions.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        return path

    return make


@pytest.fixture
def custom_csv(tmp_path: Path) -> Callable[..., Path]:
    """``custom_csv(rows, name=…)``: an organisation's own list in the documented layout."""

    def make(rows: list[dict[str, str]], name: str = "custom.csv") -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=CUSTOM_HEADER)
            writer.writeheader()
            for row in rows:
                writer.writerow({field: row.get(field, "") for field in CUSTOM_HEADER})
        return path

    return make


@pytest.fixture
def run_import(django_capture_on_commit_callbacks: Any) -> Callable[..., ListVersion]:
    """``run_import(actor=…, format_name=…, paths=[…], …)``: list_import with its after-commit tasks run."""

    def run(**kwargs: Any) -> ListVersion:
        kwargs.setdefault("actor", None)
        with django_capture_on_commit_callbacks(execute=True):
            return list_import(**kwargs)

    return run


@pytest.fixture
def cn_v1(db: Any, cn_file: Path, run_import: Callable[..., ListVersion]) -> ListVersion:
    """The China counter-sanctions list, imported once."""
    return run_import(format_name="cn-csv", paths=[cn_file])
