"""Fast entry of an itinerary: typed text, calendar files and booking e-mails become trip legs."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest

from waypost.policy.engine import trip_facts_from_json
from waypost.trips.fastentry import MAX_UPLOAD_BYTES, FastEntry, Problem, parse_eml, parse_ics, parse_text

FIXTURES = Path(__file__).parent / "fixtures" / "fastentry"


def air(origin: str, destination: str, depart: str, arrive: str, flight: str | None = None) -> dict[str, Any]:
    leg: dict[str, Any] = {
        "mode": "air",
        "from": origin,
        "to": destination,
        "depart": depart,
        "arrive": arrive,
    }
    if flight is not None:
        leg["flight"] = flight
    return leg


def messages(entry: FastEntry) -> list[str]:
    return [str(problem) for problem in entry.problems]


PEK_YVR = air("PEK", "YVR", "2026-03-01T10:00", "2026-03-01T07:30")
FRA_PEK = air("FRA", "PEK", "2026-03-01T13:30", "2026-03-02T05:40", "LH721")


# --------------------------------------------------------------------------------------------------
# parse_text
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "legs"),
    [
        pytest.param(
            # 10:00 in Beijing is 02:00 UTC, 07:30 in Vancouver 15:30 UTC: the same date is right
            "PEK 2026-03-01 10:00 > YVR 07:30; YVR 12:40 > MEX 20:05",
            [PEK_YVR, air("YVR", "MEX", "2026-03-01T12:40", "2026-03-01T20:05")],
            id="issue example",
        ),
        pytest.param(
            "PEK 2026-03-01 10:00 > YVR 07:30\nYVR 12:40 > MEX 20:05\n",
            [PEK_YVR, air("YVR", "MEX", "2026-03-01T12:40", "2026-03-01T20:05")],
            id="legs on lines",
        ),
        pytest.param("FRA 2026-03-01 13:30 > PEK 05:40 LH721", [FRA_PEK], id="overnight arrival rolls a day"),
        pytest.param(
            # 23:50 in Vancouver is 07:50 UTC on the 2nd; 05:10 in Beijing on the 2nd is 21:10 UTC on the 1st
            "YVR 2026-03-01 23:50 > PEK 05:10",
            [air("YVR", "PEK", "2026-03-01T23:50", "2026-03-03T05:10")],
            id="across the date line it rolls as far as needed",
        ),
        pytest.param(
            "MEX 2026-03-01 18:00 > YVR 21:00; YVR 01:10 > PEK 05:00",
            [
                air("MEX", "YVR", "2026-03-01T18:00", "2026-03-01T21:00"),
                air("YVR", "PEK", "2026-03-02T01:10", "2026-03-03T05:00"),
            ],
            id="an undated departure before the last arrival is the next day",
        ),
        pytest.param(
            "PEK 2026-03-01 10:00 > YVR 2026-03-02 07:30",
            [air("PEK", "YVR", "2026-03-01T10:00", "2026-03-02T07:30")],
            id="arrival date given",
        ),
        pytest.param("FRA 1 Mar 2026 13:30 > PEK 05:40 LH721", [FRA_PEK], id="1 Mar 2026"),
        pytest.param("FRA 1 March 2026 13:30 > PEK 05:40 LH721", [FRA_PEK], id="1 March 2026"),
        pytest.param("FRA Mar 1, 2026 13:30 > PEK 05:40 LH721", [FRA_PEK], id="Mar 1, 2026"),
        pytest.param("FRA 01.03.2026 13:30 > PEK 05:40 LH721", [FRA_PEK], id="01.03.2026"),
        pytest.param("FRA 1. März 2026 13:30 > PEK 05:40 LH721", [FRA_PEK], id="German month"),
        pytest.param("FRA 2026/03/01 13:30 > PEK 05:40 LH721", [FRA_PEK], id="2026/03/01"),
        pytest.param(
            "FRA 13/3/2026 13:30 > PEK 05:40 LH721",
            [air("FRA", "PEK", "2026-03-13T13:30", "2026-03-14T05:40", "LH721")],
            id="13/3/2026 can only be day/month",
        ),
        pytest.param("FRA 2026年3月1日 13:30 > PEK 05:40 LH721", [FRA_PEK], id="Chinese date"),
        pytest.param("FRA 2026-03-01T13:30 > PEK 05:40 LH721", [FRA_PEK], id="ISO date and time"),
        pytest.param("FRA 2026-03-01 1:30 pm > PEK 5:40am LH721", [FRA_PEK], id="12-hour clock"),
        pytest.param("ＦＲＡ 2026-03-01 13：30 ＞ ＰＥＫ 05：40 LH721", [FRA_PEK], id="full-width input"),
        pytest.param("LH721 FRA 2026-03-01 13:30 > PEK 05:40", [FRA_PEK], id="flight number first"),
        pytest.param("FRA 2026-03-01 13:30 LH 721 > PEK 05:40", [FRA_PEK], id="flight number with a space"),
        pytest.param("lh721 fra 2026-03-01 13:30 > pek 05:40", [FRA_PEK], id="lower case"),
        pytest.param("FRA 2026-03-01 13:30 -> PEK 05:40 LH721", [FRA_PEK], id="arrow ->"),
        pytest.param("FRA 2026-03-01 13:30 → PEK 05:40 LH721", [FRA_PEK], id="arrow →"),
        pytest.param("FRA 2026-03-01 13:30 – PEK 05:40 LH721", [FRA_PEK], id="arrow en dash"),
        pytest.param("FRA 2026-03-01 13:30 - PEK 05:40 LH721", [FRA_PEK], id="arrow hyphen"),
        pytest.param("FRA 2026-03-01 13:30 to PEK 05:40 LH721", [FRA_PEK], id="arrow 'to'"),
        pytest.param("flight LH721 FRA 2026-03-01 13:30 > PEK 05:40", [FRA_PEK], id="mode word 'flight'"),
        pytest.param(
            "Frankfurt (FRA) 2026-03-01 13:30 > Beijing (PEK) 05:40 LH721", [FRA_PEK], id="city (code)"
        ),
        pytest.param(
            "PEK 2026-03-01 at 10:00 > YVR 07:30",
            [PEK_YVR],
            id="'at 10' is not a flight number",
        ),
        pytest.param(
            "3U8888 CTU 2026-03-01 08:00 > PEK 10:45",
            [air("CTU", "PEK", "2026-03-01T08:00", "2026-03-01T10:45", "3U8888")],
            id="designator starting with a digit",
        ),
        pytest.param(
            "FRA 2026-03-01 13:30 > PEK 05:40 CA966A",
            [air("FRA", "PEK", "2026-03-01T13:30", "2026-03-02T05:40", "CA966A")],
            id="flight number with suffix letter",
        ),
        pytest.param(
            "YVR 2026-03-09 08:00 > PEK 12:00; PEK 14:00 > YVR 10:00",
            [
                air("YVR", "PEK", "2026-03-09T08:00", "2026-03-10T12:00"),
                air("PEK", "YVR", "2026-03-10T14:00", "2026-03-10T10:00"),
            ],
            id="the next leg inherits the arrival date",
        ),
        pytest.param(
            "YVR 2026-12-30 08:00 > PEK 12:00; PEK 2 Jan 09:00 > YVR 06:00",
            [
                air("YVR", "PEK", "2026-12-30T08:00", "2026-12-31T12:00"),
                air("PEK", "YVR", "2027-01-02T09:00", "2027-01-02T06:00"),
            ],
            id="a date without year after December is next year",
        ),
        pytest.param(
            "rail Paris 2026-05-02 08:00 > Lyon 10:00",
            [
                {
                    "mode": "rail",
                    "from": {"city": "Paris", "country": "FR"},
                    "to": {"city": "Lyon", "country": "FR"},
                    "depart": "2026-05-02T08:00",
                    "arrive": "2026-05-02T10:00",
                }
            ],
            id="rail between cities (Paris, Texas, is not meant)",
        ),
        pytest.param(
            "bus Seattle 2026-05-02 08:00 > Vancouver CA 12:30",
            [
                {
                    "mode": "road",
                    "from": {"city": "Seattle", "country": "US", "tz": "America/Los_Angeles"},
                    "to": {"city": "Vancouver", "country": "CA", "tz": "America/Vancouver"},
                    "depart": "2026-05-02T08:00",
                    "arrive": "2026-05-02T12:30",
                }
            ],
            id="road with a country given, tz where the country has several",
        ),
        pytest.param(
            "BUS 2026-05-02 08:00 > TBS 09:30",
            [air("BUS", "TBS", "2026-05-02T08:00", "2026-05-02T09:30")],
            id="BUS followed by a date is Batumi airport, not a bus",
        ),
    ],
)
def test_parse_text_reads_legs(text: str, legs: list[dict[str, Any]]) -> None:
    entry = parse_text(text)
    assert entry.problems == []
    assert entry.legs == legs


def test_parse_text_legs_are_valid_trip_json() -> None:
    entry = parse_text("PEK 2026-03-01 10:00 > YVR 07:30 CA991; YVR 12:40 > MEX 20:05")
    facts = trip_facts_from_json({"traveller": {}, "legs": entry.legs})
    assert [leg.flight for leg in facts.legs] == ["CA991", None]
    assert facts.legs[0].arrive_utc - facts.legs[0].depart_utc == dt.timedelta(hours=13, minutes=30)


def test_parse_text_default_year_completes_dates_without_year() -> None:
    assert parse_text("PEK 1 Mar 10:00 > YVR 07:30", default_year=2027).legs == [
        air("PEK", "YVR", "2027-03-01T10:00", "2027-03-01T07:30")
    ]
    assert messages(parse_text("PEK 1 Mar 10:00 > YVR 07:30")) == [
        "line 1: '1 Mar' has no year: write it as 1 Mar 2026 or 2026-03-01"
    ]


def test_parse_text_returns_legs_in_time_order() -> None:
    entry = parse_text("YVR 2026-03-05 12:40 > MEX 20:05\nPEK 2026-03-01 10:00 > YVR 07:30")
    assert [(leg["from"], leg["to"]) for leg in entry.legs] == [("PEK", "YVR"), ("YVR", "MEX")]


@pytest.mark.parametrize(
    ("text", "problems", "legs"),
    [
        pytest.param(
            "PEK 2026-03-01 10:00 > XQZ 07:30\nYVR 2026-03-02 12:40 > MEX 20:05",
            ["line 1: unknown airport code 'XQZ'"],
            [air("YVR", "MEX", "2026-03-02T12:40", "2026-03-02T20:05")],
            id="unknown airport keeps the other legs",
        ),
        pytest.param(
            "PEK 2026-03-01 10:00 > YVR 07:30; YVR 12:40 MEX 20:05",
            [
                "line 1, leg 2: no arrow between origin and destination, "
                "e.g. 'PEK 2026-03-01 10:00 > YVR 07:30'"
            ],
            [PEK_YVR],
            id="missing arrow",
        ),
        pytest.param(
            "PEK 2026-03-01 10:00 > YVR 07:30 > MEX 20:05",
            ["line 1: more than one arrow: put each leg on its own line or separate legs with ';'"],
            [],
            id="two arrows",
        ),
        pytest.param(
            "FRA 3/1/2026 13:30 > PEK 05:40",
            ["line 1: '3/1/2026' is ambiguous (day/month or month/day?): write 2026-03-01 or 1 Mar 2026"],
            [],
            id="ambiguous date",
        ),
        pytest.param(
            "FRA 2026-02-30 13:30 > PEK 05:40", ["line 1: '2026-02-30' is not a date"], [], id="no such day"
        ),
        pytest.param(
            "FRA 2026-03-01 25:00 > PEK 05:40", ["line 1: cannot read the time '25:00'"], [], id="hour 25"
        ),
        pytest.param(
            "FRA 2026-03-01 13h30 > PEK 05:40", ["line 1: cannot read the time '13h30'"], [], id="13h30"
        ),
        pytest.param(
            "FRA 2026-03-01 > PEK 05:40", ["line 1: no departure time (HH:MM)"], [], id="no departure time"
        ),
        pytest.param(
            "FRA 13:30 > PEK 05:40",
            ["line 1: no date: give the date of the first leg, e.g. 'PEK 2026-03-01 10:00 > YVR 07:30'"],
            [],
            id="no date at all",
        ),
        pytest.param(
            "2026-03-01 13:30 > PEK 05:40", ["line 1: the origin has no airport code"], [], id="no origin"
        ),
        pytest.param(
            "Frankfurt 2026-03-01 13:30 > PEK 05:40",
            ["line 1: expected an airport code such as PEK for the origin, got 'Frankfurt'"],
            [],
            id="city for a flight",
        ),
        pytest.param(
            "FRA 2026-03-01 13:30 > PEK 05:40 LH721 CA932",
            ["line 1: more than one flight number: LH721, CA932"],
            [],
            id="two flight numbers",
        ),
        pytest.param(
            "PEK 2026-03-01 10:00 > YVR 2026-02-28 07:30",
            ["line 1: arrives at 2026-02-28 07:30, before it departs at 2026-03-01 10:00 (local times)"],
            [air("PEK", "YVR", "2026-03-01T10:00", "2026-02-28T07:30")],
            id="typed arrival before departure: kept, with a problem",
        ),
        pytest.param(
            "rail Frankfurt 2026-05-02 08:00 > Paris FR 12:00",
            ["line 1: say which country 'Frankfurt' is in, e.g. 'Lyon FR'"],
            [],
            id="city not known",
        ),
        pytest.param(
            "PEK\x00 2026-03-01 10:00 > YVR 07:30\nYVR 2026-03-02 12:40 > MEX 20:05",
            ["line 1: contains control characters: retype this leg"],
            [air("YVR", "MEX", "2026-03-02T12:40", "2026-03-02T20:05")],
            id="control character",
        ),
        pytest.param(
            "PEK 2026-03-01 10:00 \u202e> YVR 07:30",
            ["line 1: contains control characters: retype this leg"],
            [],
            id="bidi override",
        ),
        pytest.param(
            "PEK 2026-03-01 10:00 > YVR 07:30 " + "x" * 300,
            ["line 1: too long for one leg (over 300 characters)"],
            [],
            id="long leg",
        ),
        pytest.param(
            "",
            ["text: nothing to read: type one leg per line, e.g. 'PEK 2026-03-01 10:00 > YVR 07:30'"],
            [],
            id="empty",
        ),
        pytest.param(
            " \n ;  ; \n",
            ["text: nothing to read: type one leg per line, e.g. 'PEK 2026-03-01 10:00 > YVR 07:30'"],
            [],
            id="blank",
        ),
        pytest.param(
            "A" * 1_000_000,
            ["text: the text is too long (over 20000 characters)"],
            [],
            id="1 MB on one line",
        ),
    ],
)
def test_parse_text_problems(text: str, problems: list[str], legs: list[dict[str, Any]]) -> None:
    entry = parse_text(text)
    assert messages(entry) == problems
    assert entry.legs == legs


def test_parse_text_many_long_pieces_each_reported() -> None:
    text = "\n".join("PEK " + "-" * 290 for _ in range(50))  # within the text limit, every leg too long
    entry = parse_text(text)
    assert entry.legs == []
    assert len(entry.problems) == 50
    assert entry.problems[-1].where == "line 50"


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param("\x00\x01\x02" * 1000, id="control characters"),
        pytest.param("> > > ; ; -> → – :::: 99:99 //// ....", id="punctuation"),
        pytest.param("(" * 250 + ")" * 40, id="brackets"),
        pytest.param("PEK 2026-03-01 10:00 > " + "9" * 250, id="digits"),
        pytest.param("\ud800 PEK > YVR", id="lone surrogate"),
    ],
)
def test_parse_text_hostile_input_gives_problems_not_errors(junk: str) -> None:
    entry = parse_text(junk)
    assert entry.legs == []
    assert entry.problems


# --------------------------------------------------------------------------------------------------
# Problem
# --------------------------------------------------------------------------------------------------


def test_problem_renders_through_gettext() -> None:
    problem = parse_text("PEK 2026-03-01 10:00 > XQZ 07:30").problems[0]
    assert problem == Problem("line 1", "unknown airport code '%(code)s'", {"code": "XQZ"})
    german = {"unknown airport code '%(code)s'": "unbekannter Flughafencode '%(code)s'"}
    assert problem.render(lambda text: german.get(text, text)) == "unbekannter Flughafencode 'XQZ'"
    assert problem.render(lambda text: text) == "unknown airport code 'XQZ'"


@pytest.mark.parametrize(
    "bad_translation",
    ["Flughafen %(iata)s unbekannt", "Flughafen %s unbekannt", "Flughafen %(code)d"],
)
def test_problem_falls_back_to_english_on_a_broken_translation(bad_translation: str) -> None:
    problem = Problem("line 1", "unknown airport code '%(code)s'", {"code": "XQZ"})
    assert problem.render(lambda _text: bad_translation) == "unknown airport code 'XQZ'"


# --------------------------------------------------------------------------------------------------
# parse_ics
# --------------------------------------------------------------------------------------------------


def calendar(*events: dict[str, Any], method: str | None = None, **properties: str) -> bytes:
    """An .ics file built with ``icalendar``: each event a mapping of property → value."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Waypost tests//EN")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    for name, value in properties.items():
        cal.add(name, value)
    for number, fields in enumerate(events, start=1):
        event = icalendar.Event()
        event.add("uid", f"event-{number}@waypost.test")
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        for name, value in fields.items():
            event.add(name, value)
        cal.add_component(event)
    return cal.to_ical()


