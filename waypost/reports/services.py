"""The monthly compliance report, e-mailed to the security officers of each organisation.

:func:`monthly_compliance_send` runs on the 1st of each month (see :mod:`waypost.reports.tasks`)
for the month before. For each organisation with at least one active security officer over it
(an assignment on the organisation or an authority above it):

1. the officers who already got this month's report are skipped: the in-app notification with
   the key ``report.compliance:<organisation id>:<YYYY-MM>`` marks a report as sent, so running
   the job twice sends nothing twice;
2. the PDF (:mod:`waypost.reports.pdf`) is rendered once per language among the recipients;
3. each officer gets an e-mail in their language (the kind ``report.monthly_compliance``) with
   the PDF attached, through Django's mail backend, then the in-app notification.

The figures are those of the organisation's subtree, whoever receives them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.core.mail import EmailMessage, get_connection
from django.urls import reverse

from waypost.core import clock
from waypost.notifications.delivery import absolute_url
from waypost.notifications.kinds import REPORT_MONTHLY_COMPLIANCE, render, supported_language
from waypost.notifications.models import Channel, Notification
from waypost.notifications.services import notify
from waypost.people.choices import AccessRole, NodeKind
from waypost.people.models import OrgNode, Person, RoleAssignment

from .filters import Oversight, ReportFilters
from .pdf import compliance_pdf

logger = logging.getLogger(__name__)


def previous_month(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month before ``day``'s."""
    end = day.replace(day=1) - dt.timedelta(days=1)
    return end.replace(day=1), end


def organisation_officers() -> dict[OrgNode, list[Person]]:
    """Each organisation with the active security officers over it (two queries)."""
    organisations = list(OrgNode.objects.filter(kind=NodeKind.ORGANISATION).order_by("path"))
    assignments = RoleAssignment.objects.filter(
        role=AccessRole.SECURITY_OFFICER, person__is_active=True
    ).select_related("person", "node")
    officers: dict[OrgNode, list[Person]] = defaultdict(list)
    for assignment in assignments:
        for organisation in organisations:
            if (
                organisation.path.startswith(assignment.node.path)
                and assignment.person not in officers[organisation]
            ):
                officers[organisation].append(assignment.person)
    return {organisation: officers[organisation] for organisation in organisations if officers[organisation]}


def monthly_compliance_send(*, day: dt.date | None = None) -> int:
    """E-mail last month's compliance report to the officers of each organisation; return e-mails sent."""
    start, end = previous_month(day or clock.today())
    month = start.strftime("%Y-%m")
    kind = REPORT_MONTHLY_COMPLIANCE.code
    connection = get_connection()
    sent = 0
    for organisation, officers in organisation_officers().items():
        key = f"report.compliance:{organisation.pk}:{month}"
        done = set(
            Notification.objects.filter(
                dedupe_key=key, channel=Channel.IN_APP, recipient__in=officers
            ).values_list("recipient_id", flat=True)
        )
        recipients = [officer for officer in officers if officer.pk not in done and officer.email]
        if not recipients:
            continue
        filters = ReportFilters(node=organisation, date_from=start, date_to=end)
        oversight = Oversight(paths=(organisation.path,), record_paths=())
        url = reverse("web:oversight-reports") + f"?organisation={organisation.pk}&from={start}&to={end}"
        params = {"organisation": organisation.name, "month": month}
        pdfs: dict[str, bytes] = {}
        for officer in recipients:
            language = supported_language(officer.preferred_language)
            if language not in pdfs:
                pdfs[language] = compliance_pdf(
                    actor=oversight, filters=filters, scope_name=organisation.name, language=language
                )
            rendered = render(kind, params, language=language)
            message = EmailMessage(
                subject=rendered.subject,
                body=f"{rendered.body}\n\n{absolute_url(url)}",
                to=[officer.email],
                connection=connection,
                headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
            )
            message.attach(
                f"waypost-compliance-{organisation.slug}-{month}.pdf", pdfs[language], "application/pdf"
            )
            try:
                message.send()
            except Exception:
                logger.exception("monthly compliance report to person %s failed", officer.pk)
                continue
            notify(officer, kind, params=params, url=url, channels=[Channel.IN_APP], dedupe_key=key)
            sent += 1
    return sent


__all__ = ["monthly_compliance_send", "organisation_officers", "previous_month"]
