"""Oversight over the API: the dashboard, each report as JSON, and the reports as CSV or XLSX.

Each view parses the filters with :func:`waypost.reports.filters.filters_parse` (a refused filter
is a 400 naming the field), calls a selector of :mod:`waypost.reports` and serializes. Security
officers, auditors, administrators and authority analysts may call them; anyone else signed in
gets 403. Analysts get counts only: the tiles' ``rows`` are null for them.
"""

from __future__ import annotations

from typing import Any

import pycountry
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.core.errors import NotFound, PermissionDenied
from waypost.geo.selectors import country_name
from waypost.reports import exports
from waypost.reports.dashboard import dashboard_for
from waypost.reports.filters import ReportFilters, can_view_oversight, filters_parse
from waypost.reports.selectors import REPORTS, Report, report_for

from ..errors import error_responses
from .serializers import DashboardOutput, ReportOutput, ReportSummaryOutput

FILTER_PARAMETERS = [
    OpenApiParameter(
        "organisation", OpenApiTypes.INT, description="An organisation-tree node id you oversee."
    ),
    OpenApiParameter("sector", OpenApiTypes.STR, description="A sector key, e.g. `ai`."),
    OpenApiParameter(
        "group", OpenApiTypes.STR, description="A country-group id, e.g. `eu` (the destination's)."
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Start of the period (inclusive)."),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description="End of the period (inclusive); not before `from`."
    ),
]
KEY_PARAMETER = OpenApiParameter(
    "key", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(REPORTS), description="Which report."
)
INVALID_EXAMPLE = OpenApiExample(
    "Refused filters",
    value={
        "error": {
            "code": "invalid",
            "message": "Some fields are not valid.",
            "fields": {
                "organisation": ["Unknown organisation."],
                "to": ["The end of the period is before its start."],
            },
        }
    },
    response_only=True,
    status_codes=["400"],
)
DASHBOARD_EXAMPLE = OpenApiExample(
    "Officer",
    value={
        "shows_records": True,
        "tiles": [
            {
                "key": "incidents",
                "count": 1,
                "rows": [
                    {
                        "incident_id": 7,
                        "trip_id": 12,
                        "traveller": "Alice Wang (王爱丽)",
                        "kind": "information_request",
                        "country": "MX",
                        "reported_at": "2026-03-10T07:00:00Z",
                    }
                ],
            },
            {"key": "abroad", "count": 2, "rows": []},
        ],
        "abroad_by_country": [{"country": "MX", "numeric": "484", "name": "Mexico", "travellers": 1}],
    },
    response_only=True,
)
REPORT_EXAMPLE = OpenApiExample(
    "Trips by destination",
    value={
        "key": "destinations",
        "title": "Trips by destination over time",
        "period_from": "2025-04-01",
        "period_to": "2026-03-31",
        "columns": ["month", "country", "country_name", "trips"],
        "labels": ["Month", "Country code", "Country", "Trips"],
        "rows": [["2026-02", "FR", "France", 2]],
        "chart": {"type": "bar", "labels": ["2026-02"], "datasets": [{"label": "France", "data": [2]}]},
    },
    response_only=True,
)


