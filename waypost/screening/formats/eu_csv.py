"""EU Official Journal transcriptions (consolidated or amendment CSVs) — format ``eu-csv``.

Layout: see ``FORMAT.md`` shipped with the data; the header must be exactly the
consolidated or the amendment header. ``schema`` and ``name`` are required; entity
columns are ``;``-separated and decoded with a CSV reader (values may be quoted).

Choices:

* Entry id ``<celex>/<annex>/<recordId>``. When the act prints no record id (about 7 % of
  rows) we use ``h:`` + a hash of schema and name instead, which stays stable while the
  name does. A few rows are transcribed twice under the same id (the annex itself repeats
  them); the repeat gets ``~2``, ``~3`` … and is counted in the stats, so ids stay unique.
* ``alias`` → ALIAS, ``weakAlias`` → WEAK_ALIAS, ``previousName`` → FORMER; any of them in a
  non-Latin script → ORIGINAL_SCRIPT. Transcription labels are removed: a bare label
  (``Text of image``, ``Chinese:``) is dropped and counted; a leading label
  (``Chinese: 某某``, ``Married name: …``) is stripped; ``X (original script: Y)`` gives both
  X and Y; a trailing ``(Date of birth: …)`` is cut.
* Countries come from nationality, jurisdiction, flag and country, which print names and
  demonyms ("Russian", "Myanmar/Burma"); ``Asset`` rows have kind UNKNOWN.
"""

from __future__ import annotations

import csv
import hashlib
import re
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
    unique,
)
from waypost.screening.formats.countries import extract_countries
from waypost.screening.formats.dates import parse_dates

LIST_ID = "eu"

_ENTITY_COLUMNS = [
    "schema",
    "name",
    "alias",
    "weakAlias",
    "previousName",
    "country",
    "nationality",
    "jurisdiction",
    "birthDate",
    "birthPlace",
    "position",
    "passportNumber",
    "gender",
    "appearance",
    "ethnicity",
    "fatherName",
    "motherName",
    "incorporationDate",
    "legalForm",
    "sector",
    "registrationNumber",
    "taxNumber",
    "idNumber",
    "innCode",
    "ogrnCode",
    "kppCode",
    "okpoCode",
    "leiCode",
    "swiftBic",
    "ticker",
    "imoNumber",
    "mmsi",
    "flag",
    "address",
    "phone",
    "email",
    "website",
    "notes",
]
_META = ["recordId", "programKey", "annex", "measure", "startDate", "reason"]
CONSOLIDATED_HEADER = ["celex", *_META, *_ENTITY_COLUMNS]
AMENDMENT_HEADER = ["amendedCelex", "amendmentCelex", *_META, *_ENTITY_COLUMNS]

_SCHEMAS = {
    "Person": EntityKind.PERSON,
    "LegalEntity": EntityKind.ORGANISATION,
    "Organization": EntityKind.ORGANISATION,
    "Company": EntityKind.ORGANISATION,
    "Vessel": EntityKind.VESSEL,
    "Asset": EntityKind.UNKNOWN,
}
_NAME_COLUMNS = {"alias": NameKind.ALIAS, "weakAlias": NameKind.WEAK_ALIAS, "previousName": NameKind.FORMER}
_BARE_LABEL = re.compile(r"^(?:text of image|[\w .'-]{1,30}:)$", re.IGNORECASE)
_LEADING_LABEL = re.compile(
    r"^(?:chinese|korean|russian|arabic|ukrainian|belarusian|japanese|persian|farsi|hebrew|thai|"
    r"aka|a\.k\.a\.|also known as|married name|stage name|maiden name)\s*:\s*",
    re.IGNORECASE,
)
_ORIGINAL = re.compile(
    r"\((?:as previously listed, )?(?:original script|in \w+|\w+)\s*:\s*[‘'\"]?(?P<orig>[^()]+?)[’'\"]?\s*\)",
    re.IGNORECASE,
)
_DOB_TAIL = re.compile(r"[\s.(]*\bDate of birth\b.*$", re.IGNORECASE)
_QUOTES = "‘’'\""


def _multi(value: str) -> list[str]:
    """Decode a multi-valued cell (``Foo; "Bar; Baz"``) as FORMAT.md prescribes."""
    if not value:
        return []
    row = next(csv.reader([value], delimiter=";", skipinitialspace=True))
    return [v for v in (clean(x) for x in row) if v]


