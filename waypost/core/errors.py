"""The one family of business errors raised by services and rendered by each interface.

Views turn them into form errors or messages, the API into the documented error
shape, the CLI into a message and a non-zero exit status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext_lazy as _


class ApplicationError(Exception):
    """A failure the user can act on. ``fields`` maps a field name to its reasons."""

    code = "error"
    default_message = _("The request could not be completed.")
    status = 400

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.message = str(message if message is not None else self.default_message)
        if code:
            self.code = code
        self.fields = {key: [str(reason) for reason in reasons] for key, reasons in (fields or {}).items()}
        super().__init__(self.message)


class NotFound(ApplicationError):
    """Raised for a missing object and for one the actor may not see: both look the same."""

    code = "not_found"
    default_message = _("Not found.")
    status = 404


class PermissionDenied(ApplicationError):
    """The actor may see the object but not do this to it."""

    code = "permission_denied"
    default_message = _("You do not have permission to do this.")
    status = 403


class ValidationFailed(ApplicationError):
    code = "invalid"
    default_message = _("Some fields are not valid.")
    status = 400


class Conflict(ApplicationError):
    code = "conflict"
    default_message = _("Someone else changed this in the meantime. Reload and try again.")
    status = 409
