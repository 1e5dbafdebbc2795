from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class AdvisoryLevel(models.TextChoices):
    """The engine's advisory levels, in order of strictness."""

    NONE = "none", _("No advisory")
    CAUTION = "caution", _("Caution")
    ADVISED_AGAINST = "advised_against", _("Advised against")
    NOT_PERMITTED = "not_permitted", _("Not permitted")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
