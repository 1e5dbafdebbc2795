"""Oversight pages: dashboard and reports in three languages, counts-only for the authority
analyst, field errors for bad filters, CSV/XLSX/PDF downloads, and records still hidden from the
analyst elsewhere in the app."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from waypost.people.models import Person
from waypost.reports.tests import conftest as fixtures
from waypost.testing import Cast

# The reports app's hand-built world (fixtures shared with its own tests).
World = fixtures.World
analyst = fixtures.analyst
frozen = fixtures.frozen
world = fixtures.world

LANGUAGES = ("en", "de", "zh-hans")


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_renders_in_each_language(cast: Cast, world: World, login: Any, language: str) -> None:
    client = login(cast.olu)
    response = client.get(reverse("web:oversight-dashboard"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert 'id="abroad-map"' in html
    assert 'id="abroad-map-data"' in html
    assert "Alice Wang" in html  # the lists, for an officer
    assert "Mallory" not in html
    assert response.context["tiles"][0][0].key == "incidents"


@pytest.mark.parametrize("language", LANGUAGES)
def test_reports_render_in_each_language(cast: Cast, world: World, login: Any, language: str) -> None:
    client = login(cast.olu)
    response = client.get(reverse("web:oversight-reports"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("destinations", "compliance", "declined", "contacts-countries", "contacts-organisations"):
        assert f'id="report-{key}"' in html
        assert f'data-report-chart="{key}"' in html
    assert 'id="report-charts"' in html
    assert "Tsinghua University" in html


def test_the_dashboard_tiles_link_to_their_lists(cast: Cast, world: World, login: Any) -> None:
    html = login(cast.olu).get(reverse("web:oversight-dashboard")).content.decode()
    for link in (
        "/incidents/?status=open",
        "/trips/?status=travelling",
        "/reviews/",
        "/debriefs/",
        "/screening/hits/",
    ):
        assert f'href="{link}' in html
    assert "text-bg-danger" in html  # an open incident: the first tile is red


def test_analyst_sees_counts_only(cast: Cast, world: World, analyst: Person, login: Any) -> None:
    """Tiles show numbers, no lists, no names; the map keeps its counts per country."""
    client = login(analyst)
    response = client.get(reverse("web:oversight-dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="counts-only"' in html
    for name in ("Alice", "Bob Chen", "王爱丽", "Mallory", "Wang Xiaoming"):
        assert name not in html
    assert 'id="list-' not in html
    assert "/trips/?status=travelling" not in html
    counts = {tile.key: tile.count for tile, *_rest in response.context["tiles"]}
    assert counts["abroad"] == 2
    assert counts["incidents"] == 1
    assert {row["code"]: row["value"] for row in response.context["map_data"]} == {"MX": 1, "JP": 1}
    reports = client.get(reverse("web:oversight-reports"))
    assert reports.status_code == 200
    assert "Alice" not in reports.content.decode()


def test_nav_shows_oversight_to_overseers_and_analysts(
    cast: Cast,
    analyst: Person,
    login: Any,
) -> None:
    url = reverse("web:oversight-dashboard")
    for person, shown in (
        (cast.olu, True),
        (cast.audrey, True),
        (cast.ada, True),
        (analyst, True),
        (cast.alice, False),
    ):
        html = login(person).get(reverse("web:home")).content.decode()
        assert (f'href="{url}"' in html) is shown, person


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("organisation=424242", "organisation", "Unknown organisation."),
        ("from=2026-03-10&to=2026-03-01", "to", "The end of the period is before its start."),
        ("group=atlantis", "group", "Unknown country group"),
    ],
)
def test_bad_filters_come_back_with_the_field_at_fault(
    cast: Cast, login: Any, query: str, field: str, message: str
) -> None:
    client = login(cast.olu)
    for name in ("web:oversight-dashboard", "web:oversight-reports"):
        response = client.get(f"{reverse(name)}?{query}")
        assert response.status_code == 400
        form = response.context["form"]
        assert any(message in error for error in form.errors[field])
        assert message in response.content.decode()
    download = client.get(f"{reverse('web:oversight-report-csv', args=['destinations'])}?{query}")
    assert download.status_code == 400
    assert message in download.content.decode()


def test_kinetic_is_unknown_to_lumen_officer(cast: Cast, login: Any) -> None:
    response = login(cast.olu).get(f"{reverse('web:oversight-dashboard')}?organisation={cast.other_org.pk}")
    assert response.status_code == 400
    assert response.context["form"].errors["organisation"] == ["Unknown organisation."]


def test_csv_download_streams_the_report(cast: Cast, world: World, login: Any) -> None:
    response = login(cast.olu).get(reverse("web:oversight-report-csv", args=["destinations"]))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Month", "Country code", "Country", "Trips"]
    assert ["2026-02", "FR", "France", "2"] in rows


def test_xlsx_download_opens_in_a_spreadsheet(cast: Cast, world: World, login: Any) -> None:
    response = login(cast.olu).get(reverse("web:oversight-report-xlsx", args=["contacts-countries"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert rows == [["Country code", "Name", "Contacts", "Meetings"], ["CN", "China", 2, 2]]


def test_unknown_report_is_404(cast: Cast, login: Any) -> None:
    assert login(cast.olu).get(reverse("web:oversight-report-csv", args=["salaries"])).status_code == 404


def test_compliance_pdf_download(cast: Cast, world: World, login: Any) -> None:
    response = login(cast.olu).get(
        reverse("web:oversight-compliance-pdf") + "?from=2026-02-01&to=2026-02-28", HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Foundation Models" in text


@pytest.mark.parametrize(
    "route",
    [
        "web:trip-list",
        "web:incident-list",
        "web:debrief-list",
        "web:hit-list",
        "web:contact-list",
        "web:people-list",
    ],
)
def test_analyst_sees_no_records_on_the_record_pages(
    cast: Cast,
    world: World,
    analyst: Person,
    login: Any,
    route: str,
) -> None:
    """The new role is not a record role: the lists stay empty (or hidden) for the analyst."""
    response = login(analyst).get(reverse(route))
    assert response.status_code in (200, 404)
    html = response.content.decode()
    for name in ("Alice Wang", "Bob Chen", "Mallory", "王小明", "Li Wei"):
        assert name not in html, (route, name)


def test_analyst_cannot_open_a_trip_or_incident(
    cast: Cast, world: World, analyst: Person, login: Any
) -> None:
    client = login(analyst)
    assert client.get(reverse("web:trip-detail", args=[world.alice_abroad.pk])).status_code == 404
    assert client.get(reverse("web:incident-detail", args=[world.incident.pk])).status_code == 404
    assert client.get(reverse("web:hit-detail", args=[world.hit.pk])).status_code == 404
    assert client.get(reverse("web:person-detail", args=[cast.alice.pk])).status_code == 404


@pytest.mark.parametrize(
    ("route", "officer", "analyst_queries"),
    [
        ("web:oversight-dashboard", 21, 14),
        ("web:oversight-reports", 17, 17),
    ],
)
def test_page_query_counts_are_bounded(
    cast: Cast,
    world: World,
    analyst: Person,
    login: Any,
    django_assert_max_num_queries: Any,
    route: str,
    officer: int,
    analyst_queries: int,
) -> None:
    """Session, user, scope, filter choices and the shell's badges, then the selectors' own counts
    (pinned exactly in waypost/reports/tests): independent of how many trips there are."""
    for person, bound in ((cast.olu, officer), (analyst, analyst_queries)):
        client = login(person)
        with django_assert_max_num_queries(bound):
            assert client.get(reverse(route)).status_code == 200
