from django.utils.translation import gettext_lazy as _

from waypost.audit.registry import register

COUNTRY_GROUP_CREATED = register("country_group.created", _("Country group created"))
COUNTRY_GROUP_UPDATED = register("country_group.updated", _("Country group updated"))
