from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

CALENDAR_FEED_RESET = register("calendar_feed.reset", _("Calendar feed address created or changed"))
WEBHOOK_ENDPOINT_CREATED = register("webhook_endpoint.created", _("Webhook endpoint created"))
WEBHOOK_ENDPOINT_UPDATED = register("webhook_endpoint.updated", _("Webhook endpoint changed"))
WEBHOOK_ENDPOINT_DELETED = register("webhook_endpoint.deleted", _("Webhook endpoint deleted"))
WEBHOOK_ENDPOINT_PINGED = register("webhook_endpoint.pinged", _("Webhook test ping sent"))
