"""The webhook pages: administrators over the organisation only; field errors; audited changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from waypost.audit.models import AuditEvent
from waypost.notifications.models import WebhookDelivery, WebhookEndpoint
from waypost.people.choices import AccessRole
from waypost.people.models import RoleAssignment
from waypost.testing import Cast

URL = "https://hooks.example.org/waypost"


@pytest.fixture
def endpoint(cast: Cast) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(owner=cast.org, url=URL, events=["incident.created"])


def test_the_administrator_adds_an_endpoint_and_sees_its_secret(cast: Cast, login: Any) -> None:
    # given
    client = login(cast.ada)
    # when
    response = client.post(
        reverse("web:webhook-new"),
        {
            "owner": str(cast.org.pk),
            "url": URL,
            "description": "SOC",
            "events": ["incident.created", "hit.raised"],
        },
    )
    # then
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:webhook-detail", args=[endpoint.pk])
    assert (endpoint.owner, endpoint.events, endpoint.created_by) == (
        cast.org,
        ["incident.created", "hit.raised"],
        cast.ada.user,
    )
    assert len(endpoint.secret) >= 43
    page = client.get(response["Location"]).content.decode()
    assert endpoint.secret in page
    created = AuditEvent.objects.get(action="webhook_endpoint.created")
    assert created.org_path == cast.org.path
    assert endpoint.secret not in str(created.after)


@pytest.mark.parametrize(
    ("posted", "field", "reason"),
    [
        ({"url": "ftp://hooks.example.org/x"}, "url", "http:// or https://"),
        ({"url": ""}, "url", "Enter the address"),
        ({"events": []}, "events", "Choose at least one event."),
        ({"events": ["trip.deleted"]}, "events", "Unknown event: trip.deleted."),
        ({"owner": "999999"}, "owner", "Select a valid choice"),
    ],
)
def test_bad_input_is_kept_and_named_beside_its_field(
    cast: Cast, login: Any, posted: dict[str, Any], field: str, reason: str
) -> None:
    # given
    data = {"owner": str(cast.org.pk), "url": URL, "description": "typed", "events": ["hit.raised"], **posted}
    # when
    response = login(cast.ada).post(reverse("web:webhook-new"), data)
    # then
    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert reason in " ".join(form.errors[field])
    assert 'value="typed"' in response.content.decode()
    assert WebhookEndpoint.objects.count() == 0


def test_the_owner_is_chosen_among_organisations_one_administers(cast: Cast, login: Any) -> None:
    response = login(cast.ada).get(reverse("web:webhook-new"))

    choices = dict(response.context["form"].fields["owner"].choices)
    assert str(cast.org.pk) in choices
    assert str(cast.unit.pk) in choices
    assert str(cast.other_org.pk) not in choices

    refused = login(cast.ada).post(
        reverse("web:webhook-new"), {"owner": str(cast.other_org.pk), "url": URL, "events": ["hit.raised"]}
    )
    assert refused.status_code == 400
    assert "owner" in refused.context["form"].errors


@pytest.mark.parametrize("persona", ["alice", "bob", "olu", "audrey", "mallory"])
def test_only_administrators_over_the_owner_reach_the_pages(
    cast: Cast, login: Any, endpoint: WebhookEndpoint, persona: str
) -> None:
    client = login(cast.persona(persona))
    for name in ("web:webhook-detail", "web:webhook-edit", "web:webhook-delete"):
        assert client.get(reverse(name, args=[endpoint.pk])).status_code == 404
    assert client.post(reverse("web:webhook-ping", args=[endpoint.pk])).status_code == 404
    assert client.post(reverse("web:webhook-delete", args=[endpoint.pk])).status_code == 404
    assert client.get(reverse("web:webhook-list")).status_code == 404
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_an_administrator_elsewhere_does_not_see_the_endpoint(
    cast: Cast, login: Any, endpoint: WebhookEndpoint
) -> None:
    # given: Mallory administers her own organisation only
    RoleAssignment.objects.create(person=cast.mallory, role=AccessRole.ADMINISTRATOR, node=cast.other_org)
    client = login(cast.mallory)
    # then
    assert URL not in client.get(reverse("web:webhook-list")).content.decode()
    assert client.get(reverse("web:webhook-detail", args=[endpoint.pk])).status_code == 404


def test_the_list_shows_each_endpoint_with_its_latest_delivery(
    cast: Cast, login: Any, endpoint: WebhookEndpoint
) -> None:
    WebhookDelivery.objects.create(endpoint=endpoint, event="incident.created", status="failed")

    page = login(cast.ada).get(reverse("web:webhook-list")).content.decode()

    assert URL in page
    assert "Failed" in page


def test_the_administrator_deactivates_pings_and_deletes(
    cast: Cast, login: Any, endpoint: WebhookEndpoint
) -> None:
    client = login(cast.ada)
    # a ping is queued and shown
    assert client.post(reverse("web:webhook-ping", args=[endpoint.pk])).status_code == 302
    assert WebhookDelivery.objects.get().event == "ping"
    assert "ping" in client.get(reverse("web:webhook-detail", args=[endpoint.pk])).content.decode()
    # deactivated (the checkbox left out)
    response = client.post(
        reverse("web:webhook-edit", args=[endpoint.pk]),
        {"owner": str(cast.org.pk), "url": URL, "description": "", "events": ["incident.created"]},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    # an inactive endpoint is not pinged
    client.post(reverse("web:webhook-ping", args=[endpoint.pk]))
    assert WebhookDelivery.objects.count() == 1
    # deleted after confirming
    assert client.get(reverse("web:webhook-delete", args=[endpoint.pk])).status_code == 200
    assert client.post(reverse("web:webhook-delete", args=[endpoint.pk])).status_code == 302
    assert not WebhookEndpoint.objects.exists()
    actions = AuditEvent.objects.filter(action__startswith="webhook_endpoint.").values_list(
        "action", flat=True
    )
    assert set(actions) == {"webhook_endpoint.pinged", "webhook_endpoint.updated", "webhook_endpoint.deleted"}


def test_the_navigation_links_the_pages_for_administrators_only(cast: Cast, login: Any) -> None:
    url = reverse("web:webhook-list")
    assert url in login(cast.ada).get(reverse("web:home")).content.decode()
    assert url not in login(cast.olu).get(reverse("web:home")).content.decode()
