"""Speed benchmark of the screening index: build time, memory, queries per second and latency.

Builds one :class:`ScreeningIndex` of every list in /work/shared/data/screening (read in
place, never copied; about 32,000 entries and 80,000 names), then screens a batch of
subjects on one core:

* the yente synthetic people (``negatives_global.csv`` and ``negatives_us.csv``, taken in
  turn), with date of birth and nationality, as a stand-in for contacts, most of which
  match nothing;
* every tenth subject a real list name with one typo or its tokens reordered, so that the
  batch also produces (and explains) matches.

Figures, all CPU time of this process pinned to one core:

* **batch**: queries per second over the whole batch, caches starting empty, and the
  p50/p95/p99 latency of single queries within it;
* **cold**: the latency of single queries with the index's look-up caches cleared before
  each one (a first query after start-up, or an interactive query of rare names);
* **brute force**: every name scored, as :func:`brute_force_search` does but with the names
  prepared once, on a few subjects: the baseline the index is compared with (the ratio is
  index speed over brute-force speed);
* **build**: seconds to build the index from parsed entries, and the resident memory the
  index adds (RSS after the build minus RSS before, entries already loaded).

Run: ``cd /work/main && .venv/bin/python bench/screening_speed.py [--quick] [--queries N]
[--cold N] [--brute N] [--json FILE]``
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.screening import loaders
from waypost.screening.engine import (
    DEFAULT_THRESHOLD,
    EntityKind,
    ListEntry,
    Match,
    ScreeningIndex,
    Subject,
)
from waypost.screening.engine.align import score_names
from waypost.screening.engine.compare import build_match, entry_forms, prepare_query
from waypost.screening.engine.prepared import PreparedName


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned"
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[-1]})
    return f"pinned to core {cores[-1]} of {len(cores)}"


def rss_mb() -> float:
    """Current resident set size of this process, in MB."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def negatives(limit: int) -> list[Subject]:
    """Synthetic people from both yente files, taken in turn."""
    readers = []
    handles = []
    for name in ("negatives_global.csv", "negatives_us.csv"):
        fh = open(loaders.DATA / "yente_fixtures" / name, encoding="utf-8", newline="")  # noqa: SIM115
        handles.append(fh)
        readers.append(csv.DictReader(fh))
    out: list[Subject] = []
    try:
        while len(out) < limit:
            progressed = False
            for reader in readers:
                row = next(reader, None)
                if row is None or len(out) >= limit:
                    continue
                progressed = True
                try:
                    born = date.fromisoformat(row["date_of_birth"]) if row["date_of_birth"] else None
                except ValueError:
                    born = None
                code = loaders.country_code(row["nationality"]) if row["nationality"] else ""
                out.append(
                    Subject(
                        row["full_name"],
                        kind=EntityKind.PERSON,
                        countries=(code,) if code else (),
                        birth_date=born,
                    )
                )
            if not progressed:
                break
    finally:
        for fh in handles:
            fh.close()
    return out


def perturbed(entries: list[ListEntry], count: int, rng: random.Random) -> list[Subject]:
    """Real list names with one deleted letter or their words reordered."""
    out: list[Subject] = []
    while len(out) < count:
        entry = rng.choice(entries)
        text = rng.choice(entry.names).text
        words = text.split()
        if len(words) > 1 and rng.random() < 0.5:
            rng.shuffle(words)
            text = " ".join(words)
        elif len(text) > 6:
            i = rng.randrange(1, len(text) - 1)
            text = text[:i] + text[i + 1 :]
        out.append(Subject(text, kind=entry.kind))
    return out


