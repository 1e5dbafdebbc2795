"""Oversight over the API: the dashboard and reports as JSON, CSV and XLSX, counts only for the
authority analyst, refused filters naming the field, and the schema."""

from __future__ import annotations

import csv
import io
from typing import Any

import yaml
from drf_spectacular.validation import validate_schema
from openpyxl import load_workbook
from rest_framework.test import APIClient

from waypost.people.models import Person
from waypost.reports.tests import conftest as fixtures
from waypost.testing import Cast

# The reports app's hand-built world (fixtures shared with its own tests).
World = fixtures.World
analyst = fixtures.analyst
frozen = fixtures.frozen
world = fixtures.world

BASE = "/api/v1/oversight"


def api(person: Person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_dashboard_for_an_officer(cast: Cast, world: World) -> None:
    body = api(cast.olu).get(f"{BASE}/dashboard/").json()
    assert body["shows_records"] is True
    tiles = {tile["key"]: tile for tile in body["tiles"]}
    assert body["tiles"][0]["key"] == "incidents"
    assert tiles["abroad"]["count"] == 2
    assert {row["traveller"] for row in tiles["abroad"]["rows"]} == {str(cast.alice), str(cast.bob)}
    assert {row["country"]: row["numeric"] for row in body["abroad_by_country"]} == {"MX": "484", "JP": "392"}


def test_dashboard_for_an_analyst_has_no_rows(cast: Cast, world: World, analyst: Person) -> None:
    response = api(analyst).get(f"{BASE}/dashboard/")
    assert response.status_code == 200
    body = response.json()
    assert body["shows_records"] is False
    assert all(tile["rows"] is None for tile in body["tiles"])
    assert {tile["key"]: tile["count"] for tile in body["tiles"]}["abroad"] == 2
    assert "Alice" not in response.content.decode()


def test_travellers_are_refused(cast: Cast, world: World) -> None:
    assert api(cast.alice).get(f"{BASE}/dashboard/").status_code == 403
    assert api(cast.bob).get(f"{BASE}/reports/compliance/").status_code == 403


def test_refused_filters_name_the_field(cast: Cast) -> None:
    response = api(cast.olu).get(
        f"{BASE}/dashboard/",
        {"organisation": str(cast.other_org.pk), "from": "2026-03-10", "to": "2026-03-01"},
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["organisation"] == ["Unknown organisation."]
    assert fields["to"] == ["The end of the period is before its start."]


def test_report_as_json(cast: Cast, world: World) -> None:
    body = api(cast.olu).get(f"{BASE}/reports/contacts-countries/").json()
    assert body["columns"] == ["country", "name", "contacts", "encounters"]
    assert body["rows"] == [["CN", "China", 2, 2]]
    assert body["period_to"] == "2026-03-31"
    listing = api(cast.olu).get(f"{BASE}/reports/").json()
    assert [row["key"] for row in listing] == [
        "destinations",
        "compliance",
        "declined",
        "contacts-countries",
        "contacts-organisations",
    ]


def test_unknown_report_is_404(cast: Cast) -> None:
    assert api(cast.olu).get(f"{BASE}/reports/salaries/").status_code == 404


def test_report_as_csv_and_xlsx(cast: Cast, world: World) -> None:
    client = api(cast.olu)
    response = client.get(f"{BASE}/reports/destinations.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert ["2026-02", "FR", "France", "2"] in rows
    response = client.get(f"{BASE}/reports/compliance.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(_body(response)), read_only=True)
    values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert values[1][2] == "Lumen AI Lab"


def test_the_schema_documents_the_oversight_routes(db: Any, client: Any) -> None:
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    validate_schema(schema)
    for route in (
        "/api/v1/oversight/dashboard/",
        "/api/v1/oversight/reports/",
        "/api/v1/oversight/reports/{key}/",
        "/api/v1/oversight/reports/{key}.csv",
        "/api/v1/oversight/reports/{key}.xlsx",
    ):
        assert route in schema["paths"], route
    dashboard = schema["paths"]["/api/v1/oversight/dashboard/"]["get"]
    assert {"200", "400", "401", "403"} <= set(dashboard["responses"])
    assert {parameter["name"] for parameter in dashboard["parameters"]} >= {
        "organisation",
        "from",
        "to",
        "group",
    }


def test_analyst_gets_no_records_from_the_record_routes(cast: Cast, world: World, analyst: Person) -> None:
    """The new role is not a record role: record lists are empty or refused for the analyst."""
    client = api(analyst)
    for url in (
        "/api/v1/trips/",
        "/api/v1/incidents/",
        "/api/v1/screening/hits/",
        "/api/v1/people/",
        "/api/v1/debriefs/",
        "/api/v1/contacts/",
        "/api/v1/invitations/",
        "/api/v1/audit/events/",
        f"/api/v1/trips/{world.alice_abroad.pk}/",
        f"/api/v1/incidents/{world.incident.pk}/",
    ):
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        text = response.content.decode()
        for name in ("Alice Wang", "Bob Chen", "Mallory", "王小明", "Li Wei"):
            assert name not in text, (url, name)
