"""Input and output shapes of the webhook endpoints and their deliveries.

Inputs only parse types; the rules (an http(s) address, known events and at least one, an
organisation the caller administers) are the service's, and its errors name the same fields.
"""

from __future__ import annotations

from rest_framework import serializers

from waypost.notifications.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

EVENTS_HELP = f"Codes, at least one of: {', '.join(WebhookEvent.values)}"


class WebhookEndpointInput(serializers.Serializer):
    owner = serializers.IntegerField(help_text="Id of an organisation node you administer")
    url = serializers.CharField(allow_blank=True, help_text="An http:// or https:// address")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    events = serializers.ListField(child=serializers.CharField(), help_text=EVENTS_HELP)


class WebhookEndpointPatch(serializers.Serializer):
    """Only the fields given are changed."""

    owner = serializers.IntegerField(required=False)
    url = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    events = serializers.ListField(child=serializers.CharField(), required=False, help_text=EVENTS_HELP)
    is_active = serializers.BooleanField(required=False)


class WebhookEndpointOutput(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    secret = serializers.CharField(
        read_only=True, help_text="Signing secret: HMAC-SHA256 key of the Waypost-Signature header"
    )

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "owner",
            "owner_name",
            "url",
            "description",
            "events",
            "is_active",
            "secret",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class WebhookDeliveryOutput(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "event_id",
            "status",
            "attempts",
            "not_before",
            "last_status_code",
            "last_error",
            "created_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields
