"""Pages of the contacts register: the list, one contact with every meeting, merge suggestions.

The register is for security officers, auditors and administrators: to anyone else these pages
do not exist (404). Only security officers and administrators merge contacts or dismiss a
suggestion; to an auditor the forms are not shown and a posted one answers 404, as a contact
one may not see does. A refused merge (into itself, an unknown or already merged contact) comes
back on the contact's page with the reason next to the form (status 400).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from waypost.core.errors import NotFound, PermissionDenied, ValidationFailed
from waypost.debriefs import register, selectors
from waypost.debriefs.choices import ContactKind, EncounterSource, HowMet
from waypost.debriefs.models import Contact, Encounter, MergeSuggestion
from waypost.geo.selectors import country_name
from waypost.people.choices import AccessRole
from waypost.people.permissions import OVERSEERS
from waypost.people.scoping import scope_for

PAGE_SIZE = 50


class MergeForm(forms.Form):
    other = forms.IntegerField(
        label=gettext_lazy("Number of the contact to merge into this one"),
        min_value=1,
        error_messages={
            "required": gettext_lazy("Say which contact to merge into this one."),
            "invalid": gettext_lazy("Enter the contact's number."),
        },
    )


# --- Access ----------------------------------------------------------------------------------------


def _overseer_or_404(request: HttpRequest) -> None:
    if not scope_for(request.user).subtree_paths(*OVERSEERS):
        raise Http404()


def _may_merge(request: HttpRequest) -> bool:
    """Security officers and administrators merge; auditors only look."""
    return bool(scope_for(request.user).subtree_paths(AccessRole.SECURITY_OFFICER, AccessRole.ADMINISTRATOR))


def _contact_or_404(request: HttpRequest, contact_id: int, *, audit: bool = False) -> Contact:
    try:
        return selectors.contact_get_for(actor=request.user, contact_id=contact_id, audit=audit)
    except NotFound:
        raise Http404() from None


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# --- Presentation ----------------------------------------------------------------------------------


def _place(code: str) -> str:
    return country_name(code) if code else ""


def _encounter_row(encounter: Encounter) -> dict[str, Any]:
    details: dict[str, Any] = encounter.details or {}
    how = details.get("how") or ""
    trip = encounter.trip
    return {
        "encounter": encounter,
        "trip": trip,
        "traveller": encounter.traveller,
        "planned": encounter.source == EncounterSource.PLANNED,
        "met_on": details.get("met_on") or "",
        "depart_on": trip.depart_on,
        "return_on": trip.return_on,
        "where": details.get("where") or "",
        "how": HowMet(how).label if how in HowMet.values else how,
        "role": details.get("role") or "",
        "topics": details.get("topics") or details.get("purpose") or "",
        "follow_up": details.get("follow_up") or "",
        "asked_about_work": details.get("asked_about_work") is True,
        "asked_to_stay_in_touch": details.get("asked_to_stay_in_touch") is True,
    }


def _percent(value: Any) -> int:
    try:
        return round(float(value) * 100)
    except (TypeError, ValueError):
        return 0


def _written(source: str, spelling: str) -> str:
    """A word as written, and how the matcher read it when that differs (another script)."""
    if spelling and spelling.casefold() != source.casefold():
        return _("“%(written)s” (read as “%(reading)s”)") % {"written": source, "reading": spelling}
    return f"“{source}”"


def explain(suggestion: MergeSuggestion) -> list[str]:
    """The matcher's explanation of a suggestion, as sentences an officer reads."""
    explanation: dict[str, Any] = suggestion.explanation or {}
    query = (explanation.get("query") or {}).get("text") or ""
    matched = explanation.get("matched_name") or ""
    lines = []
    if query and matched:
        lines.append(
            _("The names “%(first)s” and “%(second)s” are %(percent)s%% alike.")
            % {"first": query, "second": matched, "percent": _percent(suggestion.score)}
        )
    pairs = [pair for pair in explanation.get("pairs") or () if isinstance(pair, dict)]
    for pair in pairs:
        values = {
            "first": _written(str(pair.get("query", "")), str(pair.get("query_spelling", ""))),
            "second": _written(str(pair.get("entry", "")), str(pair.get("entry_spelling", ""))),
            "percent": _percent(pair.get("similarity")),
        }
        if pair.get("method") == "exact":
            lines.append(_("%(first)s and %(second)s are the same.") % values)
        else:
            lines.append(_("%(first)s and %(second)s are %(percent)s%% alike.") % values)
    entry_tokens = list((explanation.get("entry_name") or {}).get("tokens") or ())
    spellings = [pair.get("entry_spelling") for pair in pairs]
    if len(pairs) > 1 and [token for token in entry_tokens if token in spellings] != spellings:
        lines.append(_("The parts of the names are in a different order."))
    left = [*(explanation.get("unmatched_query") or ()), *(explanation.get("unmatched_entry") or ())]
    if left:
        lines.append(_("Without a match: %(words)s.") % {"words": ", ".join(str(word) for word in left)})
    adjustments = explanation.get("adjustments") or {}
    if isinstance(adjustments, dict):
        if (adjustments.get("country") or {}).get("delta", 0) > 0:
            lines.append(_("Both are linked to the same country."))
        if "kind" in adjustments:
            lines.append(_("One is a person, the other an organisation."))
    return lines


