"""Trips as declared, and every assessment made of them.

``Trip.facts`` holds the trip JSON of DESIGN.md §3 without the traveller (who is the trip's
``traveller`` person, read fresh at each assessment). ``depart_on`` and ``return_on`` are copied
from the legs and stays so upcoming and active trips can be found with an index.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypost.people.models import Person
from waypost.policy.models import GuidanceVersion

from .choices import TripStatus


class TripQuerySet(models.QuerySet["Trip"]):
    def visible_to(self, user: Any) -> TripQuerySet:
        """Own trips, the trips of one's direct reports, and trips in subtrees one oversees."""
        from waypost.people.choices import AccessRole
        from waypost.people.scoping import scope_for

        scope = scope_for(user)
        if scope.is_anonymous:
            return self.none()
        condition = Q(pk__in=[])
        if scope.person_id:
            condition |= Q(traveller_id=scope.person_id) | Q(traveller__manager_id=scope.person_id)
        for path in scope.subtree_paths(
            AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR
        ):
            condition |= Q(traveller__unit__path__startswith=path)
        return self.filter(condition)


class Trip(models.Model):
    traveller = models.ForeignKey(
        Person, verbose_name=_("traveller"), on_delete=models.PROTECT, related_name="trips"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TripStatus.choices, default=TripStatus.DRAFT
    )
    facts = models.JSONField(_("itinerary"), default=dict, blank=True)
    depart_on = models.DateField(_("departure"), null=True, blank=True)
    return_on = models.DateField(_("return"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ("-depart_on", "-pk")
        indexes = [models.Index(fields=("status", "return_on"), name="trip_status_return")]

    def __str__(self) -> str:
        return self.title or f"trip {self.pk}"

    @property
    def audit_org_path(self) -> str:
        return self.traveller.unit.path


class TripAssessment(models.Model):
    """One assessment of one version of a trip, with the guidance versions it used.

    ``result`` is the engine's full JSON (advisory, obligations with their rules, countries,
    reasons); the versions make it possible to explain it again later, exactly.
    """

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="assessments")
    trip_version = models.PositiveIntegerField()
    on = models.DateField()
    advisory = models.CharField(max_length=20)
    obligations = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    late = models.BooleanField(default=False)
    is_current = models.BooleanField(default=True)
    guidance_versions = models.ManyToManyField(GuidanceVersion, related_name="assessments", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=("trip", "is_current"), name="assessment_trip_current")]

    def __str__(self) -> str:
        return f"{self.trip_id}: {self.advisory}"
