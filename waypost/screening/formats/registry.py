"""The format registry and the entry points the importer and ``waypost lists import`` call.

To add a format: write a module with a generator
``parse_x(paths, list_id, stats) -> Iterator[ListEntry]`` that raises
:class:`ListFileError` on anything it cannot read, expose ``FORMAT = ListFormat(...)``,
add it to :data:`FORMATS` below, and add a fixture and a row in the test tables.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from waypost.screening.engine.types import ListEntry
from waypost.screening.formats import cn_csv, csl, custom_csv, eu_csv, eu_xml, ofac, uk, un_xml, us_other
from waypost.screening.formats.base import ListFileError, ListFormat, ParseStats

FORMATS: dict[str, ListFormat] = {
    f.name: f
    for f in (
        ofac.FORMAT,
        csl.FORMAT,
        un_xml.FORMAT,
        eu_xml.FORMAT,
        eu_csv.FORMAT,
        uk.OFSI_FORMAT,
        uk.COVYR_FORMAT,
        cn_csv.FORMAT,
        custom_csv.FORMAT,
        us_other.DOD_FORMAT,
        us_other.DPL_FORMAT,
    )
}

_ISO2 = re.compile(r"^[A-Z]{2}$")


def _checked(stream: Iterator[ListEntry], paths: Sequence[Path]) -> Iterator[ListEntry]:
    """Enforce what every consumer relies on, whatever the parser: unique ids, a name, ISO2 codes."""
    seen: set[str] = set()
    for entry in stream:
        if entry.entry_id in seen:
            raise ListFileError(paths[0], f"duplicate entry id {entry.entry_id!r}")
        seen.add(entry.entry_id)
        if not entry.names:
            raise ListFileError(paths[0], f"entry {entry.entry_id!r} has no name")
        bad = [c for c in entry.countries if not _ISO2.match(c)]
        if bad:
            raise ListFileError(paths[0], f"entry {entry.entry_id!r}: invalid country codes {bad}")
        yield entry


def parse(
    format_name: str,
    paths: Sequence[Path | str],
    *,
    list_id: str | None = None,
    stats: ParseStats | None = None,
) -> Iterator[ListEntry]:
    """Stream the entries of a list published as ``paths`` in format ``format_name``.

    Raises :class:`ListFileError` (possibly after yielding some entries — collect the whole
    stream before writing). Pass ``stats`` to learn what was skipped or left unresolved.
    """
    try:
        fmt = FORMATS[format_name]
    except KeyError:
        raise ValueError(
            f"unknown list format {format_name!r}; known: {', '.join(sorted(FORMATS))}"
        ) from None
    files = [Path(p) for p in paths]
    if not files:
        raise ValueError("no files given")
    for path in files:
        if not path.is_file():
            raise ListFileError(path, "file not found")
    try:
        yield from _checked(fmt.parser(files, list_id, stats if stats is not None else ParseStats()), files)
    except OSError as exc:
        raise ListFileError(Path(exc.filename or files[0]), f"cannot read: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- provenance


@dataclass(frozen=True)
class Provenance:
    """What was imported: a checksum over the files, their size, and the date they state.

    ``sha256`` hashes the files' bytes concatenated in path order, so it does not depend on
    the order the caller listed them in (and equals the file's own SHA-256 for one file).
    ``file_date`` is the date printed *in* the file (UN ``dateGenerated``, EU
    ``generationDate``, OFSI's first line), or None when the format states none.
    """

    sha256: str
    size: int
    file_date: date | None
    files: tuple[tuple[str, str, int], ...]  # (name, sha256, size)


_DATE_PATTERNS = (
    re.compile(r'dateGenerated="(\d{4}-\d{2}-\d{2})'),
    re.compile(r'generationDate="(\d{4}-\d{2}-\d{2})'),
    re.compile(r'^\ufeff?"?Last Updated"?\s*,\s*"?(\d{1,2}/\d{1,2}/\d{4})', re.IGNORECASE),
)


def _stated_date(head: str) -> date | None:
    for pattern in _DATE_PATTERNS:
        m = pattern.search(head)
        if m:
            value = m.group(1)
            try:
                if "/" in value:
                    return datetime.strptime(value, "%d/%m/%Y").date()
                return date.fromisoformat(value)
            except ValueError:
                return None
    return None


def file_provenance(paths: Sequence[Path | str]) -> Provenance:
    files = sorted(Path(p) for p in paths)
    total = hashlib.sha256()
    rows: list[tuple[str, str, int]] = []
    stated: date | None = None
    for path in files:
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as fh:
            head = fh.read(65536)
            chunk = head
            while chunk:
                digest.update(chunk)
                total.update(chunk)
                size += len(chunk)
                chunk = fh.read(1 << 20)
        stated = stated or _stated_date(head.decode("utf-8", errors="replace"))
        rows.append((path.name, digest.hexdigest(), size))
    return Provenance(total.hexdigest(), sum(r[2] for r in rows), stated, tuple(rows))


# --------------------------------------------------------------------------- validation


@dataclass
class ValidationReport:
    """Result of a dry run: counts when the files parse, else the first error."""

    format_name: str
    list_id: str | None
    provenance: Provenance | None = None
    entries: int = 0
    names: int = 0
    names_by_kind: Counter[str] = field(default_factory=Counter)
    entries_by_kind: Counter[str] = field(default_factory=Counter)
    stats: ParseStats = field(default_factory=ParseStats)
    error: ListFileError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def summary(self) -> str:
        if self.error is not None:
            return f"{self.format_name}: FAILED after {self.entries} entries: {self.error}"
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.entries_by_kind.items()))
        skipped = sum(self.stats.skipped.values())
        return (
            f"{self.format_name} ({self.list_id}): {self.entries} entries ({kinds}), {self.names} names, "
            f"{skipped} rows skipped"
        )


def validate(
    format_name: str, paths: Sequence[Path | str], *, list_id: str | None = None
) -> ValidationReport:
    """Parse everything and count; never raises for a bad file (the error is in the report)."""
    report = ValidationReport(format_name, list_id)
    list_ids: set[str] = set()
    try:
        report.provenance = file_provenance(paths)
        for entry in parse(format_name, paths, list_id=list_id, stats=report.stats):
            list_ids.add(entry.list_id)
            report.entries += 1
            report.entries_by_kind[entry.kind.value] += 1
            report.names += len(entry.names)
            for name in entry.names:
                report.names_by_kind[name.kind.value] += 1
    except ListFileError as exc:
        report.error = exc
    except OSError as exc:
        report.error = ListFileError(Path(exc.filename or "."), f"cannot read: {exc.strerror or exc}")
    if report.list_id is None and len(list_ids) == 1:
        report.list_id = list_ids.pop()
    return report
