from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("screening/hits/", views.HitListApi.as_view(), name="hits-list"),
    path("screening/hits/<int:hit_id>/", views.HitDetailApi.as_view(), name="hits-detail"),
    path("screening/hits/<int:hit_id>/decide/", views.HitDecideApi.as_view(), name="hits-decide"),
    path("screening/lists/", views.ListStatusApi.as_view(), name="lists-status"),
    path("screening/screen/", views.ScreenApi.as_view(), name="screen"),
]
