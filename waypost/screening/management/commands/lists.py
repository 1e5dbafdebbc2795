"""``waypost lists import|status``: restricted-party lists on the command line.

* ``import FORMAT PATH… [--list-id ID] [--title T] [--source S] [--owner SLUG] [--as EMAIL]``:
  import a list file (or the files of one list: OFAC's sdn/alt/add/comments); prints the
  version and what changed. A file already imported changes nothing. A malformed file imports
  nothing: the file, line or element and the reason are printed on stderr.
* ``status [--json]``: each list with its newest version, file date, import time, entry count
  and checksum.

Exit status: 0 success (also "unchanged"), 1 a malformed file or invalid options (nothing
imported), 2 a missing file or no database.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import formats
from django.utils.translation import gettext as _

from waypost.core.errors import ApplicationError
from waypost.people.models import OrgNode
from waypost.screening.formats import FORMATS, ListFileError
from waypost.screening.models import ListVersion
from waypost.screening.selectors import ListStatus, list_status_rows
from waypost.screening.services import list_import

INVALID = 1
UNREADABLE = 2


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Restricted-party lists. 'import FORMAT PATH…' imports a list file; 'status' shows the "
            "imported lists and their versions."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser(
            "import",
            help=_("import a restricted-party list; a malformed file imports nothing"),
        )
        importer.add_argument(
            "format", choices=sorted(FORMATS), metavar="FORMAT", help=", ".join(sorted(FORMATS))
        )
        importer.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        importer.add_argument(
            "--list-id",
            default=None,
            help=_("the list's id (default: the format's own, e.g. ofac-sdn); required for custom-csv"),
        )
        importer.add_argument("--title", default="", help=_("a title for the list"))
        importer.add_argument(
            "--source", default="", help=_("where the list comes from (URL or description)")
        )
        importer.add_argument(
            "--owner",
            default="",
            metavar="SLUG",
            help=_("the organisation node owning a custom list (only its subtree is screened against it)"),
        )
        importer.add_argument(
            "--as",
            dest="actor",
            default="",
            metavar="EMAIL",
            help=_("e-mail of the administrator doing the import (default: the system)"),
        )
        importer.add_argument("--json", action="store_true", help=_("print the result as JSON"))
        status = sub.add_parser("status", help=_("the imported lists and their newest versions"))
        status.add_argument("--json", action="store_true", help=_("one JSON object per list"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "import":
                self._import(options)
            else:
                self._status(as_json=options["json"])
        except DatabaseError as error:
            raise CommandError(
                _("Database error: %(reason)s (if tables are missing, run the migrations first).")
                % {"reason": error},
                returncode=UNREADABLE,
            ) from None

    # --- import --------------------------------------------------------------------------------

    def _import(self, options: dict[str, Any]) -> None:
        paths: list[Path] = options["paths"]
        for path in paths:
            if not path.is_file():
                raise CommandError(_("%(file)s: no such file") % {"file": path}, returncode=UNREADABLE)
        actor = self._actor(options["actor"])
        owner = self._owner(options["owner"])
        started = time.perf_counter()
        try:
            version = list_import(
                actor=actor,
                format_name=options["format"],
                paths=paths,
                list_id=options["list_id"],
                title=options["title"],
                source=options["source"],
                owner=owner,
            )
        except ListFileError as error:
            self.stderr.write(self._problem(error))
            raise CommandError(
                _("%(file)s: nothing imported") % {"file": error.path}, returncode=INVALID
            ) from None
        except ApplicationError as error:
            for field, reasons in error.fields.items():
                for reason in reasons:
                    self.stderr.write(f"{field}: {reason}")
            raise CommandError(error.message + " " + _("Nothing imported."), returncode=INVALID) from None
        seconds = time.perf_counter() - started
        if options["json"]:
            self.stdout.write(json.dumps(self._version_json(version, seconds), ensure_ascii=False))
        else:
            self.stdout.write(self._version_text(version, seconds))

    @staticmethod
    def _problem(error: ListFileError) -> str:
        """``FILE:LINE[:COLUMN]: reason (field …, element …)``, as the parsers word it."""
        return str(error)

    @staticmethod
    def _version_json(version: ListVersion, seconds: float) -> dict[str, Any]:
        return {
            "list": version.list.list_id,
            "version": version.number,
            "new": version.is_new,
            "format": version.format,
            "sha256": version.sha256,
            "file_date": version.file_date.isoformat() if version.file_date else None,
            "imported_at": version.imported_at.isoformat(),
            "files": version.files,
            "added": version.added,
            "changed": version.changed,
            "removed": version.removed,
            "unchanged": version.unchanged,
            "entries": version.entry_count,
            "seconds": round(seconds, 2),
        }

    @staticmethod
    def _version_text(version: ListVersion, seconds: float) -> str:
        values = {
            "list": version.list.list_id,
            "version": version.number,
            "sha": version.sha256[:12],
            "date": version.file_date.isoformat() if version.file_date else "—",
            "added": _number(version.added),
            "changed": _number(version.changed),
            "removed": _number(version.removed),
            "unchanged": _number(version.unchanged),
            "entries": _number(version.entry_count),
            "seconds": f"{seconds:.1f}",
        }
        if not version.is_new:
            return (
                _(
                    "%(list)s: unchanged; version %(version)s already holds these files (sha256 %(sha)s…). "
                    "Nothing imported."
                )
                % values
            )
        return (
            _(
                "%(list)s: version %(version)s imported (file date %(date)s, sha256 %(sha)s…): "
                "%(added)s added, %(changed)s changed, %(removed)s removed, %(unchanged)s unchanged; "
                "%(entries)s entries (%(seconds)s s)."
            )
            % values
        )

    def _actor(self, email: str) -> Any:
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(
                _("--as: no account with the e-mail %(email)s") % {"email": email}, returncode=INVALID
            )
        return user

    def _owner(self, slug: str) -> OrgNode | None:
        if not slug:
            return None
        node = OrgNode.objects.filter(slug=slug).first()
        if node is None:
            raise CommandError(
                _("--owner: no organisation node “%(slug)s”") % {"slug": slug}, returncode=INVALID
            )
        return node

    # --- status --------------------------------------------------------------------------------

    def _status(self, *, as_json: bool) -> None:
        rows = list_status_rows()
        if as_json:
            for row in rows:
                self.stdout.write(json.dumps(row.to_json(), ensure_ascii=False))
            return
        if not rows:
            self.stdout.write(_("No list is imported yet: use “waypost lists import FORMAT PATH…”."))
            return
        self._table(rows)

    def _table(self, rows: list[ListStatus]) -> None:
        header = [
            _("list"),
            _("format"),
            _("version"),
            _("file date"),
            _("imported at"),
            _("entries"),
            _("sha256"),
            _("owner"),
        ]
        body = [
            [
                row.list_id,
                row.format,
                str(row.version),
                row.file_date.isoformat() if row.file_date else "—",
                row.imported_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                _number(row.entries),
                row.sha256[:12],
                row.owner or "—",
            ]
            for row in rows
        ]
        widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
        for line in [header, *body]:
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            )
