"""Writes for trips. The declaration workflow (submit, review, amend) builds on these."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waypost.audit.services import record, snapshot
from waypost.core.errors import PermissionDenied, ValidationFailed
from waypost.people.models import Person
from waypost.people.scoping import scope_for
from waypost.policy.engine import TripFactsError
from waypost.policy.messages import issue_text

from . import events
from .assessing import assess_trip, assessment_store, trip_facts
from .choices import TripStatus
from .models import Trip, TripAssessment

TRIP_FIELDS = ("title", "status", "depart_on", "return_on", "version", "facts")


def _may_declare_for(actor: Any, traveller: Person) -> bool:
    scope = scope_for(actor)
    return scope.person_id == traveller.pk or scope.covers(traveller.unit.path, "administrator")


@transaction.atomic
def trip_create(
    *,
    actor: Any,
    traveller: Person,
    facts: Mapping[str, Any],
    title: str = "",
    status: str = TripStatus.DRAFT,
) -> tuple[Trip, TripAssessment]:
    """Declare a trip from the trip JSON, assess it and store the assessment.

    Raises ValidationFailed naming each field at fault (``legs[1].arrive`` …) when the facts are
    inconsistent; nothing is stored then.
    """
    if actor is not None and not _may_declare_for(actor, traveller):
        raise PermissionDenied()
    trip = Trip(traveller=traveller, title=title, status=status, facts=dict(facts))
    try:
        itinerary = trip_facts(trip).itinerary
    except TripFactsError as error:
        fields: dict[str, list[str]] = {}
        for issue in error.issues:
            fields.setdefault(issue.path or "facts", []).append(issue_text(issue))
        raise ValidationFailed(_("The itinerary has problems."), fields=fields) from None
    trip.depart_on, trip.return_on = itinerary.start, itinerary.end
    trip.save()
    record(event=events.TRIP_CREATED, actor=actor, target=trip, after=snapshot(trip, TRIP_FIELDS))
    stored = assessment_store(trip, assess_trip(trip))
    return trip, stored
