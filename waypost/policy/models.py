"""Guidance documents and their versions; runs that re-assess trips after a publish.

A :class:`Guidance` is the document's identity (its id and issuer node); each
:class:`GuidanceVersion` keeps the YAML exactly as its author wrote it. Versions move
draft → published → retired through :func:`waypost.policy.services.version_transition`, and a
published or retired version is never edited again, so an assessment that names the versions it
used can be explained again years later.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypost.people.models import OrgNode

from .choices import RunStatus, VersionStatus


def _visibility(user: Any, issuer_field: str) -> Q | None:
    """Who sees guidance: everyone it applies to (published), and overseers of the issuer node.

    Returns None for the anonymous (sees nothing).
    """
    from waypost.people.choices import AccessRole
    from waypost.people.scoping import scope_for

    scope = scope_for(user)
    if scope.is_anonymous:
        return None
    overseers = scope.subtree_paths(AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR)
    oversight = Q(pk__in=[])
    for path in overseers:
        # issued inside the subtree they oversee ...
        oversight |= Q(**{f"{issuer_field}__path__startswith": path})
        # ... or issued above it, so it applies to the people they oversee
        ancestors = [seg for seg in path.strip("/").split("/") if seg]
        oversight |= Q(**{f"{issuer_field}__slug__in": ancestors})
    applies = Q(**{f"{issuer_field}_id__in": scope.own_path_node_ids})
    return oversight | applies


class GuidanceQuerySet(models.QuerySet["Guidance"]):
    def visible_to(self, user: Any) -> GuidanceQuerySet:
        condition = _visibility(user, "issuer")
        return self.none() if condition is None else self.filter(condition)


class Guidance(models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    issuer = models.ForeignKey(
        OrgNode, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="guidance"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = GuidanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidance document")
        verbose_name_plural = _("guidance documents")
        ordering = ("slug",)

    def __str__(self) -> str:
        return self.slug

    @property
    def audit_org_path(self) -> str:
        return self.issuer.path


class GuidanceVersionQuerySet(models.QuerySet["GuidanceVersion"]):
    def visible_to(self, user: Any) -> GuidanceVersionQuerySet:
        """Published and retired versions to whom they apply; drafts only to overseers of the issuer."""
        from waypost.people.choices import AccessRole
        from waypost.people.scoping import scope_for

        condition = _visibility(user, "guidance__issuer")
        if condition is None:
            return self.none()
        scope = scope_for(user)
        draft_q = Q(pk__in=[])
        for path in scope.subtree_paths(
            AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR
        ):
            draft_q |= Q(guidance__issuer__path__startswith=path)
        return self.filter(
            (condition & ~Q(status=VersionStatus.DRAFT)) | (draft_q & Q(status=VersionStatus.DRAFT))
        )

    def published(self) -> GuidanceVersionQuerySet:
        return self.filter(status=VersionStatus.PUBLISHED)


class GuidanceVersion(models.Model):
    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    source = models.TextField(_("YAML"))
    # Copied out of the YAML when it is valid, for listing and querying.
    title = models.JSONField(_("title"), default=dict, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    # The problems found when the draft was last saved (a draft may be saved invalid; nothing typed is lost).
    issues = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = GuidanceVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("guidance version")
        verbose_name_plural = _("guidance versions")
        ordering = ("guidance__slug", "-number")
        constraints = [
            models.UniqueConstraint(fields=("guidance", "number"), name="guidance_version_unique_number"),
            models.UniqueConstraint(
                fields=("guidance",),
                condition=Q(status="draft"),
                name="guidance_version_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guidance.slug}@{self.number}"

    @property
    def audit_org_path(self) -> str:
        return self.guidance.issuer.path

    @property
    def is_valid(self) -> bool:
        return not self.issues

    def title_in(self, language: str) -> str:
        titles = self.title or {}
        return str(
            titles.get(language)
            or titles.get(language.split("-")[0])
            or titles.get("en")
            or self.guidance.slug
        )


class ReassessmentRun(models.Model):
    """Trips re-assessed in the background after guidance changed, with visible progress."""

    version = models.ForeignKey(
        GuidanceVersion, on_delete=models.PROTECT, related_name="reassessments", null=True, blank=True
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"reassessment {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))


class BriefingQuerySet(models.QuerySet["Briefing"]):
    def visible_to(self, user: Any) -> BriefingQuerySet:
        condition = _visibility(user, "issuer")
        return self.none() if condition is None else self.filter(condition)


class Briefing(models.Model):
    """What a traveller reads before a trip, named by a rule's ``briefing`` obligation.

    ``body`` maps a language code (``en``, ``de``, ``zh-hans``) to Markdown. Every edit bumps
    ``version``; an acknowledgement records the version read.
    """

    slug = models.SlugField(_("identifier"), max_length=80)
    issuer = models.ForeignKey(
        OrgNode, verbose_name=_("issuer"), on_delete=models.PROTECT, related_name="briefings"
    )
    title = models.JSONField(_("title"), default=dict)
    body = models.JSONField(_("text"), default=dict)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ("slug",)
        constraints = [models.UniqueConstraint(fields=("issuer", "slug"), name="briefing_unique")]

    def __str__(self) -> str:
        return self.slug

    @property
    def audit_org_path(self) -> str:
        return self.issuer.path
