"""Smaller US lists — formats ``us-dod-1260h`` and ``bis-dpl``.

**us-dod-1260h**: the DoD Section 1260H "Chinese military companies" list as transcribed
(header ``Name, Clean Name, Alias, Previous Name, Parent Name, Note, Start date, End date,
Source Url``). ``Clean Name`` is the primary name; ``Alias`` and ``Previous Name`` are
``;``-separated (a comma with no space after it also separates, as in ``Knownsec,Beijing
Knownsec``). A row with an ``End date`` records a removal from the list and is skipped
(counted). A company listed in several years has several rows; they are merged by clean
name, which needs the file in memory — it is a few hundred rows, refused above
:data:`MAX_ROWS`.

**bis-dpl**: the BIS Denied Persons List, tab-separated with quoted fields (``Name,
Street_Address, City, State, Country, Postal_Code, Effective_Date, Expiration_Date, …``).
A person with several addresses has several rows; they are merged by name (same memory
note). Kind is UNKNOWN because the DPL does not say whether a party is a person.

Neither list publishes identifiers, so ids are ``h:`` + a hash of the name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
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
    iter_csv,
    unique,
)
from waypost.screening.formats.countries import to_iso2

MAX_ROWS = 100_000
DOD_LIST_ID = "us-dod-1260h"
DPL_LIST_ID = "bis-dpl"
_ALIAS_SPLIT = re.compile(r";|,(?=\S)")


def _hash_id(text: str) -> str:
    return "h:" + hashlib.sha1(text.encode()).hexdigest()[:16]  # noqa: S324 - an identifier


@dataclass
class _Merged:
    key: str
    kind: EntityKind
    names: NameCollector = field(default_factory=NameCollector)
    countries: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    source_url: str = ""

    def entry(self, list_id: str, program: str) -> ListEntry:
        return ListEntry(
            list_id=list_id,
            entry_id=_hash_id(self.key),
            kind=self.kind,
            names=self.names.result(),
            countries=unique(self.countries),
            programs=(program,),
            source_url=self.source_url,
            extra=tuple(dict.fromkeys(self.extra)),
        )


def _header_rows(
    path: Path, stats: ParseStats, required: Sequence[str], delimiter: str = ","
) -> tuple[Header, Iterator[tuple[int, list[str]]]]:
    rows = data_rows(path, iter_csv(path, delimiter=delimiter), stats)
    head = next(rows, None)
    if head is None:
        raise ListFileError(path, "no header row", line=1)
    return Header(path, head[1], head[0], required=required), rows


def parse_dod_1260h(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    for path in paths:
        header, rows = _header_rows(path, stats, ("Name", "Clean Name", "Alias", "Previous Name", "End date"))
        merged: dict[str, _Merged] = {}
        for count, (line, row) in enumerate(rows, 1):
            if count > MAX_ROWS:
                raise ListFileError(path, f"more than {MAX_ROWS} rows", line=line)
            rec = header.record(row, line)
            name = clean(rec["Clean Name"]) or clean(rec["Name"]).rstrip("*").strip()
            if not name:
                raise ListFileError(path, "row has no name", line=line, field="Clean Name")
            if clean(rec["End date"]):
                stats.skip("DoD 1260H row with an End date (removed from the list)")
                continue
            item = merged.setdefault(name.casefold(), _Merged(name.casefold(), EntityKind.ORGANISATION))
            item.names.add(name, NameKind.PRIMARY)
            for alias in _ALIAS_SPLIT.split(rec["Alias"]):
                item.names.add(alias, NameKind.ALIAS)
            for previous in _ALIAS_SPLIT.split(rec["Previous Name"]):
                item.names.add(previous, NameKind.FORMER)
            item.countries.append("CN")
            for column, key in (("Start date", "listed_on"), ("Parent Name", "parent")):
                if clean(rec.get(column)):
                    item.extra.append((key, clean(rec.get(column))))
            item.source_url = item.source_url or clean(rec.get("Source Url"))
        for item in merged.values():
            yield item.entry(list_id or DOD_LIST_ID, "DoD 1260H")


def parse_bis_dpl(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    for path in paths:
        header, rows = _header_rows(
            path, stats, ("Name", "Country", "Effective_Date", "Expiration_Date"), "\t"
        )
        merged: dict[str, _Merged] = {}
        for count, (line, row) in enumerate(rows, 1):
            if count > MAX_ROWS:
                raise ListFileError(path, f"more than {MAX_ROWS} rows", line=line)
            rec = header.record(row, line)
            name = clean(rec["Name"])
            if not name:
                raise ListFileError(path, "row has no name", line=line, field="Name")
            item = merged.setdefault(name.casefold(), _Merged(name.casefold(), EntityKind.UNKNOWN))
            item.names.add(name, NameKind.PRIMARY)
            code = to_iso2(clean(rec["Country"]))
            if code:
                item.countries.append(code)
            for column, key in (
                ("Effective_Date", "effective_date"),
                ("Expiration_Date", "expiration_date"),
                ("FR_Citation", "fr_citation"),
            ):
                if clean(rec.get(column)):
                    item.extra.append((key, clean(rec.get(column))))
        for item in merged.values():
            yield item.entry(list_id or DPL_LIST_ID, "Denied Persons List")


DOD_FORMAT = ListFormat(
    "us-dod-1260h", DOD_LIST_ID, "DoD Section 1260H Chinese military companies", parse_dod_1260h
)
DPL_FORMAT = ListFormat("bis-dpl", DPL_LIST_ID, "BIS Denied Persons List (tab-separated)", parse_bis_dpl)
