"""The record PDF as a document: A4 pages, headings kept with their blocks, the footer."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from .blocks import (
    FONT,
    FOOTER_SIZE,
    GREY,
    LATIN,
    MARGIN,
    MUTED,
    PAGE_WIDTH,
    long_time_text,
    person_name,
    register_font,
    runs,
)
from .sections import SECTION_BUILDERS, itinerary, title_block


def _is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and flowable.style.name.split("-")[0] in ("h2", "h3")


def _keep_headings(story: list[Flowable]) -> list[Flowable]:
    """Each run of headings stays on the page of the block that follows it."""
    out: list[Flowable] = []
    pending: list[Flowable] = []
    for flowable in story:
        pending.append(flowable)
        if not _is_heading(flowable):
            out.append(KeepTogether(pending) if len(pending) > 1 else flowable)
            pending = []
    return out + pending


class _NumberedCanvas(canvas.Canvas):
    """Draws the footer once the page count is known: the generated-at line and "Page N of M"."""

    footer = ""
    page_label = "%(page)s / %(pages)s"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        self.saveState()
        self.setFillColor(MUTED)
        self.setStrokeColor(GREY)
        self.line(MARGIN, MARGIN - 4 * mm, PAGE_WIDTH - MARGIN, MARGIN - 4 * mm)
        self._mixed(MARGIN, MARGIN - 8 * mm, self.footer)
        label = self.page_label % {"page": self._pageNumber, "pages": total}
        self._mixed(PAGE_WIDTH - MARGIN - self._width(label), MARGIN - 8 * mm, label)
        self.restoreState()

    def _width(self, text: str, size: float = FOOTER_SIZE) -> float:
        return sum(pdfmetrics.stringWidth(run, LATIN if latin else FONT, size) for latin, run in runs(text))

    def _mixed(self, x: float, y: float, text: str, size: float = FOOTER_SIZE) -> None:
        """Draw ``text`` from ``x``, switching to the CID font for what the Latin font lacks."""
        for latin, run in runs(text):
            font = LATIN if latin else FONT
            self.setFont(font, size)
            self.drawString(x, y, run)
            x += pdfmetrics.stringWidth(run, font, size)


def record_pdf(record: Mapping[str, Any], *, language: str) -> bytes:
    """The record as an A4 PDF with labels in ``language`` (``en``, ``de``, ``zh-hans`` …)."""
    with translation.override(language):
        return _render(record)


def _render(record: Mapping[str, Any]) -> bytes:
    register_font()
    meta, trip = record.get("record", {}), record.get("trip", {})
    title = _("Trip record") + " — " + (trip.get("title") or str(trip.get("id", "")))
    footer = _("Trip record generated %(when)s by %(name)s") % {
        "when": long_time_text(meta.get("generated_at")),
        "name": person_name(meta.get("generated_by")),
    }
    canvas_class = type(
        "RecordCanvas",
        (_NumberedCanvas,),
        {"footer": footer, "page_label": _("Page %(page)s of %(pages)s")},
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=title,
        author=person_name(meta.get("generated_by")),
        creator=f"Waypost {meta.get('waypost_version', '')}".strip(),
        invariant=True,
    )
    story: list[Flowable] = [*title_block(record), *itinerary(record)]
    sections = meta["sections"] if "sections" in meta else list(SECTION_BUILDERS)
    for name, build in SECTION_BUILDERS.items():
        if name in sections:
            story += build(record)
    story.append(Spacer(1, 4 * mm))
    document.build(_keep_headings(story), canvasmaker=canvas_class)
    return buffer.getvalue()


__all__ = ["record_pdf"]
