"""Oversight pages: the dashboard with its world map, the reports with charts, and their downloads.

Each view parses the filters (:func:`waypost.reports.filters.filters_parse`), calls a selector of
:mod:`waypost.reports` and renders. Those who oversee nothing (travellers, approvers) get 404, as
for any page that is not theirs. Bad filters come back with the page, each field's reason beside
it (status 400), never a server error. Authority analysts get the counts, the map and the
reports; the lists behind the tiles are not rendered for them (the selector does not read them).
"""

from __future__ import annotations

from typing import Any

import pycountry
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from waypost.core import clock
from waypost.core.errors import ValidationFailed
from waypost.geo.selectors import country_name
from waypost.reports import exports
from waypost.reports.dashboard import Dashboard, dashboard_for
from waypost.reports.filters import ReportFilters, can_view_oversight, filters_parse
from waypost.reports.pdf import compliance_pdf
from waypost.reports.selectors import REPORTS, Report, report_for
from waypost.reports.services import previous_month

from .forms import OversightFilterForm


def _tile_meta() -> dict[str, tuple[str, str, str]]:
    """Tile key → (label, icon, link to its list)."""
    return {
        "incidents": (
            _("Open incidents"),
            "exclamation-octagon",
            reverse("web:incident-list") + "?status=open",
        ),
        "abroad": (_("Travellers abroad now"), "globe2", reverse("web:trip-list") + "?status=travelling"),
        "upcoming": (
            _("Departures in the next 14 days"),
            "airplane",
            reverse("web:trip-list") + "?status=approved",
        ),
        "pending": (_("Pending decisions"), "clipboard-check", reverse("web:review-queue")),
        "missed_checkins": (
            _("Missed check-ins"),
            "clock-history",
            reverse("web:trip-list") + "?status=travelling",
        ),
        "overdue_debriefs": (_("Overdue debriefs"), "journal-x", reverse("web:debrief-list")),
        "open_hits": (
            _("Open screening hits"),
            "shield-exclamation",
            reverse("web:hit-list") + "?status=open",
        ),
    }


def _numeric(code: str) -> str:
    """ISO 3166 numeric code of an alpha-2 code, as world-atlas keys its countries ("484")."""
    found = pycountry.countries.get(alpha_2=code) if code else None
    return str(found.numeric) if found is not None else ""


def _oversight_or_404(request: HttpRequest) -> None:
    if not can_view_oversight(request.user):
        raise Http404()


def _filters(request: HttpRequest) -> tuple[OversightFilterForm, ReportFilters | None]:
    """The form (with each field's reason when the filters are refused) and the filters, or None."""
    form = OversightFilterForm(request.GET or None, actor=request.user)
    if not request.GET:
        return form, ReportFilters()
    form.is_valid()
    try:
        return form, filters_parse(request.user, request.GET)
    except ValidationFailed as error:
        form.add_service_errors(error.fields, error.message)
        return form, None


def map_data(dashboard: Dashboard) -> list[dict[str, Any]]:
    return [
        {
            "id": _numeric(code),
            "code": code,
            "name": country_name(code) if code else _("Unknown"),
            "value": count,
        }
        for code, count in dashboard.abroad_by_country
    ]


@login_required
@require_GET
def oversight_dashboard(request: HttpRequest) -> HttpResponse:
    _oversight_or_404(request)
    form, filters = _filters(request)
    context: dict[str, Any] = {"form": form, "dashboard": None, "tiles": []}
    if filters is not None:
        dashboard = dashboard_for(actor=request.user, filters=filters)
        meta = _tile_meta()
        context.update(
            dashboard=dashboard,
            tiles=[(tile, *meta[tile.key]) for tile in dashboard.tiles],
            map_data=map_data(dashboard),
            unknown_destination=sum(count for code, count in dashboard.abroad_by_country if not code),
            query=urlencode(filters.as_query()),
        )
    return render(request, "web/reports/dashboard.html", context, status=200 if filters is not None else 400)


