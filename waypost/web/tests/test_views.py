"""Views of the shell: home and health."""

from __future__ import annotations

from typing import Any

from waypost.testing import Cast


def test_health_answers_json_ok_without_a_session(client: Any, db: Any) -> None:
    """The health endpoint needs no sign-in and reports the database as up."""
    # when
    response = client.get("/healthz")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "up"}


def test_health_refuses_post(client: Any, db: Any) -> None:
    """Only GET is served."""
    assert client.post("/healthz").status_code == 405


def test_home_greets_the_person_and_lists_reports(cast: Cast, login: Any) -> None:
    """Bob's home page names him and lists Alice among his reports."""
    # when
    response = login(cast.bob).get("/")
    # then
    assert response.context["person"] == cast.bob
    assert list(response.context["reports"]) == [cast.alice]
    assert response.context["overseen_count"] is None


def test_home_counts_the_overseen_people_for_officers(cast: Cast, login: Any) -> None:
    """Olu's home page counts the five people of Lumen."""
    # when
    response = login(cast.olu).get("/")
    # then
    assert response.context["overseen_count"] == 5


def test_home_requires_sign_in(client: Any, db: Any) -> None:
    """An anonymous visitor is sent to the sign-in page."""
    # when
    response = client.get("/")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"
