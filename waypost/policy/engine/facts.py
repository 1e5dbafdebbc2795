"""Trip facts: the plain data the policy engine assesses, and the parser for the trip JSON.

The Django ``trips`` app builds :class:`TripFacts` from its models (``fetch_trip_facts``); the CLI and
imports parse the exchange format of DESIGN.md §3 with :func:`trip_facts_from_json`. Either way the
engine sees only these frozen dataclasses. The countries entered are computed once, when the facts
are built (``TripFacts.itinerary``), because every rule of every guidance asks about them.

Trip JSON accepted here (keys not listed are ignored: the exchange format carries more, such as
meetings and companions, that the engine does not read)::

    traveller: {sectors: [str], role: str, sensitivity: 1..3, organisation_path: [slug, ...]}
    purpose: str
    declared_on: "YYYY-MM-DD"
    legs: [{mode: air|rail|road|sea, from: PLACE, to: PLACE, depart: LOCAL, arrive: LOCAL, flight: str}]
    stays: [{city: str, country: ISO, from: "YYYY-MM-DD", to: "YYYY-MM-DD"}]
    devices: [{kind: str, owner: str, sensitive_data: bool}]

PLACE is an IATA airport code (``"YVR"``) or ``{city, country, tz?}``; ``tz`` may be left out where the
country has a single time zone. LOCAL is ``YYYY-MM-DDTHH:MM`` in the place's own time zone.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from waypost.geo.airports import Airport, airport_lookup
from waypost.geo.groups import is_country_code
from waypost.policy.engine.errors import Issue, Param, TripFactsError, gettext_noop, shown
from waypost.policy.engine.itinerary import Itinerary, build_itinerary

__all__ = [
    "MODES",
    "Device",
    "Leg",
    "Place",
    "Stay",
    "TravellerFacts",
    "TripFacts",
    "trip_facts_from_json",
]

MODES = ("air", "rail", "road", "sea")

AirportLookup = Callable[[str], Airport | None]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a leg starts or ends: an airport (``airport`` set) or a city, with country and time zone."""

    country: str
    tz: str
    city: str
    airport: str | None = None

    @property
    def where(self) -> str:
        return self.airport or self.city


@dataclass(frozen=True, slots=True)
class Leg:
    """One journey; ``depart``/``arrive`` are aware datetimes in the origin's/destination's zone.

    Compare and subtract instants through ``depart_utc``/``arrive_utc``: Python subtracts two
    datetimes sharing one ``tzinfo`` by wall clock, which is wrong across a clock change.
    """

    mode: str
    origin: Place
    destination: Place
    depart: dt.datetime
    arrive: dt.datetime
    flight: str | None = None

    @property
    def depart_utc(self) -> dt.datetime:
        return self.depart.astimezone(dt.UTC)

    @property
    def arrive_utc(self) -> dt.datetime:
        return self.arrive.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Stay:
    """A declared stay in a city from ``start`` to ``end`` (local dates, inclusive)."""

    city: str
    country: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class Device:
    """A device carried: kind (``laptop``, ``phone`` …), owner and whether it holds sensitive data."""

    kind: str
    owner: str | None = None
    sensitive_data: bool = False


@dataclass(frozen=True, slots=True)
class TravellerFacts:
    """Who travels. ``org_path`` lists organisation-tree node slugs from the root down to the unit."""

    sectors: frozenset[str] = frozenset()
    role: str | None = None
    sensitivity: int | None = None
    org_path: tuple[str, ...] = ()


@dataclass(frozen=True)
class TripFacts:
    """Everything the engine knows about one trip; ``itinerary`` is derived on construction.

    Raises :class:`TripFactsError` if the legs are inconsistent (arrival before departure once time
    zones are applied, legs that do not connect, a stay that ends before it starts).
    """

    traveller: TravellerFacts
    legs: tuple[Leg, ...] = ()
    stays: tuple[Stay, ...] = ()
    devices: tuple[Device, ...] = ()
    purpose: str | None = None
    declared_on: dt.date | None = None
    itinerary: Itinerary = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "itinerary", build_itinerary(self.legs, self.stays))

    @property
    def lead_days(self) -> int | None:
        """Days between the declaration and the first departure, if the declaration date is known."""
        if self.declared_on is None:
            return None
        return (self.itinerary.start - self.declared_on).days


@functools.lru_cache(maxsize=1)
def _zones_by_country() -> Mapping[str, tuple[str, ...]]:
    zones: dict[str, list[str]] = {}
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone = line.split("\t")[:3]
            zones.setdefault(country, []).append(zone)
    return {country: tuple(found) for country, found in zones.items()}


