from __future__ import annotations

from typing import Any

from django import template

from waypost.people.choices import SECTORS

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def sector_labels(keys: Any) -> str:
    """Sector keys (``ai``, ``robotics`` …) as their labels in the current language, comma-separated."""
    return ", ".join(str(SECTORS.get(key, key)) for key in keys or [])


@register.filter
def advisory_label(value: str) -> str:
    from waypost.policy.describe import advisory_label as label

    return label(value) if value else ""


_STATUS_COLOURS = {
    "draft": "secondary",
    "submitted": "info",
    "in_review": "info",
    "approved": "success",
    "acknowledged": "success",
    "advised_against": "warning",
    "travelling": "primary",
    "returned": "primary",
    "debrief_due": "warning",
    "debriefed": "success",
    "closed": "dark",
    "cancelled": "light",
}


@register.filter
def status_colour(value: str) -> str:
    """The Bootstrap colour of a trip status badge."""
    return _STATUS_COLOURS.get(value, "secondary")


@register.filter
def json_value(value: Any) -> str:
    """A leaf of the trip JSON as shown in a difference: empty as a dash, booleans in words."""
    from waypost.policy.describe import value_text

    if value is None or value == "":
        return "—"
    return value_text(value)
