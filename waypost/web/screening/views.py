"""Screening pages: the officers' hits queue, one hit with its explanation and decision, list status."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waypost.audit.services import record
from waypost.core.errors import ApplicationError, Conflict, NotFound
from waypost.people.scoping import scope_for
from waypost.screening import events
from waypost.screening.choices import HitStatus
from waypost.screening.models import Hit, RestrictedList
from waypost.screening.permissions import OVERSEERS, can_decide_hit
from waypost.screening.selectors import list_status_rows
from waypost.screening.services import hit_decide


def _overseer_or_404(request: HttpRequest) -> None:
    if not scope_for(request.user).subtree_paths(*OVERSEERS):
        raise Http404()


@login_required
@require_GET
def hit_list(request: HttpRequest) -> HttpResponse:
    _overseer_or_404(request)
    status = request.GET.get("status", HitStatus.OPEN)
    hits = Hit.objects.visible_to(request.user).select_related(
        "subject__trip__traveller", "entry__list", "decided_by"
    )
    if status in HitStatus.values:
        hits = hits.filter(status=status)
    return render(
        request,
        "web/screening/hits.html",
        {
            "hits": hits.order_by("-score", "-created_at")[:300],
            "status": status,
            "statuses": HitStatus.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hit_detail(request: HttpRequest, hit_id: int) -> HttpResponse:
    hit = (
        Hit.objects.visible_to(request.user)
        .select_related("subject__trip__traveller", "entry__list", "list_version", "decided_by")
        .filter(pk=hit_id)
        .first()
    )
    if hit is None:
        raise Http404()
    error: ApplicationError | None = None
    typed = {"status": request.POST.get("status", ""), "note": request.POST.get("note", "")}
    if request.method == "POST":
        try:
            hit_decide(actor=request.user, hit=hit, status=typed["status"], note=typed["note"])
        except NotFound:
            raise Http404() from None
        except ApplicationError as failure:
            error = failure
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("web:hit-list")
    else:
        record(event=events.HIT_VIEWED, actor=request.user, target=hit)
    explanation: dict[str, Any] = hit.explanation or {}
    return render(
        request,
        "web/screening/hit.html",
        {
            "hit": hit,
            "entry_names": hit.entry.names,
            "explanation": explanation,
            "pairs": explanation.get("aligned") or explanation.get("pairs") or [],
            "may_decide": hit.status == HitStatus.OPEN and can_decide_hit(request.user, hit.subject.org_path),
            "error": error,
            "conflict": isinstance(error, Conflict),
            "typed": typed,
        },
        status=error.status if error else 200,
    )


@login_required
@require_GET
def list_status(request: HttpRequest) -> HttpResponse:
    _overseer_or_404(request)
    visible = set(RestrictedList.objects.visible_to(request.user).values_list("list_id", flat=True))
    rows = [row for row in list_status_rows() if row.list_id in visible]
    return render(request, "web/screening/lists.html", {"rows": rows})
