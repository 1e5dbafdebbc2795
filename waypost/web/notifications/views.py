"""The in-app inbox and the calendar feed. Each view parses, calls a selector or service, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST, require_safe

from waypost.core.errors import NotFound
from waypost.notifications import selectors, services
from waypost.notifications.calendar import calendar_for
from waypost.notifications.kinds import render as render_kind

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    # Rendered in the reader's current language, whatever language the change was made in.
    items = [(notification, render_kind(notification.kind, notification.params)) for notification in page]
    return render(request, "web/notifications/list.html", {"page": page, "items": items})


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one's own notification read and follow its link (another's answers 404)."""
    try:
        notification = services.mark_read(request.user, notification_id)
    except NotFound:
        raise Http404() from None
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("web:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.", "%(count)d notifications marked as read.", count
            )
            % {"count": count},
        )
    return redirect("web:notifications")


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The ``.ics`` feed behind a secret address; calendar apps fetch it without signing in."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None:
        raise Http404()
    response = HttpResponse(calendar_for(feed.person), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="waypost.ics"'
    response["Cache-Control"] = "private, max-age=300"
    # The address is the secret: never pass it on as a referrer.
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_POST
def calendar_feed_reset(request: HttpRequest) -> HttpResponse:
    """Create one's calendar address, or replace it (the old one stops working at once)."""
    try:
        services.calendar_feed_reset(actor=request.user)
    except NotFound:
        raise Http404() from None
    messages.success(request, _("Your calendar address is ready. Any previous address no longer works."))
    return redirect("web:profile")
