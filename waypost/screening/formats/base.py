"""Shared plumbing for the list parsers: errors, statistics, streaming CSV and name handling.

Every parser is a generator over :class:`~waypost.screening.engine.types.ListEntry`. The
importer collects the whole stream before it writes anything, so the one rule that
matters here is: *never skip silently*. A row we cannot read raises
:class:`ListFileError`; the few rows we skip on purpose (OFAC's trailing ``\\x1a``
record, blank lines) are counted in :class:`ParseStats` so ``--dry-run`` can show them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from waypost.screening.engine.types import EntryName, ListEntry, NameKind

# A physical line longer than this is not a list row; refusing it keeps memory bounded
# when someone feeds a binary file without newlines to a CSV parser.
MAX_LINE_BYTES = 4 * 1024 * 1024


class ListFileError(Exception):
    """A list file that cannot be imported, with enough context to find the problem.

    ``line`` is 1-based (the first physical line of the CSV record, or the line the XML
    parser stopped at); ``column`` is a 1-based character/byte column when known;
    ``field`` names the CSV column or JSON key; ``element`` is the XML element path.
    """

    def __init__(
        self,
        path: Path | str,
        reason: str,
        *,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        element: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        self.column = column
        self.field = field
        self.element = element
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        context = []
        if self.field:
            context.append(f"field {self.field!r}")
        if self.element:
            context.append(f"element {self.element}")
        suffix = f" ({', '.join(context)})" if context else ""
        return f"{where}: {self.reason}{suffix}"


@dataclass
class ParseStats:
    """Counters filled in while a parser runs; read them after the stream is exhausted."""

    skipped: Counter[str] = field(default_factory=Counter)
    unresolved_countries: Counter[str] = field(default_factory=Counter)
    unparsed_dates: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1


ParserFn = Callable[[Sequence[Path], str | None, ParseStats], Iterator[ListEntry]]


@dataclass(frozen=True)
class ListFormat:
    """A registered file format: its name, the list id it implies and its parser."""

    name: str
    default_list_id: str | None
    description: str
    parser: ParserFn


# --------------------------------------------------------------------------- text


def clean(text: str | None) -> str:
    """Trim and collapse internal whitespace (lists are full of double spaces and NBSPs)."""
    if not text:
        return ""
    return " ".join(text.split())


def is_non_latin(text: str) -> bool:
    """True when most letters are outside the Latin script (Cyrillic, Arabic, Han …).

    Used to file un-labelled aliases such as EU ``Путин`` as ORIGINAL_SCRIPT so the engine
    knows to transliterate them rather than compare them letter by letter.
    """
    latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF:
            latin += 1
        else:
            other += 1
    return other > latin


def split_multi(value: str, separators: str = ";") -> list[str]:
    """Split a multi-valued cell and drop empty parts."""
    if not value:
        return []
    parts = re.split("[" + re.escape(separators) + "]", value)
    return [p for p in (clean(x) for x in parts) if p]


_COMMA_NAME = re.compile(r"^([^,]+),\s*([^,]+)$")


def reorder_surname_first(text: str) -> str | None:
    """``"ABBAS, Abu"`` → ``"Abu ABBAS"``; None when the name is not in that shape.

    OFAC (and the OFAC rows of the CSL) print individuals surname-first with one comma.
    We keep the published form and add this reordering as a *derived* name, because
    contacts are entered given-name-first and order-sensitive scorers would otherwise
    under-score an exact match. Names with more than one comma are left alone.
    """
    m = _COMMA_NAME.match(text)
    if not m:
        return None
    surname, given = m.group(1).strip(), m.group(2).strip()
    if not surname or not given:
        return None
    return f"{given} {surname}"


_KIND_RANK = {
    NameKind.PRIMARY: 0,
    NameKind.ALIAS: 1,
    NameKind.ORIGINAL_SCRIPT: 2,
    NameKind.FORMER: 3,
    NameKind.WEAK_ALIAS: 4,
}


class NameCollector:
    """Collects an entry's names in publication order, de-duplicated case-insensitively.

    When the same spelling is published twice with different kinds, the stronger kind wins
    (a name that is both the primary name and a weak alias is a primary name).
    """

    def __init__(self) -> None:
        self._names: dict[str, EntryName] = {}

    def add(self, text: str | None, kind: NameKind, *, derived: bool = False) -> None:
        value = clean(text)
        if not value:
            return
        key = value.casefold()
        existing = self._names.get(key)
        if existing is None:
            self._names[key] = EntryName(value, kind, derived)
        elif _KIND_RANK[kind] < _KIND_RANK[existing.kind] or (existing.derived and not derived):
            best = kind if _KIND_RANK[kind] < _KIND_RANK[existing.kind] else existing.kind
            self._names[key] = EntryName(existing.text, best, existing.derived and derived)

    def add_person(self, text: str | None, kind: NameKind, *, reorder: bool) -> None:
        """Add a name and, for surname-first individuals, its given-name-first variant."""
        self.add(text, kind)
        if reorder and text:
            variant = reorder_surname_first(clean(text))
            if variant:
                self.add(variant, kind, derived=True)

    def __bool__(self) -> bool:
        return bool(self._names)

    def result(self) -> tuple[EntryName, ...]:
        return tuple(self._names.values())


def unique(values: Sequence[str] | Iterator[str]) -> tuple[str, ...]:
    """Order-preserving de-duplication of non-empty strings."""
    return tuple(dict.fromkeys(v for v in values if v))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- streaming CSV


def iter_utf8_lines(path: Path) -> Iterator[str]:
    """Yield decoded physical lines, failing on the exact line with invalid UTF-8.

    Decoding line by line (UTF-8 never puts a ``\\n`` byte inside a multi-byte sequence) lets
    the error name the line, which a decoding text stream reading ahead in 8 KB chunks cannot.
    """
    with path.open("rb") as fh:
        lineno = 0
        while True:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                break
            lineno += 1
            if len(raw) > MAX_LINE_BYTES:
                raise ListFileError(path, "line too long: not a list file", line=lineno)
            if b"\x00" in raw:
                column = raw.index(b"\x00") + 1
                raise ListFileError(
                    path, "NUL byte: binary data, not a text list", line=lineno, column=column
                )
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ListFileError(
                    path,
                    f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})",
                    line=lineno,
                    column=exc.start + 1,
                ) from None
            if lineno == 1:
                text = text.removeprefix("\ufeff")
            yield text
        if lineno == 0:
            raise ListFileError(path, "file is empty", line=1)


def iter_csv(
    path: Path,
    *,
    delimiter: str = ",",
    lines: Iterator[str] | None = None,
    start_line: int = 0,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first_line_of_record, fields)`` for each CSV record of ``path``.

    ``lines`` lets a caller that has already consumed a preamble (OFSI's "Last Updated" line)
    pass the rest of the line stream; ``start_line`` is the number of lines consumed so far.
    """
    source = lines if lines is not None else iter_utf8_lines(path)
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    previous_end = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ListFileError(path, f"malformed CSV: {exc}", line=start_line + reader.line_num) from None
        first = start_line + previous_end + 1
        previous_end = reader.line_num
        yield first, row


