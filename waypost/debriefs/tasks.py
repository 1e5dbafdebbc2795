"""Background jobs of debriefs and the contacts register: thin wrappers that take ids."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def contacts_register_task(trip_id: int) -> int:
    """After a declaration or a debrief is submitted: the contacts register, merge suggestions, screening.

    Returns the number of contacts new to the register.
    """
    from waypost.screening.services import subjects_for_trip, subjects_screen
    from waypost.trips.models import Trip

    from .register import merge_suggestions_for, register_trip_contacts

    trip = Trip.objects.select_related("traveller__unit").filter(pk=trip_id).first()
    if trip is None:
        return 0
    created = register_trip_contacts(trip)
    merge_suggestions_for(created)
    subjects_screen(subjects_for_trip(trip))
    return len(created)


@db_periodic_task(crontab(minute="40"))
def remind_debriefs() -> int:
    """Every hour: debrief reminders before the due day, then overdue notices and escalation (each once)."""
    from .services import debriefs_remind

    return debriefs_remind()