SHANGHAI = ZoneInfo("Asia/Shanghai")
VANCOUVER = ZoneInfo("America/Vancouver")
BERLIN = ZoneInfo("Europe/Berlin")


def test_parse_ics_with_tzid_and_a_dinner() -> None:
    entry = parse_ics((FIXTURES / "flights_tzid.ics").read_bytes())
    assert entry.legs == [
        air("PEK", "YVR", "2026-03-01T10:00", "2026-03-01T07:30", "CA991"),
        air("YVR", "PEK", "2026-03-10T13:45", "2026-03-11T17:40", "AC8"),
    ]
    assert messages(entry) == [
        "event 2: 'Team dinner' is not a flight (no origin and destination airport codes): skipped"
    ]


def test_parse_ics_in_utc_converted_to_the_airports_local_time() -> None:
    entry = parse_ics((FIXTURES / "tripit_utc.ics").read_bytes())
    assert entry.legs == [FRA_PEK]  # 12:30Z is 13:30 in Frankfurt, 21:40Z is 05:40 next day in Beijing
    assert messages(entry) == ["event 2: 'Beijing, China (hotel)' is an all-day event, not a flight: skipped"]


@pytest.mark.parametrize(
    ("fields", "leg"),
    [
        pytest.param(
            {
                "summary": "Flight UA 857 SFO-PVG",
                "dtstart": dt.datetime(2026, 3, 1, 19, 0, tzinfo=dt.UTC),
                "dtend": dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
            },
            air("SFO", "PVG", "2026-03-01T11:00", "2026-03-02T17:00", "UA857"),
            id="codes joined by a hyphen",
        ),
        pytest.param(
            {
                "summary": "Flight to Vancouver (YVR)",
                "location": "Beijing Capital (PEK)",
                "dtstart": dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI),
                "dtend": dt.datetime(2026, 3, 1, 7, 30, tzinfo=VANCOUVER),
            },
            PEK_YVR,
            id="origin from LOCATION, destination from SUMMARY",
        ),
        pytest.param(
            {
                "summary": "Air China CA991",
                "description": "From PEK to YVR. Seat 32A. THE END",
                "dtstart": dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC),
                "dtend": dt.datetime(2026, 3, 1, 15, 30, tzinfo=dt.UTC),
            },
            air("PEK", "YVR", "2026-03-01T10:00", "2026-03-01T07:30", "CA991"),
            id="codes in DESCRIPTION",
        ),
        pytest.param(
            {
                "summary": "LH 721 FRA → PEK",
                "dtstart": dt.datetime(2026, 3, 1, 13, 30, tzinfo=BERLIN),
                "duration": dt.timedelta(hours=9, minutes=10),
            },
            FRA_PEK,
            id="DURATION instead of DTEND, TZID of another zone in the same clock",
        ),
        pytest.param(
            {
                "summary": "LH 721 FRA → PEK",
                "dtstart": dt.datetime(2026, 3, 1, 13, 30),
                "dtend": dt.datetime(2026, 3, 2, 5, 40),
            },
            FRA_PEK,
            id="floating times are local to each airport",
        ),
    ],
)
def test_parse_ics_finds_the_route(fields: dict[str, Any], leg: dict[str, Any]) -> None:
    entry = parse_ics(calendar(fields))
    assert entry.problems == []
    assert entry.legs == [leg]


