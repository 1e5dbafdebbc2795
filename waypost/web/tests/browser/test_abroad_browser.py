"""The traveller abroad, through the browser: a one-tap check-in on a phone, and an incident that
reaches the security officer's pages, is acknowledged there and gets an action recorded.

The trips are declared, approved and started through the real services (guidance published, the
manager approves, the departure job starts the trip, the check-in job opens the first window).
The clock is pinned with time-machine for the whole test: the live server runs in this process,
so it sees the same time and every date on the pages is known in advance.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from waypost.notifications.models import Notification
from waypost.policy.tests.factories import guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips import abroad, services
from waypost.trips.models import CheckIn, CheckInWindow, Incident, IncidentAction, Trip
from waypost.trips.tests.factories import to_city

from .test_sign_in_and_language import sign_in

#: Anyone to Singapore: caution, the manager approves, a check-in every 24 hours while there.
SINGAPORE_CHECK_INS: dict[str, Any] = {
    "id": "singapore-check-ins",
    "when": {"destinations": {"countries": ["SG"]}},
    "then": {"advisory": "caution", "approval": ["manager"], "check_in_every_hours": 24},
}
DECLARED = dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC)  # TIME_ZONE is UTC
DEPART_ON = dt.date(2026, 3, 2)  # to_city: PEK 09:00 → SIN 15:00, back on 2026-03-06
ARRIVED = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)  # the evening of the departure day
PHONE = {"width": 390, "height": 844}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def pinned_now() -> Iterator[Any]:
    """The pinned clock (the live server thread included); ``move_to``/``shift`` move it."""
    with time_machine.travel(DECLARED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def travelling(cast: Cast, pinned_now: Any) -> Trip:
    """Alice's Singapore trip, declared a month ahead, approved by Bob, and under way at ARRIVED."""
    publish(cast.olu.user, guidance_yaml(rules=[SINGAPORE_CHECK_INS], effective_from="2026-01-10"))
    saved = services.trip_draft_save(
        actor=cast.alice.user, facts=to_city("SIN", "SG", "Singapore", DEPART_ON), title="Singapore"
    )
    trip = services.trip_transition(actor=cast.alice.user, trip=saved.trip, action="submit")
    trip = services.trip_transition(actor=cast.bob.user, trip=trip, action="approve", note="Fine.")
    assert trip.status == "approved"
    pinned_now.move_to(ARRIVED)
    assert services.trips_depart_due() == 1  # the hourly departure job
    abroad.checkins_escalate()  # the 15-minute check-in job: opens the first window, nothing is due
    trip.refresh_from_db()
    assert trip.status == "travelling"
    assert abroad.check_in_every_hours(trip) == 24
    assert list(CheckInWindow.objects.filter(trip=trip).values_list("due_at", "status")) == [
        (dt.datetime(2026, 3, 3, 0, 0, tzinfo=dt.UTC), "open")
    ]
    return trip


def _signed_in(page: Page, base: str, email: str, password: str, name: str) -> Page:
    sign_in(page, base, email, password)
    expect(page.locator("h1")).to_contain_text(name)
    return page


def _alert(page: Page, text: str) -> Any:
    return page.get_by_role("alert").filter(has_text=text)