class Header:
    """Column lookup for a header row, with strict checks against an expected layout."""

    def __init__(
        self,
        path: Path,
        row: list[str],
        line: int,
        *,
        required: Sequence[str],
        exact: Sequence[Sequence[str]] = (),
    ) -> None:
        self.path = path
        self.names = [clean(c).removeprefix("\ufeff") for c in row]
        self.index = {name: i for i, name in enumerate(self.names)}
        if exact and not any(list(layout) == self.names for layout in exact):
            raise ListFileError(path, "header does not match the documented layout", line=line)
        missing = [c for c in required if c not in self.index]
        if missing:
            raise ListFileError(
                path,
                f"header is missing column(s) {', '.join(missing)}: wrong format or delimiter?",
                line=line,
            )

    def record(self, row: list[str], line: int) -> dict[str, str]:
        if len(row) != len(self.names):
            raise ListFileError(self.path, f"expected {len(self.names)} fields, found {len(row)}", line=line)
        return dict(zip(self.names, row, strict=True))


def require(path: Path, record: dict[str, str], column: str, line: int, what: str) -> str:
    """Return a required cell, raising when it is empty."""
    value = clean(record.get(column, ""))
    if not value:
        raise ListFileError(path, f"row has no {what}", line=line, field=column)
    return value


def data_rows(
    path: Path, rows: Iterator[tuple[int, list[str]]], stats: ParseStats
) -> Iterator[tuple[int, list[str]]]:
    """Drop blank records (counted) so parsers only see real rows."""
    for line, row in rows:
        if not row or all(not c.strip() for c in row):
            stats.skip("blank line")
            continue
        yield line, row
