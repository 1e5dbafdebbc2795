"""Hashing and verification of the audit chain (no database writes here)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_content(event: Any) -> bytes:
    """The exact bytes hashed for an event: every stored field but ``hash`` itself."""
    content = {
        "seq": event.seq,
        "occurred_at": _timestamp(event.occurred_at),
        "action": event.action,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "org_path": event.org_path,
        "before": event.before,
        "after": event.after,
        "extra": event.extra,
        "request_id": event.request_id,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode()


def compute_hash(event: Any) -> str:
    return hashlib.sha256(canonical_content(event)).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    problem: ChainProblem | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify_events(events: Iterable[Any], *, head_seq: int | None, head_hash: str | None) -> ChainReport:
    """Walk events in ``seq`` order and report the first one that breaks the chain.

    Detects an edited row (its hash no longer matches its content), a deleted row
    (a gap in ``seq`` or a ``prev_hash`` that names a missing predecessor), a
    reordered row, and a truncated tail (the chain head names a later event).
    """
    expected_seq = 1
    previous_hash = GENESIS_HASH
    checked = 0
    for event in events:
        if event.seq != expected_seq:
            return ChainReport(
                checked, ChainProblem(event.seq, f"expected event #{expected_seq}, found #{event.seq}")
            )
        if event.prev_hash != previous_hash:
            return ChainReport(checked, ChainProblem(event.seq, "does not follow the event before it"))
        if compute_hash(event) != event.hash:
            return ChainReport(checked, ChainProblem(event.seq, "content does not match its hash (edited)"))
        previous_hash = event.hash
        expected_seq += 1
        checked += 1
    if head_seq is not None and head_seq != checked:
        return ChainReport(
            checked, ChainProblem(checked + 1, f"chain head names event #{head_seq}, log ends at #{checked}")
        )
    if head_hash is not None and checked and head_hash != previous_hash:
        return ChainReport(checked, ChainProblem(checked, "last event differs from the chain head"))
    return ChainReport(checked, None)
