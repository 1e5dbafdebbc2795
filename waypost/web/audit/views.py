from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waypost.audit import selectors
from waypost.audit.events import AUDIT_LOG_VIEWED
from waypost.audit.services import record
from waypost.people.permissions import can_view_audit_log

from .forms import AuditFilterForm


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can_view_audit_log(request.user):
        raise Http404()
    form = AuditFilterForm(request.GET or None)
    filters = selectors.AuditFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.AuditFilter(
            action=data["action"] or "",
            actor=data["actor"] or "",
            target=data["target"] or "",
            since=data["since"],
            until=data["until"],
        )
    # Record the read first: the page is evaluated lazily, and its count and rows must agree.
    with transaction.atomic():
        record(
            event=AUDIT_LOG_VIEWED,
            actor=request.user,
            target_type="audit.log",
            extra={"filters": filters.as_dict()},
        )
    events = selectors.audit_event_list_for(actor=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "web/audit/log.html", {"form": form, "page": page})
