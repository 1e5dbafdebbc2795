"""Selectors: ``person_get_for`` hides forbidden and missing alike;
``person_list_for`` filters within scope."""

from __future__ import annotations

import pytest

from waypost.core.errors import NotFound
from waypost.people.selectors import orgnode_get_for, person_get_for, person_list_for
from waypost.people.tests.factories import PersonFactory
from waypost.testing import Cast


def test_person_get_for_returns_a_visible_person(cast: Cast) -> None:
    """Bob may fetch Alice, his report."""
    # when
    person = person_get_for(actor=cast.bob.user, person_id=cast.alice.pk)
    # then
    assert person == cast.alice


def test_forbidden_and_missing_people_raise_the_same_not_found(cast: Cast) -> None:
    """Mallory asking for Alice gets exactly what she gets for an id that does not exist."""
    # when
    with pytest.raises(NotFound) as forbidden:
        person_get_for(actor=cast.mallory.user, person_id=cast.alice.pk)
    with pytest.raises(NotFound) as missing:
        person_get_for(actor=cast.mallory.user, person_id=999_999_999)
    # then
    assert (forbidden.value.code, forbidden.value.message, forbidden.value.fields) == (
        missing.value.code,
        missing.value.message,
        missing.value.fields,
    )


@pytest.mark.parametrize("bad_id", ["abc", None, "1.5"])
def test_malformed_ids_are_not_found(cast: Cast, bad_id: object) -> None:
    """An id that is not a number is just not found, not a server error."""
    with pytest.raises(NotFound):
        person_get_for(actor=cast.olu.user, person_id=bad_id)


def test_alice_cannot_fetch_her_manager(cast: Cast) -> None:
    """Visibility runs downwards: a report does not see her manager's record."""
    with pytest.raises(NotFound):
        person_get_for(actor=cast.alice.user, person_id=cast.bob.pk)


def test_orgnode_get_for_hides_other_organisations(cast: Cast) -> None:
    """Olu cannot fetch Kinetic's unit; it looks like a missing one."""
    with pytest.raises(NotFound):
        orgnode_get_for(actor=cast.olu.user, node_id=cast.other_unit.pk)
    assert orgnode_get_for(actor=cast.olu.user, node_id=cast.unit.pk) == cast.unit


def test_person_list_filters_stay_within_scope(cast: Cast) -> None:
    """Search, unit, role and sector filters narrow what the actor may see and never widen it."""
    # given
    PersonFactory(email="kai@kinetic.example", name_latin="Kai Wang", unit=cast.other_unit)
    PersonFactory(email="robo@lumen.example", unit=cast.security_unit, sectors=["robotics"], role="engineer")
    olu = cast.olu.user
    # when / then
    assert {p.email for p in person_list_for(actor=olu, query="wang")} == {"alice@lumen.example"}
    assert {p.email for p in person_list_for(actor=olu, query="王爱")} == {"alice@lumen.example"}
    assert {p.email for p in person_list_for(actor=olu, unit=cast.unit)} == {
        "alice@lumen.example",
        "bob@lumen.example",
    }
    assert {p.email for p in person_list_for(actor=olu, sector="robotics")} == {"robo@lumen.example"}
    assert {p.email for p in person_list_for(actor=olu, role="executive")} == {"alice@lumen.example"}
    assert {p.email for p in person_list_for(actor=olu, unit=cast.other_unit)} == set()
