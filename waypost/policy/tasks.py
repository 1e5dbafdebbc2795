"""Background jobs for guidance: re-assess trips after a publish or retirement."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def reassess_trips(run_id: int) -> None:
    """Re-assess every upcoming and active trip for the run, recording progress on the run."""
    from waypost.trips.assessing import reassessment_run

    reassessment_run(run_id)


@db_periodic_task(crontab(minute="5", hour="0"))
def reassess_versions_taking_effect() -> int:
    """Each night, re-assess open trips for guidance that starts or lapses today."""
    from waypost.core import clock

    from .services import reassessment_queue_for_day

    return len(reassessment_queue_for_day(day=clock.today()))
