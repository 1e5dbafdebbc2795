"""US Consolidated Screening List (trade.gov) — format ``csl``, list ``us-csl``.

Three shapes are accepted and told apart by content:

* the CSV with ``source,entity_number,type,programs,name,…`` (28 columns, older download);
* the CSV with a leading ``_id`` column (29 columns, current download);
* the JSON API / download shape ``{"results": [{"name", "alt_names", "source", "id" …}]}``
  (or a bare list of such objects). JSON is streamed object by object — see
  :mod:`waypost.screening.formats.jsonstream` — so a large download is never held whole.

Entry id: ``_id`` / ``id`` when present, else ``entity_number``; many non-OFAC CSL rows
have neither, so we derive ``h:`` + a SHA-1 of source, name and addresses. That id is stable
while those fields are, which is what "cleared pairs are not raised again unless the entry
changes" needs. Names of OFAC-sourced individuals are "SURNAME, Given" and get the
derived reordering; ``alt_names`` (``;``-separated) are aliases. Address country codes
(the last comma-separated part, e.g. ``…, CN``), ``nationalities`` and ``citizenships`` give the
countries. The CSL ``source`` is kept as the first program and as ``extra["source"]``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from waypost.screening.engine.types import EntityKind, ListEntry, NameKind
from waypost.screening.formats.base import (
    Header,
    ListFileError,
    ListFormat,
    NameCollector,
    ParseStats,
    clean,
    data_rows,
    iter_csv,
    split_multi,
    unique,
)
from waypost.screening.formats.countries import extract_countries, to_iso2
from waypost.screening.formats.dates import parse_dates
from waypost.screening.formats.jsonstream import iter_json_results

LIST_ID = "us-csl"

# Columns we rely on; trade.gov has added columns over the years, so others are tolerated
# (every row must still have as many fields as the header).
_REQUIRED = (
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "addresses",
    "alt_names",
    "dates_of_birth",
    "nationalities",
    "citizenships",
)
_TYPES = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "": EntityKind.UNKNOWN,
}


def _as_list(value: Any, separator: str = ";") -> list[str]:
    """CSV cells are ``;``-separated strings; JSON gives lists (of strings or objects)."""
    if value is None:
        return []
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, Mapping):
                out.append(", ".join(clean(str(v)) for v in item.values() if v))
            elif item is not None:
                out.append(clean(str(item)))
        return [v for v in out if v]
    return split_multi(str(value), separator)


def _address_countries(addresses: Any) -> list[str]:
    codes: list[str] = []
    if isinstance(addresses, list):
        for item in addresses:
            if isinstance(item, Mapping):
                code = to_iso2(clean(str(item.get("country") or "")))
                if code:
                    codes.append(code)
        return codes
    for address in _as_list(addresses):
        last = address.rsplit(",", 1)[-1].strip()
        code = to_iso2(last)
        if code:
            codes.append(code)
    return codes


def _entry(record: Mapping[str, Any], path: Path, line: int, list_id: str, stats: ParseStats) -> ListEntry:
    name = clean(str(record.get("name") or ""))
    if not name:
        raise ListFileError(path, "row has no name", line=line, field="name")
    source = clean(str(record.get("source") or ""))
    if not source:
        raise ListFileError(path, "row has no source", line=line, field="source")
    type_ = clean(str(record.get("type") or "")).lower()
    if type_ not in _TYPES:
        raise ListFileError(path, f"unknown type {type_!r}", line=line, field="type")
    kind = _TYPES[type_]
    entry_id = clean(str(record.get("_id") or record.get("id") or record.get("entity_number") or ""))
    if not entry_id:
        digest = hashlib.sha1(  # noqa: S324 - an identifier, not a security control
            "\x1f".join([source, name, str(record.get("addresses") or "")]).encode()
        ).hexdigest()
        entry_id = f"h:{digest[:16]}"
    person = kind is EntityKind.PERSON
    names = NameCollector()
    names.add_person(name, NameKind.PRIMARY, reorder=person)
    for alt in _as_list(record.get("alt_names")):
        names.add_person(alt, NameKind.ALIAS, reorder=person)
    countries: list[str] = []
    for key in ("nationalities", "citizenships"):
        for value in _as_list(record.get(key)):
            codes = extract_countries(value)
            if not codes:
                stats.unresolved_countries[value] += 1
            countries.extend(codes)
    countries.extend(_address_countries(record.get("addresses")))
    birth_dates = [d for v in _as_list(record.get("dates_of_birth")) for d in parse_dates(v)]
    programs = [source, *_as_list(record.get("programs"))]
    extra = [
        ("source", source),
        ("entity_number", clean(str(record.get("entity_number") or ""))),
        ("title", clean(str(record.get("title") or ""))),
        ("start_date", clean(str(record.get("start_date") or ""))),
        ("end_date", clean(str(record.get("end_date") or ""))),
        ("federal_register_notice", clean(str(record.get("federal_register_notice") or ""))),
        ("license_requirement", clean(str(record.get("license_requirement") or ""))),
    ]
    return ListEntry(
        list_id=list_id,
        entry_id=entry_id,
        kind=kind,
        names=names.result(),
        countries=unique(countries),
        birth_dates=unique(birth_dates),
        programs=unique(programs),
        remarks=clean(str(record.get("remarks") or "")),
        source_url=clean(str(record.get("source_list_url") or record.get("source_information_url") or "")),
        extra=tuple((k, v) for k, v in extra if v),
    )


def _first_char(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1].decode("latin-1")


def parse_csl(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    for path in paths:
        if _first_char(path) in ("{", "["):
            for line, record in iter_json_results(path, key="results"):
                yield _entry(record, path, line, list_id or LIST_ID, stats)
            continue
        rows = data_rows(path, iter_csv(path), stats)
        first = next(rows, None)
        if first is None:
            raise ListFileError(path, "no header row", line=1)
        header = Header(path, first[1], first[0], required=_REQUIRED)
        for line, row in rows:
            yield _entry(header.record(row, line), path, line, list_id or LIST_ID, stats)


FORMAT = ListFormat("csl", LIST_ID, "US Consolidated Screening List (CSV or JSON)", parse_csl)
