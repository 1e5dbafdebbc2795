"""The oversight reports, each computed in the database and scoped to the actor's oversight.

Each report returns a :class:`Report`: a table (column keys, localised labels, rows of plain
values) that the web page shows beside its chart, the API returns as JSON and the exports
stream as CSV or XLSX, plus the chart's series. The figures are counted with
``annotate``/``aggregate``; Python only shapes the aggregated rows (months × countries, units
rolled up into their organisation), never the records themselves.

* :func:`trips_by_destination` — trips per month of departure and destination country;
* :func:`compliance` — per organisation and unit: declared on time, briefings acknowledged
  before departure, debriefs on time, check-ins kept;
* :func:`declined_invitations` — declined invitations per organisation and reason;
* :func:`contacts_by_country` / :func:`contacts_by_organisation` — the contacts register.

Without a period a report covers the twelve months up to the end of the current month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, FilteredRelation, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Trim, TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypost.core import clock
from waypost.debriefs.choices import DebriefStatus
from waypost.debriefs.models import Encounter
from waypost.geo.selectors import country_name
from waypost.people.choices import NodeKind
from waypost.people.models import OrgNode
from waypost.trips.choices import InvitationStatus, TripStatus
from waypost.trips.models import CheckInWindow, Invitation, Trip, WindowStatus

from .dashboard import DESTINATION, trip_condition
from .filters import ReportFilters, oversight_for, scoped, under

#: Trips that were declared (everything but drafts and cancelled trips).
DECLARED_EXCLUDED = (TripStatus.DRAFT, TripStatus.CANCELLED)
#: Trips that have started: their briefing was due before departure.
DEPARTED_STATUSES = (
    TripStatus.TRAVELLING,
    TripStatus.RETURNED,
    TripStatus.DEBRIEF_DUE,
    TripStatus.DEBRIEFED,
    TripStatus.CLOSED,
)
#: How many countries the destination chart shows; the rest are summed as "other".
TOP_COUNTRIES = 8
TOP_ORGANISATIONS = 25

REPORTS: dict[str, Any] = {
    "destinations": gettext_lazy("Trips by destination over time"),
    "compliance": gettext_lazy("Compliance per organisation and unit"),
    "declined": gettext_lazy("Declined invitations"),
    "contacts-countries": gettext_lazy("Contacts by country"),
    "contacts-organisations": gettext_lazy("Contacts by organisation"),
}


@dataclass
class Report:
    key: str
    title: str
    columns: list[str]
    labels: list[str]
    rows: list[list[Any]]
    #: Chart.js-ready: {"type": …, "labels": [...], "datasets": [{"label": …, "data": [...]}]}
    chart: dict[str, Any] = field(default_factory=dict)
    period: tuple[dt.date, dt.date] | None = None


def default_period(filters: ReportFilters) -> tuple[dt.date, dt.date]:
    """The filters' period, or the twelve months up to the end of the current month."""
    today = clock.today()
    end = filters.date_to
    if end is None:
        next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        end = next_month - dt.timedelta(days=1)
    start = filters.date_from
    if start is None:
        start = end.replace(day=1)
        for _month in range(11):
            start = (start - dt.timedelta(days=1)).replace(day=1)
    return start, end


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month.strftime("%Y-%m"))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _month_key(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    return str(value or "")[:7]


def _country_label(code: str) -> str:
    return country_name(code) if code else _("Unknown")


def _trips(actor: Any, filters: ReportFilters, start: dt.date, end: dt.date) -> Any:
    paths = scoped(oversight_for(actor), filters)
    return Trip.objects.filter(
        trip_condition("", paths, filters), depart_on__gte=start, depart_on__lte=end
    ).exclude(status__in=DECLARED_EXCLUDED)


# --- Trips by destination over time ----------------------------------------------------------------


def trips_by_destination(*, actor: Any, filters: ReportFilters) -> Report:
    """Trips per month of departure and destination country (the country of the first stay)."""
    start, end = default_period(filters)
    grouped = (
        _trips(actor, filters, start, end)
        .annotate(month=TruncMonth("depart_on"), country=KT(DESTINATION))
        .values("month", "country")
        .annotate(trips=Count("pk"))
        .order_by("month", "country")
    )
    cells: dict[tuple[str, str], int] = {}
    totals: dict[str, int] = defaultdict(int)
    for row in grouped:
        code = row["country"] or ""
        cells[(_month_key(row["month"]), code)] = row["trips"]
        totals[code] += row["trips"]
    months = _months(start, end)
    ranked = sorted(totals, key=lambda code: (-totals[code], code))
    top, rest = ranked[:TOP_COUNTRIES], ranked[TOP_COUNTRIES:]
    datasets = [
        {"label": _country_label(code), "code": code, "data": [cells.get((m, code), 0) for m in months]}
        for code in top
    ]
    if rest:
        datasets.append(
            {
                "label": _("Other countries"),
                "code": "",
                "data": [sum(cells.get((m, code), 0) for code in rest) for m in months],
            }
        )
    rows = [
        [month, code, _country_label(code), cells[(month, code)]]
        for month in months
        for code in ranked
        if (month, code) in cells
    ]
    return Report(
        key="destinations",
        title=str(REPORTS["destinations"]),
        columns=["month", "country", "country_name", "trips"],
        labels=[_("Month"), _("Country code"), _("Country"), _("Trips")],
        rows=rows,
        chart={"type": "bar", "stacked": True, "labels": months, "datasets": datasets},
        period=(start, end),
    )


# --- Compliance ------------------------------------------------------------------------------------


@dataclass
class _Figures:
    declared: int = 0
    declared_on_time: int = 0
    briefings_required: int = 0
    briefings_acknowledged: int = 0
    debriefs_due: int = 0
    debriefs_on_time: int = 0
    checkins_due: int = 0
    checkins_kept: int = 0

    def add(self, other: _Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def values(self) -> list[Any]:
        return [
            self.declared,
            self.declared_on_time,
            _rate(self.declared_on_time, self.declared),
            self.briefings_required,
            self.briefings_acknowledged,
            _rate(self.briefings_acknowledged, self.briefings_required),
            self.debriefs_due,
            self.debriefs_on_time,
            _rate(self.debriefs_on_time, self.debriefs_due),
            self.checkins_due,
            self.checkins_kept,
            _rate(self.checkins_kept, self.checkins_due),
        ]


def _rate(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


COMPLIANCE_COLUMNS = [
    "level",
    "node_id",
    "organisation",
    "unit",
    "declared",
    "declared_on_time",
    "declared_on_time_pct",
    "briefings_required",
    "briefings_acknowledged",
    "briefings_acknowledged_pct",
    "debriefs_due",
    "debriefs_on_time",
    "debriefs_on_time_pct",
    "checkins_due",
    "checkins_kept",
    "checkins_kept_pct",
]


def _compliance_labels() -> list[str]:
    return [
        _("Level"),
        _("Node"),
        _("Organisation"),
        _("Unit"),
        _("Trips declared"),
        _("Declared on time"),
        _("Declared on time (%)"),
        _("Briefings required"),
        _("Briefings acknowledged before departure"),
        _("Briefings acknowledged (%)"),
        _("Debriefs due"),
        _("Debriefs on time"),
        _("Debriefs on time (%)"),
        _("Check-ins due"),
        _("Check-ins kept"),
        _("Check-ins kept (%)"),
    ]


def _organisation_of(path: str, nodes: dict[str, OrgNode]) -> OrgNode | None:
    """The nearest node of kind organisation on ``path`` (the node itself included)."""
    slugs = [slug for slug in path.split("/") if slug]
    for depth in range(len(slugs), 0, -1):
        node = nodes.get("/" + "/".join(slugs[:depth]) + "/")
        if node is not None and node.kind == NodeKind.ORGANISATION:
            return node
    return None


def _ancestor_paths(paths: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        slugs = [slug for slug in path.split("/") if slug]
        found.update("/" + "/".join(slugs[:depth]) + "/" for depth in range(1, len(slugs) + 1))
    return found


def _roll_up(
    per_unit: dict[int, _Figures], unit_paths: dict[int, str]
) -> list[tuple[OrgNode, _Figures, list[tuple[OrgNode, _Figures]]]]:
    """Units grouped under their organisation, each with its totals (one query for the nodes)."""
    nodes = {
        node.path: node for node in OrgNode.objects.filter(path__in=_ancestor_paths(unit_paths.values()))
    }
    groups: dict[int, tuple[OrgNode, _Figures, list[tuple[OrgNode, _Figures]]]] = {}
    for unit_id, figures in per_unit.items():
        unit = nodes[unit_paths[unit_id]]
        organisation = _organisation_of(unit.path, nodes) or unit
        entry = groups.setdefault(organisation.pk, (organisation, _Figures(), []))
        entry[1].add(figures)
        if unit.pk != organisation.pk:
            entry[2].append((unit, figures))
    ordered = sorted(groups.values(), key=lambda entry: entry[0].path)
    for _org, _total, units in ordered:
        units.sort(key=lambda pair: pair[0].path)
    return ordered


def compliance(*, actor: Any, filters: ReportFilters) -> Report:
    """Per organisation and unit, for the trips departing in the period.

    * declared on time: the current assessment is not ``late`` (of the trips assessed);
    * briefings acknowledged before departure: of the departed trips whose current assessment
      names a briefing, those that started without ``briefing_flagged_at``;
    * debriefs on time: of the debriefs due (submitted, or unsubmitted and past due), those
      submitted and not ``late``;
    * check-ins kept: of the check-ins due and decided (kept, kept late, missed), those kept.

    Two grouped queries (trips, check-ins) and one for the organisation nodes.
    """
    start, end = default_period(filters)
    today = clock.today()
    # One LEFT JOIN each to the current assessment and to the debrief (one per trip), rather than
    # a correlated subquery per figure: PostgreSQL counts 50,000 trips ten times faster this way.
    # ``distinct`` keeps the counts right should a trip ever have two current assessments.
    submitted = Q(debrief__status__in=(DebriefStatus.SUBMITTED, DebriefStatus.REVIEWED))
    departed = Q(status__in=DEPARTED_STATUSES)
    needs_briefing = Q(current__obligations__briefing__0__isnull=False)
    due = Q(debrief_due_on__isnull=False) & (submitted | Q(debrief_due_on__lt=today))
    per_unit_trips = (
        _trips(actor, filters, start, end)
        .alias(current=FilteredRelation("assessments", condition=Q(assessments__is_current=True)))
        .values("traveller__unit_id", "traveller__unit__path")
        .annotate(
            declared=Count("pk", distinct=True, filter=Q(current__isnull=False)),
            declared_on_time=Count("pk", distinct=True, filter=Q(current__late=False)),
            briefings_required=Count("pk", distinct=True, filter=departed & needs_briefing),
            briefings_acknowledged=Count(
                "pk", distinct=True, filter=departed & needs_briefing & Q(briefing_flagged_at__isnull=True)
            ),
            debriefs_due=Count("pk", distinct=True, filter=due),
            debriefs_on_time=Count("pk", distinct=True, filter=submitted & Q(debrief__late=False)),
        )
        .order_by()
    )
    paths = scoped(oversight_for(actor), filters)
    windows = (
        CheckInWindow.objects.filter(
            trip_condition("trip__", paths, filters),
            trip__depart_on__gte=start,
            trip__depart_on__lte=end,
            status__in=(WindowStatus.KEPT, WindowStatus.LATE, WindowStatus.MISSED),
        )
        .values("trip__traveller__unit_id", "trip__traveller__unit__path")
        .annotate(
            due=Count("pk"),
            kept=Count("pk", filter=Q(status=WindowStatus.KEPT)),
        )
        .order_by()
    )
    per_unit: dict[int, _Figures] = defaultdict(_Figures)
    unit_paths: dict[int, str] = {}
    for row in per_unit_trips:
        unit_id = row["traveller__unit_id"]
        unit_paths[unit_id] = row["traveller__unit__path"]
        figures = per_unit[unit_id]
        figures.declared = row["declared"]
        figures.declared_on_time = row["declared_on_time"]
        figures.briefings_required = row["briefings_required"]
        figures.briefings_acknowledged = row["briefings_acknowledged"]
        figures.debriefs_due = row["debriefs_due"]
        figures.debriefs_on_time = row["debriefs_on_time"]
    for row in windows:
        unit_id = row["trip__traveller__unit_id"]
        unit_paths[unit_id] = row["trip__traveller__unit__path"]
        per_unit[unit_id].checkins_due = row["due"]
        per_unit[unit_id].checkins_kept = row["kept"]
    rows: list[list[Any]] = []
    for organisation, total, units in _roll_up(per_unit, unit_paths) if per_unit else []:
        rows.append(["organisation", organisation.pk, organisation.name, "", *total.values()])
        rows.extend(
            ["unit", unit.pk, organisation.name, unit.name, *figures.values()] for unit, figures in units
        )
    organisations = [row for row in rows if row[0] == "organisation"]
    rate_columns = (6, 9, 12, 15)
    chart_labels = [
        _("Declared on time (%)"),
        _("Briefings acknowledged (%)"),
        _("Debriefs on time (%)"),
        _("Check-ins kept (%)"),
    ]
    return Report(
        key="compliance",
        title=str(REPORTS["compliance"]),
        columns=list(COMPLIANCE_COLUMNS),
        labels=_compliance_labels(),
        rows=rows,
        chart={
            "type": "bar",
            "labels": [row[2] for row in organisations],
            "datasets": [
                {"label": label, "data": [row[column] for row in organisations]}
                for label, column in zip(chart_labels, rate_columns, strict=True)
            ],
            "max": 100,
        },
        period=(start, end),
    )


# --- Declined invitations --------------------------------------------------------------------------


def declined_invitations(*, actor: Any, filters: ReportFilters) -> Report:
    """Declined invitations per organisation and reason (the reason as written, trimmed)."""
    start, end = default_period(filters)
    paths = scoped(oversight_for(actor), filters)
    condition = under("invitee__unit__path", paths)
    if filters.sector:
        condition &= Q(invitee__sectors__icontains=f'"{filters.sector}"')
    if filters.countries is not None:
        condition &= Q(country__in=sorted(filters.countries))
    grouped = (
        Invitation.objects.filter(
            condition, status=InvitationStatus.DECLINED, starts_on__gte=start, starts_on__lte=end
        )
        .annotate(reason=Trim("decision_reason"))
        .values("invitee__unit_id", "invitee__unit__path", "reason")
        .annotate(invitations=Count("pk"))
        .order_by()
    )
    counted: dict[tuple[str, str], int] = defaultdict(int)
    rows_in = list(grouped)
    nodes = (
        {
            node.path: node
            for node in OrgNode.objects.filter(
                path__in=_ancestor_paths(r["invitee__unit__path"] for r in rows_in)
            )
        }
        if rows_in
        else {}
    )
    for row in rows_in:
        unit = nodes.get(row["invitee__unit__path"])
        organisation = _organisation_of(row["invitee__unit__path"], nodes) or unit
        name = organisation.name if organisation else ""
        counted[(name, row["reason"] or "")] += row["invitations"]
    ordered = sorted(counted.items(), key=lambda item: (item[0][0], -item[1]))
    rows: list[list[Any]] = [
        [name, reason or _("(no reason given)"), count] for (name, reason), count in ordered
    ]
    per_org: dict[str, int] = defaultdict(int)
    for (name, _reason), count in ordered:
        per_org[name] += count
    return Report(
        key="declined",
        title=str(REPORTS["declined"]),
        columns=["organisation", "reason", "invitations"],
        labels=[_("Organisation"), _("Reason"), _("Invitations")],
        rows=rows,
        chart={
            "type": "bar",
            "labels": list(per_org),
            "datasets": [{"label": _("Declined invitations"), "data": list(per_org.values())}],
        },
        period=(start, end),
    )


# --- Contacts --------------------------------------------------------------------------------------


def _encounters(actor: Any, filters: ReportFilters) -> Any:
    start, end = default_period(filters)
    paths = scoped(oversight_for(actor), filters)
    return Encounter.objects.filter(
        trip_condition("trip__", paths, filters) & under("org_path", paths),
        contact__merged_into__isnull=True,
        trip__depart_on__gte=start,
        trip__depart_on__lte=end,
    ), (start, end)


def _contacts_report(
    *, actor: Any, filters: ReportFilters, key: str, field_name: str, label: str, name: Callable[[str], str]
) -> Report:
    encounters, period = _encounters(actor, filters)
    grouped = (
        encounters.values(field_name)
        .annotate(contacts=Count("contact", distinct=True), encounters=Count("pk"))
        .order_by("-contacts", field_name)
    )
    rows = [
        [row[field_name] or "", name(row[field_name] or ""), row["contacts"], row["encounters"]]
        for row in grouped
    ]
    shown = rows[:TOP_ORGANISATIONS]
    return Report(
        key=key,
        title=str(REPORTS[key]),
        columns=[field_name.split("__")[-1], "name", "contacts", "encounters"],
        labels=[label, _("Name"), _("Contacts"), _("Meetings")],
        rows=rows,
        chart={
            "type": "bar",
            "horizontal": True,
            "labels": [row[1] for row in shown],
            "datasets": [
                {"label": _("Contacts"), "data": [row[2] for row in shown]},
                {"label": _("Meetings"), "data": [row[3] for row in shown]},
            ],
        },
        period=period,
    )


def contacts_by_country(*, actor: Any, filters: ReportFilters) -> Report:
    """Distinct contacts (and meetings with them) per contact's country."""
    return _contacts_report(
        actor=actor,
        filters=filters,
        key="contacts-countries",
        field_name="contact__country",
        label=_("Country code"),
        name=_country_label,
    )


def contacts_by_organisation(*, actor: Any, filters: ReportFilters) -> Report:
    """Distinct contacts (and meetings with them) per organisation the contact belongs to."""
    return _contacts_report(
        actor=actor,
        filters=filters,
        key="contacts-organisations",
        field_name="contact__organisation",
        label=_("Organisation"),
        name=lambda value: value or _("(no organisation)"),
    )


BUILDERS: dict[str, Callable[..., Report]] = {
    "destinations": trips_by_destination,
    "compliance": compliance,
    "declined": declined_invitations,
    "contacts-countries": contacts_by_country,
    "contacts-organisations": contacts_by_organisation,
}


def report_for(*, actor: Any, key: str, filters: ReportFilters) -> Report:
    """One report by key; KeyError for an unknown key (interfaces answer 404)."""
    return BUILDERS[key](actor=actor, filters=filters)
