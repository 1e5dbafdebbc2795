"""The debrief pages: the traveller's form, the read-only debrief with the officer's review, the queue.

Each view parses the request, calls a service or selector of :mod:`waypost.debriefs` and renders.
Every POST of the form first saves exactly what was typed (``debrief_draft_save``), then does what
the button asked: add or remove a row, or submit. A trip whose debrief the actor may not see — its
traveller's manager, another organisation — answers 404, exactly like a missing one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.core import clock
from waypost.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.debriefs import answers as answer_rules
from waypost.debriefs import selectors
from waypost.debriefs.choices import DebriefOutcome, DebriefStatus, HowMet
from waypost.debriefs.models import Debrief
from waypost.debriefs.services import (
    OPEN_FOR_DEBRIEF,
    debrief_draft_save,
    debrief_start,
    debrief_transition,
    is_traveller,
    may_review,
)
from waypost.geo.selectors import country_name
from waypost.people.permissions import OVERSEERS
from waypost.people.scoping import scope_for
from waypost.screening.choices import SubjectSource
from waypost.screening.models import Hit
from waypost.screening.permissions import can_view_hits
from waypost.trips import selectors as trip_selectors
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip

from .forms import DebriefForm

# --- Loading -----------------------------------------------------------------------------------


def _trip_or_404(request: HttpRequest, trip_id: int) -> Trip:
    """The trip if the actor may see its debrief; the manager and outsiders get 404, as for a missing trip."""
    try:
        trip = trip_selectors.trip_get_for(actor=request.user, trip_id=trip_id)
    except NotFound:
        raise Http404() from None
    if not selectors.may_see_debrief(actor=request.user, trip=trip):
        raise Http404()
    return trip


def _writes(request: HttpRequest, trip: Trip, debrief: Debrief | None) -> bool:
    """Whether the page is the form: the traveller, with a draft or a trip back from travelling."""
    if not is_traveller(request.user, trip):
        return False
    if debrief is None:
        return trip.status in OPEN_FOR_DEBRIEF
    return debrief.status == DebriefStatus.DRAFT


def debrief_card(actor: Any, trip: Trip) -> dict[str, Any] | None:
    """What the trip page says about the debrief, for those who may see it; None when there is nothing."""
    has_debrief = Debrief.objects.filter(trip_id=trip.pk).exists()
    if trip.status not in (*OPEN_FOR_DEBRIEF, TripStatus.DEBRIEFED) and not has_debrief:
        return None
    if not selectors.may_see_debrief(actor=actor, trip=trip):
        return None
    debrief = selectors.debrief_of(actor=actor, trip=trip)
    writes = is_traveller(actor, trip) and (
        debrief.status == DebriefStatus.DRAFT if debrief else trip.status in OPEN_FOR_DEBRIEF
    )
    due = trip.debrief_due_on
    submitted = debrief is not None and debrief.status != DebriefStatus.DRAFT
    return {
        "debrief": debrief,
        "due": due,
        "overdue": not submitted and due is not None and due < clock.today(),
        "writes": writes,
        "url": reverse("web:debrief", kwargs={"trip_id": trip.pk}),
    }


# --- The traveller's form ----------------------------------------------------------------------


def _planned_stays(trip: Trip) -> list[dict[str, str]]:
    stays = (trip.facts or {}).get("stays")
    return [
        {key: answer_rules.text(stay.get(key)) for key in ("city", "country", "from", "to")}
        for stay in (stays if isinstance(stays, list) else [])
        if isinstance(stay, dict)
    ]


def _form_page(
    request: HttpRequest,
    trip: Trip,
    debrief: Debrief | None,
    form: DebriefForm,
    *,
    error: str = "",
    conflict: bool = False,
    status: int = 200,
) -> HttpResponse:
    planned = _planned_stays(trip)
    context = {
        "trip": trip,
        "debrief": debrief,
        "form": form,
        "places": [
            (row, planned[index] if index < len(planned) else None) for index, row in enumerate(form.places)
        ],
        "planned_extra": planned[len(form.places) :],
        "error": error,
        "conflict": conflict,
        "overdue": trip.debrief_due_on is not None and trip.debrief_due_on < clock.today(),
    }
    return render(request, "web/debriefs/form.html", context, status=status)


def _notice_page(request: HttpRequest, trip: Trip, message: str, status: int) -> HttpResponse:
    return render(request, "web/debriefs/notice.html", {"trip": trip, "message": message}, status=status)


def _not_returned(trip: Trip) -> str:
    return _("A debrief is written after the trip: this trip is “%(status)s”.") % {
        "status": TripStatus(trip.status).label
    }


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request: HttpRequest, trip_id: int) -> HttpResponse:
    """The traveller's form while the debrief is a draft; otherwise the debrief as submitted."""
    trip = _trip_or_404(request, trip_id)
    current = Debrief.objects.filter(trip_id=trip.pk).first()
    if request.method == "GET":
        if not _writes(request, trip, current):
            if current is None and is_traveller(request.user, trip):
                return _notice_page(request, trip, _not_returned(trip), status=200)
            return _read_page(request, trip, audit=True)
        try:
            started = debrief_start(actor=request.user, trip=trip)
        except (NotFound, PermissionDenied):
            raise Http404() from None
        except ValidationFailed as failure:
            return _notice_page(request, trip, failure.message, status=200)
        return _form_page(request, trip, started, DebriefForm.from_answers(started.answers, started.revision))
    if not is_traveller(request.user, trip):
        raise Http404()
    if not _writes(request, trip, current):
        message = (
            _not_returned(trip)
            if current is None
            else _("This debrief was submitted and can no longer be changed.")
        )
        return _notice_page(request, trip, message, status=400)
    return _save(request, trip, current)


