"""The trip record: one trip taken from declaration to closed through the real services, exported.

The trip is declared, amended (a meeting added), reviewed by the manager and the security
officer, its briefing acknowledged; it departs, misses a check-in that escalates, checks in,
reports an incident the officer acknowledges and acts on; it returns, is debriefed (a contact
written in Chinese) and the debrief reviewed; the contact's name hits an organisation's own
restricted-party list and the officer confirms the hit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from waypost.audit.models import AuditEvent
from waypost.core.errors import NotFound, ValidationFailed
from waypost.debriefs import services as debriefs
from waypost.debriefs.record import FORMAT_VERSION, trip_record
from waypost.debriefs.record_pdf import record_pdf
from waypost.debriefs.tests.factories import complete_answers, contact
from waypost.policy.models import Briefing
from waypost.policy.tests.factories import LEADERS_RULE, guidance_yaml, publish
from waypost.screening.importing import list_import
from waypost.screening.matching import clear_index_cache
from waypost.screening.models import Hit
from waypost.screening.services import hit_decide
from waypost.testing import Cast
from waypost.trips import abroad
from waypost.trips import services as trips
from waypost.trips.choices import Decision
from waypost.trips.models import CheckIn, Trip
from waypost.trips.tests.factories import via_vancouver

pytestmark = pytest.mark.django_db

DECLARED = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)
START = dt.date(2026, 3, 1)  # via_vancouver: 1–6 March 2026
EXPORTED = dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC)

RULE: dict[str, Any] = {
    **LEADERS_RULE,
    "then": {
        "advisory": "advised_against",
        "approval": ["manager", "security_officer"],
        "briefing": "high-risk",
        "check_in_every_hours": 24,
        "debrief_within_days": 7,
    },
}
MEETING = {
    "name": "张伟",
    "name_latin": "Zhang Wei",
    "organisation": "Beijing Robotics Institute",
    "country": "CN",
    "purpose": "Research collaboration",
}
CUSTOM_HEADER = ["id", "name", "kind", "aliases", "countries", "birth_date", "notes"]


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    clear_index_cache()
    yield
    clear_index_cache()


def _custom_list(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "lumen-watch.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CUSTOM_HEADER)
        writer.writeheader()
        writer.writerow(
            {"id": "LW-1", "name": "Zhang Wei", "kind": "person", "aliases": "张伟", "countries": "CN"}
        )
    list_import(actor=None, format_name="custom-csv", paths=[path], list_id="lumen-watch", owner=cast.org)


@pytest.fixture
def closed_trip(cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> Trip:
    """Alice's trip to Mexico via Vancouver, from declaration to a closed debrief."""
    run = django_capture_on_commit_callbacks
    with time_machine.travel(DECLARED, tick=False) as clock:
        # Guidance, a briefing, an organisation's own list naming the contact.
        publish(cast.olu.user, guidance_yaml(rules=[RULE]))
        Briefing.objects.create(
            slug="high-risk",
            issuer=cast.org,
            title={"en": "High-risk destinations", "de": "Risikoreiche Ziele"},
            body={"en": "Take a clean laptop."},
        )
        _custom_list(cast, tmp_path)
        # Declared, reviewed by the manager, amended with a meeting, approved by the officer.
        trip = trips.trip_draft_save(actor=cast.alice.user, facts=via_vancouver(START), title="Mexico").trip
        with run(execute=True):
            trip = trips.trip_transition(actor=cast.alice.user, trip=trip, action="submit")
        trips.trip_transition(actor=cast.bob.user, trip=trip, action=Decision.APPROVE, note="Fine by me.")
        with run(execute=True):
            amended = trips.trip_amend(
                actor=cast.alice.user,
                trip=trip,
                facts={**via_vancouver(START), "meetings": [MEETING]},
                note="A meeting was arranged.",
            )
        assert not amended.new_review  # not stricter: the officer's step is next
        trips.trip_transition(
            actor=cast.olu.user, trip=trip, action=Decision.APPROVE, note="Take a clean laptop."
        )
        trips.trip_briefing_acknowledge(
            actor=cast.alice.user, trip=trip, briefing=Briefing.objects.get(slug="high-risk"), language="de"
        )
        # Abroad: a missed check-in escalated once, then two check-ins, an incident and an action.
        clock.move_to(dt.datetime(2026, 3, 1, 6, 0, tzinfo=dt.UTC))
        assert trips.trips_depart_due() == 1
        clock.move_to(dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC))
        abroad.checkins_escalate()
        clock.move_to(dt.datetime(2026, 3, 2, 4, 0, tzinfo=dt.UTC))
        abroad.checkin_record(actor=cast.alice.user, trip=trip, country="MX", city="Mexico City")
        clock.move_to(dt.datetime(2026, 3, 3, 2, 0, tzinfo=dt.UTC))
        abroad.checkin_record(actor=cast.alice.user, trip=trip, note="Conference day two.")
        clock.move_to(dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC))
        incident = abroad.incident_report(
            actor=cast.alice.user,
            trip=trip,
            kind="information_request",
            occurred_at=dt.datetime(2026, 3, 3, 11, 0, tzinfo=dt.UTC),
            country="MX",
            city="Mexico City",
            description="A visitor asked for our unpublished training data.",
            safe_now="yes",
        )
        abroad.incident_acknowledge(actor=cast.olu.user, incident=incident, note="Calling her now.")
        abroad.incident_action_add(
            actor=cast.olu.user, incident=incident, text="Briefed her on what not to say."
        )
        # Back: the debrief, with the contact in Chinese; reviewed and closed.
        clock.move_to(dt.datetime(2026, 3, 8, 9, 0, tzinfo=dt.UTC))
        assert trips.trips_return_due() == 1
        answers = complete_answers(
            contact(
                "张伟",
                name_latin="Zhang Wei",
                organisation="Beijing Robotics Institute",
                topics="Robot grasping benchmarks",
                asked_about_work=True,
                planned=True,
            )
        )
        saved = debriefs.debrief_draft_save(actor=cast.alice.user, trip=trip, answers=answers)
        with run(execute=True):
            debrief = debriefs.debrief_transition(
                actor=cast.alice.user, debrief=saved.debrief, action="submit"
            )
        clock.move_to(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC))
        debriefs.debrief_transition(
            actor=cast.olu.user, debrief=debrief, action="review", outcome="closed", note="Nothing further."
        )
        hit = Hit.objects.filter(subject__trip=trip, subject__name="张伟").get()
        hit_decide(actor=cast.olu.user, hit=hit, status="confirmed", note="The same person as on our list.")
    return Trip.objects.get(pk=trip.pk)


