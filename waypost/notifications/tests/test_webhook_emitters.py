"""Each of the five events is emitted by the service that makes the change, with ids and codes only."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from waypost.debriefs.services import debriefs_remind
from waypost.debriefs.tests.factories import returned_trip
from waypost.notifications.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from waypost.policy.tests.factories import guidance_yaml, publish
from waypost.screening.choices import SubjectSource
from waypost.screening.matching import clear_index_cache
from waypost.screening.models import ScreeningSubject
from waypost.screening.services import list_import, subjects_screen
from waypost.testing import Cast
from waypost.trips import abroad
from waypost.trips.choices import Decision, TripStatus
from waypost.trips.services import trip_draft_save, trip_transition
from waypost.trips.tests.factories import to_city, trip_for, via_vancouver

from .conftest import NOW

SINGAPORE_RULE: dict[str, Any] = {
    "id": "singapore-caution",
    "when": {"destinations": {"countries": ["SG"]}},
    "then": {"advisory": "caution", "approval": ["manager"]},
}


@pytest.fixture(autouse=True)
def _everything_to_lumen(
    cast: Cast, settings: Any, clock_at: Callable[[dt.datetime], Any]
) -> WebhookEndpoint:
    """An endpoint over Lumen subscribed to every event, and one at another organisation."""
    settings.WAYPOST_BASE_URL = "https://waypost.example"
    WebhookEndpoint.objects.create(
        owner=cast.other_org, url="https://hooks.example/kinetic", events=WebhookEvent.values
    )
    return WebhookEndpoint.objects.create(
        owner=cast.org, url="https://hooks.example/lumen", events=WebhookEvent.values
    )


def sent(event: str) -> list[dict[str, Any]]:
    """The ``data`` of each delivery of ``event`` (all to Lumen's endpoint)."""
    rows = list(WebhookDelivery.objects.filter(event=event).select_related("endpoint__owner").order_by("pk"))
    assert {row.endpoint.owner.slug for row in rows} <= {"lumen"}
    return [row.payload["data"] for row in rows]


def submitted(cast: Cast, facts: dict[str, Any]) -> Any:
    draft = trip_draft_save(actor=cast.alice.user, facts=facts, title="Trip").trip
    return trip_transition(actor=cast.alice.user, trip=draft, action="submit")


def test_a_submitted_trip_is_announced(cast: Cast) -> None:
    # given: Singapore asks for the manager's review
    publish(cast.olu.user, guidance_yaml(rules=[SINGAPORE_RULE]))
    # when
    trip = submitted(cast, to_city("SIN", "SG", "Singapore", dt.date(2026, 3, 20)))
    # then
    assert sent("trip.submitted") == [
        {
            "trip": trip.pk,
            "traveller": cast.alice.pk,
            "status": "submitted",
            "depart_on": "2026-03-20",
            "return_on": "2026-03-24",
            "advisory": "caution",
            "url": f"https://waypost.example/trips/{trip.pk}/",
        }
    ]
    assert sent("trip.decided") == []


def test_the_end_of_a_review_is_announced_with_the_outcome(cast: Cast) -> None:
    # given
    publish(cast.olu.user, guidance_yaml(rules=[SINGAPORE_RULE]))
    trip = submitted(cast, to_city("SIN", "SG", "Singapore", dt.date(2026, 3, 20)))
    # when: the manager, the only step, approves
    trip_transition(actor=cast.bob.user, trip=trip, action=Decision.APPROVE, note="Enjoy the conference.")
    # then: the outcome, not the note
    assert sent("trip.decided") == [
        {
            "trip": trip.pk,
            "traveller": cast.alice.pk,
            "status": TripStatus.APPROVED,
            "url": f"https://waypost.example/trips/{trip.pk}/",
        }
    ]


def test_a_trip_needing_no_review_is_decided_at_once(cast: Cast) -> None:
    trip = submitted(cast, to_city("SIN", "SG", "Singapore", dt.date(2026, 3, 20)))

    assert [data["status"] for data in sent("trip.submitted")] == ["submitted"]
    assert [data["status"] for data in sent("trip.decided")] == [TripStatus.ACKNOWLEDGED]
    assert sent("trip.decided")[0]["trip"] == trip.pk


def test_an_incident_is_announced_without_its_description(cast: Cast) -> None:
    # given
    trip = trip_for(
        cast.alice, via_vancouver(dt.date(2026, 2, 27)), status=TripStatus.TRAVELLING, title="Mexico"
    )
    # when
    incident = abroad.incident_report(
        actor=cast.alice.user,
        trip=trip,
        kind="detained",
        occurred_at=NOW - dt.timedelta(hours=2),
        country="MX",
        city="Mexico City",
        description="Questioned for two hours at the airport.",
        safe_now="yes",
    )
    # then
    assert sent("incident.created") == [
        {
            "incident": incident.pk,
            "trip": trip.pk,
            "kind": "detained",
            "country": "MX",
            "safe_now": "yes",
            "occurred_at": "2026-03-01T07:00:00Z",
            "url": f"https://waypost.example/incidents/{incident.pk}/",
        }
    ]
    assert "Questioned" not in str(WebhookDelivery.objects.get().payload)


@pytest.fixture
def fresh_index() -> Iterator[None]:
    clear_index_cache()
    yield
    clear_index_cache()


@pytest.mark.usefixtures("fresh_index")
def test_a_screening_hit_is_announced(cast: Cast, tmp_path: Path) -> None:
    # given: Lumen's own list names someone a Lumen traveller met
    path = tmp_path / "custom.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "kind", "aliases", "countries", "birth_date", "notes"])
        writer.writerow(["L-1", "Viktor Falkenrath", "person", "", "DE", "", ""])
    list_import(actor=None, format_name="custom-csv", paths=[path], list_id="custom-lumen", owner=cast.org)
    met = ScreeningSubject.objects.create(
        source_type=SubjectSource.MANUAL, name="Viktor Falkenrath", org_path=cast.unit.path
    )
    # when
    (hit,) = subjects_screen([met])
    # then
    (data,) = sent("hit.raised")
    assert data == {
        "hit": hit.pk,
        "subject": met.pk,
        "list": "custom-lumen",
        "entry": "L-1",
        "score": pytest.approx(hit.score, abs=1e-4),
        "url": f"https://waypost.example/screening/hits/{hit.pk}/",
    }


def test_an_overdue_debrief_is_announced_once(cast: Cast) -> None:
    # given
    trip = returned_trip(cast.alice, due=dt.date(2026, 3, 13))
    # when: the daily job runs before, on and (twice) after the overdue day
    debriefs_remind(on=dt.date(2026, 3, 11))
    debriefs_remind(on=dt.date(2026, 3, 14))
    debriefs_remind(on=dt.date(2026, 3, 14))
    debriefs_remind(on=dt.date(2026, 3, 17))
    # then
    (data,) = sent("debrief.overdue")
    assert {key: data[key] for key in ("trip", "due_on", "days_overdue")} == {
        "trip": trip.pk,
        "due_on": "2026-03-13",
        "days_overdue": 1,
    }
    assert data["url"].startswith("https://waypost.example/")
