"""Routes of the inbox and the calendar feed, included from :mod:`waypost.web.urls` (namespace ``web``)."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:notification_id>/open/", views.notification_open, name="notification-open"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("account/calendar/reset/", views.calendar_feed_reset, name="calendar-feed-reset"),
]