@pytest.fixture
def exported_now() -> Iterator[None]:
    with time_machine.travel(EXPORTED, tick=False):
        yield


# --- The record as JSON ----------------------------------------------------------------------


def test_the_officers_record_holds_every_part_of_the_trip(
    cast: Cast, closed_trip: Trip, exported_now: None
) -> None:
    # when
    record = trip_record(actor=cast.olu.user, trip_id=closed_trip.pk)

    # then
    assert record["record"] == {
        "format_version": FORMAT_VERSION,
        "generated_at": "2026-03-12T09:30:00+00:00",
        "generated_by": {"id": cast.olu.pk, "name": str(cast.olu)},
        "waypost_version": record["record"]["waypost_version"],
        "sections": [
            "traveller",
            "trip",
            "versions",
            "assessments",
            "review",
            "briefings",
            "checkins",
            "checkin_windows",
            "incidents",
            "debrief",
            "screening",
        ],
    }
    assert record["traveller"]["name"] == "Alice Wang (王爱丽)"
    assert record["traveller"]["unit"]["name"] == "Foundation Models"
    trip = record["trip"]
    assert (trip["title"], trip["status"], trip["depart_on"], trip["return_on"]) == (
        "Mexico",
        "closed",
        "2026-03-01",
        "2026-03-06",
    )
    assert trip["facts"]["meetings"] == [MEETING]
    assert trip["debrief_due_on"] == "2026-03-13"

    first, second = record["versions"]
    assert (first["number"], first["changes"], "meetings" in first["facts"]) == (1, [], False)
    assert second["note"] == "A meeting was arranged."
    assert second["created_by"] == {"id": cast.alice.pk, "name": str(cast.alice)}
    assert {"path": "meetings[0].name", "kind": "added", "before": None, "after": "张伟"} in second["changes"]

    # the draft, the submission, the amendment
    assert [a["trip_version"] for a in record["assessments"]] == [1, 1, 2]
    current = record["assessments"][-1]
    assert current["current"] is True
    assert current["advisory"] == "advised_against"
    assert current["obligations"]["check_in_every_hours"] == 24
    assert current["reasons"][0]["ref"] == "ai-leaders@1/advise-against"
    assert current["guidance_versions"] == [{"guidance": "ai-leaders", "version": 1}]

    decided = [(s["role"], s["decision"], s["decided_by"]["name"]) for s in record["review"] if s["decision"]]
    assert ("manager", "approve", str(cast.bob)) in decided
    assert ("security_officer", "approve", str(cast.olu)) in decided
    assert [s["note"] for s in record["review"] if s["role"] == "security_officer" and s["decision"]] == [
        "Take a clean laptop."
    ]

    (ack,) = record["briefings"]
    assert (ack["briefing"], ack["version"], ack["language"]) == ("high-risk", 1, "de")
    assert ack["acknowledged_at"] == "2026-01-12T09:00:00+00:00"

    assert [(c["at"], c["city"]) for c in record["checkins"]] == [
        ("2026-03-02T04:00:00+00:00", "Mexico City"),
        ("2026-03-03T02:00:00+00:00", ""),
    ]
    statuses = [(w["due_at"], w["status"], w["escalation_stage"]) for w in record["checkin_windows"]]
    assert statuses[:2] == [
        ("2026-03-02T00:00:00+00:00", "late", 1),
        ("2026-03-03T04:00:00+00:00", "kept", 0),
    ]

    (incident,) = record["incidents"]
    assert (incident["kind"], incident["status"], incident["acknowledged_by"]["name"]) == (
        "information_request",
        "acknowledged",
        str(cast.olu),
    )
    assert [a["text"] for a in incident["actions"]][-1] == "Briefed her on what not to say."

    debrief = record["debrief"]
    assert (debrief["status"], debrief["outcome"], debrief["review_note"], debrief["late"]) == (
        "reviewed",
        "closed",
        "Nothing further.",
        False,
    )
    assert debrief["reviewed_by"]["name"] == str(cast.olu)
    (met,) = debrief["contacts"]
    assert (met["name"], met["name_latin"], met["asked_about_work"]) == ("张伟", "Zhang Wei", True)
    assert met["register_id"] is not None
    assert debrief["answers"]["activities"] == "Gave a talk at the conference."

    screened = {subject["name"]: subject for subject in record["screening"]}
    (hit,) = screened["张伟"]["hits"]
    assert (hit["list"], hit["entry"], hit["status"], hit["note"]) == (
        "lumen-watch",
        "LW-1",
        "confirmed",
        "The same person as on our list.",
    )
    assert hit["decided_by"]["name"] == str(cast.olu)
    assert 0 < hit["score"] <= 1
    assert hit["matched_name"]

    json.dumps(record, ensure_ascii=False)  # plain JSON, nothing else


