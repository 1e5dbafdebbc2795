"""UK consolidated list — formats ``uk-csv`` (OFSI ConList.csv) and ``uk-covyr-csv``; list ``uk``.

**uk-csv** (OFSI ``ConList.csv``): line 1 is ``Last Updated,<dd/mm/yyyy>``, line 2 the header
(``Name 6`` = surname or whole entity name, ``Name 1``…``Name 5`` given names, ``Title``,
``Name Non-Latin Script``, ``DOB``, ``Nationality``, ``Country``, ``Group Type``,
``Alias Type``, ``Alias Quality``, ``Regime``, ``Group ID`` …), then one row per *name*;
all rows of one designation share a ``Group ID``, which is the entry id. OFSI has sorted the
file by name rather than by group, so a group's rows can be far apart: we accumulate a
compact builder per group (names, countries, dates — not raw rows) and emit entries at the
end of the file, in order of first appearance. Memory is proportional to the entries the
importer keeps anyway. Names are assembled given-names-first ("Name 1 … Name 5 Name 6"),
so no reordering is derived. Alias Type ``Primary name`` → PRIMARY, ``Primary name
variation`` and ``AKA`` → ALIAS (``Low quality`` → WEAK_ALIAS), ``FKA`` → FORMER; the
non-Latin name → ORIGINAL_SCRIPT. DOB ``00/05/1961`` means "May 1961".

**uk-covyr-csv** (a third-party derivative of the UK Sanctions List): ``subject_names.csv``
(one row per name; ``name_type`` primary / primary_variation / alias, ``alias_strength``)
streamed, with ``subjects.csv`` (small: type, UN reference, OFSI group id) loaded as a
companion. Its entry id is the UK Sanctions List unique id (``RUS0229``); the OFSI group id
is kept in extra. Rows of one subject must be contiguous (they are, the file is sorted);
a subject that reappears later raises an error rather than producing a split entry.
"""

from __future__ import annotations

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
    iter_utf8_lines,
    unique,
)
from waypost.screening.formats.countries import extract_countries
from waypost.screening.formats.dates import parse_dates

LIST_ID = "uk"

OFSI_REQUIRED = (
    "Name 6",
    "Name 1",
    "Name 2",
    "Name 3",
    "Name 4",
    "Name 5",
    "Name Non-Latin Script",
    "DOB",
    "Nationality",
    "Country",
    "Group Type",
    "Alias Type",
    "Group ID",
)
_GROUP_TYPES = {"individual": EntityKind.PERSON, "entity": EntityKind.ORGANISATION, "ship": EntityKind.VESSEL}


@dataclass
class _Group:
    group_id: str
    kind: EntityKind
    names: NameCollector = field(default_factory=NameCollector)
    countries: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)
    remarks: str = ""

    def entry(self, list_id: str) -> ListEntry:
        return ListEntry(
            list_id=list_id,
            entry_id=self.group_id,
            kind=self.kind,
            names=self.names.result(),
            countries=unique(self.countries),
            birth_dates=unique(self.dates),
            programs=unique(self.programs),
            remarks=self.remarks,
            extra=tuple(dict.fromkeys(self.extra)),
        )


def _ofsi_kind(alias_type: str, quality: str, stats: ParseStats) -> NameKind:
    label = alias_type.casefold()
    if "variation" in label:
        return NameKind.ALIAS
    if label.startswith(("primary", "prime")):
        return NameKind.PRIMARY
    if label in ("fka", "f.k.a.", "formerly known as"):
        return NameKind.FORMER
    if label not in ("aka", "a.k.a.", "alias", ""):
        stats.skip(f"UK alias type {alias_type!r} read as an alias")
    return NameKind.WEAK_ALIAS if quality.casefold().startswith("low") else NameKind.ALIAS


def _countries(values: Sequence[str], stats: ParseStats) -> list[str]:
    out: list[str] = []
    for value in values:
        if value:
            codes = extract_countries(value)
            if not codes:
                stats.unresolved_countries[value] += 1
            out.extend(codes)
    return out


