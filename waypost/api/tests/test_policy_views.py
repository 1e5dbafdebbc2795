"""Guidance endpoints under ``/api/v1/guidance/`` and ``POST /api/v1/assess/``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from waypost.audit.models import AuditEvent
from waypost.core import clock
from waypost.people.choices import AccessRole
from waypost.people.models import RoleAssignment
from waypost.people.tests.factories import PersonFactory
from waypost.policy.choices import RunStatus
from waypost.policy.models import GuidanceVersion, ReassessmentRun
from waypost.policy.services import guidance_draft_save
from waypost.policy.tests.factories import CAUTION_RULE, LEADERS_RULE, guidance_yaml, publish
from waypost.testing import PERSONAS, Cast
from waypost.trips.models import TripAssessment
from waypost.trips.tests.factories import to_city, trip_for, via_vancouver

URL = "/api/v1/guidance/"

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
}


@pytest.fixture
def guidance(cast: Cast) -> dict[str, GuidanceVersion]:
    """Lumen's ai-leaders (v1 published: caution; v2 draft: advised against), a draft-only guidance
    of Lumen's models unit, and Rhine Council's published guidance (for mallory's side)."""
    olu = cast.olu.user
    rhine_admin = PersonFactory(unit=cast.other_unit)
    RoleAssignment.objects.create(
        person=rhine_admin, role=AccessRole.ADMINISTRATOR, node=cast.other_authority
    )
    return {
        "published": publish(olu, guidance_yaml(rules=[CAUTION_RULE])),
        "draft": guidance_draft_save(actor=olu, source=guidance_yaml(rules=[LEADERS_RULE])),
        "lab_draft": guidance_draft_save(
            actor=olu, source=guidance_yaml(slug="lab-only", issuer="lumen-models")
        ),
        "rhine": publish(rhine_admin.user, guidance_yaml(slug="rhine-travel", issuer="rhine-council")),
    }


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    return body


# --- reading -----------------------------------------------------------------------------------

OVERSEERS = {"ai-leaders": [2, 1], "lab-only": [1]}
VISIBLE: dict[str, dict[str, list[int]]] = {
    "alice": {"ai-leaders": [1]},
    "bob": {"ai-leaders": [1]},
    "olu": OVERSEERS,
    "audrey": OVERSEERS,
    "ada": OVERSEERS,
    "mallory": {"rhine-travel": [1]},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_the_guidance_and_versions_it_may_see(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion], persona: str
) -> None:
    """Travellers see published guidance that applies to them; drafts only their issuer's overseers."""
    # when
    response = login(cast.persona(persona)).get(URL)
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(VISIBLE[persona])
    assert {g["slug"]: [v["number"] for v in g["versions"]] for g in body["results"]} == VISIBLE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_shows_the_versions_the_persona_may_see(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion], persona: str
) -> None:
    """The detail of ai-leaders: v1 for everyone at Lumen, the v2 draft for overseers, 404 for mallory."""
    # when
    response = login(cast.persona(persona)).get(f"{URL}ai-leaders/")
    # then
    expected = VISIBLE[persona].get("ai-leaders")
    if expected is None:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert [v["number"] for v in response.json()["versions"]] == expected


def test_detail_output(cast: Cast, login: Any, guidance: dict[str, GuidanceVersion]) -> None:
    """Guidance is serialized with its issuer, the published title in the request's language, and versions."""
    # when
    body = login(cast.olu).get(f"{URL}ai-leaders/", HTTP_ACCEPT_LANGUAGE="de").json()
    # then
    assert (body["slug"], body["issuer"], body["title"]) == ("ai-leaders", "lumen", "Richtlinie ai-leaders")
    draft, published = body["versions"]
    assert (draft["status"], draft["valid"], draft["published_at"]) == ("draft", True, None)
    assert (published["status"], published["effective_from"], published["effective_to"]) == (
        "published",
        guidance["published"].effective_from.isoformat(),
        None,
    )
    assert published["title"] == {"en": "Guidance ai-leaders", "de": "Richtlinie ai-leaders"}


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("alice", "lab-only/"),  # only a draft exists: not even its existence shows
        ("alice", "ai-leaders/versions/2/"),  # a draft
        ("mallory", "ai-leaders/"),
        ("mallory", "ai-leaders/versions/1/"),
        ("olu", "rhine-travel/versions/1/"),
    ],
)
def test_forbidden_looks_exactly_like_missing(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion], persona: str, path: str
) -> None:
    """An object the persona may not see answers like one that does not exist."""
    # given
    client = login(cast.persona(persona))
    # when
    forbidden = client.get(URL + path)
    missing = client.get(URL + path.replace("ai-leaders", "nothing").replace("lab-only", "nothing"))
    # then
    assert forbidden.status_code == missing.status_code == 404
    assert (
        forbidden.json()
        == missing.json()
        == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}
    )


