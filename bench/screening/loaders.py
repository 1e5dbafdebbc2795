"""Small, self-contained loaders for the public list files in ``/work/shared/data/screening``.

The production parsers live in ``waypost/screening/formats`` and are written at the
same time as the engine; the benchmarks keep their own minimal readers so that their
figures do not move when a parser changes. Only names, kind, countries and dates
are read. Nothing here is copied into the repository: the files are read in place.
"""

from __future__ import annotations

import csv
import glob
import os
import platform
import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pycountry
from defusedxml import ElementTree

from waypost.screening.engine import EntityKind, EntryName, ListEntry, NameKind

DATA = Path(os.environ.get("WAYPOST_SCREENING_DATA", "/work/shared/data/screening"))
csv.field_size_limit(10**8)

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_LABEL = re.compile(
    r"^\s*(?:\(?\s*)?(chinese|russian|ukrainian|belarusian|arabic|korean|japanese|persian|"
    r"farsi|hebrew|thai|text of image|original script|cyrillic)\s*[:：]\s*",
    re.I,
)


def machine_info() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "nproc": str(os.cpu_count()),
        "cpu": model,
    }


@lru_cache(maxsize=4096)
def country_code(text: str) -> str:
    """ISO alpha-2 for a country name or code; "" when unknown."""
    text = text.strip().strip(".")
    if not text:
        return ""
    if len(text) == 2 and text.isalpha():
        return text.upper()
    special = {
        "russian federation": "RU",
        "russia": "RU",
        "iran": "IR",
        "syria": "SY",
        "north korea": "KP",
        "democratic people's republic of korea": "KP",
        "south korea": "KR",
        "usa": "US",
        "united states": "US",
        "uk": "GB",
        "united kingdom": "GB",
        "taiwan": "TW",
        "vietnam": "VN",
        "viet nam": "VN",
        "turkey": "TR",
        "türkiye": "TR",
        "ussr": "RU",
        "belarus": "BY",
        "laos": "LA",
    }
    if text.lower() in special:
        return special[text.lower()]
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        try:
            found = pycountry.countries.search_fuzzy(text)
            return str(found[0].alpha_2) if found else ""
        except LookupError:
            return ""


def iso_date(text: str) -> str:
    """A partial ISO date from the date formats of the lists ("26.11.1972", "10 Dec 1948", "1962")."""
    text = text.strip()
    m = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    m = re.search(r"(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})", text)
    if m and m.group(2).lower() in _MONTHS:
        return f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return m.group(0)
    m = re.search(r"\b(19|20)\d{2}\b", text)
    return m.group(0) if m else ""


def clean_alias(text: str) -> str:
    """An alias without transcription labels ("Chinese: …") or surrounding brackets."""
    text = _LABEL.sub("", text.strip())
    return text.strip(" ()[]\"'")


def split_semicolons(cell: str) -> list[str]:
    if not cell.strip():
        return []
    return [v.strip() for v in next(csv.reader([cell], delimiter=";", skipinitialspace=True)) if v.strip()]


def _kind(schema: str) -> EntityKind:
    schema = schema.lower()
    if schema in ("person", "individual"):
        return EntityKind.PERSON
    if schema == "vessel":
        return EntityKind.VESSEL
    if schema == "aircraft":
        return EntityKind.AIRCRAFT
    return EntityKind.ORGANISATION


def _entry(
    list_id: str,
    entry_id: str,
    kind: EntityKind,
    names: list[EntryName],
    countries: list[str] = (),  # type: ignore[assignment]
    dates: list[str] = (),
) -> ListEntry | None:  # type: ignore[assignment]
    seen: set[str] = set()
    unique = []
    for n in names:
        if n.text and n.text not in seen:
            seen.add(n.text)
            unique.append(n)
    if not unique:
        return None
    codes = tuple(dict.fromkeys(c for c in (country_code(x) for x in countries) if c))
    return ListEntry(
        list_id,
        entry_id,
        kind,
        tuple(unique),
        countries=codes,
        birth_dates=tuple(dict.fromkeys(d for d in (iso_date(x) for x in dates) if d)),
    )


def load_eu() -> Iterator[ListEntry]:
    """EU Official Journal consolidated CSVs: name, aliases (labels stripped), nationality, birth date."""
    for path in sorted(glob.glob(str(DATA / "eu_journal_sanctions/consolidated/*.csv"))):
        with open(path, encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh)):
                names = [EntryName(row["name"].strip(), NameKind.PRIMARY)]
                for col, kind in (
                    ("alias", NameKind.ALIAS),
                    ("weakAlias", NameKind.WEAK_ALIAS),
                    ("previousName", NameKind.FORMER),
                ):
                    for value in split_semicolons(row[col]):
                        alias = clean_alias(value)
                        if alias and not alias.lower().startswith("text of image"):
                            names.append(EntryName(alias, kind))
                countries = (
                    split_semicolons(row["nationality"])
                    + split_semicolons(row["country"])
                    + split_semicolons(row["jurisdiction"])
                )
                entry = _entry(
                    "eu",
                    f"{Path(path).stem}:{row['recordId'] or n}:{n}",
                    _kind(row["schema"]),
                    names,
                    countries,
                    split_semicolons(row["birthDate"]),
                )
                if entry:
                    yield entry


