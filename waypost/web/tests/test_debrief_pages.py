"""The debrief pages: the traveller's form (drafts as typed, rows added and removed, submit), the
officer's review, who sees what, and the queue.

The form is filled in as a browser would: the page is rendered, its fields read from the HTML,
some values changed and the whole form posted back with the button pressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from waypost.audit.models import AuditEvent
from waypost.debriefs import services
from waypost.debriefs.choices import DebriefStatus
from waypost.debriefs.models import Debrief
from waypost.debriefs.tests.factories import complete_answers, contact, returned_trip
from waypost.testing import Cast
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
MEETINGS = [{"name": "王伟", "name_latin": "Wang Wei", "organisation": "Tsinghua", "country": "CN"}]


@pytest.fixture(autouse=True)
def pinned_now() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


class _Form(HTMLParser):
    """The fields of ``#debrief-form`` as a browser would post them (without the buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.fields: dict[str, str] = {}
        self.names: list[str] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = found.get("id") == "debrief-form"
        if not self.inside:
            return
        name = found.get("name", "")
        if tag == "input" and name and found.get("type") not in ("submit",):
            self.names.append(name)
            kind = found.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in found:
                    self.fields[name] = found.get("value", "on")
            else:
                self.fields[name] = found.get("value", "")
        elif tag == "select":
            self._select = name
            self.names.append(name)
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in found:
            self.fields[self._select] = found.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.names.append(name)
            self.fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            # Django writes a newline after <textarea>, which browsers drop.
            self.fields[self._textarea] += (
                data.removeprefix("\n") if not self.fields[self._textarea] else data
            )


def form_of(response: Any) -> _Form:
    parser = _Form()
    parser.feed(response.content.decode())
    return parser


def post(client: Any, trip: Trip, fields: dict[str, str], button: str = "save", value: str = "1") -> Any:
    return client.post(_url(trip), {**fields, button: value})


def _url(trip: Trip) -> str:
    return reverse("web:debrief", kwargs={"trip_id": trip.pk})


def _fill_complete(fields: dict[str, str]) -> dict[str, str]:
    fields.update(
        {
            "places-0-city": "Mexico City",
            "places-0-country": "MX",
            "places-0-arrived": "2026-03-01",
            "places-0-left": "2026-03-06",
            "activities": "Gave the keynote.",
            "information_shared": "Only the published slides.",
            "devices_out_of_control": "no",
            "suspicious": "no",
        }
    )
    return fields


@pytest.fixture
def trip(cast: Cast) -> Trip:
    return returned_trip(cast.alice, meetings=MEETINGS)


def test_the_form_is_prefilled_from_the_declaration(cast: Cast, trip: Trip, login: Any) -> None:
    """The planned stay and the planned meeting are there to correct; the meeting is marked planned."""
    response = login(cast.alice).get(_url(trip))
    assert response.status_code == 200
    fields = form_of(response).fields
    assert fields["places-0-city"] == "Mexico City"
    assert fields["places-0-country"] == "MX"
    assert fields["contacts-0-name"] == "王伟"
    assert fields["contacts-0-name_latin"] == "Wang Wei"
    assert fields["contacts-0-how"] == "meeting"
    page = response.content.decode()
    assert "data-planned" in page
    assert "Planned:" in page
    assert Debrief.objects.get(trip=trip).status == DebriefStatus.DRAFT


