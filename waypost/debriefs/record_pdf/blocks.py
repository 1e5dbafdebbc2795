"""Building blocks of the record PDF: fonts, styles, paragraphs, tables and values in words."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from waypost.policy import describe

#: Latin text: a standard PDF font (every reader has it), Windows-1252 characters (umlauts, ß, «»…).
LATIN = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
#: Everything else: the built-in CID font (Chinese, Cyrillic, Greek, pinyin), no font file needed.
FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN
GREY = colors.HexColor("#e9ecef")
LINE = colors.HexColor("#adb5bd")
MUTED = colors.HexColor("#6c757d")
HEADING = colors.HexColor("#0a3a6b")
FOOTER_SIZE = 7.5
#: Chinese, Japanese and Korean characters (and their punctuation): such lines wrap anywhere.
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


@functools.cache
def register_font() -> str:
    """Register the CID font once per process."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def is_latin(char: str) -> bool:
    """Whether the standard Latin font has ``char`` (its encoding is Windows-1252)."""
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def runs(text: str) -> Iterator[tuple[bool, str]]:
    """``text`` cut into runs of characters the Latin font has (True) and those it has not."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or is_latin(text[index]) != is_latin(text[start]):
            yield is_latin(text[start]), text[start:index]
            start = index


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    register_font()
    body = ParagraphStyle("body", fontName=LATIN, fontSize=9, leading=12.5, spaceAfter=3)
    heading = ParagraphStyle("heading", parent=body, fontName=LATIN_BOLD, textColor=HEADING)
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName=LATIN_BOLD, fontSize=18, leading=23, spaceAfter=4
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12, leading=16, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=heading, fontSize=13, leading=17, spaceBefore=12, spaceAfter=5),
        "h3": ParagraphStyle("h3", parent=heading, fontSize=10, leading=14, spaceBefore=7, spaceAfter=3),
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10.5, spaceAfter=0),
        "head": ParagraphStyle("head", parent=body, fontSize=8, leading=10.5, spaceAfter=0, textColor=MUTED),
    }


@functools.cache
def _cjk(name: str) -> ParagraphStyle:
    """The style ``name`` wrapping between any two characters (for Chinese, Japanese, Korean)."""
    return ParagraphStyle(f"{name}-cjk", parent=_styles()[name], wordWrap="CJK")


def _markup(line: str) -> str:
    """One line of plain text as paragraph markup: escaped, non-Latin runs in the CID font."""
    return "".join(
        escape(run) if latin else f'<font face="{FONT}">{escape(run)}</font>' for latin, run in runs(line)
    )


def para(text: Any, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept), wrapping Chinese between characters."""
    value = "" if text is None else str(text)
    markup = "<br/>".join(_markup(line) for line in value.splitlines())
    return Paragraph(markup, _cjk(style) if _CJK.search(value) else _styles()[style])


# --- Values in words -------------------------------------------------------------------------


def choice_label(choices: type[models.TextChoices], value: Any) -> str:
    if value in (None, ""):
        return "—"
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _moment(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def time_text(value: Any) -> str:
    """A stored time as ``2026-03-02 14:30`` in the site's time zone; ``—`` when there is none."""
    moment = _moment(value)
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def day_text(value: Any) -> str:
    return str(value) if value else "—"


def long_time_text(value: Any) -> str:
    """A time in the reader's language, as the generated-at line shows it."""
    moment = _moment(value)
    return formats.date_format(moment, "DATETIME_FORMAT") if moment else "—"


def person_name(person: Any) -> str:
    return str(person.get("name") or "—") if isinstance(person, Mapping) else "—"


def yes_or_no(value: Any) -> str:
    return _("Yes") if value else _("No")


def place(city: Any, country: Any) -> str:
    return ", ".join(part for part in (str(city or ""), describe.country(str(country or ""))) if part) or "—"


def value_text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return yes_or_no(value)
    return str(value)


def flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key in value:
            yield from flatten(value[key], f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from flatten(item, f"{prefix}[{index}]")
    else:
        yield prefix, value


# --- Building blocks -------------------------------------------------------------------------


def table(
    header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float], *, zebra: bool = True
) -> Table:
    """A table of wrapped cells whose columns take ``widths`` (fractions of the page width)."""
    data: list[list[Any]] = [[para(label, "head") for label in header]]
    data += [[cell if isinstance(cell, Flowable) else para(cell, "cell") for cell in row] for row in rows]
    grid = Table(data, colWidths=[WIDTH * share for share in widths], repeatRows=1, splitInRow=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, LINE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GREY),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if zebra:
        style += [
            ("BACKGROUND", (0, row), (-1, row), colors.HexColor("#f8f9fa")) for row in range(2, len(data), 2)
        ]
    grid.setStyle(TableStyle(style))
    return grid


def pairs(rows: Iterable[tuple[str, Any]]) -> Table:
    """Label and value, one pair a row."""
    data = [[para(label, "head"), para(value_text(value), "cell")] for label, value in rows]
    table = Table(data, colWidths=[WIDTH * 0.28, WIDTH * 0.72], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def nothing() -> Paragraph:
    return para(_("None recorded."), "muted")


def h2(text: str) -> Paragraph:
    return para(text, "h2")


def h3(text: str) -> Paragraph:
    return para(text, "h3")
