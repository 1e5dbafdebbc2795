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
