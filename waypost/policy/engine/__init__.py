"""The Waypost policy engine: pure Python, no Django.

Feed it :class:`TripFacts` (from :func:`trip_facts_from_json` or built by the ``trips`` app) and
:class:`Guidance` versions (from :func:`parse_guidance`); :func:`assess` returns an
:class:`Assessment` with the advisory level, the strictest obligations, the countries entered and
the reasons. :func:`diff` compares two assessments (amendments, simulations). See ``README.md``
in ``waypost/policy`` and ``docs/guidance.md``.
"""

from waypost.policy.engine.assess import Assessment, assess, compile_rules
from waypost.policy.engine.diff import AssessmentDiff, Change, diff
from waypost.policy.engine.errors import GuidanceError, Issue, TripFactsError
from waypost.policy.engine.explain import Fact, Reason
from waypost.policy.engine.facts import (
    Device,
    Leg,
    Place,
    Stay,
    TravellerFacts,
    TripFacts,
    trip_facts_from_json,
)
from waypost.policy.engine.guidance import (
    DestinationCondition,
    DeviceCondition,
    Guidance,
    LocalText,
    Rule,
    RuleRef,
    Then,
    TravellerCondition,
    When,
)
from waypost.policy.engine.itinerary import TRANSIT_LIMIT, CountryEntry, EntryKind, Itinerary
from waypost.policy.engine.levels import Advisory, Approver, DevicePolicy, GuidanceStatus
from waypost.policy.engine.obligations import OBLIGATIONS, Obligation, ObligationValue, combine
from waypost.policy.engine.parse import guidance_schema, parse_guidance
from waypost.policy.engine.ruleset import RuleSet

__all__ = [
    "OBLIGATIONS",
    "TRANSIT_LIMIT",
    "Advisory",
    "Approver",
    "Assessment",
    "AssessmentDiff",
    "Change",
    "CountryEntry",
    "DestinationCondition",
    "Device",
    "DeviceCondition",
    "DevicePolicy",
    "EntryKind",
    "Fact",
    "Guidance",
    "GuidanceError",
    "GuidanceStatus",
    "Issue",
    "Itinerary",
    "Leg",
    "LocalText",
    "Obligation",
    "ObligationValue",
    "Place",
    "Reason",
    "Rule",
    "RuleRef",
    "RuleSet",
    "Stay",
    "Then",
    "TravellerCondition",
    "TravellerFacts",
    "TripFacts",
    "TripFactsError",
    "When",
    "assess",
    "combine",
    "compile_rules",
    "diff",
    "guidance_schema",
    "parse_guidance",
    "trip_facts_from_json",
]
