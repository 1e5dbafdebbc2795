"""Benchmark of the restricted-party list parsers: entries per second and peak memory.

Parses every real list file in /work/shared/data/screening (read in place, never copied) with
the format it is published in. Each dataset is parsed twice: once timed (entries are counted
and dropped, as a streaming consumer would), once under tracemalloc for the peak of Python
allocations — tracemalloc slows parsing, so the two are measured separately.

Run: ``cd /work/main && .venv/bin/python bench/screening_parsers.py [--data DIR] [--repeat N]``
"""

from __future__ import annotations

import argparse
import platform
import time
import tracemalloc
from pathlib import Path

from waypost.screening.formats import ParseStats, parse

DATASETS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "OFAC SDN 2024-05 + alt/add 2025-02",
        "ofac-csv",
        (
            "ofac_sdn/2024-05-03_jackdwyer/sdn.csv",
            "ofac_sdn/2025-02_watchman/alt.csv",
            "ofac_sdn/2025-02_watchman/add.csv",
            "ofac_sdn/2025-02_watchman/sdn_comments.csv",
        ),
    ),
    ("OFAC SDN 2021-07 bench (consistent)", "ofac-csv", ("ofac_sdn/2021-07_watchman_bench/*.csv",)),
    ("OFAC consolidated non-SDN", "ofac-csv", ("ofac_consolidated_nonsdn/cons_*.csv",)),
    ("US CSL sample (old layout)", "csl", ("us_csl_sample/csl.csv",)),
    ("US CSL sample (new layout)", "csl", ("us_csl_sample/consolidated_sample.csv",)),
    ("UN SC consolidated XML", "un-xml", ("un_consolidated/UN_consolidated_2026-02-27.xml",)),
    ("EU OJ transcriptions (45 CSVs)", "eu-csv", ("eu_journal_sanctions/consolidated/*.csv",)),
    (
        "UK covyr derivative",
        "uk-covyr-csv",
        ("uk_sanctions_covyr/subject_names.csv", "uk_sanctions_covyr/subjects.csv"),
    ),
    ("China counter-sanctions", "cn-csv", ("cn_countersanctions/sanctions.csv",)),
    ("DoD 1260H", "us-dod-1260h", ("us_dod_1260h/sanctions.csv",)),
    ("BIS Denied Persons List", "bis-dpl", ("us_bis_dpl/dpl.txt",)),
]


def _files(data: Path, patterns: tuple[str, ...]) -> list[Path]:
    return [p for pattern in patterns for p in sorted(data.glob(pattern))]


def _run(format_name: str, files: list[Path]) -> tuple[int, int]:
    entries = names = 0
    for entry in parse(format_name, files, stats=ParseStats()):
        entries += 1
        names += len(entry.names)
    return entries, names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/screening"))
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per dataset (best is reported)")
    args = parser.parse_args()

    print(f"Python {platform.python_version()} on {platform.machine()}; data: {args.data}")
    header = (
        f"{'dataset':38} {'format':13} {'MB':>6} {'entries':>8} {'names':>7} {'s':>6} "
        f"{'entries/s':>10} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    total_entries = 0
    total_seconds = 0.0
    for label, format_name, patterns in DATASETS:
        files = _files(args.data, patterns)
        if not files:
            print(f"{label:38} {format_name:13} (missing, skipped)")
            continue
        size = sum(f.stat().st_size for f in files) / 1e6
        best = float("inf")
        entries = names = 0
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            entries, names = _run(format_name, files)
            best = min(best, time.perf_counter() - start)
        tracemalloc.start()
        try:
            _run(format_name, files)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        total_entries += entries
        total_seconds += best
        print(
            f"{label:38} {format_name:13} {size:6.2f} {entries:8d} {names:7d} {best:6.2f} "
            f"{entries / best:10.0f} {peak / 1e6:8.2f}"
        )
    if total_seconds:
        print(
            f"\nall datasets: {total_entries} entries in {total_seconds:.2f} s "
            f"({total_entries / total_seconds:.0f}/s)"
        )


if __name__ == "__main__":
    main()
