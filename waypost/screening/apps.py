from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "waypost.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers audit event types)
