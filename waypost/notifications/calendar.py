"""One person's trips and deadlines as an iCalendar (``.ics``) feed.

Served at a secret address (:class:`~waypost.notifications.models.CalendarFeed`) that calendar
apps poll without signing in, so it holds only the person's own trips. Every event is all-day:

* each trip that is not cancelled, from departure to return, with its title and status;
* the day a draft must be declared by (``declare_days_before`` before departure);
* the day a debrief is due (``debrief_within_days`` after return), until it is filed;
* the day before departure, while a required briefing is not acknowledged.

Trips that ended more than :data:`HISTORY_DAYS` ago are left out, to keep the feed small.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from waypost.core import clock
from waypost.people.models import Person
from waypost.trips.choices import TripStatus
from waypost.trips.models import Trip, TripAssessment

from .delivery import absolute_url
from .kinds import supported_language
from .reminders import BRIEFING_STATUSES, obligation_days, trip_label, trip_url

HISTORY_DAYS = 365
#: Once filed (or closed), a debrief is no longer a deadline.
DEBRIEF_DONE = (TripStatus.DEBRIEFED, TripStatus.CLOSED, TripStatus.CANCELLED)


def _uid(name: str) -> str:
    host = urlsplit(str(getattr(settings, "WAYPOST_BASE_URL", "") or "")).hostname or "waypost.invalid"
    return f"{name}@{host}"


def _event(uid: str, summary: str, start: dt.date, end: dt.date, stamp: dt.datetime, url: str) -> Event:
    event = Event()
    event.add("uid", _uid(uid))
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    # All-day events end on the day after the last one (RFC 5545 §3.6.1).
    event.add("dtend", end + dt.timedelta(days=1))
    if url:
        event.add("url", absolute_url(url))
    return event


def calendar_for(person: Person) -> bytes:
    """The feed of ``person`` in their preferred language."""
    with translation.override(supported_language(person.preferred_language)):
        return _build(person).to_ical()


def _build(person: Person) -> Calendar:
    from waypost.trips.briefings import unacknowledged_briefings

    now, today = clock.now(), clock.today()
    calendar = Calendar()
    calendar.add("prodid", "-//Waypost//Travel calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Waypost: trips of %(name)s") % {"name": person.name_latin})
    trips = list(
        Trip.objects.filter(traveller=person, depart_on__isnull=False)
        .exclude(status=TripStatus.CANCELLED)
        .exclude(return_on__lt=today - dt.timedelta(days=HISTORY_DAYS))
        .order_by("depart_on", "pk")
    )
    obligations: dict[int, Any] = dict(
        TripAssessment.objects.filter(trip__in=trips, is_current=True).values_list("trip_id", "obligations")
    )
    for trip in trips:
        assert trip.depart_on is not None
        label, url = trip_label(trip), trip_url(trip)
        last_day = max(trip.return_on or trip.depart_on, trip.depart_on)
        calendar.add_component(
            _event(
                f"trip-{trip.pk}",
                _("%(trip)s (%(status)s)") % {"trip": label, "status": trip.get_status_display()},
                trip.depart_on,
                last_day,
                now,
                url,
            )
        )
        rules = obligations.get(trip.pk) or {}
        declare = obligation_days(rules, "declare_days_before")
        if trip.status == TripStatus.DRAFT and declare is not None:
            due = trip.depart_on - dt.timedelta(days=declare)
            summary = _("Declare the trip “%(trip)s”") % {"trip": label}
            calendar.add_component(_event(f"trip-{trip.pk}-declare", summary, due, due, now, url))
        debrief = obligation_days(rules, "debrief_within_days")
        if debrief is not None and trip.return_on and trip.status not in DEBRIEF_DONE:
            due = trip.return_on + dt.timedelta(days=debrief)
            summary = _("Debrief due: “%(trip)s”") % {"trip": label}
            calendar.add_component(_event(f"trip-{trip.pk}-debrief", summary, due, due, now, url))
        if (
            rules.get("briefing")
            and trip.depart_on >= today
            and trip.status in (TripStatus.DRAFT, *BRIEFING_STATUSES)
            and unacknowledged_briefings(trip)
        ):
            due = trip.depart_on - dt.timedelta(days=1)
            summary = _("Acknowledge the briefing before departure: “%(trip)s”") % {"trip": label}
            calendar.add_component(_event(f"trip-{trip.pk}-briefing", summary, due, due, now, url))
    return calendar
