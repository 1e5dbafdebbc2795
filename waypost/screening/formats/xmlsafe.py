"""Safe, streaming XML reading for list files (UN, EU).

Why this shape:

* **Safe.** Parsing goes through defusedxml's parser with ``forbid_dtd=True`` (and entity
  and external-reference declarations forbidden), so a "billion laughs" file or an XXE
  payload stops at the DOCTYPE instead of expanding. The official UN and EU files carry
  no DTD, so refusing any DTD costs nothing.
* **Streaming.** ``iterparse`` yields each record element (``INDIVIDUAL``, ``sanctionEntity``
  …) when it ends; after the caller has read it we clear it *and* detach it from its
  parent, so memory stays flat however large the file is.
* **Located errors.** iterparse reports events a 16 KB chunk at a time, so the parser's
  current line is not the line of an element. A tree builder that notes the expat line
  when each record *starts* gives every record its real line for error messages.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from waypost.screening.formats.base import ListFileError


def local(tag: str) -> str:
    """Tag without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


@dataclass(frozen=True)
class XmlRecord:
    """One record element, ready to read; it is cleared once the consumer moves on."""

    element: ET.Element
    path: str
    line: int | None
    root_attrib: dict[str, str]

    def error(self, file: Path, reason: str) -> ListFileError:
        return ListFileError(file, reason, line=self.line, element=self.path)


class _LineTrackingBuilder(ET.TreeBuilder):
    """Tree builder that remembers the source line on which each record element starts."""

    def __init__(self, record_tags: Collection[str]) -> None:
        super().__init__()
        self.record_tags = record_tags
        self.expat: Any = None
        self.lines: dict[int, int] = {}
        self.root_line: int | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        elem = super().start(tag, attrs)
        if self.expat is not None:
            if self.root_line is None:
                self.root_line = int(self.expat.CurrentLineNumber)
            if local(tag) in self.record_tags:
                self.lines[id(elem)] = self.expat.CurrentLineNumber
        return elem


def iter_records(path: Path, *, roots: Collection[str], records: Collection[str]) -> Iterator[XmlRecord]:
    """Yield every element whose local name is in ``records``, under a root in ``roots``."""
    if path.stat().st_size == 0:
        raise ListFileError(path, "file is empty", line=1)
    builder = _LineTrackingBuilder(records)
    parser = DET.DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    builder.expat = getattr(parser, "parser", None) or getattr(parser, "_parser", None)

    def position() -> int | None:
        return int(builder.expat.CurrentLineNumber) if builder.expat is not None else None

    stack: list[ET.Element] = []
    names: list[str] = []
    root_attrib: dict[str, str] = {}
    seen_root = False
    counters: dict[str, int] = {}
    with path.open("rb") as fh:
        events = DET.iterparse(fh, events=("start", "end"), parser=parser)
        while True:
            try:
                event, elem = next(events)
            except StopIteration:
                break
            except ET.ParseError as exc:
                line, column = exc.position
                raise ListFileError(path, f"XML syntax error: {exc}", line=line, column=column + 1) from None
            except DefusedXmlException as exc:
                raise ListFileError(
                    path,
                    f"forbidden XML construct ({type(exc).__name__}): DTDs and entities are refused",
                    line=position(),
                ) from None
            name = local(elem.tag)
            if event == "start":
                if not stack:
                    if name not in roots:
                        raise ListFileError(
                            path,
                            f"unexpected root element <{name}>; expected one of {sorted(roots)}",
                            line=builder.root_line,
                            element=name,
                        )
                    seen_root = True
                    root_attrib = dict(elem.attrib)
                stack.append(elem)
                names.append(name)
                continue
            # "end"
            stack.pop()
            if name in records and len(stack) >= 1:
                counters[name] = counters.get(name, 0) + 1
                element_path = "/" + "/".join(names) + f"[{counters[name]}]"
                yield XmlRecord(elem, element_path, builder.lines.pop(id(elem), None), root_attrib)
                elem.clear()
                stack[-1].remove(elem)
            names.pop()
    if not seen_root:
        raise ListFileError(path, "no XML root element", line=1)
