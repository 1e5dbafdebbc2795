"""Pages of the webhook endpoints: list, create, see (with the secret and recent deliveries), edit,
delete, send a test ping.

Only administrators over an endpoint's organisation reach these pages; for anyone else the
endpoint — and the pages themselves — answer 404, exactly like a missing one. Each view parses
the request, calls a selector or service of :mod:`waypost.notifications.webhook_endpoints` and
renders. A rejected form comes back with every value and each field's reason (status 400).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from waypost.core.errors import NotFound, ValidationFailed
from waypost.notifications import webhook_endpoints as service
from waypost.notifications.models import WebhookEndpoint, WebhookEvent

from .forms import WebhookEndpointForm

RECENT_DELIVERIES = 50


def _require_administrator(request: HttpRequest) -> None:
    if not service.may_manage_any_webhooks(request.user):
        raise Http404()


def _endpoint_or_404(request: HttpRequest, endpoint_id: int) -> WebhookEndpoint:
    try:
        return service.webhook_endpoint_get_for(request.user, endpoint_id)
    except NotFound:
        raise Http404() from None


def _event_labels() -> dict[str, str]:
    return {str(code): str(label) for code, label in WebhookEvent.choices}


@login_required
@require_GET
def webhook_list(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    endpoints = list(service.webhook_endpoint_list_for(request.user))
    return render(
        request, "web/webhooks/list.html", {"endpoints": endpoints, "event_labels": _event_labels()}
    )


def _render_form(
    request: HttpRequest, form: WebhookEndpointForm, endpoint: WebhookEndpoint | None, status: int
) -> HttpResponse:
    return render(request, "web/webhooks/form.html", {"form": form, "endpoint": endpoint}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_new(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    owners = list(service.webhook_owner_choices(request.user))
    posted = request.method == "POST"
    initial = {"owner": str(owners[0].pk)} if len(owners) == 1 else {}
    form = WebhookEndpointForm(request.POST if posted else None, owners=owners, initial=initial)
    if posted and form.is_valid():
        try:
            endpoint = service.webhook_endpoint_create(actor=request.user, **form.values())
        except ValidationFailed as error:
            form.add_service_errors(error.fields, error.message)
        else:
            messages.success(
                request,
                _("The endpoint was added. Give its secret to the receiver: it checks each signature."),
            )
            return redirect("web:webhook-detail", endpoint_id=endpoint.pk)
    return _render_form(request, form, None, 400 if posted else 200)


@login_required
@require_GET
def webhook_detail(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """The endpoint, its secret and its most recent deliveries."""
    endpoint = _endpoint_or_404(request, endpoint_id)
    deliveries = list(service.webhook_delivery_list_for(request.user, endpoint)[:RECENT_DELIVERIES])
    labels = _event_labels()
    context: dict[str, Any] = {
        "endpoint": endpoint,
        "deliveries": deliveries,
        "events": [labels.get(code, code) for code in endpoint.events],
    }
    return render(request, "web/webhooks/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_edit(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(request, endpoint_id)
    owners = list(service.webhook_owner_choices(request.user))
    posted = request.method == "POST"
    initial = {
        "owner": str(endpoint.owner_id),
        "url": endpoint.url,
        "description": endpoint.description,
        "events": list(endpoint.events),
        "is_active": endpoint.is_active,
    }
    form = WebhookEndpointForm(request.POST if posted else None, owners=owners, editing=True, initial=initial)
    if posted and form.is_valid():
        try:
            service.webhook_endpoint_update(actor=request.user, endpoint=endpoint, changes=form.values())
        except NotFound:
            raise Http404() from None
        except ValidationFailed as error:
            form.add_service_errors(error.fields, error.message)
        else:
            messages.success(request, _("The endpoint was saved."))
            return redirect("web:webhook-detail", endpoint_id=endpoint.pk)
    return _render_form(request, form, endpoint, 400 if posted else 200)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_delete(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    """Ask, then delete the endpoint and its delivery history."""
    endpoint = _endpoint_or_404(request, endpoint_id)
    if request.method == "GET":
        return render(request, "web/webhooks/delete.html", {"endpoint": endpoint})
    try:
        service.webhook_endpoint_delete(actor=request.user, endpoint=endpoint)
    except NotFound:
        raise Http404() from None
    messages.success(request, _("The endpoint was deleted."))
    return redirect("web:webhook-list")


@login_required
@require_POST
def webhook_ping(request: HttpRequest, endpoint_id: int) -> HttpResponse:
    endpoint = _endpoint_or_404(request, endpoint_id)
    try:
        service.webhook_endpoint_ping(actor=request.user, endpoint=endpoint)
    except NotFound:
        raise Http404() from None
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A test ping was queued; its delivery appears below."))
    return redirect("web:webhook-detail", endpoint_id=endpoint.pk)
