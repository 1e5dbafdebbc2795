"""Assessing stored trips: storing with the versions used, explaining later, simulating, re-assessing.

Today is pinned to 2026-01-10. Alice (executive, ai, Lumen) flies PEK → YVR → MEX in March:
a transit in Canada (a US ally) and a stay in Mexico (not one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypost.audit.models import AuditEvent
from waypost.people.choices import AccessRole, JobRole
from waypost.people.models import Person, RoleAssignment
from waypost.people.tests.factories import PersonFactory
from waypost.policy.choices import RunStatus
from waypost.policy.models import GuidanceVersion, ReassessmentRun
from waypost.policy.services import guidance_draft_save, reassessment_queue, version_transition
from waypost.policy.tests.factories import CAUTION_RULE, LEADERS_RULE, guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips import assessing
from waypost.trips.assessing import (
    assess_trip,
    assessment_explain,
    assessment_store,
    reassessment_run,
    simulate,
)
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip, TripAssessment
from waypost.trips.tests.factories import to_city, trip_for, via_vancouver

NOW = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


#: An itinerary the engine refuses: XXX is no airport.
BAD_FACTS: dict[str, Any] = {
    "legs": [
        {
            "mode": "air",
            "from": "PEK",
            "to": "XXX",
            "depart": "2026-03-01T10:00",
            "arrive": "2026-03-01T14:00",
        }
    ]
}


def rhine_officer(cast: Cast) -> Any:
    """An officer over the other authority, to publish guidance there."""
    rhea = PersonFactory(email="rhea@rhine.example", unit=cast.other_unit)
    RoleAssignment.objects.create(person=rhea, role=AccessRole.SECURITY_OFFICER, node=cast.other_authority)
    return rhea.user


def store_current(*trips: Trip) -> None:
    for trip in trips:
        assessment_store(trip, assess_trip(trip))


def run_for(version: GuidanceVersion | None) -> ReassessmentRun:
    """Queue a run as a publish does and run it in this process (the worker's part)."""
    return reassessment_run(reassessment_queue(actor=None, version=version).pk)


def assessments(trip: Trip) -> list[str]:
    """The trip's stored advisories, oldest first."""
    return list(TripAssessment.objects.filter(trip=trip).order_by("pk").values_list("advisory", flat=True))


# --- one trip ---------------------------------------------------------------------------------------


def test_stored_assessment_records_every_version_that_applied(cast: Cast) -> None:
    """The versions in force over Alice (authority and organisation) are stored; another authority's not."""
    # given
    east = publish(
        cast.ada.user, guidance_yaml(slug="east-caution", issuer="east-office", rules=[CAUTION_RULE])
    )
    lumen = publish(cast.olu.user, guidance_yaml(slug="lumen-leaders", issuer="lumen"))
    publish(rhine_officer(cast), guidance_yaml(slug="rhine-leaders", issuer="rhine-council"))
    trip = trip_for(cast.alice, via_vancouver())
    # when
    stored = assessment_store(trip, assess_trip(trip))
    # then
    assert (stored.advisory, stored.on, stored.is_current, stored.trip_version) == (
        "advised_against",
        TODAY,
        True,
        1,
    )
    assert stored.obligations == {"declare_days_before": 14, "approval": ["manager"]}
    assert set(stored.guidance_versions.all()) == {east, lumen}
    assert stored.result["guidance_versions"] == [
        {"id": "east-caution", "version": 1},
        {"id": "lumen-leaders", "version": 1},
    ]
    assert [entry["how"] for entry in stored.result["countries"]] == ["transit", "stay"]


def test_storing_again_keeps_one_current_assessment(cast: Cast) -> None:
    """Each new assessment becomes the current one; the earlier ones stay as history."""
    # given
    trip = trip_for(cast.alice, via_vancouver())
    first = assessment_store(trip, assess_trip(trip))
    publish(cast.olu.user, guidance_yaml())
    # when
    second = assessment_store(trip, assess_trip(trip))
    # then
    first.refresh_from_db()
    assert (first.is_current, first.advisory) == (False, "none")
    assert (second.is_current, second.advisory) == (True, "advised_against")
    assert TripAssessment.objects.filter(trip=trip, is_current=True).get() == second


@pytest.mark.parametrize(
    ("newer_from", "newer_action"),
    [("2026-01-10", "publish"), ("2026-02-01", "publish"), (None, "retire")],
    ids=["newer-from-today", "newer-from-next-month", "retired"],
)
def test_explain_gives_the_same_result_after_the_guidance_changed(
    cast: Cast, newer_from: str | None, newer_action: str
) -> None:
    """Re-explaining uses exactly the stored versions on the stored date, whatever happened since."""
    # given: an assessment made with version 1
    v1 = publish(cast.olu.user, guidance_yaml(effective_from="2025-06-01"))
    trip = trip_for(cast.alice, via_vancouver())
    stored = assessment_store(trip, assess_trip(trip))
    assert stored.advisory == "advised_against"
    # when: a milder version 2 supersedes it (closing version 1), or version 1 is retired
    if newer_action == "publish":
        assert newer_from is not None
        publish(cast.olu.user, guidance_yaml(effective_from=newer_from, rules=[CAUTION_RULE]))
        in_force = dt.date.fromisoformat(newer_from)
        assert assess_trip(trip, on=in_force).advisory.value == "caution"
    else:
        version_transition(actor=cast.olu.user, version=v1, action="retire")
        assert assess_trip(trip).advisory.value == "none"
    explained = assessment_explain(TripAssessment.objects.get(pk=stored.pk))
    # then
    assert explained.to_json() == stored.result
    assert explained.guidance_versions == (("ai-leaders", 1),)


# --- simulation -------------------------------------------------------------------------------------


def test_simulation_reports_before_and_after_and_writes_nothing(cast: Cast) -> None:
    """Only trips under the issuer are considered; changed ones show the decision before → after."""
    # given: Lumen's version 1 says caution; its draft version 2 says advised against
    publish(cast.olu.user, guidance_yaml(rules=[CAUTION_RULE]))
    alice_trip = trip_for(cast.alice, via_vancouver())
    bob_trip = trip_for(cast.bob, to_city("SIN", "SG", "Singapore"))
    trip_for(cast.mallory, via_vancouver())  # another organisation: out of scope
    store_current(alice_trip, bob_trip)
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(rules=[LEADERS_RULE]))
    counts = _row_counts()
    # when
    with CaptureQueriesContext(connection) as queries:
        result = simulate([draft])
    # then
    assert (result.on, result.considered, result.stricter, result.looser) == (TODAY, 2, 1, 0)
    [change] = result.changed
    assert (change.trip_id, change.traveller) == (alice_trip.pk, "Alice Wang")
    assert change.before is not None
    assert change.after is not None
    assert (change.before.advisory.value, change.after.advisory.value) == ("caution", "advised_against")
    assert change.changes is not None
    assert [(c.field, c.before, c.after) for c in change.changes.changes] == [
        ("advisory", "caution", "advised_against"),
        ("declare_days_before", None, 14),
        ("approval", None, ("manager",)),
    ]
    assert _row_counts() == counts
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []


