"""Guidance YAML: parsing, and validation errors that name the line and the field."""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

import pytest

from waypost.policy.engine import (
    Advisory,
    Approver,
    DevicePolicy,
    GuidanceError,
    GuidanceStatus,
    guidance_schema,
    parse_guidance,
)

DESIGN_EXAMPLE = textwrap.dedent(
    """\
    id: ai-leaders-us-and-allies
    issuer: eastern-province-technology-office
    title: {en: Travel by AI and robotics leaders, zh-hans: 人工智能与机器人领域负责人出行指引}
    effective_from: 2025-03-01
    rules:
      - id: advise-against
        when:
          traveller: {sectors: [ai, robotics], roles: [executive, senior-researcher]}
          destinations: {countries: [US], groups: [us-allies], include_transit: true}
        then:
          advisory: advised_against          # none < caution < advised_against < not_permitted
          declare_days_before: 14
          approval: [manager, security_officer]
          briefing: high-risk-destinations
          devices: clean_device_required
          check_in_every_hours: 48
          debrief_within_days: 7
        rationale: {en: Risk of detention in transit and of information leakage.}
    """
)


def errors(text: str) -> list[str]:
    with pytest.raises(GuidanceError) as caught:
        parse_guidance(text, source_name="test.yaml")
    return [str(issue) for issue in caught.value.issues]


def test_design_example_parses() -> None:
    guidance = parse_guidance(DESIGN_EXAMPLE, source_name="example.yaml")
    rule = guidance.rules[0]
    assert (guidance.id, guidance.version, guidance.status) == (
        "ai-leaders-us-and-allies",
        1,
        GuidanceStatus.DRAFT,
    )
    assert guidance.effective_from == dt.date(2025, 3, 1)
    assert guidance.title["zh-hans"] == "人工智能与机器人领域负责人出行指引"
    assert rule.when.destinations is not None
    assert rule.when.destinations.groups == ("us-allies",)
    assert rule.when.destinations.include_transit is True
    assert rule.then.advisory is Advisory.ADVISED_AGAINST
    assert rule.then.approval == (Approver.MANAGER, Approver.SECURITY_OFFICER)
    assert rule.then.briefing == frozenset({"high-risk-destinations"})
    assert rule.then.devices is DevicePolicy.CLEAN_DEVICE_REQUIRED


def replace(old: Any, new: Any) -> str:
    assert old in DESIGN_EXAMPLE
    return DESIGN_EXAMPLE.replace(old, new)


