"""The declaration form: drafts keep everything typed, errors sit beside their fields, live
assessment, fast entry, amendments.

Today is pinned to 2026-01-10. Alice (executive, ai, Lumen) flies PEK → YVR → MEX in March: a
transit in Canada (a US ally) and a stay in Mexico.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from waypost.policy.tests.factories import guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips.choices import TripStatus
from waypost.trips.fastentry import MAX_UPLOAD_BYTES
from waypost.trips.models import Trip, TripVersion
from waypost.trips.services import trip_draft_save, trip_transition
from waypost.trips.tests.factories import trip_for, via_vancouver
from waypost.web.trips.declare_forms import declaration_data

NOW = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)

SECTIONS = ("legs", "stays", "events", "meetings", "devices", "companions")


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def management(**counts: int) -> dict[str, str]:
    """The bookkeeping fields a browser posts for each list (``legs=2`` → two leg rows)."""
    data = {}
    for name in SECTIONS:
        data[f"{name}-TOTAL_FORMS"] = str(counts.get(name, 0))
        data[f"{name}-INITIAL_FORMS"] = "0"
    return data


def leg(index: int, *, depart: str, arrive: str, **fields: str) -> dict[str, str]:
    """Form fields of leg row ``index``; ``depart``/``arrive`` as ``YYYY-MM-DD HH:MM``."""
    depart_date, depart_time = depart.split()
    arrive_date, arrive_time = arrive.split()
    row = {
        "mode": "air",
        "depart_date": depart_date,
        "depart_time": depart_time,
        "arrive_date": arrive_date,
        "arrive_time": arrive_time,
        **fields,
    }
    return {f"legs-{index}-{name}": value for name, value in row.items()}


def row(section: str, index: int, **fields: str) -> dict[str, str]:
    return {f"{section}-{index}-{name}": value for name, value in fields.items()}


#: What the traveller types, field by field, as a browser posts it.
TYPED: dict[str, str] = {
    "title": "AI summit, Mexico City",
    "purpose": "conference",
    "data_carried": "Slides for the talk; no source code.",
    **management(legs=5, stays=1, events=1, meetings=2, devices=2, companions=1),
    **leg(
        0,
        depart="2026-03-01 10:00",
        arrive="2026-03-01 07:30",
        from_airport="PEK",
        to_airport="YVR",
        flight="CA991",
    ),
    **leg(1, depart="2026-03-01 12:40", arrive="2026-03-01 20:05", from_airport="YVR", to_airport="MEX"),
    **leg(
        2,
        depart="2026-03-04 09:00",
        arrive="2026-03-04 11:30",
        mode="road",
        from_city="Mexico City",
        from_country="MX",
        from_tz="America/Mexico_City",
        to_city="Puebla",
        to_country="MX",
        to_tz="America/Mexico_City",
    ),
    **leg(
        3,
        depart="2026-03-05 16:00",
        arrive="2026-03-05 18:30",
        mode="road",
        from_city="Puebla",
        from_country="MX",
        from_tz="America/Mexico_City",
        to_city="Mexico City",
        to_country="MX",
        to_tz="America/Mexico_City",
    ),
    **leg(4, depart="2026-03-06 09:00", arrive="2026-03-07 15:00", from_airport="MEX", to_airport="PEK"),
    **row("stays", 0, city="Mexico City", country="MX", start="2026-03-01", end="2026-03-06"),
    **row(
        "events",
        0,
        name="Latin American AI Summit",
        host_organisation="UNAM",
        city="Mexico City",
        country="MX",
        start="2026-03-02",
        end="2026-03-03",
    ),
    **row(
        "meetings",
        0,
        name="李明",
        name_latin="Li Ming",
        organisation="BUAP",
        country="MX",
        purpose="Joint paper",
    ),
    **row("meetings", 1, name="Иван Петров", organisation="Puebla Robotics"),
    **row("devices", 0, kind="laptop", owner="organisation"),
    **row("devices", 1, kind="phone", owner="personal", sensitive_data="on"),
    **row("companions", 0, name="Bob Chen", organisation="Lumen AI Lab"),
    "contact-name": "Wang Lei",
    "contact-relation": "spouse",
    "contact-phone": "+86 138 0000 0000",
    "contact-email": "lei@example.com",
}

MEXICO_CITY = {"city": "Mexico City", "country": "MX", "tz": "America/Mexico_City"}
PUEBLA = {"city": "Puebla", "country": "MX", "tz": "America/Mexico_City"}

#: The trip JSON (DESIGN.md §3, without the traveller) the typed form stands for.
EXPECTED: dict[str, Any] = {
    "purpose": "conference",
    "legs": [
        {
            "mode": "air",
            "from": "PEK",
            "to": "YVR",
            "depart": "2026-03-01T10:00",
            "arrive": "2026-03-01T07:30",
            "flight": "CA991",
        },
        {
            "mode": "air",
            "from": "YVR",
            "to": "MEX",
            "depart": "2026-03-01T12:40",
            "arrive": "2026-03-01T20:05",
        },
        {
            "mode": "road",
            "from": MEXICO_CITY,
            "to": PUEBLA,
            "depart": "2026-03-04T09:00",
            "arrive": "2026-03-04T11:30",
        },
        {
            "mode": "road",
            "from": PUEBLA,
            "to": MEXICO_CITY,
            "depart": "2026-03-05T16:00",
            "arrive": "2026-03-05T18:30",
        },
        {
            "mode": "air",
            "from": "MEX",
            "to": "PEK",
            "depart": "2026-03-06T09:00",
            "arrive": "2026-03-07T15:00",
        },
    ],
    "stays": [{"city": "Mexico City", "country": "MX", "from": "2026-03-01", "to": "2026-03-06"}],
    "events": [
        {
            "name": "Latin American AI Summit",
            "host_organisation": "UNAM",
            "city": "Mexico City",
            "country": "MX",
            "from": "2026-03-02",
            "to": "2026-03-03",
        }
    ],
    "meetings": [
        {
            "name": "李明",
            "name_latin": "Li Ming",
            "organisation": "BUAP",
            "country": "MX",
            "purpose": "Joint paper",
        },
        {"name": "Иван Петров", "organisation": "Puebla Robotics"},
    ],
    "devices": [
        {"kind": "laptop", "owner": "organisation", "sensitive_data": False},
        {"kind": "phone", "owner": "personal", "sensitive_data": True},
    ],
    "data": "Slides for the talk; no source code.",
    "companions": [{"name": "Bob Chen", "organisation": "Lumen AI Lab"}],
    "emergency_contact": {
        "name": "Wang Lei",
        "relation": "spouse",
        "phone": "+86 138 0000 0000",
        "email": "lei@example.com",
    },
}


def draft(cast: Cast, facts: dict[str, Any] | None = None, title: str = "Mexico") -> Trip:
    return trip_draft_save(
        actor=cast.alice.user, facts=facts if facts is not None else via_vancouver(), title=title
    ).trip


def edit_data(trip: Trip, **changes: str) -> dict[str, Any]:
    """The edit form as the page shows it for ``trip``, with some fields changed."""
    trip.refresh_from_db()
    data = declaration_data(trip.facts, title=trip.title, revision=trip.revision)
    data.update(changes)
    return data


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def field_errors(response: Any, name: str) -> list[str]:
    """The errors shown beside the form field ``name`` (``legs-0-to_airport`` …)."""
    content = response.content.decode()
    marker = f'data-field-error="{name}">'
    found = []
    for piece in content.split(marker)[1:]:
        found.append(html.unescape(piece.split("</div>", 1)[0]))
    return found


def input_value(response: Any, name: str) -> str | None:
    """The value of the text input ``name`` on the page."""
    content = response.content.decode()
    start = content.find(f'name="{name}"')
    if start < 0:
        return None
    tag = content[content.rfind("<", 0, start) : content.find(">", start)]
    if 'value="' not in tag:
        return ""
    return html.unescape(tag.split('value="', 1)[1].split('"', 1)[0])


# --- new trip and drafts ---------------------------------------------------------------------------


def test_new_trip_page_offers_the_form_and_fast_entry(cast: Cast, client: Any) -> None:
    """The new-trip page has one empty leg, the fast entry and the (empty) live assessment."""
    client.force_login(cast.alice.user)
    response = client.get(reverse("web:trip-new"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="legs-0-from_airport"' in content
    assert 'id="fast-entry"' in content
    assert 'id="live-assessment"' in content
    assert reverse("web:trip-assess") in content


def test_new_draft_from_the_form_round_trips_to_the_exact_trip_json(cast: Cast, client: Any) -> None:
    """Every section typed becomes the trip JSON exactly; the edit page shows it back unchanged."""
    # given
    client.force_login(cast.alice.user)
    # when
    response = client.post(reverse("web:trip-new"), TYPED)
    # then
    trip = Trip.objects.get(traveller=cast.alice)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:trip-edit", kwargs={"trip_id": trip.pk})
    assert (trip.status, trip.title, trip.facts) == (TripStatus.DRAFT, "AI summit, Mexico City", EXPECTED)
    assert (trip.depart_on, trip.return_on) == (dt.date(2026, 3, 1), dt.date(2026, 3, 7))
    # and back: the edit page shows each value, and saving it unchanged keeps the JSON as it was
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert input_value(page, "meetings-0-name") == "李明"
    assert input_value(page, "legs-2-from_tz") == "America/Mexico_City"
    assert input_value(page, "contact-phone") == "+86 138 0000 0000"
    assert "#declare-problems" not in page.content.decode()
    client.post(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), edit_data(trip))
    trip.refresh_from_db()
    assert trip.facts == EXPECTED


def test_purpose_outside_the_list_is_kept_as_typed(cast: Cast, client: Any) -> None:
    """The purpose "other" with the traveller's words stores those words as the purpose."""
    client.force_login(cast.alice.user)
    data = {**TYPED, "purpose": "other", "purpose_other": "standards committee"}
    client.post(reverse("web:trip-new"), data)
    trip = Trip.objects.get(traveller=cast.alice)
    assert trip.facts["purpose"] == "standards committee"
    page = client.get(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}))
    assert input_value(page, "purpose_other") == "standards committee"


