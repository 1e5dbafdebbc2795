"""Reports as CSV and XLSX, streamed.

:func:`csv_chunks` yields the CSV text line by line (a UTF-8 byte-order mark first, so spreadsheet
programs read the umlauts and Chinese right), for a ``StreamingHttpResponse``. :func:`xlsx_file`
writes the workbook with openpyxl's write-only mode (rows go to disk as they are appended) into a
temporary file and returns it open, rewound; the caller streams it (``FileResponse``) and the file
disappears when closed. Neither holds more than a row in memory besides the report itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .selectors import Report

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class _Echo:
    """A file-like object whose ``write`` returns what it was given (the csv module's streaming idiom)."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return value


def csv_chunks(report: Report) -> Iterator[str]:
    """The report as CSV: a header of localised labels, then one line per row."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(report.labels)
    for row in report.rows:
        yield writer.writerow([_cell(value) for value in row])


def _spreadsheet_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def xlsx_file(report: Report, rows: Iterable[list[Any]] | None = None) -> IO[bytes]:
    """The report as an XLSX workbook in a temporary file, rewound (closing it deletes it)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=report.key[:31])
    header = []
    for label in report.labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in report.rows if rows is None else rows:
        sheet.append([_spreadsheet_value(value) for value in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - returned open; closing deletes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def filename(report: Report, extension: str) -> str:
    start, end = report.period or (None, None)
    span = f"-{start:%Y%m%d}-{end:%Y%m%d}" if start and end else ""
    return f"waypost-{report.key}{span}.{extension}"