def scan(
    prepared: list[tuple[ListEntry, list[tuple[int, PreparedName]]]], subject: Subject, threshold: float
) -> list[Match]:
    """:func:`brute_force_search` over names prepared in advance: every name scored."""
    query = prepare_query(subject)
    matches: list[Match] = []
    for entry, forms in prepared:
        best = None
        for name_index, name in forms:
            result = score_names(query, name)
            if result.score > 0.0 and (best is None or result.score > best[0]):
                best = (result.score, name_index, name, result)
        if best is not None:
            match = build_match(subject, query, entry, best[1], best[2], best[3])
            if match is not None and match.score >= threshold:
                matches.append(match)
    return sorted(matches, key=lambda m: (-m.score, m.list_id, m.entry_id))


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=int, default=100_000, help="synthetic people in the batch")
    parser.add_argument("--cold", type=int, default=1_000, help="queries timed with caches cleared")
    parser.add_argument("--brute", type=int, default=5, help="queries for the brute-force baseline")
    parser.add_argument("--quick", action="store_true", help="10,000 queries, 300 cold, 2 brute force")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args()
    if args.quick:
        args.queries, args.cold, args.brute = 10_000, 300, 2
    if not loaders.available():
        print(f"data not found at {loaders.DATA}; set WAYPOST_SCREENING_DATA", file=sys.stderr)
        return 2

    pinned = pin_to_one_core()
    machine = loaders.machine_info()
    print("machine:", machine, f"({pinned})")
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))

    entries = loaders.load_all()
    rng = random.Random(args.seed)
    people = negatives(args.queries)
    positives = perturbed(entries, max(1, len(people) // 10), rng)
    batch: list[Subject] = []
    for i, subject in enumerate(people):
        batch.append(subject)
        if i % 10 == 9:
            batch.append(positives[i // 10])

    before = rss_mb()
    cpu = time.process_time()
    index = ScreeningIndex.build(entries)
    build_s = time.process_time() - cpu
    # Long-lived index objects leave the cyclic collector's generations, as a worker holding
    # the index should do: otherwise each full collection walks millions of them (a pause of
    # a second or more every few thousand queries).
    gc.collect()
    gc.freeze()
    index_mb = rss_mb() - before
    print(
        f"index: {len(index)} entries, {index.name_count} names, {index.spelling_count} spellings, "
        f"{index.key_count} keys; build {build_s:.1f} s CPU; memory +{index_mb:.0f} MB RSS "
        f"(process {rss_mb():.0f} MB, peak {peak_mb():.0f} MB)"
    )

    latencies: list[float] = []
    alerts = 0
    started = time.process_time()
    for subject in batch:
        t0 = time.process_time()
        found = index.search(subject, threshold=args.threshold)
        latencies.append(time.process_time() - t0)
        alerts += bool(found)
    batch_s = time.process_time() - started
    latencies.sort()
    qps = len(batch) / batch_s
    print(
        f"batch: {len(batch)} queries ({len(people)} synthetic people, {len(batch) - len(people)} "
        f"perturbed list names), {alerts} with a match; {qps:,.0f} queries/s; "
        f"p50 {percentile(latencies, 0.5) * 1e3:.3f} ms, p95 {percentile(latencies, 0.95) * 1e3:.3f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1e3:.3f} ms, max {latencies[-1] * 1e3:.1f} ms; "
        f"memory after {rss_mb():.0f} MB"
    )

    cold: list[float] = []
    sample = rng.sample(batch, min(args.cold, len(batch)))
    for subject in sample:
        index.clear_caches()
        t0 = time.process_time()
        index.search(subject, threshold=args.threshold)
        cold.append(time.process_time() - t0)
    cold.sort()
    if cold:
        print(
            f"cold: {len(cold)} queries, caches cleared before each: "
            f"p50 {percentile(cold, 0.5) * 1e3:.3f} ms, "
            f"p95 {percentile(cold, 0.95) * 1e3:.3f} ms, p99 {percentile(cold, 0.99) * 1e3:.3f} ms"
        )

    brute_qps = None
    if args.brute:
        # The baseline scans names prepared once (as an index-free implementation would keep
        # them), so the ratio measures the index, not normalisation.
        prepared = [(entry, entry_forms(entry)) for entry in entries]
        brute_sample = rng.sample(batch, args.brute)
        t0 = time.process_time()
        for subject in brute_sample:
            scan(prepared, subject, args.threshold)
        brute_s = (time.process_time() - t0) / len(brute_sample)
        brute_qps = 1 / brute_s
        print(
            f"brute force: {brute_s * 1e3:.0f} ms per query over {len(brute_sample)} queries; "
            f"index batch is {qps / brute_qps:,.0f}x faster"
        )

    if args.json:
        figures = {
            "machine": machine,
            "command": sys.argv,
            "entries": len(index),
            "names": index.name_count,
            "build_s": round(build_s, 2),
            "index_mb": round(index_mb),
            "batch_queries": len(batch),
            "qps": round(qps),
            "p50_ms": round(percentile(latencies, 0.5) * 1e3, 3),
            "p95_ms": round(percentile(latencies, 0.95) * 1e3, 3),
            "p99_ms": round(percentile(latencies, 0.99) * 1e3, 3),
            "cold_p50_ms": round(percentile(cold, 0.5) * 1e3, 3) if cold else None,
            "cold_p99_ms": round(percentile(cold, 0.99) * 1e3, 3) if cold else None,
            "brute_qps": brute_qps,
        }
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
