from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "waypost.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from . import events  # noqa: F401  (registers audit event types)
