"""Which countries a trip enters, how (stay or transit), where and for how long.

Guidance is about *entering* countries, and the fear behind much of it is being detained while
merely changing planes, so a transit counts as entering a country: rules opt into it with
``include_transit: true``. The itinerary turns the declared legs and stays into that list.

Definitions (also in ``docs/guidance.md``):

1. **Times are local.** Each leg's departure is local to where it leaves and its arrival local to
   where it arrives (the airport's IANA time zone). They become instants with :mod:`zoneinfo`, so
   overnight legs, date-line crossings (HND→HNL lands "before" it took off) and clock changes come
   out right. A local time skipped by a clock change is an error; an ambiguous one (clocks going
   back) means the first occurrence.
2. **Home** is the country the first leg departs from; arriving there is not an entry.
3. **A stop** is each arrival. Its time on the ground runs until the next leg departs.
   A stop shorter than 24 hours that no declared stay covers is a **transit**; otherwise it is a
   **stay**. The final arrival abroad (no onward leg) is a stay.
4. **A stay covers a stop** if it is in the same country and its dates overlap the stop's local
   arrival-to-departure dates. Declared stays that no stop covers (e.g. reached by road) are stays.
5. **Trip length** in days counts calendar days inclusive, from the first local departure (or the
   first stay) to the last local arrival (or the last stay).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from waypost.policy.engine.errors import Issue, TripFactsError, gettext_noop

if TYPE_CHECKING:
    from collections.abc import Sequence

    from waypost.policy.engine.facts import Leg, Stay

__all__ = ["TRANSIT_LIMIT", "CountryEntry", "EntryKind", "Itinerary", "build_itinerary"]

#: A stop shorter than this, with no stay covering it, is a transit.
TRANSIT_LIMIT = dt.timedelta(hours=24)


class EntryKind(enum.StrEnum):
    """How a country was entered."""

    STAY = "stay"
    TRANSIT = "transit"


@dataclass(frozen=True, slots=True)
class CountryEntry:
    """One entry into a country: ISO code, how, where, hours on the ground, local arrive/leave."""

    country: str
    how: EntryKind
    airport: str | None
    city: str
    hours: float | None
    arrive: str
    leave: str | None

    @property
    def where(self) -> str:
        """The airport's IATA code if the entry was by air, else the city."""
        return self.airport or self.city

    def to_json(self) -> dict[str, object]:
        return {
            "country": self.country,
            "how": self.how.value,
            "where": self.where,
            "airport": self.airport,
            "city": self.city,
            "hours": None if self.hours is None else round(self.hours, 2),
            "arrive": self.arrive,
            "leave": self.leave,
        }


@dataclass(frozen=True, slots=True)
class Itinerary:
    """The entered countries of one trip, plus the indexes the rule matcher needs.

    ``stay_countries`` and ``transit_countries`` may overlap (a country stayed in and transited).
    """

    entries: tuple[CountryEntry, ...]
    home: str | None
    start: dt.date
    end: dt.date
    stay_countries: frozenset[str]
    transit_countries: frozenset[str]
    stay_airports: frozenset[str]
    transit_airports: frozenset[str]

    @property
    def days(self) -> int:
        """Trip length in calendar days, inclusive."""
        return (self.end - self.start).days + 1


def _local_iso(moment: dt.datetime) -> str:
    return moment.replace(tzinfo=None).isoformat(timespec="minutes")


def _check_legs(legs: Sequence[Leg]) -> list[Issue]:
    issues: list[Issue] = []
    for index, leg in enumerate(legs):
        if leg.arrive_utc < leg.depart_utc:
            issues.append(
                Issue(
                    f"legs[{index}].arrive",
                    gettext_noop(
                        "arrives at %(arrive)s %(arrive_tz)s (%(arrive_utc)s UTC), before it departs at "
                        "%(depart)s %(depart_tz)s (%(depart_utc)s UTC)"
                    ),
                    params={
                        "arrive": _local_iso(leg.arrive),
                        "arrive_tz": leg.destination.tz,
                        "arrive_utc": f"{leg.arrive_utc:%Y-%m-%d %H:%M}",
                        "depart": _local_iso(leg.depart),
                        "depart_tz": leg.origin.tz,
                        "depart_utc": f"{leg.depart_utc:%Y-%m-%d %H:%M}",
                    },
                )
            )
        if index:
            previous = legs[index - 1]
            if leg.depart_utc < previous.arrive_utc:
                issues.append(
                    Issue(
                        f"legs[{index}].depart",
                        gettext_noop("departs before %(previous)s arrives"),
                        params={"previous": f"legs[{index - 1}]"},
                    )
                )
            if leg.origin.country != previous.destination.country:
                issues.append(
                    Issue(
                        f"legs[{index}].from",
                        gettext_noop("starts in %(country)s but %(previous)s ends in %(previous_country)s"),
                        params={
                            "country": leg.origin.country,
                            "previous": f"legs[{index - 1}]",
                            "previous_country": previous.destination.country,
                        },
                    )
                )
    return issues


