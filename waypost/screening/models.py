"""Restricted-party lists as imported, the names screened against them, and the hits found.

* :class:`RestrictedList` is a list's identity (``ofac-sdn``, ``un``, ``custom-lumen`` …). A list
  with an ``owner`` is an organisation's own list: only subjects in the owner's subtree are
  screened against it, and only that subtree sees it.
* :class:`ListVersion` is one import: the files' checksums, the date they state, and what changed.
* :class:`ListEntryRecord` is one entry as published. Entries are never deleted: an entry missing
  from a later version gets ``removed_in`` and is no longer screened, but hits can still show it.
* :class:`ScreeningSubject` is a name that was screened (a planned meeting, an event host, later
  a debrief contact), with the traveller's unit path copied for scoping.
* :class:`Hit` is a (subject, entry) pair that scored at or above the threshold, with the engine's
  explanation. An officer confirms or clears it; a cleared pair is raised again only when the
  entry's ``content_hash`` changes.

Writes go through :mod:`waypost.screening.services`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypost.people.models import OrgNode, Person

from .choices import HitStatus, SubjectKind, SubjectSource


def _overseer_paths(user: Any) -> list[str] | None:
    """Subtrees over which ``user`` is a security officer, auditor or administrator; None if anonymous."""
    from waypost.people.choices import AccessRole
    from waypost.people.scoping import scope_for

    scope = scope_for(user)
    if scope.is_anonymous:
        return None
    return scope.subtree_paths(AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR)


def empty_list() -> list[Any]:
    """The default of the JSON list fields (``list`` itself is shadowed by the ``list`` foreign keys)."""
    return []


def path_prefixes(path: str) -> list[str]:
    """Every ancestor path of a materialised path, itself included: ``/a/b/`` → ``/a/``, ``/a/b/``."""
    slugs = [slug for slug in path.split("/") if slug]
    return ["/" + "/".join(slugs[: i + 1]) + "/" for i in range(len(slugs))]


class RestrictedListQuerySet(models.QuerySet["RestrictedList"]):
    def for_org_path(self, org_path: str) -> RestrictedListQuerySet:
        """The lists a subject at ``org_path`` is screened against: public lists and its ancestors' own."""
        return self.filter(Q(owner__isnull=True) | Q(owner__path__in=path_prefixes(org_path)))

    def visible_to(self, user: Any) -> RestrictedListQuerySet:
        """Public lists to everyone signed in; an organisation's own list to its subtree and its overseers."""
        from waypost.people.scoping import scope_for

        scope = scope_for(user)
        if scope.is_anonymous:
            return self.none()
        condition = Q(owner__isnull=True)
        if scope.unit_path:
            condition |= Q(owner__path__in=path_prefixes(scope.unit_path))
        for path in _overseer_paths(user) or ():
            condition |= Q(owner__path__startswith=path) | Q(owner__path__in=path_prefixes(path))
        return self.filter(condition)