def test_stored_keys_the_form_does_not_show_are_kept(cast: Cast, client: Any) -> None:
    """A key written through the API and not on the form survives saving the form."""
    """A key written through the API and not on the form survives saving the form."""
    client.force_login(cast.alice.user)
    trip = draft(cast, {**via_vancouver(), "invitation_ref": "INV-7"})
    client.post(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), edit_data(trip, title="Renamed"))
    trip.refresh_from_db()
    assert (trip.title, trip.facts["invitation_ref"]) == ("Renamed", "INV-7")


@pytest.mark.parametrize("language", ["en", "de"])
def test_unknown_airport_keeps_every_value_and_names_the_leg_field(
    cast: Cast, client: Any, language: str
) -> None:
    """An unknown airport code is saved as typed and shown at that leg's field, in the user's language."""
    # given
    client.force_login(cast.alice.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    trip = draft(cast)
    data = edit_data(trip, **{"legs-1-to_airport": "XQZ", "legs-1-flight": "AC 33", "title": "Mexiko-Reise"})
    # when
    response = client.post(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), data, follow=True)
    # then
    trip.refresh_from_db()
    assert trip.facts["legs"][1]["to"] == "XQZ"
    assert trip.facts["legs"][1]["flight"] == "AC 33"
    assert trip.title == "Mexiko-Reise"
    assert f'lang="{language}"' in response.content.decode()
    with translation.override(language):
        expected = translation.gettext("Unknown airport code “%(code)s”.") % {"code": "XQZ"}
    assert field_errors(response, "legs-1-to_airport") == [expected]
    assert field_errors(response, "legs-0-to_airport") == []
    assert input_value(response, "legs-1-to_airport") == "XQZ"
    assert input_value(response, "legs-1-flight") == "AC 33"
    assert input_value(response, "legs-0-from_airport") == "PEK"
    assert input_value(response, "title") == "Mexiko-Reise"


