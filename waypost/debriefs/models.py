"""Debriefs after return, and the contacts register.

* :class:`Debrief` is what the traveller tells the security office after a trip: the answers
  exactly as typed (``answers``, validated only when submitted), then the officer's review.
  The traveller and the overseers of their unit see it; their manager does not.
* :class:`Contact` is one real person or organisation in an organisation's **contacts register**.
  :class:`Encounter` is one meeting with a contact: planned in a declaration or reported in a
  debrief, with the trip and the traveller. The same contact met on several trips, or by several
  travellers, is one Contact with several encounters.
* :class:`MergeSuggestion` pairs two contacts the name matcher thinks are the same (another
  script, another order); an officer merges them or says they are not the same.

Writes go through :mod:`waypost.debriefs.services` and :mod:`waypost.debriefs.register`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from waypost.people.models import OrgNode, Person
from waypost.trips.models import Trip, person_scope

from .choices import ContactKind, DebriefOutcome, DebriefStatus, EncounterSource, SuggestionStatus


def _overseer_paths(user: Any) -> list[str]:
    from waypost.people.choices import AccessRole
    from waypost.people.scoping import scope_for

    scope = scope_for(user)
    if scope.is_anonymous:
        return []
    return scope.subtree_paths(AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR)


def _under(field: str, paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


class DebriefQuerySet(models.QuerySet["Debrief"]):
    def visible_to(self, user: Any) -> DebriefQuerySet:
        """The traveller's own, and those in the subtrees one oversees; never a manager's reports'."""
        condition = person_scope(user, "trip__traveller", reports=False)
        return self.none() if condition is None else self.filter(condition)


class Debrief(models.Model):
    trip = models.OneToOneField(
        Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="debrief"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=DebriefStatus.choices, default=DebriefStatus.DRAFT
    )
    #: The form as typed: see :mod:`waypost.debriefs.answers` for the shape.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    #: Bumped by every change; a form carrying an older revision gets a conflict.
    revision = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    #: Submitted after the due day.
    late = models.BooleanField(_("late"), default=False)
    outcome = models.CharField(_("outcome"), max_length=16, choices=DebriefOutcome.choices, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        Person,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DebriefQuerySet.as_manager()

    class Meta:
        ordering = ("-submitted_at", "-pk")
        verbose_name = _("debrief")
        verbose_name_plural = _("debriefs")
        indexes = [models.Index(fields=("status", "submitted_at"), name="debrief_queue")]

    def __str__(self) -> str:
        return str(_("Debrief of %(trip)s") % {"trip": self.trip})

    @property
    def audit_org_path(self) -> str:
        return self.trip.traveller.unit.path


class ContactQuerySet(models.QuerySet["Contact"]):
    def visible_to(self, user: Any) -> ContactQuerySet:
        """Security officers, auditors and administrators see the contacts met in their subtrees."""
        paths = _overseer_paths(user)
        if not paths:
            return self.none()
        met_here = Encounter.objects.filter(_under("org_path", paths), contact=OuterRef("pk"))
        # A merged contact has no encounters left: it is seen where the one it went into is.
        went_here = Encounter.objects.filter(_under("org_path", paths), contact=OuterRef("merged_into"))
        return self.filter(Exists(met_here) | Exists(went_here))

    def live(self) -> ContactQuerySet:
        return self.filter(merged_into=None)


class Contact(models.Model):
    """One real person or organisation met, in the register of the organisation (``owner``)."""

    owner = models.ForeignKey(
        OrgNode, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="contacts"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices, default=ContactKind.PERSON)
    name = models.CharField(_("name as written"), max_length=300)
    name_latin = models.CharField(_("name in Latin letters"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    #: Name and organisation without case, spaces or punctuation: how encounters find their contact.
    key = models.CharField(max_length=700, db_index=True)
    #: Set when an officer merged this contact into another; its encounters moved there.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ("name_latin", "name", "pk")
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        if self.name_latin and self.name_latin != self.name:
            return f"{self.name} ({self.name_latin})"
        return self.name

    @property
    def audit_org_path(self) -> str:
        return self.owner.path


class Encounter(models.Model):
    """One meeting with a contact: planned in a declaration or reported in a debrief."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.PROTECT, related_name="encounters"
    )
    trip = models.ForeignKey(
        Trip, verbose_name=_("trip"), on_delete=models.CASCADE, related_name="encounters"
    )
    traveller = models.ForeignKey(
        Person, verbose_name=_("traveller"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=16, choices=EncounterSource.choices)
    #: Index of the meeting or contact in the declaration or debrief it came from.
    position = models.PositiveSmallIntegerField(default=0)
    #: What the traveller wrote about this contact (see :mod:`waypost.debriefs.answers`).
    details = models.JSONField(_("details"), default=dict, blank=True)
    #: The traveller's unit path, copied: decides who sees the encounter.
    org_path = models.CharField(max_length=1024, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        constraints = [
            models.UniqueConstraint(fields=("trip", "source", "position"), name="encounter_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} @ {self.trip}"


class MergeSuggestion(models.Model):
    """Two contacts the name matcher scored as probably the same; ``contact_id < other_id``."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        Person,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-score", "pk")
        verbose_name = _("merge suggestion")
        verbose_name_plural = _("merge suggestions")
        constraints = [
            models.UniqueConstraint(fields=("contact", "other"), name="merge_suggestion_unique_pair"),
            models.CheckConstraint(
                condition=Q(contact__lt=models.F("other")), name="merge_suggestion_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} ≈ {self.other} ({self.score:.2f})"

    @property
    def audit_org_path(self) -> str:
        return self.contact.owner.path
