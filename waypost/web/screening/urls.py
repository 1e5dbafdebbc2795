from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("screening/hits/", views.hit_list, name="hit-list"),
    path("screening/hits/<int:hit_id>/", views.hit_detail, name="hit-detail"),
    path("screening/lists/", views.list_status, name="screening-lists"),
]
