"""The traveller abroad: check-ins and their escalation, incidents, and the return job."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from waypost.audit.models import AuditEvent
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.notifications.models import Notification
from waypost.testing import Cast
from waypost.trips import abroad, services
from waypost.trips.choices import TripStatus
from waypost.trips.models import CheckIn, CheckInWindow, Incident, IncidentAction, Trip, TripAssessment
from waypost.trips.tests.factories import trip_for, via_vancouver

START = dt.date(2026, 3, 1)  # via_vancouver: departs 2026-03-01, last leg arrives 2026-03-06
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)
DEPARTURE = dt.datetime(2026, 3, 1, 0, 0, tzinfo=dt.UTC)  # TIME_ZONE is UTC


@pytest.fixture(autouse=True)
def pinned_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def travelling(cast: Cast, **obligations: Any) -> Trip:
    trip = trip_for(cast.alice, via_vancouver(START), status=TripStatus.TRAVELLING, title="Mexico")
    TripAssessment.objects.create(
        trip=trip, trip_version=1, on=START, advisory="caution", obligations=obligations
    )
    return trip


def report(cast: Cast, trip: Trip, **changes: Any) -> Incident:
    values: dict[str, Any] = {
        "kind": "detained",
        "occurred_at": NOW - dt.timedelta(hours=2),
        "country": "MX",
        "city": "Mexico City",
        "description": "Questioned for two hours at the airport.",
        "safe_now": "yes",
    }
    values.update(changes)
    return abroad.incident_report(actor=cast.alice.user, trip=trip, **values)


def kinds(person: Any, kind: str) -> int:
    return Notification.objects.filter(recipient=person, kind=kind, channel="in_app").count()


# --- Check-ins ---------------------------------------------------------------------------------


def test_the_traveller_checks_in_and_the_next_check_in_is_scheduled(cast: Cast) -> None:
    trip = travelling(cast, check_in_every_hours=48)
    # when
    checkin = abroad.checkin_record(actor=cast.alice.user, trip=trip, country="mx", city=" Mexico City ")
    # then
    assert (checkin.country, checkin.city, checkin.at) == ("MX", "Mexico City", NOW)
    window = CheckInWindow.objects.get(trip=trip, resolved_at=None)
    assert window.due_at == NOW + dt.timedelta(hours=48)
    assert AuditEvent.objects.filter(action="checkin.recorded").count() == 1


def test_a_double_tap_records_one_check_in(cast: Cast, pinned_now: Any) -> None:
    trip = travelling(cast)
    first = abroad.checkin_record(actor=cast.alice.user, trip=trip)
    pinned_now.shift(dt.timedelta(minutes=1, seconds=59))
    assert abroad.checkin_record(actor=cast.alice.user, trip=trip).pk == first.pk
    pinned_now.shift(dt.timedelta(minutes=1))
    assert abroad.checkin_record(actor=cast.alice.user, trip=trip).pk != first.pk
    assert CheckIn.objects.filter(trip=trip).count() == 2


def test_only_the_traveller_checks_in_and_only_while_travelling(cast: Cast) -> None:
    trip = travelling(cast)
    with pytest.raises(PermissionDenied):
        abroad.checkin_record(actor=cast.bob.user, trip=trip)
    with pytest.raises(NotFound):
        abroad.checkin_record(actor=cast.mallory.user, trip=trip)
    Trip.objects.filter(pk=trip.pk).update(status=TripStatus.APPROVED)
    with pytest.raises(ValidationFailed) as error:
        abroad.checkin_record(actor=cast.alice.user, trip=trip)
    assert error.value.code == "not_travelling"
    assert not CheckIn.objects.exists()


def test_a_bad_country_is_named(cast: Cast) -> None:
    trip = travelling(cast)
    with pytest.raises(ValidationFailed) as error:
        abroad.checkin_record(actor=cast.alice.user, trip=trip, country="XX")
    assert list(error.value.fields) == ["country"]


def test_the_first_check_in_is_due_every_hours_after_the_departure_day_began(cast: Cast) -> None:
    trip = travelling(cast, check_in_every_hours=24)
    window = abroad.checkins_schedule(trip)
    assert window is not None
    assert window.due_at == DEPARTURE + dt.timedelta(hours=24)
    assert abroad.checkins_schedule(trip) == window  # one open window at a time
    assert abroad.checkins_schedule(travelling_without(cast)) is None


def travelling_without(cast: Cast) -> Trip:
    trip = trip_for(cast.bob, via_vancouver(START), status=TripStatus.TRAVELLING)
    TripAssessment.objects.create(trip=trip, trip_version=1, on=START, advisory="none", obligations={})
    return trip


def test_a_missed_check_in_escalates_in_stages_each_notified_once(cast: Cast, pinned_now: Any) -> None:
    trip = travelling(cast, check_in_every_hours=48)
    due = DEPARTURE + dt.timedelta(hours=48)  # 2026-03-03 00:00
    pinned_now.move_to(due + dt.timedelta(hours=1, minutes=59))
    assert abroad.checkins_escalate() == 0
    window = CheckInWindow.objects.get(trip=trip)
    assert (window.due_at, window.status, window.stage) == (due, "missed", 0)
    # stage 1 at due + 2 h: the traveller
    pinned_now.move_to(due + dt.timedelta(hours=2))
    assert abroad.checkins_escalate() == 1
    assert abroad.checkins_escalate() == 0
    assert kinds(cast.alice, "checkin.missed") == 1
    assert (
        Notification.objects.filter(recipient=cast.alice, kind="checkin.missed", channel="email").count() == 1
    )
    assert kinds(cast.bob, "checkin.missed_escalated") == 0
    # stage 2 at due + 6 h: the manager
    pinned_now.move_to(due + dt.timedelta(hours=6))
    assert abroad.checkins_escalate() == 1
    assert kinds(cast.bob, "checkin.missed_escalated") == 1
    assert kinds(cast.olu, "checkin.missed_escalated") == 0
    # stage 3 at due + 12 h: the security officers
    pinned_now.move_to(due + dt.timedelta(hours=12))
    assert abroad.checkins_escalate() == 1
    pinned_now.move_to(due + dt.timedelta(hours=30))
    assert abroad.checkins_escalate() == 0
    assert kinds(cast.olu, "checkin.missed_escalated") == 1
    assert kinds(cast.alice, "checkin.missed") == 1
    assert kinds(cast.bob, "checkin.missed_escalated") == 1
    window.refresh_from_db()
    assert window.stage == 3
    assert AuditEvent.objects.filter(action="checkin.escalated").count() == 3


def test_a_job_after_a_pause_takes_every_stage_reached_once(cast: Cast, pinned_now: Any) -> None:
    travelling(cast, check_in_every_hours=48)
    pinned_now.move_to(DEPARTURE + dt.timedelta(hours=48 + 7))
    assert abroad.checkins_escalate() == 2
    assert abroad.checkins_escalate() == 0
    assert kinds(cast.alice, "checkin.missed") == 1
    assert kinds(cast.bob, "checkin.missed_escalated") == 1
    assert kinds(cast.olu, "checkin.missed_escalated") == 0


def test_a_late_check_in_stops_the_escalation(cast: Cast, pinned_now: Any) -> None:
    trip = travelling(cast, check_in_every_hours=48)
    due = DEPARTURE + dt.timedelta(hours=48)
    pinned_now.move_to(due + dt.timedelta(hours=3))
    abroad.checkins_escalate()
    abroad.checkin_record(actor=cast.alice.user, trip=trip)
    pinned_now.move_to(due + dt.timedelta(hours=13))
    assert abroad.checkins_escalate() == 0
    late = CheckInWindow.objects.get(trip=trip, due_at=due)
    assert (late.status, late.stage) == ("late", 1)
    assert kinds(cast.bob, "checkin.missed_escalated") == 0


# --- Incidents ---------------------------------------------------------------------------------


def test_an_incident_alerts_the_officers_at_once(cast: Cast) -> None:
    trip = travelling(cast)
    incident = report(cast, trip)
    assert incident.status == "open"
    assert incident.reporter == cast.alice
    assert set(
        Notification.objects.filter(kind="incident.reported").values_list("recipient__email", "channel")
    ) == {("olu@lumen.example", "email"), ("olu@lumen.example", "in_app")}
    assert AuditEvent.objects.filter(action="incident.reported", target_id=str(incident.pk)).exists()
    assert abroad.open_incidents_for(cast.olu.user) == [incident]
    assert abroad.open_incidents_for(cast.alice.user) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "  "}, "description"),
        ({"kind": "picnic"}, "kind"),
        ({"safe_now": ""}, "safe_now"),
        ({"occurred_at": None}, "occurred_at"),
        ({"occurred_at": NOW + dt.timedelta(hours=1)}, "occurred_at"),
        ({"occurred_at": dt.datetime(2026, 2, 27, 23, 0, tzinfo=dt.UTC)}, "occurred_at"),
        ({"country": "XX"}, "country"),
    ],
)
def test_a_bad_report_names_each_field(cast: Cast, changes: dict[str, Any], field: str) -> None:
    trip = travelling(cast)
    with pytest.raises(ValidationFailed) as error:
        report(cast, trip, **changes)
    assert list(error.value.fields) == [field]
    assert not Incident.objects.exists()
    assert not Notification.objects.exists()


def test_a_day_either_side_of_the_trip_is_accepted(cast: Cast) -> None:
    trip = travelling(cast)
    incident = report(cast, trip, occurred_at=dt.datetime(2026, 2, 28, 22, 0, tzinfo=dt.UTC))
    assert incident.pk


def test_only_the_traveller_reports(cast: Cast) -> None:
    trip = travelling(cast)
    with pytest.raises(PermissionDenied):
        abroad.incident_report(
            actor=cast.olu.user,
            trip=trip,
            kind="other",
            occurred_at=NOW,
            description="x",
            safe_now="yes",
        )
    with pytest.raises(NotFound):
        abroad.incident_report(
            actor=cast.mallory.user, trip=trip, kind="other", occurred_at=NOW, description="x", safe_now="yes"
        )


def test_an_officer_acknowledges_acts_and_closes(cast: Cast) -> None:
    incident = report(cast, travelling(cast))
    # when
    abroad.incident_acknowledge(actor=cast.olu.user, incident=incident, note="Called her; she is fine.")
    abroad.incident_action_add(actor=cast.olu.user, incident=incident, text="Informed the ministry.")
    abroad.incident_close(actor=cast.olu.user, incident=incident)
    # then
    incident.refresh_from_db()
    assert (incident.status, incident.acknowledged_by, incident.closed_by) == ("closed", cast.olu, cast.olu)
    assert list(IncidentAction.objects.values_list("text", flat=True)) == [
        "Called her; she is fine.",
        "Informed the ministry.",
    ]
    assert kinds(cast.alice, "incident.acknowledged") == 1
    assert {"incident.acknowledged", "incident.action_added", "incident.closed"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )
    with pytest.raises(Conflict):
        abroad.incident_acknowledge(actor=cast.olu.user, incident=incident)
    with pytest.raises(Conflict):
        abroad.incident_action_add(actor=cast.olu.user, incident=incident, text="More")
    with pytest.raises(Conflict):
        abroad.incident_close(actor=cast.olu.user, incident=incident)


def test_only_officers_over_the_traveller_handle_incidents(cast: Cast) -> None:
    incident = report(cast, travelling(cast))
    for persona in ("alice", "bob", "audrey", "ada"):
        with pytest.raises(PermissionDenied):
            abroad.incident_acknowledge(actor=cast.persona(persona).user, incident=incident)
    with pytest.raises(NotFound):
        abroad.incident_acknowledge(actor=cast.mallory.user, incident=incident)
    with pytest.raises(ValidationFailed) as error:
        abroad.incident_action_add(actor=cast.olu.user, incident=incident, text=" ")
    assert list(error.value.fields) == ["text"]


def test_incidents_are_seen_as_the_trip_is(cast: Cast) -> None:
    incident = report(cast, travelling(cast))
    for persona in ("alice", "bob", "olu", "audrey", "ada"):
        assert list(Incident.objects.visible_to(cast.persona(persona).user)) == [incident]
    assert not Incident.objects.visible_to(cast.mallory.user).exists()
    assert not CheckIn.objects.visible_to(cast.mallory.user).exists()


def test_open_incidents_come_first(cast: Cast) -> None:
    trip = travelling(cast)
    closed = report(cast, trip, kind="other")
    abroad.incident_close(actor=cast.olu.user, incident=closed)
    opened = report(cast, trip, kind="recruitment")
    assert list(abroad.incident_list_for(cast.olu.user)) == [opened, closed]


# --- Return -------------------------------------------------------------------------------------


def test_the_return_job_moves_the_trip_to_debrief_due(cast: Cast, pinned_now: Any) -> None:
    trip = travelling(cast, check_in_every_hours=48, debrief_within_days=7)
    abroad.checkins_schedule(trip)
    pinned_now.move_to(dt.datetime(2026, 3, 6, 23, 59, tzinfo=dt.UTC))  # the last leg's day
    assert services.trips_return_due() == 0
    pinned_now.move_to(dt.datetime(2026, 3, 7, 0, 0, tzinfo=dt.UTC))
    assert services.trips_return_due() == 1
    assert services.trips_return_due() == 0
    trip.refresh_from_db()
    assert (trip.status, trip.debrief_due_on) == (TripStatus.DEBRIEF_DUE, dt.date(2026, 3, 13))
    events = AuditEvent.objects.filter(target_id=str(trip.pk), target_type="trips.trip").order_by("seq")
    actions = list(events.values_list("action", flat=True))
    assert actions[-2:] == ["trip.returned", "trip.debrief_due"]
    assert kinds(cast.alice, "debrief.due") == 1
    assert not CheckInWindow.objects.filter(trip=trip, resolved_at=None).exists()


def test_a_trip_asking_no_debrief_is_closed_after_return(cast: Cast, pinned_now: Any) -> None:
    trip = travelling(cast)
    pinned_now.move_to(dt.datetime(2026, 3, 7, 1, 0, tzinfo=dt.UTC))
    assert services.trips_return_due() == 1
    trip.refresh_from_db()
    assert (trip.status, trip.debrief_due_on) == (TripStatus.CLOSED, None)


def test_people_do_not_return_a_trip_by_hand(cast: Cast) -> None:
    trip = travelling(cast)
    with pytest.raises(PermissionDenied):
        services.trip_transition(actor=cast.alice.user, trip=trip, action="return")
    with pytest.raises(ValidationFailed):
        services.trip_transition(actor=None, trip=trip, action="debrief_due")
