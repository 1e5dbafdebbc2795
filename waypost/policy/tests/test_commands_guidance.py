"""``waypost guidance check|assess|simulate`` (``manage.py guidance …``)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypost.audit.models import AuditEvent
from waypost.policy.models import GuidanceVersion
from waypost.policy.tests.factories import CAUTION_RULE, LEADERS_RULE, guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips.choices import TripStatus
from waypost.trips.models import TripAssessment
from waypost.trips.tests.factories import to_city, trip_for, via_vancouver

#: DESIGN.md §2's example, without ``status``: a draft, which ``assess`` treats as published.
AI_LEADERS = """\
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
      advisory: advised_against
      declare_days_before: 14
      approval: [manager, security_officer]
      briefing: high-risk-destinations
      devices: clean_device_required
      check_in_every_hours: 48
      debrief_within_days: 7
    rationale: {en: Risk of detention in transit and of information leakage.}
"""

#: DESIGN.md §3's trip: Beijing → Vancouver (5 h on the ground) → Mexico City, by an AI executive.
PEK_YVR_MEX = {
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
    "devices": [{"kind": "laptop", "owner": "organisation", "sensitive_data": False}],
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    """Run ``guidance *args``; return stdout and stderr (CommandError propagates)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("guidance", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def fail(*args: str) -> tuple[CommandError, str]:
    """Run ``guidance *args`` expecting failure; return the error and stderr."""
    stderr = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("guidance", *args, stdout=io.StringIO(), stderr=stderr)
    return caught.value, stderr.getvalue()


# --- check -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (AI_LEADERS, "valid (1 rule)"),
        (guidance_yaml(rules=[LEADERS_RULE, CAUTION_RULE]), "valid (2 rules)"),
    ],
)
def test_check_accepts_a_valid_file(tmp_path: Path, text: str, expected: str) -> None:
    """A valid file is reported valid with its number of rules, and the command succeeds."""
    # given
    path = write(tmp_path, "ai.yaml", text)
    # when
    stdout, stderr = run("check", str(path))
    # then
    assert stdout.strip() == f"{path}: {expected}"
    assert stderr == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            ("effective_from: 2025-03-01", "effective_from: 2025-03-01: oops"),
            ["4: malformed YAML: mapping values are not allowed in this context"],
            id="malformed-yaml",
        ),
        pytest.param(
            ("groups: [us-allies]", "groups: [us-alies]"),
            [
                "9: rules[0].when.destinations.groups[0]: "
                "unknown country group 'us-alies'; did you mean 'us-allies'?"
            ],
            id="unknown-group",
        ),
        pytest.param(
            ("countries: [US]", "countries: [UU]"),
            ["9: rules[0].when.destinations.countries[0]: unknown country code 'UU'"],
            id="unknown-country",
        ),
        pytest.param(
            ("advisory: advised_against", "advisory: maybe"),
            ["11: rules[0].then.advisory: "],
            id="bad-advisory",
        ),
    ],
)
def test_check_reports_each_problem_with_line_and_field(
    tmp_path: Path, change: tuple[str, str], expected: list[str]
) -> None:
    """Every problem is printed as FILE:LINE: field: reason on stderr, and the exit status is 1."""
    # given
    path = write(tmp_path, "ai.yaml", AI_LEADERS.replace(*change))
    # when
    error, stderr = fail("check", str(path))
    # then
    lines = stderr.strip().splitlines()
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(f"{path}:{start}"), line
    assert error.returncode == 1


@pytest.mark.django_db
def test_check_lists_every_problem_not_only_the_first(tmp_path: Path) -> None:
    """Two problems give two lines, in line order, and a count."""
    # given
    text = AI_LEADERS.replace("countries: [US]", "countries: [UU]").replace(
        "debrief_within_days: 7", "debrief_in: 7"
    )
    path = write(tmp_path, "ai.yaml", text)
    # when
    error, stderr = fail("check", str(path))
    # then
    lines = stderr.strip().splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{path}:9", f"{path}:17"]
    assert "debrief_in" in lines[1]
    assert str(error) == f"{path}: 2 problems"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["check", "simulate"])
def test_a_missing_file_is_a_clear_error_with_exit_status_2(tmp_path: Path, action: str) -> None:
    """A file that does not exist is named, with exit status 2."""
    # given
    path = tmp_path / "nowhere.yaml"
    # when
    error, _stderr = fail(action, str(path))
    # then
    assert str(error) == f"{path}: no such file"
    assert error.returncode == 2


