from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from waypost.people.permissions import can_use_admin


class AdminOnlyForAdministratorsMiddleware:
    """The Django admin exists only for administrators; everyone else gets the same 404 as a missing page.

    Anonymous visitors still reach the admin's login, which allauth handles.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.path.startswith("/admin/")
            and request.user.is_authenticated
            and not can_use_admin(request.user)
        ):
            raise Http404()
        return self.get_response(request)
