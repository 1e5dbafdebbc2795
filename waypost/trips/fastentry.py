"""Fast entry of an itinerary: typed text, a calendar file (.ics) or a booking e-mail (.eml) → trip legs.

The traveller pastes ``PEK 2026-03-01 10:00 > YVR 07:30; YVR 12:40 > MEX 20:05``, or uploads the
calendar an airline, TripIt or Google exported, or the booking confirmation itself; the form fills the
legs of the trip JSON (DESIGN.md §3) from it. Each parser returns a :class:`FastEntry`: the legs it
could read, in time order, and a :class:`Problem` for everything it could not — a bad piece never
hides the good ones, and nothing raises on hostile input (huge text, binary junk, control characters).

Leg times are local to the place (the airport's time zone), ``YYYY-MM-DDTHH:MM`` without offset, as
the trip JSON wants them; calendar times are converted into those zones.

Messages are templates marked with ``gettext_noop`` (``makemessages`` extracts them) and rendered in
the user's language with :meth:`Problem.render`. Pure Python: no Django, so the CLI can use it too.
"""

from __future__ import annotations

import datetime as dt
import email
import email.message
import email.policy
import functools
import hashlib
import html
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import icalendar

from waypost.geo import airports as _airports
from waypost.geo.airports import Airport, airport_lookup
from waypost.geo.groups import is_country_code
from waypost.policy.engine.errors import gettext_noop, shown
from waypost.policy.engine.facts import country_time_zone

__all__ = ["MAX_UPLOAD_BYTES", "FastEntry", "Problem", "parse_eml", "parse_ics", "parse_text"]

#: Largest calendar or e-mail file read (bytes).
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
#: Longest text read by :func:`parse_text` (characters); an itinerary is a few hundred.
MAX_TEXT_CHARS = 20_000
#: Longest single leg (characters): longer pieces are reported, not parsed.
MAX_LEG_CHARS = 300
#: Most legs (or calendar events) read from one input.
MAX_LEGS = 200
#: Characters of a calendar text field (SUMMARY, LOCATION, DESCRIPTION) searched for airport codes.
MAX_FIELD_CHARS = 4_000

_LIMIT_TEXT = "2 MB"

#: Named placeholders and escaped percent signs; any other ``%`` makes a translation unusable.
_NAMED = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)s|%%")


