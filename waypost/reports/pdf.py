"""The monthly compliance report as an A4 PDF, in the reader's language.

It renders two reports of :mod:`waypost.reports.selectors` for one period — compliance per
organisation and unit, and trips by destination — with reportlab's platypus. All text uses the
built-in CID font ``STSong-Light`` (Latin, German umlauts and Chinese; no font file needed). The
output is invariant (no creation date or random id), so the same figures give the same bytes.
"""

from __future__ import annotations

import functools
import io
from collections import defaultdict
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .filters import ReportFilters
from .selectors import compliance, trips_by_destination

FONT = "STSong-Light"
MARGIN = 16 * mm
WIDTH = A4[0] - 2 * MARGIN
GREY = colors.HexColor("#e9ecef")
LINE = colors.HexColor("#adb5bd")
MUTED = colors.HexColor("#6c757d")


@functools.cache
def _font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    body = ParagraphStyle("report-body", fontName=font, fontSize=9, leading=12.5, spaceAfter=3)
    return {
        "title": ParagraphStyle("report-title", parent=body, fontSize=18, leading=23, spaceAfter=4),
        "subtitle": ParagraphStyle("report-subtitle", parent=body, fontSize=11, leading=15, textColor=MUTED),
        "h2": ParagraphStyle("report-h2", parent=body, fontSize=13, leading=17, spaceBefore=12, spaceAfter=5),
        "body": body,
        "cell": ParagraphStyle(
            "report-cell", parent=body, fontSize=8, leading=10.5, spaceAfter=0, wordWrap="CJK"
        ),
        "head": ParagraphStyle(
            "report-head",
            parent=body,
            fontSize=8,
            leading=10.5,
            spaceAfter=0,
            textColor=MUTED,
            wordWrap="CJK",
        ),
    }


def _para(text: Any, style: str = "body") -> Paragraph:
    return Paragraph(escape("" if text is None else str(text)) or "&nbsp;", _styles()[style])


def _fraction(part: int, whole: int, rate: float | None) -> str:
    if not whole:
        return "—"
    return f"{part}/{whole} ({rate:.0f} %)" if rate is not None else f"{part}/{whole}"


def _table(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
    data = [[_para(cell, "head") for cell in header]] + [
        [_para(cell, "cell") for cell in row] for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), GREY),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _compliance_story(actor: Any, filters: ReportFilters) -> list[Flowable]:
    report = compliance(actor=actor, filters=filters)
    header = [
        _("Organisation or unit"),
        _("Declared on time"),
        _("Briefings acknowledged before departure"),
        _("Debriefs on time"),
        _("Check-ins kept"),
    ]
    rows = []
    for row in report.rows:
        values = dict(zip(report.columns, row, strict=True))
        name = values["organisation"] if values["level"] == "organisation" else "    " + str(values["unit"])
        rows.append(
            [
                name,
                _fraction(values["declared_on_time"], values["declared"], values["declared_on_time_pct"]),
                _fraction(
                    values["briefings_acknowledged"],
                    values["briefings_required"],
                    values["briefings_acknowledged_pct"],
                ),
                _fraction(values["debriefs_on_time"], values["debriefs_due"], values["debriefs_on_time_pct"]),
                _fraction(values["checkins_kept"], values["checkins_due"], values["checkins_kept_pct"]),
            ]
        )
    story: list[Flowable] = [_para(_("Compliance per organisation and unit"), "h2")]
    if not rows:
        story.append(_para(_("No trips departed in this period.")))
        return story
    first = WIDTH * 0.32
    rest = (WIDTH - first) / 4
    story.append(_table(header, rows, [first, rest, rest, rest, rest]))
    return story


def _destinations_story(actor: Any, filters: ReportFilters) -> list[Flowable]:
    report = trips_by_destination(actor=actor, filters=filters)
    totals: dict[str, int] = defaultdict(int)
    names: dict[str, str] = {}
    for _month, code, name, trips in report.rows:
        totals[code] += trips
        names[code] = name
    story: list[Flowable] = [_para(_("Trips by destination"), "h2")]
    if not totals:
        story.append(_para(_("No trips departed in this period.")))
        return story
    rows = [
        [names[code], code or "—", str(count)] for code, count in sorted(totals.items(), key=lambda i: -i[1])
    ]
    story.append(
        _table([_("Country"), _("Country code"), _("Trips")], rows, [WIDTH * 0.6, WIDTH * 0.2, WIDTH * 0.2])
    )
    return story


def compliance_pdf(*, actor: Any, filters: ReportFilters, scope_name: str, language: str) -> bytes:
    """The compliance report for ``filters``' period as PDF bytes, labels in ``language``."""
    with translation.override(language):
        _font()
        start, end = filters.date_from, filters.date_to
        title = _("Monthly compliance report")
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=f"{title} · {scope_name}",
            creator="Waypost",
            invariant=True,
        )
        story: list[Flowable] = [
            _para(title, "title"),
            _para(scope_name, "subtitle"),
            _para(_("Trips departing from %(start)s to %(end)s") % {"start": start, "end": end}, "subtitle"),
            Spacer(1, 4 * mm),
            *_compliance_story(actor, filters),
            *_destinations_story(actor, filters),
            Spacer(1, 4 * mm),
            _para(
                _(
                    "Declared on time: the current assessment was not late. Briefings: trips that "
                    "required a briefing and started with it acknowledged. Debriefs: due debriefs "
                    "submitted on time. Check-ins: check-ins due that were kept on time."
                )
            ),
        ]
        document.build(story)
        return buffer.getvalue()
