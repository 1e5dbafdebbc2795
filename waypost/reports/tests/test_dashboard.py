"""The dashboard's figures on the hand-built world, its scoping, and its query count."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.core.errors import ValidationFailed
from waypost.people.models import Person
from waypost.reports.dashboard import dashboard_for
from waypost.reports.filters import ReportFilters, filters_parse
from waypost.testing import Cast

from .conftest import World


def _counts(actor: Any, filters: ReportFilters | None = None) -> dict[str, int]:
    return {tile.key: tile.count for tile in dashboard_for(actor=actor, filters=filters).tiles}


EXPECTED_LUMEN = {
    "incidents": 1,
    "abroad": 2,
    "upcoming": 1,
    "pending": 1,
    "missed_checkins": 1,
    "overdue_debriefs": 1,
    "open_hits": 1,
}


def test_officer_sees_lumen_figures_and_never_kinetic(cast: Cast, world: World) -> None:
    """Olu's tiles count Lumen only: mallory's trips, incident and check-ins are never counted."""
    # when
    dashboard = dashboard_for(actor=cast.olu.user)
    # then
    assert {tile.key: tile.count for tile in dashboard.tiles} == EXPECTED_LUMEN
    assert dashboard.tiles[0].key == "incidents"
    assert dict(dashboard.abroad_by_country) == {"MX": 1, "JP": 1}
    abroad = dashboard.tile("abroad").rows
    assert abroad is not None
    assert {row["traveller"] for row in abroad} == {str(cast.alice), str(cast.bob)}
    assert "Mallory" not in str([tile.rows for tile in dashboard.tiles])


def test_administrator_over_the_authority_sees_the_same(cast: Cast, world: World) -> None:
    assert _counts(cast.ada.user) == EXPECTED_LUMEN


def test_analyst_sees_counts_only(cast: Cast, world: World, analyst: Person) -> None:
    """The authority analyst gets every count and the map, but no list and no name."""
    # when
    dashboard = dashboard_for(actor=analyst.user)
    # then
    assert {tile.key: tile.count for tile in dashboard.tiles} == EXPECTED_LUMEN
    assert dashboard.shows_records is False
    assert all(tile.rows is None for tile in dashboard.tiles)
    assert dict(dashboard.abroad_by_country) == {"MX": 1, "JP": 1}


def test_travellers_and_approvers_see_nothing(cast: Cast, world: World) -> None:
    for person in (cast.alice, cast.bob, cast.mallory):
        assert set(_counts(person.user).values()) == {0}


def test_filters_narrow_the_figures(cast: Cast, world: World) -> None:
    """Unit, sector, destination group and period each narrow the tiles."""
    by_unit = filters_parse(cast.olu.user, {"organisation": str(cast.security_unit.pk)})
    assert set(_counts(cast.olu.user, by_unit).values()) == {0}
    by_sector = filters_parse(cast.olu.user, {"sector": "quantum"})
    assert set(_counts(cast.olu.user, by_sector).values()) == {0}
    eu = filters_parse(cast.olu.user, {"group": "eu"})
    counts = _counts(cast.olu.user, eu)
    assert counts["upcoming"] == 1  # Frankfurt
    assert counts["abroad"] == 0
    dashboard = dashboard_for(actor=cast.olu.user, filters=eu)
    assert dashboard.abroad_by_country == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"organisation": "999999"}, "organisation"),
        ({"organisation": "lumen"}, "organisation"),
        ({"sector": "astrology"}, "sector"),
        ({"group": "no-such-group"}, "group"),
        ({"from": "2026-13-01"}, "from"),
        ({"from": "2026-03-10", "to": "2026-03-01"}, "to"),
    ],
)
def test_bad_filters_name_the_field(cast: Cast, data: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        filters_parse(cast.olu.user, data)
    assert field in raised.value.fields


def test_an_organisation_outside_ones_oversight_is_unknown(cast: Cast) -> None:
    """Kinetic exists, but to Olu it reads exactly like a missing organisation."""
    with pytest.raises(ValidationFailed) as raised:
        filters_parse(cast.olu.user, {"organisation": str(cast.other_org.pk)})
    assert raised.value.fields == {"organisation": ["Unknown organisation."]}


def test_dashboard_query_count_is_bounded(
    cast: Cast, world: World, analyst: Person, django_assert_num_queries: Any
) -> None:
    """Officer: scope (3) + 4 counts + map + 7 lists. Analyst: scope (3) + 4 counts + map."""
    user = cast.olu.user
    with django_assert_num_queries(15):
        dashboard_for(actor=user)
    with django_assert_num_queries(8):
        dashboard_for(actor=analyst.user)
