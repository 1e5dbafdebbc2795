"""Routes of one's own account: personal API tokens and the calendar address (namespace ``api``)."""

from __future__ import annotations

from django.urls import path

from .views import CalendarApi, CalendarResetApi, TokenListApi, TokenRevokeApi

urlpatterns = [
    path("me/tokens/", TokenListApi.as_view(), name="me-tokens"),
    path("me/tokens/<int:token_id>/revoke/", TokenRevokeApi.as_view(), name="me-token-revoke"),
    path("me/calendar/", CalendarApi.as_view(), name="me-calendar"),
    path("me/calendar/reset/", CalendarResetApi.as_view(), name="me-calendar-reset"),
]
