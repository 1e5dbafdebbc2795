"""Pages of the invitations register: list, record, read, correct, decide.

Each view parses the request, calls a selector or service of :mod:`waypost.trips.invitations`
and renders. An invitation the actor may not see, or may see but not act on here, answers 404,
exactly like a missing one. A rejected form is shown again with every value and each field's
reason (status 400).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.core import clock
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.geo.selectors import country_name
from waypost.trips import invitations
from waypost.trips.choices import InvitationStatus
from waypost.trips.models import Invitation

from .forms import InvitationDecideForm, InvitationFilterForm, InvitationForm

PAGE_SIZE = 50


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    country_name: str


def _get_or_404(request: HttpRequest, invitation_id: int, *, audit: bool = False) -> Invitation:
    try:
        return invitations.invitation_get_for(request.user, invitation_id, audit=audit)
    except NotFound:
        raise Http404() from None


def _detail(invitation: Invitation) -> HttpResponse:
    return redirect("web:invitation-detail", invitation_id=invitation.pk)


@login_required
@require_GET
def invitation_list(request: HttpRequest) -> HttpResponse:
    form = InvitationFilterForm(request.GET or None)
    status = form.cleaned_data.get("status") if form.is_bound and form.is_valid() else ""
    listed = invitations.invitation_list_for(request.user, status=status or None)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [InvitationRow(invitation, country_name(invitation.country)) for invitation in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "may_record": invitations.can_record_invitations(request.user),
    }
    return render(request, "web/invitations/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_new(request: HttpRequest) -> HttpResponse:
    if not invitations.can_record_invitations(request.user):
        raise Http404()
    for_others = invitations.can_record_invitations_for_others(request.user)
    posted = request.method == "POST"
    form = InvitationForm(
        request.POST if posted else None, for_others=for_others, initial={"received_on": clock.today()}
    )
    if posted and form.is_valid():
        try:
            invitee = None
            if for_others and form.cleaned_data.get("invitee"):
                invitee = invitations.invitee_get_for(request.user, email=form.cleaned_data["invitee"])
            invitation = invitations.invitation_create(actor=request.user, invitee=invitee, **form.values())
        except ValidationFailed as error:
            form.add_service_errors(error.fields, error.message)
        except PermissionDenied as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The invitation was recorded. Decide on it when you are ready."))
            return _detail(invitation)
    return render(
        request,
        "web/invitations/form.html",
        {"form": form, "invitation": None},
        status=400 if posted else 200,
    )


def _render_detail(
    request: HttpRequest, invitation: Invitation, decide_form: InvitationDecideForm, status: int = 200
) -> HttpResponse:
    pending = invitation.status == InvitationStatus.PENDING
    context: dict[str, Any] = {
        "invitation": invitation,
        "country_name": country_name(invitation.country),
        "can_decide": pending and invitations.can_decide_invitation(request.user, invitation),
        "can_edit": pending and invitations.can_edit_invitation(request.user, invitation),
        "decide_form": decide_form,
    }
    return render(request, "web/invitations/detail.html", context, status=status)


@login_required
@require_GET
def invitation_detail(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _get_or_404(request, invitation_id, audit=True)
    return _render_detail(request, invitation, InvitationDecideForm())


@login_required
@require_http_methods(["GET", "POST"])
def invitation_edit(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _get_or_404(request, invitation_id)
    if not invitations.can_edit_invitation(request.user, invitation):
        raise Http404()
    if invitation.status != InvitationStatus.PENDING:
        messages.error(request, _("This invitation was already decided; it can no longer be changed."))
        return _detail(invitation)
    posted = request.method == "POST"
    initial = {name: getattr(invitation, name) for name in invitations.EDITABLE_FIELDS}
    form = InvitationForm(request.POST if posted else None, initial=initial)
    if posted and form.is_valid():
        try:
            invitations.invitation_update(actor=request.user, invitation=invitation, **form.values())
        except ValidationFailed as error:
            form.add_service_errors(error.fields, error.message)
        except Conflict as error:
            messages.error(request, error.message)
            return _detail(invitation)
        else:
            messages.success(request, _("The invitation was saved."))
            return _detail(invitation)
    return render(
        request,
        "web/invitations/form.html",
        {"form": form, "invitation": invitation},
        status=400 if posted else 200,
    )


@login_required
@require_POST
def invitation_decide(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = _get_or_404(request, invitation_id)
    if not invitations.can_decide_invitation(request.user, invitation):
        raise Http404()
    form = InvitationDecideForm(request.POST)
    if form.is_valid():
        try:
            decided = invitations.invitation_decide(
                actor=request.user,
                invitation=invitation,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as error:
            form.add_service_errors(error.fields, error.message)
        except Conflict as error:
            messages.error(request, error.message)
            return _detail(invitation)
        else:
            if decided.status == InvitationStatus.ACCEPTED:
                messages.success(
                    request,
                    _("Accepted. A draft trip was started for the event: add how you travel there."),
                )
            else:
                messages.success(request, _("Declined. The invitation stays on record."))
            return _detail(decided)
    return _render_detail(request, invitation, form, status=400)
