"""Turning a scored name pair into the explanation an officer reads.

The explanation is plain JSON-able data: which list name (alias) matched, how each
side was normalised and transliterated, which tokens aligned with which and how,
what was left over, and the parts of the score.
"""

from __future__ import annotations

from .align import NameScore
from .prepared import PreparedName


def describe_name(name: PreparedName) -> dict[str, object]:
    return {
        "text": name.text,
        "tokens": list(name.tokens),
        "scripts": list(name.scripts),
        "legal_forms": list(name.legal_forms),
        "honorifics": list(name.honorifics),
        "truncated": name.truncated,
    }


def _unit_source(name: PreparedName, unit_index: int) -> str:
    unit = name.units[unit_index]
    return " ".join(name.slots[i].source for i in unit.slots)


def _unit_method(name: PreparedName, unit_index: int) -> str:
    unit = name.units[unit_index]
    return "+".join(dict.fromkeys(name.slots[i].method for i in unit.slots))


def describe_alignment(query: PreparedName, entry: PreparedName, result: NameScore) -> dict[str, object]:
    pairs = [
        {
            "query": _unit_source(query, h.q_unit),
            "query_spelling": h.q_alt,
            "entry": _unit_source(entry, h.c_unit),
            "entry_spelling": h.c_alt,
            "transliteration": {
                "query": _unit_method(query, h.q_unit),
                "entry": _unit_method(entry, h.c_unit),
            },
            "similarity": round(h.sim, 4),
            "method": h.method,
        }
        for h in result.pairs
    ]
    return {
        "pairs": pairs,
        "unmatched_query": [query.slots[i].source for i in result.unmatched_query],
        "unmatched_entry": [entry.slots[i].source for i in result.unmatched_entry],
        "quality": round(result.quality, 4),
        "coverage": round(result.coverage, 4),
        "failed_checks": list(result.failed_checks),  # each a factor on the score (align.CHECK_FACTORS)
        "name_score": round(result.score, 4),
    }
