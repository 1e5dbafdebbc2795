from django.db import models
from django.utils.translation import gettext_lazy as _


class TripStatus(models.TextChoices):
    """The statuses of DESIGN.md §2, in the order a trip passes through them."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ADVISED_AGAINST = "advised_against", _("Advised against")
    TRAVELLING = "travelling", _("Travelling")
    RETURNED = "returned", _("Returned")
    DEBRIEF_DUE = "debrief_due", _("Debrief due")
    DEBRIEFED = "debriefed", _("Debriefed")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


#: Trips whose assessment can still matter: not finished, not cancelled, not yet back.
OPEN_STATUSES = (
    TripStatus.DRAFT,
    TripStatus.SUBMITTED,
    TripStatus.IN_REVIEW,
    TripStatus.APPROVED,
    TripStatus.ACKNOWLEDGED,
    TripStatus.ADVISED_AGAINST,
    TripStatus.TRAVELLING,
)
