"""The in-app inbox: selectors, services, web pages and API. Everyone sees only their own."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from waypost.core.errors import NotFound
from waypost.notifications import selectors, services
from waypost.notifications.context_processors import unread_notifications
from waypost.notifications.models import Notification
from waypost.notifications.services import notify
from waypost.testing import Cast


@pytest.fixture
def inbox(cast: Cast) -> dict[str, Notification]:
    """Two notifications for alice (the newer one with a link), one for bob, one e-mail for alice."""
    older = notify(
        cast.alice, "trip.cancelled", params={"trip": "Oslo", "traveller": "Alice Wang"}, channels=["in_app"]
    )
    newer = notify(
        cast.alice,
        "trip.outcome",
        params={"trip": "Boston", "status": "approved"},
        url="/trips/7/",
        channels=["in_app"],
    )
    bobs = notify(
        cast.bob,
        "trip.review_requested",
        params={"trip": "Secret trip", "traveller": "Alice Wang"},
        channels=["in_app"],
    )
    notify(cast.alice, "trip.outcome", params={"trip": "Mail only", "status": "approved"}, channels=["email"])
    return {"older": older[0], "newer": newer[0], "bobs": bobs[0]}


# --- Selectors and services ------------------------------------------------------------------------


def test_the_inbox_holds_own_in_app_notifications_newest_first(
    cast: Cast, inbox: dict[str, Notification]
) -> None:
    # when
    rows = list(selectors.inbox_for(cast.alice.user))
    # then
    assert rows == [inbox["newer"], inbox["older"]]
    assert selectors.unread_count(cast.alice.user) == 2
    assert selectors.unread_count(cast.mallory.user) == 0
    assert list(selectors.inbox_for(AnonymousUser())) == []


def test_marking_read_keeps_the_first_time(cast: Cast, inbox: dict[str, Notification]) -> None:
    # when
    first = services.mark_read(cast.alice.user, inbox["older"].pk).read_at
    again = services.mark_read(cast.alice.user, inbox["older"].pk).read_at
    # then
    assert first is not None
    assert again == first
    assert selectors.unread_count(cast.alice.user) == 1


@pytest.mark.parametrize("persona", ["bob", "olu", "ada", "mallory"])
def test_nobody_marks_anothers_notification_read(
    cast: Cast, inbox: dict[str, Notification], persona: str
) -> None:
    # when / then
    with pytest.raises(NotFound):
        services.mark_read(cast.persona(persona).user, inbox["older"].pk)
    assert Notification.objects.get(pk=inbox["older"].pk).read_at is None


def test_mark_all_read_touches_only_own_rows(cast: Cast, inbox: dict[str, Notification]) -> None:
    # when
    count = services.mark_all_read(cast.alice.user)
    # then
    assert count == 2
    assert Notification.objects.get(pk=inbox["bobs"].pk).read_at is None


def test_the_badge_costs_one_query_and_only_when_shown(
    cast: Cast, inbox: dict[str, Notification], django_assert_num_queries: Any
) -> None:
    # given
    request = RequestFactory().get("/")
    request.user = cast.alice.user
    # when / then
    with django_assert_num_queries(0):
        context = unread_notifications(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"]() == 2
        assert context["unread_notifications"]() == 2
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_notifications(request)["unread_notifications"]() == 0


# --- Web -------------------------------------------------------------------------------------------


def test_the_page_lists_own_notifications_only(
    cast: Cast, inbox: dict[str, Notification], login: Any
) -> None:
    # when
    response = login(cast.alice).get("/notifications/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "The review of your trip “Boston” is complete: Approved" in html
    assert "Alice Wang cancelled the trip “Oslo”" in html
    assert "Secret trip" not in html
    assert "Mail only" not in html


def test_the_page_is_paginated(cast: Cast, login: Any) -> None:
    # given
    for number in range(30):
        notify(
            cast.alice,
            "trip.cancelled",
            params={"trip": f"T{number:02}", "traveller": "A"},
            channels=["in_app"],
        )
    client = login(cast.alice)
    # when
    first = client.get("/notifications/").content.decode()
    second = client.get("/notifications/?page=2").content.decode()
    # then
    assert "T29" in first
    assert "T05" in first
    assert "T04" not in first
    assert "T04" in second
    assert "T00" in second


def test_opening_marks_read_and_follows_the_link(
    cast: Cast, inbox: dict[str, Notification], login: Any
) -> None:
    # when
    response = login(cast.alice).post(f"/notifications/{inbox['newer'].pk}/open/")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/trips/7/"
    assert Notification.objects.get(pk=inbox["newer"].pk).read_at is not None


def test_opening_one_without_a_link_returns_to_the_list(
    cast: Cast, inbox: dict[str, Notification], login: Any
) -> None:
    # when
    response = login(cast.alice).post(f"/notifications/{inbox['older'].pk}/open/")
    # then
    assert response["Location"] == "/notifications/"


def test_a_link_to_another_site_is_not_followed(cast: Cast, login: Any) -> None:
    # given
    row = notify(cast.alice, "trip.cancelled", params={}, url="https://evil.example/", channels=["in_app"])[0]
    # when
    response = login(cast.alice).post(f"/notifications/{row.pk}/open/")
    # then
    assert response["Location"] == "/notifications/"


def test_opening_anothers_notification_is_not_found(
    cast: Cast, inbox: dict[str, Notification], login: Any
) -> None:
    # when
    response = login(cast.bob).post(f"/notifications/{inbox['newer'].pk}/open/")
    # then
    assert response.status_code == 404
    assert Notification.objects.get(pk=inbox["newer"].pk).read_at is None


def test_read_all_from_the_page(cast: Cast, inbox: dict[str, Notification], login: Any) -> None:
    # when
    response = login(cast.alice).post("/notifications/read-all/", follow=True)
    # then
    assert "2 notifications marked as read." in response.content.decode()
    assert selectors.unread_count(cast.alice.user) == 0
    assert selectors.unread_count(cast.bob.user) == 1


# --- API -------------------------------------------------------------------------------------------


def test_the_api_lists_own_notifications(cast: Cast, inbox: dict[str, Notification], login: Any) -> None:
    # when
    body = login(cast.alice).get("/api/v1/notifications/").json()
    # then
    assert [item["id"] for item in body["results"]] == [inbox["newer"].pk, inbox["older"].pk]
    newest = body["results"][0]
    assert newest["subject"] == "The review of your trip “Boston” is complete: Approved"
    assert (newest["url"], newest["unread"], newest["kind"]) == ("/trips/7/", True, "trip.outcome")


def test_the_api_renders_in_the_request_language(
    cast: Cast, inbox: dict[str, Notification], login: Any
) -> None:
    # when
    body = login(cast.alice).get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="de").json()
    # then
    assert "Genehmigt" in body["results"][0]["subject"]


def test_the_api_filters_unread(cast: Cast, inbox: dict[str, Notification], login: Any) -> None:
    # given
    client = login(cast.alice)
    client.post(f"/api/v1/notifications/{inbox['newer'].pk}/read/")
    # when
    body = client.get("/api/v1/notifications/?unread=true").json()
    # then
    assert [item["id"] for item in body["results"]] == [inbox["older"].pk]


def test_the_api_marks_read(cast: Cast, inbox: dict[str, Notification], login: Any) -> None:
    # when
    response = login(cast.alice).post(f"/api/v1/notifications/{inbox['older'].pk}/read/")
    # then
    assert response.status_code == 200
    assert response.json()["unread"] is False


def test_the_api_hides_anothers_notification(cast: Cast, inbox: dict[str, Notification], login: Any) -> None:
    # when
    response = login(cast.alice).post(f"/api/v1/notifications/{inbox['bobs'].pk}/read/")
    # then
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_api_marks_all_read(cast: Cast, inbox: dict[str, Notification], login: Any) -> None:
    # when
    body = login(cast.alice).post("/api/v1/notifications/read-all/").json()
    # then
    assert body == {"marked": 2}
    assert selectors.unread_count(cast.bob.user) == 1


def test_the_api_needs_a_sign_in(client: Any) -> None:
    # when / then
    assert client.get("/api/v1/notifications/").status_code == 401
