"""Input and output shapes of the inbox endpoints."""

from __future__ import annotations

from rest_framework import serializers

from waypost.notifications.kinds import render
from waypost.notifications.models import Notification


class NotificationOutput(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField(help_text="In the language of the request")
    body = serializers.SerializerMethodField(help_text="In the language of the request")
    url = serializers.CharField(help_text="Path of the page it is about on this site, or empty")
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "params", "subject", "body", "url", "created_at", "read_at", "unread"]

    def get_subject(self, notification: Notification) -> str:
        return render(notification.kind, notification.params).subject

    def get_body(self, notification: Notification) -> str:
        return render(notification.kind, notification.params).body

    def get_unread(self, notification: Notification) -> bool:
        return notification.read_at is None


class InboxFilterInput(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False, help_text="Only unread notifications")


class ReadAllOutput(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are now read")
