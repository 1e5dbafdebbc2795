"""Ordered vocabularies of the policy engine: advisory levels, device policies, approvers, statuses.

Where several rules match a trip the strictest value of each obligation wins, so every graded
value is an ordered enum: the member declared later is stricter. ``rank`` gives the position, and
``max(levels, key=rank)`` picks the strictest.
"""

from __future__ import annotations

import enum

__all__ = ["Advisory", "Approver", "DevicePolicy", "GuidanceStatus", "rank"]


class _Ordered(enum.StrEnum):
    """A string enum whose declaration order is its strictness order."""

    @property
    def rank(self) -> int:
        return _RANKS[type(self)][self]


class Advisory(_Ordered):
    """How strongly guidance advises against a trip (advice, not a ban, below ``not_permitted``)."""

    NONE = "none"
    CAUTION = "caution"
    ADVISED_AGAINST = "advised_against"
    NOT_PERMITTED = "not_permitted"


class DevicePolicy(_Ordered):
    """What the traveller may carry, from least to most restrictive.

    - ``none``: the guidance says nothing about devices.
    - ``own_device_ok``: the traveller's usual devices, personal or organisation-issued, are fine.
    - ``organisation_device_required``: only organisation-managed devices, no personal ones.
    - ``clean_device_required``: a loaner device holding no sensitive data, wiped after return.
    - ``no_devices``: travel without electronic devices.
    """

    NONE = "none"
    OWN_DEVICE_OK = "own_device_ok"
    ORGANISATION_DEVICE_REQUIRED = "organisation_device_required"
    CLEAN_DEVICE_REQUIRED = "clean_device_required"
    NO_DEVICES = "no_devices"


class Approver(_Ordered):
    """A step in an approval chain; the chain always runs in declaration order."""

    MANAGER = "manager"
    SECURITY_OFFICER = "security_officer"


class GuidanceStatus(enum.StrEnum):
    """Lifecycle of a guidance version: only ``published`` versions are in force."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


_RANKS: dict[type[_Ordered], dict[_Ordered, int]] = {
    cls: {member: index for index, member in enumerate(cls)} for cls in (Advisory, DevicePolicy, Approver)
}


def rank(level: _Ordered) -> int:
    """Position of ``level`` in its strictness order (0 is the most lenient)."""
    return level.rank