#: Words a message may name as its ``%(side)s``, translated when the message is rendered.
_SIDES = frozenset(
    (
        gettext_noop("origin"),
        gettext_noop("destination"),
        gettext_noop("departure"),
        gettext_noop("arrival"),
    )
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, for the user: where (``"line 2"``, ``"event 1"`` …) and why.

    ``template`` is the English message with ``%(name)s`` placeholders, marked with
    ``gettext_noop`` where it is written; ``params`` fill them in.
    """

    where: str
    template: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """The reason in English."""
        return self.template % self.params

    def render(self, gettext: Callable[[str], str]) -> str:
        """The reason in the language of ``gettext``; the English text if the translation is unusable."""
        translated = gettext(self.template)
        if "%" in _NAMED.sub("", translated):
            return self.message
        params = {key: gettext(value) if value in _SIDES else value for key, value in self.params.items()}
        try:
            return translated % params
        except (KeyError, ValueError, TypeError):
            return self.message

    def place(self, gettext: Callable[[str], str]) -> str:
        """``where`` in the language of ``gettext`` ("Zeile 2, Flug 1", "第 2 行" …)."""
        return _place(self.where, gettext)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


#: The parts of ``Problem.where`` ("line 2", "leg 1", "attachment a.ics", "event 3" …), each with
#: its message for translation; parts are joined with ", ".
_WHERE_PARTS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"line ([0-9]+)"), gettext_noop("line %(value)s"), "value"),
    (re.compile(r"e-mail line ([0-9]+)"), gettext_noop("e-mail line %(value)s"), "value"),
    (re.compile(r"leg ([0-9]+)"), gettext_noop("leg %(value)s"), "value"),
    (re.compile(r"event ([0-9]+)"), gettext_noop("event %(value)s"), "value"),
    (re.compile(r"attachment (.+)"), gettext_noop("attachment %(value)s"), "value"),
    (re.compile(r"invitation"), gettext_noop("the invitation"), ""),
    (re.compile(r"file"), gettext_noop("the file"), ""),
    (re.compile(r"text"), gettext_noop("the itinerary"), ""),
)


def _place(where: str, gettext: Callable[[str], str]) -> str:
    parts = []
    for part in where.split(", ") if where else []:
        for pattern, template, key in _WHERE_PARTS:
            match = pattern.fullmatch(part)
            if match:
                parts.append(gettext(template) % {key: match[1]} if key else gettext(template))
                break
        else:
            parts.append(part)
    return ", ".join(parts)


@dataclass(frozen=True)
class FastEntry:
    """The legs read (trip-JSON leg objects, in time order) and the problems found on the way."""

    legs: list[dict[str, Any]]
    problems: list[Problem]


def _problem(where: str, template: str, **params: str) -> Problem:
    return Problem(where, template, dict(params))


# --------------------------------------------------------------------------------------------------
# Places and times
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Place:
    """A resolved place: the trip-JSON value (``"PEK"`` or ``{city, country[, tz]}``) and its zone."""

    value: str | dict[str, str]
    tz: str
    country: str


@functools.lru_cache(maxsize=256)
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _airport_place(airport: Airport) -> _Place:
    return _Place(airport.iata, airport.tz, airport.country)


@functools.lru_cache(maxsize=1)
def _cities() -> Mapping[str, frozenset[tuple[str, str]]]:
    """City name (case-folded) → the (country, time zone) pairs of its airports."""
    found: dict[str, set[tuple[str, str]]] = {}
    for row in _airports._table().values():
        city, country, tz = row.get("city"), row.get("country"), row.get("tz")
        if city and country and tz:
            found.setdefault(str(city).casefold(), set()).add((str(country), str(tz)))
    return {city: frozenset(pairs) for city, pairs in found.items()}


@functools.lru_cache(maxsize=256)
def _one_clock(zones: frozenset[str]) -> str | None:
    """One of ``zones`` if they all keep the same clock (Detroit and New York), else ``None``."""
    found = [(name, _zone(name)) for name in sorted(zones)]
    if not found or any(zone is None for _, zone in found):
        return None
    samples = [
        dt.datetime(year, month, 15, 12, tzinfo=dt.UTC)
        for year in (2025, 2026, 2027)
        for month in range(1, 13)
    ]
    first = found[0][1]
    for _, zone in found[1:]:
        if any(
            sample.astimezone(zone).utcoffset() != sample.astimezone(first).utcoffset() for sample in samples
        ):
            return None
    return found[0][0]


def _utc(day: dt.date, time: dt.time, tz: str) -> dt.datetime:
    zone = _zone(tz)
    return dt.datetime.combine(day, time, tzinfo=zone).astimezone(dt.UTC)


def _local_text(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


# --------------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------------

#: Unicode control and bidirectional-formatting characters that have no place in an itinerary.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: The arrow between origin and destination. A hyphen counts only with spaces around it, so that
#: it never splits an ISO date; "to" likewise.
_ARROW = re.compile(r"->|=>|→|⟶|➔|➜|–|—|>|(?<=\s)-(?=\s)|(?<=\s)to(?=\s)", re.IGNORECASE)

#: Flight number: airline designator (two characters, at least one a letter), 1-4 digits, an
#: optional suffix letter. Not followed by ':' or '.digit', so "at 10:00" is a time, not flight AT10.
_FLIGHT = re.compile(
    r"(?<!\w)([A-Za-z][A-Za-z0-9]|[0-9][A-Za-z])( ?)([0-9]{1,4})([A-Za-z]?)(?![\w:]|\.[0-9])"
)
#: Two-letter words that are not airline designators when a space separates them from digits.
_NOT_AIRLINES = frozenset({"AT", "ON", "BY", "TO", "IN", "OF", "AM", "PM", "NO", "NR"})

_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})(am|pm|a\.m\.|p\.m\.)?", re.IGNORECASE)
_AMPM = re.compile(r"am|pm|a\.m\.|p\.m\.", re.IGNORECASE)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_ISO_DATETIME = re.compile(r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[Tt]([0-9]{1,2}:[0-9]{2})")
_DOT_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})?")
_SLASH_DATE = re.compile(r"([0-9]{1,4})/([0-9]{1,2})(?:/([0-9]{2,4}))?")
_CJK_DATE = re.compile(r"(?:([0-9]{4})年)?([0-9]{1,2})月([0-9]{1,2})日")
_DAY = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?\.?")
_YEAR = re.compile(r"[0-9]{4}")
_TIME_LIKE = re.compile(r"[0-9]{1,2}[.hH][0-9]{2}")
_CODE = re.compile(r"[A-Za-z]{3}")
_PAREN_CODE = re.compile(r"\(([A-Za-z]{3})\)")
#: "Lyon FR", "Lyon, FR", "Lyon (FR)": a city and its country (upper case, so "Le Mans" stays a city).
_COUNTRY_SUFFIX = re.compile(r"(.+?)(?:[\s,]+\(?|\()([A-Z]{2})\)?")

_MONTHS: Mapping[str, int] = {
    **{name: number for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )},
    **{name: number for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"), start=1
    )},
    "sept": 9,
    # German, the other language Waypost ships
    **{name: number for number, name in enumerate(
        ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
         "oktober", "november", "dezember"), start=1
    )},
    "mär": 3, "mrz": 3, "okt": 10, "dez": 12,
}  # fmt: skip

_MODES: Mapping[str, str] = {
    "air": "air", "flight": "air", "fly": "air", "plane": "air",
    "rail": "rail", "train": "rail",
    "road": "road", "bus": "road", "car": "road", "coach": "road", "drive": "road",
    "sea": "sea", "ferry": "sea", "boat": "sea", "ship": "sea",
}  # fmt: skip

_EXAMPLE = "PEK 2026-03-01 10:00 > YVR 07:30"


def _has_controls(text: str) -> bool:
    return any((unicodedata.category(char) == "Cc" and char not in "\t") or char in _BIDI for char in text)


def _flight_numbers(text: str) -> tuple[str, list[str]]:
    """The text without its flight numbers, and the numbers found (normalised: ``LH 721`` → ``LH721``)."""
    found: list[str] = []
    kept: list[str] = []
    last = 0
    for match in _FLIGHT.finditer(text):
        airline, space, number, suffix = match.groups()
        if space and airline.upper() in _NOT_AIRLINES:
            continue
        found.append(f"{airline}{number}{suffix}".upper())
        kept.append(text[last : match.start()])
        kept.append(" ")
        last = match.end()
    kept.append(text[last:])
    return "".join(kept), found


@dataclass
class _Side:
    """One side of a typed leg: the place words, the date and the time, if given."""

    words: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_text: str = ""
    year_missing: bool = False
    time: dt.time | None = None


@dataclass
class _State:
    """What a leg inherits from the one before: its date, and when it arrived."""

    last_date: dt.date | None = None
    last_arrival: dt.datetime | None = None
    default_year: int | None = None


class _TextParser:
    """Parses typed legs one at a time, carrying dates from leg to leg."""

    def __init__(self, default_year: int | None) -> None:
        self.state = _State(default_year=default_year)
        self.problems: list[Problem] = []
        self.legs: list[tuple[dt.datetime, dict[str, Any]]] = []

    def fail(self, where: str, template: str, **params: str) -> None:
        self.problems.append(_problem(where, template, **params))

    # ---------------------------------------------------------------- dates and times

    def _date(self, year: int, month: int, day: int, text: str, where: str) -> dt.date | None:
        try:
            if not 1900 <= year <= 2199:
                raise ValueError
            return dt.date(year, month, day)
        except ValueError:
            self.fail(where, gettext_noop("%(value)s is not a date"), value=shown(text))
            return None

    def _side(self, text: str, where: str, which: str) -> _Side | None:
        """Split one side into place words, a date and a time; ``None`` after reporting a problem."""
        side = _Side()
        tokens = [token.strip(",") for token in text.split()]
        tokens = [token for token in tokens if token]
        dates: list[tuple[int | None, int, int, str]] = []
        times: list[str] = []
        ok = True
        index = 0
        while index < len(tokens):
            token = tokens[index]
            lower = token.casefold()
            nxt = tokens[index + 1].casefold() if index + 1 < len(tokens) else ""
            after = tokens[index + 2] if index + 2 < len(tokens) else ""
            if match := _ISO_DATETIME.fullmatch(token):
                token = match.group(1)
                times.append(match.group(2))
            if _TIME.fullmatch(token):
                if _AMPM.fullmatch(nxt):
                    token += nxt
                    index += 1
                times.append(token)
            elif match := _ISO_DATE.fullmatch(token):
                dates.append((int(match.group(1)), int(match.group(2)), int(match.group(3)), token))
            elif match := _DOT_DATE.fullmatch(token):
                year = int(match.group(3)) if match.group(3) else None
                dates.append((year, int(match.group(2)), int(match.group(1)), token))
            elif match := _CJK_DATE.fullmatch(token):
                year = int(match.group(1)) if match.group(1) else None
                dates.append((year, int(match.group(2)), int(match.group(3)), token))
            elif match := _SLASH_DATE.fullmatch(token):
                parsed = self._slash(match, token, where)
                if parsed is None:
                    ok = False
                else:
                    dates.append(parsed)
            elif (match := _DAY.fullmatch(token)) and nxt.rstrip(".,") in _MONTHS:
                month = _MONTHS[nxt.rstrip(".,")]
                year = int(after) if _YEAR.fullmatch(after) else None
                written = " ".join(tokens[index : index + (3 if year else 2)])
                dates.append((year, month, int(match.group(1)), written))
                index += 2 if year else 1
            elif lower.rstrip(".") in _MONTHS and (match := _DAY.fullmatch(nxt)):
                month = _MONTHS[lower.rstrip(".")]
                year = int(after) if _YEAR.fullmatch(after) else None
                written = " ".join(tokens[index : index + (3 if year else 2)])
                dates.append((year, month, int(match.group(1)), written))
                index += 2 if year else 1
            elif (":" in token and any(char.isdigit() for char in token)) or _TIME_LIKE.fullmatch(token):
                self.fail(where, gettext_noop("cannot read the time %(value)s"), value=shown(token))
                ok = False
            elif any(char.isdigit() for char in token):
                self.fail(
                    where,
                    gettext_noop("cannot read %(value)s: write dates as 2026-03-01 or 1 Mar 2026"),
                    value=shown(token),
                )
                ok = False
            else:
                side.words.append(token)
            index += 1
        if len(times) > 1 or len(dates) > 1:
            self.fail(
                where,
                gettext_noop("the %(side)s has more than one date or time: %(value)s"),
                side=which,
                value=shown(text.strip()),
            )
            return None
        if times:
            side.time = self._time(times[0], where)
            ok = ok and side.time is not None
        if dates:
            year, month, day, written = dates[0]
            side.date_text = written
            if year is None:
                side.year_missing = True
                side.date = self._month_day(month, day, written, where)
                ok = ok and side.date is not None
            else:
                side.date = self._date(year, month, day, written, where)
                ok = ok and side.date is not None
        return side if ok else None

    def _slash(self, match: re.Match[str], token: str, where: str) -> tuple[int | None, int, int, str] | None:
        first, second, third = match.group(1), match.group(2), match.group(3)
        if len(first) == 4:  # 2026/03/01 is year, month, day
            return int(first), int(second), int(third) if third else 0, token
        if third is None or len(third) != 4:
            self.fail(
                where,
                gettext_noop("cannot read %(value)s: write dates as 2026-03-01 or 1 Mar 2026"),
                value=shown(token),
            )
            return None
        a, b, year = int(first), int(second), int(third)
        if a > 12 >= b:
            return year, b, a, token  # day/month
        if b > 12 >= a:
            return year, a, b, token  # month/day
        if a == b:
            return year, a, a, token
        self.fail(
            where,
            gettext_noop("%(value)s is ambiguous (day/month or month/day?): write 2026-03-01 or 1 Mar 2026"),
            value=shown(token),
        )
        return None

    def _month_day(self, month: int, day: int, written: str, where: str) -> dt.date | None:
        """A date typed without a year: the previous date's year (or the next), else ``default_year``."""
        previous = self.state.last_date
        year = previous.year if previous is not None else self.state.default_year
        if year is None:
            self.fail(
                where,
                gettext_noop("%(value)s has no year: write it as 1 Mar 2026 or 2026-03-01"),
                value=shown(written),
            )
            return None
        day_found = self._date(year, month, day, written, where)
        if day_found is not None and previous is not None and day_found < previous:
            day_found = self._date(year + 1, month, day, written, where)
        return day_found

    def _time(self, text: str, where: str) -> dt.time | None:
        match = _TIME.fullmatch(text)
        if match is not None:
            hour, minute, suffix = int(match.group(1)), int(match.group(2)), match.group(3)
            if suffix:  # 12-hour clock: 12:05 am is 00:05, 12:05 pm is 12:05, 13:00 pm is wrong
                hour = hour % 12 + (12 if suffix[0].lower() == "p" else 0) if 1 <= hour <= 12 else 99
            if hour <= 23 and minute <= 59:
                return dt.time(hour, minute)
        self.fail(where, gettext_noop("cannot read the time %(value)s"), value=shown(text))
        return None

    # ---------------------------------------------------------------- places

    def _airport(self, words: list[str], where: str, which: str) -> _Place | None:
        text = " ".join(words)
        codes = _PAREN_CODE.findall(text)
        if not codes and len(words) == 1 and _CODE.fullmatch(words[0]):
            codes = [words[0]]
        elif not codes:  # "Beijing PEK", "Depart: PEK": the one upper-case word that is an airport
            codes = [
                word for word in words if _CODE.fullmatch(word) and word.isupper() and airport_lookup(word)
            ]
        if not words:
            self.fail(where, gettext_noop("the %(side)s has no airport code"), side=which)
            return None
        if len(codes) != 1:
            self.fail(
                where,
                gettext_noop("expected an airport code such as PEK for the %(side)s, got %(value)s"),
                side=which,
                value=shown(text),
            )
            return None
        airport = airport_lookup(codes[0])
        if airport is None:
            self.fail(where, gettext_noop("unknown airport code '%(code)s'"), code=codes[0].upper())
            return None
        return _airport_place(airport)

    def _city(self, words: list[str], where: str, which: str) -> tuple[str, list[tuple[str, str]]] | None:
        """The city typed and the (country, tz) pairs it may be in (tz empty if the table has none)."""
        text = " ".join(words).strip()
        if not text:
            self.fail(where, gettext_noop("the %(side)s has no place"), side=which)
            return None
        match = _COUNTRY_SUFFIX.fullmatch(text)
        if match and is_country_code(match.group(2)):
            city, country = match.group(1).strip(" ,"), match.group(2)
            pairs = [pair for pair in _cities().get(city.casefold(), ()) if pair[0] == country]
            return city, sorted(pairs) or [(country, "")]
        pairs = sorted(_cities().get(text.casefold(), ()))
        if not pairs:
            self.fail(
                where,
                gettext_noop("say which country %(value)s is in, e.g. '%(example)s'"),
                value=shown(text),
                example="Lyon FR",
            )
            return None
        return text, pairs

    def _cities(self, origin: list[str], destination: list[str], where: str) -> tuple[_Place, _Place] | None:
        start = self._city(origin, where, "origin")
        end = self._city(destination, where, "destination")
        if start is None or end is None:
            return None
        places: list[_Place] = []
        for (city, pairs), (_, other) in ((start, end), (end, start)):
            countries = {country for country, _ in pairs}
            if len(countries) > 1:  # "Paris": the one in the other end's country, if that settles it
                near = [pair for pair in pairs if pair[0] in {country for country, _ in other}]
                if len({country for country, _ in near}) == 1:
                    pairs = near
                    countries = {near[0][0]}
            if len(countries) != 1:
                self.fail(
                    where,
                    gettext_noop(
                        "%(value)s is in several countries (%(countries)s): add one, e.g. '%(example)s'"
                    ),
                    value=shown(city),
                    countries=", ".join(sorted(countries)),
                    example=f"{city} {sorted(countries)[0]}",
                )
                return None
            country = pairs[0][0]
            single = country_time_zone(country)
            tz = single or _one_clock(frozenset(tz for _, tz in pairs if tz))
            if tz is None:
                self.fail(
                    where,
                    gettext_noop(
                        "%(value)s: %(country)s has several time zones, so enter this leg in the form"
                    ),
                    value=shown(city),
                    country=country,
                )
                return None
            value = {"city": city, "country": country}
            if single is None:
                value["tz"] = tz
            places.append(_Place(value, tz, country))
        return places[0], places[1]

    # ---------------------------------------------------------------- legs

    def leg(self, piece: str, where: str) -> None:
        """Parse one leg and add it (or the problems found) to the results."""
        if _has_controls(piece):
            self.fail(where, gettext_noop("contains control characters: retype this leg"))
            return
        if len(piece) > MAX_LEG_CHARS:
            self.fail(
                where,
                gettext_noop("too long for one leg (over %(limit)s characters)"),
                limit=str(MAX_LEG_CHARS),
            )
            return
        text = unicodedata.normalize("NFKC", piece).strip()
        mode = "air"
        words = text.split(maxsplit=2)
        if len(words) > 1 and words[0].casefold() in _MODES and not words[1][:1].isdigit():
            mode = _MODES[words[0].casefold()]
            text = text.split(maxsplit=1)[1]
        flights: list[str] = []
        if mode == "air":
            text, flights = _flight_numbers(text)
        arrows = list(_ARROW.finditer(text))
        if not arrows:
            self.fail(
                where,
                gettext_noop("no arrow between origin and destination, e.g. '%(example)s'"),
                example=_EXAMPLE,
            )
            return
        if len(arrows) > 1:
            self.fail(
                where,
                gettext_noop("more than one arrow: put each leg on its own line or separate legs with ';'"),
            )
            return
        arrow = arrows[0]
        left = self._side(text[: arrow.start()], where, "origin")
        right = self._side(text[arrow.end() :], where, "destination")
        if len(set(flights)) > 1:
            self.fail(where, gettext_noop("more than one flight number: %(value)s"), value=", ".join(flights))
            return
        if left is None or right is None:
            return
        places: tuple[_Place, _Place] | None
        if mode == "air":
            origin = self._airport(left.words, where, "origin")
            destination = self._airport(right.words, where, "destination")
            places = None if origin is None or destination is None else (origin, destination)
        else:
            places = self._cities(left.words, right.words, where)
        missing = False
        for side, which in ((left, "departure"), (right, "arrival")):
            if side.time is None:
                self.fail(where, gettext_noop("no %(side)s time (HH:MM)"), side=which)
                missing = True
        if places is None or missing or left.time is None or right.time is None:
            return
        self._finish(where, mode, places, left, right, left.time, right.time, flights[0] if flights else None)

    def _finish(
        self,
        where: str,
        mode: str,
        places: tuple[_Place, _Place],
        left: _Side,
        right: _Side,
        depart_time: dt.time,
        arrive_time: dt.time,
        flight: str | None,
    ) -> None:
        origin, destination = places
        state = self.state
        depart_day = left.date
        inherited = depart_day is None
        if depart_day is None:
            depart_day = state.last_date
        if depart_day is None:
            self.fail(
                where,
                gettext_noop("no date: give the date of the first leg, e.g. '%(example)s'"),
                example=_EXAMPLE,
            )
            return
        depart = _utc(depart_day, depart_time, origin.tz)
        if inherited and state.last_arrival is not None and depart < state.last_arrival:
            # typed without a date and earlier than the last arrival: the next day's departure
            depart_day += dt.timedelta(days=1)
            depart = _utc(depart_day, depart_time, origin.tz)
        arrive_day = right.date
        if arrive_day is not None and right.year_missing and arrive_day < depart_day:
            arrive_day = arrive_day.replace(year=arrive_day.year + 1)
        if arrive_day is None:
            arrive_day = depart_day
            arrive = _utc(arrive_day, arrive_time, destination.tz)
            for _ in range(2):  # an overnight flight typed without its arrival date
                if arrive >= depart:
                    break
                arrive_day += dt.timedelta(days=1)
                arrive = _utc(arrive_day, arrive_time, destination.tz)
        else:
            arrive = _utc(arrive_day, arrive_time, destination.tz)
        depart_text = _local_text(dt.datetime.combine(depart_day, depart_time))
        arrive_text = _local_text(dt.datetime.combine(arrive_day, arrive_time))
        if arrive < depart:
            self.fail(
                where,
                gettext_noop("arrives at %(arrive)s, before it departs at %(depart)s (local times)"),
                arrive=arrive_text.replace("T", " "),
                depart=depart_text.replace("T", " "),
            )
        leg: dict[str, Any] = {
            "mode": mode,
            "from": origin.value,
            "to": destination.value,
            "depart": depart_text,
            "arrive": arrive_text,
        }
        if flight:
            leg["flight"] = flight
        self.legs.append((depart, leg))
        state.last_date = arrive_day
        state.last_arrival = arrive

    def result(self) -> list[dict[str, Any]]:
        return [leg for _, leg in sorted(self.legs, key=lambda item: item[0])]


def _pieces(text: str) -> list[tuple[str, str]]:
    """(where, piece) for every non-blank leg: ``line 2``, or ``line 1, leg 2`` on a line of several."""
    found: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        pieces = [piece for piece in line.split(";") if piece.strip()]
        for index, piece in enumerate(pieces, start=1):
            where = f"line {number}" if len(pieces) == 1 else f"line {number}, leg {index}"
            found.append((where, piece))
    return found


def parse_text(text: str, *, default_year: int | None = None) -> FastEntry:
    """Legs typed as ``FROM [DATE] TIME > TO [DATE] TIME [FLIGHT]``, separated by ``;`` or new lines.

    A leg without a date takes the previous leg's (arrival) date, and an arrival without a date the
    departure's, rolled to the next day when the local times say the flight lands overnight.
    ``default_year`` completes dates typed without a year (``1 Mar``) before any full date is seen.
    """
    if not isinstance(text, str):
        return FastEntry([], [_problem("text", gettext_noop("expected text"))])
    if len(text) > MAX_TEXT_CHARS:
        return FastEntry(
            [],
            [
                _problem(
                    "text",
                    gettext_noop("the text is too long (over %(limit)s characters)"),
                    limit=str(MAX_TEXT_CHARS),
                )
            ],
        )
    pieces = _pieces(text)
    if not pieces:
        return FastEntry(
            [],
            [
                _problem(
                    "text",
                    gettext_noop("nothing to read: type one leg per line, e.g. '%(example)s'"),
                    example=_EXAMPLE,
                )
            ],
        )
    parser = _TextParser(default_year)
    for where, piece in pieces[:MAX_LEGS]:
        parser.leg(piece, where)
    if len(pieces) > MAX_LEGS:
        parser.fail(
            pieces[MAX_LEGS][0],
            gettext_noop("only the first %(limit)s legs are read"),
            limit=str(MAX_LEGS),
        )
    return FastEntry(parser.result(), parser.problems)


# --------------------------------------------------------------------------------------------------
# Calendars
# --------------------------------------------------------------------------------------------------

#: Upper-case words that are airport codes but, bare in a calendar text, are more likely words.
_NOT_CODES = frozenset(
    {
        "THE", "AND", "FOR", "ARE", "NOT", "ALL", "NEW", "PER", "VIA", "AIR", "BAG", "ARR", "DEP",
        "DAY", "PNR", "FLT", "REF", "GMT", "UTC", "CET", "EST", "PDT", "BST", "JST", "KST", "HKT",
        "SGT", "IST", "ADT", "ETD", "ETA", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN", "JAN",
        "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "CNY", "GBP",
        "CAD", "USD", "EUR", "OUT", "RET", "INF", "BUS", "VIP", "LOC", "SEAT", "ONE", "TWO", "YOU",
    }
)  # fmt: skip

_BARE_CODE = re.compile(r"(?<!\w)([A-Za-z]{3})(?!\w)")
_BEFORE_DEST = re.compile(r"(?:->|=>|→|⟶|➔|➜|–|—|>|-|\bto)\s*\(?\Z", re.IGNORECASE)
_AFTER_ORIGIN = re.compile(r"\)?\s*(?:->|=>|→|⟶|➔|➜|–|—|>|-(?![0-9])|to\b)", re.IGNORECASE)
_BEFORE_ORIGIN = re.compile(r"\bfrom\s*\(?\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Code:
    """An airport code found in a calendar text, and what its surroundings say about it."""

    airport: Airport
    strong: bool  # in parentheses or next to an arrow
    origin: bool  # followed by an arrow, or after "from"
    destination: bool  # after an arrow or "to"


def _codes(text: str) -> list[_Code]:
    found: list[_Code] = []
    for match in _BARE_CODE.finditer(text):
        word = match.group(1)
        before = text[max(0, match.start() - 8) : match.start()]
        after = text[match.end() : match.end() + 8]
        parens = before.endswith("(") and after.startswith(")")
        if not (word.isupper() or parens):
            continue
        airport = airport_lookup(word)
        if airport is None:
            continue
        origin = bool(_AFTER_ORIGIN.match(after) or _BEFORE_ORIGIN.search(before))
        destination = bool(_BEFORE_DEST.search(before))
        strong = parens or origin or destination
        if not strong and word in _NOT_CODES:
            continue
        found.append(_Code(airport, strong, origin, destination))
    return found


def _distinct(codes: Iterable[_Code]) -> list[Airport]:
    seen: dict[str, Airport] = {}
    for code in codes:
        seen.setdefault(code.airport.iata, code.airport)
    return list(seen.values())


def _route(summary: str, location: str, description: str) -> tuple[Airport, Airport] | None:
    """Origin and destination airports named in an event, or ``None`` if it names no two."""
    texts = {"summary": _codes(summary), "location": _codes(location), "description": _codes(description)}
    for key in ("summary", "location", "description"):
        strong = _distinct(code for code in texts[key] if code.strong)
        if len(strong) >= 2:
            return strong[0], strong[1]
    every = [code for key in ("summary", "location", "description") for code in texts[key]]
    origins = _distinct(code for code in every if code.origin)
    location_codes = _distinct(texts["location"])
    origin = origins[0] if origins else (location_codes[0] if location_codes else None)
    if origin is not None:
        destinations = [
            airport
            for airport in _distinct(code for code in every if code.destination)
            + _distinct(code for key in ("summary", "description") for code in texts[key] if code.strong)
            if airport.iata != origin.iata
        ]
        if destinations:
            return origin, destinations[0]
    anything = _distinct(every)
    return (anything[0], anything[1]) if len(anything) >= 2 else None


def _flight_of(*texts: str) -> str | None:
    for text in texts:
        for match in _FLIGHT.finditer(text):
            airline, _space, number, suffix = match.groups()
            if airline.isupper() and airline not in _NOT_AIRLINES and (not suffix or suffix.isupper()):
                return f"{airline}{number}{suffix}"
    return None


def _field(component: Any, name: str) -> str:
    """A calendar text property as plain text (first value if repeated), shortened, controls removed."""
    try:
        value = component.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if value is None:
            return ""
        text = str(value)[:MAX_FIELD_CHARS]
    except Exception:  # a broken property is just missing text
        return ""
    return _clean(text)


def _clean(text: str) -> str:
    """``text`` with control and bidirectional-formatting characters replaced by spaces."""
    return "".join(" " if unicodedata.category(char) == "Cc" or char in _BIDI else char for char in text)


def _moment(component: Any, name: str) -> Any:
    """The decoded value of a date/time property; ``None`` if missing; raises ValueError if unreadable."""
    prop = component.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    try:
        return prop.dt
    except Exception as error:  # icalendar's broken-property errors vary
        raise ValueError(name) from error


def _localise(
    moment: dt.datetime, tzid: str | None, airport: Airport, calendar_tz: str | None
) -> dt.datetime | None:
    """``moment`` as the wall clock at ``airport``; ``None`` if it names a zone nobody knows."""
    zone = _zone(airport.tz)
    if zone is None:
        return None
    if moment.tzinfo is None:
        if tzid:  # a TZID icalendar could not resolve and no VTIMEZONE defined
            known = _zone(tzid)
            if known is None:
                return None
            moment = moment.replace(tzinfo=known)
        elif calendar_tz and _zone(calendar_tz) is not None:
            moment = moment.replace(tzinfo=_zone(calendar_tz))
        else:  # floating time: the local time where the event happens
            return moment
    return moment.astimezone(zone).replace(tzinfo=None)


def _tzid(component: Any, name: str) -> str | None:
    prop = component.get(name)
    params = getattr(prop, "params", None)
    value = params.get("TZID") if params is not None else None
    return str(value) if value else None


def _calendar(data: Any, label: str) -> FastEntry:
    """Flights in calendar ``data``; problems are placed as ``label`` or ``label, event N``."""
    prefix = "" if label == "file" else f"{label}, "
    if isinstance(data, str):
        data = data.encode("utf-8", errors="replace")
    if not isinstance(data, bytes | bytearray):
        return FastEntry([], [_problem(label, gettext_noop("not a calendar file (.ics)"))])
    if len(data) > MAX_UPLOAD_BYTES:
        return FastEntry(
            [],
            [_problem(label, gettext_noop("the file is larger than %(limit)s"), limit=_LIMIT_TEXT)],
        )
    try:
        calendars = icalendar.Calendar.from_ical(bytes(data), multiple=True)
    except Exception:  # icalendar raises many kinds of error on junk
        calendars = []
    calendars = [calendar for calendar in calendars if getattr(calendar, "name", None) == "VCALENDAR"]
    if not calendars:
        return FastEntry([], [_problem(label, gettext_noop("not a calendar file (.ics)"))])
    problems: list[Problem] = []
    legs: list[tuple[dt.datetime, dict[str, Any]]] = []
    number = 0
    for calendar in calendars:
        calendar_tz = _field(calendar, "X-WR-TIMEZONE") or None
        cancelled = _field(calendar, "METHOD").upper() == "CANCEL"
        try:
            events = list(calendar.walk("VEVENT"))
        except Exception:  # deeply nested junk: RecursionError
            return FastEntry([], [_problem(label, gettext_noop("not a calendar file (.ics)"))])
        for event in events:
            number += 1
            if number > MAX_LEGS:
                break
            where = f"{prefix}event {number}"
            try:
                found = _event(event, where, calendar_tz, cancelled)
            except Exception:  # a property icalendar parsed but cannot give back: one event lost, not all
                found = _problem(where, gettext_noop("this event could not be read: skipped"))
            if isinstance(found, Problem):
                problems.append(found)
            else:
                legs.append(found[0])
                problems.extend(found[1])
    if number > MAX_LEGS:
        problems.append(
            _problem(label, gettext_noop("only the first %(limit)s events are read"), limit=str(MAX_LEGS))
        )
    if number == 0:
        problems.append(_problem(label, gettext_noop("the calendar has no events")))
    elif not legs and not problems:
        problems.append(_problem(label, gettext_noop("no flights found in the calendar")))
    return FastEntry([leg for _, leg in sorted(legs, key=lambda item: item[0])], problems)


def _event(
    event: Any, where: str, calendar_tz: str | None, cancelled: bool
) -> Problem | tuple[tuple[dt.datetime, dict[str, Any]], list[Problem]]:
    """One event as a leg (with any warnings), or the problem that kept it out."""
    summary = _field(event, "SUMMARY")
    title = shown(summary or "(no title)", 60)
    if cancelled or _field(event, "STATUS").upper() == "CANCELLED":
        return _problem(where, gettext_noop("%(summary)s is cancelled: skipped"), summary=title)
    try:
        start = _moment(event, "DTSTART")
        end = _moment(event, "DTEND")
        if end is None and start is not None:
            duration = _moment(event, "DURATION")
            if isinstance(duration, dt.timedelta):
                end = start + duration
    except (ValueError, TypeError, OverflowError):
        return _problem(
            where, gettext_noop("%(summary)s has an unreadable date or time: skipped"), summary=title
        )
    if start is None:
        return _problem(where, gettext_noop("%(summary)s has no start time: skipped"), summary=title)
    if not isinstance(start, dt.datetime):
        return _problem(
            where, gettext_noop("%(summary)s is an all-day event, not a flight: skipped"), summary=title
        )
    if not isinstance(end, dt.datetime):
        return _problem(where, gettext_noop("%(summary)s has no end time: skipped"), summary=title)
    route = _route(summary, _field(event, "LOCATION"), _field(event, "DESCRIPTION"))
    if route is None or route[0].iata == route[1].iata:
        return _problem(
            where,
            gettext_noop("%(summary)s is not a flight (no origin and destination airport codes): skipped"),
            summary=title,
        )
    origin, destination = route
    try:
        depart = _localise(start, _tzid(event, "DTSTART"), origin, calendar_tz)
        arrive = _localise(end, _tzid(event, "DTEND") or _tzid(event, "DTSTART"), destination, calendar_tz)
    except (ValueError, OverflowError):
        depart = arrive = None
    if depart is None or arrive is None:
        return _problem(where, gettext_noop("%(summary)s uses an unknown time zone: skipped"), summary=title)
    depart_utc = depart.replace(tzinfo=_zone(origin.tz)).astimezone(dt.UTC)
    arrive_utc = arrive.replace(tzinfo=_zone(destination.tz)).astimezone(dt.UTC)
    warnings: list[Problem] = []
    if arrive_utc < depart_utc:
        warnings.append(
            _problem(
                where,
                gettext_noop("arrives at %(arrive)s, before it departs at %(depart)s (local times)"),
                arrive=_local_text(arrive).replace("T", " "),
                depart=_local_text(depart).replace("T", " "),
            )
        )
    leg: dict[str, Any] = {
        "mode": "air",
        "from": origin.iata,
        "to": destination.iata,
        "depart": _local_text(depart),
        "arrive": _local_text(arrive),
    }
    flight = _flight_of(summary, _field(event, "DESCRIPTION"))
    if flight:
        leg["flight"] = flight
    return (depart_utc, leg), warnings


def parse_ics(data: bytes) -> FastEntry:
    """Flights in an iCalendar file: one leg per event naming two airports, in the airports' local time.

    Events that are not flights (no two airport codes), all-day or cancelled events are skipped,
    each with a problem; a file that is not a calendar gives one problem and no legs.
    """
    return _calendar(data, "file")


# --------------------------------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------------------------------

_MAIL_HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version", "content-type", "received")
_BLOCK_TAGS = ("br", "p", "div", "tr", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section")
_TIME_ANYWHERE = re.compile(r"[0-9]{1,2}:[0-9]{2}")


def _html_text(markup: str) -> str:
    """The text of an HTML body, block elements on lines of their own (a linear scan, no regex)."""
    out: list[str] = []
    index, size = 0, len(markup)
    while index < size:
        start = markup.find("<", index)
        if start < 0:
            out.append(markup[index:])
            break
        out.append(markup[index:start])
        end = markup.find(">", start)
        if end < 0:
            break
        name = markup[start + 1 : min(end, start + 12)].strip("/ ").split(" ", 1)[0].casefold()
        if name in ("script", "style"):
            close = markup.find(f"</{name}", end)
            if close < 0:
                break
            end = markup.find(">", close)
            if end < 0:
                break
        out.append("\n" if name.rstrip("/") in _BLOCK_TAGS else " ")
        index = end + 1
    return html.unescape("".join(out))


def _looks_like_leg(line: str) -> bool:
    """An arrow with an upper-case three-letter code and a time on each side (a leg, not prose)."""
    arrow = _ARROW.search(line)
    if arrow is None:
        return False
    sides = (line[: arrow.start()], line[arrow.end() :])
    return all(
        _TIME_ANYWHERE.search(side) and any(code.isupper() for code in _BARE_CODE.findall(side))
        for side in sides
    )


def _payload_text(part: email.message.EmailMessage) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def _body_legs(bodies: list[str]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Best effort: lines of the text body that look like legs (arrow and a time on both sides)."""
    parser = _TextParser(None)
    seen = 0
    for body in bodies:
        for number, raw in enumerate(body.splitlines(), start=1):
            line = raw.lstrip("> \t")  # quoted when forwarded
            if len(line) > MAX_LEG_CHARS or not _looks_like_leg(line):
                continue
            seen += 1
            if seen > MAX_LEGS:
                break
            parser.leg(line, f"e-mail line {number}")
    return parser.result(), parser.problems


def parse_eml(data: bytes) -> FastEntry:
    """The itinerary in a booking e-mail: its calendar parts (``text/calendar`` or ``*.ics``), else legs
    typed in its text (``CA991 PEK 2026-03-01 10:00 → YVR 2026-03-01 07:30``), best effort.
    """
    if not isinstance(data, bytes | bytearray):
        return FastEntry([], [_problem("file", gettext_noop("not an e-mail message (.eml)"))])
    if len(data) > MAX_UPLOAD_BYTES:
        return FastEntry(
            [], [_problem("file", gettext_noop("the file is larger than %(limit)s"), limit=_LIMIT_TEXT)]
        )
    legs: list[dict[str, Any]] = []
    problems: list[Problem] = []
    try:
        message = email.message_from_bytes(bytes(data), policy=email.policy.default)
        keys = {key.casefold() for key in message}
        if not keys.intersection(_MAIL_HEADERS):
            return FastEntry([], [_problem("file", gettext_noop("not an e-mail message (.eml)"))])
        seen: set[bytes] = set()
        bodies: list[str] = []
        html_bodies: list[str] = []
        for part in message.walk():
            if part.is_multipart():
                continue
            kind = part.get_content_type()
            name = _clean(part.get_filename() or "")[:80]
            if kind in ("text/calendar", "application/ics") or name.casefold().endswith(".ics"):
                text = _payload_text(part)
                same = "\n".join(line.rstrip() for line in text.strip().splitlines())
                digest = hashlib.sha256(same.encode("utf-8", errors="replace")).digest()
                if digest in seen:
                    continue  # the same invitation inline and attached
                seen.add(digest)
                label = f"attachment {name}" if name else "invitation"
                found = _calendar(text.encode("utf-8", errors="replace"), label)
                legs.extend(leg for leg in found.legs if leg not in legs)
                problems.extend(found.problems)
            elif kind == "text/plain" and part.get_content_disposition() != "attachment":
                bodies.append(_payload_text(part))
            elif kind == "text/html" and part.get_content_disposition() != "attachment":
                html_bodies.append(_html_text(_payload_text(part)))
        if not legs:
            found_legs, found_problems = _body_legs(bodies or html_bodies)
            legs.extend(found_legs)
            problems.extend(found_problems)
    except Exception:  # the e-mail package raises many kinds of error on junk
        return FastEntry([], [_problem("file", gettext_noop("not an e-mail message (.eml)"))])
    if not legs:
        problems.append(_problem("file", gettext_noop("no itinerary found in the e-mail")))
    return FastEntry(_in_time_order(legs), problems)


def _in_time_order(legs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Legs sorted by departure instant (legs from different calendars arrive in any order)."""

    def key(leg: dict[str, Any]) -> dt.datetime:
        place = leg["from"]
        tz = place.get("tz") if isinstance(place, dict) else None
        if tz is None:
            if isinstance(place, dict):
                tz = country_time_zone(place.get("country", "")) or "UTC"
            else:
                airport = airport_lookup(place)
                tz = airport.tz if airport else "UTC"
        zone = _zone(tz) or dt.UTC
        return dt.datetime.fromisoformat(leg["depart"]).replace(tzinfo=zone).astimezone(dt.UTC)

    return sorted(legs, key=key)
