"""Routes of the declaration form (new, edit, autosave, live assessment, fast entry)."""

from __future__ import annotations

from django.urls import path

from . import declare

urlpatterns = [
    path("trips/new/", declare.trip_new, name="trip-new"),
    path("trips/assess/", declare.trip_assess, name="trip-assess"),
    path("trips/<int:trip_id>/edit/", declare.trip_edit, name="trip-edit"),
    path("trips/<int:trip_id>/autosave/", declare.trip_autosave, name="trip-autosave"),
    path("trips/<int:trip_id>/import/", declare.trip_import, name="trip-import"),
]
