"""Country, date and provenance helpers, table-driven."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from waypost.screening.formats import file_provenance
from waypost.screening.formats.base import reorder_surname_first
from waypost.screening.formats.countries import extract_countries, to_iso2
from waypost.screening.formats.dates import parse_dates

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Russia", ("RU",)),
        ("Iran", ("IR",)),
        ("Korea, North", ("KP",)),
        ("Burma", ("MM",)),
        ("Congo, Democratic Republic of the", ("CD",)),
        ("Iran (Islamic Republic of)", ("IR",)),
        ("Democratic People’s Republic of Korea (DPRK)", ("KP",)),
        ("(a) German, (b) Moroccan", ("DE", "MA")),
        ("South Sudan", ("SS",)),
        ("Guinea-Bissau", ("GW",)),
        ("Bosnia and Herzegovina", ("BA",)),
        ("United Kingdom of Great Britain and Northern Ireland", ("GB",)),
        ("KP", ("KP",)),
        ("Congolese", ()),  # ambiguous: Congo or DR Congo
        ("former Soviet Union", ()),
        ("XX", ()),
    ],
)
def test_extract_countries(text: str, codes: tuple[str, ...]) -> None:
    assert extract_countries(text) == codes


def test_to_iso2_is_exact() -> None:
    assert to_iso2("Cote d Ivoire") == "CI"
    assert to_iso2("Russian and Ukrainian") is None


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("07 May 1961", ("1961-05-07",)),
        ("circa 1955", ("1955",)),
        ("1955 to 1958", ("1955", "1956", "1957", "1958")),
        ("28.2.2011", ("2011-02-28",)),
        ("Approximately 1963", ("1963",)),
        ("Between 1955 and 1957 (Approximately)", ("1955", "1956", "1957")),
        ("00/05/1961", ("1961-05",)),
        ("00/00/1961", ("1961",)),
        ("4 Apr. 1944", ("1944-04-04",)),
        ("Sep 1958", ("1958-09",)),
        ("30.2.1970", ("1970",)),
        ("24/06/1402 (Hijri Calendar)", ()),
        ("(a) 11.4.1960, (b) 1.1.1962", ("1960-04-11", "1962-01-01")),
    ],
)
def test_parse_dates(text: str, dates: tuple[str, ...]) -> None:
    assert parse_dates(text) == dates


@pytest.mark.parametrize(
    ("name", "reordered"),
    [("ABBAS, Abu", "Abu ABBAS"), ("BANCO NACIONAL DE CUBA", None), ("A, B, C", None), ("X,", None)],
)
def test_reorder_surname_first(name: str, reordered: str | None) -> None:
    assert reorder_surname_first(name) == reordered


def test_provenance_checksum_size_and_stated_date() -> None:
    un = FIXTURES / "un" / "un.xml"
    prov = file_provenance([un])
    assert prov.sha256 == hashlib.sha256(un.read_bytes()).hexdigest()
    assert prov.size == un.stat().st_size
    assert prov.file_date == date(2026, 1, 15)
    assert file_provenance([FIXTURES / "uk" / "ConList.csv"]).file_date == date(2026, 1, 15)
    assert file_provenance([FIXTURES / "eu_xml" / "eu_fsf.xml"]).file_date == date(2026, 2, 1)
    assert file_provenance([FIXTURES / "ofac" / "sdn.csv"]).file_date is None


def test_provenance_does_not_depend_on_argument_order() -> None:
    a, b = FIXTURES / "ofac" / "sdn.csv", FIXTURES / "ofac" / "alt.csv"
    assert file_provenance([a, b]).sha256 == file_provenance([b, a]).sha256
    assert len(file_provenance([a, b]).files) == 2
