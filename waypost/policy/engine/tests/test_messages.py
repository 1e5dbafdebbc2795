"""Engine messages are templates with named parameters, marked for extraction and rendered per language."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from waypost.policy.engine import GuidanceError, Issue, TripFactsError, guidance_schema, parse_guidance
from waypost.policy.engine import parse as parse_module
from waypost.policy.engine.tests.factories import trip_json
from waypost.policy.engine.tests.test_parse import DESIGN_EXAMPLE

ENGINE = Path(parse_module.__file__).resolve().parent
GEO = ENGINE.parent.parent / "geo"
SOURCES = [*sorted(ENGINE.glob("*.py")), GEO / "groups.py", GEO / "airports.py"]

PLACEHOLDER = re.compile(r"%\((?P<name>[a-z_]+)\)s|%%")

#: Templates no input can reach with the shipped schema: fallbacks for schema keywords and JSON
#: types it does not use (``test_the_schema_uses_only_handled_keywords`` keeps it that way).
UNREACHABLE = {
    "invalid value: %(detail)s",
    "expected a value of JSON type %(types)s, got %(value)s",
    "expected a number, got %(value)s",
}


def replace(old: str, new: str) -> str:
    assert old in DESIGN_EXAMPLE
    return DESIGN_EXAMPLE.replace(old, new)


BAD_GUIDANCE = [
    replace("advisory: advised_against", "advisory: maybe"),
    replace("debrief_within_days: 7", "debrief_withn_days: 7"),
    replace("effective_from: 2025-03-01", "effective_from: 2025-03-01\nowner: bob"),
    replace("title: {en: Travel", "title: {xx_YY: x, en: Travel"),
    replace("countries: [US]", "countries: [US, XY, us, 7]"),
    replace("groups: [us-allies]", "groups: [us-alies, zzzzzzzz]"),
    replace("include_transit: true}", "include_transit: yes, airports: [QQQ, yvr]}"),
    replace("effective_from: 2025-03-01", "effective_from: 2025-02-30\neffective_to: 2025-0-1"),
    replace("effective_from: 2025-03-01", "effective_from: 2025-03-01\neffective_to: 2025-01-01"),
    replace("id: ai-leaders-us-and-allies", "id: AI Leaders"),
    replace(DESIGN_EXAMPLE.splitlines(keepends=True)[2], ""),
    replace("declare_days_before: 14", "declare_days_before: two weeks\n      notify: []"),
    replace("declare_days_before: 14", "declare_days_before: -1\n      briefing: {a: b}"),
    replace("declare_days_before: 14", "declare_days_before: 14\n      declare_days_before: 21"),
    replace("approval: [manager, security_officer]", "approval: [manager, ceo]"),
    replace("approval: [manager, security_officer]", "approval: ceo"),
    replace("approval: [manager, security_officer]", "approval: 5"),
    replace("roles: [executive, senior-researcher]}", "min_sensitivity: 3, max_sensitivity: 1}"),
    replace("roles: [executive, senior-researcher]}", "max_sensitivity: 5}"),
    DESIGN_EXAMPLE + "  - id: advise-against\n    then: {advisory: none}\n",
    replace("  - id: advise-against\n    when:", "  - id: advise-against\n    when: 5\n    x:"),
    "id: x\nrules: [a, b\nissuer: y\n",
    "- id: x\n",
    "rules: 5\nid: x\nissuer: y\ntitle: {en: T}\neffective_from: 2025-01-01\n",
    replace("sectors: [ai, robotics]", "sectors: 5"),
    "rules: []\nid: x\nissuer: y\ntitle: {en: T}\neffective_from: 2025-01-01\n",
]


def with_leg(index: int, **changes: Any) -> dict[str, Any]:
    data = trip_json()
    data["legs"][index].update(changes)
    return data


def with_place(**place: Any) -> dict[str, Any]:
    return with_leg(0, **{"from": place})


BAD_TRIPS: list[Any] = [
    with_leg(0, to="XQZ", mode="rocket", depart="soon"),
    with_leg(0, arrive="2026-03-01T08:30"),
    with_leg(1, depart="2026-03-01T11:00", **{"from": "ICN"}),
    with_leg(0, depart="0001-01-01T00:00"),
    {
        **trip_json(),
        "legs": [{"from": "FRA", "to": "LHR", "depart": "2026-03-29T02:30", "arrive": "2026-03-29T04:00"}],
    },
    with_place(city="Toronto", country="CA"),
    with_place(city="Berlin", country="DE", tz="Europe/Nowhere"),
    with_place(city="Berlin", country="DE", tz=5),
    with_place(city="", country="Germany"),
    with_leg(0, **{"from": ["PEK"]}),
    trip_json(stays=[{"city": "X", "country": "US", "from": "2026-02-30", "to": "2026-03-02"}]),
    trip_json(stays=[{"city": "X", "country": "US", "from": "2026-03-05", "to": "2026-03-02"}]),
    trip_json(sensitivity=7, sectors="ai", role=["x"], organisation_path="acme"),
    trip_json(devices=[{"kind": "phone", "sensitive_data": "yes"}, "laptop"], stays={}, legs=[5]),
    {"traveller": [], "legs": []},
    {"traveller": {}},
    [1, 2],
]


def guidance_issues() -> list[Issue]:
    issues: list[Issue] = []
    for text in BAD_GUIDANCE:
        with pytest.raises(GuidanceError) as caught:
            parse_guidance(text, source_name="bad.yaml")
        issues += caught.value.issues
    return issues


def trip_issues() -> list[Issue]:
    from waypost.policy.engine import trip_facts_from_json

    issues: list[Issue] = []
    for data in BAD_TRIPS:
        with pytest.raises(TripFactsError) as caught:
            trip_facts_from_json(data)
        issues += caught.value.issues
    return issues


ALL_ISSUES = [*guidance_issues(), *trip_issues()]


def marked_templates() -> dict[str, Path]:
    """Every ``gettext_noop("…")`` literal in the engine and geo modules, with its file."""
    found: dict[str, Path] = {}
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop":
                (argument,) = node.args
                assert isinstance(argument, ast.Constant), f"{path.name}:{node.lineno}: not a literal"
                found[argument.value] = path
    return found


def shouting(template: str) -> str:
    """A fake translation: upper case, placeholders kept."""
    parts = re.split(r"(%\([a-z_]+\)s|%%)", template)
    return "".join(part if PLACEHOLDER.fullmatch(part) else part.upper() for part in parts)


def placeholders(template: str) -> set[str]:
    return {m.group("name") for m in PLACEHOLDER.finditer(template) if m.group("name")}


@pytest.mark.parametrize("issue", ALL_ISSUES, ids=lambda issue: f"{issue.path}:{issue.template[:30]}")
def test_every_issue_is_a_named_template_with_its_parameters(issue: Issue) -> None:
    assert "%" not in PLACEHOLDER.sub("", issue.template), issue.template
    assert placeholders(issue.template) == set(issue.params), issue
    assert issue.message == issue.template % issue.params
    assert all(isinstance(value, str | int | float) or value is None for value in issue.params.values())


@pytest.mark.parametrize("issue", ALL_ISSUES, ids=lambda issue: f"{issue.path}:{issue.template[:30]}")
def test_render_uses_the_translation(issue: Issue) -> None:
    asked: list[str] = []

    def translate(text: str) -> str:
        asked.append(text)
        return shouting(text)

    assert issue.render(translate) == shouting(issue.template) % issue.params
    assert asked == [issue.template]


def test_a_rendered_issue_keeps_the_values_as_written() -> None:
    issue = next(i for i in trip_issues() if i.template == "unknown airport code '%(code)s'")
    assert issue.render(shouting) == "UNKNOWN AIRPORT CODE 'XQZ'"
    assert issue.message == "unknown airport code 'XQZ'"
    advisory = next(i for i in ALL_ISSUES if i.path == "rules[0].then.advisory")
    assert advisory.render(shouting) == "'maybe' IS NOT ONE OF none, caution, advised_against, not_permitted"


@pytest.mark.parametrize(
    "translation",
    [
        "unbekannter Flughafencode „%(airport)s“",  # names a parameter the issue does not have
        "unbekannter Flughafencode „%(code)“",  # malformed placeholder
        "unbekannter Flughafencode %s",  # positional
        "unbekannter Flughafencode „%(code)s“ (100%)",  # a lone percent sign
    ],
)
def test_a_broken_translation_falls_back_to_english(translation: str) -> None:
    issue = Issue("legs[0].to", "unknown airport code '%(code)s'", params={"code": "XQZ"})
    translate: Callable[[str], str] = lambda _text: translation  # noqa: E731
    assert issue.render(translate) == "unknown airport code 'XQZ'"


def test_issues_keep_their_str_form_and_serialise_to_json() -> None:
    issue = Issue(
        "rules[0].id",
        "rule id '%(id)s' already used by %(other)s",
        params={"id": "a", "other": "rules[0]"},
        line=7,
    )
    assert str(issue) == "line 7: rules[0].id: rule id 'a' already used by rules[0]"
    assert json.loads(json.dumps(issue.to_json()))["params"] == {"id": "a", "other": "rules[0]"}
    assert len({issue, Issue("rules[0].id", issue.template, params=dict(issue.params), line=7)}) == 1


def test_every_template_raised_is_marked_for_extraction() -> None:
    marked = marked_templates()
    raised = {issue.template for issue in ALL_ISSUES}
    assert raised <= set(marked), raised - set(marked)


def test_the_table_of_bad_inputs_reaches_every_engine_template() -> None:
    engine_marked = {t for t, path in marked_templates().items() if path.parent == ENGINE}
    missed = engine_marked - {issue.template for issue in ALL_ISSUES} - UNREACHABLE
    assert not missed


def test_marked_templates_use_named_placeholders_only() -> None:
    for template, path in marked_templates().items():
        assert "%" not in PLACEHOLDER.sub("", template), (path.name, template)
        assert template == template.strip(), (path.name, template)


def test_schema_x_errors_are_marked_templates() -> None:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "x-error" in node:
                found.add(node["x-error"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(guidance_schema())
    assert found == set(parse_module.SCHEMA_MESSAGES)


def test_the_schema_uses_only_handled_keywords_and_types() -> None:
    handled = {"additionalProperties", "required", "pattern", "type", "enum", "minItems", "minLength"}
    handled |= {"minProperties", "minimum", "maximum", "items", "properties", "patternProperties", "$ref"}
    annotations = {"$schema", "$id", "$defs", "title", "description", "default", "x-error"}
    types: set[tuple[str, ...]] = set()

    def walk(node: Any, in_properties: bool = False) -> None:
        if isinstance(node, dict):
            if not in_properties:
                assert set(node) <= handled | annotations, set(node) - handled - annotations
                if "type" in node:
                    kind = node["type"]
                    types.add(tuple(kind) if isinstance(kind, list) else (kind,))
            for key, value in node.items():
                walk(
                    value,
                    in_properties=key in ("properties", "patternProperties", "$defs") and not in_properties,
                )
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(guidance_schema())
    assert types <= set(parse_module._TYPE_MESSAGES), types - set(parse_module._TYPE_MESSAGES)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (GNU gettext) is not installed")
def test_xgettext_extracts_every_marked_template() -> None:
    """``makemessages`` runs xgettext with ``--keyword=gettext_noop``; it must see each template whole."""
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("xgettext") or "xgettext",
            "--language=Python",
            "--keyword=gettext_noop",
            "--from-code=UTF-8",
            "--no-wrap",
            "--omit-header",
            "-o",
            "-",
            *map(str, SOURCES),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    extracted = {
        json.loads(line[len("msgid ") :]) for line in result.stdout.splitlines() if line.startswith("msgid ")
    }
    assert set(marked_templates()) <= extracted, set(marked_templates()) - extracted
