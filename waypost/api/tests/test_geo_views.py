"""``GET /api/v1/countries/``, ``/country-groups/`` and ``/airports/<iata>/``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from waypost.geo.services import country_group_save
from waypost.testing import PERSONAS, Cast

SHIPPED = {
    "countries-of-concern",
    "ear-d1",
    "ear-d5",
    "ear-e1",
    "ear-e2",
    "eu",
    "five-eyes",
    "nato",
    "ofac-comprehensive",
    "us-allies",
    "us-mnna",
    "us-treaty-allies",
}


@pytest.mark.parametrize(
    ("language", "germany", "japan"),
    [("en", "Germany", "Japan"), ("de", "Deutschland", "Japan"), ("zh-hans", "德国", "日本")],
)
def test_countries_are_named_in_the_requested_language(
    cast: Cast, login: Any, language: str, germany: str, japan: str
) -> None:
    """Accept-Language picks the names; the list is sorted by them."""
    # when
    response = login(cast.alice).get("/api/v1/countries/", HTTP_ACCEPT_LANGUAGE=language)
    # then
    assert response.status_code == 200
    names = {country["code"]: country["name"] for country in response.json()}
    assert (names["DE"], names["JP"]) == (germany, japan)
    assert len(names) > 240


def test_countries_in_german_are_sorted_by_their_german_name(cast: Cast, login: Any) -> None:
    """Österreich comes where German readers look for it, not under A for Austria."""
    # when
    countries = login(cast.alice).get("/api/v1/countries/", HTTP_ACCEPT_LANGUAGE="de").json()
    # then
    codes = [country["code"] for country in countries]
    assert codes.index("DE") < codes.index("AT")  # Deutschland < Österreich
    assert codes.index("AT") > codes.index("NZ")  # Neuseeland < Österreich


@pytest.fixture
def lumen_group(cast: Cast) -> None:
    country_group_save(
        actor=cast.olu.user,
        slug="lumen-watchlist",
        owner=cast.org,
        names={"en": "Lumen watch list", "de": "Lumen-Beobachtungsliste"},
        members=["ir", "KP"],
        as_of=dt.date(2026, 1, 15),
        source="Lumen security office",
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_sees_the_shipped_groups_and_custom_groups_in_scope(
    cast: Cast, login: Any, lumen_group: None, persona: str
) -> None:
    """Shipped groups are for everyone; Lumen's own group only for people at Lumen."""
    # when
    response = login(cast.persona(persona)).get("/api/v1/country-groups/")
    # then
    assert response.status_code == 200
    ids = {group["id"] for group in response.json()}
    expected = SHIPPED if persona == "mallory" else SHIPPED | {"lumen-watchlist"}
    assert ids == expected


def test_group_output(cast: Cast, login: Any, lumen_group: None) -> None:
    """Each group has names, a localised name, its source and date, sorted members and where it comes from."""
    # when
    groups = {
        g["id"]: g for g in login(cast.alice).get("/api/v1/country-groups/", HTTP_ACCEPT_LANGUAGE="de").json()
    }
    # then
    custom = groups["lumen-watchlist"]
    assert custom == {
        "id": "lumen-watchlist",
        "name": "Lumen-Beobachtungsliste",
        "names": {"en": "Lumen watch list", "de": "Lumen-Beobachtungsliste"},
        "source": "Lumen security office",
        "as_of": "2026-01-15",
        "members": ["IR", "KP"],
        "custom": True,
        "owner": "lumen",
        "notes": "",
    }
    allies = groups["us-allies"]
    assert (allies["custom"], allies["owner"]) == (False, None)
    assert "CA" in allies["members"]
    assert "MX" not in allies["members"]
    assert allies["members"] == sorted(allies["members"])
    assert allies["source"]
    assert allies["as_of"]
    assert groups["five-eyes"]["members"] == ["AU", "CA", "GB", "NZ", "US"]


@pytest.mark.parametrize(
    ("iata", "expected"),
    [
        ("YVR", {"iata": "YVR", "country": "CA", "country_name": "Canada", "tz": "America/Vancouver"}),
        ("pek", {"iata": "PEK", "country": "CN", "country_name": "China", "tz": "Asia/Shanghai"}),
        ("MEX", {"iata": "MEX", "country": "MX", "country_name": "Mexico", "tz": "America/Mexico_City"}),
    ],
)
def test_airport_by_iata_code(cast: Cast, login: Any, iata: str, expected: dict[str, str]) -> None:
    """An airport is found by its code (any case), with its country and time zone."""
    # when
    response = login(cast.alice).get(f"/api/v1/airports/{iata}/")
    # then
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in expected} == expected
    assert body["name"]
    assert body["city"]


def test_airport_country_is_named_in_the_requested_language(cast: Cast, login: Any) -> None:
    """Accept-Language: de names Canada Kanada."""
    # when
    body = login(cast.alice).get("/api/v1/airports/YVR/", HTTP_ACCEPT_LANGUAGE="de").json()
    # then
    assert body["country_name"] == "Kanada"


@pytest.mark.parametrize("iata", ["XQZ", "TOOLONG", "1"])
def test_unknown_airport_is_404(cast: Cast, login: Any, iata: str) -> None:
    """An unknown code answers 404 in the one error shape."""
    # when
    response = login(cast.alice).get(f"/api/v1/airports/{iata}/")
    # then
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}


@pytest.mark.parametrize("url", ["/api/v1/countries/", "/api/v1/country-groups/", "/api/v1/airports/YVR/"])
def test_anonymous_requests_are_refused(db: Any, client: Any, url: str) -> None:
    """Reference data is for signed-in users and tokens."""
    # when
    response = client.get(url)
    # then
    assert response.status_code == 401
