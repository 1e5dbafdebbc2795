"""Routes of debriefs, the contacts register and the trip record, inside the ``api`` namespace."""

from __future__ import annotations

from django.urls import path

from . import record_views, views

urlpatterns = [
    path("trips/<int:trip_id>/debrief/", views.DebriefApi.as_view(), name="trips-debrief"),
    path(
        "trips/<int:trip_id>/debrief/submit/", views.DebriefSubmitApi.as_view(), name="trips-debrief-submit"
    ),
    path(
        "trips/<int:trip_id>/debrief/review/", views.DebriefReviewApi.as_view(), name="trips-debrief-review"
    ),
    path("debriefs/", views.DebriefListApi.as_view(), name="debriefs-list"),
    path("contacts/", views.ContactListApi.as_view(), name="contacts-list"),
    path("contacts/suggestions/", views.SuggestionListApi.as_view(), name="contacts-suggestions"),
    path(
        "contacts/suggestions/<int:suggestion_id>/dismiss/",
        views.SuggestionDismissApi.as_view(),
        name="contacts-suggestion-dismiss",
    ),
    path("contacts/<int:contact_id>/", views.ContactDetailApi.as_view(), name="contacts-detail"),
    path("contacts/<int:contact_id>/merge/", views.ContactMergeApi.as_view(), name="contacts-merge"),
    path("trips/<int:trip_id>/record/", record_views.TripRecordApi.as_view(), name="trips-record"),
    path("trips/<int:trip_id>/record.pdf", record_views.TripRecordPdfApi.as_view(), name="trips-record-pdf"),
]
