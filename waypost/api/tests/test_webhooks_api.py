"""Webhook endpoints over the API: administrators over the owner only; field errors; deliveries; ping."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from waypost.audit.models import AuditEvent
from waypost.notifications.models import WebhookDelivery, WebhookEndpoint
from waypost.testing import Cast

URL = "https://hooks.example.org/waypost"


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


@pytest.fixture
def endpoint(cast: Cast) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(owner=cast.org, url=URL, events=["incident.created"])


def test_the_administrator_registers_an_endpoint_and_gets_its_secret(cast: Cast) -> None:
    # when
    response = api(cast.ada).post(
        "/api/v1/webhooks/",
        {"owner": cast.org.pk, "url": URL, "events": ["hit.raised", "incident.created"]},
        format="json",
    )
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    endpoint = WebhookEndpoint.objects.get()
    assert body["id"] == endpoint.pk
    assert body["secret"] == endpoint.secret
    assert body["events"] == ["incident.created", "hit.raised"]
    assert (body["owner"], body["owner_name"], body["is_active"]) == (cast.org.pk, "Lumen AI Lab", True)
    assert AuditEvent.objects.filter(action="webhook_endpoint.created", target_id=str(endpoint.pk)).exists()


@pytest.mark.parametrize(
    ("posted", "field"),
    [
        ({"url": "ftp://hooks.example.org/x"}, "url"),
        ({"url": "not an address"}, "url"),
        ({"events": ["trip.deleted"]}, "events"),
        ({"events": []}, "events"),
        ({"events": "hit.raised"}, "events"),
        ({"owner": 999_999}, "owner"),
        ({"owner": "lumen"}, "owner"),
        ({"description": "x" * 301}, "description"),
    ],
)
def test_bad_input_names_the_field(cast: Cast, posted: dict[str, Any], field: str) -> None:
    data = {"owner": cast.org.pk, "url": URL, "events": ["hit.raised"], **posted}

    response = api(cast.ada).post("/api/v1/webhooks/", data, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert WebhookEndpoint.objects.count() == 0


def test_another_organisation_is_not_an_owner_one_may_choose(cast: Cast) -> None:
    response = api(cast.ada).post(
        "/api/v1/webhooks/", {"owner": cast.other_org.pk, "url": URL, "events": ["hit.raised"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["owner"] == ["Choose an organisation you administer."]


def test_list_detail_patch_deliveries_ping_and_delete(cast: Cast, endpoint: WebhookEndpoint) -> None:
    client = api(cast.ada)
    # list
    listed = client.get("/api/v1/webhooks/").json()
    assert [row["id"] for row in listed["results"]] == [endpoint.pk]
    # detail
    assert client.get(f"/api/v1/webhooks/{endpoint.pk}/").json()["secret"] == endpoint.secret
    # patch: only what is given changes
    changed = client.patch(f"/api/v1/webhooks/{endpoint.pk}/", {"description": "SOC"}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["description"], changed.json()["events"]) == ("SOC", ["incident.created"])
    bad = client.patch(f"/api/v1/webhooks/{endpoint.pk}/", {"url": "ftp://x.example"}, format="json")
    assert (bad.status_code, list(bad.json()["error"]["fields"])) == (400, ["url"])
    # ping, then its delivery is listed
    ping = client.post(f"/api/v1/webhooks/{endpoint.pk}/ping/")
    assert ping.status_code == 202
    assert (ping.json()["event"], ping.json()["status"]) == ("ping", "pending")
    deliveries = client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").json()["results"]
    assert [(row["event"], row["event_id"]) for row in deliveries] == [("ping", ping.json()["event_id"])]
    # deactivate: a ping is refused on is_active
    client.patch(f"/api/v1/webhooks/{endpoint.pk}/", {"is_active": False}, format="json")
    refused = client.post(f"/api/v1/webhooks/{endpoint.pk}/ping/")
    assert (refused.status_code, list(refused.json()["error"]["fields"])) == (400, ["is_active"])
    # delete
    assert client.delete(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"webhook_endpoint.updated", "webhook_endpoint.pinged", "webhook_endpoint.deleted"} <= actions


@pytest.mark.parametrize("persona", ["alice", "bob", "olu", "audrey", "mallory"])
def test_only_administrators_over_the_owner(cast: Cast, endpoint: WebhookEndpoint, persona: str) -> None:
    client = api(cast.persona(persona))
    assert client.get("/api/v1/webhooks/").status_code == 403
    assert client.post("/api/v1/webhooks/", {}, format="json").status_code == 403
    assert client.get(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 404
    assert (
        client.patch(f"/api/v1/webhooks/{endpoint.pk}/", {"is_active": False}, format="json").status_code
        == 404
    )
    assert client.get(f"/api/v1/webhooks/{endpoint.pk}/deliveries/").status_code == 404
    assert client.post(f"/api/v1/webhooks/{endpoint.pk}/ping/").status_code == 404
    assert client.delete(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 404
    endpoint.refresh_from_db()
    assert endpoint.is_active is True
    assert WebhookDelivery.objects.count() == 0


def test_anonymous_callers_are_refused(db: Any, endpoint: WebhookEndpoint) -> None:
    assert APIClient().get("/api/v1/webhooks/").status_code == 401
    assert APIClient().get(f"/api/v1/webhooks/{endpoint.pk}/").status_code == 401


def test_the_schema_documents_the_webhook_endpoints(db: Any, client: Any) -> None:
    import yaml

    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    assert {
        "/api/v1/webhooks/",
        "/api/v1/webhooks/{endpoint_id}/",
        "/api/v1/webhooks/{endpoint_id}/ping/",
    } <= set(schema["paths"])
    create = schema["paths"]["/api/v1/webhooks/"]["post"]
    assert {"201", "400", "403"} <= set(create["responses"])
