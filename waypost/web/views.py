"""Views of the web shell that belong to no domain: home, health."""

from __future__ import annotations

from typing import Any

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
    context = {"person": person, "reports": reports, "overseen_count": overseen_count}
    context.update(_travelling_context(request))
    context.update(_debriefs_context(request))
    return render(request, "web/home.html", context)


def _travelling_context(request: HttpRequest) -> dict[str, Any]:
    """The traveller's trip under way, with the last check-in and the next one due."""
    from waypost.trips import abroad

    travelling = abroad.travelling_trip_for(request.user)
    if travelling is None:
        return {"travelling": None}
    return {
        "travelling": travelling,
        "last_checkin": travelling.checkins.order_by("-at").first(),
        "next_due": abroad.windows_for(travelling).filter(resolved_at=None).last(),
    }


def _debriefs_context(request: HttpRequest) -> dict[str, Any]:
    """The traveller's trips waiting for their debrief, soonest due first; overdue ones flagged."""
    from waypost.core import clock
    from waypost.debriefs.selectors import trips_awaiting_own_debrief

    today = clock.today()
    return {
        "debriefs_due": [
            (trip, trip.debrief_due_on is not None and trip.debrief_due_on < today)
            for trip in trips_awaiting_own_debrief(actor=request.user)[:20]
        ]
    }


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
