from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DebriefStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("debrief status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("debrief status", "Submitted")
    REVIEWED = "reviewed", pgettext_lazy("debrief status", "Reviewed")


class DebriefOutcome(models.TextChoices):
    """What the security officer concluded from a debrief."""

    CLOSED = "closed", _("Closed: nothing further")
    FOLLOW_UP = "follow_up", _("Follow-up needed")


class HowMet(models.TextChoices):
    MEETING = "meeting", _("Arranged meeting")
    EVENT = "event", _("At an event or conference")
    SOCIAL = "social", _("Social occasion or meal")
    CHANCE = "chance", _("By chance")
    ONLINE = "online", _("Online or by phone")
    OTHER = "other", _("Other")


class EncounterSource(models.TextChoices):
    PLANNED = "planned", _("Planned meeting")
    DEBRIEF = "debrief", _("Reported in a debrief")


class ContactKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("merge suggestion", "Open")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Not the same")
