"""Parsing and validating a people CSV. Nothing here writes: it returns a plan or every error.

Columns (header names, any order; the first three are required):

``email, name_latin, unit, name_native, manager_email, role, sensitivity, sectors, language``

``unit`` is the identifier (slug) of a unit the importer manages; ``sectors`` are
separated by ``;``; ``role`` is a job role (executive, senior-researcher, researcher,
engineer, staff); ``sensitivity`` is 1–3. A row whose e-mail already exists updates
that person.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from .choices import SECTORS, JobRole

REQUIRED_COLUMNS = ("email", "name_latin", "unit")
OPTIONAL_COLUMNS = ("name_native", "manager_email", "role", "sensitivity", "sectors", "language")
MAX_ROWS = 50_000
MAX_FIELD_LENGTH = 200
LANGUAGES = {"", "en", "de", "zh-hans"}


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class PersonRow:
    row: int
    email: str
    name_latin: str
    unit: str
    name_native: str = ""
    manager_email: str = ""
    role: str = JobRole.STAFF
    sensitivity: int = 1
    sectors: list[str] = field(default_factory=list)
    language: str = ""


@dataclass
class ParsedFile:
    rows: list[PersonRow]
    errors: list[RowError]


def decode(data: bytes) -> tuple[str | None, RowError | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, RowError(line, "", _("The file is not UTF-8 text (byte %(pos)d).") % {"pos": exc.start})


def parse_people_csv(text: str) -> ParsedFile:
    """Check the shape and each field of every row; cross-row checks happen in the service."""
    errors: list[RowError] = []
    rows: list[PersonRow] = []
    if "\x00" in text:
        return ParsedFile([], [RowError(1, "", _("The file contains binary data; upload a CSV text file."))])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return ParsedFile([], [RowError(1, "", _("The file is empty."))])
    except csv.Error as exc:
        return ParsedFile([], [RowError(1, "", _("The header cannot be read: %(error)s") % {"error": exc})])
    columns = [name.strip().lower() for name in header]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    for name in columns:
        if name not in known:
            errors.append(
                RowError(
                    1,
                    name,
                    _("Unknown column. Expected: %(columns)s.")
                    % {"columns": ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)},
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            errors.append(RowError(1, name, _("This required column is missing.")))
    if len(set(columns)) != len(columns):
        errors.append(RowError(1, "", _("A column appears twice in the header.")))
    if errors:
        return ParsedFile([], errors)

    try:
        for values in reader:
            row_number = reader.line_num
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                errors.append(
                    RowError(row_number, "", _("Too many rows: at most %(max)d.") % {"max": MAX_ROWS})
                )
                break
            if len(values) != len(columns):
                errors.append(
                    RowError(
                        row_number,
                        "",
                        _("Expected %(expected)d fields, found %(found)d.")
                        % {"expected": len(columns), "found": len(values)},
                    )
                )
                continue
            record = {name: value.strip() for name, value in zip(columns, values, strict=True)}
            parsed = _parse_row(row_number, record, errors)
            if parsed is not None:
                rows.append(parsed)
    except csv.Error as exc:
        errors.append(
            RowError(reader.line_num, "", _("The CSV cannot be read here: %(error)s") % {"error": exc})
        )
    if not rows and not errors:
        errors.append(RowError(2, "", _("The file has a header but no people.")))
    return ParsedFile(rows, errors)


def _parse_row(row_number: int, record: dict[str, str], errors: list[RowError]) -> PersonRow | None:
    start = len(errors)

    def fail(column: str, reason: str) -> None:
        errors.append(RowError(row_number, column, reason))

    for column, value in record.items():
        if len(value) > MAX_FIELD_LENGTH:
            fail(column, _("Longer than %(max)d characters.") % {"max": MAX_FIELD_LENGTH})
    email = record.get("email", "").lower()
    if not email:
        fail("email", _("This field is required."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            fail("email", _("'%(value)s' is not a valid e-mail address.") % {"value": email})
    if not record.get("name_latin"):
        fail("name_latin", _("This field is required."))
    if not record.get("unit"):
        fail("unit", _("This field is required."))
    manager_email = record.get("manager_email", "").lower()
    if manager_email:
        try:
            validate_email(manager_email)
        except ValidationError:
            fail("manager_email", _("'%(value)s' is not a valid e-mail address.") % {"value": manager_email})
        if manager_email == email:
            fail("manager_email", _("A person cannot be their own manager."))
    role = record.get("role", "") or JobRole.STAFF
    if role not in JobRole.values:
        fail(
            "role",
            _("'%(value)s' is not a job role. Use one of: %(choices)s.")
            % {"value": role, "choices": ", ".join(JobRole.values)},
        )
    sensitivity_text = record.get("sensitivity", "") or "1"
    sensitivity = 1
    if sensitivity_text not in {"1", "2", "3"}:
        fail(
            "sensitivity",
            _("'%(value)s' is not a sensitivity level (1, 2 or 3).") % {"value": sensitivity_text},
        )
    else:
        sensitivity = int(sensitivity_text)
    sectors = [item.strip().lower() for item in record.get("sectors", "").split(";") if item.strip()]
    unknown = [sector for sector in sectors if sector not in SECTORS]
    if unknown:
        fail(
            "sectors",
            _("Unknown sector(s): %(values)s. Known: %(known)s.")
            % {"values": ", ".join(unknown), "known": ", ".join(sorted(SECTORS))},
        )
    language = record.get("language", "").lower()
    if language not in LANGUAGES:
        fail(
            "language", _("'%(value)s' is not a supported language (en, de, zh-hans).") % {"value": language}
        )
    if len(errors) > start:
        return None
    return PersonRow(
        row=row_number,
        email=email,
        name_latin=record["name_latin"],
        unit=record["unit"],
        name_native=record.get("name_native", ""),
        manager_email=manager_email,
        role=role,
        sensitivity=sensitivity,
        sectors=sectors,
        language=language,
    )
