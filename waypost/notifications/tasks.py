"""Background delivery of the outbox, and the reminder schedule (run by ``waypost worker``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def deliver_outbox() -> int:
    """Send the pending e-mail; queued when a transaction that wrote e-mail rows commits."""
    from .delivery import deliver_pending

    return deliver_pending()


@db_periodic_task(crontab())
def deliver_outbox_every_minute() -> int:
    """Every minute: catch rows whose on-commit task was lost, retries now due, abandoned claims."""
    from .delivery import deliver_pending

    return deliver_pending()


@db_periodic_task(crontab(minute="7"))
def reminders_send_task() -> dict[str, int]:
    """Every hour: declaration, briefing and decision reminders, and escalation."""
    from .reminders import reminders_send

    return reminders_send()


@db_task()
def deliver_webhooks_task() -> int:
    """POST the pending webhook deliveries; queued when a transaction that wrote some commits."""
    from .webhooks import deliver_webhooks

    return deliver_webhooks()


@db_periodic_task(crontab())
def deliver_webhooks_every_minute() -> int:
    """Every minute: retries now due, rows whose on-commit task was lost, abandoned claims."""
    from .webhooks import deliver_webhooks

    return deliver_webhooks()
