"""Pages of the traveller abroad: one-tap check-in, the check-in schedule, incidents.

Each view parses the request, calls a selector or service of :mod:`waypost.trips.abroad` and
renders. A trip or incident the actor may not see — or may see but not act on here — answers
404, exactly like a missing one. A rejected form comes back with every value and each field's
reason (status 400).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.core import clock
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.geo.selectors import country_name
from waypost.people.scoping import scope_for
from waypost.trips import abroad
from waypost.trips.choices import TripStatus
from waypost.trips.models import CheckInSource, Incident, IncidentStatus, Trip

from .forms import CheckInForm, IncidentFilterForm, IncidentForm, IncidentOfficerForm

PAGE_SIZE = 50


def _trip_or_404(request: HttpRequest, trip_id: int) -> Trip:
    try:
        return abroad.trip_abroad_get_for(request.user, trip_id)
    except NotFound:
        raise Http404() from None


def _incident_or_404(request: HttpRequest, incident_id: int, *, audit: bool = False) -> Incident:
    try:
        return abroad.incident_get_for(request.user, incident_id, audit=audit)
    except NotFound:
        raise Http404() from None


def _is_traveller(request: HttpRequest, trip: Trip) -> bool:
    return scope_for(request.user).person_id == trip.traveller_id


def _render_checkins(request: HttpRequest, trip: Trip, form: CheckInForm, status: int = 200) -> HttpResponse:
    checkins = list(abroad.checkins_for(request.user, trip)[:100])
    context: dict[str, Any] = {
        "trip": trip,
        "form": form,
        "checkins": [
            (checkin, country_name(checkin.country) if checkin.country else "") for checkin in checkins
        ],
        "windows": list(abroad.windows_for(trip)[:50]),
        "every_hours": abroad.check_in_every_hours(trip),
        "may_check_in": _is_traveller(request, trip) and trip.status == TripStatus.TRAVELLING,
        "now": clock.now(),
    }
    return render(request, "web/abroad/checkins.html", context, status=status)


@login_required
@require_POST
def trip_checkin(request: HttpRequest, trip_id: int) -> HttpResponse:
    """One tap: record that the traveller is fine; where they are is optional."""
    trip = _trip_or_404(request, trip_id)
    if not _is_traveller(request, trip):
        raise Http404()
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            checkin = abroad.checkin_record(
                actor=request.user,
                trip=trip,
                country=form.cleaned_data["country"],
                city=form.cleaned_data["city"],
                note=form.cleaned_data["note"],
                source=CheckInSource.WEB,
            )
        except (NotFound, PermissionDenied):
            raise Http404() from None
        except ValidationFailed as error:
            form.add_service_errors(error.fields, error.message)
        else:
            messages.success(
                request,
                _("Checked in at %(time)s. Thank you — have a safe trip.")
                % {"time": timezone.localtime(checkin.at).strftime("%H:%M")},
            )
            if request.POST.get("next") == "home":
                return redirect("web:home")
            return redirect("web:trip-checkins", trip_id=trip.pk)
    return _render_checkins(request, trip, form, status=400)


@login_required
@require_GET
def trip_checkins(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = _trip_or_404(request, trip_id)
    return _render_checkins(request, trip, CheckInForm())


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request: HttpRequest, trip_id: int) -> HttpResponse:
    """The incident form; a rejected form keeps every value and names each field at fault."""
    trip = _trip_or_404(request, trip_id)
    if not _is_traveller(request, trip):
        raise Http404()
    posted = request.method == "POST"
    initial = {"occurred_at": timezone.localtime(clock.now()).replace(second=0, microsecond=0)}
    form = IncidentForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            incident = abroad.incident_report(actor=request.user, trip=trip, **form.cleaned_data)
        except (NotFound, PermissionDenied):
            raise Http404() from None
        except ValidationFailed as error:
            form.add_service_errors(error.fields, error.message)
        else:
            messages.success(
                request,
                _("Your report was sent to the security officers. They will contact you."),
            )
            return redirect("web:incident-detail", incident_id=incident.pk)
    return render(
        request,
        "web/abroad/incident_form.html",
        {"form": form, "trip": trip, "may_report": trip.status in abroad.INCIDENT_STATUSES},
        status=400 if posted else 200,
    )


@login_required
@require_GET
def incident_list(request: HttpRequest) -> HttpResponse:
    form = IncidentFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_bound and form.is_valid() else ""
    listed = abroad.incident_list_for(request.user, status=status or None)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/abroad/incident_list.html", {"form": form, "page": page})


def _render_incident(
    request: HttpRequest, incident: Incident, form: IncidentOfficerForm, status: int = 200
) -> HttpResponse:
    context = {
        "incident": incident,
        "form": form,
        "actions": list(incident.actions.select_related("officer")),
        "may_act": abroad.can_act_on_incident(request.user, incident),
        "country_name": country_name(incident.country) if incident.country else "",
        "open": incident.status == IncidentStatus.OPEN,
        "closed": incident.status == IncidentStatus.CLOSED,
    }
    return render(request, "web/abroad/incident_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The incident; officers over the traveller acknowledge it, record actions and close it here."""
    if request.method == "GET":
        incident = _incident_or_404(request, incident_id, audit=True)
        return _render_incident(request, incident, IncidentOfficerForm())
    incident = _incident_or_404(request, incident_id)
    if not abroad.can_act_on_incident(request.user, incident):
        raise Http404()
    form = IncidentOfficerForm(request.POST)
    if form.is_valid():
        action, text = form.cleaned_data["action"], form.cleaned_data["text"]
        try:
            if action == "acknowledge":
                abroad.incident_acknowledge(actor=request.user, incident=incident, note=text)
                messages.success(request, _("Acknowledged. The traveller was told."))
            elif action == "action":
                abroad.incident_action_add(actor=request.user, incident=incident, text=text)
                messages.success(request, _("The action was recorded."))
            else:
                abroad.incident_close(actor=request.user, incident=incident, note=text)
                messages.success(request, _("The incident was closed."))
        except (NotFound, PermissionDenied):
            raise Http404() from None
        except ValidationFailed as error:
            form.add_service_errors(error.fields, error.message)
        except Conflict as error:
            messages.error(request, error.message)
            return redirect("web:incident-detail", incident_id=incident.pk)
        else:
            return redirect("web:incident-detail", incident_id=incident.pk)
    incident = _incident_or_404(request, incident_id)
    return _render_incident(request, incident, form, status=400)