def test_the_manager_sees_the_trip_but_not_the_debrief_or_the_screening(
    cast: Cast, closed_trip: Trip
) -> None:
    record = trip_record(actor=cast.bob.user, trip_id=closed_trip.pk)
    assert "debrief" not in record
    assert "screening" not in record
    assert "debrief" not in record["record"]["sections"]
    assert record["incidents"]
    assert record["checkins"]
    assert record["review"]


def test_the_traveller_sees_her_debrief_but_not_the_screening(cast: Cast, closed_trip: Trip) -> None:
    record = trip_record(actor=cast.alice.user, trip_id=closed_trip.pk)
    assert record["debrief"]["status"] == "reviewed"
    assert "register_id" not in record["debrief"]["contacts"][0]
    assert "screening" not in record


def test_the_auditor_sees_the_screening_hits(cast: Cast, closed_trip: Trip) -> None:
    record = trip_record(actor=cast.audrey.user, trip_id=closed_trip.pk)
    assert [hit["entry"] for subject in record["screening"] for hit in subject["hits"]] == ["LW-1"]


def test_someone_from_another_organisation_gets_not_found(cast: Cast, closed_trip: Trip) -> None:
    with pytest.raises(NotFound):
        trip_record(actor=cast.mallory.user, trip_id=closed_trip.pk)
    with pytest.raises(NotFound):
        trip_record(actor=cast.olu.user, trip_id=closed_trip.pk + 1000)
    assert not AuditEvent.objects.filter(action="trip.record_exported").exists()


