"""Downloads of a trip's record: the complete file of the trip as PDF or JSON.

Each view calls :func:`waypost.debriefs.record.trip_record` (scoped and audited) and returns the
file as an attachment named ``trip-<id>-record.<pdf|json>``. A trip the actor may not see answers
404, exactly like a missing one; the parts of the record the actor may not see are left out.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from waypost.core.errors import NotFound
from waypost.debriefs.record import trip_record
from waypost.debriefs.record_pdf import record_pdf


def _record(request: HttpRequest, trip_id: int, export_format: str) -> dict[str, Any]:
    try:
        return trip_record(actor=request.user, trip_id=trip_id, export_format=export_format)
    except NotFound:
        raise Http404() from None


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def trip_record_pdf(request: HttpRequest, trip_id: int) -> HttpResponse:
    record = _record(request, trip_id, "pdf")
    body = record_pdf(record, language=get_language() or "en")
    return _download(body, "application/pdf", f"trip-{trip_id}-record.pdf")


@login_required
@require_GET
def trip_record_json(request: HttpRequest, trip_id: int) -> HttpResponse:
    record = _record(request, trip_id, "json")
    body = json.dumps(record, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder) + "\n"
    return _download(body.encode("utf-8"), "application/json; charset=utf-8", f"trip-{trip_id}-record.json")
