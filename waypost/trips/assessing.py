"""Assessing stored trips with the stored guidance: one trip, every open trip, or a simulation.

The engine does the judging; this module feeds it facts read from the database, stores what it
says with the guidance versions it used, and compares before with after.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q

from waypost.core import clock
from waypost.people.models import Person
from waypost.policy.choices import RunStatus
from waypost.policy.engine import (
    Assessment,
    AssessmentDiff,
    Guidance,
    RuleSet,
    TripFacts,
    TripFactsError,
    assess,
    diff,
    trip_facts_from_json,
)
from waypost.policy.loading import current_rules, rules_of_versions, rules_with_unsaved_drafts
from waypost.policy.models import GuidanceVersion, ReassessmentRun

from .choices import OPEN_STATUSES
from .models import Trip, TripAssessment

logger = logging.getLogger(__name__)

#: Trips read, assessed and written per round trip to the database (and between progress updates).
CHUNK = 2000
#: On PostgreSQL a run over at least this many trips is split over several processes (the engine
#: is pure Python: one core per process). ``settings.WAYPOST_REASSESS_PROCESSES`` caps how many
#: (default: one per CPU core; 1 keeps every run in the calling process).
PARALLEL_MIN = 10 * CHUNK


def traveller_json(person: Person) -> dict[str, Any]:
    """The traveller facts the engine matches on, read from the person as they are now."""
    return {
        "sectors": list(person.sectors or []),
        "role": person.role or None,
        "sensitivity": person.sensitivity,
        "organisation_path": [slug for slug in person.unit.path.split("/") if slug],
    }


def trip_facts(trip: Trip, *, traveller: Mapping[str, Any] | None = None) -> TripFacts:
    """The engine's facts for ``trip``. Raises TripFactsError naming each field at fault."""
    return _facts(
        trip.facts, trip.submitted_at, traveller if traveller is not None else traveller_json(trip.traveller)
    )


def _facts(
    facts: Mapping[str, Any] | None, submitted_at: dt.datetime | None, traveller: Mapping[str, Any]
) -> TripFacts:
    data = dict(facts or {})
    data["traveller"] = dict(traveller)
    if "declared_on" not in data:
        # A submitted trip was declared on its submission day; a draft is judged as if submitted
        # today, so its traveller sees at once whether it would be late.
        declared = submitted_at.date() if submitted_at is not None else clock.today()
        data["declared_on"] = declared.isoformat()
    return trip_facts_from_json(data)


def _decision(assessment: Assessment) -> dict[str, Any]:
    return {name: list(value) if isinstance(value, tuple) else value for name, value in assessment.values}


def _version_ids(assessment: Assessment, index: Mapping[tuple[str, int], int]) -> list[int]:
    return [index[ref] for ref in assessment.guidance_versions if ref in index]


def _version_index() -> dict[tuple[str, int], int]:
    return {
        (slug, number): pk
        for pk, slug, number in GuidanceVersion.objects.exclude(status="draft").values_list(
            "pk", "guidance__slug", "number"
        )
    }


def assess_trip(trip: Trip, *, on: dt.date | None = None, rules: RuleSet | None = None) -> Assessment:
    """Assess ``trip`` against the guidance in force on ``on`` (default today)."""
    return assess(trip_facts(trip), rules or current_rules(), on=on or clock.today())


@transaction.atomic
def assessment_store(trip: Trip, assessment: Assessment) -> TripAssessment:
    """Record ``assessment`` as the trip's current one, with the versions it used."""
    TripAssessment.objects.filter(trip=trip, is_current=True).update(is_current=False)
    stored = TripAssessment.objects.create(
        trip=trip,
        trip_version=trip.version,
        on=assessment.on,
        advisory=assessment.advisory.value,
        obligations=_decision(assessment),
        result=assessment.to_json(),
        late=assessment.late,
    )
    stored.guidance_versions.set(_version_ids(assessment, _version_index()))
    return stored


def assessment_explain(stored: TripAssessment) -> Assessment:
    """Assess the trip again with exactly the versions the stored assessment used, on its date.

    With the trip unchanged this gives the same decision and reasons, years later, whatever was
    published since.
    """
    rules = rules_of_versions(stored.guidance_versions.values_list("pk", flat=True))
    return assess(trip_facts(stored.trip), rules, on=stored.on)


# --- Many trips at once -----------------------------------------------------------------------


