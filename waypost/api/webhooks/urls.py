"""Routes of the webhook endpoints, inside the ``api`` namespace under /api/v1/."""

from __future__ import annotations

from django.urls import path

from .views import WebhookDeliveryListApi, WebhookDetailApi, WebhookListApi, WebhookPingApi

urlpatterns = [
    path("webhooks/", WebhookListApi.as_view(), name="webhooks-list"),
    path("webhooks/<int:endpoint_id>/", WebhookDetailApi.as_view(), name="webhooks-detail"),
    path(
        "webhooks/<int:endpoint_id>/deliveries/",
        WebhookDeliveryListApi.as_view(),
        name="webhooks-deliveries",
    ),
    path("webhooks/<int:endpoint_id>/ping/", WebhookPingApi.as_view(), name="webhooks-ping"),
]