def _save(request: HttpRequest, trip: Trip, current: Debrief | None) -> HttpResponse:
    posted = DebriefForm.parse(request.POST)
    if posted is None:
        stored = current or debrief_start(actor=request.user, trip=trip)
        form = DebriefForm.from_answers(stored.answers, stored.revision)
        error = _("The form arrived incomplete and was not saved. Reload the page and try again.")
        return _form_page(request, trip, stored, form, error=error, status=400)
    try:
        saved = debrief_draft_save(
            actor=request.user, trip=trip, answers=posted.answers, revision=posted.revision
        )
    except (NotFound, PermissionDenied):
        raise Http404() from None
    except Conflict:
        return _conflict_page(request, trip, posted.answers)
    except ValidationFailed as failure:
        return _notice_page(request, trip, failure.message, status=failure.status)
    record = saved.debrief
    url = reverse("web:debrief", kwargs={"trip_id": trip.pk})
    if posted.action == "submit":
        try:
            debrief_transition(actor=request.user, debrief=record, action="submit", revision=record.revision)
        except (NotFound, PermissionDenied):
            raise Http404() from None
        except Conflict:
            return _conflict_page(request, trip, posted.answers)
        except ApplicationError as failure:
            form = DebriefForm.from_answers(record.answers, record.revision)
            form.add_problems(failure.fields)
            error = "" if failure.fields else failure.message
            return _form_page(request, trip, record, form, error=error, status=failure.status)
        messages.success(request, _("Your debrief was submitted. Thank you."))
        return redirect(url)
    if posted.action == "add_contact":
        return redirect(f"{url}#contact-{len(posted.answers['contacts']) - 1}")
    if posted.action == "add_place":
        return redirect(f"{url}#place-{len(posted.answers['places']) - 1}")
    if posted.action in ("remove_contact", "remove_place"):
        messages.info(request, _("Removed. The draft was saved."))
        anchor = "section-contacts" if posted.action == "remove_contact" else "section-places"
        return redirect(f"{url}#{anchor}")
    messages.success(request, _("Draft saved."))
    return redirect(url)


def _conflict_page(request: HttpRequest, trip: Trip, typed: dict[str, Any]) -> HttpResponse:
    """What was typed, unsaved, on the latest revision: saving again replaces the other change."""
    latest = Debrief.objects.filter(trip_id=trip.pk).first()
    if latest is not None and latest.status != DebriefStatus.DRAFT:
        return _notice_page(
            request, trip, _("This debrief was submitted and can no longer be changed."), status=409
        )
    form = DebriefForm.from_answers(typed, latest.revision if latest else None)
    return _form_page(request, trip, latest, form, error=Conflict().message, conflict=True, status=409)


# --- The debrief as submitted, and its review --------------------------------------------------


def _contact_view(row: dict[str, Any]) -> dict[str, Any]:
    how = row.get("how", "")
    return {
        **row,
        "country_name": country_name(row["country"]) if row.get("country") else "",
        "affiliation": ", ".join(part for part in (row.get("role"), row.get("organisation")) if part),
        "how_label": HowMet(how).label if how in HowMet.values else how,
    }


