"""Entry point of the processes a large re-assessment run is split over.

:func:`waypost.trips.assessing.reassessment_run` spawns them on PostgreSQL for runs of many trips
(the policy engine is pure Python, so one process uses one core). A spawned process starts a fresh
interpreter: it holds none of the parent's locks, threads or database connections, and sets Django
up itself. This module therefore imports nothing from Django at import time.
"""

from __future__ import annotations

import datetime as dt


def run_shard(database: str, run_id: int, day: str, issuer_path: str, first: int, last: int) -> None:
    """Re-assess the open trips with ids ``first``..``last`` for run ``run_id`` on ``database``.

    ``database`` is the parent's database name, so a shard writes where its parent reads (under
    the test runner, the test database).
    """
    import django
    from django.apps import apps
    from django.conf import settings

    if not apps.ready:
        django.setup()
    settings.DATABASES["default"]["NAME"] = database

    from django.db import connection

    from .assessing import reassess_range

    try:
        reassess_range(run_id, dt.date.fromisoformat(day), issuer_path, first, last)
    finally:
        connection.close()
