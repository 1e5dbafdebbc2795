"""The traveller's declaration form: new trip, edit a draft, amend a submitted trip, fast entry.

Drafts save as the traveller types (``trip_autosave``, htmx, about once a second), with every value
kept even when it is wrong; the live assessment beside the form is the policy engine's view of the
form as it stands, reasons included. A submitted trip is changed with the same form, which then asks
for a reason and makes a new version (``trip_amend``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from waypost.core import clock
from waypost.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from waypost.people.models import Person
from waypost.people.scoping import scope_for
from waypost.people.selectors import person_get_for
from waypost.policy.describe import assessment_view
from waypost.policy.engine import TripFactsError
from waypost.trips import fastentry, selectors, services
from waypost.trips.assessing import assess_trip, trip_facts
from waypost.trips.choices import AMENDABLE_STATUSES, TripStatus
from waypost.trips.models import Trip

from .declare_forms import (
    Declaration,
    FastEntryForm,
    mark_invalid,
    merged_facts,
    time_zone_names,
    with_legs,
)

# --- Loading -----------------------------------------------------------------------------------


def _own_person_or_404(request: HttpRequest) -> Person:
    """The signed-in user's person, who declares the new trip; users without one have no form."""
    person_id = scope_for(request.user).person_id
    if person_id is None:
        raise Http404()
    try:
        return person_get_for(actor=request.user, person_id=person_id)
    except NotFound:
        raise Http404() from None


def _editable_or_404(request: HttpRequest, trip_id: int) -> Trip:
    """The trip if the user may change its declaration; others' trips look missing, as missing ones do."""
    try:
        trip = selectors.trip_get_for(actor=request.user, trip_id=trip_id)
    except NotFound:
        raise Http404() from None
    if not services.can_edit_trip(request.user, trip):
        raise Http404()
    return trip


def _language() -> str:
    return (get_language() or "en").lower()


# --- The engine's view of the form -------------------------------------------------------------


def _engine(
    declaration: Declaration, person: Person, facts: Mapping[str, Any], trip: Trip | None
) -> dict[str, Any]:
    """Assess ``facts`` as if submitted now (a submitted trip: when it was), without saving anything.

    The engine's problems go beside the fields they concern; the result is the context of the
    live-assessment partial.
    """
    probe = Trip(
        pk=trip.pk if trip else None,
        traveller=person,
        facts=dict(facts),
        submitted_at=(trip.submitted_at if trip else None) or clock.now(),
    )
    live: dict[str, Any] = {"assessment": None, "late": False, "problems": []}
    if not declaration.trip.is_bound:
        return live  # a new, empty form: nothing to say yet
    try:
        itinerary = trip_facts(probe).itinerary
        assessment = assess_trip(probe)
    except TripFactsError as error:
        problems: dict[str, list[str]] = {}
        for issue in error.issues:
            problems.setdefault(issue.path or "facts", []).append(issue.render(_))
        declaration.add_problems(problems)
    else:
        probe.depart_on, probe.return_on = itinerary.start, itinerary.end
        if trip is None or trip.status == TripStatus.DRAFT:
            _overlaps(declaration, probe)
        live["assessment"] = assessment_view(assessment.to_json(), _language())
        live["late"] = assessment.late
        live["lead_days"] = assessment.lead_days
        live["required_days"] = assessment.value("declare_days_before")
    live["problems"] = declaration.problem_list()
    declaration.mark_invalid()
    return live


def _overlaps(declaration: Declaration, probe: Trip) -> None:
    """Warn on a draft as submission would refuse it: dates overlapping another declared trip."""
    overlap = services.overlap_problem(probe)
    if overlap:
        declaration.add_problems({"legs": [overlap]})


# --- Pages -------------------------------------------------------------------------------------