def test_bad_flight_number_is_a_field_error_and_kept(cast: Cast, client: Any) -> None:
    """A flight number that is not one is saved as typed and named beside the flight field."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    data = edit_data(trip, **{"legs-0-flight": "flight 991!"})
    response = client.post(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), data, follow=True)
    trip.refresh_from_db()
    assert "Draft saved. It has 1 problem to fix before you can submit it." in text(response)
    assert trip.facts["legs"][0]["flight"] == "flight 991!"
    assert len(field_errors(response, "legs-0-flight")) == 1
    assert "is not a flight number" in field_errors(response, "legs-0-flight")[0]


def test_landing_earlier_by_the_clock_across_time_zones_is_accepted(cast: Cast, client: Any) -> None:
    """PEK 10:00 → YVR 07:30 the same day is an 11½-hour flight, not an arrival before departure."""
    client.force_login(cast.alice.user)
    data = {
        **management(legs=1),
        **leg(0, depart="2026-03-01 10:00", arrive="2026-03-01 07:30", from_airport="PEK", to_airport="YVR"),
    }
    response = client.post(reverse("web:trip-assess"), data)
    assert response.status_code == 200
    assert "declare-problems" not in response.content.decode()
    assert 'data-advisory="none"' in response.content.decode()


def test_arrival_before_departure_is_an_error_at_the_arrival(cast: Cast, client: Any) -> None:
    """YVR 12:40 → MEX 05:00 the same day lands (11:00 UTC) before it leaves (20:40 UTC)."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    data = edit_data(trip, **{"legs-1-arrive_time": "05:00"})
    response = client.post(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), data, follow=True)
    trip.refresh_from_db()
    assert trip.facts["legs"][1]["arrive"] == "2026-03-01T05:00"
    errors = field_errors(response, "legs-1-arrive_date")
    assert len(errors) == 1
    assert "before it departs" in errors[0]
    assert not errors[0].startswith("legs[1]")  # the path is where it is shown, not in the words
    assert input_value(response, "legs-1-arrive_time") == "05:00"