# --- assess ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_assess_pek_yvr_mex_enters_canada_in_transit_and_mexico_as_a_stay(tmp_path: Path) -> None:
    """The draft file is assessed as if published: the YVR transit makes the trip advised against."""
    # given
    guidance = write(tmp_path, "ai.yaml", AI_LEADERS)
    trip = write(tmp_path, "trip.json", json.dumps(PEK_YVR_MEX))
    # when
    stdout, stderr = run("assess", str(guidance), str(trip), "--on", "2026-02-01")
    # then
    result = json.loads(stdout)
    assert stderr == ""
    assert result["on"] == "2026-02-01"
    assert result["advisory"] == "advised_against"
    assert [(c["country"], c["how"], c["where"]) for c in result["countries"]] == [
        ("CA", "transit", "YVR"),
        ("MX", "stay", "MEX"),
    ]
    assert result["obligations"]["approval"]["value"] == ["manager", "security_officer"]
    assert result["obligations"]["declare_days_before"]["value"] == 14
    assert result["guidance_versions"] == [{"id": "ai-leaders-us-and-allies", "version": 1}]
    [reason] = result["reasons"]
    assert reason["rule"] == "advise-against"
    assert "transit at YVR, Canada, member of us-allies" in reason["fact"]


@pytest.mark.django_db
def test_assess_prints_indented_unescaped_json(tmp_path: Path) -> None:
    """The output is indented by two and keeps non-ASCII text as it is."""
    # given
    rationale = AI_LEADERS.replace("rationale: {en: Risk", "rationale: {zh-hans: 风险, en: Risk")
    guidance = write(tmp_path, "ai.yaml", rationale)
    trip = write(tmp_path, "trip.json", json.dumps(PEK_YVR_MEX))
    # when
    stdout, _stderr = run("assess", str(guidance), str(trip), "--on", "2026-02-01")
    # then
    assert stdout.startswith('{\n  "on": "2026-02-01",')
    assert "风险" in stdout


@pytest.mark.django_db
def test_assess_before_the_guidance_takes_effect_says_so(tmp_path: Path) -> None:
    """On a day before ``effective_from`` no rule applies, and a note on stderr says why."""
    # given
    guidance = write(tmp_path, "ai.yaml", AI_LEADERS)
    trip = write(tmp_path, "trip.json", json.dumps(PEK_YVR_MEX))
    # when
    stdout, stderr = run("assess", str(guidance), str(trip), "--on", "2025-01-01")
    # then
    assert json.loads(stdout)["advisory"] == "none"
    assert "not in effect on 2025-01-01" in stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("trip_text", "expected"),
    [
        pytest.param(
            '{"legs": [\n  {"from": "PEK",}\n]}',
            ["trip.json:2:18: invalid JSON: Expecting property name"],
            id="bad-json",
        ),
        pytest.param(
            json.dumps({**PEK_YVR_MEX, "legs": [{**PEK_YVR_MEX["legs"][0], "to": "XQZ"}]}),
            ["trip.json: legs[0].to: unknown airport code 'XQZ'"],
            id="unknown-airport",
        ),
        pytest.param(
            json.dumps({**PEK_YVR_MEX, "legs": [{**PEK_YVR_MEX["legs"][0], "depart": "1 March"}]}),
            ["trip.json: legs[0].depart: expected a local date and time YYYY-MM-DDTHH:MM"],
            id="bad-time",
        ),
        pytest.param("[1, 2]", ["trip.json: expected a JSON object"], id="not-an-object"),
    ],
)
def test_assess_names_the_field_at_fault_in_the_trip(
    tmp_path: Path, trip_text: str, expected: list[str]
) -> None:
    """Bad trip JSON or facts give an error naming the field (or line), with exit status 1."""
    # given
    guidance = write(tmp_path, "ai.yaml", AI_LEADERS)
    trip = write(tmp_path, "trip.json", trip_text)
    # when
    error, stderr = fail("assess", str(guidance), str(trip))
    # then
    lines = stderr.strip().splitlines()
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(f"{tmp_path}/{start}"), line
    assert error.returncode == 1


@pytest.mark.django_db
def test_assess_reports_an_invalid_guidance_file_before_reading_the_trip(tmp_path: Path) -> None:
    """An invalid guidance file fails the assessment with its own problems."""
    # given
    guidance = write(tmp_path, "ai.yaml", AI_LEADERS.replace("groups: [us-allies]", "groups: [nope]"))
    trip = write(tmp_path, "trip.json", json.dumps(PEK_YVR_MEX))
    # when
    error, stderr = fail("assess", str(guidance), str(trip))
    # then
    assert stderr.startswith(
        f"{guidance}:9: rules[0].when.destinations.groups[0]: unknown country group 'nope'"
    )
    assert error.returncode == 1


