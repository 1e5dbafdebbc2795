"""A trip's record — the complete file of the trip — as JSON and as PDF.

Both call :func:`waypost.debriefs.record.trip_record` (scoped and audited: every export is an
audit event). A trip the actor may not see answers 404, like a missing one; the parts of the
record the actor may not see are left out (``record.sections`` lists those present).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from waypost.debriefs.record import trip_record
from waypost.debriefs.record_pdf import record_pdf

from ..errors import error_responses

SECTIONS_TEXT = (
    "`record` (format version, generated at and by, Waypost version, `sections` present), "
    "`traveller`, `trip` (with the current facts, proceed-against-advice and cancel notes), "
    "`versions` (each declaration version with its facts and the field changes from the previous "
    "one), `assessments` (advisory, obligations, reasons, guidance versions), `review` (steps and "
    "decisions), `briefings` (acknowledgements), `checkins`, `checkin_windows` (kept, late, "
    "missed, escalation stage), `incidents` (with the officers' actions), `debrief` (status, "
    "answers, review, contacts; not for the traveller's manager) and `screening` (screened names "
    "and their hits; security officers, auditors and administrators only). Times are ISO 8601."
)

RECORD_EXAMPLE = {
    "record": {
        "format_version": "1",
        "generated_at": "2026-03-20T09:00:00+00:00",
        "generated_by": {"id": 3, "name": "Olu Adeyemi"},
        "waypost_version": "0.1.0",
        "sections": ["traveller", "trip", "versions", "assessments", "review", "briefings"],
    },
    "traveller": {"id": 1, "name": "Alice Wang (王爱丽)", "unit": {"id": 3, "name": "Foundation Models"}},
    "trip": {"id": 42, "title": "Mexico", "status": "closed", "depart_on": "2026-03-01"},
    "versions": [{"number": 1, "changes": []}],
}


class PdfRenderer(BaseRenderer):
    """Lets a client ask for ``application/pdf``; errors are still sent as JSON bytes."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        if isinstance(data, bytes):
            return data
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


class TripRecordApi(APIView):
    @extend_schema(
        operation_id="trips_record",
        summary="The trip's record as JSON: everything about the trip you may see",
        description=(
            "The complete file of a trip, as the PDF shows it. Parts you may not see are left out. "
            "Each call is recorded in the audit log. Keys: " + SECTIONS_TEXT
        ),
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The record."),
            **error_responses(401, 404),
        },
        examples=[OpenApiExample("A record (shortened)", value=RECORD_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, trip_id: int) -> Response:
        record = trip_record(actor=request.user, trip_id=trip_id, export_format="json")
        response = Response(record)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"trip-{trip_id}-record.json"
        )
        return response


class TripRecordPdfApi(APIView):
    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(
        operation_id="trips_record_pdf",
        summary="The trip's record as an A4 PDF, in your language",
        description=(
            "The same record as `trips/{trip_id}/record/`, rendered as a PDF with labels in the "
            "language of the request (`Accept-Language` or your profile). Sent as an attachment "
            "named `trip-<id>-record.pdf`. Each call is recorded in the audit log."
        ),
        # The PDF renderer only lets clients send `Accept: application/pdf`; no `?format=`.
        parameters=[OpenApiParameter("format", exclude=True)],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF file."),
            **error_responses(401, 404),
        },
    )
    def get(self, request: Request, trip_id: int) -> HttpResponse:
        record = trip_record(actor=request.user, trip_id=trip_id, export_format="pdf")
        response = HttpResponse(
            record_pdf(record, language=get_language() or "en"), content_type="application/pdf"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"trip-{trip_id}-record.pdf"
        )
        response["Cache-Control"] = "private, no-store"
        return response
