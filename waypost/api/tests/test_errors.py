"""One error shape for the whole API: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

from typing import Any

from waypost.testing import Cast


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)
    return body["error"]


def test_400_names_the_field(cast: Cast, login: Any) -> None:
    """A bad date filter is a 400 whose ``fields`` names the parameter and the reason."""
    # when
    response = login(cast.audrey).get("/api/v1/audit/events/", {"since": "last tuesday"})
    # then
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"since": ["Enter a date as YYYY-MM-DD."]}


def test_400_for_a_unit_outside_the_scope(cast: Cast, login: Any) -> None:
    """Filtering by another organisation's unit is an unknown unit, not an empty list."""
    # when
    response = login(cast.olu).get("/api/v1/people/", {"unit": "kinetic-autonomy"})
    # then
    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"unit": ["Unknown unit."]}


def test_401_without_credentials(db: Any, client: Any) -> None:
    """An anonymous request is told to authenticate, with the scheme in WWW-Authenticate."""
    # when
    response = client.get("/api/v1/people/")
    # then
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


def test_403_for_a_signed_in_actor_without_the_right(cast: Cast, login: Any) -> None:
    """Alice may not read the audit log."""
    # when
    response = login(cast.alice).get("/api/v1/audit/events/")
    # then
    assert_error(response, 403, "permission_denied")


def test_404_for_missing_and_forbidden_is_the_same(cast: Cast, login: Any) -> None:
    """Mallory gets the same 404 body for Alice as for an id that does not exist."""
    # given
    client = login(cast.mallory)
    # when
    forbidden = client.get(f"/api/v1/people/{cast.alice.pk}/")
    missing = client.get("/api/v1/people/999999999/")
    # then
    assert_error(forbidden, 404, "not_found")
    assert forbidden.json() == missing.json()
    assert forbidden.status_code == missing.status_code


def test_405_keeps_the_shape(cast: Cast, login: Any) -> None:
    """A wrong method is an error like the others."""
    # when
    response = login(cast.olu).delete("/api/v1/people/")
    # then
    assert_error(response, 405, "method_not_allowed")