@pytest.mark.django_db
def test_assess_rejects_a_malformed_date(tmp_path: Path) -> None:
    """``--on`` must be a date."""
    # given
    guidance = write(tmp_path, "ai.yaml", AI_LEADERS)
    trip = write(tmp_path, "trip.json", json.dumps(PEK_YVR_MEX))
    # when
    error, _stderr = fail("assess", str(guidance), str(trip), "--on", "1 March")
    # then
    assert "expected a date YYYY-MM-DD, got '1 March'" in str(error)


# --- simulate ----------------------------------------------------------------------------------


@pytest.fixture
def open_trips(cast: Cast) -> dict[str, Any]:
    """Published caution for AI leaders at Lumen, and three upcoming trips there plus one elsewhere.

    alice (AI executive) transits in Vancouver, bob (senior researcher) stays in Tokyo: both are
    covered by the rule; olu (staff) flies to Tokyo and is not; mallory is outside Lumen.
    """
    publish(cast.olu.user, guidance_yaml(rules=[CAUTION_RULE]))
    return {
        "alice": trip_for(cast.alice, via_vancouver(), title="Mexico City conference"),
        "bob": trip_for(cast.bob, to_city("NRT", "JP", "Tokyo"), title="Tokyo workshop"),
        "olu": trip_for(cast.olu, to_city("NRT", "JP", "Tokyo"), title="Tokyo visit"),
        "mallory": trip_for(cast.mallory, via_vancouver(), title="Kinetic trip"),
        "cancelled": trip_for(cast.alice, via_vancouver(), title="Cancelled", status=TripStatus.CANCELLED),
    }


def counts() -> tuple[int, int, int]:
    return GuidanceVersion.objects.count(), TripAssessment.objects.count(), AuditEvent.objects.count()


def test_simulate_shows_each_changed_trip_before_and_after(
    cast: Cast, open_trips: dict[str, Any], tmp_path: Path
) -> None:
    """The stricter file changes alice's and bob's trips, caution → advised against; nothing is written."""
    # given
    path = write(tmp_path, "ai.yaml", guidance_yaml(rules=[LEADERS_RULE]))
    before = counts()
    # when
    with CaptureQueriesContext(connection) as queries:
        stdout, stderr = run("simulate", str(path), "--on", "2026-02-15")
    # then
    assert stderr == ""
    assert f"{path}: simulated as draft version 2 of ai-leaders, on 2026-02-15" in stdout
    assert "3 upcoming or active trips considered; 2 would change (2 stricter, 0 looser)." in stdout
    alice_trip = open_trips["alice"].pk
    assert (
        f"Trip {alice_trip} “Mexico City conference”, Alice Wang, departs 2026-03-01 (stricter)\n"
        "  advisory: caution → advised_against\n"
        "  declare_days_before: — → 14\n"
        "  approval: — → manager\n"
    ) in stdout
    assert "Tokyo workshop" in stdout
    assert "Tokyo visit" not in stdout
    assert "Kinetic trip" not in stdout
    assert counts() == before
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


def test_simulate_json_lists_before_and_after(cast: Cast, open_trips: dict[str, Any], tmp_path: Path) -> None:
    """``--json`` gives the counts and, per trip, the advisory and obligations before and after."""
    # given
    path = write(tmp_path, "ai.yaml", guidance_yaml(rules=[LEADERS_RULE]))
    # when
    stdout, _stderr = run("simulate", str(path), "--on", "2026-02-15", "--json")
    # then
    result = json.loads(stdout)
    assert (result["guidance"], result["version"], result["considered"], result["changed"]) == (
        "ai-leaders",
        2,
        3,
        2,
    )
    by_trip = {trip["trip"]: trip for trip in result["trips"]}
    assert set(by_trip) == {open_trips["alice"].pk, open_trips["bob"].pk}
    alice = by_trip[open_trips["alice"].pk]
    assert alice["before"] == {"advisory": "caution", "obligations": {}}
    assert alice["after"] == {
        "advisory": "advised_against",
        "obligations": {"declare_days_before": 14, "approval": ["manager"]},
    }
    assert [c["field"] for c in alice["changes"]] == ["advisory", "declare_days_before", "approval"]
    assert alice["stricter"] is True
    assert result["failed"] == []