def test_simulation_lists_trips_with_bad_facts_as_failed(cast: Cast) -> None:
    """A trip the engine cannot read is reported, not fatal."""
    # given
    good = trip_for(cast.alice, via_vancouver())
    bad = trip_for(cast.alice, BAD_FACTS)
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    # when
    result = simulate([draft])
    # then
    assert [c.trip_id for c in result.changed] == [good.pk]
    assert [c.trip_id for c in result.failed] == [bad.pk]
    assert "XXX" in result.failed[0].error


def test_simulation_uses_the_latest_text_of_a_draft_saved_twice_in_one_instant(cast: Cast) -> None:
    """Parsed guidance is cached by its content, so a quick second save is not simulated stale."""
    # given
    trip_for(cast.alice, via_vancouver())
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(rules=[CAUTION_RULE]))
    assert simulate([draft]).changed[0].after.advisory.value == "caution"  # type: ignore[union-attr]
    # when: the clock is pinned, so both saves carry the same updated_at
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(rules=[LEADERS_RULE]))
    # then
    assert simulate([draft]).changed[0].after.advisory.value == "advised_against"  # type: ignore[union-attr]


def _row_counts() -> dict[str, int]:
    through = TripAssessment.guidance_versions.through
    return {
        "assessments": TripAssessment.objects.count(),
        "assessment versions": through.objects.count(),
        "audit events": AuditEvent.objects.count(),
        "versions": GuidanceVersion.objects.count(),
        "runs": ReassessmentRun.objects.count(),
        "trips": Trip.objects.count(),
    }


