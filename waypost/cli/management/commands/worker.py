"""``waypost worker``: run background jobs and schedules (huey consumer)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background worker: queued jobs and periodic schedules."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers", type=int, default=None, help="worker threads (default from settings)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        extra = ["--workers", str(options["workers"])] if options["workers"] else []
        call_command("run_huey", *extra)
