from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("trips/", views.TripListApi.as_view(), name="trips-list"),
    path("trips/parse-itinerary/", views.ItineraryParseApi.as_view(), name="itinerary-parse"),
    path("trips/<int:trip_id>/", views.TripDetailApi.as_view(), name="trips-detail"),
    path("trips/<int:trip_id>/transition/", views.TripTransitionApi.as_view(), name="trips-transition"),
    path("trips/<int:trip_id>/amend/", views.TripAmendApi.as_view(), name="trips-amend"),
    path("trips/<int:trip_id>/versions/", views.TripVersionListApi.as_view(), name="trips-versions"),
    path(
        "trips/<int:trip_id>/versions/<int:number>/",
        views.TripVersionDetailApi.as_view(),
        name="trips-version-detail",
    ),
    path("trips/<int:trip_id>/briefings/", views.TripBriefingListApi.as_view(), name="trips-briefings"),
    path(
        "trips/<int:trip_id>/briefings/<int:briefing_id>/acknowledge/",
        views.TripBriefingAcknowledgeApi.as_view(),
        name="trips-briefing-acknowledge",
    ),
    path("reviews/", views.ReviewQueueApi.as_view(), name="reviews-list"),
    path("delegates/", views.DelegateListApi.as_view(), name="delegates-list"),
    path("delegates/<int:delegation_id>/", views.DelegateDetailApi.as_view(), name="delegates-detail"),
]