# --- re-assessment after a publish -----------------------------------------------------------------


def test_reassessment_stores_a_new_assessment_only_where_the_decision_changed(cast: Cast) -> None:
    """Open trips under the issuer are re-assessed; past, cancelled, closed and other trips are left alone."""
    # given: every trip assessed before any guidance existed (advisory none)
    march = dt.date(2026, 3, 1)
    upcoming = trip_for(cast.alice, via_vancouver(march))
    travelling = trip_for(cast.alice, via_vancouver(dt.date(2026, 1, 8)), status=TripStatus.TRAVELLING)
    unaffected = trip_for(cast.bob, to_city("SIN", "SG", "Singapore", march))
    back = trip_for(cast.alice, via_vancouver(dt.date(2025, 12, 1)), status=TripStatus.APPROVED)
    cancelled = trip_for(cast.alice, via_vancouver(march), status=TripStatus.CANCELLED)
    closed = trip_for(cast.alice, via_vancouver(dt.date(2025, 11, 1)), status=TripStatus.CLOSED)
    elsewhere = trip_for(cast.mallory, via_vancouver(march))
    everyone = (upcoming, travelling, unaffected, back, cancelled, closed, elsewhere)
    store_current(*everyone)
    version = publish(cast.olu.user, guidance_yaml())
    # when
    run = run_for(version)
    # then
    assert (run.status, run.total, run.done, run.changed, run.error) == (RunStatus.DONE, 3, 3, 2, "")
    assert (run.started_at, run.finished_at, run.percent) == (NOW, NOW, 100)
    assert {trip.title: assessments(trip) for trip in everyone} == {
        upcoming.title: ["none", "advised_against"],
        travelling.title: ["none", "advised_against"],
        unaffected.title: ["none"],
        back.title: ["none"],
        cancelled.title: ["none"],
        closed.title: ["none"],
        elsewhere.title: ["none"],
    }
    current = TripAssessment.objects.get(trip=upcoming, is_current=True)
    assert list(current.guidance_versions.all()) == [version]
    assert current.result["reasons"]
    assert TripAssessment.objects.filter(is_current=True).count() == len(everyone)


def test_a_second_run_changes_nothing(cast: Cast) -> None:
    """Re-assessing with unchanged guidance stores nothing new."""
    # given
    trip = trip_for(cast.alice, via_vancouver())
    version = publish(cast.olu.user, guidance_yaml())
    run_for(version)
    # when
    again = run_for(version)
    # then
    assert (again.done, again.changed) == (1, 0)
    assert assessments(trip) == ["advised_against"]


def test_the_traveller_is_read_as_they_are_now(cast: Cast) -> None:
    """A traveller who is no longer an executive is no longer advised against."""
    # given
    trip = trip_for(cast.alice, via_vancouver())
    version = publish(cast.olu.user, guidance_yaml())
    run_for(version)
    Person.objects.filter(pk=cast.alice.pk).update(role=JobRole.ENGINEER)
    # when
    run = run_for(version)
    # then
    assert run.changed == 1
    assert assessments(trip) == ["advised_against", "none"]