def test_simulate_limit_lists_fewer_trips_but_counts_all(
    cast: Cast, open_trips: dict[str, Any], tmp_path: Path
) -> None:
    """``--limit 1`` lists one changed trip and still counts both."""
    # given
    path = write(tmp_path, "ai.yaml", guidance_yaml(rules=[LEADERS_RULE]))
    # when
    json_out, _ = run("simulate", str(path), "--on", "2026-02-15", "--json", "--limit", "1")
    table_out, _ = run("simulate", str(path), "--on", "2026-02-15", "--limit", "1")
    # then
    result = json.loads(json_out)
    assert (result["changed"], len(result["trips"])) == (2, 1)
    assert "… and 1 more trip changes." in table_out


def test_simulate_an_identical_file_changes_nothing(
    cast: Cast, open_trips: dict[str, Any], tmp_path: Path
) -> None:
    """The published text itself, simulated, changes no trip."""
    # given
    path = write(tmp_path, "ai.yaml", guidance_yaml(rules=[CAUTION_RULE]))
    # when
    stdout, _ = run("simulate", str(path), "--on", "2026-02-15")
    # then
    assert "3 upcoming or active trips considered; 0 would change (0 stricter, 0 looser)." in stdout
    assert "Trip " not in stdout


def test_simulate_new_guidance_is_compared_with_no_guidance(
    cast: Cast, open_trips: dict[str, Any], tmp_path: Path
) -> None:
    """A file for guidance not yet in the database is simulated as version 1 of its issuer's subtree."""
    # given
    path = write(
        tmp_path, "new.yaml", guidance_yaml(slug="brand-new", issuer="lumen-models", rules=[LEADERS_RULE])
    )
    # when
    stdout, _ = run("simulate", str(path), "--on", "2026-02-15", "--json")
    # then
    result = json.loads(stdout)
    assert (result["guidance"], result["version"], result["considered"]) == ("brand-new", 1, 2)
    assert {trip["trip"] for trip in result["trips"]} == {open_trips["alice"].pk, open_trips["bob"].pk}
    assert GuidanceVersion.objects.filter(guidance__slug="brand-new").exists() is False


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param({"issuer": "nowhere"}, "issuer: No organisation node “nowhere”.", id="unknown-issuer"),
        pytest.param(
            {"issuer": "kinetic"},
            "issuer: This guidance is issued by “lumen”; the issuer cannot change.",
            id="changed-issuer",
        ),
    ],
)
def test_simulate_refuses_a_file_whose_issuer_does_not_fit(
    cast: Cast, open_trips: dict[str, Any], tmp_path: Path, header: dict[str, str], expected: str
) -> None:
    """The issuer must exist and, for existing guidance, be the same; exit status 1."""
    # given
    slug = "ai-leaders" if header["issuer"] == "kinetic" else "elsewhere"
    path = write(tmp_path, "ai.yaml", guidance_yaml(slug=slug, rules=[LEADERS_RULE], **header))
    # when
    error, stderr = fail("simulate", str(path), "--on", "2026-02-15")
    # then
    assert stderr.strip() == f"{path}: {expected}"
    assert error.returncode == 1


def test_simulate_reports_an_invalid_file(cast: Cast, tmp_path: Path) -> None:
    """An invalid file is checked first: its problems, exit status 1."""
    # given
    path = write(tmp_path, "ai.yaml", AI_LEADERS.replace("countries: [US]", "countries: [UU]"))
    # when
    error, stderr = fail("simulate", str(path))
    # then
    assert stderr.startswith(f"{path}:9: rules[0].when.destinations.countries[0]: unknown country code 'UU'")
    assert error.returncode == 1


# --- the console script ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "status", "stderr_start"),
    [
        ("bad.yaml", AI_LEADERS.replace("[us-allies]", "[us-alies]"), 1, "bad.yaml:9: rules[0].when"),
        ("missing.yaml", None, 2, "CommandError: "),
    ],
)
def test_the_console_script_exits_with_the_documented_status(
    tmp_path: Path, name: str, text: str | None, status: int, stderr_start: str
) -> None:
    """``waypost guidance check`` exits 1 or 2 in a process of its own, with no database set up."""
    # given
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.django.test"}
    # when
    done = subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, "-m", "waypost.cli.main", "guidance", "check", name],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[3])},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # then
    assert done.returncode == status, done.stderr
    assert done.stderr.startswith(stderr_start)
