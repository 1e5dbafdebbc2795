"""Guidance pages: the editor keeps what was typed, previews live, simulates, publishes; country groups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waypost.policy.models import GuidanceVersion
from waypost.policy.services import guidance_draft_save, version_transition
from waypost.testing import Cast
from waypost.trips.models import Trip, TripAssessment
from waypost.trips.services import trip_create

SOURCE = """id: lumen-us
issuer: lumen
title: {{en: US travel, de: USA-Reisen}}
effective_from: {day}
rules:
  - id: us
    when:
      destinations: {{countries: [US], include_transit: true}}
    then:
      advisory: {advisory}
      declare_days_before: 14
"""


def source(cast: Cast, advisory: str = "caution", day: dt.date | None = None) -> str:
    text = SOURCE.format(day=(day or dt.date.today()).isoformat(), advisory=advisory)
    return text.replace("issuer: lumen", f"issuer: {cast.org.slug}")


def us_trip(cast: Cast) -> Trip:
    start = dt.date.today() + dt.timedelta(days=30)
    facts = {
        "legs": [
            {
                "mode": "air",
                "from": "PEK",
                "to": "SFO",
                "depart": f"{start}T12:00",
                "arrive": f"{start}T08:00",
            },
            {
                "mode": "air",
                "from": "SFO",
                "to": "PEK",
                "depart": f"{start + dt.timedelta(days=5)}T11:00",
                "arrive": f"{start + dt.timedelta(days=6)}T15:00",
            },
        ],
        "stays": [
            {
                "city": "San Francisco",
                "country": "US",
                "from": f"{start}",
                "to": f"{start + dt.timedelta(days=5)}",
            }
        ],
    }
    trip, _assessment = trip_create(
        actor=cast.alice.user, traveller=cast.alice, facts=facts, title="Bay Area visit"
    )
    return trip


def test_preview_lists_each_problem_with_its_line(cast: Cast, login: Any) -> None:
    """Typing an unknown advisory and an unknown group shows both problems, each with its line."""
    # given
    client = login(cast.olu)
    text = source(cast, advisory="forbidden").replace("countries: [US]", "groups: [nowhere]")
    # when
    response = client.post("/guidance/preview/", {"source": text, "sample_trip": ""})
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="guidance-issues"' in body
    assert "Line 10" in body  # advisory: forbidden
    assert "nowhere" in body


def test_preview_assesses_the_sample_trip_with_reasons(cast: Cast, login: Any) -> None:
    """A valid draft assesses the sample trip PEK → YVR → MEX: Canada in transit, Mexico a stay."""
    # given
    client = login(cast.olu)
    text = source(cast).replace("countries: [US]", "groups: [us-allies]")
    # when
    response = client.post("/guidance/preview/", {"source": text})
    # then
    body = response.content.decode()
    assert 'id="guidance-valid"' in body
    assert 'data-advisory="caution"' in body
    assert "transit at YVR" in body
    assert "lumen-us@1/us" in body


def test_saving_an_invalid_new_guidance_keeps_the_text(cast: Cast, login: Any) -> None:
    """Without an issuer nothing can be stored, but the form comes back with every character typed."""
    # given
    client = login(cast.olu)
    text = "id: half-written\ntitle: {en: Draft}\nrules: ["
    # when
    response = client.post("/guidance/new/", {"source": text})
    # then
    assert response.status_code == 200
    assert "half-written" in response.content.decode()
    assert "rules: [" in response.content.decode()
    assert not GuidanceVersion.objects.exists()


def test_saving_an_invalid_draft_of_existing_guidance_stores_it_with_its_problems(
    cast: Cast, login: Any
) -> None:
    """An existing guidance's draft is stored even while invalid; the page says it cannot be published."""
    # given
    client = login(cast.olu)
    draft = guidance_draft_save(actor=cast.olu.user, source=source(cast))
    broken = source(cast, advisory="forbidden")
    # when
    response = client.post(f"/guidance/{draft.guidance.slug}/edit/", {"source": broken}, follow=True)
    # then
    draft.refresh_from_db()
    assert draft.source == broken
    assert draft.issues
    assert draft.issues[0]["line"] == 10
    assert "cannot be published" in response.content.decode()


