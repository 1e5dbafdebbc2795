"""``GET /api/v1/people/``: scoped, filtered, paginated, with a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.people.tests.factories import PersonFactory
from waypost.testing import PERSONAS, Cast

URL = "/api/v1/people/"

EXPECTED = {
    "alice": {"alice@lumen.example"},
    "bob": {"alice@lumen.example", "bob@lumen.example"},
    "olu": {
        "alice@lumen.example",
        "bob@lumen.example",
        "olu@lumen.example",
        "audrey@lumen.example",
        "ada@lumen.example",
    },
    "mallory": {"mallory@kinetic.example"},
}
EXPECTED["audrey"] = EXPECTED["ada"] = EXPECTED["olu"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_exactly_what_it_may_see(cast: Cast, login: Any, persona: str) -> None:
    """The list is the persona's scope, no more, no less."""
    # when
    response = login(cast.persona(persona)).get(URL)
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(EXPECTED[persona])
    assert {person["email"] for person in body["results"]} == EXPECTED[persona]


def test_output_fields(cast: Cast, login: Any) -> None:
    """People are serialized with their unit's identifier and their manager's id."""
    # when
    body = login(cast.bob).get(URL, {"q": "alice"}).json()
    # then
    assert body["results"] == [
        {
            "id": cast.alice.pk,
            "email": "alice@lumen.example",
            "name_latin": "Alice Wang",
            "name_native": "王爱丽",
            "unit": "lumen-models",
            "manager": cast.bob.pk,
            "role": "executive",
            "sectors": ["ai"],
            "sensitivity": 3,
            "is_active": True,
        }
    ]


def test_pagination(cast: Cast, login: Any) -> None:
    """``page_size`` splits the list, with links to the next page."""
    # when
    body = login(cast.olu).get(URL, {"page_size": 2}).json()
    # then
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert "page=2" in body["next"]


@pytest.mark.parametrize("extra_people", [0, 40])
def test_query_count_does_not_grow_with_the_list(
    cast: Cast, login: Any, django_assert_max_num_queries: Any, extra_people: int
) -> None:
    """Forty more people with units and managers cost no extra queries."""
    # given
    for _ in range(extra_people):
        PersonFactory(unit=cast.unit, manager=cast.bob, user=None)
    client = login(cast.olu)
    # when / then
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert response.json()["count"] == 5 + extra_people