def test_parse_ics_floating_times_follow_the_calendar_time_zone() -> None:
    fields = {
        "summary": "LH 721 FRA → PEK",
        "dtstart": dt.datetime(2026, 3, 1, 12, 30),
        "dtend": dt.datetime(2026, 3, 1, 21, 40),
    }
    assert parse_ics(calendar(fields, **{"x-wr-timezone": "UTC"})).legs == [FRA_PEK]


def test_parse_ics_orders_legs_by_departure() -> None:
    later = {
        "summary": "AC 8 YVR → PEK",
        "dtstart": dt.datetime(2026, 3, 10, 13, 45, tzinfo=VANCOUVER),
        "dtend": dt.datetime(2026, 3, 11, 17, 40, tzinfo=SHANGHAI),
    }
    earlier = {
        "summary": "CA991 PEK → YVR",
        "dtstart": dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI),
        "dtend": dt.datetime(2026, 3, 1, 7, 30, tzinfo=VANCOUVER),
    }
    entry = parse_ics(calendar(later, earlier))
    assert [(leg["from"], leg["flight"]) for leg in entry.legs] == [("PEK", "CA991"), ("YVR", "AC8")]


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        pytest.param(
            calendar(
                {"summary": "Team dinner", "dtstart": dt.datetime(2026, 3, 1, 19, tzinfo=SHANGHAI)},
                {
                    "summary": "CA991 PEK → YVR",
                    "dtstart": dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI),
                    "status": "CANCELLED",
                },
            ),
            [
                "event 1: 'Team dinner' has no end time: skipped",
                "event 2: 'CA991 PEK → YVR' is cancelled: skipped",
            ],
            id="no end time, cancelled",
        ),
        pytest.param(
            calendar(
                {
                    "summary": "CA991 PEK → YVR",
                    "dtstart": dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI),
                    "dtend": dt.datetime(2026, 3, 1, 7, 30, tzinfo=VANCOUVER),
                },
                method="CANCEL",
            ),
            ["event 1: 'CA991 PEK → YVR' is cancelled: skipped"],
            id="cancellation",
        ),
        pytest.param(
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:CA991 PEK -> YVR\r\n"
            b"DTSTART;TZID=Nowhere/Land:20260301T100000\r\nDTEND:20260301T153000Z\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            ["event 1: 'CA991 PEK -> YVR' uses an unknown time zone: skipped"],
            id="unknown TZID",
        ),
        pytest.param(
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:CA991 PEK -> YVR\r\n"
            b"DTSTART:20260301T020000Z\r\nDTEND:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            ["event 1: 'CA991 PEK -> YVR' has an unreadable date or time: skipped"],
            id="broken DTEND",
        ),
        pytest.param(
            calendar(),
            ["file: the calendar has no events"],
            id="no events",
        ),
        pytest.param(b"", ["file: not a calendar file (.ics)"], id="empty"),
        pytest.param(b"Hello, this is text.", ["file: not a calendar file (.ics)"], id="text"),
        pytest.param(bytes(range(256)) * 100, ["file: not a calendar file (.ics)"], id="binary junk"),
        pytest.param(
            b"BEGIN:VEVENT\r\nSUMMARY:CA991 PEK -> YVR\r\nEND:VEVENT\r\n",
            ["file: not a calendar file (.ics)"],
            id="an event but no VCALENDAR",
        ),
        pytest.param(
            b"BEGIN:VCALENDAR\r\n" + b"BEGIN:X\r\n" * 5000 + b"END:VCALENDAR\r\n",
            ["file: not a calendar file (.ics)"],
            id="unbalanced nesting",
        ),
        pytest.param(
            b"BEGIN:VCALENDAR\r\n" + b"X" * MAX_UPLOAD_BYTES + b"\r\nEND:VCALENDAR\r\n",
            ["file: the file is larger than 2 MB"],
            id="oversize",
        ),
    ],
)
def test_parse_ics_problems(data: bytes, problems: list[str]) -> None:
    entry = parse_ics(data)
    assert entry.legs == []
    assert messages(entry) == problems


