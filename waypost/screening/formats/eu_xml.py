"""EU Financial Sanctions Files (FSF) XML export — format ``eu-xml``.

Layout (namespace ``http://eu.europa.eu/fpi/fsd/export``): ``export`` (attribute
``generationDate``) → ``sanctionEntity`` (``logicalId``, ``euReferenceNumber``,
``unitedNationId``) holding ``subjectType@code`` (``person``/``enterprise``),
``regulation@programme``, ``nameAlias`` (``wholeName`` or ``firstName``/``middleName``/
``lastName``, ``nameLanguage``, ``strong``), ``citizenship@countryIso2Code``,
``birthdate`` (``birthdate`` or ``year``/``monthOfYear``/``dayOfMonth``),
``address@countryIso2Code`` and ``remark``.

Choices:

* ``logicalId`` is the entry id (required); the EU reference goes to extra.
* The EU marks no primary name: the first ``nameAlias`` is taken as primary, as the EU's own
  consolidated PDF does. ``strong="false"`` → WEAK_ALIAS; a name in a non-Latin script →
  ORIGINAL_SCRIPT; other names → ALIAS.
* ``countryIso2Code="00"`` means "unknown" in FSF and is ignored.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path

from waypost.screening.engine.types import EntityKind, ListEntry, NameKind
from waypost.screening.formats.base import ListFormat, NameCollector, ParseStats, clean, is_non_latin, unique
from waypost.screening.formats.countries import to_iso2
from waypost.screening.formats.dates import parse_dates, partial_date
from waypost.screening.formats.xmlsafe import XmlRecord, iter_records, local

LIST_ID = "eu"
NAMESPACE = "http://eu.europa.eu/fpi/fsd/export"

_KINDS = {
    "person": EntityKind.PERSON,
    "enterprise": EntityKind.ORGANISATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
}


def _children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in elem if local(c.tag) == name]


def _alias_name(alias: ET.Element) -> str:
    whole = clean(alias.get("wholeName"))
    if whole:
        return whole
    parts = (clean(alias.get(a)) for a in ("firstName", "middleName", "lastName"))
    return " ".join(p for p in parts if p)


def _birth_date(elem: ET.Element) -> tuple[str, ...]:
    full = clean(elem.get("birthdate"))
    if full:
        return parse_dates(full)
    year = clean(elem.get("year"))
    if not year.isdigit():
        return ()
    month, day = clean(elem.get("monthOfYear")), clean(elem.get("dayOfMonth"))
    value = partial_date(int(year), int(month) if month.isdigit() else 0, int(day) if day.isdigit() else 0)
    return (value,) if value else (year,)


def _entry(path: Path, record: XmlRecord, list_id: str, stats: ParseStats) -> ListEntry:
    elem = record.element
    logical_id = clean(elem.get("logicalId"))
    if not logical_id:
        raise record.error(path, "sanctionEntity has no logicalId")
    subject = _children(elem, "subjectType")
    code = clean(subject[0].get("code")) if subject else ""
    if code not in _KINDS:
        raise record.error(path, f"sanctionEntity {logical_id}: unknown subjectType code {code!r}")
    kind = _KINDS[code]
    names = NameCollector()
    for alias in _children(elem, "nameAlias"):
        text = _alias_name(alias)
        if not names:
            names.add(text, NameKind.PRIMARY)
        elif is_non_latin(text):
            names.add(text, NameKind.ORIGINAL_SCRIPT)
        elif clean(alias.get("strong")).lower() == "false":
            names.add(text, NameKind.WEAK_ALIAS)
        else:
            names.add(text, NameKind.ALIAS)
    if not names:
        raise record.error(path, f"sanctionEntity {logical_id} has no name")
    countries: list[str] = []
    for tag in ("citizenship", "address", "birthdate"):
        for child in _children(elem, tag):
            iso = clean(child.get("countryIso2Code")).upper()
            if not iso or iso == "00":
                continue
            resolved = to_iso2(iso)
            if resolved is None:
                stats.unresolved_countries[iso] += 1
            elif tag != "birthdate":
                countries.append(resolved)
    birth_dates = [d for b in _children(elem, "birthdate") for d in _birth_date(b)]
    programmes = [clean(r.get("programme")) for r in _children(elem, "regulation")]
    remarks = " ".join(clean(r.text) for r in _children(elem, "remark") if r.text)
    extra = [
        ("eu_reference_number", clean(elem.get("euReferenceNumber"))),
        ("un_reference_number", clean(elem.get("unitedNationId"))),
        *(("function", clean(a.get("function"))) for a in _children(elem, "nameAlias")),
    ]
    return ListEntry(
        list_id=list_id,
        entry_id=logical_id,
        kind=kind,
        names=names.result(),
        countries=unique(countries),
        birth_dates=unique(birth_dates),
        programs=unique(programmes),
        remarks=remarks,
        extra=tuple(dict.fromkeys((k, v) for k, v in extra if v)),
    )


def parse_eu_xml(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    for path in paths:
        for record in iter_records(path, roots={"export"}, records={"sanctionEntity"}):
            if not record.element.tag.startswith("{" + NAMESPACE + "}"):
                raise record.error(path, f"sanctionEntity outside the FSF namespace {NAMESPACE}")
            yield _entry(path, record, list_id or LIST_ID, stats)


FORMAT = ListFormat("eu-xml", LIST_ID, "EU Financial Sanctions Files export (XML)", parse_eu_xml)
