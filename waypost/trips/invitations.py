"""The invitations register: record an invitation to a foreign event, correct it, decide it.

An invitation is recorded as it arrived (event, host, city and country, dates, how and when it
came) and stays *pending* until the invitee — or an administrator over them — accepts or
declines it, with a reason. Accepting starts a draft trip with a stay in the event's city for the
event's dates, which the traveller completes with legs; declining keeps the invitation on record
without a trip. A decided invitation can no longer be changed or decided again.

Who may do what:

* record (and correct while pending): the invitee, or an administrator or security officer over
  the invitee's unit (they may record an invitation for someone else);
* decide: the invitee, or an administrator over them (accepting declares a trip for them);
* see: everyone :meth:`~waypost.trips.models.InvitationQuerySet.visible_to` lets see it — the
  invitee, their manager, and officers, auditors and administrators over their unit.

Every write is atomic and audited (:mod:`waypost.trips.invitation_events`); a decision tells the
invitee's manager in the app.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypost.audit.services import record, snapshot
from waypost.core import clock
from waypost.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from waypost.geo.groups import is_country_code
from waypost.notifications.models import Channel
from waypost.notifications.services import notify
from waypost.people.choices import AccessRole
from waypost.people.models import Person
from waypost.people.scoping import scope_for

from . import invitation_events as events
from .choices import InvitationStatus
from .models import Invitation, Trip
from .services import trip_draft_save

__all__ = [
    "EDITABLE_FIELDS",
    "InvitationDecision",
    "can_decide_invitation",
    "can_edit_invitation",
    "can_record_invitation_for",
    "can_record_invitations",
    "can_record_invitations_for_others",
    "invitation_create",
    "invitation_decide",
    "invitation_get_for",
    "invitation_list_for",
    "invitation_trip_facts",
    "invitation_update",
    "invitee_get_for",
]


class InvitationDecision(models.TextChoices):
    ACCEPT = "accept", gettext_lazy("Accept")
    DECLINE = "decline", gettext_lazy("Decline")


#: The fields a person types; everything else is set by the register itself.
EDITABLE_FIELDS = (
    "event",
    "host_organisation",
    "city",
    "country",
    "starts_on",
    "ends_on",
    "received_via",
    "received_on",
    "notes",
)
REQUIRED_FIELDS = ("event", "host_organisation", "city", "country", "starts_on", "ends_on", "received_via")
AUDIT_FIELDS = ("invitee", *EDITABLE_FIELDS, "status", "decision_reason", "decided_by", "trip")

_OUTCOME = {
    InvitationDecision.ACCEPT: InvitationStatus.ACCEPTED,
    InvitationDecision.DECLINE: InvitationStatus.DECLINED,
}

#: What a trip started from an invitation is for.
TRIP_PURPOSE = "conference"
TRIP_TITLE_LENGTH = int(Trip._meta.get_field("title").max_length or 200)


# --- Who may do what ---------------------------------------------------------------------------


def can_record_invitation_for(actor: Any, invitee: Person) -> bool:
    """Oneself, or anyone in a subtree the actor administers or is security officer over."""
    scope = scope_for(actor)
    if scope.is_anonymous:
        return False
    return scope.person_id == invitee.pk or scope.covers(
        invitee.unit.path, AccessRole.ADMINISTRATOR, AccessRole.SECURITY_OFFICER
    )


def can_record_invitations(actor: Any) -> bool:
    """Whether the actor may record any invitation: their own, or others' as an officer."""
    return scope_for(actor).person_id is not None or can_record_invitations_for_others(actor)


def can_record_invitations_for_others(actor: Any) -> bool:
    """Whether the actor may record an invitation for anyone but themselves (forms offer a field)."""
    return bool(scope_for(actor).subtree_paths(AccessRole.ADMINISTRATOR, AccessRole.SECURITY_OFFICER))


def can_edit_invitation(actor: Any, invitation: Invitation) -> bool:
    """Who may correct the invitation (while it is pending): whoever may record it."""
    return can_record_invitation_for(actor, invitation.invitee)


def can_decide_invitation(actor: Any, invitation: Invitation) -> bool:
    """The invitee, or an administrator over them: accepting declares a trip in the invitee's name."""
    scope = scope_for(actor)
    if scope.is_anonymous:
        return False
    return scope.person_id == invitation.invitee_id or scope.covers(
        invitation.invitee.unit.path, AccessRole.ADMINISTRATOR
    )


# --- Reads -------------------------------------------------------------------------------------


