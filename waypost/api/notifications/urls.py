"""Routes of the inbox endpoints, included from :mod:`waypost.api.urls` (namespace ``api``)."""

from __future__ import annotations

from django.urls import path

from .views import NotificationListApi, NotificationReadAllApi, NotificationReadApi

urlpatterns = [
    path("notifications/", NotificationListApi.as_view(), name="notifications-list"),
    path("notifications/read-all/", NotificationReadAllApi.as_view(), name="notifications-read-all"),
    path(
        "notifications/<int:notification_id>/read/",
        NotificationReadApi.as_view(),
        name="notifications-read",
    ),
]