@pytest.mark.parametrize(
    ("case", "text", "expected"),
    [
        (
            "bad advisory",
            replace("advisory: advised_against", "advisory: maybe"),
            "line 11: rules[0].then.advisory: "
            "'maybe' is not one of none, caution, advised_against, not_permitted",
        ),
        (
            "unknown key with a suggestion",
            replace("debrief_within_days: 7", "debrief_withn_days: 7"),
            "line 17: rules[0].then.debrief_withn_days: unknown key 'debrief_withn_days'; "
            "did you mean 'debrief_within_days'?",
        ),
        (
            "unknown top-level key",
            replace("effective_from: 2025-03-01", "effective_from: 2025-03-01\nowner: bob"),
            "line 5: owner: unknown key 'owner'; "
            "expected one of id, version, issuer, status, effective_from, "
            "effective_to, title, body, rationale, rules",
        ),
        (
            "unknown country",
            replace("countries: [US]", "countries: [US, XY]"),
            "line 9: rules[0].when.destinations.countries[1]: unknown country code 'XY'",
        ),
        (
            "lower-case country",
            replace("countries: [US]", "countries: [us]"),
            "line 9: rules[0].when.destinations.countries[0]: "
            "'us' is not an ISO 3166-1 alpha-2 country code such as US",
        ),
        (
            "unknown group",
            replace("groups: [us-allies]", "groups: [us-alies]"),
            "line 9: rules[0].when.destinations.groups[0]: "
            "unknown country group 'us-alies'; did you mean 'us-allies'?",
        ),
        (
            "unknown airport",
            replace("include_transit: true}", "include_transit: true, airports: [QQQ]}"),
            "line 9: rules[0].when.destinations.airports[0]: unknown airport code 'QQQ'",
        ),
        (
            "bad date",
            replace("effective_from: 2025-03-01", "effective_from: 2025-02-30"),
            "line 4: effective_from: '2025-02-30' is not a valid date",
        ),
        (
            "missing title",
            replace(
                DESIGN_EXAMPLE.splitlines(keepends=True)[2],
                "",
            ),
            "line 1: missing required key 'title'",
        ),
        (
            "title without English",
            replace("title: {en: Travel by AI and robotics leaders, ", "title: {"),
            "line 3: title: missing required key 'en'",
        ),
        (
            "wrong type",
            replace("declare_days_before: 14", "declare_days_before: two weeks"),
            "line 12: rules[0].then.declare_days_before: expected a whole number, got 'two weeks'",
        ),
        (
            "duplicate key",
            replace("declare_days_before: 14", "declare_days_before: 14\n      declare_days_before: 21"),
            "line 13: rules[0].then.declare_days_before: key written twice",
        ),
        (
            "Norway is a country, not false",
            replace("countries: [US]", "countries: [NO, Norway]"),
            "line 9: rules[0].when.destinations.countries[1]: "
            "'Norway' is not an ISO 3166-1 alpha-2 country code such as US",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else "",
)
def test_validation_errors_name_line_and_field(case: str, text: str, expected: Any) -> None:
    assert expected in errors(text), case


@pytest.mark.parametrize(
    ("case", "text", "expected"),
    [
        ("unclosed flow sequence", "id: x\nrules: [a, b\nissuer: y\n", "line 3: malformed YAML"),
        ("bad indentation", "id: x\n  issuer: y\n", "line 2: malformed YAML"),
        ("two documents", "id: x\n---\nid: y\n", "line 2: malformed YAML"),
        ("a list, not a mapping", "- id: x\n", "line 1: expected a mapping"),
        ("empty document", "", "line 1: expected a mapping"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 and "\n" not in value else "",
)
def test_malformed_yaml_is_reported_with_its_line(case: str, text: str, expected: Any) -> None:
    found = errors(text)
    assert len(found) == 1
    assert found[0].startswith(expected), (case, found)


def test_errors_are_sorted_by_line_and_collected_together() -> None:
    text = replace("advisory: advised_against", "advisory: maybe").replace(
        "groups: [us-allies]", "groups: [nope]"
    )
    found = errors(text)
    assert [line.split(":")[0] for line in found] == ["line 9", "line 11"]


def test_the_error_message_names_the_source() -> None:
    with pytest.raises(
        GuidanceError, match=r"^bad\.yaml: 1 error\(s\)\n  line 11: rules\[0\]\.then\.advisory"
    ):
        parse_guidance(replace("advisory: advised_against", "advisory: maybe"), source_name="bad.yaml")


def test_min_above_max_is_rejected() -> None:
    text = replace("roles: [executive, senior-researcher]}", "min_sensitivity: 3, max_sensitivity: 1}")
    assert "line 8: rules[0].when.traveller.max_sensitivity: 1 is less than min_sensitivity 3" in errors(text)


def test_effective_to_before_effective_from_is_rejected() -> None:
    text = replace("effective_from: 2025-03-01", "effective_from: 2025-03-01\neffective_to: 2025-01-01")
    assert "line 5: effective_to: 2025-01-01 is before effective_from 2025-03-01" in errors(text)


def test_groups_can_be_supplied_by_the_caller() -> None:
    from waypost.geo.groups import load_country_groups

    groups = {"us-allies": load_country_groups()["us-allies"]}
    assert parse_guidance(DESIGN_EXAMPLE, source_name="x", groups=groups).rules[0].id == "advise-against"
    with pytest.raises(GuidanceError, match="unknown country group 'us-allies'"):
        parse_guidance(DESIGN_EXAMPLE, source_name="x", groups={})


def test_the_schema_documents_every_then_key() -> None:
    then = guidance_schema()["$defs"]["then"]["properties"]
    assert set(then) == {
        "advisory",
        "declare_days_before",
        "approval",
        "briefing",
        "devices",
        "check_in_every_hours",
        "debrief_within_days",
        "debrief_form",
        "notify",
    }