#: Countries with one legal time although the tz database lists more clocks: China keeps Beijing
#: time nationwide (Asia/Urumqi records a local custom in Xinjiang, not the legal time).
_OFFICIAL_ZONE = {"CN": "Asia/Shanghai"}


@functools.lru_cache(maxsize=512)
def country_time_zone(country: str) -> str | None:
    """The time zone of a country whose zones all keep the same clock (2020-2035), else ``None``.

    Germany lists Europe/Berlin and Europe/Busingen, which agree, so a city in Germany needs no
    ``tz``; the United States has several clocks, so a city there does.
    """
    if country in _OFFICIAL_ZONE:
        return _OFFICIAL_ZONE[country]
    names = _zones_by_country().get(country, ())
    zones = [zone for zone in map(_zone, names) if zone is not None]
    if not zones:
        return None
    samples = [
        dt.datetime(year, month, day, 12, tzinfo=dt.UTC)
        for year in range(2020, 2036)
        for month in range(1, 13)
        for day in (1, 15)
    ]
    first = zones[0]
    for zone in zones[1:]:
        if any(s.astimezone(zone).utcoffset() != s.astimezone(first).utcoffset() for s in samples):
            return None
    return names[0]


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


class _Parser:
    """Collects every problem with a path, so the traveller sees all of them at once."""

    def __init__(self, airports: AirportLookup) -> None:
        self.airports = airports
        self.issues: list[Issue] = []

    def fail(self, path: str, template: str, **params: Param) -> None:
        self.issues.append(Issue(path, template, params=params))

    def text(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(
                f"{path}.{key}" if path else key,
                gettext_noop("expected text, got %(value)s"),
                value=shown(value),
            )
            return None
        return value.strip()

    def day(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> dt.date | None:
        value = data.get(key)
        where = f"{path}.{key}" if path else key
        if value is None and not required:
            return None
        try:
            if isinstance(value, str):
                return dt.date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(where, gettext_noop("expected a date YYYY-MM-DD, got %(value)s"), value=shown(value))
        return None

    def country(self, value: Any, path: str) -> str | None:
        if isinstance(value, str) and is_country_code(value):
            return value
        self.fail(
            path, gettext_noop("%(value)s is not an ISO 3166-1 alpha-2 country code"), value=shown(value)
        )
        return None

    def place(self, value: Any, path: str) -> Place | None:
        if isinstance(value, str):
            airport = self.airports(value)
            if airport is None:
                self.fail(path, gettext_noop("unknown airport code '%(code)s'"), code=value)
                return None
            return Place(country=airport.country, tz=airport.tz, city=airport.city, airport=airport.iata)
        if not isinstance(value, Mapping):
            self.fail(
                path,
                gettext_noop("expected an IATA airport code or {city, country, tz}, got %(value)s"),
                value=shown(value),
            )
            return None
        city = self.text(value, "city", path)
        country = self.country(value.get("country"), f"{path}.country")
        tz = value.get("tz")
        if tz is None and country is not None:
            tz = country_time_zone(country)
            if tz is None:
                self.fail(
                    f"{path}.tz",
                    gettext_noop("required: %(country)s has several time zones"),
                    country=country,
                )
                return None
        if tz is not None and (not isinstance(tz, str) or _zone(tz) is None):
            self.fail(f"{path}.tz", gettext_noop("unknown time zone %(value)s"), value=shown(tz))
            return None
        if city is None or country is None or tz is None:
            return None
        return Place(country=country, tz=tz, city=city)

    def moment(self, value: Any, place: Place | None, path: str) -> dt.datetime | None:
        try:
            local = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(
                path,
                gettext_noop("expected a local date and time YYYY-MM-DDTHH:MM, got %(value)s"),
                value=shown(value),
            )
            return None
        if place is None:
            return None
        zone = _zone(place.tz)
        assert zone is not None  # checked when the place was parsed
        if local.tzinfo is not None:
            return local.astimezone(zone)
        moment = local.replace(tzinfo=zone)
        try:
            exists = moment.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == local
        except OverflowError:
            self.fail(path, gettext_noop("%(value)s is out of range"), value=shown(value))
            return None
        if not exists:
            self.fail(
                path,
                gettext_noop("%(value)s does not exist in %(tz)s (the clocks change at that time)"),
                value=value,
                tz=place.tz,
            )
            return None
        return moment

    def leg(self, data: Any, path: str) -> Leg | None:
        if not isinstance(data, Mapping):
            self.fail(path, gettext_noop("expected an object"))
            return None
        mode = data.get("mode", "air")
        if mode not in MODES:
            self.fail(
                f"{path}.mode",
                gettext_noop("%(value)s is not one of %(allowed)s"),
                value=shown(mode),
                allowed=", ".join(MODES),
            )
        origin = self.place(data.get("from"), f"{path}.from")
        destination = self.place(data.get("to"), f"{path}.to")
        depart = self.moment(data.get("depart"), origin, f"{path}.depart")
        arrive = self.moment(data.get("arrive"), destination, f"{path}.arrive")
        flight = self.text(data, "flight", path, required=False)
        if origin is None or destination is None or depart is None or arrive is None or mode not in MODES:
            return None
        return Leg(mode, origin, destination, depart, arrive, flight)

    def stay(self, data: Any, path: str) -> Stay | None:
        if not isinstance(data, Mapping):
            self.fail(path, gettext_noop("expected an object"))
            return None
        city = self.text(data, "city", path)
        country = self.country(data.get("country"), f"{path}.country")
        start = self.day(data, "from", path)
        end = self.day(data, "to", path)
        if city is None or country is None or start is None or end is None:
            return None
        return Stay(city, country, start, end)

    def device(self, data: Any, path: str) -> Device | None:
        if not isinstance(data, Mapping):
            self.fail(path, gettext_noop("expected an object"))
            return None
        kind = self.text(data, "kind", path)
        owner = self.text(data, "owner", path, required=False)
        sensitive = data.get("sensitive_data", False)
        if not isinstance(sensitive, bool):
            self.fail(
                f"{path}.sensitive_data",
                gettext_noop("expected true or false, got %(value)s"),
                value=shown(sensitive),
            )
            return None
        return None if kind is None else Device(kind, owner, sensitive)

    def traveller(self, data: Any) -> TravellerFacts:
        if not isinstance(data, Mapping):
            self.fail("traveller", gettext_noop("expected an object"))
            return TravellerFacts()
        sectors = data.get("sectors", [])
        if not isinstance(sectors, list) or not all(isinstance(s, str) for s in sectors):
            self.fail(
                "traveller.sectors",
                gettext_noop("expected a list of sector tags, got %(value)s"),
                value=shown(sectors),
            )
            sectors = []
        role = self.text(data, "role", "traveller", required=False)
        sensitivity = data.get("sensitivity")
        if sensitivity is not None and (
            isinstance(sensitivity, bool) or not isinstance(sensitivity, int) or not 1 <= sensitivity <= 3
        ):
            self.fail(
                "traveller.sensitivity",
                gettext_noop("expected 1, 2 or 3, got %(value)s"),
                value=shown(sensitivity),
            )
            sensitivity = None
        path = data.get("organisation_path", [])
        if not isinstance(path, list) or not all(isinstance(p, str) and p for p in path):
            self.fail(
                "traveller.organisation_path",
                gettext_noop("expected a list of node slugs, got %(value)s"),
                value=shown(path),
            )
            path = []
        return TravellerFacts(frozenset(sectors), role, sensitivity, tuple(path))

    def items(self, data: Mapping[str, Any], key: str, parse: Callable[[Any, str], Any]) -> tuple[Any, ...]:
        values = data.get(key, [])
        if not isinstance(values, list):
            self.fail(key, gettext_noop("expected a list"))
            return ()
        return tuple(parse(value, f"{key}[{index}]") for index, value in enumerate(values))


def trip_facts_from_json(data: Mapping[str, Any], *, airports: AirportLookup = airport_lookup) -> TripFacts:
    """Parse the trip JSON (already decoded) into :class:`TripFacts`.

    Raises :class:`TripFactsError` listing every problem with its field path, e.g.
    ``legs[0].to: unknown airport code 'XXX'`` or ``legs[1].arrive: arrives at … before it departs``.
    ``airports`` replaces the airport table (tests, or a deployment's own airport list).
    """
    if not isinstance(data, Mapping):
        raise TripFactsError([Issue("", gettext_noop("expected a JSON object"))])
    parser = _Parser(airports)
    traveller = parser.traveller(data.get("traveller", {}))
    purpose = parser.text(data, "purpose", "", required=False)
    declared_on = parser.day(data, "declared_on", "", required=False)
    legs = parser.items(data, "legs", parser.leg)
    stays = parser.items(data, "stays", parser.stay)
    devices = parser.items(data, "devices", parser.device)
    if parser.issues:
        raise TripFactsError(parser.issues)
    return TripFacts(
        traveller=traveller,
        legs=legs,
        stays=stays,
        devices=devices,
        purpose=purpose,
        declared_on=declared_on,
    )