def load_cn() -> Iterator[ListEntry]:
    """China counter-sanctions: Latin name, aliases, and the Chinese name as original script."""
    with open(DATA / "cn_countersanctions/sanctions.csv", encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            names = [EntryName(row["Name"].strip(), NameKind.PRIMARY)]
            names += [EntryName(a.strip(), NameKind.ALIAS) for a in row["Alias"].split(";") if a.strip()]
            if row["Chinese name"].strip():
                names += [EntryName(row["Chinese name"].strip(), NameKind.ORIGINAL_SCRIPT)]
            entry = _entry("cn", str(n), _kind(row["Type"]), names, [row["Country"]])
            if entry:
                yield entry


def load_un() -> Iterator[ListEntry]:
    """UN consolidated XML: individuals and entities with aliases and original-script names."""
    tree = ElementTree.parse(DATA / "un_consolidated/UN_consolidated_2026-02-27.xml")
    for tag, kind in (("INDIVIDUAL", EntityKind.PERSON), ("ENTITY", EntityKind.ORGANISATION)):
        for node in tree.iter(tag):
            parts = [
                (node.findtext(p) or "").strip()
                for p in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            names = [EntryName(" ".join(p for p in parts if p), NameKind.PRIMARY)]
            for alias in node.iter(f"{tag}_ALIAS"):
                text = (alias.findtext("ALIAS_NAME") or "").strip()
                quality = (alias.findtext("QUALITY") or "").strip().lower()
                if text:
                    names.append(EntryName(text, NameKind.WEAK_ALIAS if quality == "low" else NameKind.ALIAS))
            original = (node.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
            if original:
                names.append(EntryName(original, NameKind.ORIGINAL_SCRIPT))
            countries = [(v.text or "") for v in node.iterfind("NATIONALITY/VALUE")]
            dates = []
            for dob in node.iter("INDIVIDUAL_DATE_OF_BIRTH"):
                dates.append((dob.findtext("DATE") or dob.findtext("YEAR") or "").strip())
            entry = _entry(
                "un",
                (node.findtext("REFERENCE_NUMBER") or node.findtext("DATAID") or "").strip(),
                kind,
                names,
                countries,
                [d for d in dates if d],
            )
            if entry:
                yield entry


def _ofac_rows(path: Path) -> Iterator[list[str]]:
    with open(path, encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) >= 4:
                yield [c.strip() for c in row]


def load_ofac(prim: str, alt: str, list_id: str) -> Iterator[ListEntry]:
    """OFAC legacy CSV (SDN or consolidated non-SDN) with its alias file."""
    aliases: dict[str, list[EntryName]] = {}
    for row in _ofac_rows(DATA / alt):
        kind = NameKind.FORMER if row[2].lower().strip('"') == "fka" else NameKind.ALIAS
        aliases.setdefault(row[0], []).append(EntryName(row[3], kind))
    for row in _ofac_rows(DATA / prim):
        ent, name, sdn_type, remarks = row[0], row[1], row[2].strip("-0 ").lower(), row[-1]
        if not ent.isdigit():
            continue
        kind = {
            "individual": EntityKind.PERSON,
            "vessel": EntityKind.VESSEL,
            "aircraft": EntityKind.AIRCRAFT,
        }.get(sdn_type, EntityKind.ORGANISATION)
        names = [EntryName(name, NameKind.PRIMARY), *aliases.get(ent, [])]
        names += [EntryName(a, NameKind.WEAK_ALIAS) for a in re.findall(r"a\.k\.a\. '([^']+)'", remarks)]
        dates = re.findall(r"DOB ([^;.]+)", remarks)
        entry = _entry(list_id, ent, kind, names, [], dates)
        if entry:
            yield entry


def load_uk() -> Iterator[ListEntry]:
    kinds: dict[str, EntityKind] = {}
    with open(DATA / "uk_sanctions_covyr/subjects.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kinds[row["unique_id"]] = _kind(row["subject_type"])
    grouped: dict[str, list[EntryName]] = {}
    with open(DATA / "uk_sanctions_covyr/subject_names.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kind = NameKind.PRIMARY if row["name_type"] == "primary" else NameKind.ALIAS
            grouped.setdefault(row["unique_id"], []).append(EntryName(row["full_name"].strip(), kind))
    for uid, names in grouped.items():
        entry = _entry("uk", uid, kinds.get(uid, EntityKind.UNKNOWN), names)
        if entry:
            yield entry


def load_dod() -> Iterator[ListEntry]:
    with open(DATA / "us_dod_1260h/sanctions.csv", encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            names = [EntryName(row["Clean Name"] or row["Name"], NameKind.PRIMARY)]
            names += [EntryName(a.strip(), NameKind.ALIAS) for a in row["Alias"].split(";") if a.strip()]
            names += [
                EntryName(a.strip(), NameKind.FORMER) for a in row["Previous Name"].split(";") if a.strip()
            ]
            entry = _entry("us-1260h", str(n), EntityKind.ORGANISATION, names)
            if entry:
                yield entry


def load_dpl() -> Iterator[ListEntry]:
    with open(DATA / "us_bis_dpl/dpl.txt", encoding="utf-8", errors="replace", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t")):
            entry = _entry(
                "us-dpl", str(n), EntityKind.UNKNOWN, [EntryName(row["Name"].strip())], [row["Country"]]
            )
            if entry:
                yield entry


def load_all() -> list[ListEntry]:
    """Every list in the data directory that the loaders understand (about 100,000 names)."""
    entries: list[ListEntry] = []
    entries += load_ofac(
        "ofac_sdn/2024-05-03_jackdwyer/sdn.csv", "ofac_sdn/2025-02_watchman/alt.csv", "ofac-sdn"
    )
    entries += load_ofac(
        "ofac_consolidated_nonsdn/cons_prim.csv", "ofac_consolidated_nonsdn/cons_alt.csv", "ofac-cons"
    )
    entries += load_un()
    entries += load_eu()
    entries += load_uk()
    entries += load_cn()
    entries += load_dod()
    entries += load_dpl()
    return entries


def available() -> bool:
    return (DATA / "SOURCES.md").exists()
