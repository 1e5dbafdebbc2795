"""Stream the objects of one top-level JSON array without loading the document.

The standard library has no streaming JSON parser, and list downloads (the CSL JSON is tens
of MB) should not be held whole. This reads the file in chunks and uses
``json.JSONDecoder.raw_decode`` on one array element at a time: the buffer only ever holds
the current element plus one chunk. Accepted shapes: ``{"…": …, "<key>": [ {…}, … ], …}``
and a bare ``[ {…}, … ]``. Other top-level keys are decoded and discarded.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from waypost.screening.formats.base import ListFileError

CHUNK = 1 << 16
MAX_ELEMENT = 16 << 20  # a single list entry larger than this is not a list entry
_WS = " \t\r\n"


class _Reader:
    def __init__(self, path: Path, fh: Any) -> None:
        self.path = path
        self.fh = fh
        self.buf = ""
        self.pos = 0
        self.line = 1  # line number of buf[0]
        self.eof = False
        self._decoder = json.JSONDecoder()
        self._utf8 = codecs.getincrementaldecoder("utf-8")("strict")
        self._bytes_line = 1

    def _more(self) -> bool:
        if self.eof:
            return False
        raw = self.fh.read(CHUNK)
        final = not raw
        try:
            text = self._utf8.decode(raw, final)
        except UnicodeDecodeError as exc:
            line = self._bytes_line + raw.count(b"\n", 0, max(exc.start, 0))
            raise ListFileError(self.path, "invalid UTF-8", line=line) from None
        self._bytes_line += raw.count(b"\n")
        if final:
            self.eof = True
        if self.line == 1 and not self.buf and self.pos == 0:
            text = text.removeprefix("\ufeff")
        self.line += self.buf.count("\n", 0, self.pos)
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return bool(text) or not final

    def where(self) -> int:
        return self.line + self.buf.count("\n", 0, self.pos)

    def error(self, reason: str) -> ListFileError:
        return ListFileError(self.path, f"invalid JSON: {reason}", line=self.where())

    def peek(self) -> str:
        """Next non-whitespace character, or "" at end of file."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            found = self.peek() or "end of file"
            raise self.error(f"expected {char!r}, found {found!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                obj, end = self._decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Maybe the value is just cut by the chunk boundary: read more and retry.
                if len(self.buf) - self.pos > MAX_ELEMENT:
                    raise self.error("element too large") from None
                if self._more():
                    continue
                raise ListFileError(
                    self.path, f"invalid JSON: {exc.msg}", line=self.line + self.buf.count("\n", 0, exc.pos)
                ) from None
            if end == len(self.buf) and not self.eof and self._more():
                continue  # a number or literal may go on in the next chunk
            self.pos = end
            return obj


def iter_json_results(path: Path, *, key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Yield ``(line, object)`` for each element of the ``key`` array (or a bare array)."""
    with path.open("rb") as fh:
        reader = _Reader(path, fh)
        first = reader.peek()
        if first == "":
            raise ListFileError(path, "file is empty", line=1)
        if first == "{":
            reader.expect("{")
            found = False
            while reader.peek() != "}":
                name = reader.value()
                if not isinstance(name, str):
                    raise reader.error("object key expected")
                reader.expect(":")
                if name == key:
                    found = True
                    yield from _array(reader)
                else:
                    reader.value()
                if reader.peek() == ",":
                    reader.expect(",")
                elif reader.peek() != "}":
                    raise reader.error("expected ',' or '}'")
            reader.expect("}")
            if not found:
                raise ListFileError(path, f"no {key!r} array in the JSON document", line=1)
        elif first == "[":
            yield from _array(reader)
        else:
            raise reader.error(f"expected a JSON object or array, found {first!r}")
        if reader.peek() != "":
            raise reader.error("data after the end of the JSON document")


def _array(reader: _Reader) -> Iterator[tuple[int, Mapping[str, Any]]]:
    reader.expect("[")
    if reader.peek() == "]":
        reader.expect("]")
        return
    while True:
        reader.peek()
        line = reader.where()
        item = reader.value()
        if not isinstance(item, dict):
            raise ListFileError(reader.path, "array element is not an object", line=line)
        yield line, item
        if reader.peek() == ",":
            reader.expect(",")
            continue
        reader.expect("]")
        return
