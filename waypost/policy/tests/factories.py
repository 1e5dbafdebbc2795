"""Builders for guidance tests: YAML documents with explicit overrides, and a publish shortcut."""

from __future__ import annotations

import copy
from typing import Any

import yaml

from waypost.policy.models import GuidanceVersion
from waypost.policy.services import guidance_draft_save, version_transition

#: AI and robotics leaders to the US and its allies, transits included (DESIGN.md §2).
LEADERS_RULE: dict[str, Any] = {
    "id": "advise-against",
    "when": {
        "traveller": {"sectors": ["ai", "robotics"], "roles": ["executive", "senior-researcher"]},
        "destinations": {"countries": ["US"], "groups": ["us-allies"], "include_transit": True},
    },
    "then": {"advisory": "advised_against", "declare_days_before": 14, "approval": ["manager"]},
    "rationale": {"en": "Risk of detention in transit."},
}

#: A milder rule for the same travellers and destinations.
CAUTION_RULE: dict[str, Any] = {
    "id": "take-care",
    "when": copy.deepcopy(LEADERS_RULE["when"]),
    "then": {"advisory": "caution"},
}


def guidance_yaml(
    *,
    slug: str = "ai-leaders",
    issuer: str = "lumen",
    effective_from: str = "2026-01-10",
    effective_to: str | None = None,
    rules: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> str:
    """A valid guidance document, in force from the tests' pinned today; override what matters."""
    document: dict[str, Any] = {
        "id": slug,
        "issuer": issuer,
        "effective_from": effective_from,
        "title": {"en": f"Guidance {slug}", "de": f"Richtlinie {slug}"},
    }
    if effective_to is not None:
        document["effective_to"] = effective_to
    document.update(extra)
    document["rules"] = copy.deepcopy(rules if rules is not None else [LEADERS_RULE])
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def publish(actor: Any, source: str, **kwargs: Any) -> GuidanceVersion:
    """Save ``source`` as a draft (of the guidance its id names) and publish it."""
    draft = guidance_draft_save(actor=actor, source=source, **kwargs)
    return version_transition(actor=actor, version=draft, action="publish")
