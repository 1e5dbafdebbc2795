"""``waypost serve``: the production web server (gunicorn) for deployments."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Waypost with gunicorn (use several processes behind a reverse proxy in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))

    def handle(self, *args: Any, **options: Any) -> None:
        # Replace this process with gunicorn from the same environment.
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        os.execv(  # noqa: S606 - fixed program, arguments from our own options
            gunicorn,
            [
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                options["bind"],
                "--workers",
                str(options["workers"]),
                "--access-logfile",
                "-",
                "--forwarded-allow-ips",
                os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
        )