def test_parse_ics_reads_at_most_200_events() -> None:
    flight = {
        "summary": "CA991 PEK → YVR",
        "dtstart": dt.datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI),
        "dtend": dt.datetime(2026, 3, 1, 7, 30, tzinfo=VANCOUVER),
    }
    entry = parse_ics(calendar(*[flight] * 205))
    assert len(entry.legs) == 200
    assert messages(entry) == ["file: only the first 200 events are read"]


# --------------------------------------------------------------------------------------------------
# parse_eml
# --------------------------------------------------------------------------------------------------


def booking(body: str = "Thank you for booking with us.", *, subtype: str = "plain") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "bookings@airline.example"
    message["To"] = "traveller@example.org"
    message["Subject"] = "Your booking ABC123"
    message.set_content(body, subtype=subtype)
    return message


def test_parse_eml_reads_an_ics_attachment() -> None:
    message = booking("Your trip is attached.\nPEK 2026-05-01 10:00 > YVR 07:30 (an older plan)")
    message.add_attachment(
        (FIXTURES / "flights_tzid.ics").read_bytes(),
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
    )
    entry = parse_eml(message.as_bytes())
    assert entry.legs == [
        air("PEK", "YVR", "2026-03-01T10:00", "2026-03-01T07:30", "CA991"),
        air("YVR", "PEK", "2026-03-10T13:45", "2026-03-11T17:40", "AC8"),
    ]  # the calendar wins over legs typed in the text
    assert messages(entry) == [
        "attachment invite.ics, event 2: 'Team dinner' is not a flight "
        "(no origin and destination airport codes): skipped"
    ]


