"""Audit event types of the invitations register (see :mod:`waypost.audit.registry`)."""

from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

INVITATION_RECORDED = register("invitation.recorded", _("Invitation recorded"))
INVITATION_UPDATED = register("invitation.updated", _("Invitation corrected"))
INVITATION_DECIDED = register("invitation.decided", _("Invitation accepted or declined"))
INVITATION_VIEWED = register("invitation.viewed", _("Invitation viewed"), sensitive_read=True)
