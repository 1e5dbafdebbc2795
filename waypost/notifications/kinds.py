"""Registry of notification kinds: what each one says, rendered in the recipient's language.

A notification row stores only its ``kind`` and string ``params``; the subject and body are
rendered when it is read or delivered, so each recipient gets them in their own language. To add
a kind:

1. Register it below: ``register("trip.submitted", subject=_("…%(trip)s…"), body=_("…"))``.
   Templates use ``%(name)s`` placeholders; every param is a string.
2. If a param carries a code of a ``TextChoices`` (a status, a decision), name the class in
   ``choices`` so the code is shown as its label in the recipient's language.
3. Call :func:`waypost.notifications.services.notify` with that kind from the service that made
   the change, inside its transaction.
4. Add the German and Chinese translations of the new strings (``make messages``).

Kinds are never renamed: stored rows name them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class YesNo(models.TextChoices):
    """For params that are ``"yes"`` or ``"no"``, shown in the recipient's language."""

    YES = "yes", _("yes")
    NO = "no", _("no")


@dataclass(frozen=True)
class Kind:
    code: str
    subject: Promise | str
    body: Promise | str
    #: param name → dotted path of a ``TextChoices`` whose label replaces the code.
    choices: Mapping[str, str] = field(default_factory=dict)
    #: param name → a line appended to the body only when that param is not empty.
    extra_lines: Mapping[str, Promise | str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


class DuplicateKind(ValueError):
    pass


_REGISTRY: dict[str, Kind] = {}


def register(
    code: str,
    *,
    subject: Promise | str,
    body: Promise | str,
    choices: Mapping[str, str] | None = None,
    extra_lines: Mapping[str, Promise | str] | None = None,
) -> Kind:
    if code in _REGISTRY:
        raise DuplicateKind(f"notification kind {code!r} is registered twice")
    kind = Kind(
        code=code,
        subject=subject,
        body=body,
        choices=dict(choices or {}),
        extra_lines=dict(extra_lines or {}),
    )
    _REGISTRY[code] = kind
    return kind


def get(code: str) -> Kind | None:
    return _REGISTRY.get(code)


def all_kinds() -> list[Kind]:
    return sorted(_REGISTRY.values(), key=lambda kind: kind.code)


def supported_language(language: str | None) -> str:
    """``language`` if the site offers it (or a variant of it), else the site's default language."""
    if language:
        try:
            return translation.get_supported_language_variant(language.lower())
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def _labelled(kind: Kind, params: Mapping[str, Any]) -> dict[str, str]:
    values = {str(key): "" if value is None else str(value) for key, value in params.items()}
    for name, dotted in kind.choices.items():
        if name not in values:
            continue
        try:
            labels = dict(import_string(dotted).choices)
        except ImportError:
            continue
        if values[name] in labels:
            values[name] = str(labels[values[name]])
    return values


def _fallback(code: str, params: Mapping[str, Any]) -> Rendered:
    lines = [code, *(f"{key}: {value}" for key, value in sorted(params.items()))]
    return Rendered(subject=code, body="\n".join(lines))


def render(code: str, params: Mapping[str, Any] | None = None, *, language: str | None = None) -> Rendered:
    """Subject and body of a notification, in ``language`` (default: the active language).

    Never raises: an unknown kind, or a template missing one of its params, renders as the kind's
    code followed by the params, so the notification still says what happened.
    """
    params = params or {}
    kind = _REGISTRY.get(code)
    if kind is None:
        return _fallback(code, params)
    with translation.override(supported_language(language) if language else translation.get_language()):
        values = _labelled(kind, params)
        try:
            subject = " ".join((str(kind.subject) % values).split())
            body = str(kind.body) % values
            for name, line in kind.extra_lines.items():
                if values.get(name, "").strip():
                    body += "\n\n" + str(line) % values
            return Rendered(subject=subject, body=body)
        except (KeyError, ValueError, TypeError):
            return _fallback(code, values)


_TRIP_STATUS = "waypost.trips.choices.TripStatus"
_DECISION = "waypost.trips.choices.Decision"
_INVITATION_STATUS = "waypost.trips.choices.InvitationStatus"

# --- The review workflow ---------------------------------------------------------------------------
TRIP_REVIEW_REQUESTED = register(
    "trip.review_requested",
    subject=_("Please review the trip “%(trip)s” of %(traveller)s"),
    body=_(
        "%(traveller)s declared the trip “%(trip)s”, and you may decide on it. "
        "Please review the itinerary and the assessment, and record your decision."
    ),
)
TRIP_DECIDED = register(
    "trip.decided",
    subject=_("Your trip “%(trip)s”: %(decision)s"),
    body=_("%(reviewer)s decided on your trip “%(trip)s”: %(decision)s."),
    choices={"decision": _DECISION},
    extra_lines={"note": _("Note from the reviewer: %(note)s")},
)
TRIP_OUTCOME = register(
    "trip.outcome",
    subject=_("The review of your trip “%(trip)s” is complete: %(status)s"),
    body=_("Every reviewer has decided on your trip “%(trip)s”. Its status is now: %(status)s."),
    choices={"status": _TRIP_STATUS},
)
TRIP_AMENDED = register(
    "trip.amended",
    subject=_("%(traveller)s amended the trip “%(trip)s” (version %(version)s)"),
    body=_(
        "%(traveller)s amended the trip “%(trip)s”; this is version %(version)s of the declaration. "
        "Obligations stricter than before: %(stricter)s."
    ),
    choices={"stricter": "waypost.notifications.kinds.YesNo"},
)
TRIP_CANCELLED = register(
    "trip.cancelled",
    subject=_("%(traveller)s cancelled the trip “%(trip)s”"),
    body=_("%(traveller)s cancelled the trip “%(trip)s”. Nothing more is needed from you for it."),
)
TRIP_PROCEEDED = register(
    "trip.proceeded",
    subject=_("%(traveller)s is travelling against advice: “%(trip)s”"),
    body=_(
        "The trip “%(trip)s” was advised against, and %(traveller)s has chosen to travel anyway. "
        "Please consider a briefing and follow-up."
    ),
)
TRIP_BRIEFING_FLAGGED = register(
    "trip.briefing_flagged",
    subject=_("%(traveller)s departed without acknowledging a briefing: “%(trip)s”"),
    body=_(
        "The trip “%(trip)s” of %(traveller)s has started, and a required briefing was not "
        "acknowledged before departure."
    ),
)
INVITATION_DECIDED = register(
    "invitation.decided",
    subject=_("Invitation to “%(event)s”: %(status)s"),
    body=_("The decision on the invitation to “%(event)s” was recorded: %(status)s."),
    choices={"status": _INVITATION_STATUS},
)

# --- Reminders and escalation ---------------------------------------------------------------------
REMINDER_DECLARATION_DUE = register(
    "reminder.declaration_due",
    subject=_("Declare your trip “%(trip)s” by %(due)s"),
    body=_(
        "The guidance for your trip “%(trip)s” asks you to declare it by %(due)s. "
        "The declaration is still a draft: please complete and submit it."
    ),
)
REMINDER_BRIEFING = register(
    "reminder.briefing",
    subject=_("Read your briefing before departing on %(departs)s: “%(trip)s”"),
    body=_(
        "Your trip “%(trip)s” departs on %(departs)s, and a required briefing has not been "
        "acknowledged yet. Please read and acknowledge it before you leave."
    ),
)
REMINDER_DECISION_PENDING = register(
    "reminder.decision_pending",
    subject=_("Waiting for your decision for %(days)s days: “%(trip)s”"),
    body=_(
        "The trip “%(trip)s” of %(traveller)s has been waiting for a decision for %(days)s days, "
        "and you may decide on it. Please review it."
    ),
)
ESCALATION_DECISION_OVERDUE = register(
    "escalation.decision_overdue",
    subject=_("Decision overdue for %(days)s days: “%(trip)s” of %(traveller)s"),
    body=_(
        "The trip “%(trip)s” of %(traveller)s has been waiting for a review decision for %(days)s "
        "days. You are told as a security officer over the traveller's unit."
    ),
)

# --- Screening ------------------------------------------------------------------------------------
HIT_RAISED = register(
    "hit.raised",
    subject=_("Screening hit: “%(name)s” may be “%(matched)s” (%(list)s)"),
    body=_(
        "The name “%(name)s” matched “%(matched)s” on the list %(list)s with a score of %(score)s. "
        "Please confirm or clear the hit."
    ),
)

# --- Abroad: return, check-ins, incidents ---------------------------------------------------------
_INCIDENT_KIND = "waypost.trips.models.IncidentKind"
_SAFE_NOW = "waypost.trips.models.SafeNow"

TRIP_RETURNED = register(
    "trip.returned",
    subject=_("Welcome back: “%(trip)s” has ended"),
    body=_("Your trip “%(trip)s” has ended: the last leg arrived on %(returned)s."),
)
DEBRIEF_DUE = register(
    "debrief.due",
    subject=_("Debrief due by %(due)s: “%(trip)s”"),
    body=_(
        "The guidance for your trip “%(trip)s” asks for a debrief within %(days)s days of your "
        "return. Please complete it by %(due)s."
    ),
)
CHECKIN_MISSED = register(
    "checkin.missed",
    subject=_("Check in now: your check-in was due at %(due)s"),
    body=_(
        "Your trip “%(trip)s” asks you to check in regularly, and the check-in due at %(due)s has "
        "not arrived. One tap on your home page is enough. If you are not safe, report an incident."
    ),
)
CHECKIN_MISSED_ESCALATED = register(
    "checkin.missed_escalated",
    subject=_("%(traveller)s missed a check-in (due %(due)s): “%(trip)s”"),
    body=_(
        "%(traveller)s, travelling on “%(trip)s”, has not checked in since the check-in due at "
        "%(due)s. The last check-in was: %(last)s. Please try to reach them."
    ),
)
INCIDENT_REPORTED = register(
    "incident.reported",
    subject=_("Incident abroad: %(kind)s — %(traveller)s"),
    body=_(
        "%(traveller)s reported an incident on the trip “%(trip)s”: %(kind)s, at %(occurred)s in "
        "%(place)s. Safe now: %(safe_now)s.\n\n%(description)s\n\nPlease acknowledge it."
    ),
    choices={"kind": _INCIDENT_KIND, "safe_now": _SAFE_NOW},
)
INCIDENT_ACKNOWLEDGED = register(
    "incident.acknowledged",
    subject=_("Your incident report was received: %(kind)s"),
    body=_("%(officer)s acknowledged your incident report (%(kind)s) and is taking care of it."),
    choices={"kind": _INCIDENT_KIND},
    extra_lines={"note": _("Their note: %(note)s")},
)

# --- Debriefs and contacts -------------------------------------------------------------------------
_DEBRIEF_OUTCOME = "waypost.debriefs.choices.DebriefOutcome"

DEBRIEF_REMINDER = register(
    "debrief.reminder",
    subject=_("Your debrief is due on %(due)s: “%(trip)s”"),
    body=_("Your debrief for the trip “%(trip)s” is due on %(due)s and has not been submitted yet."),
)
DEBRIEF_OVERDUE = register(
    "debrief.overdue",
    subject=_("Debrief overdue since %(due)s: “%(trip)s”"),
    body=_(
        "The debrief for the trip “%(trip)s” was due on %(due)s and has not been submitted. "
        "Please complete it now."
    ),
)
DEBRIEF_OVERDUE_ESCALATED = register(
    "debrief.overdue_escalated",
    subject=_("%(traveller)s's debrief is %(days)s days overdue: “%(trip)s”"),
    body=_(
        "%(traveller)s has not submitted the debrief for the trip “%(trip)s”, due on %(due)s "
        "(%(days)s days ago). Please follow it up."
    ),
)
DEBRIEF_SUBMITTED = register(
    "debrief.submitted",
    subject=_("Debrief to review: “%(trip)s” of %(traveller)s"),
    body=_(
        "%(traveller)s submitted the debrief for the trip “%(trip)s” with %(contacts)s contacts. "
        "Please review it and record the outcome."
    ),
)
DEBRIEF_REVIEWED = register(
    "debrief.reviewed",
    subject=_("Your debrief was reviewed: %(outcome)s"),
    body=_("%(officer)s reviewed your debrief for the trip “%(trip)s”: %(outcome)s."),
    choices={"outcome": _DEBRIEF_OUTCOME},
    extra_lines={"note": _("Note: %(note)s")},
)

# --- Oversight reports -----------------------------------------------------------------------------
REPORT_MONTHLY_COMPLIANCE = register(
    "report.monthly_compliance",
    subject=_("Monthly compliance report %(month)s: %(organisation)s"),
    body=_(
        "The compliance report of %(organisation)s for %(month)s is attached as a PDF: declarations "
        "on time, briefings acknowledged, debriefs on time and check-ins kept, per unit."
    ),
)
