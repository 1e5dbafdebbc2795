"""The engine's problems in the user's language, with the YAML line and field they concern."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from .engine import Issue


def issue_text(issue: Issue) -> str:
    """One problem as a sentence in the active language: 'Line 7, rules[0].then.advisory: …'."""
    reason = issue.render(_) if hasattr(issue, "render") else issue.message
    if issue.line and issue.path:
        return _("Line %(line)s, %(field)s: %(reason)s") % {
            "line": issue.line,
            "field": issue.path,
            "reason": reason,
        }
    if issue.line:
        return _("Line %(line)s: %(reason)s") % {"line": issue.line, "reason": reason}
    if issue.path:
        return _("%(field)s: %(reason)s") % {"field": issue.path, "reason": reason}
    return str(reason)


def issues_json(issues: Iterable[Issue]) -> list[dict[str, Any]]:
    """Issues as stored on a draft and returned by the API: line, field, message (translated)."""
    return [{"line": i.line, "field": i.path, "message": issue_text(i)} for i in issues]
