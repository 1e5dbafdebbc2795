"""``/people/``: the directory, scoped, with a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.people.tests.factories import PersonFactory
from waypost.testing import Cast


def emails(response: Any) -> set[str]:
    return {person.email for person in response.context["page"]}


def test_list_shows_only_visible_people(cast: Cast, login: Any) -> None:
    """Bob's directory lists himself and Alice, nobody else."""
    # when
    response = login(cast.bob).get("/people/")
    # then
    assert response.status_code == 200
    assert emails(response) == {"bob@lumen.example", "alice@lumen.example"}


def test_filters_apply_within_scope(cast: Cast, login: Any) -> None:
    """The search box narrows Olu's list; a unit outside his scope is an 'Unknown unit' form error."""
    # given
    client = login(cast.olu)
    # when
    by_name = client.get("/people/", {"q": "chen"})
    foreign_unit = client.get("/people/", {"unit": "kinetic-autonomy"})
    # then
    assert emails(by_name) == {"bob@lumen.example"}
    assert foreign_unit.context["form"].errors["unit"] == ["Unknown unit."]
    assert "mallory@kinetic.example" not in emails(foreign_unit)


def test_htmx_request_gets_only_the_table(cast: Cast, login: Any) -> None:
    """A search typed in the page (htmx) gets the table fragment, not the whole page."""
    # when
    response = login(cast.olu).get("/people/", {"q": "alice"}, headers={"HX-Request": "true"})
    # then
    html = response.content.decode()
    assert "<html" not in html
    assert "alice@lumen.example" in html


@pytest.mark.parametrize("extra_people", [0, 40])
def test_query_count_does_not_grow_with_the_list(
    cast: Cast, login: Any, django_assert_max_num_queries: Any, extra_people: int
) -> None:
    """Fifty people with units and managers cost no more queries than five."""
    # given
    for _ in range(extra_people):
        PersonFactory(unit=cast.unit, manager=cast.bob, user=None)
    client = login(cast.olu)
    # when / then
    # (the page itself, plus the shell: the unread-notification badge and, for an officer, the banner
    # of open incidents)
    with django_assert_max_num_queries(9):
        response = client.get("/people/")
    assert len(response.context["page"]) == 5 + extra_people
