"""Trips as declared, and every assessment made of them.

``Trip.facts`` holds the trip JSON of DESIGN.md §3 without the traveller (who is the trip's
``traveller`` person, read fresh at each assessment). ``depart_on`` and ``return_on`` are copied
from the legs and stays so upcoming and active trips can be found with an index.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from waypost.people.models import Person
from waypost.policy.models import Briefing, GuidanceVersion

from .choices import ApproverRole, Decision, InvitationChannel, InvitationStatus, TripStatus


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
    #: Bumped by every change; a form or API call carrying an older revision gets a conflict.
    revision = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    #: Set when the traveller chose to travel although the trip was advised against.
    proceeded_at = models.DateTimeField(null=True, blank=True)
    proceed_note = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)
    #: Set when the trip started with a required briefing not acknowledged.
    briefing_flagged_at = models.DateTimeField(null=True, blank=True)
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


class TripVersion(models.Model):
    """The declaration as it was submitted (version 1) and after each amendment."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200, blank=True)
    facts = models.JSONField(default=dict)
    note = models.TextField(_("reason for the change"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("trip", "number")
        constraints = [models.UniqueConstraint(fields=("trip", "number"), name="tripversion_unique")]

    def __str__(self) -> str:
        return f"{self.trip_id} v{self.number}"


class ReviewStep(models.Model):
    """One step of a trip's approval chain for one version of the declaration.

    ``assignee`` is the traveller's manager for a manager step; a security-officer step has no
    assignee (any officer over the traveller's unit may decide). An amendment that needs a new
    review marks the open chain ``is_current=False`` and starts a new one.
    """

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="review_steps")
    trip_version = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField()
    role = models.CharField(_("reviewer"), max_length=20, choices=ApproverRole.choices)
    assignee = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    #: The absent approver a delegate decided for.
    on_behalf_of = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("trip", "-is_current", "trip_version", "position")
        indexes = [models.Index(fields=("decision", "is_current"), name="reviewstep_open")]

    def __str__(self) -> str:
        return f"{self.trip_id} v{self.trip_version} #{self.position} {self.role}"


class ApprovalDelegate(models.Model):
    """While ``person`` is away (``starts_on``..``ends_on``), ``delegate`` decides in their place."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="delegations")
    delegate = models.ForeignKey(
        Person, verbose_name=_("delegate"), on_delete=models.CASCADE, related_name="delegated_to_me"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-starts_on",)
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="delegate_dates"),
            models.CheckConstraint(condition=~Q(delegate=models.F("person")), name="delegate_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id} for {self.person_id}"


class BriefingAcknowledgement(models.Model):
    """The traveller read a briefing (this version of it, in this language) before the trip."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="briefing_acks")
    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="acknowledgements")
    briefing_version = models.PositiveIntegerField()
    language = models.CharField(max_length=10)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField()

    class Meta:
        ordering = ("trip", "acknowledged_at")
        constraints = [
            models.UniqueConstraint(
                fields=("trip", "briefing", "briefing_version"), name="briefingack_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trip_id}: {self.briefing_id} v{self.briefing_version}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def visible_to(self, user: Any) -> InvitationQuerySet:
        """Own invitations, one's direct reports', and those in subtrees one oversees."""
        from waypost.people.choices import AccessRole
        from waypost.people.scoping import scope_for

        scope = scope_for(user)
        if scope.is_anonymous:
            return self.none()
        condition = Q(pk__in=[])
        if scope.person_id:
            condition |= Q(invitee_id=scope.person_id) | Q(invitee__manager_id=scope.person_id)
        for path in scope.subtree_paths(
            AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR
        ):
            condition |= Q(invitee__unit__path__startswith=path)
        return self.filter(condition)


class Invitation(models.Model):
    """An invitation to a foreign event and what was decided about it; accepting starts a trip."""

    invitee = models.ForeignKey(
        Person, verbose_name=_("invitee"), on_delete=models.PROTECT, related_name="invitations"
    )
    event = models.CharField(_("event"), max_length=300)
    host_organisation = models.CharField(_("host organisation"), max_length=300)
    city = models.CharField(_("city"), max_length=120)
    country = models.CharField(_("country"), max_length=2)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    received_via = models.CharField(
        _("received via"), max_length=20, choices=InvitationChannel.choices, default=InvitationChannel.EMAIL
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("decision"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    trip = models.OneToOneField(
        Trip, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-starts_on", "-pk")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="invitation_dates")
        ]

    def __str__(self) -> str:
        return self.event

    @property
    def audit_org_path(self) -> str:
        return self.invitee.unit.path
