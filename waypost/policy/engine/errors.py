"""Errors raised by the policy engine for bad input, each listing every problem found.

Both errors carry structured ``issues`` so an interface can show each one next to the field at
fault (the web form, the API's problem+json, the CLI); ``str()`` gives one line per issue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["GuidanceError", "Issue", "TripFactsError"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: the field path (``rules[0].then.advisory``), the reason, and a YAML line if known."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"line {self.line}: {where}{self.message}" if self.line else f"{where}{self.message}"


class _IssuesError(ValueError):
    def __init__(self, source: str, issues: Iterable[Issue]) -> None:
        self.source = source
        self.issues: tuple[Issue, ...] = tuple(issues)
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        super().__init__(f"{source}: {len(self.issues)} error(s)\n{lines}")


class GuidanceError(_IssuesError):
    """A guidance document is invalid; ``issues`` name line and field of each problem."""


class TripFactsError(_IssuesError):
    """Trip facts are invalid; ``issues`` name the field path (``legs[1].arrive``) of each problem."""

    def __init__(self, issues: Iterable[Issue], source: str = "trip") -> None:
        super().__init__(source, issues)