@dataclass
class TripChange:
    trip_id: int
    title: str
    traveller: str
    depart_on: dt.date | None
    before: Assessment | None
    after: Assessment | None
    changes: AssessmentDiff | None
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: the trip, its decision before and after (when kept), and what changed."""
        return {
            "trip": self.trip_id,
            "title": self.title,
            "traveller": self.traveller,
            "depart_on": self.depart_on.isoformat() if self.depart_on else None,
            "before": _decision_json(self.before),
            "after": _decision_json(self.after),
            "changes": [change.to_json() for change in self.changes.changes] if self.changes else [],
            "stricter": bool(self.changes and self.changes.is_stricter),
            "looser": bool(self.changes and self.changes.is_looser),
        }


def _decision_json(assessment: Assessment | None) -> dict[str, Any] | None:
    if assessment is None:
        return None
    return {"advisory": assessment.advisory.value, "obligations": _decision(assessment)}


@dataclass
class SimulationResult:
    on: dt.date
    considered: int = 0
    changed: list[TripChange] = field(default_factory=list)
    failed: list[TripChange] = field(default_factory=list)

    @property
    def stricter(self) -> int:
        return sum(1 for c in self.changed if c.changes and c.changes.is_stricter)

    @property
    def looser(self) -> int:
        return sum(1 for c in self.changed if c.changes and c.changes.is_looser)

    def to_json(self, *, limit: int | None = None) -> dict[str, Any]:
        """Counts, then the changed trips (the first ``limit`` of them), then the trips that failed."""
        shown = self.changed if limit is None else self.changed[:limit]
        return {
            "on": self.on.isoformat(),
            "considered": self.considered,
            "changed": len(self.changed),
            "stricter": self.stricter,
            "looser": self.looser,
            "trips": [change.to_json() for change in shown],
            "failed": [
                {"trip": c.trip_id, "title": c.title, "traveller": c.traveller, "error": c.error}
                for c in self.failed
            ],
        }


def open_trips(on: dt.date, *, issuer_path: str = "") -> Any:
    """Upcoming and active trips (not back yet, not finished or cancelled), optionally in a subtree."""
    trips = Trip.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(return_on__gte=on) | Q(return_on__isnull=True)
    )
    if issuer_path:
        trips = trips.filter(traveller__unit__path__startswith=issuer_path)
    return trips


@dataclass(frozen=True, slots=True)
class _Row:
    """An open trip as the bulk paths read it: the columns they need, no model instance."""

    pk: int
    title: str
    facts: dict[str, Any]
    depart_on: dt.date | None
    submitted_at: dt.datetime | None
    version: int
    traveller_id: int

    def __str__(self) -> str:
        return self.title or f"trip {self.pk}"


_ROW_FIELDS = ("pk", "title", "facts", "depart_on", "submitted_at", "version", "traveller_id")


def _chunks(trips: Any) -> Iterator[list[_Row]]:
    """``trips`` in primary-key order, CHUNK at a time.

    Keyset pagination: each chunk is one indexed query, and no cursor stays open while the
    chunks before it are written.
    """
    last = 0
    while True:
        rows = [
            _Row(*values)
            for values in trips.filter(pk__gt=last).order_by("pk").values_list(*_ROW_FIELDS)[:CHUNK]
        ]
        if not rows:
            return
        yield rows
        last = rows[-1].pk


class _Travellers:
    """Traveller facts and names by person id, each person read once per run (not once per trip)."""

    def __init__(self) -> None:
        self.facts: dict[int, dict[str, Any]] = {}
        self.names: dict[int, str] = {}

    def load(self, rows: Iterable[_Row]) -> None:
        missing = {row.traveller_id for row in rows} - self.facts.keys()
        if not missing:
            return
        people = (
            Person.objects.filter(pk__in=missing)
            .select_related("unit")
            .only("name_latin", "sectors", "role", "sensitivity", "unit__path")
        )
        for person in people:
            self.facts[person.pk] = traveller_json(person)
            self.names[person.pk] = person.name_latin

    def trip_facts(self, row: _Row) -> TripFacts:
        return _facts(row.facts, row.submitted_at, self.facts[row.traveller_id])


def simulate(
    drafts: Iterable[GuidanceVersion], *, on: dt.date | None = None, limit: int | None = None
) -> SimulationResult:
    """What publishing ``drafts`` would change for upcoming and active trips (nothing is stored).

    With ``limit``, only the first ``limit`` changed trips keep their assessments before and after;
    every changed trip is still counted and listed with its changes. Both sides are assessed on the
    day the drafts take effect (today if that has passed), so a draft that starts next month is
    compared with what will be in force then.
    """
    draft_list = list(drafts)
    day = max([on or clock.today(), *(d.effective_from for d in draft_list if d.effective_from)])
    paths = {d.guidance.issuer.path for d in draft_list}
    trips = open_trips(day, issuer_path=next(iter(paths)) if len(paths) == 1 else "")
    return _simulate(current_rules(), current_rules(drafts=draft_list), trips, day=day, limit=limit)


def simulate_guidance(
    guidance: Guidance, *, issuer_path: str, on: dt.date | None = None, limit: int | None = None
) -> SimulationResult:
    """:func:`simulate` for engine guidance that is not stored (read from a file); writes nothing.

    ``guidance`` replaces the stored versions of its id as if published; ``issuer_path`` (the path
    of its issuer node) limits the trips considered to the subtree it would apply to.
    """
    day = max(on or clock.today(), guidance.effective_from)
    trips = open_trips(day, issuer_path=issuer_path)
    return _simulate(current_rules(), rules_with_unsaved_drafts([guidance]), trips, day=day, limit=limit)


def _simulate(
    before_rules: RuleSet, after_rules: RuleSet, trips: Any, *, day: dt.date, limit: int | None
) -> SimulationResult:
    result = SimulationResult(on=day)
    travellers = _Travellers()
    for rows in _chunks(trips):
        travellers.load(rows)
        for row in rows:
            result.considered += 1
            traveller = travellers.names[row.traveller_id]
            try:
                facts = travellers.trip_facts(row)
            except TripFactsError as error:
                result.failed.append(_change(row, traveller, None, None, None, str(error)))
                continue
            before = assess(facts, before_rules, on=day)
            after = assess(facts, after_rules, on=day)
            changes = diff(before, after)
            if changes.changed and (limit is None or len(result.changed) < limit):
                result.changed.append(_change(row, traveller, before, after, changes))
            elif changes.changed:
                result.changed.append(_change(row, traveller, None, None, changes))
    return result


def _change(
    trip: _Row,
    traveller: str,
    before: Assessment | None,
    after: Assessment | None,
    changes: AssessmentDiff | None,
    error: str = "",
) -> TripChange:
    return TripChange(
        trip_id=trip.pk,
        title=str(trip),
        traveller=traveller,
        depart_on=trip.depart_on,
        before=before,
        after=after,
        changes=changes,
        error=error,
    )


def reassessment_run(run_id: int) -> ReassessmentRun:
    """Re-assess every open trip in the run's scope; store a new assessment where the decision changed.

    Progress is saved after each chunk so the page that started it can show it. The previous
    decision of each trip is compared with the new one; unchanged trips keep their assessment.
    A trip whose facts the engine cannot read is counted as done and skipped. Per chunk of
    CHUNK trips the work is a fixed number of queries: the trips, their travellers (once per
    person), their current decisions, and the writes of the changed ones.

    Large runs on PostgreSQL are split by trip id over several spawned processes
    (:mod:`waypost.trips.shards`), each with its own connection, adding to the same progress.
    """
    run = ReassessmentRun.objects.select_related("version__guidance__issuer").get(pk=run_id)
    day = clock.today()
    issuer_path = run.version.guidance.issuer.path if run.version else ""
    trips = open_trips(day, issuer_path=issuer_path)
    total = trips.count()
    ReassessmentRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=clock.now(), total=total, done=0, changed=0
    )
    try:
        processes = _processes(total)
        if processes == 1:
            reassess_range(run.pk, day, issuer_path)
        else:
            _reassess_in_processes(run.pk, day, issuer_path, _shards(trips, processes))
        ReassessmentRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=clock.now())
    except Exception as error:
        logger.exception("reassessment run %s failed", run.pk)
        ReassessmentRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(error)[:2000], finished_at=clock.now()
        )
        raise
    run.refresh_from_db()
    return run


def reassess_range(
    run_id: int, day: dt.date, issuer_path: str, first: int | None = None, last: int | None = None
) -> None:
    """The work of a run (or of one shard of it: trip ids ``first``..``last``), adding to its progress."""
    trips = open_trips(day, issuer_path=issuer_path)
    if first is not None and last is not None:
        trips = trips.filter(pk__gte=first, pk__lte=last)
    rules = current_rules()
    index = _version_index()
    travellers = _Travellers()
    for rows in _chunks(trips):
        travellers.load(rows)
        current = _current_decisions([row.pk for row in rows])
        batch: list[tuple[_Row, Assessment]] = []
        for row in rows:
            try:
                assessment = assess(travellers.trip_facts(row), rules, on=day)
            except TripFactsError:
                continue
            if current.get(row.pk) != (assessment.advisory.value, _decision(assessment)):
                batch.append((row, assessment))
        changed = _store_many(batch, index)
        ReassessmentRun.objects.filter(pk=run_id).update(
            done=F("done") + len(rows), changed=F("changed") + changed
        )


def _processes(total: int) -> int:
    if connection.vendor != "postgresql" or total < PARALLEL_MIN:
        return 1
    wanted = getattr(settings, "WAYPOST_REASSESS_PROCESSES", None) or os.cpu_count() or 1
    return max(1, min(int(wanted), total // CHUNK))


def _shards(trips: Any, count: int) -> list[tuple[int, int]]:
    """``count`` ranges of trip ids holding about the same number of trips each."""
    ids = list(trips.order_by("pk").values_list("pk", flat=True))
    size = -(-len(ids) // count)
    return [(ids[start], ids[min(start + size, len(ids)) - 1]) for start in range(0, len(ids), size)]


def _reassess_in_processes(
    run_id: int, day: dt.date, issuer_path: str, shards: list[tuple[int, int]]
) -> None:
    """Run the shards in spawned processes (not forked: the caller may be one of a worker's threads)."""
    from .shards import run_shard

    database = str(connection.settings_dict["NAME"])
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(shards), mp_context=context) as pool:
        futures = [
            pool.submit(run_shard, database, run_id, day.isoformat(), issuer_path, first, last)
            for first, last in shards
        ]
        for future in futures:
            future.result()


