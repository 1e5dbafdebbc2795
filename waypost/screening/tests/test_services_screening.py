"""Screening stored subjects: trips' names, hits raised and refreshed, cleared pairs, scoping, decisions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from waypost.audit.models import AuditEvent
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.screening.choices import HitStatus, SubjectKind, SubjectSource
from waypost.screening.models import Hit, ListEntryRecord, ListVersion, ScreeningSubject
from waypost.screening.services import (
    NoListsImported,
    hit_decide,
    rescreen_for_version,
    screen_names,
    subjects_for_trip,
    subjects_screen,
)
from waypost.screening.tests.conftest import BROWNBACK
from waypost.testing import Cast
from waypost.trips.models import Trip

pytestmark = pytest.mark.django_db

MEETINGS_TRIP = {
    "purpose": "conference",
    "meetings": [
        {
            "name": "布朗巴克",
            "name_latin": "Sam Brownback",
            "organisation": "Hudson Institute",
            "country": "us",
        },
        {"name": "Maria Fernandez", "organisation": "UNAM", "country": "MX"},
        {"name": "  sam   BROWNBACK ", "country": "CA"},
        "not a meeting",
    ],
    "events": [{"name": "Robot learning workshop", "host_organisation": "KAIST", "country": "KR"}],
}


def subject(cast: Cast, name: str, *, unit: Any = None, **fields: Any) -> ScreeningSubject:
    return ScreeningSubject.objects.create(
        source_type=fields.pop("source_type", SubjectSource.MANUAL),
        name=name,
        org_path=(unit or cast.unit).path,
        **fields,
    )


def clear(hit: Hit, cast: Cast, note: str = "Namesake: different person, met at a public lecture.") -> Hit:
    return hit_decide(actor=cast.olu.user, hit=hit, status="cleared", note=note)


# --- subjects of a trip ----------------------------------------------------------------------


def test_subjects_for_trip_are_one_per_name_and_idempotent(cast: Cast) -> None:
    """Meetings give a person and an organisation each, events their host; a name is one subject."""
    trip = Trip.objects.create(traveller=cast.alice, title="Washington", facts=MEETINGS_TRIP)

    first = subjects_for_trip(trip)
    again = subjects_for_trip(trip)

    assert [(s.name, s.name_latin, s.kind, s.source_type, s.countries) for s in first] == [
        ("布朗巴克", "Sam Brownback", SubjectKind.PERSON, SubjectSource.MEETING, ["US"]),
        ("Hudson Institute", "", SubjectKind.ORGANISATION, SubjectSource.MEETING, ["US"]),
        ("Maria Fernandez", "", SubjectKind.PERSON, SubjectSource.MEETING, ["MX"]),
        ("UNAM", "", SubjectKind.ORGANISATION, SubjectSource.MEETING, ["MX"]),
        ("sam BROWNBACK", "", SubjectKind.PERSON, SubjectSource.MEETING, ["CA"]),
        ("KAIST", "", SubjectKind.ORGANISATION, SubjectSource.EVENT_HOST, ["KR"]),
    ]
    assert [s.pk for s in again] == [s.pk for s in first]
    assert ScreeningSubject.objects.filter(trip=trip).count() == 6
    assert {s.org_path for s in first} == {cast.unit.path}


def test_subjects_for_trip_update_spelling_and_countries_and_keep_old_names(cast: Cast) -> None:
    trip = Trip.objects.create(
        traveller=cast.alice, title="Seoul", facts={"meetings": [{"name": "Kim Min-jun"}]}
    )
    (kim,) = subjects_for_trip(trip)

    trip.facts = {"meetings": [{"name": "kim min-jun", "name_latin": "Kim Minjun", "country": "KR"}]}
    trip.save()
    (again,) = subjects_for_trip(trip)

    assert again.pk == kim.pk
    kim.refresh_from_db()
    assert (kim.name, kim.name_latin, kim.countries) == ("Kim Min-jun", "Kim Minjun", ["KR"])

    trip.facts = {"meetings": [{"name": "Lee Seo-yeon"}]}
    trip.save()
    subjects_for_trip(trip)
    assert set(ScreeningSubject.objects.filter(trip=trip).values_list("name", flat=True)) == {
        "Kim Min-jun",
        "Lee Seo-yeon",
    }


# --- raising hits ----------------------------------------------------------------------------


def test_a_name_on_the_list_raises_a_hit_with_the_explanation(cast: Cast, cn_v1: ListVersion) -> None:
    # given
    trip = Trip.objects.create(traveller=cast.alice, title="Washington", facts=MEETINGS_TRIP)
    subjects = subjects_for_trip(trip)

    # when
    hits = subjects_screen(subjects)

    # then: both spellings of Brownback hit his entry, the Hudson Institute its own (China lists it
    # too); nobody else matches
    entry = ListEntryRecord.objects.get(entry_id=BROWNBACK)
    hudson = ListEntryRecord.objects.get(names__0__text="Hudson Institute")
    assert {(hit.subject.name, hit.entry_id) for hit in hits} == {
        ("布朗巴克", entry.pk),
        ("sam BROWNBACK", entry.pk),
        ("Hudson Institute", hudson.pk),
    }
    hit = Hit.objects.get(subject__name="布朗巴克")
    assert hit.status == HitStatus.OPEN
    assert hit.list_version == cn_v1
    assert hit.entry_hash == entry.content_hash
    assert hit.score >= 0.8
    assert hit.matched_name in ("Sam Brownback", "布朗巴克")
    assert hit.explanation["matched_name"] == hit.matched_name
    assert "pairs" in hit.explanation
    assert all(s.screened_at is not None for s in ScreeningSubject.objects.filter(trip=trip))
    raised = AuditEvent.objects.filter(action="hit.raised")
    assert raised.count() == 3
    assert set(raised.values_list("org_path", flat=True)) == {cast.unit.path}


def test_screening_again_refreshes_the_open_hit(cast: Cast, cn_v1: ListVersion) -> None:
    brownback = subject(cast, "Sam Brownback", kind=SubjectKind.PERSON)
    (hit,) = subjects_screen([brownback])

    (again,) = subjects_screen([brownback])

    assert again.pk == hit.pk
    assert Hit.objects.count() == 1
    assert AuditEvent.objects.filter(action="hit.raised").count() == 1


def test_subjects_stored_before_an_import_are_screened_after_it(
    cast: Cast, cn_file: Path, run_import: Callable[..., ListVersion]
) -> None:
    """The import queues a re-screening of stored subjects against the entries it added."""
    brownback = subject(cast, "Brownback, Sam")

    version = run_import(format_name="cn-csv", paths=[cn_file])

    hit = Hit.objects.get(subject=brownback)
    assert (hit.entry.entry_id, hit.list_version, hit.status) == (BROWNBACK, version, HitStatus.OPEN)


def test_a_cleared_pair_is_not_raised_again_while_the_entry_is_the_same(
    cast: Cast, cn_v1: ListVersion, cn_copy: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    # given: a cleared hit
    brownback = subject(cast, "Sam Brownback", kind=SubjectKind.PERSON)
    (hit,) = subjects_screen([brownback])
    clear(hit, cast)

    # when: a new version changes another entry but not this one; the subject is screened again
    v2 = run_import(format_name="cn-csv", paths=[cn_copy(alias={"Q23020745": "J. Hawley"})])
    raised = subjects_screen([brownback])

    # then
    assert v2.changed == 1
    assert raised == []
    hit.refresh_from_db()
    assert hit.status == HitStatus.CLEARED
    assert hit.decided_by == cast.olu
    assert not AuditEvent.objects.filter(action="hit.reopened").exists()


def test_a_cleared_pair_is_raised_again_when_the_entry_changes(
    cast: Cast, cn_v1: ListVersion, cn_copy: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    # given
    brownback = subject(cast, "Sam Brownback", kind=SubjectKind.PERSON)
    (hit,) = subjects_screen([brownback])
    clear(hit, cast)
    old_hash = hit.entry_hash

    # when: the entry itself changes; the import's re-screening task runs
    v2 = run_import(format_name="cn-csv", paths=[cn_copy(alias={BROWNBACK: "Samuel Dale Brownback"})])

    # then
    hit.refresh_from_db()
    assert (hit.status, hit.note, hit.decided_by, hit.decided_at) == (HitStatus.OPEN, "", None, None)
    assert hit.entry_hash != old_hash
    assert hit.entry_hash == ListEntryRecord.objects.get(entry_id=BROWNBACK).content_hash
    assert hit.list_version == v2
    event = AuditEvent.objects.get(action="hit.reopened")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["status"], event.after["status"]) == ("cleared", "open")
    assert event.before["note"].startswith("Namesake")


def test_a_confirmed_hit_stays_confirmed_when_the_entry_changes(
    cast: Cast, cn_v1: ListVersion, cn_copy: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    brownback = subject(cast, "Sam Brownback", kind=SubjectKind.PERSON)
    (hit,) = subjects_screen([brownback])
    hit_decide(actor=cast.olu.user, hit=hit, status="confirmed", note="")

    run_import(format_name="cn-csv", paths=[cn_copy(alias={BROWNBACK: "Samuel Dale Brownback"})])

    hit.refresh_from_db()
    assert hit.status == HitStatus.CONFIRMED


def test_removed_entries_are_not_screened(
    cast: Cast, cn_v1: ListVersion, cn_copy: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    run_import(format_name="cn-csv", paths=[cn_copy(drop=("Sam Brownback",))])

    assert subjects_screen([subject(cast, "Sam Brownback")]) == []


def test_an_organisations_own_list_is_not_used_for_another_organisation(
    cast: Cast, cn_v1: ListVersion, custom_csv: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    # given: the same name met by a Lumen traveller and by a Kinetic traveller
    at_lumen = subject(cast, "Viktor Falkenrath")
    at_kinetic = subject(cast, "Viktor Falkenrath", unit=cast.other_unit)

    # when: Lumen imports its own list naming him (the import re-screens stored subjects) ...
    path = custom_csv([{"id": "L-1", "name": "Viktor Falkenrath", "kind": "person", "countries": "DE"}])
    run_import(format_name="custom-csv", paths=[path], list_id="custom-lumen", owner=cast.org)
    # ... and both subjects are screened in full
    subjects_screen([at_lumen, at_kinetic])

    # then
    assert list(Hit.objects.values_list("subject_id", "entry__list__list_id")) == [
        (at_lumen.pk, "custom-lumen")
    ]


def test_rescreen_of_an_unknown_version_does_nothing(db: Any) -> None:
    assert rescreen_for_version(999_999) == 0


def test_subjects_whose_names_the_engine_refuses_match_nothing(cast: Cast, cn_v1: ListVersion) -> None:
    odd = subject(cast, "…!!!", name_latin="")

    assert subjects_screen([odd]) == []
    odd.refresh_from_db()
    assert odd.screened_at is not None


# --- who sees hits -------------------------------------------------------------------------


def test_hits_and_subjects_are_seen_by_overseers_only(cast: Cast, cn_v1: ListVersion) -> None:
    """Security officers, auditors and administrators over the unit; never the traveller or others."""
    subjects_screen([subject(cast, "Sam Brownback")])

    for persona, expected in (
        ("olu", 1),
        ("audrey", 1),
        ("ada", 1),
        ("alice", 0),
        ("bob", 0),
        ("mallory", 0),
    ):
        user = cast.persona(persona).user
        assert Hit.objects.visible_to(user).count() == expected, persona
        assert ScreeningSubject.objects.visible_to(user).count() == expected, persona
    assert Hit.objects.visible_to(None).count() == 0


# --- deciding hits -------------------------------------------------------------------------


@pytest.fixture
def open_hit(cast: Cast, cn_v1: ListVersion) -> Hit:
    (hit,) = subjects_screen([subject(cast, "Sam Brownback", kind=SubjectKind.PERSON)])
    return hit


def test_a_security_officer_clears_a_hit_with_a_note(cast: Cast, open_hit: Hit) -> None:
    decided = hit_decide(actor=cast.olu.user, hit=open_hit, status="cleared", note="  Different person.  ")

    assert (decided.status, decided.note, decided.decided_by) == (
        HitStatus.CLEARED,
        "Different person.",
        cast.olu,
    )
    assert decided.decided_at is not None
    event = AuditEvent.objects.get(action="hit.cleared")
    assert (event.actor_id, event.target_id, event.org_path) == (
        cast.olu.user.pk,
        str(open_hit.pk),
        cast.unit.path,
    )
    assert event.before is not None
    assert event.after is not None
    assert (event.before["status"], event.after["status"], event.after["note"]) == (
        "open",
        "cleared",
        "Different person.",
    )


def test_clearing_needs_a_note(cast: Cast, open_hit: Hit) -> None:
    with pytest.raises(ValidationFailed) as caught:
        hit_decide(actor=cast.olu.user, hit=open_hit, status="cleared", note="   ")
    assert "note" in caught.value.fields
    with pytest.raises(ValidationFailed):
        hit_decide(actor=cast.olu.user, hit=open_hit, status="open", note="x")
    open_hit.refresh_from_db()
    assert open_hit.status == HitStatus.OPEN


def test_only_a_security_officer_over_the_unit_decides(cast: Cast, open_hit: Hit) -> None:
    """Travellers and outsiders cannot find the hit; auditors and administrators see it but may not decide."""
    for persona in ("alice", "bob", "mallory"):
        with pytest.raises(NotFound):
            hit_decide(actor=cast.persona(persona).user, hit=open_hit, status="confirmed")
    for persona in ("audrey", "ada"):
        with pytest.raises(PermissionDenied):
            hit_decide(actor=cast.persona(persona).user, hit=open_hit, status="confirmed")
    open_hit.refresh_from_db()
    assert open_hit.status == HitStatus.OPEN
    assert not AuditEvent.objects.filter(action__in=["hit.confirmed", "hit.cleared"]).exists()


def test_a_decision_made_meanwhile_is_a_conflict(cast: Cast, open_hit: Hit) -> None:
    """Two officers open the same hit; the second decision, on the stale row, is refused."""
    seen_by_second = Hit.objects.get(pk=open_hit.pk)
    hit_decide(actor=cast.olu.user, hit=open_hit, status="confirmed")

    with pytest.raises(Conflict):
        hit_decide(actor=cast.olu.user, hit=seen_by_second, status="cleared", note="Namesake.")

    open_hit.refresh_from_db()
    assert open_hit.status == HitStatus.CONFIRMED
    # deciding again from the current row is allowed (a change of mind, audited)
    hit_decide(actor=cast.olu.user, hit=open_hit, status="cleared", note="Namesake after all.")
    assert AuditEvent.objects.filter(action__in=["hit.confirmed", "hit.cleared"]).count() == 2


# --- screening typed names -----------------------------------------------------------------


def test_screen_names_answers_each_name(cn_v1: ListVersion) -> None:
    results = screen_names(["Sam Brownback", "Wilhelmina Zzyzx", "", "x" * 10_000, "Sam\x00Brown\u200bback"])

    assert [r.query for r in results][:3] == ["Sam Brownback", "Wilhelmina Zzyzx", ""]
    brownback, nobody, empty, huge, control = results
    assert [(m.list_id, m.entry_id) for m in brownback.matches] == [("cn-countersanctions", BROWNBACK)]
    assert (nobody.matches, nobody.error) == ([], "")
    assert empty.error == "name is empty"
    assert "10000 characters" in huge.error
    assert control.error == ""


def test_screen_names_needs_an_imported_list(db: Any) -> None:
    with pytest.raises(NoListsImported):
        screen_names(["Sam Brownback"])


def test_an_open_hit_is_withdrawn_when_its_entry_leaves_the_list_and_reopened_when_it_returns(
    cast: Cast, cn_v1: ListVersion, cn_copy: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    # given: an open hit and a confirmed one against the same entry
    (open_hit,) = subjects_screen([subject(cast, "Sam Brownback", kind=SubjectKind.PERSON)])
    (kept,) = subjects_screen([subject(cast, "Brownback, Sam")])
    hit_decide(actor=cast.olu.user, hit=kept, status="confirmed", note="")

    # when: the entry is removed (the import re-screens after commit)
    run_import(format_name="cn-csv", paths=[cn_copy(drop=("Sam Brownback",))])

    # then: the open hit is withdrawn, on record and audited; the decided one keeps its decision
    open_hit.refresh_from_db()
    kept.refresh_from_db()
    assert (open_hit.status, kept.status) == (HitStatus.WITHDRAWN, HitStatus.CONFIRMED)
    event = AuditEvent.objects.get(action="hit.withdrawn")
    assert (event.before["status"], event.after["status"]) == ("open", "withdrawn")

    # when: the entry comes back in a later version
    run_import(format_name="cn-csv", paths=[cn_copy()])

    # then: the hit is open again
    open_hit.refresh_from_db()
    assert open_hit.status == HitStatus.OPEN


def test_a_withdrawn_hit_cannot_be_decided(
    cast: Cast, cn_v1: ListVersion, cn_copy: Callable[..., Path], run_import: Callable[..., ListVersion]
) -> None:
    (hit,) = subjects_screen([subject(cast, "Sam Brownback", kind=SubjectKind.PERSON)])
    run_import(format_name="cn-csv", paths=[cn_copy(drop=("Sam Brownback",))])
    hit.refresh_from_db()

    with pytest.raises(ValidationFailed) as caught:
        hit_decide(actor=cast.olu.user, hit=hit, status="confirmed")

    assert caught.value.code == "withdrawn"
    hit.refresh_from_db()
    assert hit.status == HitStatus.WITHDRAWN
