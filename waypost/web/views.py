"""Views of the web shell that belong to no domain: home, health."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from waypost.people.models import Person
from waypost.people.permissions import OVERSEERS
from waypost.people.scoping import scope_for


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    person = Person.objects.filter(pk=scope.person_id or 0).select_related("unit", "manager").first()
    reports = (
        list(Person.objects.filter(manager_id=scope.person_id).select_related("unit")[:20]) if person else []
    )
    overseen_count = None
    if scope.subtree_paths(*OVERSEERS):
        overseen_count = Person.objects.visible_to(request.user).count()
    return render(
        request, "web/home.html", {"person": person, "reports": reports, "overseen_count": overseen_count}
    )


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness in one: the process answers and the database does too."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
