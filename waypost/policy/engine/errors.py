"""Errors raised by the policy engine for bad input, each listing every problem found.

Both errors carry structured ``issues`` so an interface can show each one next to the field at
fault (the web form, the API's problem+json, the CLI); ``str()`` gives one line per issue.

Translation without Django. Every :class:`Issue` is built from a message **template** with named
``%(name)s`` placeholders and its **parameters**, e.g. ``"unknown airport code '%(code)s'"`` and
``{"code": "XQZ"}``. ``issue.message`` is the English text; an interface renders the user's
language with ``issue.render(gettext)``. Templates are wrapped in :func:`gettext_noop` where they
are written, so Django's ``makemessages`` (xgettext knows the keyword ``gettext_noop``) extracts
them into ``locale/`` although the engine never imports Django.

Writing a new message:

1. Write the template as a string literal inside ``gettext_noop(...)`` (xgettext reads only
   literals: no f-strings, no concatenation with variables).
2. Use named placeholders only (``%(code)s``), never positional ``%s``; a literal percent is ``%%``.
3. Pass values as keyword parameters. A value the user typed is shown with :func:`shown` (its
   ``repr``, shortened); field paths, codes and enum words (``advised_against``) are passed as
   they are, since they are the same in every language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["GuidanceError", "Issue", "TripFactsError", "gettext_noop", "shown"]

#: A parameter of a message: plain text or a number, so issues serialise to JSON as they are.
Param = str | int | float | None


def gettext_noop(s: str) -> str:
    """Mark ``s`` as a message template for extraction (``makemessages``); returns it unchanged."""
    return s


def shown(value: Any, limit: int = 80) -> str:
    """A value the user wrote, as shown in a message: its ``repr``, shortened past ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _identity(text: str) -> str:
    return text


#: Named placeholders and escaped percent signs; any other ``%`` makes a translation unusable.
_NAMED = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*[0-9]*(?:\.[0-9]+)?[diouxXeEfFgGcrsa]|%%")


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: the field path (``rules[0].then.advisory``), the reason, and a YAML line if known.

    The reason is ``template % params``: ``message`` renders it in English, :meth:`render` in the
    language of a ``gettext``-like function.
    """

    path: str
    template: str
    params: Mapping[str, Param] = field(default_factory=dict, kw_only=True, hash=False)
    line: int | None = field(default=None, kw_only=True)

    @property
    def message(self) -> str:
        """The reason in English."""
        return self.render(_identity)

    def render(self, translate: Callable[[str], str]) -> str:
        """The reason in the language of ``translate`` (e.g. Django's ``gettext``).

        Falls back to the English template if the translation names a placeholder the issue does
        not have, or is otherwise not a valid template, so a bad catalogue entry never hides an error.
        """
        translated = translate(self.template)
        if translated is not self.template and "%" in _NAMED.sub("", translated):
            return self.template % self.params  # positional or malformed: "%s" would print the dict
        try:
            return translated % self.params
        except (KeyError, ValueError, TypeError):
            return self.template % self.params

    def to_json(self) -> dict[str, Any]:
        """Path, line, English message, template and parameters (for APIs that translate later)."""
        return {
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "template": self.template,
            "params": dict(self.params),
        }

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