def _current_decisions(trip_ids: list[int]) -> dict[int, tuple[str, dict[str, Any]]]:
    """The current (advisory, obligations) of each of these trips that has an assessment."""
    rows = TripAssessment.objects.filter(trip_id__in=trip_ids, is_current=True).values_list(
        "trip_id", "advisory", "obligations"
    )
    return {trip_id: (advisory, obligations) for trip_id, advisory, obligations in rows}


@transaction.atomic
def _store_many(batch: list[tuple[_Row, Assessment]], index: Mapping[tuple[str, int], int]) -> int:
    """Store each assessment as its trip's current one, with the versions it used."""
    if not batch:
        return 0
    TripAssessment.objects.filter(trip_id__in=[row.pk for row, _ in batch], is_current=True).update(
        is_current=False
    )
    if connection.vendor == "postgresql":
        _copy_many(batch, index)
        return len(batch)
    created = TripAssessment.objects.bulk_create(
        TripAssessment(
            trip_id=row.pk,
            trip_version=row.version,
            on=assessment.on,
            advisory=assessment.advisory.value,
            obligations=_decision(assessment),
            result=assessment.to_json(),
            late=assessment.late,
        )
        for row, assessment in batch
    )
    through = TripAssessment.guidance_versions.through
    through.objects.bulk_create(
        through(tripassessment_id=stored.pk, guidanceversion_id=version_id)
        for stored, (_, assessment) in zip(created, batch, strict=True)
        for version_id in _version_ids(assessment, index)
    )
    return len(created)


