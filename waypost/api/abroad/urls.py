"""Routes of the traveller abroad, inside the ``api`` namespace under /api/v1/."""

from __future__ import annotations

from django.urls import path

from .views import (
    CheckInApi,
    CheckInListApi,
    IncidentAcknowledgeApi,
    IncidentActionApi,
    IncidentCloseApi,
    IncidentDetailApi,
    IncidentListApi,
    IncidentReportApi,
)

urlpatterns = [
    path("trips/<int:trip_id>/check-in/", CheckInApi.as_view(), name="trips-checkin"),
    path("trips/<int:trip_id>/check-ins/", CheckInListApi.as_view(), name="trips-checkins"),
    path("trips/<int:trip_id>/incidents/", IncidentReportApi.as_view(), name="trips-incident-report"),
    path("incidents/", IncidentListApi.as_view(), name="incidents-list"),
    path("incidents/<int:incident_id>/", IncidentDetailApi.as_view(), name="incidents-detail"),
    path(
        "incidents/<int:incident_id>/acknowledge/",
        IncidentAcknowledgeApi.as_view(),
        name="incidents-acknowledge",
    ),
    path("incidents/<int:incident_id>/actions/", IncidentActionApi.as_view(), name="incidents-actions"),
    path("incidents/<int:incident_id>/close/", IncidentCloseApi.as_view(), name="incidents-close"),
]
