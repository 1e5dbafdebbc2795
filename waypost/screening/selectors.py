"""Reads for screening."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .models import ListVersion, RestrictedList


@dataclass(frozen=True)
class ListStatus:
    """A list and its newest version, for ``waypost lists status``."""

    list_id: str
    format: str
    title: str
    owner: str  # the owner node's path, "" for a public list
    version: int
    file_date: dt.date | None
    imported_at: dt.datetime
    entries: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "format": self.format,
            "title": self.title,
            "owner": self.owner or None,
            "version": self.version,
            "file_date": self.file_date.isoformat() if self.file_date else None,
            "imported_at": self.imported_at.isoformat(),
            "entries": self.entries,
            "sha256": self.sha256,
        }


def list_status_rows() -> list[ListStatus]:
    """Every list that has a version, with its newest version (two queries)."""
    lists = {rl.pk: rl for rl in RestrictedList.objects.select_related("owner")}
    newest: dict[int, ListVersion] = {}
    for version in ListVersion.objects.filter(list_id__in=list(lists)).order_by("list_id", "-number"):
        newest.setdefault(version.list_id, version)
    rows = []
    for pk, restricted in lists.items():
        if pk not in newest:
            continue
        version = newest[pk]
        rows.append(
            ListStatus(
                list_id=restricted.list_id,
                format=restricted.format,
                title=restricted.title,
                owner=restricted.owner.path if restricted.owner else "",
                version=version.number,
                file_date=version.file_date,
                imported_at=version.imported_at,
                entries=version.entry_count,
                sha256=version.sha256,
            )
        )
    return sorted(rows, key=lambda row: row.list_id)
