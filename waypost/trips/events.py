from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

TRIP_CREATED = register("trip.created", _("Trip declared"))
TRIP_ASSESSED = register("trip.assessed", _("Trip assessed"))