def _display(report: Report) -> tuple[list[str], list[list[Any]]]:
    """The table shown beside the chart: the compliance report condensed to "kept/due (rate)"."""
    if report.key != "compliance":
        return report.labels, report.rows
    labels = [
        _("Organisation or unit"),
        _("Declared on time"),
        _("Briefings acknowledged before departure"),
        _("Debriefs on time"),
        _("Check-ins kept"),
    ]
    rows = []
    for row in report.rows:
        values = dict(zip(report.columns, row, strict=True))

        def cell(part: str, whole: str, rate: str, values: dict[str, Any] = values) -> str:
            if not values[whole]:
                return "—"
            return f"{values[part]}/{values[whole]} ({values[rate]:.0f} %)"

        name = values["organisation"] if values["level"] == "organisation" else f"\u2003{values['unit']}"
        rows.append(
            [
                name,
                cell("declared_on_time", "declared", "declared_on_time_pct"),
                cell("briefings_acknowledged", "briefings_required", "briefings_acknowledged_pct"),
                cell("debriefs_on_time", "debriefs_due", "debriefs_on_time_pct"),
                cell("checkins_kept", "checkins_due", "checkins_kept_pct"),
            ]
        )
    return labels, rows


@login_required
@require_GET
def oversight_reports(request: HttpRequest) -> HttpResponse:
    _oversight_or_404(request)
    form, filters = _filters(request)
    context: dict[str, Any] = {"form": form, "reports": [], "charts": {}}
    if filters is not None:
        reports = [report_for(actor=request.user, key=key, filters=filters) for key in REPORTS]
        query = urlencode(filters.as_query())
        context["reports"] = [(report, *_display(report)) for report in reports]
        context["charts"] = {report.key: report.chart for report in reports}
        context["query"] = query
        context["period"] = reports[0].period
    return render(request, "web/reports/reports.html", context, status=200 if filters is not None else 400)


class _Refused(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _parsed(request: HttpRequest) -> ReportFilters:
    """The filters of a download; refused filters answer 400 with each field's reason as text."""
    try:
        return filters_parse(request.user, request.GET)
    except ValidationFailed as error:
        lines = [f"{name}: {reason}" for name, reasons in error.fields.items() for reason in reasons]
        raise _Refused(
            HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")
        ) from None


def _report_or_404(request: HttpRequest, key: str) -> Report:
    _oversight_or_404(request)
    if key not in REPORTS:
        raise Http404()
    return report_for(actor=request.user, key=key, filters=_parsed(request))


@login_required
@require_GET
def report_csv(request: HttpRequest, key: str) -> HttpResponse | StreamingHttpResponse:
    try:
        report = _report_or_404(request, key)
    except _Refused as refused:
        return refused.response
    response = StreamingHttpResponse(exports.csv_chunks(report), content_type=exports.CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, "csv")}"'
    return response


@login_required
@require_GET
def report_xlsx(request: HttpRequest, key: str) -> HttpResponse | FileResponse:
    try:
        report = _report_or_404(request, key)
    except _Refused as refused:
        return refused.response
    return FileResponse(
        exports.xlsx_file(report),
        as_attachment=True,
        filename=exports.filename(report, "xlsx"),
        content_type=exports.CONTENT_TYPES["xlsx"],
    )


@login_required
@require_GET
def compliance_report_pdf(request: HttpRequest) -> HttpResponse:
    """The monthly compliance report: last month unless a period is given."""
    _oversight_or_404(request)
    try:
        filters = _parsed(request)
    except _Refused as refused:
        return refused.response
    if filters.date_from is None or filters.date_to is None:
        start, end = previous_month(clock.today())
        filters = ReportFilters(
            node=filters.node,
            sector=filters.sector,
            group=filters.group,
            countries=filters.countries,
            date_from=filters.date_from or start,
            date_to=filters.date_to or end,
        )
    scope_name = filters.node.name if filters.node else _("All organisations you oversee")
    data = compliance_pdf(
        actor=request.user, filters=filters, scope_name=scope_name, language=request.LANGUAGE_CODE
    )
    response = HttpResponse(data, content_type="application/pdf")
    name = f"waypost-compliance-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