def _suggestion_row(suggestion: MergeSuggestion, contact: Contact | None = None) -> dict[str, Any]:
    other = None
    if contact is not None:
        other = suggestion.other if suggestion.contact_id == contact.pk else suggestion.contact
    return {
        "suggestion": suggestion,
        "other": other,
        "sides": [(side, _place(side.country)) for side in (suggestion.contact, suggestion.other)],
        "percent": _percent(suggestion.score),
        "explanation": explain(suggestion),
    }


# --- Pages -----------------------------------------------------------------------------------------


@login_required
@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    """Every live contact met in the subtrees one oversees; ``q`` searches names and organisations."""
    _overseer_or_404(request)
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.contact_list_for(actor=request.user, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    suggestions = selectors.suggestions_for(actor=request.user)
    doubtful = {pk for suggestion in suggestions for pk in (suggestion.contact_id, suggestion.other_id)}
    rows = [(contact, _place(contact.country), contact.pk in doubtful) for contact in page]
    return render(
        request,
        "web/contacts/list.html",
        {"page": page, "rows": rows, "query": query, "open_suggestions": len(suggestions)},
    )


def _render_detail(
    request: HttpRequest,
    contact: Contact,
    form: MergeForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    live = contact.merged_into_id is None
    may_merge = (
        live
        and _may_merge(request)
        and register.contacts_managed_by(request.user).filter(pk=contact.pk).exists()
    )
    suggestions = selectors.suggestions_for(actor=request.user, contact=contact) if live else []
    context = {
        "contact": contact,
        "country": _place(contact.country),
        "is_organisation": contact.kind == ContactKind.ORGANISATION,
        "encounters": [
            _encounter_row(encounter)
            for encounter in selectors.encounters_of(actor=request.user, contact=contact)
        ],
        "suggestions": [_suggestion_row(suggestion, contact) for suggestion in suggestions],
        "may_merge": may_merge,
        "form": form or MergeForm(),
        "error": error,
    }
    return render(request, "web/contacts/detail.html", context, status=status)


@login_required
@require_GET
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    """One contact with every meeting the viewer may see; a read is recorded in the audit log."""
    _overseer_or_404(request)
    return _render_detail(request, _contact_or_404(request, contact_id, audit=True))


@login_required
@require_POST
def contact_merge(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Merge the contact numbered ``other`` into this one (the one in the address is kept)."""
    _overseer_or_404(request)
    if not _may_merge(request):
        raise Http404()
    keep = _contact_or_404(request, contact_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        try:
            other = selectors.contact_get_for(actor=request.user, contact_id=form.cleaned_data["other"])
        except NotFound:
            form.add_error("other", _("There is no contact with this number in the register."))
        else:
            try:
                register.contact_merge(actor=request.user, keep=keep, other=other)
            except (NotFound, PermissionDenied):
                raise Http404() from None
            except ValidationFailed as failure:
                for reason in failure.fields.get("other", ()):
                    form.add_error("other", reason)
                if not failure.fields:
                    form.add_error(None, failure.message)
            else:
                messages.success(
                    request,
                    _("“%(other)s” was merged into “%(kept)s”: its meetings are listed here now.")
                    % {"other": other, "kept": keep},
                )
                return redirect(_back(request, _detail_url(keep)))
    keep = _contact_or_404(request, contact_id)
    return _render_detail(request, keep, form=form, status=400)


def _detail_url(contact: Contact) -> str:
    return reverse("web:contact-detail", kwargs={"contact_id": contact.pk})


@login_required
@require_GET
def suggestion_list(request: HttpRequest) -> HttpResponse:
    """Every open merge suggestion, the two contacts side by side, best score first."""
    _overseer_or_404(request)
    return _render_suggestions(request)


def _render_suggestions(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    rows = [_suggestion_row(suggestion) for suggestion in selectors.suggestions_for(actor=request.user)]
    return render(
        request,
        "web/contacts/suggestions.html",
        {"rows": rows, "may_merge": _may_merge(request), "error": error},
        status=status,
    )


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """The two contacts are different people: the pair is not suggested again."""
    _overseer_or_404(request)
    if not _may_merge(request):
        raise Http404()
    try:
        suggestion = selectors.suggestion_get_for(actor=request.user, suggestion_id=suggestion_id)
        register.suggestion_dismiss(actor=request.user, suggestion=suggestion)
    except (NotFound, PermissionDenied):
        raise Http404() from None
    except ValidationFailed as failure:
        return _render_suggestions(request, error=failure.message, status=400)
    messages.success(
        request,
        _("“%(first)s” and “%(second)s” are marked as different people.")
        % {"first": suggestion.contact, "second": suggestion.other},
    )
    return redirect(_back(request, reverse("web:contact-suggestions")))
