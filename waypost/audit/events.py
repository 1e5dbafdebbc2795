from django.utils.translation import gettext_lazy as _

from .registry import register

AUDIT_LOG_VIEWED = register("audit.viewed", _("Audit log viewed"), sensitive_read=True)
AUDIT_LOG_EXPORTED = register("audit.exported", _("Audit log exported"), sensitive_read=True)
