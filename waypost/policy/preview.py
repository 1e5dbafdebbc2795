"""The guidance editor's live preview: check YAML as typed and assess a sample trip against it.

Nothing is stored. The web editor renders the result beside the YAML; the API returns it as JSON.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from waypost.core import clock
from waypost.geo.selectors import all_groups

from .engine import (
    GuidanceError,
    GuidanceStatus,
    TripFactsError,
    assess,
    parse_guidance,
    trip_facts_from_json,
)
from .messages import issue_text, issues_json


@dataclasses.dataclass(frozen=True)
class GuidancePreview:
    """What the editor shows: the YAML's problems, the sample trip's problems, or the assessment."""

    issues: list[dict[str, Any]]
    trip_errors: list[str]
    assessment: dict[str, Any] | None
    rule_count: int
    on: dt.date | None

    @property
    def valid(self) -> bool:
        return not self.issues


def guidance_preview(*, source: str, sample: Mapping[str, Any]) -> GuidancePreview:
    """Parse ``source`` and assess ``sample`` (trip JSON) against it as if it were published.

    The day assessed is today, or the guidance's first day if that is later.
    """
    try:
        guidance = parse_guidance(source, source_name="guidance", groups=all_groups())
    except GuidanceError as error:
        return GuidancePreview(issues_json(error.issues), [], None, 0, None)
    rule_count = len(guidance.rules)
    day = max(clock.today(), guidance.effective_from)
    try:
        facts = trip_facts_from_json(dict(sample))
    except TripFactsError as error:
        return GuidancePreview([], [issue_text(i) for i in error.issues], None, rule_count, day)
    published = dataclasses.replace(guidance, status=GuidanceStatus.PUBLISHED)
    result = assess(facts, [published], on=day, groups=all_groups())
    return GuidancePreview([], [], result.to_json(), rule_count, day)
