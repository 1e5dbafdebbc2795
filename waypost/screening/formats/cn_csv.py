"""China counter-sanctions (MFA / MOFCOM notices, as transcribed) — format ``cn-csv``.

Layout: header with ``Type`` (Person / Company / Organization), ``QID``, ``Name``, ``Alias``
(``;``-separated), ``Chinese name``, ``Country`` (ISO code or name), ``Body``, ``List``,
``Date``, ``Source URL`` …; one row per designation *notice*.

Choices: the publisher has no identifiers, and the same person is often named in several
notices (≈ 90 of 610 rows). We therefore merge rows by (Type, Name) into one entry whose
id is the Wikidata QID when any row has one, else ``h:`` + a hash of type and name. Merging
needs the whole file, so this parser reads it before yielding; the file is a few hundred
rows, and a file over :data:`MAX_ROWS` rows is refused rather than held. The Chinese name
is ORIGINAL_SCRIPT; ``Body`` and ``List`` become programs.
"""

from __future__ import annotations

import hashlib
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
    split_multi,
    unique,
)
from waypost.screening.formats.countries import extract_countries
from waypost.screening.formats.dates import parse_dates

LIST_ID = "cn-countersanctions"
MAX_ROWS = 100_000
_TYPES = {
    "Person": EntityKind.PERSON,
    "Company": EntityKind.ORGANISATION,
    "Organization": EntityKind.ORGANISATION,
}
_REQUIRED = ("Type", "QID", "Name", "Alias", "Chinese name", "Country", "Body", "List", "Date")


@dataclass
class _Merged:
    kind: EntityKind
    type_name: str
    name: str
    qid: str = ""
    names: NameCollector = field(default_factory=NameCollector)
    countries: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    source_url: str = ""

    def entry(self, list_id: str) -> ListEntry:
        entry_id = (
            self.qid
            or "h:"
            + hashlib.sha1(  # noqa: S324 - an identifier, not security
                f"{self.type_name}\x1f{self.name}".encode()
            ).hexdigest()[:16]
        )
        return ListEntry(
            list_id=list_id,
            entry_id=entry_id,
            kind=self.kind,
            names=self.names.result(),
            countries=unique(self.countries),
            programs=unique(self.programs),
            source_url=self.source_url,
            extra=tuple(dict.fromkeys(self.extra)),
        )


def parse_cn_csv(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    for path in paths:
        rows = data_rows(path, iter_csv(path), stats)
        head = next(rows, None)
        if head is None:
            raise ListFileError(path, "no header row", line=1)
        header = Header(path, head[1], head[0], required=_REQUIRED)
        merged: dict[tuple[str, str], _Merged] = {}
        for count, (line, row) in enumerate(rows, 1):
            if count > MAX_ROWS:
                raise ListFileError(
                    path, f"more than {MAX_ROWS} rows: too large for a merged in-memory parse", line=line
                )
            rec = header.record(row, line)
            type_name, name = clean(rec["Type"]), clean(rec["Name"])
            if type_name not in _TYPES:
                raise ListFileError(path, f"unknown Type {type_name!r}", line=line, field="Type")
            if not name:
                raise ListFileError(path, "row has no name", line=line, field="Name")
            item = merged.get((type_name, name))
            if item is None:
                item = merged[(type_name, name)] = _Merged(_TYPES[type_name], type_name, name)
                item.names.add(name, NameKind.PRIMARY)
            else:
                stats.skip("CN row merged into an earlier row for the same party")
            item.qid = item.qid or clean(rec["QID"])
            for alias in split_multi(rec["Alias"]):
                item.names.add(alias, NameKind.ALIAS)
            item.names.add(rec["Chinese name"], NameKind.ORIGINAL_SCRIPT)
            country = clean(rec["Country"])
            if country and country != "EU":
                codes = extract_countries(country)
                if not codes:
                    stats.unresolved_countries[country] += 1
                item.countries.extend(codes)
            item.programs.extend(p for p in (clean(rec["Body"]), clean(rec["List"])) if p)
            for date in parse_dates(clean(rec["Date"])):
                item.extra.append(("listed_on", date))
            item.source_url = item.source_url or clean(rec.get("Source URL"))
        for item in merged.values():
            yield item.entry(list_id or LIST_ID)


FORMAT = ListFormat("cn-csv", LIST_ID, "China counter-sanctions CSV", parse_cn_csv)