def _alias_names(value: str, kind: NameKind, stats: ParseStats) -> list[tuple[str, NameKind]]:
    if _BARE_LABEL.match(value):
        stats.skip("EU alias that is only a transcription label")
        return []
    out: list[tuple[str, NameKind]] = []
    text = _LEADING_LABEL.sub("", value)
    for m in _ORIGINAL.finditer(text):
        original = clean(m.group("orig")).strip(_QUOTES)
        if original and is_non_latin(original):
            out.append((original, NameKind.ORIGINAL_SCRIPT))
    if out:
        text = _ORIGINAL.sub("", text)
    text = clean(_DOB_TAIL.sub("", text)).strip(_QUOTES + " ,;")
    if text:
        out.insert(0, (text, NameKind.ORIGINAL_SCRIPT if is_non_latin(text) else kind))
    return out


def _entry(
    path: Path, line: int, rec: dict[str, str], list_id: str, stats: ParseStats, seen: dict[str, int]
) -> ListEntry:
    schema = clean(rec["schema"])
    if not schema:
        raise ListFileError(path, "row has no schema", line=line, field="schema")
    if schema not in _SCHEMAS:
        raise ListFileError(path, f"unknown schema {schema!r}", line=line, field="schema")
    name = clean(rec["name"])
    if not name:
        raise ListFileError(path, "row has no name", line=line, field="name")
    celex = clean(rec.get("celex") or rec.get("amendmentCelex"))
    if not celex:
        raise ListFileError(path, "row has no CELEX", line=line, field="celex")
    record_id = clean(rec["recordId"])
    if not record_id:
        record_id = "h:" + hashlib.sha1(f"{schema}\x1f{name}".encode()).hexdigest()[:12]  # noqa: S324
    entry_id = f"{celex}/{clean(rec['annex']) or '-'}/{record_id}"
    seen[entry_id] = seen.get(entry_id, 0) + 1
    if seen[entry_id] > 1:
        stats.skip("EU row repeating an id (kept with a ~N suffix)")
        entry_id = f"{entry_id}~{seen[entry_id]}"
    names = NameCollector()
    names.add(name, NameKind.PRIMARY)
    for column, kind in _NAME_COLUMNS.items():
        for value in _multi(rec[column]):
            for text, name_kind in _alias_names(value, kind, stats):
                names.add(text, name_kind)
    countries: list[str] = []
    for column in ("nationality", "jurisdiction", "flag", "country"):
        for value in _multi(rec[column]):
            codes = extract_countries(value)
            if not codes:
                stats.unresolved_countries[value] += 1
            countries.extend(codes)
    birth_dates: list[str] = []
    for value in _multi(rec["birthDate"]):
        found = parse_dates(value)
        if not found:
            stats.unparsed_dates[value] += 1
        birth_dates.extend(found)
    extra = [
        ("schema", schema),
        ("celex", celex),
        ("annex", clean(rec["annex"])),
        ("record_id", clean(rec["recordId"])),
        ("measure", clean(rec["measure"])),
        ("start_date", clean(rec["startDate"])),
        ("amended_celex", clean(rec.get("amendedCelex"))),
        *(("position", v) for v in _multi(rec["position"])),
        *(("nationality", v) for v in _multi(rec["nationality"])),
        *(("note", v) for v in _multi(rec["notes"])),
    ]
    return ListEntry(
        list_id=list_id,
        entry_id=entry_id,
        kind=_SCHEMAS[schema],
        names=names.result(),
        countries=unique(countries),
        birth_dates=unique(birth_dates),
        programs=unique([clean(rec["programKey"])]),
        remarks=clean(rec["reason"]),
        extra=tuple((k, v) for k, v in extra if v),
    )


def parse_eu_csv(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    seen: dict[str, int] = {}
    for path in paths:
        rows = data_rows(path, iter_csv(path), stats)
        first = next(rows, None)
        if first is None:
            raise ListFileError(path, "no header row", line=1)
        header = Header(path, first[1], first[0], required=(), exact=(CONSOLIDATED_HEADER, AMENDMENT_HEADER))
        for line, row in rows:
            yield _entry(path, line, header.record(row, line), list_id or LIST_ID, stats, seen)


FORMAT = ListFormat(
    "eu-csv", LIST_ID, "EU Official Journal transcription CSV (consolidated/amendment)", parse_eu_csv
)
