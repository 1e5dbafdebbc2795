"""Background jobs for screening: thin wrappers that take ids and call one service."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task()
def rescreen_version_task(version_id: int) -> int:
    """After an import: screen the stored subjects against the entries the version added or changed."""
    from .services import rescreen_for_version

    return rescreen_for_version(version_id)


@db_task()
def subjects_screen_task(subject_ids: list[int]) -> int:
    """Screen the given subjects against every list that applies to them; return the open hits."""
    from .models import ScreeningSubject
    from .services import subjects_screen

    return len(subjects_screen(ScreeningSubject.objects.filter(pk__in=subject_ids).order_by("pk")))


@db_task()
def trip_screen_task(trip_id: int) -> int:
    """After a submission or amendment: screen the trip's planned meetings and event hosts."""
    from waypost.trips.models import Trip

    from .services import subjects_for_trip, subjects_screen

    trip = Trip.objects.select_related("traveller__unit").filter(pk=trip_id).first()
    if trip is None:
        return 0
    return len(subjects_screen(subjects_for_trip(trip)))
