"""One's own account over the API: personal tokens (the secret shown once) and the calendar address."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from waypost.audit.models import AuditEvent
from waypost.people.models import ApiToken
from waypost.people.services import api_token_create
from waypost.testing import Cast


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_create_a_token_then_use_it(cast: Cast) -> None:
    """The new token's secret is in the answer once, works as a bearer token and is never listed."""
    # when
    created = api(cast.alice).post("/api/v1/me/tokens/", {"name": "Expense sync", "days": 30}, format="json")
    # then
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert secret.startswith(created.json()["prefix"])
    bearer = APIClient()
    bearer.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    listed = bearer.get("/api/v1/me/tokens/")
    assert listed.status_code == 200
    assert [row["name"] for row in listed.json()] == ["Expense sync"]
    assert "secret" not in listed.json()[0]
    assert AuditEvent.objects.filter(action="api_token.created", target_id=str(created.json()["id"])).exists()


def test_token_input_is_checked(cast: Cast) -> None:
    """A token needs a name and one of the offered lifetimes."""
    # when
    response = api(cast.alice).post("/api/v1/me/tokens/", {"name": "", "days": 7}, format="json")
    # then
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"name", "days"}
    assert not ApiToken.objects.exists()


def test_revoke_ones_own_token_only(cast: Cast) -> None:
    """Revoking one's token stops it at once; another's token answers 404 and stays valid."""
    # given
    token, _secret = api_token_create(actor=cast.alice.user, name="old")
    # when
    by_bob = api(cast.bob).post(f"/api/v1/me/tokens/{token.pk}/revoke/")
    by_alice = api(cast.alice).post(f"/api/v1/me/tokens/{token.pk}/revoke/")
    again = api(cast.alice).post(f"/api/v1/me/tokens/{token.pk}/revoke/")
    # then
    assert (by_bob.status_code, by_alice.status_code, again.status_code) == (404, 204, 404)
    assert api(cast.alice).get("/api/v1/me/tokens/").json() == []
    assert AuditEvent.objects.filter(action="api_token.revoked", target_id=str(token.pk)).count() == 1


def test_calendar_address_created_then_replaced(cast: Cast) -> None:
    """No address at first; a reset creates one, a second reset replaces it; each reset is audited."""
    # given
    client = api(cast.alice)
    assert client.get("/api/v1/me/calendar/").json() == {"url": None, "created_at": None}
    # when
    first = client.post("/api/v1/me/calendar/reset/").json()["url"]
    second = client.post("/api/v1/me/calendar/reset/").json()["url"]
    # then
    assert first.startswith("http://testserver/calendar/")
    assert first.endswith(".ics")
    assert second != first
    assert client.get("/api/v1/me/calendar/").json()["url"] == second
    assert APIClient().get(second.removeprefix("http://testserver")).status_code == 200
    assert APIClient().get(first.removeprefix("http://testserver")).status_code == 404
    assert AuditEvent.objects.filter(action="calendar_feed.reset").count() == 2
