from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebriefsConfig(AppConfig):
    name = "waypost.debriefs"
    label = "debriefs"
    verbose_name = _("Debriefs and contacts")