def test_a_return_before_departure_is_an_error_at_the_stay_and_the_leg(cast: Cast, client: Any) -> None:
    """A stay ending before it starts, and a flight home leaving before the outbound one lands."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    data = edit_data(
        trip,
        **{
            "stays-0-end": "2026-02-25",
            "legs-2-depart_date": "2026-02-28",
            "legs-2-arrive_date": "2026-03-01",
        },
    )
    response = client.post(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), data, follow=True)
    assert len(field_errors(response, "stays-0-end")) == 1
    assert "before it starts" in field_errors(response, "stays-0-end")[0]
    assert len(field_errors(response, "legs-2-depart_date")) == 1
    assert input_value(response, "stays-0-end") == "2026-02-25"


def test_missing_values_of_a_started_row_are_named(cast: Cast, client: Any) -> None:
    """A stay with only a city asks for its country and dates; an untouched row is simply left out."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    data = edit_data(trip, **{"stays-TOTAL_FORMS": "3", "stays-1-city": "Puebla"})
    response = client.post(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), data, follow=True)
    trip.refresh_from_db()
    assert trip.facts["stays"][1] == {"city": "Puebla"}
    assert len(trip.facts["stays"]) == 2
    for name in ("stays-1-country", "stays-1-start", "stays-1-end"):
        assert field_errors(response, name) == ["This field is required."]


def test_removed_rows_leave_the_trip(cast: Cast, client: Any) -> None:
    """A row ticked "remove" is left out of the trip JSON."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    client.post(
        reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), edit_data(trip, **{"devices-0-DELETE": "on"})
    )
    trip.refresh_from_db()
    assert "devices" not in trip.facts


def test_overlapping_a_declared_trip_is_shown_on_the_draft(cast: Cast, client: Any) -> None:
    """A draft whose dates overlap a declared trip says so at the journey before it is submitted."""
    client.force_login(cast.alice.user)
    trip_for(cast.alice, via_vancouver(dt.date(2026, 3, 3)), title="Earlier plan")
    trip = draft(cast)
    response = client.get(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}))
    assert 'data-section-error="legs"' in response.content.decode()
    assert "Earlier plan" in text(response)


def test_event_dates_and_contact_email_are_checked(cast: Cast, client: Any) -> None:
    """What the engine does not read is checked by the form: event dates in order, a real e-mail."""
    client.force_login(cast.alice.user)
    data = {**TYPED, "events-0-end": "2026-03-01", "contact-email": "lei at example"}
    client.post(reverse("web:trip-new"), data)
    trip = Trip.objects.get(traveller=cast.alice)
    assert trip.facts["emergency_contact"]["email"] == "lei at example"
    page = client.get(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}))
    assert field_errors(page, "events-0-end") == ["The event ends before it starts."]
    assert field_errors(page, "contact-email") == ["Enter a valid email address."]


def test_the_form_speaks_chinese(cast: Cast, client: Any) -> None:
    """Labels and Django's own messages come in the user's language."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    client.post(
        reverse("web:trip-edit", kwargs={"trip_id": trip.pk}),
        edit_data(trip, **{"stays-TOTAL_FORMS": "2", "stays-1-city": "Puebla"}),
    )
    response = client.get(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), HTTP_ACCEPT_LANGUAGE="zh-CN")
    with translation.override("zh-hans"):
        required = translation.gettext("This field is required.")
    assert required != "This field is required."
    assert field_errors(response, "stays-1-country") == [required]


# --- autosave and live assessment ---------------------------------------------------------------


def test_autosave_saves_invalid_input_and_answers_with_the_status(cast: Cast, client: Any) -> None:
    """Typing an unknown airport is saved at once; the answer is the status, the new revision and the
    live assessment, the last two swapped out of band."""
    # given
    client.force_login(cast.alice.user)
    trip = draft(cast)
    revision = trip.revision
    # when
    response = client.post(
        reverse("web:trip-autosave", kwargs={"trip_id": trip.pk}),
        edit_data(trip, **{"legs-0-to_airport": "XQZ"}),
        HTTP_HX_REQUEST="true",
    )
    # then
    trip.refresh_from_db()
    content = text(response)
    assert response.status_code == 200
    assert trip.facts["legs"][0]["to"] == "XQZ"
    assert trip.revision == revision + 1
    assert "Saved at 09:00" in content
    assert f'id="id_revision" value="{trip.revision}" hx-swap-oob="true"' in content
    assert '<div id="live-assessment" hx-swap-oob="true">' in content
    assert "Unknown airport code “XQZ”." in content


