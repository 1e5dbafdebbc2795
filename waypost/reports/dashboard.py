"""The oversight dashboard: what needs attention now, counted in the database.

Every figure is computed with ``aggregate``/``annotate`` over the rows in the actor's oversight
(:mod:`waypost.reports.filters`), never by loading the rows: one query counts the four trip
tiles, one each the incidents, missed check-ins and open hits, one groups the travellers abroad
by country for the map. The lists behind the tiles (at most :data:`LIST_LIMIT` rows each, one
query per tile) are read only for actors whose role shows records; an authority analyst gets the
counts and the map, never a name.

Tiles:

* ``incidents`` — open incidents (shown first, in red);
* ``abroad`` — travellers whose trip is ``travelling`` now;
* ``upcoming`` — decided trips departing in the next :data:`UPCOMING_DAYS` days;
* ``pending`` — trips waiting for a decision (submitted, in review);
* ``missed_checkins`` — missed check-ins not yet resolved;
* ``overdue_debriefs`` — debriefs past their due day and not submitted;
* ``open_hits`` — screening hits nobody decided yet.

The period filter narrows each tile by its own date: departure for trips, the reporting day for
incidents, the due time for check-ins and debriefs, the day a hit was raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.fields.json import KT

from waypost.core import clock
from waypost.debriefs.choices import DebriefStatus
from waypost.debriefs.models import Debrief
from waypost.geo.selectors import country_name
from waypost.screening.choices import HitStatus
from waypost.screening.models import Hit
from waypost.trips.choices import DECIDED_STATUSES, TripStatus
from waypost.trips.models import CheckInWindow, Incident, IncidentStatus, Trip, WindowStatus

from .filters import ReportFilters, oversight_for, scoped, under

LIST_LIMIT = 10
UPCOMING_DAYS = 14
#: The trip's destination: the country of its first stay (empty when it declares no stay).
DESTINATION = "facts__stays__0__country"

TILES = (
    "incidents",
    "abroad",
    "upcoming",
    "pending",
    "missed_checkins",
    "overdue_debriefs",
    "open_hits",
)


@dataclass
class Tile:
    key: str
    count: int
    #: The records behind the count; ``None`` when the actor's role shows counts only.
    rows: list[dict[str, Any]] | None = None


@dataclass
class Dashboard:
    tiles: list[Tile]
    #: (alpha-2 code, travellers) for the map, most first; "" is a trip with no declared stay.
    abroad_by_country: list[tuple[str, int]]
    shows_records: bool
    filters: ReportFilters = field(default_factory=ReportFilters)

    def tile(self, key: str) -> Tile:
        return next(tile for tile in self.tiles if tile.key == key)


def trip_condition(prefix: str, paths: tuple[str, ...], filters: ReportFilters) -> Q:
    """Trips (reached through ``prefix``) of travellers in ``paths`` matching sector and group."""
    condition = under(f"{prefix}traveller__unit__path", paths)
    if filters.sector:
        condition &= Q(**{f"{prefix}traveller__sectors__icontains": f'"{filters.sector}"'})
    if filters.countries is not None:
        condition &= Q(**{f"{prefix}{DESTINATION}__in": sorted(filters.countries)})
    return condition


def _period(field_name: str, filters: ReportFilters) -> Q:
    condition = Q()
    if filters.date_from:
        condition &= Q(**{f"{field_name}__gte": filters.date_from})
    if filters.date_to:
        condition &= Q(**{f"{field_name}__lte": filters.date_to})
    return condition


def _abroad_period(filters: ReportFilters) -> Q:
    """A trip abroad counts when it overlaps the period."""
    condition = Q()
    if filters.date_from:
        condition &= Q(return_on__gte=filters.date_from) | Q(return_on__isnull=True)
    if filters.date_to:
        condition &= Q(depart_on__lte=filters.date_to) | Q(depart_on__isnull=True)
    return condition


def _debrief_submitted() -> Exists:
    return Exists(
        Debrief.objects.filter(
            trip=OuterRef("pk"), status__in=(DebriefStatus.SUBMITTED, DebriefStatus.REVIEWED)
        )
    )


def _trip_tiles(today: dt.date, filters: ReportFilters) -> dict[str, Q]:
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    return {
        "abroad": Q(status=TripStatus.TRAVELLING) & _abroad_period(filters),
        "upcoming": Q(status__in=DECIDED_STATUSES, depart_on__gte=today, depart_on__lte=horizon)
        & _period("depart_on", filters),
        "pending": Q(status__in=(TripStatus.SUBMITTED, TripStatus.IN_REVIEW)) & _period("depart_on", filters),
        "overdue_debriefs": Q(status=TripStatus.DEBRIEF_DUE, debrief_due_on__lt=today)
        & ~_debrief_submitted()
        & _period("debrief_due_on", filters),
    }


def _incidents(paths: tuple[str, ...], filters: ReportFilters) -> QuerySet[Incident]:
    return Incident.objects.filter(
        trip_condition("trip__", paths, filters),
        _period("reported_at__date", filters),
        status=IncidentStatus.OPEN,
    )


def _missed(paths: tuple[str, ...], filters: ReportFilters) -> QuerySet[CheckInWindow]:
    return CheckInWindow.objects.filter(
        trip_condition("trip__", paths, filters),
        _period("due_at__date", filters),
        status=WindowStatus.MISSED,
        resolved_at__isnull=True,
    )


def _hits(paths: tuple[str, ...], filters: ReportFilters) -> QuerySet[Hit]:
    condition = under("subject__org_path", paths)
    if filters.sector:
        condition &= Q(subject__trip__traveller__sectors__icontains=f'"{filters.sector}"')
    if filters.countries is not None:
        condition &= Q(**{f"subject__trip__{DESTINATION}__in": sorted(filters.countries)})
    return Hit.objects.filter(condition, _period("created_at__date", filters), status=HitStatus.OPEN)


def dashboard_for(*, actor: Any, filters: ReportFilters | None = None) -> Dashboard:
    """Every tile's count, the map's counts per country, and (for officers) the lists."""
    filters = filters or ReportFilters()
    oversight = oversight_for(actor)
    paths = scoped(oversight, filters)
    today = clock.today()
    trip_tiles = _trip_tiles(today, filters)
    trips = Trip.objects.filter(trip_condition("", paths, filters))
    counts = trips.aggregate(
        abroad=Count("traveller", distinct=True, filter=trip_tiles["abroad"]),
        upcoming=Count("pk", filter=trip_tiles["upcoming"]),
        pending=Count("pk", filter=trip_tiles["pending"]),
        overdue_debriefs=Count("pk", filter=trip_tiles["overdue_debriefs"]),
    )
    counts["incidents"] = _incidents(paths, filters).count()
    counts["missed_checkins"] = _missed(paths, filters).count()
    counts["open_hits"] = _hits(paths, filters).count()
    by_country = (
        trips.filter(trip_tiles["abroad"])
        .annotate(country=KT(DESTINATION))
        .values("country")
        .annotate(travellers=Count("traveller", distinct=True))
        .order_by("-travellers", "country")
    )
    abroad = [(row["country"] or "", row["travellers"]) for row in by_country]
    tiles = [Tile(key=key, count=int(counts[key] or 0)) for key in TILES]
    if oversight.shows_records:
        record_paths = scoped(oversight, filters, records=True)
        for tile in tiles:
            tile.rows = _rows(tile.key, record_paths, filters, trip_tiles) if tile.count else []
    return Dashboard(
        tiles=tiles, abroad_by_country=abroad, shows_records=oversight.shows_records, filters=filters
    )


def _rows(
    key: str, paths: tuple[str, ...], filters: ReportFilters, trip_tiles: dict[str, Q]
) -> list[dict[str, Any]]:
    """The first records behind one tile (one query), as plain values."""
    if key in trip_tiles:
        order = {
            "abroad": ("return_on", "pk"),
            "upcoming": ("depart_on", "pk"),
            "pending": ("submitted_at", "pk"),
            "overdue_debriefs": ("debrief_due_on", "pk"),
        }[key]
        trips = (
            Trip.objects.filter(trip_condition("", paths, filters), trip_tiles[key])
            .annotate(country=KT(DESTINATION))
            .select_related("traveller")
            .order_by(*order)[:LIST_LIMIT]
        )
        return [
            {
                "trip_id": trip.pk,
                "title": str(trip),
                "traveller": str(trip.traveller),
                "country": trip.country or "",
                "country_name": country_name(trip.country) if trip.country else "",
                "status": trip.status,
                "depart_on": trip.depart_on,
                "return_on": trip.return_on,
                "debrief_due_on": trip.debrief_due_on,
            }
            for trip in trips
        ]
    if key == "incidents":
        incidents = (
            _incidents(paths, filters).select_related("trip__traveller").order_by("-reported_at", "-pk")
        )
        return [
            {
                "incident_id": incident.pk,
                "trip_id": incident.trip_id,
                "traveller": str(incident.trip.traveller),
                "kind": incident.kind,
                "country": incident.country,
                "reported_at": incident.reported_at,
            }
            for incident in incidents[:LIST_LIMIT]
        ]
    if key == "missed_checkins":
        windows = _missed(paths, filters).select_related("trip__traveller").order_by("due_at", "pk")
        return [
            {
                "trip_id": window.trip_id,
                "traveller": str(window.trip.traveller),
                "due_at": window.due_at,
                "stage": window.stage,
            }
            for window in windows[:LIST_LIMIT]
        ]
    hits = _hits(paths, filters).select_related("subject").order_by("-created_at", "-pk")
    return [
        {
            "hit_id": hit.pk,
            "subject": str(hit.subject),
            "matched_name": hit.matched_name,
            "score": round(hit.score, 2),
            "created_at": hit.created_at,
        }
        for hit in hits[:LIST_LIMIT]
    ]
