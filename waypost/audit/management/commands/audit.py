"""``waypost audit verify``: exit 0 on an intact chain, 1 naming the first bad event otherwise."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypost.audit.services import verify_chain


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks the hash chain of every event."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the audit chain")
        verify.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "intact": report.intact,
                        "checked": report.checked,
                        "first_bad_event": report.problem.seq if report.problem else None,
                        "reason": report.problem.reason if report.problem else None,
                    }
                )
            )
        elif report.intact:
            self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events verified"))
        else:
            assert report.problem is not None
            self.stderr.write(
                f"audit chain BROKEN at event #{report.problem.seq}: {report.problem.reason} "
                f"({report.checked} events verified before it)"
            )
        if not report.intact:
            raise SystemExit(1)
