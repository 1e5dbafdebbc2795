"""Assessment: each ``when`` facet, strictest-wins combination, lifecycle, lateness and reasons.

The default trip (see factories) is an AI executive, sensitivity 2, at acme-lab, flying
Beijing → Tokyo Narita (3.5 h transit) → San Francisco (stay, 1-8 March 2026) → Beijing,
declared on 2026-02-01 with an organisation laptop.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from waypost.policy.engine import Advisory, TripFacts, assess, compile_rules, trip_facts_from_json
from waypost.policy.engine.tests.factories import guidance, rule, trip, trip_json

ON = dt.date(2026, 2, 1)


def advisory_for(when: dict[str, Any] | None, facts: TripFacts | None = None) -> Advisory:
    return assess(facts or trip(), [guidance([rule("r", when)])], on=ON).advisory


@pytest.mark.parametrize(
    ("case", "when", "overrides", "matches"),
    [
        ("no when matches every trip", None, {}, True),
        ("sector any-of", {"traveller": {"sectors": ["robotics", "ai"]}}, {}, True),
        ("sector mismatch", {"traveller": {"sectors": ["biotech"]}}, {}, False),
        ("role any-of", {"traveller": {"roles": ["engineer", "executive"]}}, {}, True),
        ("role mismatch", {"traveller": {"roles": ["engineer"]}}, {}, False),
        ("role unknown", {"traveller": {"roles": ["engineer"]}}, {"role": None}, False),
        ("min sensitivity met", {"traveller": {"min_sensitivity": 2}}, {}, True),
        ("min sensitivity not met", {"traveller": {"min_sensitivity": 3}}, {}, False),
        ("max sensitivity met", {"traveller": {"max_sensitivity": 2}}, {}, True),
        ("max sensitivity exceeded", {"traveller": {"max_sensitivity": 1}}, {}, False),
        ("sector and role both needed", {"traveller": {"sectors": ["ai"], "roles": ["staff"]}}, {}, False),
        ("organisation on the path", {"organisations": ["acme-lab"]}, {}, True),
        ("organisation ancestor", {"organisations": ["national-authority"]}, {}, True),
        ("organisation elsewhere", {"organisations": ["other-lab"]}, {}, False),
        ("stay country", {"destinations": {"countries": ["US"]}}, {}, True),
        ("stay country absent", {"destinations": {"countries": ["FR"]}}, {}, False),
        ("transit ignored by default", {"destinations": {"countries": ["JP"]}}, {}, False),
        (
            "transit counted when asked",
            {"destinations": {"countries": ["JP"], "include_transit": True}},
            {},
            True,
        ),
        ("group membership (stay)", {"destinations": {"groups": ["five-eyes"]}}, {}, True),
        (
            "group membership (transit, us-allies)",
            {"destinations": {"groups": ["us-mnna"], "include_transit": True}},
            {},
            True,
        ),
        (
            "group without member entered",
            {"destinations": {"groups": ["eu"], "include_transit": True}},
            {},
            False,
        ),
        (
            "excluded country",
            {"destinations": {"groups": ["five-eyes"], "exclude_countries": ["US"]}},
            {},
            False,
        ),
        (
            "any foreign country except",
            {"destinations": {"exclude_countries": ["US"], "include_transit": True}},
            {},
            True,
        ),
        (
            "any foreign country except all",
            {"destinations": {"exclude_countries": ["US", "JP"], "include_transit": True}},
            {},
            False,
        ),
        (
            "home country is never a destination",
            {"destinations": {"countries": ["CN"], "include_transit": True}},
            {},
            False,
        ),
        ("airport (stay)", {"destinations": {"airports": ["SFO"]}}, {}, True),
        ("airport (transit needs include_transit)", {"destinations": {"airports": ["NRT"]}}, {}, False),
        ("airport transit", {"destinations": {"airports": ["NRT"], "include_transit": True}}, {}, True),
        ("purpose any-of", {"purposes": ["conference", "negotiation"]}, {}, True),
        ("purpose mismatch", {"purposes": ["holiday"]}, {}, False),
        ("device kind", {"devices": {"kinds": ["laptop"]}}, {}, True),
        ("device kind mismatch", {"devices": {"kinds": ["phone"]}}, {}, False),
        ("device with sensitive data", {"devices": {"sensitive_data": True}}, {}, False),
        (
            "device with sensitive data carried",
            {"devices": {"sensitive_data": True}},
            {"devices": [{"kind": "phone"}, {"kind": "laptop", "sensitive_data": True}]},
            True,
        ),
        (
            "one device must have all properties",
            {"devices": {"kinds": ["phone"], "sensitive_data": True}},
            {"devices": [{"kind": "phone"}, {"kind": "laptop", "sensitive_data": True}]},
            False,
        ),
        ("device owner", {"devices": {"owners": ["personal"]}}, {}, False),
        ("no devices carried", {"devices": {"kinds": ["laptop"]}}, {"devices": []}, False),
        ("min days met (9-day trip)", {"min_days": 9}, {}, True),
        ("min days not met", {"min_days": 10}, {}, False),
        ("max days met", {"max_days": 9}, {}, True),
        ("max days exceeded", {"max_days": 8}, {}, False),
        (
            "all facets together",
            {
                "traveller": {"sectors": ["ai"], "roles": ["executive"], "min_sensitivity": 2},
                "organisations": ["acme"],
                "destinations": {"groups": ["us-allies"], "include_transit": True},
                "purposes": ["conference"],
                "devices": {"kinds": ["laptop"]},
                "min_days": 2,
                "max_days": 30,
            },
            {},
            True,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "",
)
def test_when_facets(
    case: str, when: dict[str, Any] | None, overrides: dict[str, Any], matches: bool
) -> None:
    facts = trip(**overrides)
    expected = Advisory.CAUTION if matches else Advisory.NONE
    assert advisory_for(when, facts) is expected, case


@pytest.mark.parametrize(
    ("name", "first", "second", "expected", "contributors"),
    [
        ("advisory", "caution", "advised_against", "advised_against", ["b"]),
        ("advisory", "not_permitted", "caution", "not_permitted", ["a"]),
        ("declare_days_before", 7, 14, 14, ["b"]),
        ("declare_days_before", 14, 14, 14, ["a", "b"]),
        ("approval", ["security_officer"], ["manager"], ("manager", "security_officer"), ["a", "b"]),
        ("approval", "manager", "manager", ("manager",), ["a", "b"]),
        ("briefing", "high-risk", ["transit", "high-risk"], ("high-risk", "transit"), ["a", "b"]),
        ("devices", "own_device_ok", "clean_device_required", "clean_device_required", ["b"]),
        ("devices", "no_devices", "organisation_device_required", "no_devices", ["a"]),
        ("check_in_every_hours", 48, 24, 24, ["b"]),
        ("debrief_within_days", 7, 14, 7, ["a"]),
        ("debrief_form", "standard", "extended", ("extended", "standard"), ["a", "b"]),
        (
            "notify",
            ["security_officer"],
            ["export-control"],
            ("export-control", "security_officer"),
            ["a", "b"],
        ),
    ],
)
def test_the_strictest_value_of_each_obligation_wins(
    name: str, first: Any, second: Any, expected: Any, contributors: list[str]
) -> None:
    document = guidance([rule("a", None, **{name: first}), rule("b", None, **{name: second})])
    result = assess(trip(), [document], on=ON)
    value: Any
    if name == "advisory":
        value, refs = result.advisory.value, result.advisory_rules
    else:
        obligation = result.obligation(name)
        assert obligation is not None
        value, refs = obligation.value, obligation.rules
    assert value == expected
    assert [ref.rule for ref in refs] == contributors


def test_an_obligation_only_one_rule_sets_is_kept() -> None:
    document = guidance([rule("a", None, check_in_every_hours=24), rule("b", None, debrief_within_days=3)])
    result = assess(trip(), [document], on=ON)
    assert (result.value("check_in_every_hours"), result.value("debrief_within_days")) == (24, 3)
    assert result.value("declare_days_before") is None


def test_design_example_trip_transit_in_canada_counts_for_us_allies() -> None:
    """PEK → YVR → MEX enters Canada in transit; with include_transit the us-allies rule matches."""
    data = {
        "traveller": {"sectors": ["ai"], "role": "executive", "sensitivity": 3},
        "purpose": "conference",
        "legs": [
            {
                "mode": "air",
                "from": "PEK",
                "to": "YVR",
                "depart": "2026-03-01T10:00",
                "arrive": "2026-03-01T07:30",
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
    }
    facts = trip_facts_from_json(data)
    when: dict[str, Any] = {
        "traveller": {"sectors": ["ai", "robotics"]},
        "destinations": {"countries": ["US"], "groups": ["us-allies"]},
    }
    without_transit = assess(facts, [guidance([rule("r", when, advisory="advised_against")])], on=ON)
    assert without_transit.advisory is Advisory.NONE  # Mexico is no longer a Rio Treaty party
    when["destinations"]["include_transit"] = True
    result = assess(facts, [guidance([rule("r", when, advisory="advised_against")])], on=ON)
    assert result.advisory is Advisory.ADVISED_AGAINST
    assert [(c.country, c.how.value, c.where) for c in result.countries] == [
        ("CA", "transit", "YVR"),
        ("MX", "stay", "MEX"),
    ]
    reason = result.reasons[0]
    assert reason.text == "transit at YVR, Canada, member of us-allies; traveller sector ai"
    assert reason.facts[0].text == "transit at YVR, Canada, member of us-allies"
    assert reason.facts[0].code == "transit_in_group"
    assert dict(reason.facts[0].params) == {
        "country": "CA",
        "city": "Richmond",
        "airport": "YVR",
        "group": "us-allies",
    }
    assert reason.facts[1].text == "traveller sector ai"


def test_reasons_name_stays_by_city_and_explicit_countries_without_group() -> None:
    result = assess(
        trip(), [guidance([rule("r", {"destinations": {"countries": ["US"], "groups": ["nato"]}})])], on=ON
    )
    assert result.reasons[0].facts[0].text == "stay in San Francisco, United States"
    assert result.reasons[0].facts[0].code == "stay_in_country"


def test_reasons_explain_traveller_device_purpose_and_length() -> None:
    when = {
        "traveller": {"sectors": ["ai"], "roles": ["executive"]},
        "organisations": ["acme"],
        "purposes": ["conference"],
        "devices": {"kinds": ["laptop"], "sensitive_data": False},
        "min_days": 3,
    }
    result = assess(trip(), [guidance([rule("r", when)], rationale={"en": "Why"})], on=ON)
    assert [fact.text for fact in result.reasons[0].facts] == [
        "traveller sector ai, role executive",
        "organisation within acme",
        "purpose conference",
        "carries laptop without sensitive data",
        "trip of 9 days",
    ]


@pytest.mark.parametrize(
    ("case", "header", "on", "in_force"),
    [
        ("published and effective", {}, ON, True),
        ("draft", {"status": "draft"}, ON, False),
        ("retired", {"status": "retired"}, ON, False),
        ("not yet effective", {"effective_from": "2026-03-01"}, ON, False),
        ("first effective day", {"effective_from": "2026-02-01"}, ON, True),
        ("last effective day", {"effective_to": "2026-02-01"}, ON, True),
        ("expired", {"effective_to": "2026-01-31"}, ON, False),
    ],
)
def test_only_guidance_in_force_is_used(
    case: str, header: dict[str, Any], on: dt.date, in_force: bool
) -> None:
    result = assess(trip(), [guidance([rule()], **header)], on=on)
    assert (result.advisory is Advisory.CAUTION) is in_force, case
    assert bool(result.guidance_versions) is in_force


def test_highest_in_force_version_is_used() -> None:
    v1 = guidance([rule("r", None, advisory="caution")], version=1)
    v2 = guidance([rule("r", None, advisory="advised_against")], version=2)
    result = assess(trip(), [v2, v1], on=ON)
    assert result.advisory is Advisory.ADVISED_AGAINST
    assert result.guidance_versions == (("test-guidance", 2),)


def test_a_draft_passed_for_simulation_replaces_the_published_version() -> None:
    published = guidance([rule("r", None, advisory="caution")], version=1)
    draft = guidance([rule("r", None, advisory="not_permitted")], version=2, status="draft")
    assert assess(trip(), [published, draft], on=ON).advisory is Advisory.CAUTION
    simulated = assess(trip(), [published], on=ON, drafts=[draft])
    assert simulated.advisory is Advisory.NOT_PERMITTED
    assert simulated.guidance_versions == (("test-guidance", 2),)


@pytest.mark.parametrize(
    ("case", "issuer", "path", "applies"),
    [
        ("issued at the traveller's unit", "acme-lab", ["national-authority", "acme", "acme-lab"], True),
        (
            "issued by the authority above",
            "national-authority",
            ["national-authority", "acme", "acme-lab"],
            True,
        ),
        ("issued elsewhere", "other-org", ["national-authority", "acme", "acme-lab"], False),
        ("issued below the traveller", "acme-lab", ["national-authority", "acme"], False),
        ("organisation unknown (CLI): every issuer applies", "other-org", [], True),
    ],
)
def test_guidance_applies_to_the_issuer_subtree(case: str, issuer: str, path: Any, applies: bool) -> None:
    result = assess(trip(organisation_path=path), [guidance([rule()], issuer=issuer)], on=ON)
    assert (result.advisory is Advisory.CAUTION) is applies, case


@pytest.mark.parametrize(
    ("declared_on", "lead_days", "late"),
    [("2026-02-01", 28, False), ("2026-02-15", 14, False), ("2026-02-16", 13, True), (None, None, False)],
)
def test_late_declaration(declared_on: str | None, lead_days: int | None, late: bool) -> None:
    facts = trip_facts_from_json({**trip_json(), "declared_on": declared_on})
    result = assess(facts, [guidance([rule("r", None, declare_days_before=14)])], on=ON)
    assert (result.lead_days, result.late) == (lead_days, late)


def test_without_a_declaration_deadline_nothing_is_late() -> None:
    facts = trip_facts_from_json({**trip_json(), "declared_on": "2026-02-28"})
    assert assess(facts, [guidance([rule()])], on=ON).late is False


def test_assessment_is_deterministic_whatever_the_input_order() -> None:
    a = guidance([rule("x", None, briefing=["b2", "b1"]), rule("y", None, notify="n")], id="a-guidance")
    b = guidance([rule("z", None, briefing="b0", advisory="caution")], id="b-guidance")
    first = assess(trip(), [a, b], on=ON).to_json()
    second = assess(trip(), [b, a], on=ON).to_json()
    assert first == second
    assert [r["guidance"] + "/" + r["rule"] for r in first["reasons"]] == [
        "a-guidance/x",
        "a-guidance/y",
        "b-guidance/z",
    ]
    assert first["obligations"]["briefing"]["value"] == ["b0", "b1", "b2"]


def test_to_json_is_plain_json() -> None:
    document = guidance(
        [
            rule(
                "r",
                {"destinations": {"groups": ["us-allies"], "include_transit": True}},
                advisory="caution",
                approval=["manager"],
                devices="clean_device_required",
            )
        ]
    )
    data = assess(trip(), [document], on=ON).to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["advisory"] == "caution"
    assert data["countries"][0] == {
        "country": "JP",
        "how": "transit",
        "where": "NRT",
        "airport": "NRT",
        "city": "Tokyo",
        "hours": 3.5,
        "arrive": "2026-03-01T12:30",
        "leave": "2026-03-01T16:00",
    }
    assert data["obligations"]["devices"] == {
        "value": "clean_device_required",
        "rules": [{"guidance": "test-guidance", "version": 1, "rule": "r"}],
    }
    assert data["reasons"][0]["facts"][0] == {
        "code": "transit_in_group",
        "params": {"country": "JP", "city": "Tokyo", "airport": "NRT", "group": "us-allies"},
        "text": "transit at NRT, Japan, member of us-allies",
    }


def test_a_compiled_rule_set_gives_the_same_result() -> None:
    documents = [guidance([rule("r", {"destinations": {"countries": ["US"]}}, advisory="caution")])]
    compiled = compile_rules(documents)
    assert assess(trip(), compiled, on=ON) == assess(trip(), documents, on=ON)
    with pytest.raises(TypeError):
        assess(trip(), compiled, on=ON, drafts=documents)
