"""An organisation's own list — format ``custom-csv``; the caller names the list.

Documented layout (UTF-8, comma-separated, this exact header)::

    id,name,kind,aliases,countries,birth_date,notes

* ``id`` — the organisation's own stable identifier (required, unique in the file).
* ``name`` — the primary name (required).
* ``kind`` — ``person``, ``organisation`` (or ``organization``), ``vessel``, ``aircraft``;
  empty means unknown.
* ``aliases`` — ``;``-separated; prefix one with ``weak:`` or ``former:`` to mark it, and a
  non-Latin-script alias is filed as ORIGINAL_SCRIPT.
* ``countries`` — ``;``-separated ISO codes or English names.
* ``birth_date`` — ``;``-separated ISO or partial dates (``1961``, ``1961-05``, ``1961-05-07``).
* ``notes`` — free text, kept as remarks.

Unknown countries or dates are errors here (not counted hints as for published lists),
because the organisation can fix its own file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from waypost.screening.engine.types import EntityKind, ListEntry, NameKind
from waypost.screening.formats.base import (
    Header,
    ListFileError,
    ListFormat,
    NameCollector,
    ParseStats,
    clean,
    data_rows,
    is_non_latin,
    iter_csv,
    require,
    split_multi,
    unique,
)
from waypost.screening.formats.countries import extract_countries
from waypost.screening.formats.dates import parse_dates

HEADER = ["id", "name", "kind", "aliases", "countries", "birth_date", "notes"]
_KINDS = {
    "person": EntityKind.PERSON,
    "individual": EntityKind.PERSON,
    "organisation": EntityKind.ORGANISATION,
    "organization": EntityKind.ORGANISATION,
    "entity": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "": EntityKind.UNKNOWN,
    "unknown": EntityKind.UNKNOWN,
}
_PREFIXES = {"weak:": NameKind.WEAK_ALIAS, "former:": NameKind.FORMER}


def parse_custom_csv(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    if not list_id:
        raise ListFileError(paths[0] if paths else Path("."), "custom-csv needs a list id from the caller")
    seen: set[str] = set()
    for path in paths:
        rows = data_rows(path, iter_csv(path), stats)
        head = next(rows, None)
        if head is None:
            raise ListFileError(path, "no header row", line=1)
        header = Header(path, head[1], head[0], required=HEADER, exact=(HEADER,))
        for line, row in rows:
            rec = header.record(row, line)
            entry_id = require(path, rec, "id", line, "id")
            if entry_id in seen:
                raise ListFileError(path, f"duplicate id {entry_id!r}", line=line, field="id")
            seen.add(entry_id)
            kind_text = clean(rec["kind"]).casefold()
            if kind_text not in _KINDS:
                raise ListFileError(path, f"unknown kind {rec['kind']!r}", line=line, field="kind")
            names = NameCollector()
            names.add(require(path, rec, "name", line, "name"), NameKind.PRIMARY)
            for alias in split_multi(rec["aliases"]):
                kind = NameKind.ALIAS
                for prefix, prefixed_kind in _PREFIXES.items():
                    if alias.casefold().startswith(prefix):
                        alias, kind = clean(alias[len(prefix) :]), prefixed_kind
                names.add(
                    alias,
                    NameKind.ORIGINAL_SCRIPT if kind is NameKind.ALIAS and is_non_latin(alias) else kind,
                )
            countries: list[str] = []
            for value in split_multi(rec["countries"]):
                codes = extract_countries(value)
                if not codes:
                    raise ListFileError(path, f"unknown country {value!r}", line=line, field="countries")
                countries.extend(codes)
            dates: list[str] = []
            for value in split_multi(rec["birth_date"]):
                found = parse_dates(value)
                if not found:
                    raise ListFileError(
                        path, f"unreadable birth date {value!r}", line=line, field="birth_date"
                    )
                dates.extend(found)
            yield ListEntry(
                list_id=list_id,
                entry_id=entry_id,
                kind=_KINDS[kind_text],
                names=names.result(),
                countries=unique(countries),
                birth_dates=unique(dates),
                remarks=clean(rec["notes"]),
            )


FORMAT = ListFormat(
    "custom-csv",
    None,
    "Organisation's own list: id,name,kind,aliases,countries,birth_date,notes",
    parse_custom_csv,
)
