"""Page speed on the scale data (issue 7): trip lists p95 ≤ 150 ms, the oversight dashboard p95 ≤ 300 ms.

Against the database named by ``DATABASE_URL`` (default: the ``waypost_scale`` database filled
by ``bench/scale_data.py``; the script only reads it, besides the login sessions), the script

1. picks the personas: a **security officer** over the largest organisation (the first
   ``security_officer`` grant on an organisation node) and a **traveller** — the person without a
   role who has the most trips;
2. for each page and persona, sends ``--warmup`` requests, then ``--requests`` timed ones with
   Django's test client (the whole middleware stack, a logged-in session, the response read to
   its end), and one more inside ``CaptureQueriesContext`` to count the SQL queries;
3. prints p50, p95 and max per page (wall time), the median CPU time of this process per request
   (Django's share, without the database server's; useful on a shared machine), the queries per
   request and the response size, each against its target;
4. streams a **500,000-row CSV export** through :func:`waypost.reports.exports.csv_chunks` and a
   ``StreamingHttpResponse`` (rows read with ``.iterator()``), and prints the resident size before
   and its peak during the export (``VmHWM``, reset first; ``--tracemalloc`` adds the peak Python
   heap, at a large cost in speed). There is no trip export in
   :mod:`waypost.reports` yet (its CSVs are the reports' aggregated tables); this measures the
   streaming path those downloads use, fed with 500,000 trip rows.

Pages: the trip list (``/trips/``) and ``/api/v1/trips/`` as both personas, the oversight
dashboard (``/oversight/``) and ``/api/v1/oversight/dashboard/`` and the reports page as the
officer (travellers do not see them). A page whose URL does not resolve is reported as skipped.

Run: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/waypost_scale .venv/bin/python bench/web_speed.py``
     (``--requests 50``, ``--warmup 3``, ``--only trips`` for a subset, ``--no-export``).
It needs the scale database; ``bench/run_all.py`` does not run it.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/waypost_scale"
EXPORT_ROWS = 500_000


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    personas: tuple[str, ...]
    target_ms: float | None
    query: str = ""


PAGES = (
    Page("trip list (web)", "web:trip-list", ("officer", "traveller"), 150),
    Page("trip list (API)", "api:trips-list", ("officer", "traveller"), 150),
    Page("dashboard (web)", "web:oversight-dashboard", ("officer",), 300),
    Page("dashboard (API)", "api:oversight-dashboard", ("officer",), 300),
    Page("reports (web)", "web:oversight-reports", ("officer",), None),
)


def machine_info() -> str:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    return f"cpu {model}; cores {os.cpu_count()}; python {platform.python_version()}; load average {load}"


def database_label() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} (database {connection.settings_dict['NAME']})"
        cursor.execute("select sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def personas() -> dict[str, Any]:
    """The officer over the largest organisation and the most-travelled traveller without a role."""
    from django.db.models import Count

    from waypost.people.models import Person, RoleAssignment

    grant = (
        RoleAssignment.objects.filter(role="security_officer", node__kind="organisation")
        .select_related("person__user", "node")
        .order_by("pk")
        .first()
    )
    if grant is None or grant.person.user is None:
        raise SystemExit(
            "no security officer over an organisation: fill the database with bench/scale_data.py"
        )
    traveller = (
        Person.objects.filter(user__isnull=False, role_assignments__isnull=True)
        .annotate(trip_count=Count("trips"))
        .order_by("-trip_count", "pk")
        .select_related("user")
        .first()
    )
    assert traveller is not None
    print(f"officer: {grant.person.email} (security officer over {grant.node.path})")
    print(f"traveller: {traveller.email} ({traveller.trip_count} trips)")
    return {"officer": grant.person.user, "traveller": traveller.user}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def time_page(client: Any, url: str, *, requests: int, warmup: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fetch() -> tuple[int, int]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, len(body)

    for _ in range(warmup):
        fetch()
    timings = []
    cpu = []
    status = size = 0
    for _ in range(requests):
        started, cpu_started = time.perf_counter(), time.process_time()
        status, size = fetch()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return {
        "status": status,
        "bytes": size,
        "p50": statistics.median(timings),
        "p95": _percentile(timings, 0.95),
        "max": max(timings),
        "cpu_p50": statistics.median(cpu),
        "queries": len(captured.captured_queries),
        "sql": [query["sql"] for query in captured.captured_queries],
    }


def export_memory(rows: int, *, traced: bool = False) -> dict[str, Any]:
    """Stream ``rows`` trips as CSV through the reports' exporter; peak heap and RSS growth."""
    from django.http import StreamingHttpResponse

    from waypost.reports.exports import csv_chunks
    from waypost.reports.selectors import Report
    from waypost.trips.models import Trip

    columns = ["id", "traveller__name_latin", "title", "status", "depart_on", "return_on", "submitted_at"]

    class StreamedReport(Report):
        """A report whose rows are read from the database as the CSV is written."""

    def trip_rows() -> Iterator[list[Any]]:
        queryset = Trip.objects.order_by("pk").values_list(*columns)[:rows]
        for row in queryset.iterator(chunk_size=2000):
            yield list(row)

    report = StreamedReport(key="trips", title="Trips", columns=columns, labels=columns, rows=[])
    report.rows = trip_rows()  # type: ignore[assignment]
    gc.collect()
    rss_before = _status_kib("VmRSS")
    _reset_peak_rss()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    response = StreamingHttpResponse(csv_chunks(report), content_type="text/csv; charset=utf-8")
    written = lines = 0
    for chunk in response.streaming_content:
        written += len(chunk)
        lines += 1
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if traced else None
    if traced:
        tracemalloc.stop()
    return {
        "rows": lines - 2,
        "bytes": written,
        "seconds": seconds,
        "peak_heap": peak,
        "rss_before_kib": rss_before,
        "rss_peak_kib": _status_kib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def _status_kib(key: str) -> int:
    status = Path("/proc/self/status")
    if not status.exists():
        return 0
    for line in status.read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return 0


def _reset_peak_rss() -> None:
    """Linux: reset VmHWM (the peak resident size) to the current size."""
    clear = Path("/proc/self/clear_refs")
    if clear.exists():
        clear.write_text("5")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--only", default="", help="run only the pages whose name contains this")
    parser.add_argument("--no-export", action="store_true")
    parser.add_argument("--export-rows", type=int, default=EXPORT_ROWS)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace the Python heap (slow)")
    parser.add_argument("--sql", action="store_true", help="print each page's SQL")
    args = parser.parse_args(argv)

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.django.local")
    os.environ["DEBUG"] = "false"  # as deployed: no query log, no debug templates
    import django

    django.setup()
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from waypost.trips.models import Trip

    print(machine_info())
    print(database_label(), f"— {Trip.objects.count():,} trips")
    cast = personas()
    clients = {}
    for name, user in cast.items():
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        clients[name] = client

    results = []
    for page in PAGES:
        if args.only and args.only not in page.name:
            continue
        try:
            url = reverse(page.url_name) + page.query
        except NoReverseMatch:
            print(f"{page.name}: TODO — {page.url_name} does not resolve yet; not measured")
            continue
        for persona in page.personas:
            figures = time_page(clients[persona], url, requests=args.requests, warmup=args.warmup)
            target = page.target_ms
            verdict = "" if target is None else ("met" if figures["p95"] <= target else "MISSED")
            results.append((page, persona, figures))
            print(
                f"{page.name:<18} {persona:<9} {url:<32} status {figures['status']} "
                f"p50 {figures['p50']:7.1f} ms  p95 {figures['p95']:7.1f} ms  max {figures['max']:7.1f} ms  "
                f"(Python CPU p50 {figures['cpu_p50']:6.1f} ms)  "
                f"queries {figures['queries']:3d}  {figures['bytes'] / 1024:7.1f} KiB"
                + (f"  target p95 ≤ {target:.0f} ms: {verdict}" if target else ""),
                flush=True,
            )
            if args.sql:
                for sql in figures["sql"]:
                    print("    ", sql[:600])
    if not args.no_export:
        export = export_memory(args.export_rows, traced=args.tracemalloc)
        heap = (
            f"; peak Python heap {export['peak_heap'] / 2**20:.1f} MiB (tracemalloc on)"
            if export["peak_heap"] is not None
            else ""
        )
        print(
            f"CSV export of {export['rows']:,} trip rows: {export['bytes'] / 2**20:.1f} MiB streamed in "
            f"{export['seconds']:.1f} s; resident size {export['rss_before_kib'] / 1024:.0f} MiB before, "
            f"peak {export['rss_peak_kib'] / 1024:.0f} MiB during{heap}",
            flush=True,
        )
    missed = [
        f"{page.name} as {persona}"
        for page, persona, figures in results
        if page.target_ms and figures["p95"] > page.target_ms
    ]
    print("targets: all met" if not missed else f"targets missed: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
