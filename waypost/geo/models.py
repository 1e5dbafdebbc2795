"""Country groups that officers define themselves, beside the groups shipped as data files.

Shipped groups (``waypost/geo/data/country_groups``) are read-only and cited; a custom group belongs
to an organisation-tree node, is edited by the security officers over that node, and may be named in
guidance like any shipped group. Ids share one namespace with the shipped groups.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypost.people.models import OrgNode


class CustomCountryGroupQuerySet(models.QuerySet["CustomCountryGroup"]):
    def visible_to(self, user: object) -> CustomCountryGroupQuerySet:
        """Groups owned along the actor's own path (they may apply to them) or in subtrees they oversee."""
        from waypost.people.choices import AccessRole
        from waypost.people.scoping import scope_for

        scope = scope_for(user)
        if scope.is_anonymous:
            return self.none()
        condition = Q(owner_id__in=scope.own_path_node_ids)
        for path in scope.subtree_paths(
            AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR
        ):
            condition |= Q(owner__path__startswith=path)
        return self.filter(condition)


class CustomCountryGroup(models.Model):
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    owner = models.ForeignKey(
        OrgNode, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="country_groups"
    )
    names = models.JSONField(_("names"), default=dict, help_text=_("Name per language: en, de, zh-hans."))
    members = models.JSONField(_("members"), default=list, help_text=_("ISO 3166-1 alpha-2 codes."))
    source = models.CharField(_("source"), max_length=500, blank=True)
    as_of = models.DateField(_("as of"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CustomCountryGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("country group")
        verbose_name_plural = _("country groups")
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.slug

    @property
    def audit_org_path(self) -> str:
        return self.owner.path
