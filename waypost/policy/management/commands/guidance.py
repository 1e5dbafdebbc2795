"""``waypost guidance check|assess|simulate``: guidance files on the command line.

* ``check FILE``: validate; every problem as ``FILE:LINE: field: reason`` on stderr, exit 1.
* ``assess FILE TRIP.json [--on DATE]``: assess one trip with the file as if it were published;
  the assessment JSON on stdout.
* ``simulate FILE [--on DATE] [--json] [--limit N]``: what the file, as the next draft of its
  guidance, would change for upcoming and active trips. Nothing is written to the database.

Exit status: 0 success, 1 invalid input (the problems are listed), 2 a file that cannot be read
(or, for ``simulate``, no database).
Country groups are the shipped ones plus the custom groups in the database (the shipped ones
alone when there is no database yet).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypost.core import clock
from waypost.core.errors import ApplicationError
from waypost.geo.groups import CountryGroup, load_country_groups
from waypost.geo.selectors import all_groups
from waypost.policy.engine import (
    Guidance,
    GuidanceError,
    GuidanceStatus,
    Issue,
    TripFacts,
    TripFactsError,
    assess,
    parse_guidance,
    trip_facts_from_json,
)
from waypost.policy.loading import unsaved_draft
from waypost.trips.assessing import SimulationResult, simulate_guidance

INVALID = 1
UNREADABLE = 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a date YYYY-MM-DD, got %(value)r") % {"value": value}
        ) from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            _("expected a whole number of at least 1, got %(value)r") % {"value": value}
        )
    return number


def _shown(value: Any) -> str:
    """An obligation value as printed: lists joined, nothing as a dash."""
    if value is None:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Guidance files. 'check FILE' validates a guidance YAML; 'assess FILE TRIP.json' assesses one "
            "trip against it; 'simulate FILE' shows what it would change for upcoming and active trips."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help=_("validate a guidance YAML file; errors name line and field"))
        check.add_argument("file", type=Path)

        assess_cmd = sub.add_parser(
            "assess",
            help=_(
                "assess one trip (trip JSON) against a guidance file and print the assessment as JSON; "
                "the file is treated as published, whatever its status (a file without status is a draft)"
            ),
        )
        assess_cmd.add_argument("file", type=Path)
        assess_cmd.add_argument("trip", type=Path, metavar="TRIP.json")
        assess_cmd.add_argument(
            "--on",
            type=_date,
            default=None,
            metavar="DATE",
            help=_("the day whose guidance counts, YYYY-MM-DD (default: today)"),
        )

        simulate = sub.add_parser(
            "simulate",
            help=_(
                "what the file, as a draft of its guidance, would change for upcoming and active trips in "
                "the database, before it is published (nothing is written)"
            ),
        )
        simulate.add_argument("file", type=Path)
        simulate.add_argument(
            "--on",
            type=_date,
            default=None,
            metavar="DATE",
            help=_("the day to simulate, YYYY-MM-DD (default: today)"),
        )
        simulate.add_argument("--json", action="store_true", help=_("print the result as JSON"))
        simulate.add_argument(
            "--limit",
            type=_positive,
            default=None,
            metavar="N",
            help=_("list at most N changed trips (all are counted)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "check":
            self._check(options["file"])
        elif action == "assess":
            self._assess(options["file"], options["trip"], options["on"])
        else:
            self._simulate(options["file"], options["on"], as_json=options["json"], limit=options["limit"])

    # --- the three actions ---------------------------------------------------------------------

    def _check(self, path: Path) -> None:
        guidance = self._guidance(path, self._groups())
        count = len(guidance.rules)
        self.stdout.write(
            ngettext("%(file)s: valid (%(count)d rule)", "%(file)s: valid (%(count)d rules)", count)
            % {"file": path, "count": count}
        )

    def _assess(self, path: Path, trip_path: Path, on: dt.date | None) -> None:
        groups = self._groups()
        guidance = self._guidance(path, groups)
        facts = self._facts(trip_path)
        day = on or clock.today()
        if not guidance.is_effective(day):
            self.stderr.write(
                _("%(file)s: note: not in effect on %(day)s, so none of its rules apply (see --on).")
                % {"file": path, "day": day.isoformat()}
            )
        published = dataclasses.replace(guidance, status=GuidanceStatus.PUBLISHED)
        assessment = assess(facts, [published], on=day, groups=groups)
        self.stdout.write(json.dumps(assessment.to_json(), indent=2, ensure_ascii=False))

    def _simulate(self, path: Path, on: dt.date | None, *, as_json: bool, limit: int | None) -> None:
        guidance = self._guidance(path, self._groups())
        try:
            draft, issuer = unsaved_draft(guidance)
            result = simulate_guidance(draft, issuer_path=issuer.path, on=on, limit=limit)
        except ApplicationError as error:
            self._fail(path, self._field_problems(path, error.fields) or [f"{path}: {error.message}"])
        except DatabaseError as error:
            raise CommandError(
                _("%(file)s: cannot simulate without the database (%(reason)s); run the migrations first.")
                % {"file": path, "reason": error},
                returncode=UNREADABLE,
            ) from None
        if as_json:
            data = {
                "file": str(path),
                "guidance": draft.id,
                "version": draft.version,
                **result.to_json(limit=limit),
            }
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self._simulation_table(path, draft, result, limit)

    # --- output --------------------------------------------------------------------------------

    def _simulation_table(
        self, path: Path, draft: Guidance, result: SimulationResult, limit: int | None
    ) -> None:
        write = self.stdout.write
        write(
            _("%(file)s: simulated as draft version %(version)d of %(guidance)s, on %(day)s")
            % {"file": path, "version": draft.version, "guidance": draft.id, "day": result.on.isoformat()}
        )
        write(
            ngettext(
                "%(considered)d upcoming or active trip considered; %(changed)d would change "
                "(%(stricter)d stricter, %(looser)d looser).",
                "%(considered)d upcoming or active trips considered; %(changed)d would change "
                "(%(stricter)d stricter, %(looser)d looser).",
                result.considered,
            )
            % {
                "considered": result.considered,
                "changed": len(result.changed),
                "stricter": result.stricter,
                "looser": result.looser,
            }
        )
        shown = result.changed if limit is None else result.changed[:limit]
        for change in shown:
            direction = [
                word
                for word, flag in (
                    (_("stricter"), change.changes and change.changes.is_stricter),
                    (_("looser"), change.changes and change.changes.is_looser),
                )
                if flag
            ]
            write("")
            write(
                _("Trip %(id)s “%(title)s”, %(traveller)s, departs %(day)s (%(direction)s)")
                % {
                    "id": change.trip_id,
                    "title": change.title,
                    "traveller": change.traveller,
                    "day": change.depart_on.isoformat() if change.depart_on else "—",
                    "direction": ", ".join(direction),
                }
            )
            for item in change.changes.changes if change.changes else ():
                write(f"  {item.field}: {_shown(item.before)} → {_shown(item.after)}")
        hidden = len(result.changed) - len(shown)
        if hidden:
            write("")
            write(
                ngettext("… and %(count)d more trip changes.", "… and %(count)d more trips change.", hidden)
                % {"count": hidden}
            )
        if result.failed:
            write("")
            write(
                ngettext(
                    "%(count)d trip could not be assessed:",
                    "%(count)d trips could not be assessed:",
                    len(result.failed),
                )
                % {"count": len(result.failed)}
            )
            for failed in result.failed:
                write(f"  {failed.trip_id} “{failed.title}”: {failed.error}")

    # --- input ---------------------------------------------------------------------------------

    def _groups(self) -> Mapping[str, CountryGroup]:
        """Shipped and custom groups; only the shipped ones when the database is not set up."""
        try:
            return all_groups()
        except DatabaseError:
            return load_country_groups()

    def _read(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(_("%(file)s: no such file") % {"file": path}, returncode=UNREADABLE) from None
        except UnicodeDecodeError:
            raise CommandError(_("%(file)s: not UTF-8 text") % {"file": path}, returncode=INVALID) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read: %(reason)s") % {"file": path, "reason": error.strerror},
                returncode=UNREADABLE,
            ) from None

    def _guidance(self, path: Path, groups: Mapping[str, CountryGroup]) -> Guidance:
        try:
            return parse_guidance(self._read(path), source_name=str(path), groups=groups)
        except GuidanceError as error:
            self._fail(path, [self._issue_line(path, issue) for issue in error.issues])

    def _facts(self, path: Path) -> TripFacts:
        text = self._read(path)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            self._fail(
                path,
                [
                    f"{path}:{error.lineno}:{error.colno}: "
                    + _("invalid JSON: %(reason)s") % {"reason": error.msg}
                ],
            )
        try:
            return trip_facts_from_json(data)
        except TripFactsError as error:
            self._fail(path, [self._issue_line(path, issue) for issue in error.issues])

    @staticmethod
    def _issue_line(path: Path, issue: Issue) -> str:
        """``FILE:LINE: field: reason``, leaving out what is not known."""
        where = f"{path}:{issue.line}" if issue.line else str(path)
        reason = issue.render(_)
        return f"{where}: {issue.path}: {reason}" if issue.path else f"{where}: {reason}"

    @staticmethod
    def _field_problems(path: Path, fields: Mapping[str, Iterable[str]]) -> list[str]:
        return [f"{path}: {name}: {reason}" for name, reasons in fields.items() for reason in reasons]

    def _fail(self, path: Path, lines: list[str]) -> NoReturn:
        """Print every problem on stderr, then stop with exit status 1."""
        for line in lines:
            self.stderr.write(line)
        raise CommandError(
            ngettext("%(file)s: %(count)d problem", "%(file)s: %(count)d problems", len(lines))
            % {"file": path, "count": len(lines)},
            returncode=INVALID,
        )
