"""The outbox: every notification is a row written in the same transaction as the change.

The worker delivers pending e-mail rows (and marks them sent); in-app rows are read on the
recipient's pages. Subjects and bodies are rendered at delivery, in the recipient's language,
from the ``kind`` and its ``params`` (see :mod:`waypost.notifications.kinds`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypost.people.models import Person


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    IN_APP = "in_app", _("In the app")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    #: Reminders carry a key so the same reminder is written once (per recipient and channel).
    dedupe_key = models.CharField(max_length=200, blank=True)
    #: Delivery is not tried before this time (retries back off).
    not_before = models.DateTimeField(null=True, blank=True)
    #: While ``sending``, the time the worker claimed the row; a stale claim is retried.
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [
            models.Index(fields=("channel", "status"), name="notification_queue"),
            models.Index(fields=("recipient", "channel", "read_at"), name="notification_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=("recipient", "channel", "dedupe_key"),
                condition=~Q(dedupe_key=""),
                name="notification_dedupe",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.channel}, {self.status})"


class CalendarFeed(models.Model):
    """A secret URL serving one person's trips and deadlines as an ``.ics`` calendar."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar of {self.person_id}"