def _covering_stay(stays: Sequence[Stay], country: str, first: dt.date, last: dt.date | None) -> int | None:
    for index, stay in enumerate(stays):
        if stay.country == country and stay.start <= (last or stay.start) and stay.end >= first:
            return index
    return None


def build_itinerary(legs: Sequence[Leg], stays: Sequence[Stay]) -> Itinerary:
    """Compute the countries entered by a trip; raise :class:`TripFactsError` if the legs are inconsistent."""
    if not legs and not stays:
        raise TripFactsError([Issue("legs", gettext_noop("a trip needs at least one leg or stay"))])
    issues = _check_legs(legs)
    issues += [
        Issue(
            f"stays[{i}].to",
            gettext_noop("ends on %(end)s before it starts on %(start)s"),
            params={"end": s.end.isoformat(), "start": s.start.isoformat()},
        )
        for i, s in enumerate(stays)
        if s.end < s.start
    ]
    if issues:
        raise TripFactsError(issues)

    home = legs[0].origin.country if legs else None
    keyed: list[tuple[dt.date, int, CountryEntry]] = []
    used_stays: set[int] = set()
    for index, leg in enumerate(legs):
        place = leg.destination
        if place.country == home:
            continue
        following = legs[index + 1] if index + 1 < len(legs) else None
        leave = following.depart if following else None
        arrive_date = leg.arrive.date()
        stay_index = _covering_stay(stays, place.country, arrive_date, leave.date() if leave else None)
        ground = (following.depart_utc - leg.arrive_utc) if following else None
        if stay_index is not None:
            used_stays.add(stay_index)
        is_transit = stay_index is None and ground is not None and ground < TRANSIT_LIMIT
        entry = CountryEntry(
            country=place.country,
            how=EntryKind.TRANSIT if is_transit else EntryKind.STAY,
            airport=place.airport,
            city=stays[stay_index].city if stay_index is not None else place.city,
            hours=None if ground is None else ground.total_seconds() / 3600,
            arrive=_local_iso(leg.arrive),
            leave=_local_iso(leave)
            if leave
            else (stays[stay_index].end.isoformat() if stay_index is not None else None),
        )
        keyed.append((arrive_date, index, entry))
    for index, stay in enumerate(stays):
        if index in used_stays or stay.country == home:
            continue
        entry = CountryEntry(
            country=stay.country,
            how=EntryKind.STAY,
            airport=None,
            city=stay.city,
            hours=None,
            arrive=stay.start.isoformat(),
            leave=stay.end.isoformat(),
        )
        keyed.append((stay.start, len(legs) + index, entry))
    keyed.sort(key=lambda item: (item[0], item[1]))
    entries = tuple(entry for _, _, entry in keyed)

    starts = [legs[0].depart.date()] if legs else []
    ends = [legs[-1].arrive.date()] if legs else []
    starts += [s.start for s in stays]
    ends += [s.end for s in stays]
    stays_ = [e for e in entries if e.how is EntryKind.STAY]
    transits = [e for e in entries if e.how is EntryKind.TRANSIT]
    return Itinerary(
        entries=entries,
        home=home,
        start=min(starts),
        end=max(ends),
        stay_countries=frozenset(e.country for e in stays_),
        transit_countries=frozenset(e.country for e in transits),
        stay_airports=frozenset(e.airport for e in stays_ if e.airport),
        transit_airports=frozenset(e.airport for e in transits if e.airport),
    )
