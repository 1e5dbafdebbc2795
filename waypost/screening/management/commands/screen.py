"""``waypost screen``: screen names against the imported lists, or compare two names.

* ``screen NAME… | --file F [--json] [--threshold T] [--limit N] [--list ID]…``: each name
  against every imported list (or the ``--list`` ones); nothing is stored. ``-v 2`` adds the
  explanation of each match to the table. ``--file`` holds
  one name per line (UTF-8; blank lines are skipped). With ``--json``, one JSON object per
  name: ``{"query", "matches": [{"list", "entry_id", "name", "matched_name", "score",
  "explanation"}]}``, or ``{"query", "error"}`` for a name that cannot be screened.
* ``screen compare NAME1 NAME2 [--json] [--threshold T]``: the score of one pair, whether it is
  a match and why.
* ``screen compare --pairs FILE.csv [--json] [--threshold T]``: a CSV with a header holding the
  columns ``name1`` and ``name2``; one result per row, streamed (``{"line", "name1", "name2",
  "score", "match"}`` with ``--json``).

Exit status: 0 success, 1 a name or row that could not be screened (the others are still
printed) or invalid input, 2 a missing file, no database or no list imported.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypost.screening.engine import DEFAULT_THRESHOLD, Match, ScreeningInputError, compare
from waypost.screening.services import NoListsImported, iter_screen_names

INVALID = 1
UNREADABLE = 2
#: A line of a names file longer than this is not a name: the file is refused.
MAX_LINE_BYTES = 1024 * 1024
SHOWN_CHARS = 80


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0.0 < number <= 1.0:
        raise argparse.ArgumentTypeError(
            _("expected a number above 0 and at most 1, got %(value)r") % {"value": value}
        )
    return number


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


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """Text safe to print on one terminal line: control characters escaped, long text shortened."""
    out = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text[: limit + 1])
    return out[:limit] + "…" if len(out) > limit else out


def match_json(match: Match) -> dict[str, Any]:
    return {
        "list": match.list_id,
        "entry_id": match.entry_id,
        "name": match.name,
        "matched_name": match.matched_name,
        "score": match.score,
        "explanation": match.explanation,
    }


def explanation_lines(explanation: dict[str, Any]) -> list[str]:
    """The engine's explanation as a few readable lines."""
    lines = []
    for pair in explanation.get("pairs") or ():
        spelled = pair.get("query_spelling"), pair.get("entry_spelling")
        via = (
            f" ({spelled[0]} ~ {spelled[1]})"
            if spelled[0] != pair.get("query") or spelled[1] != pair.get("entry")
            else ""
        )
        lines.append(
            f"  {shown(str(pair.get('query')))} ~ {shown(str(pair.get('entry')))}{via}: "
            f"{float(pair.get('similarity', 0)):.2f} {pair.get('method', '')}"
        )
    left = [shown(str(t)) for t in explanation.get("unmatched_query") or ()]
    right = [shown(str(t)) for t in explanation.get("unmatched_entry") or ()]
    if left or right:
        lines.append(
            "  "
            + _("left over: %(first)s | %(second)s")
            % {"first": ", ".join(left) or "—", "second": ", ".join(right) or "—"}
        )
    if "quality" in explanation:
        lines.append(
            "  "
            + _("quality %(quality).2f, coverage %(coverage).2f")
            % {"quality": float(explanation["quality"]), "coverage": float(explanation["coverage"])}
        )
    for adjustment in explanation.get("adjustments") or ():
        lines.append(f"  {shown(json.dumps(adjustment, ensure_ascii=False), 200)}")
    return lines


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = _(
            "Screen names against the imported restricted-party lists (nothing is stored), or "
            "'compare NAME1 NAME2' / 'compare --pairs FILE.csv' to score pairs of names."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "names",
            nargs="*",
            metavar="NAME",
            help=_("names to screen; or 'compare' followed by two names"),
        )
        parser.add_argument(
            "--file", type=Path, default=None, help=_("a file of names, one per line (UTF-8)")
        )
        parser.add_argument(
            "--pairs",
            type=Path,
            default=None,
            metavar="FILE.csv",
            help=_("with compare: a CSV with the columns name1,name2"),
        )
        parser.add_argument("--json", action="store_true", help=_("one JSON object per line"))
        parser.add_argument(
            "--threshold",
            type=_threshold,
            default=DEFAULT_THRESHOLD,
            help=_("the lowest score that counts as a match (default %(default)s)"),
        )
        parser.add_argument(
            "--limit", type=_positive, default=10, help=_("at most this many matches per name (default 10)")
        )
        parser.add_argument(
            "--list",
            dest="lists",
            action="append",
            default=None,
            metavar="ID",
            help=_("screen against this list only (repeatable)"),
        )

    verbosity = 1

    def handle(self, *args: Any, **options: Any) -> None:
        self.verbosity = options["verbosity"]
        names: list[str] = options["names"]
        if names and names[0] == "compare":
            self._compare(names[1:], options)
            return
        if options["pairs"] is not None:
            raise CommandError(_("--pairs goes with 'compare': waypost screen compare --pairs FILE.csv"))
        if not names and options["file"] is None:
            raise CommandError(_("Give names to screen, or --file with one name per line."))
        try:
            failed = self._screen(names, options)
        except NoListsImported as error:
            raise CommandError(error.message, returncode=UNREADABLE) from None
        except DatabaseError as error:
            raise CommandError(
                _("Database error: %(reason)s (if tables are missing, run the migrations first).")
                % {"reason": error},
                returncode=UNREADABLE,
            ) from None
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)d name could not be screened.", "%(count)d names could not be screened.", failed
                )
                % {"count": failed},
                returncode=INVALID,
            )

    # --- screening -------------------------------------------------------------------------------

    def _screen(self, names: list[str], options: dict[str, Any]) -> int:
        queries: Iterator[str] = iter(names)
        if options["file"] is not None:
            queries = self._chain(names, self._names_file(options["file"]))
        failed = 0
        as_json = options["json"]
        for result in iter_screen_names(
            queries, threshold=options["threshold"], limit=options["limit"], lists=options["lists"]
        ):
            if result.error:
                failed += 1
                if as_json:
                    self.stdout.write(
                        json.dumps({"query": result.query, "error": result.error}, ensure_ascii=False)
                    )
                else:
                    self.stderr.write(
                        _("%(query)s: cannot be screened: %(reason)s")
                        % {"query": shown(result.query) or '""', "reason": result.error}
                    )
                continue
            if as_json:
                data = {"query": result.query, "matches": [match_json(m) for m in result.matches]}
                self.stdout.write(json.dumps(data, ensure_ascii=False))
                continue
            self._matches_text(result.query, result.matches)
        return failed

    @staticmethod
    def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
        yield from first
        yield from rest

    def _matches_text(self, query: str, matches: list[Match]) -> None:
        if not matches:
            self.stdout.write(_("%(query)s: no match") % {"query": shown(query)})
            return
        self.stdout.write(
            ngettext("%(query)s: %(count)d match", "%(query)s: %(count)d matches", len(matches))
            % {"query": shown(query), "count": len(matches)}
        )
        for match in matches:
            alias = (
                ""
                if match.matched_name == match.name
                else " " + _("(matched “%(name)s”)") % {"name": shown(match.matched_name)}
            )
            entry = shown(match.entry_id, 40)
            self.stdout.write(f"  {match.score:.2f}  {match.list_id}  {entry}  {shown(match.name)}{alias}")
            if self.verbosity >= 2:
                for line in explanation_lines(match.explanation):
                    self.stdout.write("    " + line.strip())

    def _names_file(self, path: Path) -> Iterator[str]:
        """The names of a file, one per line; refuses binary data and over-long lines with the line number.

        The file is opened at once (a missing file is reported before the index is loaded) and read
        as the names are screened.
        """
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise CommandError(_("%(file)s: no such file") % {"file": path}, returncode=UNREADABLE) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read: %(reason)s") % {"file": path, "reason": error.strerror},
                returncode=UNREADABLE,
            ) from None
        return self._names(path, handle)

    def _names(self, path: Path, handle: BinaryIO) -> Iterator[str]:
        with handle:
            number = 0
            while True:
                raw = handle.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                number += 1
                where = {"file": path, "line": number}
                if len(raw) > MAX_LINE_BYTES:
                    raise CommandError(
                        _("%(file)s:%(line)d: line longer than 1 MB: not a file of names") % where,
                        returncode=INVALID,
                    )
                if b"\x00" in raw:
                    raise CommandError(
                        _("%(file)s:%(line)d: NUL byte: binary data, not a file of names") % where,
                        returncode=INVALID,
                    )
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise CommandError(
                        _("%(file)s:%(line)d: not UTF-8 text") % where, returncode=INVALID
                    ) from None
                if number == 1:
                    text = text.removeprefix("\ufeff")
                text = text.strip()
                if text:
                    yield text

    # --- compare ---------------------------------------------------------------------------------

    def _compare(self, names: list[str], options: dict[str, Any]) -> None:
        threshold: float = options["threshold"]
        if options["file"] is not None:
            raise CommandError(_("compare takes two names or --pairs FILE.csv, not --file."))
        if options["pairs"] is not None:
            if names:
                raise CommandError(_("compare takes two names or --pairs FILE.csv, not both."))
            self._compare_pairs(options["pairs"], threshold, as_json=options["json"])
            return
        if len(names) != 2:
            raise CommandError(
                _("compare takes exactly two names (got %(count)d): waypost screen compare NAME1 NAME2")
                % {"count": len(names)}
            )
        try:
            result = compare(names[0], names[1])
        except ScreeningInputError as error:
            raise CommandError(
                _("cannot compare: %(reason)s") % {"reason": error}, returncode=INVALID
            ) from None
        is_match = result.score >= threshold
        if options["json"]:
            data = {
                "name1": names[0],
                "name2": names[1],
                "score": result.score,
                "match": is_match,
                "threshold": threshold,
                "explanation": result.explanation,
            }
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        verdict = _("a match") if is_match else _("not a match")
        self.stdout.write(
            _("%(name1)s ~ %(name2)s: score %(score).4f, %(verdict)s at threshold %(threshold)s")
            % {
                "name1": shown(names[0]),
                "name2": shown(names[1]),
                "score": result.score,
                "verdict": verdict,
                "threshold": threshold,
            }
        )
        for line in explanation_lines(result.explanation):
            self.stdout.write(line)

    def _compare_pairs(self, path: Path, threshold: float, *, as_json: bool) -> None:
        try:
            handle = path.open(encoding="utf-8", newline="")
        except FileNotFoundError:
            raise CommandError(_("%(file)s: no such file") % {"file": path}, returncode=UNREADABLE) from None
        except OSError as error:
            raise CommandError(
                _("%(file)s: cannot be read: %(reason)s") % {"file": path, "reason": error.strerror},
                returncode=UNREADABLE,
            ) from None
        failed = 0
        with handle:
            reader = csv.reader(handle)
            try:
                header = [cell.strip().removeprefix("\ufeff").casefold() for cell in next(reader, [])]
                if "name1" not in header or "name2" not in header:
                    raise CommandError(
                        _("%(file)s:1: expected a header row with the columns name1,name2") % {"file": path},
                        returncode=INVALID,
                    )
                first, second = header.index("name1"), header.index("name2")
                for row in reader:
                    line = reader.line_num
                    if not any(cell.strip() for cell in row):
                        continue
                    failed += self._pair(row, first, second, line, threshold, as_json=as_json)
            except (csv.Error, UnicodeDecodeError) as error:
                reason = _("not UTF-8 text") if isinstance(error, UnicodeDecodeError) else str(error)
                raise CommandError(
                    _("%(file)s:%(line)d: %(reason)s")
                    % {"file": path, "line": reader.line_num + 1, "reason": reason},
                    returncode=INVALID,
                ) from None
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)d row could not be compared.", "%(count)d rows could not be compared.", failed
                )
                % {"count": failed},
                returncode=INVALID,
            )

    def _pair(
        self, row: list[str], first: int, second: int, line: int, threshold: float, *, as_json: bool
    ) -> int:
        """Print one pair's result; 1 when the row could not be compared."""
        if len(row) <= max(first, second):
            return self._pair_error(line, _("the row has no name1 or name2 cell"), as_json=as_json)
        name1, name2 = row[first], row[second]
        try:
            result = compare(name1, name2)
        except ScreeningInputError as error:
            return self._pair_error(line, str(error), as_json=as_json)
        is_match = result.score >= threshold
        if as_json:
            data = {"line": line, "name1": name1, "name2": name2, "score": result.score, "match": is_match}
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        else:
            verdict = _("match") if is_match else "-"
            self.stdout.write(f"{result.score:.4f}\t{verdict}\t{shown(name1)}\t{shown(name2)}")
        return 0

    def _pair_error(self, line: int, reason: str, *, as_json: bool) -> int:
        if as_json:
            self.stdout.write(json.dumps({"line": line, "error": reason}, ensure_ascii=False))
        else:
            self.stderr.write(_("line %(line)d: %(reason)s") % {"line": line, "reason": reason})
        return 1
