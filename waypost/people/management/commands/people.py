"""``waypost people import FILE [--as EMAIL]``: import people from CSV, all rows or none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypost.people.choices import AccessRole
from waypost.people.models import RoleAssignment
from waypost.people.services import people_import


class Command(BaseCommand):
    help = "Manage people. 'import FILE' imports or updates people from a CSV file (all rows or none)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="import people from a CSV file")
        importer.add_argument("file", type=Path)
        importer.add_argument(
            "--as",
            dest="actor",
            default="",
            help="e-mail of the administrator or officer doing the import (default: the first administrator)",
        )
        importer.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options["actor"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        result = people_import(actor=actor, data=data, filename=path.name)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "created": result.created,
                        "updated": result.updated,
                        "errors": [error.as_dict() for error in result.errors],
                    }
                )
            )
        if not result.ok:
            if not options["json"]:
                for error in result.errors:
                    column = f", column {error.column}" if error.column else ""
                    self.stderr.write(f"{path}: row {error.row}{column}: {error.reason}")
            raise CommandError(f"nothing imported: {len(result.errors)} problem(s)")
        if not options["json"]:
            self.stdout.write(
                self.style.SUCCESS(f"imported {path}: {result.created} created, {result.updated} updated")
            )

    def _actor(self, email: str) -> Any:
        User = get_user_model()
        if email:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"--as: no account with the e-mail {email!r}")
            return user
        assignment = (
            RoleAssignment.objects.filter(role=AccessRole.ADMINISTRATOR, person__user__isnull=False)
            .select_related("person__user")
            .order_by("node__path")
            .first()
        )
        if assignment is None:
            raise CommandError("no administrator account exists: create one or pass --as EMAIL")
        return assignment.person.user
