"""Routes of trips seen after the form: list, detail, workflow actions, versions, briefings, reviews."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("trips/", views.trip_list, name="trip-list"),
    path("trips/<int:trip_id>/", views.trip_detail, name="trip-detail"),
    path("trips/<int:trip_id>/transition/", views.trip_transition, name="trip-transition"),
    path("trips/<int:trip_id>/versions/<int:number>/", views.trip_version, name="trip-version"),
    path("trips/<int:trip_id>/briefings/<int:briefing_id>/", views.trip_briefing, name="trip-briefing"),
    path("reviews/", views.review_queue, name="review-queue"),
    path("delegates/", views.delegates, name="delegates"),
    path("delegates/<int:delegation_id>/remove/", views.delegate_remove, name="delegate-remove"),
]