def test_save_draft_keeps_exactly_what_was_typed(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    fields = form_of(client.get(_url(trip))).fields
    fields.update(
        {
            "contacts-0-topics": "  模型训练, and   spacing kept ",
            "contacts-0-met_on": "2026-13-45",
            "contacts-0-asked_about_work": "on",
            "changes": "Stayed one day longer.\nMet 李娜 by chance.",
            "devices_out_of_control": "yes",
        }
    )
    response = post(client, trip, fields)
    assert response.status_code == 302
    answers = Debrief.objects.get(trip=trip).answers
    assert answers["contacts"][0]["topics"] == "  模型训练, and   spacing kept "
    assert answers["contacts"][0]["met_on"] == "2026-13-45"
    assert answers["contacts"][0]["asked_about_work"] is True
    assert answers["contacts"][0]["asked_to_stay_in_touch"] is False
    assert answers["contacts"][0]["planned"] is True
    assert answers["changes"] == "Stayed one day longer.\nMet 李娜 by chance."
    assert answers["devices_out_of_control"] == "yes"
    # The page drawn again shows it all, unchanged.
    again = form_of(client.get(_url(trip))).fields
    assert again["contacts-0-topics"] == "  模型训练, and   spacing kept "
    assert again["contacts-0-met_on"] == "2026-13-45"
    assert again["contacts-0-asked_about_work"] == "on"
    assert again["changes"] == "Stayed one day longer.\nMet 李娜 by chance."
    assert again["devices_out_of_control"] == "yes"


def test_add_a_contact_saves_and_shows_one_more_block(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    fields = form_of(client.get(_url(trip))).fields
    fields["activities"] = "Typed before adding."
    response = post(client, trip, fields, "add_contact")
    assert response.status_code == 302
    assert response["Location"].endswith("#contact-1")
    answers = Debrief.objects.get(trip=trip).answers
    assert answers["activities"] == "Typed before adding."
    assert len(answers["contacts"]) == 2
    page = form_of(client.get(_url(trip)))
    assert "contacts-1-name" in page.names
    assert page.fields["contacts-count"] == "2"
    assert page.fields["contacts-1-name"] == ""


def test_remove_a_contact_saves_without_that_row(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    fields = form_of(client.get(_url(trip))).fields
    post(client, trip, fields, "add_contact")
    fields = form_of(client.get(_url(trip))).fields
    fields["contacts-1-name"] = "Ana López"
    response = post(client, trip, fields, "remove_contact", "0")
    assert response.status_code == 302
    contacts = Debrief.objects.get(trip=trip).answers["contacts"]
    assert [row["name"] for row in contacts] == ["Ana López"]
    page = form_of(client.get(_url(trip)))
    assert page.fields["contacts-0-name"] == "Ana López"
    assert "contacts-1-name" not in page.names


def test_add_a_place(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    fields = form_of(client.get(_url(trip))).fields
    post(client, trip, fields, "add_place")
    page = form_of(client.get(_url(trip)))
    assert page.fields["places-count"] == "2"
    assert page.fields["places-1-city"] == ""


def test_a_submit_with_problems_shows_them_by_the_fields_and_loses_nothing(
    cast: Cast, trip: Trip, login: Any
) -> None:
    client = login(cast.alice)
    fields = _fill_complete(form_of(client.get(_url(trip))).fields)
    fields["contacts-0-met_on"] = "2026-04-01"  # after the trip
    fields["activities"] = ""
    fields["gifts"] = "A tea set 茶具"
    response = post(client, trip, fields, "submit")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="problem-summary"' in page
    assert 'data-field-error="contacts-0-met_on"' in page
    assert "this date is outside it" in page
    assert 'data-field-error="activities"' in page
    assert "Say what you did on the trip." in page
    assert 'href="#id_contacts-0-met_on"' in page
    shown = form_of(response).fields
    assert shown["gifts"] == "A tea set 茶具"
    assert shown["contacts-0-met_on"] == "2026-04-01"
    assert shown["contacts-0-name"] == "王伟"
    debrief = Debrief.objects.get(trip=trip)
    assert debrief.status == DebriefStatus.DRAFT
    assert debrief.answers["gifts"] == "A tea set 茶具"
    trip.refresh_from_db()
    assert trip.status == TripStatus.DEBRIEF_DUE


def test_a_complete_submit_debriefs_the_trip(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    fields = _fill_complete(form_of(client.get(_url(trip))).fields)
    fields["contacts-0-met_on"] = "2026-03-02"
    response = post(client, trip, fields, "submit")
    assert response.status_code == 302
    debrief = Debrief.objects.get(trip=trip)
    assert debrief.status == DebriefStatus.SUBMITTED
    trip.refresh_from_db()
    assert trip.status == TripStatus.DEBRIEFED
    page = client.get(_url(trip)).content.decode()
    assert 'id="debrief-submitted"' in page
    assert 'id="debrief-form"' not in page
    assert "王伟" in page


def test_a_stale_revision_is_a_conflict_that_keeps_what_was_typed(cast: Cast, trip: Trip, login: Any) -> None:
    client = login(cast.alice)
    fields = form_of(client.get(_url(trip))).fields
    post(client, trip, {**fields, "changes": "From another tab."})
    fields["changes"] = "From this tab."
    response = post(client, trip, fields)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this" in page
    assert 'id="reload-debrief"' in page
    assert form_of(response).fields["changes"] == "From this tab."
    assert Debrief.objects.get(trip=trip).answers["changes"] == "From another tab."


def _submitted(cast: Cast, trip: Trip) -> Debrief:
    answers = complete_answers(contact("王伟", name_latin="Wang Wei"))
    saved = services.debrief_draft_save(actor=cast.alice.user, trip=trip, answers=answers)
    return services.debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")


def test_the_officer_reviews_and_closes_the_trip(cast: Cast, trip: Trip, login: Any) -> None:
    debrief = _submitted(cast, trip)
    client = login(cast.olu)
    page = client.get(_url(trip)).content.decode()
    assert 'id="review-form"' in page
    assert "Wang Wei" in page
    assert AuditEvent.objects.filter(action="debrief.viewed", actor_id=cast.olu.user.pk).exists()
    url = reverse("web:debrief-review", kwargs={"trip_id": trip.pk})
    refused = client.post(url, {"outcome": "follow_up", "note": "", "revision": debrief.revision})
    assert refused.status_code == 400
    assert "Say what follow-up is needed." in refused.content.decode()
    response = client.post(
        url, {"outcome": "closed", "note": "Nothing further.", "revision": debrief.revision}
    )
    assert response.status_code == 302
    debrief.refresh_from_db()
    trip.refresh_from_db()
    assert debrief.status == DebriefStatus.REVIEWED
    assert debrief.outcome == "closed"
    assert trip.status == TripStatus.CLOSED
    shown = client.get(_url(trip)).content.decode()
    assert 'data-outcome="closed"' in shown
    assert "Nothing further." in shown
    assert 'id="review-form"' not in shown


def test_the_traveller_and_the_auditor_see_no_review_form(cast: Cast, trip: Trip, login: Any) -> None:
    _submitted(cast, trip)
    for person in (cast.alice, cast.audrey):
        page = login(person).get(_url(trip)).content.decode()
        assert 'id="debrief-submitted"' in page
        assert 'id="review-form"' not in page
    url = reverse("web:debrief-review", kwargs={"trip_id": trip.pk})
    assert login(cast.alice).post(url, {"outcome": "closed"}).status_code == 404


def test_the_manager_and_outsiders_get_404(cast: Cast, trip: Trip, login: Any) -> None:
    _submitted(cast, trip)
    for person in (cast.bob, cast.mallory):
        assert login(person).get(_url(trip)).status_code == 404


def test_the_trip_page_links_the_debrief_for_those_who_may_see_it(cast: Cast, trip: Trip, login: Any) -> None:
    detail = reverse("web:trip-detail", kwargs={"trip_id": trip.pk})
    assert 'id="write-debrief"' in login(cast.alice).get(detail).content.decode()
    assert 'id="view-debrief"' in login(cast.olu).get(detail).content.decode()
    assert 'id="debrief-card"' not in login(cast.bob).get(detail).content.decode()


def test_a_trip_not_yet_back_has_no_form(cast: Cast, trip: Trip, login: Any) -> None:
    Trip.objects.filter(pk=trip.pk).update(status=TripStatus.TRAVELLING)
    client = login(cast.alice)
    response = client.get(_url(trip))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="debrief-notice"' in page
    assert 'id="debrief-form"' not in page
    assert client.post(_url(trip), {"places-count": "0", "contacts-count": "0"}).status_code == 400
    assert not Debrief.objects.exists()


@pytest.mark.parametrize("how", ["cookie", "header"])
def test_the_form_renders_in_german(cast: Cast, trip: Trip, login: Any, how: str) -> None:
    client = login(cast.alice)
    if how == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
        response = client.get(_url(trip))
    else:
        response = client.get(_url(trip), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert 'lang="de"' in response.content.decode()
    assert form_of(response).fields["contacts-0-name"] == "王伟"


def test_the_home_page_shows_the_debrief_due_overdue_in_red(cast: Cast, login: Any) -> None:
    late = returned_trip(cast.alice, due=dt.date(2026, 3, 8))
    page = login(cast.alice).get(reverse("web:home")).content.decode()
    assert 'id="debriefs-due"' in page
    assert reverse("web:debrief", kwargs={"trip_id": late.pk}) in page
    assert "data-overdue" in page


def test_the_officers_queue_and_the_travellers_list(cast: Cast, login: Any) -> None:
    waiting = returned_trip(cast.alice)
    _submitted(cast, waiting)
    overdue = returned_trip(cast.alice, due=dt.date(2026, 3, 7))
    soon = returned_trip(cast.alice, due=dt.date(2026, 3, 12))
    url = reverse("web:debrief-list")
    page = login(cast.olu).get(url).content.decode()
    to_review = page.split('id="to-review"')[1].split('id="follow-up"')[0]
    assert reverse("web:debrief", kwargs={"trip_id": waiting.pk}) in to_review
    overdue_part = page.split('id="overdue"')[1].split('id="due-soon"')[0]
    assert reverse("web:debrief", kwargs={"trip_id": overdue.pk}) in overdue_part
    assert "3 days" in overdue_part
    assert reverse("web:debrief", kwargs={"trip_id": soon.pk}) in page.split('id="due-soon"')[1]
    own = login(cast.alice).get(url).content.decode()
    assert 'id="to-review"' not in own
    assert reverse("web:debrief", kwargs={"trip_id": overdue.pk}) in own.split('id="awaiting"')[1]
    assert reverse("web:debrief", kwargs={"trip_id": waiting.pk}) in own.split('id="own"')[1]
    assert login(cast.bob).get(url).status_code == 200