def test_parse_eml_reads_an_ics_attachment_sent_as_octet_stream() -> None:
    message = booking()
    message.add_attachment(
        (FIXTURES / "tripit_utc.ics").read_bytes(),
        maintype="application",
        subtype="octet-stream",
        filename="TripIt.ICS",
    )
    entry = parse_eml(message.as_bytes())
    assert entry.legs == [FRA_PEK]
    assert [problem.where for problem in entry.problems] == ["attachment TripIt.ICS, event 2"]


def test_parse_eml_reads_an_inline_invitation() -> None:
    invitation = calendar(
        {
            "summary": "LH 721 Frankfurt (FRA) to Beijing (PEK)",
            "dtstart": dt.datetime(2026, 3, 1, 12, 30, tzinfo=dt.UTC),
            "dtend": dt.datetime(2026, 3, 1, 21, 40, tzinfo=dt.UTC),
        },
        method="REQUEST",
    )
    message = booking("You have been invited.")
    message.add_alternative(invitation.decode(), subtype="calendar", params={"method": "REQUEST"})
    assert message.get_content_type() == "multipart/alternative"
    entry = parse_eml(message.as_bytes())
    assert entry == FastEntry([FRA_PEK], [])


def test_parse_eml_reads_an_invitation_sent_inline_and_attached_once() -> None:
    invitation = (FIXTURES / "tripit_utc.ics").read_bytes()
    message = booking("You have been invited.")
    message.add_alternative(invitation.decode(), subtype="calendar", params={"method": "REQUEST"})
    message.make_mixed()
    message.add_attachment(invitation, maintype="text", subtype="calendar", filename="invite.ics")
    entry = parse_eml(message.as_bytes())
    assert entry.legs == [FRA_PEK]
    assert [problem.where for problem in entry.problems] == ["invitation, event 2"]