def test_autosave_with_a_stale_revision_does_not_overwrite(cast: Cast, client: Any) -> None:
    """A window holding an older revision does not overwrite what another window saved."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    data = edit_data(trip, title="From the first window")
    trip_draft_save(actor=cast.alice.user, facts=trip.facts, title="From the second window", trip=trip)
    response = client.post(reverse("web:trip-autosave", kwargs={"trip_id": trip.pk}), data)
    trip.refresh_from_db()
    assert response.status_code == 200
    assert 'id="autosave-conflict"' in response.content.decode()
    assert trip.title == "From the second window"


def test_autosave_without_the_lists_bookkeeping_keeps_the_draft(cast: Cast, client: Any) -> None:
    """A broken post (no management fields) never empties a draft."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    response = client.post(reverse("web:trip-autosave", kwargs={"trip_id": trip.pk}), {"title": "x"})
    trip.refresh_from_db()
    assert response.status_code == 200
    assert 'id="autosave-incomplete"' in response.content.decode()
    assert trip.facts == via_vancouver()


def test_autosave_of_a_submitted_trip_saves_nothing_and_says_so(cast: Cast, client: Any) -> None:
    """A submitted trip changes only by amendment: autosave leaves it alone, and still assesses."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    trip_transition(actor=cast.alice.user, trip=trip, action="submit")
    response = client.post(
        reverse("web:trip-autosave", kwargs={"trip_id": trip.pk}), edit_data(trip, title="Changed")
    )
    trip.refresh_from_db()
    assert response.status_code == 200
    assert 'id="autosave-amendment"' in response.content.decode()
    assert 'id="live-assessment" hx-swap-oob="true"' in response.content.decode()
    assert trip.title == "Mexico"


def test_live_assessment_shows_advisory_and_reasons(cast: Cast, client: Any) -> None:
    """The guidance over Alice advises against a transit in Canada, and says why."""
    publish(cast.olu.user, guidance_yaml(slug="ai-leaders", issuer="lumen"))
    client.force_login(cast.alice.user)
    response = client.post(reverse("web:trip-assess"), TYPED)
    content = text(response)
    assert response.status_code == 200
    assert 'data-advisory="advised_against"' in content
    assert "ai-leaders@1/advise-against" in content
    assert "transit at YVR, Canada, member of" in content
    assert "Risk of detention in transit." in content
    assert 'id="declare-late"' not in content  # 50 days ahead; 14 are asked
    assert Trip.objects.count() == 0  # assessing saves nothing


def test_short_notice_is_accepted_but_marked_late(cast: Cast, client: Any) -> None:
    """Nine days before departure, with fourteen asked: still accepted, marked late."""
    publish(cast.olu.user, guidance_yaml(slug="ai-leaders", issuer="lumen"))
    trip = draft(cast)
    with time_machine.travel(dt.datetime(2026, 2, 20, 9, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(cast.alice.user)
        response = client.get(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}))
        submitted = trip_transition(actor=cast.alice.user, trip=trip, action="submit")
    content = text(response)
    assert 'id="declare-late"' in content
    assert "declared 9 days before departure; the guidance asks for 14" in content
    assert submitted.status != TripStatus.DRAFT
    assert submitted.assessments.get(is_current=True).late is True


# --- fast entry ---------------------------------------------------------------------------------

ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Airline//Booking//EN\r
BEGIN:VEVENT\r
UID:ca991@example.com\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Flight CA991 PEK to YVR\r
DTSTART:20260301T020000Z\r
DTEND:20260301T153000Z\r
END:VEVENT\r
END:VCALENDAR\r
"""
CA991 = {
    "mode": "air",
    "from": "PEK",
    "to": "YVR",
    "depart": "2026-03-01T10:00",
    "arrive": "2026-03-01T07:30",
    "flight": "CA991",
}


def booking_email(attachment: bytes, filename: str = "booking.ics", subtype: str = "calendar") -> bytes:
    message = EmailMessage()
    message["From"] = "bookings@airline.example"
    message["To"] = "alice@lumen.example"
    message["Subject"] = "Your booking"
    message.set_content("Thank you for your booking.")
    maintype = "text" if subtype == "calendar" else "application"
    message.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=filename)
    return bytes(message)