def _read_page(
    request: HttpRequest,
    trip: Trip,
    *,
    audit: bool = False,
    review_error: ApplicationError | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    record = selectors.debrief_of(actor=request.user, trip=trip, audit=audit)
    answers = record.answers if record else {}
    places = [
        {**row, "country_name": country_name(row["country"].upper()) if row.get("country") else ""}
        for row in (answers.get("places") or [])
        if isinstance(row, dict)
        and any(answer_rules.text(row.get(key)) for key in ("city", "country", "from", "to"))
    ]
    hits: list[Hit] = []
    if record is not None and can_view_hits(request.user, trip.traveller.unit.path):
        hits = list(
            Hit.objects.visible_to(request.user)
            .filter(subject__trip=trip, subject__source_type=SubjectSource.CONTACT)
            .select_related("subject", "entry__list")
            .order_by("-score", "pk")
        )
    reviewable = (
        record is not None
        and may_review(request.user, trip)
        and (
            record.status == DebriefStatus.SUBMITTED
            or (record.status == DebriefStatus.REVIEWED and record.outcome == DebriefOutcome.FOLLOW_UP)
        )
    )
    context = {
        "trip": trip,
        "debrief": record,
        "answers": answers,
        "places": places,
        "contacts": [_contact_view(row) for row in answer_rules.cleaned_contacts(answers)],
        "hits": hits,
        "may_review": reviewable,
        "outcomes": DebriefOutcome.choices,
        "review_error": review_error,
        "typed": typed or {},
        "is_traveller": is_traveller(request.user, trip),
        "overdue": record is None and trip.debrief_due_on is not None and trip.debrief_due_on < clock.today(),
    }
    return render(request, "web/debriefs/detail.html", context, status=status)


@login_required
@require_POST
def debrief_review(request: HttpRequest, trip_id: int) -> HttpResponse:
    """A security officer's review: the outcome and a note; ``closed`` closes the trip."""
    trip = _trip_or_404(request, trip_id)
    record = selectors.debrief_of(actor=request.user, trip=trip)
    if record is None or not may_review(request.user, trip):
        raise Http404()
    outcome = request.POST.get("outcome", "")
    note = request.POST.get("note", "")
    raw_revision = request.POST.get("revision", "")
    try:
        debrief_transition(
            actor=request.user,
            debrief=record,
            action="review",
            outcome=outcome,
            note=note,
            revision=int(raw_revision) if raw_revision.isdigit() else None,
        )
    except (NotFound, PermissionDenied):
        raise Http404() from None
    except ApplicationError as failure:
        typed = {"outcome": outcome, "note": note}
        return _read_page(request, trip, review_error=failure, typed=typed, status=failure.status)
    if outcome == DebriefOutcome.CLOSED:
        messages.success(request, _("The review was recorded and the trip is closed."))
    else:
        messages.success(request, _("The review was recorded. The trip stays open for the follow-up."))
    return redirect("web:debrief", trip_id=trip.pk)


# --- The queue ---------------------------------------------------------------------------------


def _days_since(moment: dt.datetime | None, today: dt.date) -> int:
    return (today - timezone.localdate(moment)).days if moment else 0


@login_required
@require_GET
def debrief_list(request: HttpRequest) -> HttpResponse:
    """Officers: what waits for them. Travellers: their own debriefs and the trips awaiting one."""
    scope = scope_for(request.user)
    today = clock.today()
    context: dict[str, Any] = {"today": today, "queue": None}
    if scope.subtree_paths(*OVERSEERS):
        queue = selectors.debrief_queue_for(actor=request.user)
        context["queue"] = {
            "to_review": [(item, _days_since(item.submitted_at, today)) for item in queue.to_review],
            "follow_up": [(item, _days_since(item.reviewed_at, today)) for item in queue.follow_up],
            "overdue": [
                (trip, (today - trip.debrief_due_on).days) for trip in queue.overdue if trip.debrief_due_on
            ],
            "due": [(trip, (trip.debrief_due_on - today).days) for trip in queue.due if trip.debrief_due_on],
        }
    if scope.person_id is not None:
        context["own"] = list(
            selectors.debrief_list_for(actor=request.user)
            .filter(trip__traveller_id=scope.person_id)
            .exclude(status=DebriefStatus.DRAFT)
            .order_by("-submitted_at", "-pk")
        )
        context["awaiting"] = [
            (trip, trip.debrief_due_on is not None and trip.debrief_due_on < today)
            for trip in selectors.trips_awaiting_own_debrief(actor=request.user).select_related("debrief")
        ]
    return render(request, "web/debriefs/list.html", context)
