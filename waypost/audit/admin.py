from django.contrib import admin
from django.http import HttpRequest

from waypost.people.admin_base import AdministratorModelAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(AdministratorModelAdmin):
    """Read-only: the audit log is append-only, even for administrators."""

    list_display = ["seq", "occurred_at", "action", "actor_label", "target_label"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "request_id"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
