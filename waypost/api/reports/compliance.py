"""The monthly compliance report as PDF over the API, with the web download's parameters.

The view parses the filters with :func:`waypost.reports.filters.filters_parse` (a refused filter is
a 400 naming the field), calls :func:`waypost.reports.pdf.compliance_pdf` and returns the file.
Security officers, auditors, administrators and authority analysts may download it; anyone else
signed in gets 403, as for the other oversight endpoints.
"""

from __future__ import annotations

import dataclasses

from django.http import HttpResponse
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from waypost.core import clock
from waypost.core.errors import PermissionDenied
from waypost.reports.filters import can_view_oversight, filters_parse
from waypost.reports.pdf import compliance_pdf
from waypost.reports.services import previous_month

from ..errors import error_responses
from .views import FILTER_PARAMETERS, INVALID_EXAMPLE, AnyContentNegotiation


class CompliancePdfApi(APIView):
    content_negotiation_class = AnyContentNegotiation

    @extend_schema(
        operation_id="oversight_compliance_pdf",
        summary="The monthly compliance report as PDF: last month unless a period is given",
        description=(
            "Per organisation and unit: declared on time, briefings acknowledged before departure, "
            "debriefs on time and check-ins kept, in the language of the request. A missing `from` "
            "or `to` is taken from last month."
        ),
        parameters=FILTER_PARAMETERS,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The report."),
            **error_responses(400, 401, 403),
        },
        examples=[INVALID_EXAMPLE],
    )
    def get(self, request: Request) -> HttpResponse:
        if not can_view_oversight(request.user):
            raise PermissionDenied()
        filters = filters_parse(request.user, request.query_params)
        if filters.date_from is None or filters.date_to is None:
            start, end = previous_month(clock.today())
            filters = dataclasses.replace(
                filters, date_from=filters.date_from or start, date_to=filters.date_to or end
            )
        scope_name = filters.node.name if filters.node else _("All organisations you oversee")
        data = compliance_pdf(
            actor=request.user, filters=filters, scope_name=scope_name, language=get_language() or "en"
        )
        response = HttpResponse(data, content_type="application/pdf")
        name = f"waypost-compliance-{filters.date_from:%Y%m%d}-{filters.date_to:%Y%m%d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


urlpatterns = [
    path("oversight/reports/compliance.pdf", CompliancePdfApi.as_view(), name="oversight-compliance-pdf"),
]