def stays_only(cast: Cast) -> Trip:
    return draft(
        cast, {"stays": [{"city": "Mexico City", "country": "MX", "from": "2026-03-01", "to": "2026-03-06"}]}
    )


def test_import_text_appends_legs_to_the_draft(cast: Cast, client: Any) -> None:
    """Typed legs are added after the legs already there, saved, and marked for the traveller to check."""
    # given
    client.force_login(cast.alice.user)
    facts = via_vancouver()
    facts["legs"] = facts["legs"][:1]
    trip = draft(cast, facts)
    # when
    response = client.post(
        reverse("web:trip-import", kwargs={"trip_id": trip.pk}),
        {
            "fastentry": "1",
            "text": "YVR 2026-03-01 12:40 > MEX 20:05; MEX 2026-03-06 09:00 > PEK 2026-03-07 15:00",
        },
    )
    # then
    trip.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"].endswith("?imported=1-2")
    assert [(leg["from"], leg["to"]) for leg in trip.facts["legs"]] == [
        ("PEK", "YVR"),
        ("YVR", "MEX"),
        ("MEX", "PEK"),
    ]
    page = client.get(response["Location"])
    assert page.content.decode().count("data-imported") == 2
    assert "2 legs imported" in text(page)


def test_import_ics_appends_legs(cast: Cast, client: Any) -> None:
    """The flights of a calendar file become legs, in the airports' local times."""
    client.force_login(cast.alice.user)
    trip = stays_only(cast)
    upload = SimpleUploadedFile("trip.ics", ICS, content_type="text/calendar")
    response = client.post(
        reverse("web:trip-import", kwargs={"trip_id": trip.pk}), {"fastentry": "1", "file": upload}
    )
    trip.refresh_from_db()
    assert response.status_code == 302
    assert trip.facts["legs"] == [CA991]
    assert trip.facts["stays"][0]["city"] == "Mexico City"


def test_import_eml_with_a_calendar_attachment_appends_legs(cast: Cast, client: Any) -> None:
    """A booking e-mail with the calendar attached gives the same legs as the calendar."""
    client.force_login(cast.alice.user)
    trip = stays_only(cast)
    upload = SimpleUploadedFile("booking.eml", booking_email(ICS), content_type="message/rfc822")
    response = client.post(
        reverse("web:trip-import", kwargs={"trip_id": trip.pk}), {"fastentry": "1", "file": upload}
    )
    trip.refresh_from_db()
    assert response.status_code == 302
    assert trip.facts["legs"] == [CA991]


def test_fast_entry_on_the_new_trip_page_creates_the_draft(cast: Cast, client: Any) -> None:
    """Pasting the itinerary first creates the draft with its legs."""
    client.force_login(cast.alice.user)
    response = client.post(
        reverse("web:trip-new"),
        {"fastentry": "1", "text": "PEK 2026-03-01 10:00 > YVR 07:30; YVR 12:40 > MEX 20:05"},
    )
    trip = Trip.objects.get(traveller=cast.alice)
    assert response.status_code == 302
    assert [leg["to"] for leg in trip.facts["legs"]] == ["YVR", "MEX"]


