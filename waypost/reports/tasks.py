"""The reports' schedule (run by ``waypost worker``): thin, the work is in the services."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(day="1", hour="6", minute="15"))
def monthly_compliance_send_task() -> int:
    """On the 1st of each month: last month's compliance report to each organisation's officers."""
    from .services import monthly_compliance_send

    return monthly_compliance_send()