def test_an_unknown_format_is_refused_by_field(cast: Cast, closed_trip: Trip) -> None:
    with pytest.raises(ValidationFailed) as caught:
        trip_record(actor=cast.olu.user, trip_id=closed_trip.pk, export_format="docx")
    assert caught.value.fields == {"format": ["Choose JSON or PDF."]}


def test_each_export_is_audited_with_its_format(cast: Cast, closed_trip: Trip) -> None:
    trip_record(actor=cast.olu.user, trip_id=closed_trip.pk)
    trip_record(actor=cast.alice.user, trip_id=closed_trip.pk, export_format="pdf")
    events = AuditEvent.objects.filter(action="trip.record_exported").order_by("pk")
    assert [(e.actor_id, e.target_id, e.extra) for e in events] == [
        (cast.olu.user.pk, str(closed_trip.pk), {"format": "json"}),
        (cast.alice.user.pk, str(closed_trip.pk), {"format": "pdf"}),
    ]


def test_the_query_count_does_not_grow_with_the_trip(
    cast: Cast, closed_trip: Trip, django_assert_num_queries: Callable[..., Any]
) -> None:
    trip_record(actor=cast.olu.user, trip_id=closed_trip.pk)  # the actor's scope is cached from here
    with django_assert_num_queries(QUERIES):
        trip_record(actor=cast.olu.user, trip_id=closed_trip.pk)
    # given more check-ins and more actions on the incident
    for hour in range(3):
        CheckIn.objects.create(
            trip=closed_trip, person=cast.alice, at=dt.datetime(2026, 3, 4, hour, tzinfo=dt.UTC)
        )
    incident = closed_trip.incidents.get()
    abroad.incident_action_add(actor=cast.olu.user, incident=incident, text="Called the embassy.")
    # then
    with django_assert_num_queries(QUERIES):
        record = trip_record(actor=cast.olu.user, trip_id=closed_trip.pk)
    assert len(record["checkins"]) == 5


#: The trip; its versions, assessments, review steps, briefing acknowledgements, check-ins,
#: check-in windows, incidents and their actions, the debrief and its register entries, the
#: screened names and their hits (13); then the audit event: a savepoint, the chain head read
#: and locked, the event inserted, the head updated, the savepoint released (6).
QUERIES = 19


# --- The record as PDF -----------------------------------------------------------------------


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_shows_the_trip_the_contact_and_page_numbers(
    cast: Cast, closed_trip: Trip, exported_now: None
) -> None:
    pdf = record_pdf(trip_record(actor=cast.olu.user, trip_id=closed_trip.pk), language="en")
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert "Trip record" in text
    assert "Mexico" in text
    assert "张伟" in text
    assert "Zhang Wei" in text
    assert "Alice Wang (王爱丽)" in text
    assert "Briefed her on what not to say." in text
    assert "LW-1" in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "March 12, 2026" in text  # the generated-at line


def test_the_managers_pdf_has_no_debrief(cast: Cast, closed_trip: Trip) -> None:
    text = _text(record_pdf(trip_record(actor=cast.bob.user, trip_id=closed_trip.pk), language="en"))
    assert "Mexico" in text
    assert "Robot grasping benchmarks" not in text
    assert "LW-1" not in text


@pytest.mark.parametrize(("language", "month"), [("de", "März"), ("zh-hans", "3月")])
def test_the_pdf_speaks_the_readers_language(
    cast: Cast, closed_trip: Trip, exported_now: None, language: str, month: str
) -> None:
    record = trip_record(actor=cast.olu.user, trip_id=closed_trip.pk)
    text = _text(record_pdf(record, language=language))
    # Dates in the generated-at line are written the reader's way (Django translates the months).
    assert month in text
    assert "张伟" in text