def test_a_trip_with_bad_facts_is_counted_but_does_not_break_the_run(cast: Cast) -> None:
    """The unreadable trip is skipped (and keeps no assessment); the others are still assessed."""
    # given
    bad = trip_for(cast.alice, BAD_FACTS)
    good = trip_for(cast.alice, via_vancouver())
    version = publish(cast.olu.user, guidance_yaml())
    # when
    run = run_for(version)
    # then
    assert (run.status, run.total, run.done, run.changed) == (RunStatus.DONE, 2, 2, 1)
    assert assessments(bad) == []
    assert assessments(good) == ["advised_against"]


def test_a_run_for_all_guidance_covers_every_organisation(cast: Cast) -> None:
    """A run without a version (e.g. after a country group changed) re-assesses every open trip."""
    # given
    publish(cast.olu.user, guidance_yaml(slug="lumen-leaders"))
    publish(rhine_officer(cast), guidance_yaml(slug="rhine-leaders", issuer="rhine-council"))
    alice_trip = trip_for(cast.alice, via_vancouver())
    mallory_trip = trip_for(cast.mallory, via_vancouver())
    Person.objects.filter(pk=cast.mallory.pk).update(role=JobRole.EXECUTIVE)
    # when
    run = run_for(None)
    # then
    assert (run.total, run.done, run.changed) == (2, 2, 2)
    assert assessments(alice_trip) == assessments(mallory_trip) == ["advised_against"]


def test_a_failing_run_is_marked_failed_with_the_error(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected error is recorded on the run, so the progress page does not spin forever."""
    # given
    trip_for(cast.alice, via_vancouver())
    version = publish(cast.olu.user, guidance_yaml())

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(assessing, "assess", broken)
    queued = reassessment_queue(actor=None, version=version)
    # when
    with pytest.raises(RuntimeError):
        reassessment_run(queued.pk)
    # then
    queued.refresh_from_db()
    assert (queued.status, queued.error, queued.finished_at) == (RunStatus.FAILED, "engine exploded", NOW)


def test_reassessment_queries_do_not_grow_with_the_number_of_trips(cast: Cast) -> None:
    """Trips, travellers and current decisions are read in bulk and written in bulk."""
    # given
    version = publish(cast.olu.user, guidance_yaml())

    def queries_for(trips: int) -> int:
        Trip.objects.all().delete()
        for _ in range(trips):
            trip_for(cast.alice, via_vancouver())
        with CaptureQueriesContext(connection) as captured:
            run = run_for(version)
        assert run.changed == trips
        return len(captured.captured_queries)

    # when / then
    assert queries_for(2) == queries_for(9)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_large_run_on_postgresql_is_split_over_processes(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """Shards in spawned processes store the same assessments, and add up to the same progress."""
    if connection.vendor != "postgresql":
        pytest.skip("runs only with DATABASE_URL pointing at PostgreSQL (the processes need a server)")
    # given: every trip counts as a large run, split in two
    monkeypatch.setattr(assessing, "PARALLEL_MIN", 1)
    monkeypatch.setattr(assessing, "CHUNK", 1)
    settings.WAYPOST_REASSESS_PROCESSES = 2
    affected = [trip_for(cast.alice, via_vancouver()) for _ in range(3)]
    unaffected = [trip_for(cast.bob, to_city("SIN", "SG", "Singapore")) for _ in range(2)]
    store_current(*affected, *unaffected)
    assert assessing._processes(5) == 2
    # when: without a test transaction the publish commits, and its run starts at once (immediate huey)
    version = publish(cast.olu.user, guidance_yaml())
    # then
    run = ReassessmentRun.objects.get(version=version)
    assert (run.status, run.total, run.done, run.changed) == (RunStatus.DONE, 5, 5, 3)
    assert [assessments(trip) for trip in affected] == [["none", "advised_against"]] * 3
    assert [assessments(trip) for trip in unaffected] == [["none"]] * 2
    current = TripAssessment.objects.get(trip=affected[0], is_current=True)
    assert list(current.guidance_versions.all()) == [version]
