"""A trip through the browser: declared with the live assessment, submitted, approved, briefing read;
then an amendment that makes the obligations stricter and starts the review again; and the form at
phone size.

Guidance is published as in production; the server is live, so dates are counted from the real
today (no pinned clock here).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from waypost.policy.models import Briefing
from waypost.policy.tests.factories import LEADERS_RULE, guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips import services
from waypost.trips.models import BriefingAcknowledgement, ReviewStep, Trip
from waypost.trips.tests.factories import to_city

from .test_sign_in_and_language import sign_in

#: AI leaders to the US and its allies, transits included: advised against, the manager approves,
#: a briefing to read.
ADVISE_AGAINST_RULE: dict[str, Any] = {
    **LEADERS_RULE,
    "then": {
        "advisory": "advised_against",
        "declare_days_before": 14,
        "approval": ["manager"],
        "briefing": "high-risk",
    },
}
#: Anyone to Singapore: caution, the manager approves.
SINGAPORE_RULE: dict[str, Any] = {
    "id": "singapore-caution",
    "when": {"destinations": {"countries": ["SG"]}},
    "then": {"advisory": "caution", "approval": ["manager"]},
}

#: Server round trips (htmx after its one-second delay, then the engine) may take a moment.
SLOW = 15_000


@pytest.fixture
def guidance(cast: Cast) -> None:
    publish(
        cast.olu.user,
        guidance_yaml(
            rules=[ADVISE_AGAINST_RULE, SINGAPORE_RULE],
            effective_from=(dt.date.today() - dt.timedelta(days=7)).isoformat(),
        ),
    )
    Briefing.objects.create(
        slug="high-risk",
        issuer=cast.org,
        title={"en": "High-risk destinations"},
        body={"en": "Take a **clean** laptop."},
    )


def _day(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def _fill_leg(
    page: Page, index: int, origin: str, depart: tuple[str, str], to: str, arrive: tuple[str, str]
) -> None:
    """Type one flight into leg row ``index`` (adding the row first if the form has none there)."""
    prefix = f"#id_legs-{index}-"
    if page.locator(f"{prefix}from_airport").count() == 0:
        page.locator("[data-formset-add=legs]").click()
    page.fill(f"{prefix}from_airport", origin)
    page.fill(f"{prefix}depart_date", depart[0])
    page.fill(f"{prefix}depart_time", depart[1])
    page.fill(f"{prefix}to_airport", to)
    page.fill(f"{prefix}arrive_date", arrive[0])
    page.fill(f"{prefix}arrive_time", arrive[1])


def _signed_in(page: Page, base: str, email: str, password: str, name: str) -> Page:
    sign_in(page, base, email, password)
    expect(page.locator("h1")).to_contain_text(name)
    return page


@pytest.mark.django_db(transaction=True)
def test_declare_assess_submit_approve_and_acknowledge_the_briefing(
    live_server: Any, page: Page, new_context: Any, cast: Cast, guidance: None, password: str
) -> None:
    """Alice declares Mexico City via Vancouver (advised against, seen live), submits; Bob approves
    with a note from his queue; Alice sees the outcome and acknowledges the briefing."""
    base = live_server.url
    day, back, home = _day(30), _day(36), _day(38)

    # given alice, signed in, on the new declaration form
    _signed_in(page, base, cast.alice.email, password, "Alice Wang")
    page.goto(f"{base}/trips/")
    page.click("#declare-trip")
    expect(page.locator("h1")).to_contain_text("Declare a trip")
    expect(page.locator("#live-assessment")).to_contain_text("Enter the journey")

    # when she types the trip: Beijing → Vancouver (a few hours) → Mexico City → Beijing
    page.fill("#id_title", "Mexico City conference")
    page.select_option("#id_purpose", "conference")
    _fill_leg(page, 0, "PEK", (day, "10:00"), "YVR", (day, "07:30"))
    _fill_leg(page, 1, "YVR", (day, "12:40"), "MEX", (day, "20:05"))
    _fill_leg(page, 2, "MEX", (back, "23:55"), "PEK", (home, "05:30"))

    # then the assessment beside the form says advised against, because of the transit in Canada
    live = page.locator("#live-assessment")
    expect(live.locator(".assessment")).to_have_attribute("data-advisory", "advised_against", timeout=SLOW)
    expect(live.locator("#reasons")).to_contain_text("transit at YVR")
    expect(live.locator("#reasons")).to_contain_text("Canada")
    expect(live.locator("#countries-entered")).to_contain_text("Canada")
    expect(live.locator("#countries-entered")).to_contain_text("Mexico")
    expect(live.locator("[data-obligation=approval]")).to_have_text("manager")
    expect(live.locator("[data-obligation=briefing]")).to_have_text("high-risk")
    expect(page.locator("#declare-problems")).to_have_count(0)

    # when she saves the draft and submits it
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".alert-dismissible")).to_contain_text("Draft saved.")
    expect(page).to_have_url(re.compile(r"/trips/\d+/edit/$"))
    found = re.search(r"/trips/(\d+)/edit/", page.url)
    assert found is not None
    trip_id = int(found[1])
    page.get_by_role("button", name="Submit the declaration").click()

    # then the trip is submitted, waiting for her manager
    expect(page).to_have_url(f"{base}/trips/{trip_id}/")
    expect(page.locator(".alert-dismissible")).to_contain_text("The trip was submitted.")
    expect(page.locator("#trip-status")).to_have_attribute("data-status", "submitted")
    expect(page.locator("#review-steps")).to_contain_text("Manager: Bob Chen")
    expect(page.locator("#review-steps")).to_contain_text("waiting")
    expect(page.locator("#decide")).to_have_count(0)  # no deciding on one's own trip

    # when bob signs in and opens his review queue
    bob = _signed_in(new_context().new_page(), base, cast.bob.email, password, "Bob Chen")
    bob.locator("nav").get_by_role("link", name="Reviews").click()
    queue = bob.locator("#review-queue")
    expect(queue).to_contain_text("Mexico City conference")
    expect(queue).to_contain_text("Alice Wang")
    expect(queue).to_contain_text(day)
    expect(queue.locator(".advisory-advised_against")).to_have_count(1)
    queue.get_by_role("link", name="Mexico City conference").click()

    # then he sees the traveller's itinerary and the assessment
    expect(bob.locator("h1")).to_contain_text("Mexico City conference")
    expect(bob.locator("main")).to_contain_text("Alice Wang")
    legs = bob.locator("#legs tbody tr")
    expect(legs).to_have_count(3)
    expect(legs.nth(0)).to_contain_text("PEK")
    expect(legs.nth(0)).to_contain_text("YVR")
    expect(legs.nth(1)).to_contain_text("MEX")
    expect(legs.nth(2)).to_contain_text(f"{home}T05:30")
    expect(bob.locator(".assessment")).to_have_attribute("data-advisory", "advised_against")
    expect(bob.locator("#reasons")).to_contain_text("transit at YVR")

    # when he approves with a note
    expect(bob.locator("#decide")).to_be_visible()
    bob.check("#decision-approve")
    bob.fill("#decision-note", "Fine, but take the clean laptop.")
    bob.click("#decide-trip")

    # then the decision is recorded
    expect(bob.locator(".alert-dismissible")).to_contain_text("You approved the trip.")
    expect(bob.locator("#trip-status")).to_have_attribute("data-status", "approved")
    expect(bob.locator("#review-steps")).to_contain_text("Fine, but take the clean laptop.")
    expect(bob.locator("#decide")).to_have_count(0)
    bob.goto(f"{base}/reviews/")
    expect(bob.locator("#review-queue")).to_contain_text("Nothing is waiting for you.")

    # when alice signs in again and opens the trip from her list
    alice = _signed_in(new_context().new_page(), base, cast.alice.email, password, "Alice Wang")
    alice.locator("nav").get_by_role("link", name="Trips").click()
    row = alice.locator("tr", has_text="Mexico City conference")
    expect(row).to_contain_text("Approved")
    row.get_by_role("link", name="Mexico City conference").click()

    # then she sees the outcome, the note and the briefing still to read
    status = alice.locator("#trip-status")
    expect(status).to_have_attribute("data-status", "approved")
    expect(status).to_have_text("Approved")
    expect(alice.locator("#review-steps")).to_contain_text("Approve")
    expect(alice.locator("#review-steps")).to_contain_text("Fine, but take the clean laptop.")
    briefings = alice.locator("#briefings")
    expect(briefings).to_contain_text("to read before departure")

    # when she opens the briefing and acknowledges it
    briefings.get_by_role("link", name="High-risk destinations").click()
    expect(alice.locator("h1")).to_have_text("High-risk destinations")
    expect(alice.locator(".briefing-body strong")).to_have_text("clean")
    expect(alice.locator(".briefing-body")).to_contain_text("Take a clean laptop.")
    alice.click("#acknowledge-briefing")

    # then the trip shows it acknowledged, and so does the briefing
    expect(alice).to_have_url(f"{base}/trips/{trip_id}/")
    expect(alice.locator(".alert-dismissible")).to_contain_text("your acknowledgement is recorded")
    expect(alice.locator("#briefings")).to_contain_text("acknowledged")
    expect(alice.locator("#briefings")).not_to_contain_text("to read before departure")
    alice.locator("#briefings").get_by_role("link", name="High-risk destinations").click()
    expect(alice.locator("#briefing-ack")).to_contain_text("You acknowledged this briefing")
    expect(alice.locator("#acknowledge-briefing")).to_have_count(0)

    trip = Trip.objects.get(pk=trip_id)
    assert trip.traveller_id == cast.alice.pk
    assert trip.status == "approved"
    assert trip.version == 1
    assert trip.depart_on == dt.date.fromisoformat(day)
    ack = BriefingAcknowledgement.objects.get(trip=trip)
    assert (ack.briefing.slug, ack.person_id, ack.language) == ("high-risk", cast.alice.pk, "en")
    decided = ReviewStep.objects.get(trip=trip, is_current=True)
    assert (decided.decision, decided.decided_by_id) == ("approve", cast.bob.pk)


@pytest.mark.django_db(transaction=True)
def test_an_amendment_through_tokyo_starts_a_new_review(
    live_server: Any, page: Page, new_context: Any, cast: Cast, guidance: None, password: str
) -> None:
    """An approved Singapore trip is amended to come home through Tokyo: stricter, so it is
    submitted again as version 2, the earlier decision superseded, and back in Bob's queue."""
    base = live_server.url
    start, back = _day(40), _day(44)
    saved = services.trip_draft_save(
        actor=cast.alice.user,
        facts=to_city("SIN", "SG", "Singapore", dt.date.fromisoformat(start)),
        title="Singapore",
    )
    trip = services.trip_transition(actor=cast.alice.user, trip=saved.trip, action="submit")
    trip = services.trip_transition(actor=cast.bob.user, trip=trip, action="approve", note="Enjoy.")
    assert trip.status == "approved"

    # given alice on her approved trip
    _signed_in(page, base, cast.alice.email, password, "Alice Wang")
    page.goto(f"{base}/trips/{trip.pk}/")
    expect(page.locator("#trip-status")).to_have_attribute("data-status", "approved")
    expect(page.locator(".assessment")).to_have_attribute("data-advisory", "caution")

    # when she amends it: home from Singapore through Tokyo Haneda
    page.click("#amend-trip")
    expect(page.locator("h1")).to_contain_text("Amend the declaration")
    expect(page.locator("#amendment-notice")).to_contain_text("makes a new version")
    expect(page.locator("#id_legs-1-from_airport")).to_have_value("SIN")
    page.fill("#id_legs-1-to_airport", "HND")
    page.fill("#id_legs-1-arrive_time", "18:00")
    _fill_leg(page, 2, "HND", (back, "20:00"), "PEK", (back, "23:00"))

    # then the live assessment already shows the stricter outcome, and nothing is saved yet
    live = page.locator("#live-assessment")
    expect(live.locator(".assessment")).to_have_attribute("data-advisory", "advised_against", timeout=SLOW)
    expect(live.locator("#reasons")).to_contain_text("transit at HND")
    expect(page.locator("#autosave-amendment")).to_be_visible()
    assert Trip.objects.get(pk=trip.pk).version == 1

    # when she gives a reason and saves
    page.fill("#id_note", "Coming back through Tokyo for a workshop stopover.")
    page.get_by_role("button", name="Save the amendment").click()

    # then the trip is submitted again as version 2 and the earlier decision is superseded
    expect(page).to_have_url(f"{base}/trips/{trip.pk}/")
    expect(page.locator("main")).to_contain_text("Version 2 saved.")
    expect(page.locator("main")).to_contain_text("the trip is reviewed again")
    status = page.locator("#trip-status")
    expect(status).to_have_attribute("data-status", "submitted")
    expect(status).to_have_text("Submitted")
    expect(page.locator("main")).to_contain_text("version 2")
    steps = page.locator("#review-steps li")
    expect(steps).to_have_count(2)
    superseded = steps.filter(has_text="superseded")
    expect(superseded).to_have_count(1)
    expect(superseded).to_contain_text("version 1")
    expect(superseded).to_contain_text("Approve")
    expect(steps.filter(has_text="version 2")).to_contain_text("waiting")
    versions = page.locator("#versions li")
    expect(versions).to_have_count(2)
    expect(versions.nth(1)).to_contain_text("Coming back through Tokyo")
    expect(page.locator(".assessment")).to_have_attribute("data-advisory", "advised_against")

    # when bob looks at his queue
    bob = _signed_in(new_context().new_page(), base, cast.bob.email, password, "Bob Chen")
    bob.goto(f"{base}/reviews/")
    row = bob.locator("#review-queue tr", has_text="Singapore")
    expect(row).to_have_count(1)
    expect(row.locator(".advisory-advised_against")).to_have_count(1)

    # then he finds the trip again, and version 2 lists the changed legs
    row.get_by_role("link", name="Singapore").click()
    expect(bob.locator("#decide")).to_be_visible()
    bob.locator("#versions").get_by_role("link", name="Version 2").click()
    expect(bob).to_have_url(f"{base}/trips/{trip.pk}/versions/2/")
    expect(bob.locator("main")).to_contain_text("Coming back through Tokyo")
    changes = bob.locator("#changes")
    expect(bob.locator("main")).to_contain_text("Changes since version 1")
    expect(changes.locator("tr", has_text="legs[1].to")).to_contain_text("HND")
    expect(changes.locator("tr", has_text="legs[1].to")).to_contain_text("PEK")
    expect(changes.locator("tr.change-added", has_text="legs[2].from")).to_contain_text("HND")
    expect(changes.locator("tr.change-added", has_text="legs[2].to")).to_contain_text("PEK")
    expect(bob.locator("#legs tbody tr")).to_have_count(3)

    amended = Trip.objects.get(pk=trip.pk)
    assert (amended.status, amended.version) == ("submitted", 2)
    assert list(
        ReviewStep.objects.filter(trip=amended)
        .order_by("pk")
        .values_list("trip_version", "is_current", "decision")
    ) == [(1, False, "approve"), (2, True, "")]