@pytest.mark.django_db(transaction=True)
def test_a_one_tap_check_in_on_a_phone_moves_the_schedule_on(
    live_server: Any, page: Page, cast: Cast, travelling: Trip, pinned_now: Any, password: str
) -> None:
    """Alice, abroad, checks in with one tap on her phone's home page, then once more with where
    she is; each check-in keeps the window due and opens the next one 24 hours later."""
    base = live_server.url
    page.set_viewport_size(PHONE)

    # given alice on her home page, on a phone, with a check-in due at midnight
    _signed_in(page, base, cast.alice.email, password, "Alice Wang")
    card = page.locator("#travelling-now")
    expect(card).to_be_visible()
    expect(card.get_by_role("heading")).to_contain_text("Travelling now")
    expect(card.get_by_role("heading")).to_contain_text("Singapore")
    expect(card).to_contain_text("No check-in yet.")
    expect(card).to_contain_text("Next check-in due: 2026-03-03 00:00")
    tap = card.get_by_role("button", name="Check in")
    expect(tap).to_be_in_viewport()
    assert page.evaluate(FITS)

    # when she taps "Check in"
    tap.click()

    # then she is back home with the confirmation, and the next check-in is due in 24 hours
    expect(_alert(page, "Checked in at 18:00")).to_contain_text("have a safe trip")
    expect(page).to_have_url(f"{base}/")
    expect(card).to_contain_text("Last check-in: 2026-03-02 18:00")
    expect(card).to_contain_text("Next check-in due: 2026-03-03 18:00")
    assert page.evaluate(FITS)

    first = CheckIn.objects.get(trip=travelling)
    assert (first.person_id, first.at, first.source, first.country, first.city) == (
        cast.alice.pk,
        ARRIVED,
        "web",
        "",
        "",
    )
    kept = CheckInWindow.objects.get(trip=travelling, due_at=dt.datetime(2026, 3, 3, 0, 0, tzinfo=dt.UTC))
    assert (kept.status, kept.checkin_id, kept.resolved_at) == ("kept", first.pk, ARRIVED)
    upcoming = CheckInWindow.objects.get(trip=travelling, resolved_at=None)
    assert (upcoming.due_at, upcoming.status) == (ARRIVED + dt.timedelta(hours=24), "open")

    # when, three hours later, she checks in again saying where she is
    pinned_now.shift(dt.timedelta(hours=3))
    card.get_by_role("link", name="Check in with your location").click()
    expect(page.locator("h1")).to_contain_text("Check-ins: Singapore")
    form = page.locator("#checkin-form")
    form.get_by_label("Country").select_option("SG")
    form.get_by_label("City").fill("Marina Bay")
    form.get_by_role("button", name="Check in now").click()

    # then both check-ins are listed, newest first, and the schedule moved on again
    expect(_alert(page, "Checked in at 21:00")).to_be_visible()
    expect(page).to_have_url(f"{base}/trips/{travelling.pk}/check-ins/")
    listed = page.locator("#checkin-list li")
    expect(listed).to_have_count(2)
    expect(listed.nth(0)).to_contain_text("2026-03-02 21:00 — Marina Bay, Singapore")
    expect(listed.nth(1)).to_contain_text("2026-03-02 18:00")
    schedule = page.locator("#checkin-schedule tbody tr")
    expect(schedule).to_have_count(3)
    expect(schedule.nth(0)).to_contain_text("2026-03-03 21:00")
    expect(schedule.nth(0)).to_contain_text("Waiting")
    expect(schedule.nth(1)).to_contain_text("2026-03-03 18:00")
    expect(schedule.nth(1)).to_contain_text("Kept")
    expect(schedule.nth(2)).to_contain_text("Kept")
    assert page.evaluate(FITS)

    second = CheckIn.objects.filter(trip=travelling).latest("at")
    assert (second.at, second.country, second.city) == (ARRIVED + dt.timedelta(hours=3), "SG", "Marina Bay")
    assert CheckIn.objects.filter(trip=travelling).count() == 2
    assert list(
        CheckInWindow.objects.filter(trip=travelling).order_by("due_at").values_list("status", "checkin_id")
    ) == [("kept", first.pk), ("kept", second.pk), ("open", None)]
    upcoming = CheckInWindow.objects.get(trip=travelling, resolved_at=None)
    assert upcoming.due_at == ARRIVED + dt.timedelta(hours=27)


