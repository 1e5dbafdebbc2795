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

#: A review has ended with one of these; the traveller may then travel (or cancel).
DECIDED_STATUSES = (TripStatus.APPROVED, TripStatus.ACKNOWLEDGED, TripStatus.ADVISED_AGAINST)

#: Statuses in which the traveller may still amend the declaration.
AMENDABLE_STATUSES = (TripStatus.SUBMITTED, TripStatus.IN_REVIEW, *DECIDED_STATUSES)


class ApproverRole(models.TextChoices):
    """Who reviews a step of the approval chain, in the order the chain runs."""

    MANAGER = "manager", _("Manager")
    SECURITY_OFFICER = "security_officer", _("Security officer")


class Decision(models.TextChoices):
    APPROVE = "approve", _("Approve")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    ADVISE_AGAINST = "advise_against", _("Advise against")


class InvitationChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone or message")
    WEBSITE = "website", _("Website or platform")
    OTHER = "other", _("Other")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
