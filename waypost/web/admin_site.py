"""The Django admin, opened to Waypost administrators (by role) and to no one else."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class WaypostAdminSite(admin.AdminSite):
    site_header = _("Waypost administration")
    site_title = _("Waypost administration")

    def has_permission(self, request: HttpRequest) -> bool:
        from waypost.people.permissions import can_use_admin  # models are not loaded when this module is

        return bool(request.user.is_active and can_use_admin(request.user))


class WaypostAdminConfig(AdminConfig):
    default_site = "waypost.web.admin_site.WaypostAdminSite"
