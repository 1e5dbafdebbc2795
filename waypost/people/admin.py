from django.contrib import admin

from .admin_base import AdministratorModelAdmin, AdministratorTabularInline
from .models import ApiToken, OrgNode, Person, RoleAssignment


@admin.register(OrgNode)
class OrgNodeAdmin(AdministratorModelAdmin):
    list_display = ["name", "kind", "slug", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    readonly_fields = ["path"]


class RoleAssignmentInline(AdministratorTabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["node"]


@admin.register(Person)
class PersonAdmin(AdministratorModelAdmin):
    list_display = ["name_latin", "name_native", "email", "unit", "role", "sensitivity", "is_active"]
    list_filter = ["role", "sensitivity", "is_active"]
    search_fields = ["name_latin", "name_native", "email"]
    autocomplete_fields = ["unit", "manager"]
    raw_id_fields = ["user"]
    inlines = [RoleAssignmentInline]


@admin.register(ApiToken)
class ApiTokenAdmin(AdministratorModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