def test_parse_eml_reads_legs_in_the_text_body() -> None:
    body = (
        "Dear traveller,\n\n"
        "Your itinerary:\n"
        "  CA991 PEK 2026-03-01 10:00 → YVR 2026-03-01 07:30\n"
        "  AM695 YVR 2026-03-01 12:40 → MEX 2026-03-01 20:05\n"
        "  XX123 PEK 2026-03-01 10:00 → QQQ 2026-03-01 07:30\n"
        "Baggage: 2 pieces. Check-in closes at 09:00 -> be early 08:00\n"
    )
    entry = parse_eml(booking(body).as_bytes())
    assert entry.legs == [
        air("PEK", "YVR", "2026-03-01T10:00", "2026-03-01T07:30", "CA991"),
        air("YVR", "MEX", "2026-03-01T12:40", "2026-03-01T20:05", "AM695"),
    ]
    assert messages(entry) == ["e-mail line 6: unknown airport code 'QQQ'"]


def test_parse_eml_reads_legs_in_an_html_body() -> None:
    markup = (
        "<html><head><style>td > b { color: red }</style></head><body><table>"
        "<tr><td>CA991</td><td>PEK 2026-03-01 10:00</td><td>&rarr;</td><td>YVR 2026-03-01 07:30</td></tr>"
        "</table><script>if (a > b) { PEK 10:00 }</script></body></html>"
    )
    entry = parse_eml(booking(markup, subtype="html").as_bytes())
    assert entry == FastEntry([air("PEK", "YVR", "2026-03-01T10:00", "2026-03-01T07:30", "CA991")], [])


