"""The one place Waypost customises django-allauth: no self sign-up, audited sign-ins."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest

from waypost.audit.services import record

from . import events


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts are created by administrators or the people import, never by sign-up."""
        return False

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        with transaction.atomic():
            record(
                event=events.USER_LOGGED_IN,
                actor=user,
                target_type="auth.user",
                target_id=str(user.pk),
                target_label=user.get_username(),
            )

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        super().authentication_failed(request, **credentials)
        with transaction.atomic():
            record(
                event=events.USER_LOGIN_FAILED,
                actor=None,
                target_type="auth.user",
                target_label=str(credentials.get("email") or credentials.get("username") or "")[:255],
            )
