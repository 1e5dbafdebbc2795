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
