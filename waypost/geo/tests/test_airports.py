"""Airport look-up by IATA code."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.geo.airports import Airport, airport_lookup


@pytest.mark.parametrize(
    ("code", "country", "tz"),
    [
        ("YVR", "CA", "America/Vancouver"),
        ("mex", "MX", "America/Mexico_City"),
        ("HND", "JP", "Asia/Tokyo"),
        ("HNL", "US", "Pacific/Honolulu"),
    ],
)
def test_known_airports(code: Any, country: str, tz: str) -> None:
    airport = airport_lookup(code)
    assert isinstance(airport, Airport)
    assert (airport.iata, airport.country, airport.tz) == (code.upper(), country, tz)


@pytest.mark.parametrize("code", ["QQQ", "", "LONG", None])
def test_unknown_codes_give_none(code: Any) -> None:
    assert airport_lookup(code) is None
