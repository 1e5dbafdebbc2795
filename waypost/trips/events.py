from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

TRIP_CREATED = register("trip.created", _("Trip declared"))
TRIP_ASSESSED = register("trip.assessed", _("Trip assessed"))
TRIP_DRAFT_SAVED = register("trip.draft_saved", _("Trip draft saved"))
TRIP_SUBMITTED = register("trip.submitted", _("Trip submitted"))
TRIP_DECIDED = register("trip.decided", _("Trip review step decided"))
TRIP_REVIEW_COMPLETED = register("trip.review_completed", _("Trip review completed"))
TRIP_AMENDED = register("trip.amended", _("Trip amended"))
TRIP_PROCEEDED = register("trip.proceeded", _("Traveller proceeds against advice"))
TRIP_CANCELLED = register("trip.cancelled", _("Trip cancelled"))
TRIP_DEPARTED = register("trip.departed", _("Trip started"))
TRIP_BRIEFING_ACKNOWLEDGED = register("trip.briefing_acknowledged", _("Briefing acknowledged"))
DELEGATE_SET = register("trip.delegate_set", _("Approval delegate set"))
DELEGATE_REMOVED = register("trip.delegate_removed", _("Approval delegate removed"))
TRIP_VIEWED = register("trip.viewed", _("Trip viewed"))
