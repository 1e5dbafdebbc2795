from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

DEBRIEF_DRAFT_SAVED = register("debrief.draft_saved", _("Debrief draft saved"))
DEBRIEF_SUBMITTED = register("debrief.submitted", _("Debrief submitted"))
DEBRIEF_REVIEWED = register("debrief.reviewed", _("Debrief reviewed"))
DEBRIEF_VIEWED = register("debrief.viewed", _("Debrief viewed"), sensitive_read=True)
CONTACT_REGISTERED = register("contact.registered", _("Contact added to the register"))
CONTACT_MERGED = register("contact.merged", _("Contacts merged"))
CONTACT_NOT_SAME = register("contact.not_same", _("Contacts marked as not the same"))
CONTACT_VIEWED = register("contact.viewed", _("Contact viewed"), sensitive_read=True)
TRIP_RECORD_EXPORTED = register("trip.record_exported", _("Trip record exported"), sensitive_read=True)
