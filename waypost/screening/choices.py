from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubjectSource(models.TextChoices):
    """Where a screened name came from."""

    MEETING = "meeting", _("Planned meeting")
    EVENT_HOST = "event_host", _("Event host")
    CONTACT = "contact", _("Contact")
    MANUAL = "manual", _("Entered by hand")


class SubjectKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    UNKNOWN = "unknown", _("Unknown")


class HitStatus(models.TextChoices):
    """An officer confirms a hit (the contact is the listed party) or clears it (a namesake)."""

    OPEN = "open", pgettext_lazy("hit status", "Open")
    CONFIRMED = "confirmed", _("Confirmed")
    CLEARED = "cleared", _("Cleared")
    #: The list entry was removed from the list while the hit was open: nothing left to decide.
    WITHDRAWN = "withdrawn", _("Withdrawn: entry removed from the list")
