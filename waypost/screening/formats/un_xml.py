"""UN Security Council Consolidated List, XML (``sc-sanctions.xsd``) — format ``un-xml``.

Layout: ``CONSOLIDATED_LIST`` (attribute ``dateGenerated``) → ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY``. Per record:

* ``DATAID`` is the entry id (required); ``REFERENCE_NUMBER`` (``CDi.001``) goes to extra.
* ``FIRST_NAME`` … ``FOURTH_NAME`` joined with spaces form the primary name (UN prints
  names in natural order, so no reordering); ``NAME_ORIGINAL_SCRIPT`` → ORIGINAL_SCRIPT.
* ``*_ALIAS/ALIAS_NAME`` by ``QUALITY``: ``Good`` and ``a.k.a.`` → ALIAS, ``Low`` →
  WEAK_ALIAS, ``f.k.a.`` → FORMER; a blank quality is treated as ALIAS (the UN leaves it
  blank on many entity aliases, and under-weighting a real alias is the riskier error).
* ``NATIONALITY/VALUE`` and address ``COUNTRY`` → ISO2 countries, nationality first.
* ``INDIVIDUAL_DATE_OF_BIRTH``: ``DATE``, ``YEAR``, ``FROM_YEAR``–``TO_YEAR`` and dates in ``NOTE``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path

from waypost.screening.engine.types import EntityKind, ListEntry, NameKind
from waypost.screening.formats.base import ListFormat, NameCollector, ParseStats, clean, unique
from waypost.screening.formats.countries import extract_countries
from waypost.screening.formats.dates import parse_dates
from waypost.screening.formats.xmlsafe import XmlRecord, iter_records

LIST_ID = "un"

_QUALITY = {
    "good": NameKind.ALIAS,
    "a.k.a.": NameKind.ALIAS,
    "": NameKind.ALIAS,
    "low": NameKind.WEAK_ALIAS,
    "f.k.a.": NameKind.FORMER,
}


def _text(elem: ET.Element, tag: str) -> str:
    return clean(elem.findtext(tag))


def _countries(values: list[str], stats: ParseStats) -> list[str]:
    out: list[str] = []
    for value in values:
        if not value or value.casefold() in {"na", "n/a"}:
            continue
        codes = extract_countries(value)
        if not codes:
            stats.unresolved_countries[value] += 1
        out.extend(codes)
    return out


def _birth_dates(elem: ET.Element, stats: ParseStats) -> list[str]:
    dates: list[str] = []
    for dob in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        found: list[str] = []
        for tag in ("DATE", "YEAR"):
            found.extend(parse_dates(_text(dob, tag)))
        start, end = _text(dob, "FROM_YEAR"), _text(dob, "TO_YEAR")
        if start and end:
            found.extend(parse_dates(f"{start} to {end}"))
        elif start or end:
            found.extend(parse_dates(start or end))
        note = _text(dob, "NOTE")
        if not found and note:
            found.extend(parse_dates(note))
            if not found:
                stats.unparsed_dates[note] += 1
        dates.extend(found)
    return dates


def _entry(path: Path, record: XmlRecord, list_id: str, stats: ParseStats) -> ListEntry:
    elem = record.element
    is_person = elem.tag == "INDIVIDUAL"
    prefix = "INDIVIDUAL" if is_person else "ENTITY"
    data_id = _text(elem, "DATAID")
    if not data_id:
        raise record.error(path, "record has no DATAID")
    names = NameCollector()
    names.add(
        " ".join(_text(elem, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")),
        NameKind.PRIMARY,
    )
    if not names:
        raise record.error(path, f"record {data_id} has no name")
    for original in elem.findall("NAME_ORIGINAL_SCRIPT"):
        names.add(original.text, NameKind.ORIGINAL_SCRIPT)
    for alias in elem.findall(f"{prefix}_ALIAS"):
        quality = _text(alias, "QUALITY").casefold()
        kind = _QUALITY.get(quality)
        if kind is None:
            raise record.error(path, f"record {data_id}: unknown alias QUALITY {quality!r}")
        names.add(alias.findtext("ALIAS_NAME"), kind)
    nationalities = [clean(v.text) for v in elem.findall("NATIONALITY/VALUE")]
    addresses = [_text(a, "COUNTRY") for a in elem.findall(f"{prefix}_ADDRESS")]
    extra = [
        ("reference_number", _text(elem, "REFERENCE_NUMBER")),
        ("listed_on", _text(elem, "LISTED_ON")),
        ("gender", _text(elem, "GENDER")),
        *(("title", clean(v.text)) for v in elem.findall("TITLE/VALUE")),
        *(("designation", clean(v.text)) for v in elem.findall("DESIGNATION/VALUE")),
        *(("nationality", n) for n in nationalities if n),
    ]
    return ListEntry(
        list_id=list_id,
        entry_id=data_id,
        kind=EntityKind.PERSON if is_person else EntityKind.ORGANISATION,
        names=names.result(),
        countries=unique(_countries(nationalities + addresses, stats)),
        birth_dates=unique(_birth_dates(elem, stats)) if is_person else (),
        programs=unique([_text(elem, "UN_LIST_TYPE")]),
        remarks=_text(elem, "COMMENTS1"),
        extra=tuple((k, v) for k, v in extra if v),
    )


def parse_un_xml(paths: Sequence[Path], list_id: str | None, stats: ParseStats) -> Iterator[ListEntry]:
    for path in paths:
        for record in iter_records(path, roots={"CONSOLIDATED_LIST"}, records={"INDIVIDUAL", "ENTITY"}):
            yield _entry(path, record, list_id or LIST_ID, stats)


FORMAT = ListFormat("un-xml", LIST_ID, "UN Security Council consolidated list (XML)", parse_un_xml)
