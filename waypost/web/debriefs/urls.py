from django.urls import path

from . import contact_views, record_views, views

urlpatterns = [
    path("trips/<int:trip_id>/debrief/", views.debrief, name="debrief"),
    path("trips/<int:trip_id>/debrief/review/", views.debrief_review, name="debrief-review"),
    path("debriefs/", views.debrief_list, name="debrief-list"),
    path("contacts/", contact_views.contact_list, name="contact-list"),
    path("contacts/suggestions/", contact_views.suggestion_list, name="contact-suggestions"),
    path(
        "contacts/suggestions/<int:suggestion_id>/dismiss/",
        contact_views.suggestion_dismiss,
        name="contact-suggestion-dismiss",
    ),
    path("contacts/<int:contact_id>/", contact_views.contact_detail, name="contact-detail"),
    path("contacts/<int:contact_id>/merge/", contact_views.contact_merge, name="contact-merge"),
    path("trips/<int:trip_id>/record.pdf", record_views.trip_record_pdf, name="trip-record-pdf"),
    path("trips/<int:trip_id>/record.json", record_views.trip_record_json, name="trip-record-json"),
]