class AnyContentNegotiation(DefaultContentNegotiation):
    """File downloads answer whatever the client accepts (the file is not rendered by DRF)."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)


def _filters(request: Request) -> ReportFilters:
    if not can_view_oversight(request.user):
        raise PermissionDenied()
    return filters_parse(request.user, request.query_params)


def _report(request: Request, key: str) -> Report:
    filters = _filters(request)
    if key not in REPORTS:
        raise NotFound()
    return report_for(actor=request.user, key=key, filters=filters)


def _numeric(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code) if code else None
    return str(found.numeric) if found is not None else ""


class DashboardApi(APIView):
    @extend_schema(
        operation_id="oversight_dashboard",
        summary="The oversight dashboard: counts per tile, travellers abroad per country, and lists",
        description=(
            "Tiles: open incidents, travellers abroad now, departures in the next 14 days, pending "
            "decisions, missed check-ins, overdue debriefs, open screening hits. `rows` lists the "
            "first records behind a tile for security officers, auditors and administrators; it is "
            "null for authority analysts (counts only)."
        ),
        parameters=FILTER_PARAMETERS,
        responses={200: DashboardOutput, **error_responses(400, 401, 403)},
        examples=[DASHBOARD_EXAMPLE, INVALID_EXAMPLE],
    )
    def get(self, request: Request) -> Response:
        dashboard = dashboard_for(actor=request.user, filters=_filters(request))
        payload = {
            "shows_records": dashboard.shows_records,
            "tiles": [{"key": tile.key, "count": tile.count, "rows": tile.rows} for tile in dashboard.tiles],
            "abroad_by_country": [
                {
                    "country": code,
                    "numeric": _numeric(code),
                    "name": country_name(code) if code else "",
                    "travellers": count,
                }
                for code, count in dashboard.abroad_by_country
            ],
        }
        return Response(DashboardOutput(payload).data)


class ReportListApi(APIView):
    @extend_schema(
        operation_id="oversight_reports_list",
        summary="The reports there are, with their JSON, CSV and XLSX addresses",
        responses={200: ReportSummaryOutput(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        if not can_view_oversight(request.user):
            raise PermissionDenied()
        rows = [
            {
                "key": key,
                "title": str(title),
                "url": reverse("api:oversight-report", args=[key]),
                "csv": reverse("api:oversight-report-csv", args=[key]),
                "xlsx": reverse("api:oversight-report-xlsx", args=[key]),
            }
            for key, title in REPORTS.items()
        ]
        return Response(ReportSummaryOutput(rows, many=True).data)


class ReportApi(APIView):
    @extend_schema(
        operation_id="oversight_report",
        summary="One report as JSON: the table (columns, labels, rows) and the chart's series",
        description=(
            "`destinations`: trips per month of departure and destination country. `compliance`: "
            "per organisation and unit, declared on time, briefings acknowledged before departure, "
            "debriefs on time, check-ins kept (counts and rates in %). `declined`: declined "
            "invitations per organisation and reason. `contacts-countries` / "
            "`contacts-organisations`: distinct contacts and meetings. Without a period: the twelve "
            "months up to the end of this month."
        ),
        parameters=[KEY_PARAMETER, *FILTER_PARAMETERS],
        responses={200: ReportOutput, **error_responses(400, 401, 403, 404)},
        examples=[REPORT_EXAMPLE, INVALID_EXAMPLE],
    )
    def get(self, request: Request, key: str) -> Response:
        report = _report(request, key)
        start, end = report.period or (None, None)
        payload = {
            "key": report.key,
            "title": report.title,
            "period_from": start,
            "period_to": end,
            "columns": report.columns,
            "labels": report.labels,
            "rows": report.rows,
            "chart": report.chart,
        }
        return Response(ReportOutput(payload).data)


class ReportCsvApi(APIView):
    content_negotiation_class = AnyContentNegotiation

    @extend_schema(
        operation_id="oversight_report_csv",
        summary="One report as CSV (UTF-8 with BOM; streamed)",
        parameters=[KEY_PARAMETER, *FILTER_PARAMETERS],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The report's table."),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request, key: str) -> StreamingHttpResponse:
        report = _report(request, key)
        response = StreamingHttpResponse(
            exports.csv_chunks(report), content_type=exports.CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, "csv")}"'
        return response


class ReportXlsxApi(APIView):
    content_negotiation_class = AnyContentNegotiation

    @extend_schema(
        operation_id="oversight_report_xlsx",
        summary="One report as an XLSX workbook",
        parameters=[KEY_PARAMETER, *FILTER_PARAMETERS],
        responses={
            (200, exports.CONTENT_TYPES["xlsx"]): OpenApiResponse(
                OpenApiTypes.BINARY, description="The workbook."
            ),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request, key: str) -> FileResponse:
        report = _report(request, key)
        return FileResponse(
            exports.xlsx_file(report),
            as_attachment=True,
            filename=exports.filename(report, "xlsx"),
            content_type=exports.CONTENT_TYPES["xlsx"],
        )
