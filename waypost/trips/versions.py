"""What changed between two versions of a declaration, field by field, for reviewers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChange:
    path: str  # "legs[1].to", "title"
    before: Any
    after: Any

    @property
    def kind(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed"


def _flatten(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key in value:
            yield from _flatten(value[key], f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{prefix}[{index}]")
    else:
        yield prefix, value


def facts_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    """Every leaf that differs, in the order of ``after`` then the removed ones."""
    old = dict(_flatten(before))
    new = dict(_flatten(after))
    changes = [
        FieldChange(path, old.get(path), value) for path, value in new.items() if old.get(path) != value
    ]
    changes += [FieldChange(path, value, None) for path, value in old.items() if path not in new]
    return changes
