from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "waypost.people"
    label = "people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers audit event types)
