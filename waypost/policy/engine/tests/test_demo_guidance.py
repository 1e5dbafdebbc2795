"""The demo guidance documents parse, and assess DESIGN.md's sample trip as their authors intend."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from waypost.policy.engine import Advisory, Guidance, assess, parse_guidance, trip_facts_from_json

DEMO = Path(__file__).resolve().parents[3] / "demo" / "guidance"
ON = dt.date(2026, 2, 1)
LANGUAGES = ("en", "de", "zh-hans")


def demo(name: str) -> Guidance:
    path = DEMO / f"{name}.yaml"
    return parse_guidance(path.read_text(encoding="utf-8"), source_name=path.name)


def design_trip(**traveller: Any) -> dict[str, Any]:
    """DESIGN.md §3: Beijing → Vancouver (5 h on the ground) → Mexico City, with a stay there."""
    return {
        "traveller": {"sectors": ["ai"], "role": "executive", "sensitivity": 3, **traveller},
        "purpose": "conference",
        "legs": [
            {
                "mode": "air",
                "from": "PEK",
                "to": "YVR",
                "depart": "2026-03-01T10:00",
                "arrive": "2026-03-01T07:30",
                "flight": "CA991",
            },
            {
                "mode": "air",
                "from": "YVR",
                "to": "MEX",
                "depart": "2026-03-01T12:40",
                "arrive": "2026-03-01T20:05",
            },
        ],
        "stays": [{"city": "Mexico City", "country": "MX", "from": "2026-03-01", "to": "2026-03-06"}],
        "devices": [{"kind": "laptop", "owner": "organisation", "sensitive_data": False}],
    }


@pytest.mark.parametrize("name", ["ai-leaders-us-and-allies", "university-countries-of-concern"])
def test_demo_guidance_is_published_and_written_in_three_languages(name: str) -> None:
    guidance = demo(name)
    assert guidance.id == name
    assert guidance.in_force(ON)
    for text in (guidance.title, guidance.body, guidance.rationale):
        assert set(text) == set(LANGUAGES)
    for rule in guidance.rules:
        assert set(rule.title) == set(LANGUAGES)
        assert set(rule.rationale) == set(LANGUAGES)


def test_an_ai_executive_is_advised_against_the_design_trip_because_of_the_canada_transit() -> None:
    # given the Beijing → Vancouver → Mexico City trip of an AI executive
    facts = trip_facts_from_json(design_trip())

    # when it is assessed against the eastern authority's guidance
    result = assess(facts, [demo("ai-leaders-us-and-allies")], on=ON)

    # then the transit in Canada makes both rules match, and the leaders' rule is the strictest
    assert result.advisory is Advisory.ADVISED_AGAINST
    assert [ref.rule for ref in result.advisory_rules] == ["advise-against"]
    assert dict(result.values) == {
        "declare_days_before": 14,
        "approval": ("manager", "security_officer"),
        "briefing": ("high-risk-destinations",),
        "devices": "clean_device_required",
        "check_in_every_hours": 48,
        "debrief_within_days": 7,
    }
    leaders = result.reasons[0]
    assert leaders.ref.rule == "advise-against"
    assert leaders.text == "transit at YVR, Canada, member of us-allies; traveller sector ai, role executive"
    assert leaders.facts[0].code == "transit_in_group"
    assert dict(leaders.facts[0].params)["country"] == "CA"
    # Mexico left the Rio Treaty and is no major non-NATO ally: the stay there is no reason.
    assert all(fact.params[0] != ("country", "MX") for reason in result.reasons for fact in reason.facts)


def test_other_ai_staff_get_the_milder_rule() -> None:
    facts = trip_facts_from_json(design_trip(role="engineer", sensitivity=1))
    result = assess(facts, [demo("ai-leaders-us-and-allies")], on=ON)
    assert result.advisory is Advisory.CAUTION
    assert [ref.rule for ref in result.matched_rules] == ["staff-caution"]
    assert dict(result.values) == {
        "declare_days_before": 7,
        "approval": ("manager",),
        "debrief_within_days": 14,
    }


def test_travellers_outside_ai_and_robotics_are_not_concerned() -> None:
    facts = trip_facts_from_json(design_trip(sectors=["semiconductors"]))
    assert assess(facts, [demo("ai-leaders-us-and-allies")], on=ON).advisory is Advisory.NONE


@pytest.mark.parametrize(
    ("hub", "expected"),
    [("PEK", Advisory.CAUTION), ("HKG", Advisory.CAUTION), ("DXB", Advisory.NONE)],
)
def test_the_university_registers_trips_through_a_country_of_concern(hub: str, expected: Advisory) -> None:
    # given a Frankfurt → hub → Tokyo trip by a university researcher, changing planes at the hub
    stops = {"PEK": ("2026-03-02T06:00", "2026-03-02T09:00"), "HKG": ("2026-03-02T06:00", "2026-03-02T09:00")}
    arrive, depart = stops.get(hub, ("2026-03-01T20:00", "2026-03-01T23:00"))
    data = {
        "traveller": {"sectors": ["quantum"], "role": "researcher", "sensitivity": 2},
        "legs": [
            {"from": "FRA", "to": hub, "depart": "2026-03-01T12:00", "arrive": arrive},
            {"from": hub, "to": "NRT", "depart": depart, "arrive": "2026-03-02T18:00"},
        ],
    }

    # when it is assessed against the university's guidance
    result = assess(trip_facts_from_json(data), [demo("university-countries-of-concern")], on=ON)

    # then a transit in mainland China or Hong Kong needs registration, a briefing and a debrief
    assert result.advisory is expected
    if expected is Advisory.CAUTION:
        assert dict(result.values) == {
            "declare_days_before": 21,
            "briefing": ("countries-of-concern",),
            "debrief_within_days": 14,
        }
        assert result.reasons[0].facts[0].text.startswith(f"transit at {hub}")


def test_every_briefing_named_by_demo_guidance_is_written_in_three_languages() -> None:
    named = {
        briefing
        for name in ("ai-leaders-us-and-allies", "university-countries-of-concern")
        for rule in demo(name).rules
        for briefing in rule.then.briefing
    }
    assert named == {"high-risk-destinations", "countries-of-concern"}
    for briefing in named:
        for language in LANGUAGES:
            text = (DEMO / "briefings" / f"{briefing}.{language}.md").read_text(encoding="utf-8")
            assert re.match(r"# \S", text), (briefing, language)
            assert "Waypost" in text