def invitation_list_for(actor: Any, status: str | None = None) -> QuerySet[Invitation]:
    """Every invitation the actor may see, newest event first; ``status`` narrows it."""
    invitations = Invitation.objects.visible_to(actor).select_related("invitee", "trip")
    if status:
        if status not in InvitationStatus.values:
            raise ValidationFailed(fields={"status": [_("Unknown status.")]})
        invitations = invitations.filter(status=status)
    return invitations


def invitation_get_for(actor: Any, invitation_id: Any, *, audit: bool = False) -> Invitation:
    """The invitation if the actor may see it, else NotFound (missing and forbidden look the same).

    With ``audit``, a read by anyone but the invitee is recorded in the audit log.
    """
    try:
        invitation = (
            Invitation.objects.visible_to(actor)
            .select_related("invitee__unit", "invitee__manager", "decided_by", "trip")
            .get(pk=int(invitation_id))
        )
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if audit and scope_for(actor).person_id != invitation.invitee_id:
        record(event=events.INVITATION_VIEWED, actor=actor, target=invitation)
    return invitation


def invitee_get_for(actor: Any, *, email: str = "", person_id: Any = None) -> Person:
    """The person, by e-mail or id, for whom the actor may record an invitation.

    Raises ValidationFailed on the ``invitee`` field otherwise; a person the actor may not see is
    "unknown", exactly like one who does not exist.
    """
    people = Person.objects.visible_to(actor).filter(is_active=True).select_related("unit")
    try:
        lookup = {"email__iexact": email.strip()} if email else {"pk": int(person_id)}
        person = people.get(**lookup)
    except (Person.DoesNotExist, Person.MultipleObjectsReturned, ValueError, TypeError):
        raise ValidationFailed(fields={"invitee": [_("Unknown person.")]}) from None
    if not can_record_invitation_for(actor, person):
        raise ValidationFailed(fields={"invitee": [_("You may not record invitations for this person.")]})
    return person


# --- Writes ------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, actor: Any, invitee: Person | None = None, **fields: Any) -> Invitation:
    """Record an invitation, pending; for the actor's own person unless ``invitee`` is given.

    ``fields`` are among :data:`EDITABLE_FIELDS`. Raises ValidationFailed naming each field at
    fault (in the active language), PermissionDenied if the actor may not record for ``invitee``.
    """
    _check_names(fields)
    if invitee is None:
        invitee = _own_person(actor)
        if invitee is None:
            raise PermissionDenied(_("Only people registered in Waypost can record invitations."))
    elif not can_record_invitation_for(actor, invitee):
        raise PermissionDenied()
    invitation = Invitation(invitee=invitee, status=InvitationStatus.PENDING, **fields)
    _validate(invitation)
    invitation.save()
    record(
        event=events.INVITATION_RECORDED,
        actor=actor,
        target=invitation,
        after=snapshot(invitation, AUDIT_FIELDS),
    )
    return invitation


