"""Routes of the traveller abroad: check-ins and incidents."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("trips/<int:trip_id>/check-in/", views.trip_checkin, name="trip-checkin"),
    path("trips/<int:trip_id>/check-ins/", views.trip_checkins, name="trip-checkins"),
    path("trips/<int:trip_id>/incident/", views.incident_new, name="incident-new"),
    path("incidents/", views.incident_list, name="incident-list"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="incident-detail"),
]