def test_umlauts_are_set_in_the_latin_font_and_chinese_in_the_cid_font(
    cast: Cast, exported_now: None
) -> None:
    """STSong-Light has no glyphs for ä, ö or ß: text extraction alone would not show it."""
    record: dict[str, Any] = {
        "record": {"sections": []},
        "trip": {"id": 7, "title": "Größere Fahrt zu 张伟", "facts": {}},
        "traveller": {"name": "Jörg Weiß"},
    }
    runs: list[tuple[str, str]] = []
    for page in PdfReader(io.BytesIO(record_pdf(record, language="de"))).pages:
        page.extract_text(
            visitor_text=lambda text, cm, tm, font, size: runs.append(
                (str(font.get("/BaseFont", "")) if font else "", text)
            )
        )
    by_font: dict[str, str] = {}
    for font, text in runs:
        by_font[font] = by_font.get(font, "") + text
    assert "Größere Fahrt zu" in by_font["/Helvetica"]
    assert "Jörg Weiß" in by_font["/Helvetica"]
    assert "张伟" in by_font["/STSong-Light"]
    assert not set("äöüß") & set(by_font["/STSong-Light"])


def test_the_same_record_gives_the_same_pdf(cast: Cast, closed_trip: Trip, exported_now: None) -> None:
    record = trip_record(actor=cast.olu.user, trip_id=closed_trip.pk)
    assert record_pdf(record, language="en") == record_pdf(record, language="en")


def test_long_texts_wrap_and_odd_values_do_not_break_the_pdf(cast: Cast, exported_now: None) -> None:
    long_text = "Lang " * 2000  # the longest text a form takes, and more than a page
    record: dict[str, Any] = {
        "record": {"generated_at": "not a time", "sections": ["incidents", "debrief"]},
        "trip": {"id": 7, "title": "<b>Müller & Söhne</b>", "facts": {"purpose": "x" * 500}},
        "traveller": {},
        "incidents": [{"kind": "unknown-kind", "description": long_text, "actions": [{"text": long_text}]}],
        "debrief": {"answers": {"contacts": "no", "gifts": long_text}, "contacts": [{"name": "王" * 6000}]},
    }
    pdf = record_pdf(record, language="de")
    text = _text(pdf)
    assert "<b>Müller & Söhne</b>" in text
    assert "unknown-kind" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 4


# --- Downloads -------------------------------------------------------------------------------


def test_the_web_downloads_are_attachments(cast: Cast, closed_trip: Trip, client: Any) -> None:
    client.force_login(cast.olu.user)
    page = client.get(reverse("web:trip-detail", kwargs={"trip_id": closed_trip.pk})).content.decode()
    assert reverse("web:trip-record-pdf", kwargs={"trip_id": closed_trip.pk}) in page
    assert reverse("web:trip-record-json", kwargs={"trip_id": closed_trip.pk}) in page
    pdf = client.get(reverse("web:trip-record-pdf", kwargs={"trip_id": closed_trip.pk}))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="trip-{closed_trip.pk}-record.pdf"'
    assert pdf.content.startswith(b"%PDF")
    data = client.get(reverse("web:trip-record-json", kwargs={"trip_id": closed_trip.pk}))
    assert data["Content-Disposition"] == f'attachment; filename="trip-{closed_trip.pk}-record.json"'
    body = data.content.decode("utf-8")
    assert "张伟" in body
    assert '\n  "traveller": {' in body
    assert json.loads(body)["trip"]["id"] == closed_trip.pk


def test_the_api_answers_json_and_pdf(cast: Cast, closed_trip: Trip, client: Any) -> None:
    client.force_login(cast.bob.user)
    data = client.get(reverse("api:trips-record", kwargs={"trip_id": closed_trip.pk}))
    assert data.status_code == 200
    assert data.json()["trip"]["title"] == "Mexico"
    assert "debrief" not in data.json()
    pdf = client.get(
        reverse("api:trips-record-pdf", kwargs={"trip_id": closed_trip.pk}), HTTP_ACCEPT="application/pdf"
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.force_login(cast.mallory.user)
    missing = client.get(reverse("api:trips-record-pdf", kwargs={"trip_id": closed_trip.pk}))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