@pytest.mark.parametrize(
    ("data", "problems"),
    [
        pytest.param(
            booking("Thank you. Your receipt is attached.").as_bytes(),
            ["file: no itinerary found in the e-mail"],
            id="no itinerary",
        ),
        pytest.param(b"", ["file: not an e-mail message (.eml)"], id="empty"),
        pytest.param(b"just some text", ["file: not an e-mail message (.eml)"], id="text"),
        pytest.param(bytes(range(256)) * 100, ["file: not an e-mail message (.eml)"], id="binary junk"),
        pytest.param(
            (FIXTURES / "tripit_utc.ics").read_bytes(),
            ["file: not an e-mail message (.eml)"],
            id="a calendar",
        ),
        pytest.param(
            b"From: a@example.org\r\nContent-Type: text/html\r\n\r\n" + b"<" * 1_000_000,
            ["file: no itinerary found in the e-mail"],
            id="unclosed tags",
        ),
        pytest.param(
            b"From: a@example.org\r\n\r\n" + b"x" * MAX_UPLOAD_BYTES,
            ["file: the file is larger than 2 MB"],
            id="oversize",
        ),
    ],
)
def test_parse_eml_problems(data: bytes, problems: list[str]) -> None:
    entry = parse_eml(data)
    assert entry.legs == []
    assert messages(entry) == problems


def test_parse_eml_reports_a_broken_attachment_and_reads_the_text() -> None:
    message = booking("CA991 PEK 2026-03-01 10:00 → YVR 2026-03-01 07:30")
    message.add_attachment(
        b"\x00\x01 not a calendar", maintype="text", subtype="calendar", filename="trip.ics"
    )
    entry = parse_eml(message.as_bytes())
    assert entry.legs == [air("PEK", "YVR", "2026-03-01T10:00", "2026-03-01T07:30", "CA991")]
    assert messages(entry) == ["attachment trip.ics: not a calendar file (.ics)"]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("line 2", "Zeile 2"),
        ("line 3, leg 2", "Zeile 3, Abschnitt 2"),
        ("event 1", "Termin 1"),
        ("attachment trip.ics, event 2", "Anhang trip.ics, Termin 2"),
        ("file", "die Datei"),
    ],
)
def test_where_a_problem_is_reads_in_the_users_language(where: str, expected: str) -> None:
    from django.utils import translation

    problem = Problem(where, "expected text")
    with translation.override("de"):
        assert problem.place(translation.gettext) == expected