@transaction.atomic
def invitation_update(*, actor: Any, invitation: Invitation, **fields: Any) -> Invitation:
    """Correct a pending invitation: only the ``fields`` given change (a partial update).

    Raises Conflict once the invitation is decided, PermissionDenied if the actor may see it but
    not change it, ValidationFailed naming each field at fault.
    """
    _check_names(fields)
    invitation = _locked(actor, invitation)
    if not can_edit_invitation(actor, invitation):
        raise PermissionDenied()
    _require_pending(invitation)
    before = snapshot(invitation, AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(invitation, name, value)
    _validate(invitation)
    invitation.save()
    after = snapshot(invitation, AUDIT_FIELDS)
    if after != before:
        record(event=events.INVITATION_UPDATED, actor=actor, target=invitation, before=before, after=after)
    return invitation


@transaction.atomic
def invitation_decide(*, actor: Any, invitation: Invitation, decision: str, reason: str = "") -> Invitation:
    """Accept or decline a pending invitation, with the reason (required to decline).

    1. The row is locked, so two people deciding at once cannot both win: the second gets Conflict.
    2. Accepting saves a draft trip for the invitee (a stay in the event's city and country for the
       event's dates, titled after the event) and links it; declining leaves no trip.
    3. The decision is audited and the invitee's manager is told in the app.
    """
    invitation = _locked(actor, invitation)
    if not can_decide_invitation(actor, invitation):
        raise PermissionDenied()
    _require_pending(invitation)
    if decision not in InvitationDecision.values:
        raise ValidationFailed(fields={"decision": [_("Choose “accept” or “decline”.")]})
    reason = (reason or "").strip()
    if decision == InvitationDecision.DECLINE and not reason:
        raise ValidationFailed(fields={"reason": [_("Give the reason for declining.")]})
    before = snapshot(invitation, AUDIT_FIELDS)
    if decision == InvitationDecision.ACCEPT:
        saved = trip_draft_save(
            actor=actor,
            facts=invitation_trip_facts(invitation),
            title=invitation.event[:TRIP_TITLE_LENGTH],
            traveller=invitation.invitee,
        )
        invitation.trip = saved.trip
    invitation.status = _OUTCOME[InvitationDecision(decision)]
    invitation.decision_reason = reason
    invitation.decided_at = clock.now()
    invitation.decided_by_id = scope_for(actor).person_id
    invitation.save(
        update_fields=["status", "decision_reason", "decided_at", "decided_by", "trip", "updated_at"]
    )
    record(
        event=events.INVITATION_DECIDED,
        actor=actor,
        target=invitation,
        before=before,
        after=snapshot(invitation, AUDIT_FIELDS),
        extra={"decision": decision},
    )
    manager = invitation.invitee.manager
    if manager is not None:
        notify(
            manager,
            "invitation.decided",
            params={"event": invitation.event, "status": invitation.status},
            url=reverse("web:invitation-detail", kwargs={"invitation_id": invitation.pk}),
            channels=(Channel.IN_APP,),
        )
    return invitation


def invitation_trip_facts(invitation: Invitation) -> dict[str, Any]:
    """The trip JSON a draft starts from: a stay for the event, and the event itself; no legs yet."""
    start, end = invitation.starts_on.isoformat(), invitation.ends_on.isoformat()
    place = {"city": invitation.city, "country": invitation.country}
    return {
        "purpose": TRIP_PURPOSE,
        "stays": [{**place, "from": start, "to": end}],
        "events": [
            {
                "name": invitation.event,
                "host_organisation": invitation.host_organisation,
                **place,
                "from": start,
                "to": end,
            }
        ],
    }


# --- Helpers -----------------------------------------------------------------------------------


def _check_names(fields: Iterable[str]) -> None:
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise TypeError(f"not editable invitation fields: {', '.join(unknown)}")


def _own_person(actor: Any) -> Person | None:
    person_id = scope_for(actor).person_id
    if person_id is None:
        return None
    return Person.objects.select_related("unit").filter(pk=person_id).first()


def _locked(actor: Any, invitation: Invitation) -> Invitation:
    """The invitation as it is now, if visible, with the row locked for the transaction.

    FOR UPDATE on the invitation row only (``of=("self",)``): its status decides who wins.
    """
    try:
        return (
            Invitation.objects.visible_to(actor)
            .select_for_update(of=("self",))
            .select_related("invitee__unit", "invitee__manager")
            .get(pk=invitation.pk)
        )
    except Invitation.DoesNotExist:
        raise NotFound() from None


def _require_pending(invitation: Invitation) -> None:
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(
            _("This invitation was already decided (%(status)s); it can no longer be changed.")
            % {"status": invitation.get_status_display()},
            code="already_decided",
        )


def _validate(invitation: Invitation) -> None:
    """Raise ValidationFailed naming every field at fault and why, in the active language.

    Values are normalised first (text trimmed, the country code upper-cased); Django's own field
    checks then read typed values (a date given as text becomes a date) and the register's rules
    follow: the event ends on or after its start, the country is an ISO 3166 code, and the
    invitation was not received in the future.
    """
    for name in ("event", "host_organisation", "city", "notes"):
        value = getattr(invitation, name)
        if isinstance(value, str):
            setattr(invitation, name, value.strip())
    if isinstance(invitation.country, str):
        invitation.country = invitation.country.strip().upper()
    if invitation.received_on == "":
        invitation.received_on = None
    errors: dict[str, list[str]] = {}
    for name in REQUIRED_FIELDS:
        if getattr(invitation, name) in (None, ""):
            errors[name] = [_("This field is required.")]
    exclude = {field.name for field in Invitation._meta.fields if field.name not in EDITABLE_FIELDS}
    try:
        invitation.clean_fields(exclude=exclude | set(errors))
    except DjangoValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(str(message) for message in messages)
    if "country" not in errors and not is_country_code(invitation.country):
        errors["country"] = [
            _("“%(code)s” is not a country code (two letters, ISO 3166, e.g. DE).")
            % {"code": invitation.country}
        ]
    if not errors.keys() & {"starts_on", "ends_on"} and invitation.ends_on < invitation.starts_on:
        errors["ends_on"] = [_("The event cannot end before it starts.")]
    if "received_on" not in errors and invitation.received_on and invitation.received_on > clock.today():
        errors["received_on"] = [_("The invitation cannot have been received in the future.")]
    if errors:
        raise ValidationFailed(fields=errors)
