"""Scheduled jobs of the trip workflow."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="15"))
def start_departing_trips() -> int:
    """Every hour: decided trips whose departure day has come are travelling now.

    A trip that departs with a required briefing unacknowledged is flagged and the officers told.
    """
    from .services import trips_depart_due

    return trips_depart_due()


@db_periodic_task(crontab(minute="20"))
def end_returned_trips() -> int:
    """Every hour: travelling trips whose last leg has arrived are returned, then debrief due or closed."""
    from .services import trips_return_due

    return trips_return_due()


@db_periodic_task(crontab(minute="*/15"))
def escalate_missed_checkins() -> int:
    """Every 15 minutes: open the check-ins due and escalate the missed ones, stage by stage."""
    from .abroad import checkins_escalate

    return checkins_escalate()