def _copy_many(batch: list[tuple[_Row, Assessment]], index: Mapping[tuple[str, int], int]) -> None:
    """PostgreSQL: write the assessments and their versions with COPY.

    Several times faster than ``bulk_create`` for rows carrying ~2 KB of JSON each: Django 5.2
    inserts through ``UNNEST`` of arrays, and psycopg escapes every quote of every JSON document
    in Python to build the array literals. The ids are drawn from the table's sequence first, so
    the version links can be written in the same way.
    """
    quote = connection.ops.quote_name
    table = TripAssessment._meta.db_table
    # The model's own columns, in the order the rows below are written.
    columns = ("id", "trip_id", "trip_version", "on", "advisory", "obligations", "result", "late")
    names = ", ".join(map(quote, (*columns, "is_current", "created_at")))
    links = TripAssessment.guidance_versions.through._meta.db_table
    now = clock.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(batch)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for pk, (row, assessment) in zip(ids, batch, strict=True):
                copy.write_row(
                    (
                        pk,
                        row.pk,
                        row.version,
                        assessment.on,
                        assessment.advisory.value,
                        json.dumps(_decision(assessment)),
                        json.dumps(assessment.to_json()),
                        assessment.late,
                        True,
                        now,
                    )
                )
        link_names = ", ".join(map(quote, ("tripassessment_id", "guidanceversion_id")))
        with raw.copy(f"COPY {quote(links)} ({link_names}) FROM STDIN") as copy:
            for pk, (_, assessment) in zip(ids, batch, strict=True):
                for version_id in _version_ids(assessment, index):
                    copy.write_row((pk, version_id))
