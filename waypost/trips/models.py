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
from django.utils.translation import pgettext_lazy

from waypost.people.models import Person
from waypost.policy.models import Briefing, GuidanceVersion

from .choices import ApproverRole, Decision, InvitationChannel, InvitationStatus, TripStatus


def person_scope(user: Any, person: str, *, reports: bool = True) -> Q | None:
    """Rows whose ``person`` (a path to a Person: ``traveller``, ``trip__traveller`` …) the user sees.

    One's own, one's direct reports' (unless ``reports`` is False: what a traveller tells the
    security office is not for their manager), and everyone's in the subtrees one oversees as
    security officer, auditor or administrator. None for the anonymous (they see nothing).
    """
    from waypost.people.choices import AccessRole
    from waypost.people.scoping import scope_for

    scope = scope_for(user)
    if scope.is_anonymous:
        return None
    people = Q(pk__in=[])
    if scope.person_id:
        people |= Q(pk=scope.person_id)
        if reports:
            people |= Q(manager_id=scope.person_id)
    for path in scope.subtree_paths(
        AccessRole.SECURITY_OFFICER, AccessRole.AUDITOR, AccessRole.ADMINISTRATOR
    ):
        people |= Q(unit__path__startswith=path)
    # One subquery for the people seen, not a join of every row to its person and unit: with
    # 500,000 trips a traveller's list reads their own few rows by index instead of the table.
    return Q(**{f"{person}__in": Person.objects.filter(people).values("pk")})


class TripQuerySet(models.QuerySet["Trip"]):
    def visible_to(self, user: Any) -> TripQuerySet:
        """Own trips, the trips of one's direct reports, and trips in subtrees one oversees."""
        condition = person_scope(user, "traveller")
        return self.none() if condition is None else self.filter(condition)


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
    #: Set on return when the obligations ask for a debrief: return day + ``debrief_within_days``.
    debrief_due_on = models.DateField(_("debrief due"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TripQuerySet.as_manager()

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ("-depart_on", "-pk")
        indexes = [
            models.Index(fields=("status", "return_on"), name="trip_status_return"),
            # Trip lists in their default order: an overseer's first page reads a few hundred rows.
            models.Index(fields=("-depart_on", "-id"), name="trip_depart_order"),
        ]

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
        condition = person_scope(user, "invitee")
        return self.none() if condition is None else self.filter(condition)


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


# --- Abroad: check-ins and incidents ------------------------------------------------------------


class CheckInSource(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def visible_to(self, user: Any) -> CheckInQuerySet:
        condition = person_scope(user, "trip__traveller")
        return self.none() if condition is None else self.filter(condition)


class CheckIn(models.Model):
    """The traveller said "I am fine" from abroad, optionally saying where."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="checkins")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("checked in at"))
    country = models.CharField(_("country"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=CheckInSource.choices, default=CheckInSource.WEB
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ("-at", "-pk")
        indexes = [models.Index(fields=("trip", "at"), name="checkin_trip_at")]

    def __str__(self) -> str:
        return f"{self.trip_id} @ {self.at:%Y-%m-%d %H:%M}"

    @property
    def audit_org_path(self) -> str:
        return self.trip.traveller.unit.path


class WindowStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("check-in status", "Waiting")
    KEPT = "kept", _("Kept")
    MISSED = "missed", _("Missed")
    LATE = "late", _("Kept late")
    CLOSED = "closed", _("Closed (trip ended)")


class CheckInWindow(models.Model):
    """One check-in the obligations ask for: due by ``due_at``; escalated in stages when missed.

    ``stage`` is how far a missed check-in was escalated (0 none, 1 traveller reminded, 2 approver
    told, 3 security officers told). The escalation job advances it with a conditional UPDATE, so
    each stage is taken — and notified — once, however often the job runs.
    """

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="checkin_windows")
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=WindowStatus.choices, default=WindowStatus.OPEN
    )
    stage = models.PositiveSmallIntegerField(_("escalation stage"), default=0)
    last_escalated_at = models.DateTimeField(null=True, blank=True)
    checkin = models.ForeignKey(CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-in due")
        verbose_name_plural = _("check-ins due")
        ordering = ("-due_at", "-pk")
        constraints = [models.UniqueConstraint(fields=("trip", "due_at"), name="checkinwindow_unique")]
        indexes = [models.Index(fields=("status", "due_at"), name="checkinwindow_status_due")]

    def __str__(self) -> str:
        return f"{self.trip_id} due {self.due_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def audit_org_path(self) -> str:
        return self.trip.traveller.unit.path


class IncidentKind(models.TextChoices):
    DETAINED = "detained", _("Detained or questioned")
    DEVICE_INSPECTED = "device_inspected", _("Device inspected, copied or seized")
    INFORMATION_REQUEST = "information_request", _("Asked for information")
    RECRUITMENT = "recruitment", _("Recruitment approach")
    DEVICE_LOST = "device_lost", _("Device lost or stolen")
    OTHER = "other", _("Other")


class SafeNow(models.TextChoices):
    YES = "yes", _("Yes, I am safe now")
    NO = "no", _("No, I am not safe")
    UNSURE = "unsure", _("I am not sure")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Closed")


class IncidentQuerySet(models.QuerySet["Incident"]):
    def visible_to(self, user: Any) -> IncidentQuerySet:
        """As the trip: the traveller, their manager, officers, auditors and administrators over them."""
        condition = person_scope(user, "trip__traveller")
        return self.none() if condition is None else self.filter(condition)


class Incident(models.Model):
    """Something that happened to the traveller abroad; the security officers are alerted at once."""

    trip = models.ForeignKey(Trip, verbose_name=_("trip"), on_delete=models.PROTECT, related_name="incidents")
    reporter = models.ForeignKey(
        Person, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what happened"), max_length=30, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    country = models.CharField(_("country"), max_length=2, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    description = models.TextField(_("description"))
    safe_now = models.CharField(_("are you safe now?"), max_length=10, choices=SafeNow.choices)
    reported_at = models.DateTimeField(_("reported at"))
    status = models.CharField(
        _("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    acknowledged_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ("-reported_at", "-pk")
        indexes = [models.Index(fields=("status", "reported_at"), name="incident_status_reported")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.trip_id})"

    @property
    def audit_org_path(self) -> str:
        return self.trip.traveller.unit.path


class IncidentAction(models.Model):
    """What an officer did about an incident (acknowledging and closing are recorded here too)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="actions")
    officer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    text = models.TextField(_("action taken"))

    class Meta:
        verbose_name = _("incident action")
        verbose_name_plural = _("incident actions")
        ordering = ("incident", "at", "pk")

    def __str__(self) -> str:
        return f"{self.incident_id} @ {self.at:%Y-%m-%d %H:%M}"