def test_version_detail_includes_the_yaml_as_written(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion]
) -> None:
    """A version carries its source exactly as saved, and its problems (none here)."""
    # when
    body = login(cast.alice).get(f"{URL}ai-leaders/versions/1/").json()
    # then
    assert body["source"] == guidance["published"].source
    assert yaml.safe_load(body["source"])["rules"][0]["id"] == "take-care"
    assert (body["guidance"], body["issuer"], body["number"], body["issues"]) == (
        "ai-leaders",
        "lumen",
        1,
        [],
    )


# --- saving drafts -----------------------------------------------------------------------------


def test_saving_a_new_valid_draft(cast: Cast, login: Any) -> None:
    """A new document becomes version 1, a draft without problems, and the save is audited."""
    # when
    response = login(cast.olu).post(
        f"{URL}drafts/",
        {"source": guidance_yaml(slug="new-one", issuer="lumen-models")},
        content_type="application/json",
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["guidance"], body["number"], body["status"], body["valid"], body["issues"]) == (
        "new-one",
        1,
        "draft",
        True,
        [],
    )
    event = AuditEvent.objects.get(action="guidance.draft_saved")
    assert event.actor_id == cast.olu.user.pk


def test_an_invalid_draft_is_saved_with_its_problems(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion]
) -> None:
    """Nothing typed is lost: the invalid draft is saved as v2 with each problem, its line and field."""
    # given
    source = guidance_yaml(rules=[LEADERS_RULE]).replace("- us-allies", "- us-alies")
    # when
    response = login(cast.olu).post(
        f"{URL}drafts/", {"source": source, "guidance": "ai-leaders"}, content_type="application/json"
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["number"], body["valid"], body["source"]) == (2, False, source)
    [issue] = body["issues"]
    assert issue["field"] == "rules[0].when.destinations.groups[0]"
    assert issue["line"] == source.splitlines().index("      - us-alies") + 1
    assert "unknown country group 'us-alies'; did you mean 'us-allies'?" in issue["message"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({}, {"source": ["This field is required."]}, id="no-source"),
        pytest.param(
            {"source": "title: {en: x}\n"},
            {"source": ["Line 1: missing required key 'id'", "Line 1: missing required key 'issuer'"]},
            id="no-id",
        ),
        pytest.param(
            {"source": "- a list\n"}, {"source": ["Line 1: expected a mapping of keys"]}, id="no-mapping"
        ),
        pytest.param(
            {"source": guidance_yaml(slug="x", issuer="nowhere")},
            {"source": ["issuer: no organisation node “nowhere”."]},
            id="unknown-issuer",
        ),
        pytest.param(
            {"source": guidance_yaml(), "guidance": "rhine-travel"},
            {"guidance": ["Unknown guidance."]},
            id="hidden",
        ),
        pytest.param(
            {"source": guidance_yaml(slug="other"), "guidance": "ai-leaders"},
            {"source": ["id: this document is “ai-leaders”; the id cannot change."]},
            id="id-changed",
        ),
    ],
)
def test_draft_save_rejects_bad_input_naming_the_field(
    cast: Cast,
    login: Any,
    guidance: dict[str, GuidanceVersion],
    body: dict[str, str],
    fields: dict[str, list[str]],
) -> None:
    """A draft that cannot be saved answers 400 in the one error shape, naming the field and each reason."""
    # when
    response = login(cast.olu).post(f"{URL}drafts/", body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert (error(response)["code"], error(response)["message"]) == ("invalid", "Some fields are not valid.")
    assert set(error(response)["fields"]) == set(fields)
    for field, starts in fields.items():
        for start in starts:
            assert any(reason.startswith(start) for reason in error(response)["fields"][field]), (
                start,
                error(response),
            )


@pytest.mark.parametrize(
    ("persona", "issuer"),
    [("alice", "lumen"), ("audrey", "lumen"), ("olu", "east-office")],
)
def test_only_authors_over_the_issuer_may_save_drafts(
    cast: Cast, login: Any, persona: str, issuer: str
) -> None:
    """Travellers and auditors may not write guidance; an officer may not issue it above their subtree."""
    # when
    response = login(cast.persona(persona)).post(
        f"{URL}drafts/", {"source": guidance_yaml(slug="g", issuer=issuer)}, content_type="application/json"
    )
    # then
    assert response.status_code == 403
    assert error(response)["code"] == "permission_denied"
    assert not GuidanceVersion.objects.filter(guidance__slug="g").exists()


# --- transitions -------------------------------------------------------------------------------


def test_publishing_a_draft_re_assesses_upcoming_trips(
    cast: Cast, login: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Publish answers the published version, audits it, and re-assesses open trips once committed."""
    # given
    trip = trip_for(cast.alice, via_vancouver(clock.today() + dt.timedelta(days=30)))
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(slug="fresh", rules=[LEADERS_RULE]))
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.olu).post(
            f"{URL}fresh/versions/{draft.number}/transition/",
            {"action": "publish"},
            content_type="application/json",
        )
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["published_at"] is not None) == ("published", True)
    assert AuditEvent.objects.filter(action="guidance.published", target_id=str(draft.pk)).exists()
    run = ReassessmentRun.objects.get(version=draft)
    assert (run.status, run.changed) == (RunStatus.DONE, 1)
    assert TripAssessment.objects.get(trip=trip, is_current=True).advisory == "advised_against"


def test_discarding_a_draft_deletes_it(cast: Cast, login: Any, guidance: dict[str, GuidanceVersion]) -> None:
    """Discard answers 204 and the draft is gone; the published version stays."""
    # when
    response = login(cast.olu).post(
        f"{URL}ai-leaders/versions/2/transition/", {"action": "discard"}, content_type="application/json"
    )
    # then
    assert response.status_code == 204
    assert list(
        GuidanceVersion.objects.filter(guidance__slug="ai-leaders").values_list("number", flat=True)
    ) == [1]


def test_retiring_a_published_version(cast: Cast, login: Any, guidance: dict[str, GuidanceVersion]) -> None:
    """Retire moves a published version to retired."""
    # when
    response = login(cast.ada).post(
        f"{URL}ai-leaders/versions/1/transition/", {"action": "retire"}, content_type="application/json"
    )
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "retired"


@pytest.mark.parametrize(
    ("number", "body", "status", "code", "fields"),
    [
        pytest.param(2, {"action": "retire"}, 409, "conflict", {}, id="retire-a-draft"),
        pytest.param(1, {"action": "publish"}, 409, "conflict", {}, id="publish-again"),
        pytest.param(
            2, {"action": "shred"}, 400, "invalid", {"action": ['"shred" is not a valid choice.']}, id="bad"
        ),
        pytest.param(2, {}, 400, "invalid", {"action": ["This field is required."]}, id="no-action"),
    ],
)
def test_transitions_that_cannot_happen(
    cast: Cast,
    login: Any,
    guidance: dict[str, GuidanceVersion],
    number: int,
    body: dict[str, str],
    status: int,
    code: str,
    fields: dict[str, list[str]],
) -> None:
    """A wrong action for the status is a conflict; an unknown action is invalid input."""
    # when
    response = login(cast.olu).post(
        f"{URL}ai-leaders/versions/{number}/transition/", body, content_type="application/json"
    )
    # then
    assert response.status_code == status
    assert (error(response)["code"], error(response)["fields"]) == (code, fields)


def test_an_invalid_draft_is_not_published(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion]
) -> None:
    """Publishing a draft with problems answers 400 naming the line and field; nothing changes."""
    # given
    source = guidance_yaml(rules=[LEADERS_RULE]).replace("advised_against", "maybe")
    guidance_draft_save(actor=cast.olu.user, source=source)
    # when
    response = login(cast.olu).post(
        f"{URL}ai-leaders/versions/2/transition/", {"action": "publish"}, content_type="application/json"
    )
    # then
    assert response.status_code == 400
    [reason] = error(response)["fields"]["source"]
    assert "rules[0].then.advisory" in reason
    assert GuidanceVersion.objects.get(guidance__slug="ai-leaders", number=2).status == "draft"


@pytest.mark.parametrize(
    ("persona", "number", "status"),
    [("alice", 1, 403), ("alice", 2, 404), ("audrey", 2, 403), ("mallory", 1, 404)],
)
def test_only_authors_may_transition(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion], persona: str, number: int, status: int
) -> None:
    """A version one may see but not change is 403; one that one may not see is 404."""
    # when
    response = login(cast.persona(persona)).post(
        f"{URL}ai-leaders/versions/{number}/transition/",
        {"action": "retire"},
        content_type="application/json",
    )
    # then
    assert response.status_code == status


# --- simulation --------------------------------------------------------------------------------


@pytest.fixture
def trips(cast: Cast) -> dict[str, Any]:
    return {
        "alice": trip_for(cast.alice, via_vancouver(), title="Mexico City conference"),
        "bob": trip_for(cast.bob, to_city("NRT", "JP", "Tokyo"), title="Tokyo workshop"),
        "olu": trip_for(cast.olu, to_city("NRT", "JP", "Tokyo"), title="Tokyo visit"),
    }


def test_simulating_a_draft_shows_the_changes(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion], trips: dict[str, Any]
) -> None:
    """The v2 draft would make alice's and bob's trips advised against; only the simulation is recorded."""
    # given
    assessments = TripAssessment.objects.count()
    # when
    response = login(cast.olu).post(
        f"{URL}ai-leaders/versions/2/simulate/", {"on": "2026-02-15"}, content_type="application/json"
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["on"], body["considered"], body["changed"], body["stricter"], body["looser"]) == (
        "2026-02-15",
        3,
        2,
        2,
        0,
    )
    by_trip = {t["trip"]: t for t in body["trips"]}
    assert set(by_trip) == {trips["alice"].pk, trips["bob"].pk}
    alice = by_trip[trips["alice"].pk]
    assert (alice["before"]["advisory"], alice["after"]["advisory"]) == ("caution", "advised_against")
    assert alice["after"]["obligations"] == {"declare_days_before": 14, "approval": ["manager"]}
    assert TripAssessment.objects.count() == assessments
    event = AuditEvent.objects.get(action="guidance.simulated")
    assert (event.actor_id, event.target_id) == (cast.olu.user.pk, str(guidance["draft"].pk))


def test_simulation_limit(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion], trips: dict[str, Any]
) -> None:
    """``limit`` bounds the trips listed, not the count."""
    # when
    body = (
        login(cast.olu)
        .post(
            f"{URL}ai-leaders/versions/2/simulate/",
            {"on": "2026-02-15", "limit": 1},
            content_type="application/json",
        )
        .json()
    )
    # then
    assert (body["changed"], len(body["trips"])) == (2, 1)


@pytest.mark.parametrize(
    ("number", "body", "status", "field"),
    [
        pytest.param(1, {}, 409, None, id="published"),
        pytest.param(2, {"limit": 0}, 400, "limit", id="bad-limit"),
        pytest.param(2, {"on": "soon"}, 400, "on", id="bad-date"),
    ],
)
def test_simulation_refuses(
    cast: Cast,
    login: Any,
    guidance: dict[str, GuidanceVersion],
    number: int,
    body: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    """Only a draft is simulated, with a sensible limit and date."""
    # when
    response = login(cast.olu).post(
        f"{URL}ai-leaders/versions/{number}/simulate/", body, content_type="application/json"
    )
    # then
    assert response.status_code == status
    assert list(error(response)["fields"]) == ([field] if field else [])
    assert not AuditEvent.objects.filter(action="guidance.simulated").exists()


def test_an_invalid_draft_is_not_simulated(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion]
) -> None:
    """A draft with problems must be fixed first: 400 listing them."""
    # given
    guidance_draft_save(actor=cast.olu.user, source=guidance_yaml().replace("- US", "- UU"))
    # when
    response = login(cast.olu).post(
        f"{URL}ai-leaders/versions/2/simulate/", {}, content_type="application/json"
    )
    # then
    assert response.status_code == 400
    [reason] = error(response)["fields"]["source"]
    assert "unknown country code 'UU'" in reason


# --- assessing a trip --------------------------------------------------------------------------


def test_assessing_pek_yvr_mex(cast: Cast, login: Any, guidance: dict[str, GuidanceVersion]) -> None:
    """The Vancouver transit counts: alice's published guidance advises caution, and says why."""
    # when
    response = login(cast.alice).post(
        "/api/v1/assess/?on=2026-02-15", PEK_YVR_MEX, content_type="application/json"
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["advisory"] == "caution"
    assert [(c["country"], c["how"], c["where"]) for c in body["countries"]] == [
        ("CA", "transit", "YVR"),
        ("MX", "stay", "MEX"),
    ]
    assert body["guidance_versions"] == [{"id": "ai-leaders", "version": 1}]
    assert "transit at YVR, Canada, member of us-allies" in body["reasons"][0]["fact"]


@pytest.mark.parametrize(
    ("persona", "guidance_ids"),
    [("alice", ["ai-leaders"]), ("olu", ["ai-leaders"]), ("mallory", ["rhine-travel"])],
)
def test_assessment_uses_only_guidance_the_persona_may_see(
    cast: Cast, login: Any, guidance: dict[str, GuidanceVersion], persona: str, guidance_ids: list[str]
) -> None:
    """Published guidance of another organisation, and drafts, never show up in an assessment."""
    # when
    body = (
        login(cast.persona(persona))
        .post("/api/v1/assess/?on=2026-02-15", PEK_YVR_MEX, content_type="application/json")
        .json()
    )
    # then
    assert [v["id"] for v in body["guidance_versions"]] == guidance_ids


@pytest.mark.parametrize(
    ("query", "body", "fields"),
    [
        pytest.param(
            "",
            {**PEK_YVR_MEX, "legs": [{**PEK_YVR_MEX["legs"][0], "to": "XQZ"}]},
            {"legs[0].to": ["unknown airport code 'XQZ'"]},
            id="unknown-airport",
        ),
        pytest.param(
            "",
            {"traveller": {"role": "executive"}},
            {"legs": ["a trip needs at least one leg or stay"]},
            id="no-legs",
        ),
        pytest.param(
            "", [1, 2], {"non_field_errors": ["Expected a JSON object: the trip."]}, id="not-an-object"
        ),
        pytest.param(
            "?on=tomorrow",
            PEK_YVR_MEX,
            {"on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
            id="bad-date",
        ),
    ],
)
def test_bad_trips_answer_400_naming_the_field(
    cast: Cast, login: Any, query: str, body: Any, fields: dict[str, list[str]]
) -> None:
    """Bad facts are invalid input with the field path of each problem."""
    # when
    response = login(cast.alice).post(f"/api/v1/assess/{query}", body, content_type="application/json")
    # then
    assert response.status_code == 400
    assert error(response)["code"] == "invalid"
    assert error(response)["fields"] == fields


# --- schema ------------------------------------------------------------------------------------


def test_the_schema_documents_the_guidance_endpoints(db: Any, client: Any) -> None:
    """Every guidance, assessment and geography endpoint is in the OpenAPI schema."""
    # when
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    # then
    assert set(schema["paths"]) >= {
        "/api/v1/guidance/",
        "/api/v1/guidance/drafts/",
        "/api/v1/guidance/{slug}/",
        "/api/v1/guidance/{slug}/versions/{number}/",
        "/api/v1/guidance/{slug}/versions/{number}/transition/",
        "/api/v1/guidance/{slug}/versions/{number}/simulate/",
        "/api/v1/assess/",
        "/api/v1/countries/",
        "/api/v1/country-groups/",
        "/api/v1/airports/{iata}/",
    }
