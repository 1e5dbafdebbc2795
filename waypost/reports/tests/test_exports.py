"""CSV and XLSX exports, the compliance PDF, and the monthly e-mail with the PDF attached."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from openpyxl import load_workbook
from pypdf import PdfReader

from waypost.notifications.models import Channel, Notification
from waypost.reports import exports, selectors
from waypost.reports.filters import Oversight, ReportFilters
from waypost.reports.pdf import compliance_pdf
from waypost.reports.services import monthly_compliance_send, previous_month
from waypost.testing import Cast

from .conftest import World


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_csv_has_localised_header_and_every_row(cast: Cast, world: World) -> None:
    report = selectors.trips_by_destination(actor=cast.olu.user, filters=ReportFilters())
    text = "".join(exports.csv_chunks(report))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Month", "Country code", "Country", "Trips"]
    assert ["2026-02", "FR", "France", "2"] in rows
    assert len(rows) == 1 + len(report.rows)


def test_xlsx_opens_with_the_same_rows(cast: Cast, world: World) -> None:
    report = selectors.compliance(actor=cast.olu.user, filters=ReportFilters())
    with exports.xlsx_file(report) as handle:
        workbook = load_workbook(handle, read_only=True)
        values = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    assert values[0][:4] == ["Level", "Node", "Organisation", "Unit"]
    assert values[1][:5] == ["organisation", cast.org.pk, "Lumen AI Lab", None, 3]
    assert len(values) == 1 + len(report.rows)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Monthly compliance report"),
        ("de", "Lumen AI Lab"),
        ("zh-hans", "Lumen AI Lab"),
    ],
)
def test_compliance_pdf_names_the_organisation_and_figures(
    cast: Cast, world: World, language: str, expected: str
) -> None:
    filters = ReportFilters(node=cast.org, date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 2, 28))
    data = compliance_pdf(
        actor=Oversight(paths=(cast.org.path,), record_paths=()),
        filters=filters,
        scope_name=cast.org.name,
        language=language,
    )
    text = _pdf_text(data)
    assert expected in text
    assert "Foundation Models" in text
    assert "1/2" in text  # one of two February declarations on time
    assert "Mallory" not in text
    assert "Kinetic" not in text


def test_previous_month() -> None:
    assert previous_month(dt.date(2026, 3, 1)) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert previous_month(dt.date(2026, 1, 1)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))


def test_monthly_report_is_mailed_to_the_officers_once(cast: Cast, world: World, settings: Any) -> None:
    """Olu (security officer over Lumen) gets February's PDF; a second run sends nothing."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.olu.preferred_language = "de"
    cast.olu.save()
    # when
    sent = monthly_compliance_send(day=dt.date(2026, 3, 1))
    # then
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [cast.olu.email]
    assert "2026-02" in message.subject
    assert "Lumen AI Lab" in message.subject
    ((name, content, mimetype),) = message.attachments
    assert name == "waypost-compliance-lumen-2026-02.pdf"
    assert mimetype == "application/pdf"
    assert "Foundation Models" in _pdf_text(content)
    assert (
        Notification.objects.filter(
            recipient=cast.olu, channel=Channel.IN_APP, kind="report.monthly_compliance"
        ).count()
        == 1
    )
    # and again
    assert monthly_compliance_send(day=dt.date(2026, 3, 1)) == 0
    assert len(mail.outbox) == 1
