"""Builders for engine tests: a default trip and guidance documents with explicit overrides."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from waypost.policy.engine import Guidance, TripFacts, parse_guidance, trip_facts_from_json

ORG_PATH = ["national-authority", "acme", "acme-lab"]


def trip_json(**overrides: Any) -> dict[str, Any]:
    """Beijing → Tokyo Narita (3.5 h transit) → San Francisco (stay) → Beijing, declared 2026-02-01."""
    data: dict[str, Any] = {
        "traveller": {
            "sectors": ["ai"],
            "role": "executive",
            "sensitivity": 2,
            "organisation_path": list(ORG_PATH),
        },
        "purpose": "conference",
        "declared_on": "2026-02-01",
        "legs": [
            {
                "mode": "air",
                "from": "PEK",
                "to": "NRT",
                "depart": "2026-03-01T08:00",
                "arrive": "2026-03-01T12:30",
            },
            {
                "mode": "air",
                "from": "NRT",
                "to": "SFO",
                "depart": "2026-03-01T16:00",
                "arrive": "2026-03-01T09:00",
            },
            {
                "mode": "air",
                "from": "SFO",
                "to": "PEK",
                "depart": "2026-03-08T12:00",
                "arrive": "2026-03-09T17:00",
            },
        ],
        "stays": [{"city": "San Francisco", "country": "US", "from": "2026-03-01", "to": "2026-03-08"}],
        "devices": [{"kind": "laptop", "owner": "organisation", "sensitive_data": False}],
    }
    for key, value in overrides.items():
        if key in ("sectors", "role", "sensitivity", "organisation_path"):
            data["traveller"][key] = value
        else:
            data[key] = copy.deepcopy(value)
    return data


def trip(**overrides: Any) -> TripFacts:
    return trip_facts_from_json(trip_json(**overrides))


def guidance_text(rules: list[dict[str, Any]], **header: Any) -> str:
    document: dict[str, Any] = {
        "id": "test-guidance",
        "version": 1,
        "issuer": "acme",
        "status": "published",
        "title": {"en": "Test guidance"},
        "effective_from": "2025-01-01",
    }
    document.update(header)
    document["rules"] = rules
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def guidance(rules: list[dict[str, Any]], **header: Any) -> Guidance:
    return parse_guidance(guidance_text(rules, **header), source_name="test.yaml")


def rule(rule_id: str = "r", when: dict[str, Any] | None = None, **then: Any) -> dict[str, Any]:
    """A rule dict; ``then`` defaults to ``advisory: caution`` so a match is visible."""
    data: dict[str, Any] = {"id": rule_id, "then": then or {"advisory": "caution"}}
    if when is not None:
        data["when"] = when
    return data
