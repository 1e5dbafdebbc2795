"""Scheduled audit jobs, run by ``waypost worker``."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import verify_chain

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="17", hour="3"))
def audit_verify_task() -> bool:
    """Verify the whole chain every night; a broken chain is logged as an error for the operators' alerts."""
    report = verify_chain()
    if report.intact:
        logger.info("audit chain intact: %d events verified", report.checked)
    else:
        assert report.problem is not None
        logger.error("audit chain broken at event #%s: %s", report.problem.seq, report.problem.reason)
    return report.intact