class RestrictedList(models.Model):
    """A restricted-party list: its identity, format and publisher; its content is in the versions."""

    list_id = models.SlugField(_("list"), max_length=64, unique=True)
    format = models.CharField(_("format"), max_length=32)
    title = models.CharField(_("title"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True, help_text=_("URL or description"))
    owner = models.ForeignKey(
        OrgNode,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restricted_lists",
        help_text=_("Empty for a public list; an organisation's own list is used for its subtree only."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedListQuerySet.as_manager()

    class Meta:
        ordering = ("list_id",)
        verbose_name = _("restricted-party list")
        verbose_name_plural = _("restricted-party lists")

    def __str__(self) -> str:
        return self.list_id

    @property
    def audit_org_path(self) -> str:
        return self.owner.path if self.owner_id and self.owner else ""


class ListVersion(models.Model):
    """One import of a list: provenance of the files and the counts of what changed.

    ``sha256`` hashes the files' bytes in path order (one file: the file's own SHA-256); an
    import of files with the newest version's checksum creates no version.
    """

    list = models.ForeignKey(
        RestrictedList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    format = models.CharField(_("format"), max_length=32)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.BigIntegerField(_("size in bytes"))
    file_date = models.DateField(_("file date"), null=True, blank=True)
    #: ``[{"name", "sha256", "size"}]`` for each file read.
    files = models.JSONField(_("files"), default=empty_list)
    #: Rows the parser skipped on purpose, by reason (end-of-file records, blank lines …).
    skipped = models.JSONField(_("rows skipped"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    removed = models.PositiveIntegerField(_("removed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)

    #: Set by ``list_import`` on the version it returns: False when the files were already imported.
    is_new = False

    class Meta:
        ordering = ("list", "-number")
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")
        constraints = [models.UniqueConstraint(fields=("list", "number"), name="listversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.list.list_id} v{self.number}"

    @property
    def audit_org_path(self) -> str:
        return self.list.audit_org_path


class ListEntryRecord(models.Model):
    """One entry of a list as published, kept after its removal for the hits that name it.

    ``content_hash`` is the SHA-256 of the entry's canonical JSON
    (:func:`waypost.screening.importing.entry_document`); a change of any published field
    changes it, and re-opens hits that were cleared against the old content.
    """

    list = models.ForeignKey(
        RestrictedList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="entries"
    )
    entry_id = models.CharField(_("entry"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16)
    #: ``[{"text", "kind", "derived"}]`` in publication order, the primary name first.
    names = models.JSONField(_("names"), default=empty_list)
    countries = models.JSONField(_("countries"), default=empty_list, blank=True)
    birth_dates = models.JSONField(_("dates of birth"), default=empty_list, blank=True)
    programs = models.JSONField(_("programmes"), default=empty_list, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)
    source_url = models.CharField(_("source"), max_length=1000, blank=True)
    #: Other published facts, ``[[key, value]]`` (listing dates, parent company …).
    extra = models.JSONField(_("other facts"), default=empty_list, blank=True)
    content_hash = models.CharField(max_length=64)
    first_version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    last_changed_version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    removed_in = models.ForeignKey(
        ListVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("list", "entry_id")
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = [models.UniqueConstraint(fields=("list", "entry_id"), name="listentry_unique_id")]
        indexes = [
            # Loading the screening index: the live entries of each list.
            models.Index(fields=("list",), condition=Q(removed_in__isnull=True), name="listentry_live"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.primary_name}"

    @property
    def primary_name(self) -> str:
        for name in self.names:
            if name.get("kind") == "primary":
                return str(name.get("text", ""))
        return str(self.names[0].get("text", "")) if self.names else ""


class ScreeningSubjectQuerySet(models.QuerySet["ScreeningSubject"]):
    def visible_to(self, user: Any) -> ScreeningSubjectQuerySet:
        """Security officers, auditors and administrators over the subject's unit; nobody else."""
        paths = _overseer_paths(user)
        if not paths:
            return self.none()
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(org_path__startswith=path)
        return self.filter(condition)


class ScreeningSubject(models.Model):
    """A name screened against the lists: a planned meeting, an event host, a contact, or typed in.

    ``org_path`` is the traveller's unit path, copied when the subject is created; it decides
    which organisations' own lists apply and who sees the subject's hits. A trip's subjects are
    unique by name (see :func:`waypost.screening.services.subjects_for_trip`).
    """

    source_type = models.CharField(_("source"), max_length=16, choices=SubjectSource.choices)
    trip = models.ForeignKey(
        "trips.Trip",
        verbose_name=_("trip"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="screening_subjects",
    )
    #: Where the subject came from when it is not a trip (``contact:42`` for a debrief contact).
    source_ref = models.CharField(_("reference"), max_length=100, blank=True)
    name = models.CharField(_("name as written"), max_length=300)
    name_latin = models.CharField(_("name in Latin letters"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=SubjectKind.choices, default=SubjectKind.UNKNOWN
    )
    countries = models.JSONField(_("countries"), default=empty_list, blank=True)
    org_path = models.CharField(max_length=1024, db_index=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScreeningSubjectQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("screened name")
        verbose_name_plural = _("screened names")
        constraints = [
            models.UniqueConstraint(
                fields=("trip", "name"), condition=Q(trip__isnull=False), name="subject_unique_name_per_trip"
            ),
        ]

    def __str__(self) -> str:
        if self.name_latin and self.name_latin != self.name:
            return f"{self.name} ({self.name_latin})"
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.org_path


class HitQuerySet(models.QuerySet["Hit"]):
    def visible_to(self, user: Any) -> HitQuerySet:
        """Security officers, auditors and administrators over the subject's unit; travellers never."""
        paths = _overseer_paths(user)
        if not paths:
            return self.none()
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(subject__org_path__startswith=path)
        return self.filter(condition)


class Hit(models.Model):
    """A subject that matched a list entry, with the score and why; decided by a security officer.

    ``entry_hash`` is the entry's ``content_hash`` when the hit was raised or last refreshed:
    a cleared hit is raised again only when the entry's current hash differs from it.
    """

    subject = models.ForeignKey(
        ScreeningSubject, verbose_name=_("screened name"), on_delete=models.CASCADE, related_name="hits"
    )
    entry = models.ForeignKey(
        ListEntryRecord, verbose_name=_("list entry"), on_delete=models.PROTECT, related_name="hits"
    )
    list_version = models.ForeignKey(
        ListVersion, verbose_name=_("list version"), on_delete=models.PROTECT, related_name="hits"
    )
    score = models.FloatField(_("score"))
    matched_name = models.CharField(_("matched name"), max_length=500)
    explanation = models.JSONField(_("explanation"), default=dict)
    entry_hash = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=HitStatus.choices, default=HitStatus.OPEN)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HitQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("screening hit")
        verbose_name_plural = _("screening hits")
        constraints = [models.UniqueConstraint(fields=("subject", "entry"), name="hit_unique_pair")]
        indexes = [
            # The officers' queue: open hits, newest first.
            models.Index(fields=("status", "-created_at"), name="hit_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ~ {self.matched_name} ({self.score:.2f})"

    @property
    def audit_org_path(self) -> str:
        return self.subject.org_path
