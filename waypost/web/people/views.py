from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from waypost.core.errors import NotFound
from waypost.people import selectors, services
from waypost.people.models import OrgNode
from waypost.people.permissions import can_import_people

from .forms import PeopleFilterForm, PeopleImportForm


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    unit = None
    if filters.get("unit"):
        unit = OrgNode.objects.visible_to(request.user).filter(slug=filters["unit"]).first()
        if unit is None:
            form.add_error("unit", _("Unknown unit."))
    people = selectors.person_list_for(
        actor=request.user,
        query=filters.get("q", ""),
        unit=unit,
        sector=filters.get("sector", ""),
        role=filters.get("role", ""),
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    template = "web/people/_table.html" if getattr(request, "htmx", False) else "web/people/list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        person = selectors.person_get_for(actor=request.user, person_id=person_id)
    except NotFound:
        raise Http404() from None
    with transaction.atomic():
        services.person_record_view(actor=request.user, person=person)
    roles = person.role_assignments.select_related("node")
    return render(request, "web/people/detail.html", {"person": person, "roles": roles})


@login_required
@require_GET
def org_tree(request: HttpRequest) -> HttpResponse:
    nodes = list(selectors.orgnode_list_for(actor=request.user))
    return render(request, "web/people/org_tree.html", {"nodes": nodes})


@login_required
@require_http_methods(["GET", "POST"])
def people_import(request: HttpRequest) -> HttpResponse:
    if not can_import_people(request.user):
        raise Http404()
    result = None
    # A POST without a file is still a bound form, so it says the file is missing.
    posted = request.method == "POST"
    form = PeopleImportForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.people_import(actor=request.user, data=upload.read(), filename=upload.name)
        if result.ok:
            messages.success(
                request,
                _("Imported: %(created)d new, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("web:people-list")
    status = 400 if request.method == "POST" else 200
    return render(request, "web/people/import.html", {"form": form, "result": result}, status=status)
