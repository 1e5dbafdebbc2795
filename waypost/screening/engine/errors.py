"""Errors raised by the screening engine.

Only one error family leaves the engine: :class:`ScreeningInputError`, a
``ValueError`` so that callers who do not know the engine still treat it as bad
input (a 400 for the API, a field error for a form) rather than a crash.
"""

from __future__ import annotations


class ScreeningInputError(ValueError):
    """A name or subject the engine refuses to screen, with the reason in the message."""
