"""The outbox: every notification is a row written in the same transaction as the change.

The worker delivers pending e-mail rows (and marks them sent); in-app rows are read on the
recipient's pages. Subjects and bodies are rendered at delivery, in the recipient's language,
from the ``kind`` and its ``params`` (see :mod:`waypost.notifications.kinds`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypost.people.models import OrgNode, Person


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


class WebhookEvent(models.TextChoices):
    """The events an endpoint may subscribe to (``ping`` is sent on request, to every endpoint)."""

    INCIDENT_CREATED = "incident.created", _("Incident reported")
    TRIP_SUBMITTED = "trip.submitted", _("Trip submitted")
    TRIP_DECIDED = "trip.decided", _("Trip review completed")
    HIT_RAISED = "hit.raised", _("Screening hit raised")
    DEBRIEF_OVERDUE = "debrief.overdue", _("Debrief overdue")


#: The event of a test delivery asked for by an administrator; not subscribable.
WEBHOOK_PING = "ping"


class WebhookDeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


def webhook_secret() -> str:
    """A new signing secret: 32 random bytes, URL-safe base64 (43 characters)."""
    import secrets

    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """An HTTP(S) address that receives the subscribed events of ``owner``'s subtree, signed with ``secret``.

    Managed by the administrators over ``owner``. Every request is signed with HMAC-SHA256 of the
    secret (see :mod:`waypost.notifications.webhooks`); the secret is generated at creation and
    shown to those administrators only.
    """

    owner = models.ForeignKey(
        OrgNode, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("address"), max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    description = models.CharField(_("description"), max_length=300, blank=True)
    #: Codes of :class:`WebhookEvent`.
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=100, default=webhook_secret, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("owner__path", "url", "pk")
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.url

    @property
    def audit_org_path(self) -> str:
        return self.owner.path


class WebhookDelivery(models.Model):
    """One event for one endpoint: the outbox row, ``pending`` → ``sending`` → ``delivered`` or ``failed``.

    ``event_id`` is the same for every endpoint the event goes to and for every retry: receivers
    de-duplicate on it (delivery is at least once).
    """

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40)
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WebhookDeliveryStatus.choices,
        default=WebhookDeliveryStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    #: Delivery is not tried before this time (retries back off).
    not_before = models.DateTimeField(null=True, blank=True)
    #: While ``sending``, the time the worker claimed the row; a stale claim is retried.
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last response"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            # The worker's query: due rows (pending, not_before passed) and stale `sending` claims.
            models.Index(fields=("status", "not_before"), name="webhook_delivery_queue"),
            # An endpoint's page: its recent deliveries.
            models.Index(fields=("endpoint", "-created_at"), name="webhook_delivery_recent"),
        ]
        constraints = [
            models.UniqueConstraint(fields=("endpoint", "event_id"), name="webhook_delivery_once"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} → {self.endpoint_id} ({self.status})"
