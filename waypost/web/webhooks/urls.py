"""Routes of the webhook pages (administrators over the endpoint's organisation)."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("webhooks/", views.webhook_list, name="webhook-list"),
    path("webhooks/new/", views.webhook_new, name="webhook-new"),
    path("webhooks/<int:endpoint_id>/", views.webhook_detail, name="webhook-detail"),
    path("webhooks/<int:endpoint_id>/edit/", views.webhook_edit, name="webhook-edit"),
    path("webhooks/<int:endpoint_id>/delete/", views.webhook_delete, name="webhook-delete"),
    path("webhooks/<int:endpoint_id>/ping/", views.webhook_ping, name="webhook-ping"),
]
