"""Parse the real list files in /work/shared/data/screening when they are present.

They are test data only (see SOURCES.md there) and never copied into the repository; each
test skips with a clear message when its file is absent (e.g. on CI).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from waypost.screening.formats import file_provenance, validate

DATA = Path(os.environ.get("WAYPOST_SCREENING_DATA", "/work/shared/data/screening"))


def _files(*patterns: str) -> list[Path]:
    found: list[Path] = []
    for pattern in patterns:
        matches = sorted(DATA.glob(pattern))
        if not matches:
            pytest.skip(f"real list file {DATA / pattern} is not present (set WAYPOST_SCREENING_DATA)")
        found.extend(matches)
    return found


# format, files, entries, {entity kind: count}, minimum names
REAL = [
    (
        "ofac-csv",
        ("ofac_sdn/2024-05-03_jackdwyer/sdn.csv",),
        14_965,
        {"person": 6_854, "organisation": 6_884, "vessel": 851, "aircraft": 376},
        20_000,
    ),
    ("ofac-csv", ("ofac_sdn/2021-07_watchman_bench/*.csv",), 8_976, {}, 30_000),
    ("ofac-csv", ("ofac_consolidated_nonsdn/cons_*.csv",), 442, {}, 1_500),
    ("csl", ("us_csl_sample/csl.csv",), 115, {}, 300),
    ("csl", ("us_csl_sample/consolidated_sample.csv",), 13, {}, 25),
    (
        "un-xml",
        ("un_consolidated/UN_consolidated_2026-02-27.xml",),
        1_003,
        {"person": 730, "organisation": 273},
        4_000,
    ),
    ("eu-csv", ("eu_journal_sanctions/consolidated/*.csv",), 8_017, {"person": 4_500, "vessel": 708}, 20_000),
    (
        "uk-covyr-csv",
        ("uk_sanctions_covyr/subject_names.csv", "uk_sanctions_covyr/subjects.csv"),
        6_046,
        {"person": 3_883, "organisation": 1_531, "vessel": 632},
        15_000,
    ),
    ("cn-csv", ("cn_countersanctions/sanctions.csv",), 464, {}, 900),
    ("us-dod-1260h", ("us_dod_1260h/sanctions.csv",), 215, {}, 300),
    ("bis-dpl", ("us_bis_dpl/dpl.txt",), 459, {}, 459),
]


@pytest.mark.parametrize(
    ("format_name", "patterns", "entries", "kinds", "min_names"),
    REAL,
    ids=[f"{r[0]}:{r[1][0]}" for r in REAL],
)
def test_real_file_parses_with_plausible_counts(
    format_name: str, patterns: tuple[str, ...], entries: int, kinds: dict[str, int], min_names: int
) -> None:
    report = validate(format_name, _files(*patterns))
    assert report.ok, report.error
    assert report.entries == entries
    for kind, count in kinds.items():
        assert report.entries_by_kind[kind] == count
    assert report.names >= min_names


def test_real_sdn_with_aliases_and_addresses() -> None:
    files = _files(
        "ofac_sdn/2024-05-03_jackdwyer/sdn.csv",
        "ofac_sdn/2025-02_watchman/alt.csv",
        "ofac_sdn/2025-02_watchman/add.csv",
        "ofac_sdn/2025-02_watchman/sdn_comments.csv",
    )
    report = validate("ofac-csv", files)
    assert report.ok, report.error
    assert report.entries == 14_965
    assert report.names_by_kind["weak_alias"] > 2_000  # a.k.a.s from Remarks
    assert report.stats.skipped["OFAC end-of-file (\\x1a) record"] == 4


def test_real_un_names_by_kind_and_stated_date() -> None:
    files = _files("un_consolidated/UN_consolidated_2026-02-27.xml")
    report = validate("un-xml", files)
    assert report.names_by_kind["weak_alias"] == 615  # QUALITY Low
    assert report.names_by_kind["original_script"] >= 370
    assert file_provenance(files).file_date is not None
    assert str(file_provenance(files).file_date) == "2026-02-27"