def parse_uk_ofsi(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    for path in paths:
        lines = iter_utf8_lines(path)
        first = next(lines)
        if not first.casefold().startswith("last updated"):
            raise ListFileError(
                path, "first line is not 'Last Updated,<date>': not an OFSI ConList.csv", line=1
            )
        rows = data_rows(path, iter_csv(path, lines=lines, start_line=1), stats)
        head = next(rows, None)
        if head is None:
            raise ListFileError(path, "no header row", line=2)
        header = Header(path, head[1], head[0], required=OFSI_REQUIRED)
        groups: dict[str, _Group] = {}
        for line, row in rows:
            rec = header.record(row, line)
            group_id = clean(rec["Group ID"])
            if not group_id:
                raise ListFileError(path, "row has no Group ID", line=line, field="Group ID")
            group_type = clean(rec["Group Type"]).casefold()
            if group_type not in _GROUP_TYPES:
                raise ListFileError(
                    path, f"unknown Group Type {rec['Group Type']!r}", line=line, field="Group Type"
                )
            group = groups.get(group_id)
            if group is None:
                group = groups[group_id] = _Group(group_id, _GROUP_TYPES[group_type])
            name = " ".join(clean(rec[f"Name {i}"]) for i in (1, 2, 3, 4, 5, 6))
            non_latin = clean(rec["Name Non-Latin Script"])
            if not clean(name) and not non_latin:
                raise ListFileError(path, "row has no name", line=line, field="Name 6")
            kind = _ofsi_kind(clean(rec["Alias Type"]), clean(rec.get("Alias Quality")), stats)
            group.names.add(name, kind)
            group.names.add(non_latin, NameKind.ORIGINAL_SCRIPT)
            group.countries.extend(_countries([clean(rec["Nationality"]), clean(rec["Country"])], stats))
            dob = clean(rec["DOB"])
            if dob:
                found = parse_dates(dob)
                if not found:
                    stats.unparsed_dates[dob] += 1
                group.dates.extend(found)
            group.programs.append(clean(rec.get("Regime")))
            for column, key in (
                ("Title", "title"),
                ("Position", "position"),
                ("Listed On", "listed_on"),
                ("Nationality", "nationality"),
            ):
                if clean(rec.get(column)):
                    group.extra.append((key, clean(rec.get(column))))
            group.remarks = group.remarks or clean(rec.get("Other Information"))
        for group in groups.values():
            yield group.entry(list_id or LIST_ID)


_COVYR_KINDS = {"individual": EntityKind.PERSON, "entity": EntityKind.ORGANISATION, "ship": EntityKind.VESSEL}
_COVYR_NAME_TYPES = {
    "primary": NameKind.PRIMARY,
    "primary_variation": NameKind.ALIAS,
    "alias": NameKind.ALIAS,
}
_COVYR_STRENGTHS = {"", "good_quality_aka", "low_quality_aka"}


def _covyr_subjects(path: Path, stats: ParseStats) -> dict[str, dict[str, str]]:
    rows = data_rows(path, iter_csv(path), stats)
    head = next(rows, None)
    if head is None:
        raise ListFileError(path, "no header row", line=1)
    header = Header(path, head[1], head[0], required=("unique_id", "subject_type"))
    subjects: dict[str, dict[str, str]] = {}
    for line, row in rows:
        rec = header.record(row, line)
        uid = clean(rec["unique_id"])
        if not uid:
            raise ListFileError(path, "row has no unique_id", line=line, field="unique_id")
        if clean(rec["subject_type"]) not in _COVYR_KINDS:
            raise ListFileError(
                path, f"unknown subject_type {rec['subject_type']!r}", line=line, field="subject_type"
            )
        subjects[uid] = rec
    return subjects


def parse_uk_covyr(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    by_name = {p.name: p for p in paths}
    names_path, subjects_path = by_name.get("subject_names.csv"), by_name.get("subjects.csv")
    if names_path is None or subjects_path is None:
        raise ListFileError(
            paths[0] if paths else Path("."), "uk-covyr-csv needs subject_names.csv and subjects.csv"
        )
    subjects = _covyr_subjects(subjects_path, stats)
    rows = data_rows(names_path, iter_csv(names_path), stats)
    head = next(rows, None)
    if head is None:
        raise ListFileError(names_path, "no header row", line=1)
    header = Header(
        names_path, head[1], head[0], required=("unique_id", "name_type", "alias_strength", "full_name")
    )
    done: set[str] = set()
    current: _Group | None = None
    for line, row in rows:
        rec = header.record(row, line)
        uid = clean(rec["unique_id"])
        if not uid:
            raise ListFileError(names_path, "row has no unique_id", line=line, field="unique_id")
        if current is None or current.group_id != uid:
            if current is not None:
                done.add(current.group_id)
                yield current.entry(list_id or LIST_ID)
            if uid in done:
                raise ListFileError(names_path, f"rows of subject {uid} are not contiguous", line=line)
            subject = subjects.get(uid)
            if subject is None:
                raise ListFileError(
                    names_path, f"subject {uid} is not in subjects.csv", line=line, field="unique_id"
                )
            current = _Group(
                uid, _COVYR_KINDS[clean(subject["subject_type"])], programs=[uid.rstrip("0123456789")]
            )
            for key in ("un_reference_number", "ofsi_group_id", "date_designated", "last_updated"):
                if clean(subject.get(key)):
                    current.extra.append((key, clean(subject.get(key))))
        name_type, strength = clean(rec["name_type"]), clean(rec["alias_strength"])
        if name_type not in _COVYR_NAME_TYPES:
            raise ListFileError(names_path, f"unknown name_type {name_type!r}", line=line, field="name_type")
        if strength not in _COVYR_STRENGTHS:
            raise ListFileError(
                names_path, f"unknown alias_strength {strength!r}", line=line, field="alias_strength"
            )
        full = clean(rec["full_name"])
        if not full:
            raise ListFileError(names_path, "row has no full_name", line=line, field="full_name")
        # A low-quality a.k.a. is weak whatever its name_type; the primary row stays primary.
        kind = _COVYR_NAME_TYPES[name_type]
        if strength == "low_quality_aka" and kind is not NameKind.PRIMARY:
            kind = NameKind.WEAK_ALIAS
        current.names.add(full, kind)
    if current is not None:
        yield current.entry(list_id or LIST_ID)


OFSI_FORMAT = ListFormat("uk-csv", LIST_ID, "UK OFSI consolidated list ConList.csv", parse_uk_ofsi)
COVYR_FORMAT = ListFormat(
    "uk-covyr-csv", LIST_ID, "UK Sanctions List, covyr derivative (subject_names + subjects)", parse_uk_covyr
)