@pytest.mark.django_db(transaction=True)
def test_an_incident_reaches_the_officer_who_acknowledges_it_and_records_an_action(
    live_server: Any,
    page: Page,
    new_context: Any,
    cast: Cast,
    travelling: Trip,
    pinned_now: Any,
    password: str,
    mailoutbox: list[Any],
) -> None:
    """Alice reports a laptop inspected at the airport from her phone; Olu, security officer over
    her organisation, is e-mailed, sees the banner on an ordinary page, follows it, acknowledges
    the incident and records what he did."""
    base = live_server.url
    mailoutbox.clear()  # the e-mail of the review is not what this test is about
    page.set_viewport_size(PHONE)

    # given alice on her home page, travelling
    _signed_in(page, base, cast.alice.email, password, "Alice Wang")

    # when she taps "Report an incident" and fills the form
    page.locator("#travelling-now").get_by_role("link", name="Report an incident").click()
    expect(page.locator("h1")).to_have_text("Report an incident")
    expect(page.locator("main")).to_contain_text("Trip: Singapore.")
    form = page.locator("#incident-form")
    form.get_by_role("combobox", name="What happened", exact=True).select_option("device_inspected")
    when = form.get_by_label("When")
    expect(when).to_have_value("2026-03-02T18:00")  # now, by default
    when.fill("2026-03-02T16:30")
    form.get_by_label("Country").select_option("SG")
    form.get_by_label("City or place").fill("Changi Airport")
    form.get_by_label("What happened, in your words").fill(
        "Customs took my laptop away for 40 minutes and asked for the password."
    )
    form.get_by_label("Are you safe now?").select_option("unsure")
    assert page.evaluate(FITS)
    form.get_by_role("button", name="Send the report").click()

    # then she sees her report, open, and no officer's controls
    expect(_alert(page, "Your report was sent to the security officers.")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"{re.escape(base)}/incidents/\d+/$"))
    expect(page.locator("h1")).to_have_text("Device inspected, copied or seized")
    expect(page.locator("#incident-status")).to_have_text("Open")
    expect(page.locator("#incident-officer-form")).to_have_count(0)
    expect(page.locator("#incident-banner")).to_have_count(0)
    assert page.evaluate(FITS)

    incident = Incident.objects.get(trip=travelling)
    assert (incident.kind, incident.status, incident.safe_now) == ("device_inspected", "open", "unsure")
    assert (incident.country, incident.city) == ("SG", "Changi Airport")
    assert incident.occurred_at == dt.datetime(2026, 3, 2, 16, 30, tzinfo=dt.UTC)
    assert incident.reporter_id == cast.alice.pk
    incident_path = f"/incidents/{incident.pk}/"

    # and olu was alerted at once, in the app and by e-mail (sent by the worker once committed)
    alerts = Notification.objects.filter(kind="incident.reported")
    assert set(alerts.values_list("recipient_id", "channel", "status")) == {
        (cast.olu.pk, "email", "sent"),
        (cast.olu.pk, "in_app", "sent"),
    }
    assert all(row.url == incident_path for row in alerts)
    sent = [message for message in mailoutbox if message.subject.startswith("Incident abroad")]
    assert len(sent) == 1
    assert sent[0].to == [cast.olu.email]
    assert sent[0].subject == f"Incident abroad: Device inspected, copied or seized — {cast.alice}"
    assert "Customs took my laptop away" in sent[0].body
    assert "Changi Airport, SG" in sent[0].body
    assert "Safe now: I am not sure." in sent[0].body
    assert sent[0].body.count(incident_path) == 1

    # when olu, twenty minutes later, signs in and opens an ordinary page
    pinned_now.shift(dt.timedelta(minutes=20))
    officer = _signed_in(new_context().new_page(), base, cast.olu.email, password, "Olu Adeyemi")
    officer.locator("nav").get_by_role("link", name="Trips").click()
    expect(officer).to_have_url(f"{base}/trips/")

    # then the banner names the incident there
    banner = officer.locator("#incident-banner")
    expect(banner).to_contain_text("An open incident needs acknowledging:")
    link = banner.get_by_role("link", name="Device inspected, copied or seized — Alice Wang")
    expect(link).to_have_count(1)

    # when he follows it
    link.click()

    # then he sees the report as Alice wrote it
    expect(officer).to_have_url(f"{base}{incident_path}")
    expect(officer.locator("h1")).to_have_text("Device inspected, copied or seized")
    status = officer.locator("#incident-status")
    expect(status).to_have_text("Open")
    details = officer.locator("main dl")
    expect(details).to_contain_text("Alice Wang")
    expect(details).to_contain_text("2026-03-02 16:30")
    expect(details).to_contain_text("Changi Airport, Singapore")
    expect(details).to_contain_text("I am not sure")
    expect(officer.locator("main")).to_contain_text("asked for the password")
    expect(officer.locator("main")).to_contain_text("None recorded yet.")

    # when he acknowledges it with a note
    handling = officer.locator("#incident-officer-form")
    handling.get_by_label("Note or action taken").fill("Called Alice; she is at her hotel.")
    handling.get_by_role("button", name="Acknowledge").click()

    # then the incident is acknowledged, by him, and the banner is gone
    expect(_alert(officer, "Acknowledged. The traveller was told.")).to_be_visible()
    expect(status).to_have_text("Acknowledged")
    expect(details).to_contain_text("Acknowledged by")
    expect(details).to_contain_text("Olu Adeyemi (2026-03-02 18:20)")
    actions = officer.locator("#incident-actions li")
    expect(actions).to_have_count(1)
    expect(actions.nth(0)).to_contain_text("Called Alice; she is at her hotel.")
    expect(handling.get_by_role("button", name="Acknowledge")).to_have_count(0)
    expect(officer.locator("#incident-banner")).to_have_count(0)

    # when he records what he did next
    pinned_now.shift(dt.timedelta(minutes=10))
    handling.get_by_label("Note or action taken").fill("Asked IT to wipe and reissue the laptop.")
    handling.get_by_role("button", name="Record an action").click()

    # then it is listed, and the incident stays acknowledged
    expect(_alert(officer, "The action was recorded.")).to_be_visible()
    expect(actions).to_have_count(2)
    expect(actions.nth(1)).to_contain_text("2026-03-02 18:30 · Olu Adeyemi")
    expect(actions.nth(1)).to_contain_text("Asked IT to wipe and reissue the laptop.")
    expect(status).to_have_text("Acknowledged")

    # and alice, reloading her report, sees it acknowledged
    page.reload()
    expect(page.locator("#incident-status")).to_have_text("Acknowledged")
    expect(page.locator("#incident-actions li")).to_have_count(2)

    incident.refresh_from_db()
    assert (incident.status, incident.acknowledged_by_id) == ("acknowledged", cast.olu.pk)
    assert incident.acknowledged_at == ARRIVED + dt.timedelta(minutes=20)
    assert (incident.closed_by_id, incident.closed_at) == (None, None)
    assert list(
        IncidentAction.objects.filter(incident=incident)
        .order_by("at", "pk")
        .values_list("officer_id", "text")
    ) == [
        (cast.olu.pk, "Called Alice; she is at her hotel."),
        (cast.olu.pk, "Asked IT to wipe and reissue the laptop."),
    ]
    told = Notification.objects.filter(kind="incident.acknowledged")
    assert set(told.values_list("recipient_id", "channel", "status")) == {
        (cast.alice.pk, "email", "sent"),
        (cast.alice.pk, "in_app", "sent"),
    }
    assert [message.to for message in mailoutbox if "incident report was received" in message.subject] == [
        [cast.alice.email]
    ]
