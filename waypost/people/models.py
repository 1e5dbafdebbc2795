"""Organisation tree, people and their access roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AccessRole, JobRole, NodeKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class OrgNodeQuerySet(models.QuerySet["OrgNode"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> OrgNodeQuerySet:
        """Nodes on the path to the actor's own unit, plus every subtree they hold a role over."""
        from .scoping import scope_for

        scope = scope_for(user)
        if scope.is_anonymous:
            return self.none()
        condition = Q(pk__in=scope.own_path_node_ids)
        for path in scope.subtree_paths(*AccessRole.values):
            condition |= Q(path__startswith=path)
        return self.filter(condition)


class OrgNode(models.Model):
    """A node of the organisation tree: an authority, an organisation or a unit.

    ``path`` is the materialised path of slugs from the root (``/east-tech/lab-a/ml/``),
    so "everything under this node" is one indexed prefix query on both databases.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=NodeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_native = models.CharField(_("name in native script"), max_length=200, blank=True)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=1024, unique=True, editable=False)
    country = models.CharField(_("country"), max_length=2, blank=True)

    objects = OrgNodeQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation node")
        verbose_name_plural = _("organisation nodes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=NodeKind.UNIT) | Q(parent__isnull=False), name="orgnode_unit_has_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.path

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> PersonQuerySet:
        """People the actor may see: themselves, their direct reports, and subtrees they oversee."""
        from .scoping import scope_for

        scope = scope_for(user)
        if scope.is_anonymous:
            return self.none()
        condition = Q(pk=scope.person_id) if scope.person_id else Q(pk__in=[])
        if scope.person_id:
            condition |= Q(manager_id=scope.person_id)
        for path in scope.subtree_paths(
            AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR
        ):
            condition |= Q(unit__path__startswith=path)
        return self.filter(condition)


class Person(models.Model):
    """Someone who may travel, approve or oversee. May or may not have a user account.

    ``role`` is the job role that guidance rules match on (executive, researcher …);
    what the person may do in Waypost is given by :class:`RoleAssignment`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    email = models.EmailField(_("e-mail"), unique=True)
    name_latin = models.CharField(_("name (Latin script)"), max_length=200)
    name_native = models.CharField(_("name (native script)"), max_length=200, blank=True)
    unit = models.ForeignKey(OrgNode, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    role = models.CharField(_("job role"), max_length=32, choices=JobRole.choices, default=JobRole.STAFF)
    sensitivity = models.PositiveSmallIntegerField(
        _("sensitivity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    preferred_language = models.CharField(_("language"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name_latin"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(sensitivity__gte=1, sensitivity__lte=3), name="person_sensitivity_1_3"
            ),
            models.CheckConstraint(condition=~Q(manager=models.F("pk")), name="person_not_own_manager"),
        ]

    def __str__(self) -> str:
        if self.name_native and self.name_native != self.name_latin:
            return f"{self.name_latin} ({self.name_native})"
        return self.name_latin

    @property
    def audit_org_path(self) -> str:
        return self.unit.path if self.unit_id else ""


class RoleAssignment(models.Model):
    """Grants ``role`` to ``person`` over the subtree rooted at ``node``."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=AccessRole.choices)
    node = models.ForeignKey(
        OrgNode, verbose_name=_("over"), on_delete=models.CASCADE, related_name="role_assignments"
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "node"], name="roleassignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.node}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 of the secret is stored; the secret is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
