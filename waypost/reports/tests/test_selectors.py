"""The reports' figures on the hand-built world, scoping, and their query counts."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.people.models import Person
from waypost.reports import selectors
from waypost.reports.filters import ReportFilters, filters_parse
from waypost.testing import Cast

from .conftest import World

FILTERS = ReportFilters()


def _rows(report: selectors.Report) -> list[dict[str, Any]]:
    return [dict(zip(report.columns, row, strict=True)) for row in report.rows]


def test_trips_by_destination_counts_months_and_countries(cast: Cast, world: World) -> None:
    """Lumen's declared trips by month of departure and first stay; Kinetic's never."""
    # when
    report = selectors.trips_by_destination(actor=cast.olu.user, filters=FILTERS)
    # then
    cells = {(row["month"], row["country"]): row["trips"] for row in _rows(report)}
    assert cells == {
        ("2026-02", "FR"): 2,
        ("2026-02", "MX"): 1,
        ("2026-03", "MX"): 1,
        ("2026-03", "JP"): 1,
        ("2026-03", "DE"): 1,
    }
    assert report.chart["labels"][-1] == "2026-03"
    assert len(report.chart["labels"]) == 12
    assert report.period is not None


def test_compliance_per_organisation_and_unit(cast: Cast, world: World) -> None:
    # when
    report = selectors.compliance(actor=cast.olu.user, filters=FILTERS)
    # then
    rows = _rows(report)
    assert [(row["level"], row["organisation"], row["unit"]) for row in rows] == [
        ("organisation", "Lumen AI Lab", ""),
        ("unit", "Lumen AI Lab", "Foundation Models"),
    ]
    lumen = rows[0]
    assert lumen["declared"] == 3  # alice's two assessed trips and bob's February one
    assert lumen["declared_on_time"] == 2
    assert lumen["briefings_required"] == 2
    assert lumen["briefings_acknowledged"] == 1
    assert lumen["briefings_acknowledged_pct"] == 50.0
    assert lumen["debriefs_due"] == 3  # two submitted, one overdue
    assert lumen["debriefs_on_time"] == 1
    assert lumen["checkins_due"] == 4
    assert lumen["checkins_kept"] == 2
    assert lumen["checkins_kept_pct"] == 50.0


def test_declined_invitations_by_organisation_and_reason(cast: Cast, world: World) -> None:
    report = selectors.declined_invitations(actor=cast.olu.user, filters=FILTERS)
    assert report.rows == [
        ["Lumen AI Lab", "(no reason given)", 1],
        ["Lumen AI Lab", "Advised against by the security office.", 1],
    ] or report.rows == [
        ["Lumen AI Lab", "Advised against by the security office.", 1],
        ["Lumen AI Lab", "(no reason given)", 1],
    ]


def test_contacts_by_country_and_organisation(cast: Cast, world: World) -> None:
    by_country = selectors.contacts_by_country(actor=cast.olu.user, filters=FILTERS)
    assert by_country.rows == [["CN", "China", 2, 2]]
    by_org = selectors.contacts_by_organisation(actor=cast.olu.user, filters=FILTERS)
    assert by_org.rows == [["Tsinghua University", "Tsinghua University", 2, 2]]


def test_kinetic_sees_none_of_lumen(cast: Cast, world: World) -> None:
    """An administrator over the Rhine Council sees Kinetic's figures, never Lumen's."""
    from waypost.people.choices import AccessRole
    from waypost.people.models import RoleAssignment

    RoleAssignment.objects.create(person=cast.mallory, role=AccessRole.SECURITY_OFFICER, node=cast.other_org)
    contacts = selectors.contacts_by_country(actor=cast.mallory.user, filters=FILTERS)
    assert contacts.rows == [["KR", "South Korea", 1, 1]]
    declined = selectors.declined_invitations(actor=cast.mallory.user, filters=FILTERS)
    assert declined.rows == [["Kinetic Robotics", "No time.", 1]]


def test_analyst_gets_the_same_aggregates(cast: Cast, world: World, analyst: Person) -> None:
    for key in selectors.BUILDERS:
        officer = selectors.report_for(actor=cast.olu.user, key=key, filters=FILTERS)
        assert selectors.report_for(actor=analyst.user, key=key, filters=FILTERS).rows == officer.rows


def test_travellers_get_empty_reports(cast: Cast, world: World) -> None:
    for key in selectors.BUILDERS:
        assert selectors.report_for(actor=cast.alice.user, key=key, filters=FILTERS).rows == []


def test_period_and_group_filters(cast: Cast, world: World) -> None:
    march = filters_parse(cast.olu.user, {"from": "2026-03-01", "to": "2026-03-31"})
    report = selectors.trips_by_destination(actor=cast.olu.user, filters=march)
    assert {row[1] for row in report.rows} == {"MX", "JP", "DE"}
    assert report.chart["labels"] == ["2026-03"]
    eu = filters_parse(cast.olu.user, {"group": "eu"})
    report = selectors.trips_by_destination(actor=cast.olu.user, filters=eu)
    assert {row[1] for row in report.rows} == {"FR", "DE"}


@pytest.mark.parametrize(
    ("key", "queries"),
    [
        ("destinations", 4),  # scope (3) + grouped trips
        ("compliance", 6),  # scope (3) + trips per unit + check-ins per unit + nodes
        ("declined", 5),  # scope (3) + grouped invitations + nodes
        ("contacts-countries", 4),
        ("contacts-organisations", 4),
    ],
)
def test_report_query_counts_are_pinned(
    cast: Cast, world: World, key: str, queries: int, django_assert_num_queries: Any
) -> None:
    user = cast.olu.user
    with django_assert_num_queries(queries):
        selectors.report_for(actor=user, key=key, filters=FILTERS)