@pytest.mark.django_db(transaction=True)
def test_the_declaration_form_and_submit_button_work_at_phone_size(
    live_server: Any, page: Page, cast: Cast, guidance: None, password: str
) -> None:
    """At 390×844 the form fits the screen (no sideways scrolling) and the draft can be submitted."""
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = "document.documentElement.scrollWidth <= window.innerWidth"
    _signed_in(page, base, cast.alice.email, password, "Alice Wang")

    # a new declaration
    page.goto(f"{base}/trips/new/")
    expect(page.locator("#declare-form")).to_be_visible()
    expect(page.locator("#id_legs-0-from_airport")).to_be_visible()
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
    assert page.evaluate(overflow)

    # a draft, with its submit button in view at the bottom of the screen
    saved = services.trip_draft_save(
        actor=cast.alice.user,
        facts=to_city("SIN", "SG", "Singapore", dt.date.fromisoformat(_day(50))),
        title="Singapore",
    )
    page.goto(f"{base}/trips/{saved.trip.pk}/edit/")
    expect(page.locator("#declare-form")).to_be_visible()
    expect(page.locator("#live-assessment .assessment")).to_have_attribute("data-advisory", "caution")
    submit = page.get_by_role("button", name="Submit the declaration")
    expect(submit).to_be_visible()
    expect(submit).to_be_in_viewport()
    assert page.evaluate(overflow)

    # the trip page and its submit button
    page.goto(f"{base}/trips/{saved.trip.pk}/")
    expect(page.locator("#submit-trip")).to_be_visible()
    assert page.evaluate(overflow)
    page.click("#submit-trip")
    expect(page.locator("#trip-status")).to_have_attribute("data-status", "submitted")
    assert page.evaluate(overflow)