def _page(
    request: HttpRequest,
    declaration: Declaration,
    *,
    person: Person,
    trip: Trip | None = None,
    fastentry_form: FastEntryForm | None = None,
    service_fields: Mapping[str, list[str]] | None = None,
    error: str = "",
    imported: list[int] | None = None,
    status: int = 200,
) -> HttpResponse:
    if error:
        declaration.trip.add_error(None, error)
    if service_fields:
        declaration.add_problems(service_fields)
    facts = merged_facts(trip.facts if trip else {}, declaration.facts())
    live = _engine(declaration, person, facts, trip)
    amending = trip is not None and trip.status != TripStatus.DRAFT
    if fastentry_form is not None:
        mark_invalid(fastentry_form)
    context = {
        "declaration": declaration,
        "form": declaration.trip,
        "contact": declaration.contact,
        "formsets": declaration.formsets,
        "trip": trip,
        "amending": amending,
        "may_save": trip is None or trip.status == TripStatus.DRAFT or trip.status in AMENDABLE_STATUSES,
        "live": live,
        "fastentry": fastentry_form or FastEntryForm(),
        "imported": imported or [],
        "time_zones": time_zone_names(),
    }
    return render(request, "web/trips/declare.html", context, status=status)


def _saved_message(request: HttpRequest, declaration: Declaration, saved: services.DraftSaved) -> None:
    """The "draft saved" message, with how many problems the page will show beside the fields."""
    declaration.add_problems(saved.problems)
    count = len(declaration.problem_list())
    if count:
        messages.warning(
            request,
            ngettext(
                "Draft saved. It has %(count)s problem to fix before you can submit it.",
                "Draft saved. It has %(count)s problems to fix before you can submit it.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.success(request, _("Draft saved."))


@login_required
@require_http_methods(["GET", "POST"])
def trip_new(request: HttpRequest) -> HttpResponse:
    """The form for a new trip; saving creates the draft (whatever was typed) and opens it."""
    person = _own_person_or_404(request)
    if request.method == "POST" and "fastentry" in request.POST:
        return _fast_entry(request, person, None)
    if request.method == "GET":
        return _page(request, Declaration.blank(), person=person)
    declaration = Declaration(request.POST)
    if not declaration.is_complete():
        return _page(request, declaration, person=person, error=_incomplete(), status=400)
    declaration.validate()
    try:
        saved = services.trip_draft_save(
            actor=request.user, facts=declaration.facts(), title=declaration.title
        )
    except NotFound:
        raise Http404() from None
    except ApplicationError as failure:
        return _page(request, declaration, person=person, error=failure.message, status=failure.status)
    _saved_message(request, declaration, saved)
    return redirect("web:trip-edit", trip_id=saved.trip.pk)


def _incomplete() -> str:
    return _("The form arrived incomplete and was not saved. Reload the page and try again.")


@login_required
@require_http_methods(["GET", "POST"])
def trip_edit(request: HttpRequest, trip_id: int) -> HttpResponse:
    """Edit a draft (saved as typed) or amend a submitted trip (a reason, then a new version)."""
    trip = _editable_or_404(request, trip_id)
    person = trip.traveller
    amending = trip.status != TripStatus.DRAFT
    if request.method == "GET":
        declaration = Declaration.from_facts(
            trip.facts, title=trip.title, revision=trip.revision, amending=amending
        )
        declaration.validate()
        return _page(request, declaration, person=person, trip=trip, imported=_imported(request))
    declaration = Declaration(request.POST, amending=amending)
    if not declaration.is_complete():
        return _page(request, declaration, person=person, trip=trip, error=_incomplete(), status=400)
    valid = declaration.validate()
    facts = merged_facts(trip.facts, declaration.facts())
    try:
        if not amending:
            saved = services.trip_draft_save(
                actor=request.user,
                facts=facts,
                title=declaration.title,
                trip=trip,
                revision=declaration.revision,
            )
            if "submit_declaration" in request.POST:
                return _submit_saved(request, declaration, person, saved.trip)
            _saved_message(request, declaration, saved)
            return redirect("web:trip-edit", trip_id=trip.pk)
        if not valid:
            return _page(request, declaration, person=person, trip=trip, status=400)
        amended = services.trip_amend(
            actor=request.user,
            trip=trip,
            facts=facts,
            title=declaration.title,
            note=declaration.note,
            revision=declaration.revision,
        )
    except NotFound:
        raise Http404() from None
    except Conflict as failure:
        # Show the latest revision so saving again (deliberately) replaces the other change.
        current = Trip.objects.select_related("traveller__unit").get(pk=trip.pk)
        data = request.POST.copy()
        data["revision"] = str(current.revision)
        return _page(
            request,
            Declaration(data, amending=current.status != TripStatus.DRAFT),
            person=person,
            trip=current,
            error=failure.message,
            status=failure.status,
        )
    except ApplicationError as failure:
        return _page(
            request,
            declaration,
            person=person,
            trip=trip,
            service_fields=failure.fields,
            error="" if failure.fields else failure.message,
            status=failure.status,
        )
    messages.success(request, _("Version %(number)s saved.") % {"number": amended.version.number})
    if amended.new_review:
        messages.info(request, _("The obligations got stricter: the trip is reviewed again."))
    return redirect("web:trip-detail", trip_id=trip.pk)


def _submit_saved(request: HttpRequest, declaration: Declaration, person: Any, trip: Trip) -> HttpResponse:
    """Submit the draft just saved from the form; if refused, the form comes back with the reasons."""
    try:
        services.trip_transition(actor=request.user, trip=trip, action="submit", revision=trip.revision)
    except ApplicationError as failure:
        current = Trip.objects.select_related("traveller__unit").get(pk=trip.pk)
        data = request.POST.copy()
        data["revision"] = str(current.revision)
        return _page(
            request,
            Declaration(data),
            person=person,
            trip=current,
            service_fields=failure.fields,
            error="" if failure.fields else failure.message,
            status=failure.status,
        )
    messages.success(request, _("The trip was submitted."))
    return redirect("web:trip-detail", trip_id=trip.pk)


def _imported(request: HttpRequest) -> list[int]:
    """Rows just imported (``?imported=3-5``): highlighted for the traveller to check and confirm."""
    match = re.fullmatch(r"([0-9]{1,3})-([0-9]{1,3})", request.GET.get("imported", ""))
    return list(range(int(match[1]), int(match[2]) + 1)) if match else []


# --- htmx: autosave and live assessment --------------------------------------------------------


@login_required
@require_POST
def trip_autosave(request: HttpRequest, trip_id: int) -> HttpResponse:
    """Save the draft as it stands; answer with the status line and the live assessment (out of band).

    Never an error page: a submitted trip is not saved here (it changes by amendment, with a
    reason), and a draft changed elsewhere is not overwritten; the status line says so.
    """
    trip = _editable_or_404(request, trip_id)
    declaration = Declaration(request.POST, amending=trip.status != TripStatus.DRAFT)
    context: dict[str, Any] = {"trip": trip, "saved_at": None, "live": None}
    if not declaration.is_complete():
        context["state"] = "incomplete"
        return render(request, "web/trips/_declare_autosave.html", context)
    declaration.validate()
    facts = merged_facts(trip.facts, declaration.facts())
    if trip.status != TripStatus.DRAFT:
        context["state"] = "amendment"
    else:
        try:
            saved = services.trip_draft_save(
                actor=request.user,
                facts=facts,
                title=declaration.title,
                trip=trip,
                revision=declaration.revision,
            )
        except NotFound:
            raise Http404() from None
        except Conflict:
            context["state"] = "conflict"
        except ValidationFailed:
            context["state"] = "amendment"
        else:
            trip = saved.trip
            context.update({"state": "saved", "saved_at": clock.now(), "trip": trip})
    context["live"] = _engine(declaration, trip.traveller, facts, trip)
    return render(request, "web/trips/_declare_autosave.html", context)


@login_required
@require_POST
def trip_assess(request: HttpRequest) -> HttpResponse:
    """The live assessment of the form as posted, saving nothing (a new trip before its first save)."""
    person = _own_person_or_404(request)
    declaration = Declaration(request.POST)
    live: dict[str, Any] = {"assessment": None, "problems": []}
    if declaration.is_complete():
        declaration.validate()
        live = _engine(declaration, person, declaration.facts(), None)
    return render(request, "web/trips/_declare_assessment.html", {"live": live})


# --- Fast entry --------------------------------------------------------------------------------


def _where(problem: fastentry.Problem) -> str:
    """Where a fast-entry problem is (``line 2, leg 1``), in the user's language; nothing for the
    whole text or file (the message is shown beside that field)."""
    return "" if problem.where in ("file", "text", "") else problem.place(_)


def _parse(form: FastEntryForm) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The legs read from the text and the file, and the problems found, by form field."""
    legs: list[dict[str, Any]] = []
    problems: dict[str, list[str]] = {}
    inputs: list[tuple[str, Any]] = []
    text = (form.cleaned_data.get("text") or "").strip()
    if text:
        inputs.append(("text", fastentry.parse_text(text, default_year=clock.today().year)))
    upload = form.cleaned_data.get("file")
    if upload is not None:
        data = upload.read(fastentry.MAX_UPLOAD_BYTES + 1)
        parse = fastentry.parse_ics if form.kind() == "ics" else fastentry.parse_eml
        inputs.append(("file", parse(data)))
    for field, entry in inputs:
        legs += entry.legs
        for problem in entry.problems:
            where = _where(problem)
            reason = problem.render(_)
            problems.setdefault(field, []).append(f"{where}: {reason}" if where else reason)
    return legs, problems


def _imported_redirect(
    request: HttpRequest, trip: Trip, first: int, count: int, problems: Mapping[str, list[str]]
) -> HttpResponse:
    messages.success(
        request,
        ngettext(
            "%(count)s leg imported: check it and correct anything that is not right.",
            "%(count)s legs imported: check them and correct anything that is not right.",
            count,
        )
        % {"count": count},
    )
    for reasons in problems.values():
        for reason in reasons:
            messages.warning(request, _("Not imported: %(reason)s") % {"reason": reason})
    url = reverse("web:trip-edit", kwargs={"trip_id": trip.pk})
    return redirect(f"{url}?imported={first}-{first + count - 1}")


@login_required
@require_POST
def trip_import(request: HttpRequest, trip_id: int) -> HttpResponse:
    """Append the legs read from text, a calendar or a booking e-mail to the trip.

    A draft is saved with the new legs at once; for a submitted trip the legs are put into the
    amendment form, unsaved, for the traveller to check and save with a reason.
    """
    trip = _editable_or_404(request, trip_id)
    return _fast_entry(request, trip.traveller, trip)


def _fast_entry(request: HttpRequest, person: Person, trip: Trip | None) -> HttpResponse:
    """Read legs and add them after the journey as it stands on the page (or as stored).

    The fast-entry fields sit in the declaration form, so what was typed in the form and not
    saved yet travels with them and is kept, whether the import works or not.
    """
    amending = trip is not None and trip.status != TripStatus.DRAFT
    stored: Mapping[str, Any] = trip.facts if trip else {}
    posted = Declaration(request.POST, amending=amending)
    typed = posted.is_complete()
    if typed:
        base, title, revision = merged_facts(stored, posted.facts()), posted.title, posted.revision
    else:
        base, title, revision = dict(stored), trip.title if trip else "", trip.revision if trip else None
    form = FastEntryForm(request.POST, request.FILES)
    legs: list[dict[str, Any]] = []
    problems: dict[str, list[str]] = {}
    if form.is_valid():
        legs, problems = _parse(form)
    if not legs:
        for field, reasons in problems.items():
            for reason in reasons:
                form.add_error(field, reason)
        if typed:
            declaration = posted
        elif trip is not None:
            declaration = Declaration.from_facts(stored, title=title, revision=revision, amending=amending)
        else:
            declaration = Declaration.blank()
        return _page(request, declaration, person=person, trip=trip, fastentry_form=form, status=400)
    existing = base.get("legs")
    first = len(existing) if isinstance(existing, list) else 0
    facts = with_legs(base, legs)
    imported = list(range(first, first + len(legs)))
    note = request.POST.get("note", "") if amending else ""
    if amending:
        messages.info(request, _("The imported legs are not saved yet: check them, give a reason and save."))
        declaration = Declaration.from_facts(facts, title=title, revision=revision, amending=True, note=note)
        return _page(request, declaration, person=person, trip=trip, imported=imported)
    try:
        saved = services.trip_draft_save(
            actor=request.user, facts=facts, title=title, trip=trip, revision=revision if typed else None
        )
    except NotFound:
        raise Http404() from None
    except ApplicationError as failure:  # changed or submitted elsewhere meanwhile: keep it all, unsaved
        assert trip is not None  # a new trip has no revision to conflict with
        current = Trip.objects.select_related("traveller__unit").get(pk=trip.pk)
        declaration = Declaration.from_facts(
            facts,
            title=title,
            revision=current.revision,
            amending=current.status != TripStatus.DRAFT,
            note=note,
        )
        return _page(
            request,
            declaration,
            person=person,
            trip=current,
            imported=imported,
            error=failure.message,
            status=failure.status,
        )
    return _imported_redirect(request, saved.trip, first, len(legs), problems)