def test_fast_entry_keeps_what_was_typed_in_the_form(cast: Cast, client: Any) -> None:
    """The fast-entry fields are part of the form: values typed and not yet saved go in with the legs."""
    # given: a new trip with a title, a purpose and a stay typed, nothing saved yet
    client.force_login(cast.alice.user)
    data = {
        **management(stays=1),
        "title": "Vancouver",
        "purpose": "negotiation",
        **row("stays", 0, city="Vancouver", country="CA", start="2026-03-01", end="2026-03-04"),
        "fastentry": "1",
        "text": "PEK 2026-03-01 10:00 > YVR 07:30",
    }
    # when
    response = client.post(reverse("web:trip-new"), data)
    # then
    trip = Trip.objects.get(traveller=cast.alice)
    assert response.status_code == 302
    assert (trip.title, trip.facts["purpose"], trip.facts["stays"][0]["city"]) == (
        "Vancouver",
        "negotiation",
        "Vancouver",
    )
    assert [leg["to"] for leg in trip.facts["legs"]] == ["YVR"]
    # and a failed import keeps it all on the page
    refused = client.post(
        reverse("web:trip-import", kwargs={"trip_id": trip.pk}),
        {**edit_data(trip, title="Vancouver, renamed"), "fastentry": "1", "text": "nonsense"},
    )
    assert refused.status_code == 400
    assert input_value(refused, "title") == "Vancouver, renamed"
    assert len(field_errors(refused, "text")) == 1


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (SimpleUploadedFile("notes.ics", b"hello, not a calendar"), "not a calendar file (.ics)"),
        (SimpleUploadedFile("ticket.pdf", b"%PDF-1.4"), "Choose a calendar file (.ics) or an e-mail (.eml)."),
        (
            SimpleUploadedFile("booking.eml", booking_email(b"%PDF-1.4", "ticket.pdf", "pdf")),
            "no itinerary found in the e-mail",
        ),
        (
            SimpleUploadedFile("booking.eml", booking_email(b"not a calendar", "invite.ics")),
            "attachment invite.ics: not a calendar file (.ics)",
        ),
    ],
    ids=["ics-junk", "pdf", "eml-pdf-attachment", "eml-junk-calendar"],
)
def test_a_file_that_is_not_a_calendar_is_a_field_error(
    cast: Cast, client: Any, upload: SimpleUploadedFile, expected: str
) -> None:
    """Nothing is imported, the draft is unchanged, and the reason sits under the file field."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    response = client.post(
        reverse("web:trip-import", kwargs={"trip_id": trip.pk}), {"fastentry": "1", "file": upload}
    )
    trip.refresh_from_db()
    assert response.status_code == 400
    assert expected in field_errors(response, "file")
    assert trip.facts == via_vancouver()
    assert input_value(response, "legs-0-from_airport") == "PEK"


def test_an_oversized_upload_is_a_field_error(cast: Cast, client: Any) -> None:
    """A file over the limit is refused at the file field, with the limit in the user's language."""
    client.force_login(cast.alice.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    trip = draft(cast)
    upload = SimpleUploadedFile("huge.ics", b"x" * (MAX_UPLOAD_BYTES + 1), content_type="text/calendar")
    response = client.post(
        reverse("web:trip-import", kwargs={"trip_id": trip.pk}), {"fastentry": "1", "file": upload}
    )
    assert response.status_code == 400
    with translation.override("de"):  # the limit written the German way: "2,0 MB"
        expected = translation.gettext("The file is larger than %(limit)s.") % {
            "limit": filesizeformat(MAX_UPLOAD_BYTES)
        }
    assert "2,0" in expected
    assert field_errors(response, "file") == [expected]


def test_an_unreadable_text_is_a_field_error_and_kept(cast: Cast, client: Any) -> None:
    """Text with no leg in it is refused at the text field and shown again as typed."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    response = client.post(
        reverse("web:trip-import", kwargs={"trip_id": trip.pk}), {"fastentry": "1", "text": "PEK tomorrow"}
    )
    assert response.status_code == 400
    assert len(field_errors(response, "text")) == 1
    assert "PEK tomorrow" in text(response)


# --- amendments ---------------------------------------------------------------------------------


def test_amending_a_submitted_trip_asks_for_a_reason_and_makes_version_2(cast: Cast, client: Any) -> None:
    """The same form amends a submitted trip: without a reason it is refused, with one it is version 2."""
    # given
    client.force_login(cast.alice.user)
    trip = draft(cast)
    trip_transition(actor=cast.alice.user, trip=trip, action="submit")
    url = reverse("web:trip-edit", kwargs={"trip_id": trip.pk})
    page = client.get(url)
    assert 'name="note"' in page.content.decode()
    # when: no reason
    changed = edit_data(trip, **{"stays-0-city": "Ciudad de México", "legs-0-flight": "CA991"})
    refused = client.post(url, changed)
    # then: refused, everything kept, the reason asked for beside its field
    assert refused.status_code == 400
    assert field_errors(refused, "note") == ["Say why the trip changes."]
    assert input_value(refused, "stays-0-city") == "Ciudad de México"
    trip.refresh_from_db()
    assert trip.version == 1
    # when: with a reason
    response = client.post(url, {**changed, "note": "The hotel moved."})
    # then
    trip.refresh_from_db()
    assert response.status_code == 302
    assert trip.version == 2
    assert trip.facts["stays"][0]["city"] == "Ciudad de México"
    version = TripVersion.objects.get(trip=trip, number=2)
    assert (version.note, version.facts["legs"][0]["flight"]) == ("The hotel moved.", "CA991")


def test_an_amendment_overlapping_another_trip_is_refused_with_every_value_kept(
    cast: Cast, client: Any
) -> None:
    """The service refuses dates overlapping another trip; the form comes back with the reason."""
    client.force_login(cast.alice.user)
    trip_for(cast.alice, via_vancouver(dt.date(2026, 4, 2)), title="April trip")
    trip = draft(cast)
    trip_transition(actor=cast.alice.user, trip=trip, action="submit")
    moved = via_vancouver(dt.date(2026, 4, 1))
    data = declaration_data(moved, title="Moved", revision=Trip.objects.get(pk=trip.pk).revision)
    response = client.post(
        reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), {**data, "note": "New dates"}
    )
    assert response.status_code == 400
    assert 'data-section-error="legs"' in response.content.decode()
    assert "April trip" in text(response)
    assert input_value(response, "legs-0-depart_date") == "2026-04-01"
    assert input_value(response, "note") is not None
    trip.refresh_from_db()
    assert trip.version == 1


def test_a_trip_under_way_can_no_longer_be_changed(cast: Cast, client: Any) -> None:
    """The form shows a travelling trip but offers no saving, and a post is refused with values kept."""
    client.force_login(cast.alice.user)
    trip = trip_for(cast.alice, via_vancouver(), status=TripStatus.TRAVELLING)
    url = reverse("web:trip-edit", kwargs={"trip_id": trip.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="amendment-notice"' in page.content.decode()
    assert 'name="save"' not in page.content.decode()
    response = client.post(url, {**edit_data(trip, title="Changed"), "note": "why not"})
    assert response.status_code == 400
    assert input_value(response, "title") == "Changed"
    trip.refresh_from_db()
    assert trip.version == 1


def test_import_into_a_submitted_trip_fills_the_amendment_form_unsaved(cast: Cast, client: Any) -> None:
    """Imported legs of a submitted trip wait in the amendment form until saved with a reason."""
    client.force_login(cast.alice.user)
    trip = draft(cast)
    trip_transition(actor=cast.alice.user, trip=trip, action="submit")
    response = client.post(
        reverse("web:trip-import", kwargs={"trip_id": trip.pk}),
        {"fastentry": "1", "text": "PEK 2026-03-10 10:00 > SIN 16:00"},
    )
    trip.refresh_from_db()
    assert response.status_code == 200
    assert input_value(response, "legs-3-to_airport") == "SIN"
    assert len(trip.facts["legs"]) == 3


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mallory", "bob", "olu"])
def test_others_cannot_reach_the_form_of_alices_trip(cast: Cast, client: Any, persona: str) -> None:
    """Another organisation's traveller, her manager and the officer all get the missing-page answer."""
    trip = draft(cast)
    client.force_login(cast.persona(persona).user)
    data = edit_data(trip, title="Hijacked")
    assert client.get(reverse("web:trip-edit", kwargs={"trip_id": trip.pk})).status_code == 404
    assert client.post(reverse("web:trip-edit", kwargs={"trip_id": trip.pk}), data).status_code == 404
    assert client.post(reverse("web:trip-autosave", kwargs={"trip_id": trip.pk}), data).status_code == 404
    upload = SimpleUploadedFile("trip.ics", ICS)
    assert (
        client.post(
            reverse("web:trip-import", kwargs={"trip_id": trip.pk}), {"fastentry": "1", "file": upload}
        ).status_code
        == 404
    )
    trip.refresh_from_db()
    assert trip.title == "Mexico"
    assert len(trip.facts["legs"]) == 3


def test_submit_saves_what_was_just_typed_then_submits(cast: Cast, client: Any) -> None:
    """The Submit button sends the form: a change typed a moment before the click is in version 1."""
    client.force_login(cast.alice.user)
    trip = draft(cast, title="Mexico")
    response = client.post(
        reverse("web:trip-edit", kwargs={"trip_id": trip.pk}),
        edit_data(trip, title="Mexico, with the workshop", submit_declaration="1"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("web:trip-detail", kwargs={"trip_id": trip.pk})
    trip.refresh_from_db()
    assert trip.submitted_at is not None
    assert trip.title == "Mexico, with the workshop"
    assert trip.versions.get().title == "Mexico, with the workshop"


def test_submit_refused_keeps_the_form_and_names_the_field(cast: Cast, client: Any) -> None:
    client.force_login(cast.alice.user)
    trip = draft(cast)
    response = client.post(
        reverse("web:trip-edit", kwargs={"trip_id": trip.pk}),
        edit_data(trip, submit_declaration="1", **{"legs-0-to_airport": "XQZ"}),
    )
    assert response.status_code == 400
    assert input_value(response, "legs-0-to_airport") == "XQZ"
    assert field_errors(response, "legs-0-to_airport")
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT
    assert trip.facts["legs"][0]["to"] == "XQZ"
