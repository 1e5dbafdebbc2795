"""``GET /api/v1/audit/events/``: the audit log for auditors and administrators; reading it is audited."""

from __future__ import annotations

from typing import Any

from waypost.audit.models import AuditEvent
from waypost.people.services import person_record_view
from waypost.testing import Cast

URL = "/api/v1/audit/events/"


def test_auditor_reads_events_and_the_read_is_recorded(cast: Cast, login: Any) -> None:
    """Audrey lists the person reads of her organisation, and her listing is itself recorded."""
    # given
    person_record_view(actor=cast.olu.user, person=cast.alice)
    person_record_view(actor=cast.mallory.user, person=cast.mallory)
    # when
    response = login(cast.audrey).get(URL, {"action": "person.viewed"})
    # then
    assert response.status_code == 200
    results = response.json()["results"]
    assert [event["target_id"] for event in results] == [str(cast.alice.pk)]
    assert set(results[0]) >= {"seq", "hash", "prev_hash", "request_id", "actor_label"}
    event = AuditEvent.objects.get(action="audit.viewed")
    assert event.actor_id == cast.audrey.user.pk
    assert event.extra == {"filters": {"action": "person.viewed"}, "via": "api"}


def test_until_before_since_is_a_field_error(cast: Cast, login: Any) -> None:
    """Dates in the wrong order are a 400 naming ``until``, as on the web page."""
    # when
    response = login(cast.audrey).get(URL, {"since": "2026-03-10", "until": "2026-03-01"})
    # then
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"until": ["The end date is before the start date."]}
    assert not AuditEvent.objects.filter(action="audit.viewed").exists()


def test_malformed_date_is_a_field_error(cast: Cast, login: Any) -> None:
    """A date that does not exist is a 400 naming the parameter."""
    # when
    response = login(cast.audrey).get(URL, {"until": "2026-13-01"})
    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["until"]


def test_date_range_filters_events(cast: Cast, login: Any) -> None:
    """Events outside ``since``..``until`` are left out."""
    # given
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC), tick=False):
        person_record_view(actor=cast.olu.user, person=cast.alice)
    with time_machine.travel(dt.datetime(2026, 4, 5, 12, tzinfo=dt.UTC), tick=False):
        person_record_view(actor=cast.olu.user, person=cast.bob)
    # when
    response = login(cast.audrey).get(
        URL, {"action": "person.viewed", "since": "2026-03-01", "until": "2026-03-31"}
    )
    # then
    assert [event["target_id"] for event in response.json()["results"]] == [str(cast.alice.pk)]
