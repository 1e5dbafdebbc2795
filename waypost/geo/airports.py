"""Airports by IATA code, with the city, country and time zone the policy engine needs.

Trip legs give local departure and arrival times at airports; turning them into instants needs the
airport's IANA time zone, and deciding which country was entered needs its country. Both come from
the ``airportsdata`` package, read once per process.

Pure Python (no Django), shared by the policy engine and the Django ``geo`` app.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import airportsdata

__all__ = ["Airport", "airport_lookup"]


@dataclass(frozen=True, slots=True)
class Airport:
    """An airport: IATA code, name, city, ISO 3166-1 alpha-2 country and IANA time zone."""

    iata: str
    name: str
    city: str
    country: str
    tz: str


@functools.lru_cache(maxsize=1)
def _table() -> Mapping[str, Mapping[str, Any]]:
    return airportsdata.load("IATA")


@functools.lru_cache(maxsize=8192)
def airport_lookup(iata: str) -> Airport | None:
    """The airport with IATA code ``iata`` (case-insensitive), or ``None`` if unknown."""
    if not isinstance(iata, str) or len(iata) != 3:
        return None
    row = _table().get(iata.upper())
    if row is None or not row.get("tz"):
        return None
    return Airport(
        iata=str(row["iata"]),
        name=str(row["name"]),
        city=str(row.get("city") or row["name"]),
        country=str(row["country"]),
        tz=str(row["tz"]),
    )
