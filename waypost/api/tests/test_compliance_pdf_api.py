"""The monthly compliance report as PDF over the API, with the web download's parameters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from rest_framework.test import APIClient

from waypost.testing import Cast

URL = "/api/v1/oversight/reports/compliance.pdf"


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_officer_downloads_last_months_report(cast: Cast) -> None:
    """Without a period the report covers last month."""
    # when
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        response = api(cast.olu).get(URL)
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="waypost-compliance-20260201-20260228.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_period_and_organisation_are_the_web_parameters(cast: Cast) -> None:
    """``from``, ``to`` and ``organisation`` choose the period and the scope."""
    # when
    response = api(cast.audrey).get(
        URL, {"from": "2026-01-01", "to": "2026-01-31", "organisation": str(cast.org.pk)}
    )
    # then
    assert response.status_code == 200
    assert "waypost-compliance-20260101-20260131.pdf" in response["Content-Disposition"]


def test_refused_filters_name_the_field(cast: Cast) -> None:
    """An end before the start is a 400 naming ``to``; a traveller gets 403."""
    # when
    response = api(cast.olu).get(URL, {"from": "2026-02-01", "to": "2026-01-01"})
    # then
    assert response.status_code == 400
    assert "to" in response.json()["error"]["fields"]
    assert api(cast.alice).get(URL).status_code == 403
