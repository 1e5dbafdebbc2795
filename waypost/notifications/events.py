from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

CALENDAR_FEED_RESET = register("calendar_feed.reset", _("Calendar feed address created or changed"))
