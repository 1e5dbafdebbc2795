"""Trip pages after the form: my trips, a trip's file with its workflow actions, versions and their
differences, briefings to acknowledge, the reviewers' queue and approval delegates."""

from __future__ import annotations

from typing import Any

import markdown_it
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.core import clock
from waypost.core.errors import ApplicationError, Conflict, NotFound
from waypost.people.models import Person
from waypost.people.scoping import scope_for
from waypost.policy.describe import assessment_view
from waypost.trips import review, selectors, services
from waypost.trips.briefings import briefing_text, required_briefings
from waypost.trips.choices import AMENDABLE_STATUSES, Decision, TripStatus
from waypost.trips.models import BriefingAcknowledgement, Trip, TripVersion
from waypost.trips.versions import facts_diff
from waypost.web.debriefs.views import debrief_card

from .forms import DelegateForm


def _language() -> str:
    return (get_language() or "en").lower()


def _trip_or_404(request: HttpRequest, trip_id: int, *, audit: bool = False) -> Trip:
    try:
        return selectors.trip_get_for(actor=request.user, trip_id=trip_id, audit=audit)
    except NotFound:
        raise Http404() from None


#: Rows per page of the trip lists; a page is read with one row more to know whether another follows.
TRIPS_PER_PAGE = 50


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


@login_required
@require_GET
def trip_list(request: HttpRequest) -> HttpResponse:
    """Your trips, then the trips of people you review or oversee, newest first, a page at a time.

    No total count: counting every trip an officer oversees costs more than the page itself.
    """
    scope = scope_for(request.user)
    status = request.GET.get("status", "")
    page = _page_number(request)
    trips = selectors.own_trips(actor=request.user)
    if status in TripStatus.values:
        trips = trips.filter(status=status)
    others = (
        selectors.trip_list_for(actor=request.user)
        .exclude(traveller_id=scope.person_id or 0)
        .exclude(status=TripStatus.DRAFT)
    )
    if status in TripStatus.values:
        others = others.filter(status=status)
    start = (page - 1) * TRIPS_PER_PAGE
    own_rows = list(trips[start : start + TRIPS_PER_PAGE + 1])
    other_rows = list(others[start : start + TRIPS_PER_PAGE + 1])
    return render(
        request,
        "web/trips/list.html",
        {
            "trips": [_row(trip) for trip in own_rows[:TRIPS_PER_PAGE]],
            "others": [_row(trip) for trip in other_rows[:TRIPS_PER_PAGE]],
            "statuses": TripStatus.choices,
            "status": status,
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if max(len(own_rows), len(other_rows)) > TRIPS_PER_PAGE else None,
            "may_declare": scope.person_id is not None,
        },
    )


def _row(trip: Trip) -> dict[str, Any]:
    assessment = selectors.current_assessment(trip)
    return {
        "trip": trip,
        "advisory": assessment.advisory if assessment else "",
        "late": bool(assessment and assessment.late),
    }


def _detail_context(request: HttpRequest, trip: Trip) -> dict[str, Any]:
    scope = scope_for(request.user)
    language = _language()
    assessment = selectors.current_assessment(trip)
    is_traveller = scope.person_id == trip.traveller_id
    step = review.open_step(trip) if trip.status in (TripStatus.SUBMITTED, TripStatus.IN_REVIEW) else None
    may_decide = False
    on_behalf_of = None
    if step is not None:
        may_decide, on_behalf_id = review.may_decide(request.user, step, trip)
        on_behalf_of = Person.objects.filter(pk=on_behalf_id).first() if on_behalf_id else None
    briefings = []
    acknowledged = {
        (ack.briefing_id, ack.briefing_version): ack
        for ack in BriefingAcknowledgement.objects.filter(trip=trip)
    }
    for briefing in required_briefings(trip):
        title, _body, _used = briefing_text(briefing, language)
        briefings.append(
            {"briefing": briefing, "title": title, "ack": acknowledged.get((briefing.pk, briefing.version))}
        )
    editable = services.can_edit_trip(request.user, trip)
    reviewer_view = not is_traveller and (may_decide or step is not None or trip.status != TripStatus.DRAFT)
    return {
        "trip": trip,
        "assessment": assessment_view(assessment.result, language) if assessment else None,
        "stored_assessment": assessment,
        "versions": selectors.versions_of(trip),
        "steps": selectors.steps_of(trip),
        "open_step": step,
        "may_decide": may_decide,
        "on_behalf_of": on_behalf_of,
        "decisions": Decision.choices,
        "is_traveller": is_traveller,
        "may_submit": editable and trip.status == TripStatus.DRAFT,
        "may_edit": editable and trip.status == TripStatus.DRAFT,
        "may_amend": editable and trip.status in AMENDABLE_STATUSES,
        "may_cancel": editable and trip.status in services.TRANSITIONS["cancel"],
        "may_proceed": is_traveller
        and trip.status == TripStatus.ADVISED_AGAINST
        and trip.proceeded_at is None,
        "briefings": briefings,
        "history": list(selectors.traveller_history(trip)) if reviewer_view else [],
        "invitation": getattr(trip, "invitation", None) if hasattr(trip, "invitation") else None,
        "facts": trip.facts or {},
        "debrief_card": debrief_card(request.user, trip),
    }


