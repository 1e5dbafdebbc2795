"""OFAC legacy CSV files — format ``ofac-csv`` (lists ``ofac-sdn`` and ``ofac-cons``).

Files, told apart by name: the primary file (``sdn.csv`` / ``cons_prim.csv``: no header;
ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT,
Vess_flag, Vess_owner, Remarks) and optional companions ``*alt.csv`` (ent_num, alt_num,
alt_type, alt_name, remarks), ``*add.csv`` (ent_num, add_num, address, city/state/postal,
country, remarks) and ``*comments.csv`` (ent_num, continuation of the truncated Remarks).

Choices worth knowing:

* Companions are small next to the primary file, so they are loaded into dicts keyed by
  ent_num before the primary file is streamed; an alias for an ent_num that is not in the
  primary file is ignored (counted), because OFAC's files are often fetched minutes apart.
* ``-0-`` means empty. Every file ends with a single ``\\x1a`` (DOS EOF) record, skipped and
  counted; a ``\\x1a`` anywhere else is an error.
* Individuals are published "SURNAME, Given". We keep that spelling and add
  "Given SURNAME" as a *derived* name of the same kind (see ``reorder_surname_first``).
* Remarks carry weak aliases (``a.k.a. 'X'`` → WEAK_ALIAS, ``f.k.a. 'X'`` → FORMER,
  ``n.k.a. 'X'`` → ALIAS), birth dates (``DOB 07 May 1961``, ``alt. DOB circa 1955``) and
  ``nationality``/``citizen`` hints; with the vessel flag and address countries these give
  the entry's countries.
* An SDN_Type of ``-0-`` is an organisation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from waypost.screening.engine.types import EntityKind, ListEntry, NameKind
from waypost.screening.formats.base import (
    ListFileError,
    ListFormat,
    NameCollector,
    ParseStats,
    clean,
    data_rows,
    iter_csv,
    unique,
)
from waypost.screening.formats.countries import extract_countries, to_iso2
from waypost.screening.formats.dates import parse_dates

SDN_LIST_ID = "ofac-sdn"
CONS_LIST_ID = "ofac-cons"

_TYPES = {
    "individual": EntityKind.PERSON,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "": EntityKind.ORGANISATION,
}
_ALT_TYPES = {"aka": NameKind.ALIAS, "fka": NameKind.FORMER, "nka": NameKind.ALIAS}
_REMARK_NAMES = re.compile(r"\b([afn])\.k\.a\.,?\s+'(.+?)'(?=\s*(?:[;.,]|$))")
_REMARK_NAME_KINDS = {"a": NameKind.WEAK_ALIAS, "f": NameKind.FORMER, "n": NameKind.ALIAS}
_DOB = re.compile(r"^(?:alt\.\s+)?DOB\s+(.+)$")
_NATIONALITY = re.compile(r"^(?:alt\.\s+)?(?:nationality|citizen)\s+(.+)$")

_WIDTHS = {"primary": 12, "alt": 5, "add": 6, "comments": 2}


def _value(cell: str) -> str:
    text = clean(cell)
    return "" if text == "-0-" else text


def _role(path: Path) -> str:
    name = path.name.lower()
    for role in ("alt", "add", "comments"):
        if name.endswith(f"{role}.csv"):
            return role
    return "primary"


def _rows(path: Path, role: str, stats: ParseStats) -> Iterator[tuple[int, str, list[str]]]:
    """Yield ``(line, ent_num, values)`` with the width checked and the EOF record skipped."""
    width = _WIDTHS[role]
    eof_line: int | None = None
    for line, row in data_rows(path, iter_csv(path), stats):
        if row == ["\x1a"]:
            eof_line = line
            stats.skip("OFAC end-of-file (\\x1a) record")
            continue
        if eof_line is not None:
            raise ListFileError(path, f"data after the end-of-file record on line {eof_line}", line=line)
        if len(row) != width:
            raise ListFileError(
                path, f"expected {width} fields for an OFAC {role} file, found {len(row)}", line=line
            )
        ent_num = _value(row[0])
        if not ent_num:
            raise ListFileError(path, "row has no ent_num", line=line, field="ent_num")
        if not ent_num.isdigit():
            raise ListFileError(path, f"ent_num {ent_num!r} is not a number", line=line, field="ent_num")
        yield line, ent_num, [_value(c) for c in row]


def _companions(
    paths: Sequence[Path], stats: ParseStats
) -> tuple[dict[str, list[tuple[NameKind, str]]], dict[str, list[str]], dict[str, str]]:
    aliases: dict[str, list[tuple[NameKind, str]]] = defaultdict(list)
    countries: dict[str, list[str]] = defaultdict(list)
    comments: dict[str, str] = defaultdict(str)
    for path in paths:
        role = _role(path)
        for line, ent_num, row in _rows(path, role, stats):
            if role == "alt":
                alt_type, alt_name = row[2].lower(), row[3]
                if alt_type not in _ALT_TYPES:
                    raise ListFileError(path, f"unknown alt_type {row[2]!r}", line=line, field="alt_type")
                if not alt_name:
                    raise ListFileError(path, "alias row has no alt_name", line=line, field="alt_name")
                aliases[ent_num].append((_ALT_TYPES[alt_type], alt_name))
            elif role == "add":
                if row[4]:
                    code = to_iso2(row[4]) or next(iter(extract_countries(row[4])), None)
                    if code:
                        countries[ent_num].append(code)
                    else:
                        stats.unresolved_countries[row[4]] += 1
            else:
                comments[ent_num] += row[1]
    return aliases, countries, comments


def _from_remarks(
    remarks: str, names: NameCollector, person: bool, stats: ParseStats
) -> tuple[list[str], list[str]]:
    for match in _REMARK_NAMES.finditer(remarks):
        names.add_person(match.group(2), _REMARK_NAME_KINDS[match.group(1)], reorder=person)
    dates: list[str] = []
    countries: list[str] = []
    for segment in (s.strip() for s in remarks.split(";")):
        if m := _DOB.match(segment):
            found = parse_dates(m.group(1))
            if not found:
                stats.unparsed_dates[m.group(1)] += 1
            dates.extend(found)
        elif m := _NATIONALITY.match(segment):
            value = m.group(1).rstrip(".")
            codes = extract_countries(value)
            if not codes:
                stats.unresolved_countries[value] += 1
            countries.extend(codes)
    return dates, countries


def parse_ofac_csv(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    primaries = [p for p in paths if _role(p) == "primary"]
    if len(primaries) != 1:
        raise ListFileError(
            paths[0] if paths else Path("."),
            f"ofac-csv needs exactly one primary file (sdn.csv or cons_prim.csv), got {len(primaries)}",
        )
    primary = primaries[0]
    if list_id is None:
        list_id = CONS_LIST_ID if "cons" in primary.name.lower() else SDN_LIST_ID
    aliases, add_countries, comments = _companions([p for p in paths if p != primary], stats)
    seen: set[str] = set()
    for line, ent_num, row in _rows(primary, "primary", stats):
        sdn_type = row[2].lower()
        if sdn_type not in _TYPES:
            raise ListFileError(primary, f"unknown SDN_Type {row[2]!r}", line=line, field="SDN_Type")
        if not row[1]:
            raise ListFileError(primary, "row has no SDN_Name", line=line, field="SDN_Name")
        if ent_num in seen:
            raise ListFileError(primary, f"duplicate ent_num {ent_num}", line=line, field="ent_num")
        seen.add(ent_num)
        kind = _TYPES[sdn_type]
        person = kind is EntityKind.PERSON
        names = NameCollector()
        names.add_person(row[1], NameKind.PRIMARY, reorder=person)
        for alt_kind, alt_name in aliases.pop(ent_num, ()):
            names.add_person(alt_name, alt_kind, reorder=person)
        remarks = clean(row[11] + comments.pop(ent_num, ""))
        dates, countries = _from_remarks(remarks, names, person, stats)
        flag = to_iso2(row[9]) if row[9] else None
        extra = [
            ("title", row[4]),
            ("call_sign", row[5]),
            ("vessel_type", row[6]),
            ("tonnage", row[7]),
            ("grt", row[8]),
            ("vessel_flag", row[9]),
            ("vessel_owner", row[10]),
        ]
        yield ListEntry(
            list_id=list_id,
            entry_id=ent_num,
            kind=kind,
            names=names.result(),
            countries=unique([*countries, *([flag] if flag else []), *add_countries.pop(ent_num, [])]),
            birth_dates=unique(dates),
            programs=unique(clean(p) for p in row[3].split("] [")),
            remarks=remarks,
            extra=tuple((k, v) for k, v in extra if v),
        )
    for _ in aliases:
        stats.skip("alias for an ent_num missing from the primary file")


FORMAT = ListFormat(
    "ofac-csv",
    SDN_LIST_ID,
    "OFAC legacy CSV (sdn.csv / cons_prim.csv with alt, add, comments)",
    parse_ofac_csv,
)