def test_simulation_shows_the_change_for_an_upcoming_trip(cast: Cast, login: Any) -> None:
    """A stricter draft shows the trip with its advisory before → after, and stores nothing."""
    # given
    client = login(cast.olu)
    published = guidance_draft_save(actor=cast.olu.user, source=source(cast))
    version_transition(actor=cast.olu.user, version=published, action="publish")
    trip = us_trip(cast)
    draft = guidance_draft_save(
        actor=cast.olu.user, source=source(cast, "advised_against", dt.date.today() + dt.timedelta(days=1))
    )
    assessments_before = TripAssessment.objects.count()
    # when
    response = client.get(f"/guidance/{draft.guidance.slug}/v{draft.number}/simulate/")
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert trip.title in body
    assert "Caution → Advised against" in body
    assert "stricter" in body
    assert TripAssessment.objects.count() == assessments_before


def test_publishing_from_the_page_re_assesses_open_trips(
    cast: Cast, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Publish → the version is published and the trip gets a new assessment in the background run."""
    # given
    client = login(cast.olu)
    trip = us_trip(cast)
    assert trip.assessments.get(is_current=True).advisory == "none"
    draft = guidance_draft_save(actor=cast.olu.user, source=source(cast))
    url = f"/guidance/{draft.guidance.slug}/v{draft.number}/transition/"
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "publish"})
    # then
    assert response.status_code == 302
    response = client.get(response["Location"])
    draft.refresh_from_db()
    assert draft.status == "published"
    assert trip.assessments.get(is_current=True).advisory == "caution"
    assert "1 of 1 trips re-assessed; 1 changed." in response.content.decode()


def test_a_traveller_cannot_open_the_editor_or_see_drafts(cast: Cast, login: Any) -> None:
    """Drafts and the editor do not exist for a traveller."""
    # given
    draft = guidance_draft_save(actor=cast.olu.user, source=source(cast))
    client = login(cast.alice)
    # when
    pages = [
        client.get("/guidance/new/"),
        client.get(f"/guidance/{draft.guidance.slug}/edit/"),
        client.get(f"/guidance/{draft.guidance.slug}/v{draft.number}/"),
    ]
    listing = client.get("/guidance/").content.decode()
    # then
    assert [page.status_code for page in pages] == [404, 404, 404]
    assert draft.guidance.slug not in listing


def test_country_group_form_names_the_unknown_code(cast: Cast, login: Any) -> None:
    """An unknown ISO code is refused next to the countries field; the typed values stay."""
    # given
    client = login(cast.olu)
    data = {
        "slug": "our-watchlist",
        "name_en": "Our watchlist",
        "members": "CN, XX",
        "owner": cast.org.slug,
        "as_of": "2026-11-01",
    }
    # when
    response = client.post("/guidance/groups/", data)
    # then
    body = response.content.decode()
    assert "Unknown country code: XX." in body
    assert 'value="Our watchlist"' in body


def test_country_group_form_saves_a_group_usable_in_guidance(cast: Cast, login: Any) -> None:
    """A saved group is listed and guidance may name it."""
    # given
    client = login(cast.olu)
    data = {
        "slug": "our-watchlist",
        "name_en": "Our watchlist",
        "members": "CN HK",
        "owner": cast.org.slug,
        "as_of": "2026-11-01",
    }
    # when
    response = client.post("/guidance/groups/", data, follow=True)
    draft = guidance_draft_save(
        actor=cast.olu.user, source=source(cast).replace("countries: [US]", "groups: [our-watchlist]")
    )
    # then
    assert "our-watchlist" in response.content.decode()
    assert draft.issues == []