@login_required
@require_GET
def trip_detail(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = _trip_or_404(request, trip_id, audit=True)
    return render(request, "web/trips/detail.html", _detail_context(request, trip))


@login_required
@require_POST
def trip_transition(request: HttpRequest, trip_id: int) -> HttpResponse:
    """Submit, decide, proceed or cancel; on refusal the page comes back with what was typed."""
    trip = _trip_or_404(request, trip_id)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    try:
        revision = int(request.POST["revision"]) if request.POST.get("revision") else None
    except ValueError:
        revision = None
    try:
        services.trip_transition(actor=request.user, trip=trip, action=action, note=note, revision=revision)
    except NotFound:
        raise Http404() from None
    except ApplicationError as error:
        context = _detail_context(request, Trip.objects.select_related("traveller__unit").get(pk=trip.pk))
        context.update(
            {
                "error": error,
                "typed_note": note,
                "typed_action": action,
                "conflict": isinstance(error, Conflict),
            }
        )
        return render(request, "web/trips/detail.html", context, status=error.status)
    messages.success(request, _DONE.get(action, _("Saved.")))
    return redirect("web:trip-detail", trip_id=trip.pk)


_DONE = {
    "submit": _("The trip was submitted."),
    "approve": _("You approved the trip."),
    "acknowledge": _("You acknowledged the trip."),
    "advise_against": _("You advised against the trip."),
    "proceed": _("Your decision to travel against the advice is recorded."),
    "cancel": _("The trip was cancelled."),
}


@login_required
@require_GET
def trip_version(request: HttpRequest, trip_id: int, number: int) -> HttpResponse:
    trip = _trip_or_404(request, trip_id, audit=True)
    version = TripVersion.objects.filter(trip=trip, number=number).first()
    if version is None:
        raise Http404()
    previous = TripVersion.objects.filter(trip=trip, number__lt=number).order_by("-number").first()
    changes = facts_diff(previous.facts, version.facts) if previous else []
    if previous and previous.title != version.title:
        changes.insert(0, facts_diff({"title": previous.title}, {"title": version.title})[0])
    return render(
        request,
        "web/trips/version.html",
        {"trip": trip, "version": version, "previous": previous, "changes": changes},
    )


_MARKDOWN = markdown_it.MarkdownIt("commonmark", {"html": False, "linkify": False})


@login_required
@require_http_methods(["GET", "POST"])
def trip_briefing(request: HttpRequest, trip_id: int, briefing_id: int) -> HttpResponse:
    trip = _trip_or_404(request, trip_id)
    briefing = next((b for b in required_briefings(trip) if b.pk == briefing_id), None)
    if briefing is None:
        raise Http404()
    language = _language()
    if request.method == "POST":
        try:
            services.trip_briefing_acknowledge(
                actor=request.user,
                trip=trip,
                briefing=briefing,
                language=request.POST.get("language", language),
            )
        except NotFound:
            raise Http404() from None
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("web:trip-briefing", trip_id=trip.pk, briefing_id=briefing.pk)
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
        return redirect("web:trip-detail", trip_id=trip.pk)
    title, body, used = briefing_text(briefing, language)
    ack = BriefingAcknowledgement.objects.filter(
        trip=trip, briefing=briefing, briefing_version=briefing.version
    ).first()
    return render(
        request,
        "web/trips/briefing.html",
        {
            "trip": trip,
            "briefing": briefing,
            "title": title,
            "body_html": _MARKDOWN.render(body),
            "used_language": used,
            "ack": ack,
            "may_acknowledge": scope_for(request.user).person_id == trip.traveller_id
            and trip.status in services.BRIEFING_STATUSES,
        },
    )


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.review_queue_for(actor=request.user)
    today = clock.today()
    rows = []
    for trip, step in queue:
        assessment = selectors.current_assessment(trip)
        waiting_since = step.created_at
        rows.append(
            {
                "trip": trip,
                "step": step,
                "advisory": assessment.advisory if assessment else "",
                "late": bool(assessment and assessment.late),
                "days_waiting": (clock.now() - waiting_since).days,
                "departs_in": (trip.depart_on - today).days if trip.depart_on else None,
            }
        )
    return render(request, "web/trips/reviews.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def delegates(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if scope.person_id is None:
        raise Http404()
    form = DelegateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_set(
                actor=request.user,
                delegate=form.cleaned_data["delegate"],
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except ApplicationError as error:
            for field, reasons in error.fields.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Your delegate is recorded."))
            return redirect("web:delegates")
    return render(
        request,
        "web/trips/delegates.html",
        {"form": form, "delegations": selectors.delegations_for(actor=request.user), "today": clock.today()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def delegate_remove(request: HttpRequest, delegation_id: int) -> HttpResponse:
    delegation = selectors.delegations_for(actor=request.user).filter(pk=delegation_id).first()
    if delegation is None:
        raise Http404()
    try:
        services.delegate_remove(actor=request.user, delegation=delegation)
    except NotFound:
        raise Http404() from None
    messages.success(request, _("The delegation was removed."))
    return redirect("web:delegates")
