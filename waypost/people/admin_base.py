from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .permissions import can_use_admin


class AdministratorPermissions:
    """Model permissions follow the administrator role, not Django's per-model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_use_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_use_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_use_admin(request.user)


class AdministratorModelAdmin(AdministratorPermissions, admin.ModelAdmin):
    pass


class AdministratorTabularInline(AdministratorPermissions, admin.TabularInline):
    pass
