"""A debrief through the browser: the traveller writes it from the home page with two contacts (one
in Chinese characters) added with "Add a contact", submits it; the security officer closes it.
And the form at phone size.

The trip is back from Mexico (1–6 March 2026), so the dates typed are in the past: no pinned clock.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from waypost.debriefs.choices import DebriefStatus
from waypost.debriefs.models import Debrief
from waypost.debriefs.tests.factories import returned_trip
from waypost.testing import Cast
from waypost.trips.models import Trip

from .test_sign_in_and_language import sign_in

OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def _signed_in(page: Page, base: str, email: str, password: str) -> Page:
    sign_in(page, base, email, password)
    expect(page.locator("h1")).to_contain_text("Welcome")
    return page


def _fill_contact(page: Page, index: int, **values: str) -> None:
    prefix = f"#id_contacts-{index}-"
    for name, value in values.items():
        if name in ("country", "how", "kind"):
            page.select_option(f"{prefix}{name}", value)
        else:
            page.fill(f"{prefix}{name}", value)


@pytest.mark.django_db(transaction=True)
def test_the_traveller_writes_the_debrief_and_the_officer_closes_it(
    live_server: Any, page: Page, new_context: Any, cast: Cast, password: str
) -> None:
    # given a trip back from Mexico with its debrief due
    trip = returned_trip(cast.alice)
    base = live_server.url
    alice = _signed_in(page, base, cast.alice.email, password)

    # when alice opens it from the home page
    alice.locator("#debriefs-due").get_by_role("link", name="Mexico").click()

    # then the form shows the planned stay to correct
    expect(alice.locator("#id_places-0-city")).to_have_value("Mexico City")
    expect(alice.locator("[data-planned-stay]").first).to_contain_text("Planned:")

    # when she answers the questions and adds a contact in Chinese characters
    alice.fill("#id_places-0-left", "2026-03-05")
    alice.fill("#id_changes", "Came back a day early.")
    alice.fill("#id_activities", "Gave a talk at the conference; visited a lab.")
    alice.fill("#id_information_shared", "Only the published slides.")
    alice.check("#id_devices_out_of_control_0")
    alice.check("#id_suspicious_0")
    alice.click("#add-contact")
    expect(alice.locator("#id_contacts-0-name")).to_be_visible()
    expect(alice.locator("#id_activities")).to_have_value("Gave a talk at the conference; visited a lab.")
    _fill_contact(
        alice,
        0,
        name="王伟",
        name_latin="Wang Wei",
        organisation="Tsinghua University",
        country="CN",
        met_on="2026-03-02",
        how="event",
        topics="Training large models",
    )
    alice.check("#id_contacts-0-asked_about_work")

    # and a second one, in Latin letters
    alice.click("#add-contact")
    expect(alice.locator("#id_contacts-1-name")).to_be_visible()
    expect(alice.locator("#id_contacts-0-name")).to_have_value("王伟")
    _fill_contact(alice, 1, name="Maria Schmidt", country="DE", met_on="2026-03-03", how="social")
    alice.click("#submit-debrief")

    # then the debrief shows as submitted, with both contacts
    expect(alice.locator(".alert-dismissible")).to_contain_text("Your debrief was submitted.")
    expect(alice.locator("#debrief-status")).to_have_attribute("data-status", "submitted")
    expect(alice.locator("#debrief-contacts [data-contact]")).to_have_count(2)
    expect(alice.locator("#debrief-contacts")).to_contain_text("王伟")
    expect(alice.locator("#debrief-contacts")).to_contain_text("Maria Schmidt")

    debrief = Debrief.objects.get(trip=trip)
    assert debrief.status == DebriefStatus.SUBMITTED
    contacts = debrief.answers["contacts"]
    assert [(row["name"], row["name_latin"]) for row in contacts] == [
        ("王伟", "Wang Wei"),
        ("Maria Schmidt", ""),
    ]
    assert contacts[0]["asked_about_work"] is True
    assert debrief.answers["places"][0]["to"] == "2026-03-05"
    assert Trip.objects.get(pk=trip.pk).status == "debriefed"

    # when the security officer opens it from the queue and closes it
    olu = _signed_in(new_context().new_page(), base, cast.olu.email, password)
    olu.goto(f"{base}/debriefs/")
    olu.locator("#to-review").get_by_role("link", name="Mexico").click()
    expect(olu.locator("#debrief-contacts")).to_contain_text("Wang Wei")
    olu.check("#outcome-closed")
    olu.fill("#review-note", "Nothing further.")
    olu.click("#record-review")

    # then the review is shown and the trip is closed
    expect(olu.locator("#debrief-review [data-outcome]")).to_have_attribute("data-outcome", "closed")
    expect(olu.locator("#debrief-review")).to_contain_text("Nothing further.")
    expect(olu.locator("#review-form")).to_have_count(0)
    debrief.refresh_from_db()
    assert debrief.status == DebriefStatus.REVIEWED
    assert debrief.outcome == "closed"
    assert Trip.objects.get(pk=trip.pk).status == "closed"


@pytest.mark.django_db(transaction=True)
def test_the_debrief_form_fits_a_phone(live_server: Any, page: Page, cast: Cast, password: str) -> None:
    """At 390×844 the form needs no sideways scrolling, with a contact block and its problems shown."""
    trip = returned_trip(cast.alice, meetings=[{"name": "王伟", "name_latin": "Wang Wei", "country": "CN"}])
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    _signed_in(page, base, cast.alice.email, password)
    page.goto(f"{base}/trips/{trip.pk}/debrief/")
    expect(page.locator("#id_contacts-0-name")).to_have_value("王伟")
    assert page.evaluate(OVERFLOW)
    page.click("#submit-debrief")
    expect(page.locator("#problem-summary")).to_be_visible()
    assert page.evaluate(OVERFLOW)
