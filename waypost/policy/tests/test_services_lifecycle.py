"""``guidance_draft_save`` and ``version_transition``: draft → published → retired, every version kept.

Today is pinned to 2026-01-10 (``waypost.core.clock`` is the one place time is read).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from waypost.audit.models import AuditEvent
from waypost.core.errors import Conflict, PermissionDenied, ValidationFailed
from waypost.policy.choices import RunStatus, VersionStatus
from waypost.policy.models import Guidance, GuidanceVersion, ReassessmentRun
from waypost.policy.services import guidance_draft_save, version_transition
from waypost.policy.tests.factories import CAUTION_RULE, LEADERS_RULE, guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips.assessing import assess_trip, assessment_store
from waypost.trips.models import TripAssessment
from waypost.trips.tests.factories import to_city, trip_for, via_vancouver

NOW = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def actions(*names: str) -> list[str]:
    return list(AuditEvent.objects.filter(action__in=names).order_by("seq").values_list("action", flat=True))


# --- saving a draft --------------------------------------------------------------------------------


def test_valid_new_guidance_is_saved_as_draft_version_1_and_audited(cast: Cast) -> None:
    """The id and issuer in the YAML create the guidance; title and dates are copied out of it."""
    # given
    source = guidance_yaml(effective_from="2026-02-01", effective_to="2026-12-31")
    # when
    draft = guidance_draft_save(actor=cast.olu.user, source=source)
    # then
    assert (draft.guidance.slug, draft.guidance.issuer, draft.number) == ("ai-leaders", cast.org, 1)
    assert (draft.status, draft.issues, draft.source) == (VersionStatus.DRAFT, [], source)
    assert draft.title == {"en": "Guidance ai-leaders", "de": "Richtlinie ai-leaders"}
    assert (draft.effective_from, draft.effective_to) == (dt.date(2026, 2, 1), dt.date(2026, 12, 31))
    assert draft.created_by == cast.olu.user
    event = AuditEvent.objects.get(action="guidance.draft_saved")
    assert (event.actor_id, event.target_id, event.before) == (cast.olu.user.pk, str(draft.pk), None)
    assert event.after is not None
    assert (event.after["valid"], event.after["status"], event.after["number"]) == (True, "draft", 1)
    assert event.org_path == cast.org.path


INVALID = [
    # (what is wrong, rules, field named, line named)
    ("advisory", [{"id": "r", "then": {"advisory": "maybe"}}], "rules[0].then.advisory", 10),
    ("unknown key", [{"id": "r", "whenn": {}, "then": {"advisory": "caution"}}], "rules[0].whenn", 9),
    (
        "unknown group",
        [{"id": "r", "when": {"destinations": {"groups": ["us-alies"]}}, "then": {"advisory": "caution"}}],
        "rules[0].when.destinations.groups[0]",
        12,
    ),
    (
        "unknown country",
        [{"id": "r", "when": {"destinations": {"countries": ["XX"]}}, "then": {"advisory": "caution"}}],
        "rules[0].when.destinations.countries[0]",
        12,
    ),
]


@pytest.mark.parametrize(("problem", "rules", "field", "line"), INVALID, ids=[case[0] for case in INVALID])
def test_invalid_draft_is_kept_with_issues_naming_line_and_field(
    cast: Cast, problem: str, rules: list[dict[str, Any]], field: str, line: int
) -> None:
    """Nothing typed is lost: the draft is saved as written, its problems listed by line and field."""
    # given
    source = guidance_yaml(rules=rules)
    # when
    draft = guidance_draft_save(actor=cast.olu.user, source=source)
    # then
    draft.refresh_from_db()
    assert draft.source == source
    assert draft.status == VersionStatus.DRAFT
    assert [(issue["field"], issue["line"]) for issue in draft.issues] == [(field, line)]
    assert draft.issues[0]["message"].startswith(f"Line {line}, {field}: ")
    assert AuditEvent.objects.get(action="guidance.draft_saved").after["valid"] is False


def test_invalid_save_of_existing_guidance_keeps_the_text(cast: Cast) -> None:
    """A draft that was valid and is saved broken keeps the broken text and lists why."""
    # given
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    broken = guidance_yaml() + "  oops: [\n"
    # when
    again = guidance_draft_save(actor=cast.olu.user, source=broken, guidance=draft.guidance)
    # then
    again.refresh_from_db()
    assert (again.pk, again.source) == (draft.pk, broken)
    assert again.issues
    assert again.issues[0]["line"] is not None


HEADERLESS = [
    ("no id", "issuer: lumen\neffective_from: 2026-02-01\n"),
    ("no issuer", "id: ai-leaders\neffective_from: 2026-02-01\n"),
    ("not a mapping", "- just\n- a list\n"),
    ("not YAML", "id: [unclosed\n"),
]


@pytest.mark.parametrize("source", [case[1] for case in HEADERLESS], ids=[case[0] for case in HEADERLESS])
def test_new_guidance_without_id_or_issuer_is_refused(cast: Cast, source: str) -> None:
    """Without a readable id and issuer there is nothing to file the draft under: nothing is saved."""
    # when
    with pytest.raises(ValidationFailed) as raised:
        guidance_draft_save(actor=cast.olu.user, source=source)
    # then
    assert raised.value.fields["source"]
    assert not Guidance.objects.exists()
    assert not GuidanceVersion.objects.exists()
    assert not actions("guidance.draft_saved")


def test_issuer_that_does_not_exist_is_refused(cast: Cast) -> None:
    """An issuer slug naming no organisation node is a field error, not a crash."""
    # when
    with pytest.raises(ValidationFailed) as raised:
        guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(issuer="nowhere-office"))
    # then
    assert "nowhere-office" in raised.value.fields["source"][0]
    assert not Guidance.objects.exists()


AUTHORS = [
    # (persona, issuer, may issue) — officers and administrators over the issuer node
    ("olu", "lumen", True),
    ("olu", "lumen-models", True),
    ("olu", "east-office", False),
    ("olu", "rhine-council", False),
    ("ada", "east-office", True),
    ("ada", "lumen-models", True),
    ("ada", "rhine-council", False),
    ("audrey", "lumen", False),
    ("bob", "lumen-models", False),
    ("alice", "lumen-models", False),
    ("mallory", "kinetic", False),
]


@pytest.mark.parametrize(("persona", "issuer", "allowed"), AUTHORS)
def test_only_overseers_of_the_issuer_may_save_drafts(
    cast: Cast, persona: str, issuer: str, allowed: bool
) -> None:
    """Security officers and administrators author guidance for the nodes they oversee; nobody else."""
    # given
    source = guidance_yaml(issuer=issuer)
    actor = cast.persona(persona).user
    # when / then
    if allowed:
        assert guidance_draft_save(actor=actor, source=source).guidance.issuer.slug == issuer
    else:
        with pytest.raises(PermissionDenied):
            guidance_draft_save(actor=actor, source=source)
        assert not Guidance.objects.exists()
        assert not actions("guidance.draft_saved")


def test_a_non_author_cannot_save_a_draft_of_existing_guidance(cast: Cast) -> None:
    """Passing the guidance explicitly does not bypass the check."""
    # given
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    # when / then
    with pytest.raises(PermissionDenied):
        guidance_draft_save(actor=cast.audrey.user, source=guidance_yaml(), guidance=draft.guidance)
    draft.refresh_from_db()
    assert draft.source == guidance_yaml()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"slug": "renamed"}, "id"), ({"issuer": "lumen-models"}, "issuer")],
    ids=["id", "issuer"],
)
def test_id_or_issuer_cannot_change(cast: Cast, change: dict[str, str], field: str) -> None:
    """A document's id and issuer are its identity; a save that changes either is refused."""
    # given
    original = guidance_yaml()
    draft = guidance_draft_save(actor=cast.olu.user, source=original)
    # when
    with pytest.raises(ValidationFailed) as raised:
        guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(**change), guidance=draft.guidance)
    # then
    assert raised.value.fields["source"][0].startswith(f"{field}:")
    draft.refresh_from_db()
    assert draft.source == original
    assert Guidance.objects.count() == 1
    assert len(actions("guidance.draft_saved")) == 1


def test_second_save_updates_the_same_draft(cast: Cast) -> None:
    """One draft per guidance: saving again rewrites it, and the audit event shows before and after."""
    # given
    first = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(effective_from="2026-02-01"))
    # when
    second = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(effective_from="2026-03-01"))
    # then
    assert second.pk == first.pk
    assert GuidanceVersion.objects.count() == 1
    assert GuidanceVersion.objects.get().effective_from == dt.date(2026, 3, 1)
    latest = AuditEvent.objects.filter(action="guidance.draft_saved").order_by("-seq").first()
    assert latest is not None
    assert (latest.before["effective_from"], latest.after["effective_from"]) == ("2026-02-01", "2026-03-01")


def test_draft_after_a_published_version_gets_the_next_number(cast: Cast) -> None:
    """The database numbers versions; a ``version:`` key in the YAML does not."""
    # given
    publish(cast.olu.user, guidance_yaml())
    # when
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(version=7))
    # then
    assert draft.number == 2
    assert list(GuidanceVersion.objects.order_by("number").values_list("number", "status")) == [
        (1, "published"),
        (2, "draft"),
    ]


# --- publishing --------------------------------------------------------------------------------------


def test_publish_makes_a_valid_draft_published_and_audits(cast: Cast) -> None:
    """Publish stamps who and when, audits draft → published and queues a re-assessment."""
    # given
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    # when
    version = version_transition(actor=cast.olu.user, version=draft, action="publish")
    # then
    version.refresh_from_db()
    assert (version.status, version.published_at, version.published_by) == ("published", NOW, cast.olu.user)
    event = AuditEvent.objects.get(action="guidance.published")
    assert (event.actor_id, event.target_id) == (cast.olu.user.pk, str(version.pk))
    assert (event.before["status"], event.after["status"]) == ("draft", "published")
    run = ReassessmentRun.objects.get()
    assert (run.version, run.status, run.requested_by) == (version, RunStatus.QUEUED, cast.olu.user)


def test_publish_refuses_an_invalid_draft_naming_the_field(cast: Cast) -> None:
    """Publishing re-validates: an invalid draft stays a draft, nothing is audited or queued."""
    # given
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    draft = guidance_draft_save(
        actor=cast.olu.user,
        source=guidance_yaml(rules=[{"id": "r", "then": {"advisory": "maybe"}}]),
        guidance=draft.guidance,
    )
    # when
    with pytest.raises(ValidationFailed) as raised:
        version_transition(actor=cast.olu.user, version=draft, action="publish")
    # then
    assert "rules[0].then.advisory" in raised.value.fields["source"][0]
    assert "Line 10" in raised.value.fields["source"][0]
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert not actions("guidance.published")
    assert not ReassessmentRun.objects.exists()


@pytest.mark.parametrize(
    ("effective_from", "allowed"),
    [("2026-01-09", False), ("2025-06-01", False), ("2026-01-10", True), ("2026-01-11", True)],
)
def test_a_new_version_cannot_take_effect_in_the_past(cast: Cast, effective_from: str, allowed: bool) -> None:
    """After the first version, a version must take effect today or later."""
    # given
    publish(cast.olu.user, guidance_yaml(effective_from="2025-01-01"))
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(effective_from=effective_from))
    # when / then
    if allowed:
        assert version_transition(actor=cast.olu.user, version=draft, action="publish").status == "published"
    else:
        with pytest.raises(ValidationFailed) as raised:
            version_transition(actor=cast.olu.user, version=draft, action="publish")
        assert effective_from in raised.value.fields["effective_from"][0]
        draft.refresh_from_db()
        assert draft.status == VersionStatus.DRAFT
        assert GuidanceVersion.objects.get(number=1).effective_to is None


def test_the_first_version_may_record_guidance_already_in_force(cast: Cast) -> None:
    """A first version may start in the past: it records a document an authority already issued."""
    # when
    version = publish(cast.olu.user, guidance_yaml(effective_from="2025-03-01"))
    # then
    assert (version.status, version.effective_from) == ("published", dt.date(2025, 3, 1))


REFUSED = "overlap"

DATES = [
    # (first version from, to), (second version from, to), the first version's end afterwards or REFUSED
    (("2025-06-01", None), ("2026-03-01", None), "2026-02-28"),
    (("2025-06-01", None), ("2026-01-10", "2026-06-30"), "2026-01-09"),
    (("2026-02-01", "2026-06-30"), ("2026-07-01", None), "2026-06-30"),
    (("2026-03-01", None), ("2026-02-01", "2026-02-28"), None),
    (("2026-02-01", "2026-06-30"), ("2026-06-01", None), REFUSED),
    (("2026-02-01", "2026-06-30"), ("2026-01-20", "2026-02-01"), REFUSED),
    (("2026-03-01", None), ("2026-02-01", None), REFUSED),
    (("2026-03-01", None), ("2026-02-01", "2026-03-01"), REFUSED),
    (("2026-03-01", None), ("2026-03-01", None), REFUSED),
]


@pytest.mark.parametrize(("first", "second", "first_ends"), DATES)
def test_publish_closes_an_open_ended_predecessor_or_refuses_an_overlap(
    cast: Cast, first: tuple[str, str | None], second: tuple[str, str | None], first_ends: str | None
) -> None:
    """An open-ended earlier version is closed the day before; any other overlap is refused."""
    # given
    v1 = publish(cast.olu.user, guidance_yaml(effective_from=first[0], effective_to=first[1]))
    draft = guidance_draft_save(
        actor=cast.olu.user, source=guidance_yaml(effective_from=second[0], effective_to=second[1])
    )
    # when / then
    if first_ends == REFUSED:
        with pytest.raises(ValidationFailed) as raised:
            version_transition(actor=cast.olu.user, version=draft, action="publish")
        assert "overlap version 1" in raised.value.fields["effective_from"][0]
        draft.refresh_from_db()
        assert draft.status == VersionStatus.DRAFT
        v1.refresh_from_db()
        assert v1.effective_to == (dt.date.fromisoformat(first[1]) if first[1] else None)
        assert not actions("guidance.superseded")
    else:
        version_transition(actor=cast.olu.user, version=draft, action="publish")
        v1.refresh_from_db()
        assert v1.status == "published"
        assert v1.effective_to == (dt.date.fromisoformat(first_ends) if first_ends else None)


def test_closing_the_predecessor_is_audited(cast: Cast) -> None:
    """The earlier version's new end date is an audited change of its own."""
    # given
    v1 = publish(cast.olu.user, guidance_yaml(effective_from="2025-06-01"))
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(effective_from="2026-03-01"))
    # when
    version_transition(actor=cast.olu.user, version=draft, action="publish")
    # then
    event = AuditEvent.objects.get(action="guidance.superseded")
    assert event.target_id == str(v1.pk)
    assert (event.before["effective_to"], event.after["effective_to"]) == (None, "2026-02-28")
    assert event.extra == {"superseded_by": 2}
    assert actions("guidance.published", "guidance.superseded") == [
        "guidance.published",
        "guidance.superseded",
        "guidance.published",
    ]


def test_publish_reassesses_open_trips_once_committed(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    """The run is queued on commit and runs (immediate huey in tests) to done, counting changes."""
    # given: two assessed trips; only Alice's (an executive, via Canada) is affected by the guidance
    alice_trip = trip_for(cast.alice, via_vancouver())
    bob_trip = trip_for(cast.bob, to_city("SIN", "SG", "Singapore"))
    for trip in (alice_trip, bob_trip):
        assessment_store(trip, assess_trip(trip))
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        version = version_transition(actor=cast.olu.user, version=draft, action="publish")
    # then
    assert len(callbacks) == 1
    run = ReassessmentRun.objects.get()
    assert (run.status, run.total, run.done, run.changed) == (RunStatus.DONE, 2, 2, 1)
    assert run.started_at == NOW
    assert run.finished_at == NOW
    current = TripAssessment.objects.get(trip=alice_trip, is_current=True)
    assert current.advisory == "advised_against"
    assert list(current.guidance_versions.all()) == [version]
    assert TripAssessment.objects.filter(trip=bob_trip).count() == 1


def test_nothing_is_queued_when_the_publish_rolls_back(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    """A refused publish queues no run: the callback belongs to the transaction that failed."""
    # given
    publish(cast.olu.user, guidance_yaml(effective_from="2026-02-01", effective_to="2026-06-30"))
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(effective_from="2026-03-01"))
    runs = ReassessmentRun.objects.count()
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationFailed):
        version_transition(actor=cast.olu.user, version=draft, action="publish")
    # then
    assert callbacks == []
    assert ReassessmentRun.objects.count() == runs


# --- retiring and discarding -------------------------------------------------------------------------


def test_retire_takes_a_published_version_out_of_force(cast: Cast) -> None:
    """A retired version is kept, stamped, audited, and no longer used to assess trips."""
    # given
    trip = trip_for(cast.alice, via_vancouver())
    version = publish(cast.olu.user, guidance_yaml(effective_from="2026-01-10"))
    assert assess_trip(trip).advisory.value == "advised_against"
    # when
    retired = version_transition(actor=cast.olu.user, version=version, action="retire")
    # then
    retired.refresh_from_db()
    assert (retired.status, retired.retired_at) == (VersionStatus.RETIRED, NOW)
    event = AuditEvent.objects.get(action="guidance.retired")
    assert (event.before["status"], event.after["status"]) == ("published", "retired")
    assert ReassessmentRun.objects.filter(version=retired).count() == 2  # publish, then retire
    assert assess_trip(trip).advisory.value == "none"


def test_discard_deletes_only_the_draft(cast: Cast) -> None:
    """Discarding a draft removes it (it was never in force) and audits what it was."""
    # given
    v1 = publish(cast.olu.user, guidance_yaml())
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml(effective_from="2026-06-01"))
    draft_pk = draft.pk
    # when
    version_transition(actor=cast.olu.user, version=draft, action="discard")
    # then
    assert list(GuidanceVersion.objects.values_list("pk", flat=True)) == [v1.pk]
    event = AuditEvent.objects.get(action="guidance.draft_discarded")
    assert (event.target_id, event.before["number"], event.before["status"]) == (str(draft_pk), 2, "draft")
    assert ReassessmentRun.objects.count() == 1  # only the publish of version 1


WRONG = [
    # (status the version is in, action)
    ("draft", "retire"),
    ("published", "publish"),
    ("published", "discard"),
    ("retired", "publish"),
    ("retired", "retire"),
    ("retired", "discard"),
]


@pytest.mark.parametrize(("status", "action"), WRONG)
def test_transition_from_a_wrong_status_is_a_conflict(cast: Cast, status: str, action: Any) -> None:
    """Each action has one starting status; any other is refused and changes nothing."""
    # given
    version = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    if status in ("published", "retired"):
        version = version_transition(actor=cast.olu.user, version=version, action="publish")
    if status == "retired":
        version = version_transition(actor=cast.olu.user, version=version, action="retire")
    events_before = AuditEvent.objects.count()
    # when
    with pytest.raises(Conflict):
        version_transition(actor=cast.olu.user, version=version, action=action)
    # then
    version.refresh_from_db()
    assert version.status == status
    assert AuditEvent.objects.count() == events_before


def test_unknown_action_is_refused(cast: Cast) -> None:
    # given
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    # when / then
    with pytest.raises(ValidationFailed):
        version_transition(actor=cast.olu.user, version=draft, action="approve")  # type: ignore[arg-type]


@pytest.mark.parametrize("persona", ["alice", "bob", "audrey", "mallory"])
def test_only_authors_may_transition(cast: Cast, persona: str) -> None:
    """Auditors read guidance but do not publish it; travellers and outsiders neither."""
    # given
    draft = guidance_draft_save(actor=cast.olu.user, source=guidance_yaml())
    # when / then
    with pytest.raises(PermissionDenied):
        version_transition(actor=cast.persona(persona).user, version=draft, action="publish")
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_every_version_is_kept(cast: Cast) -> None:
    """Three publishes and a retirement leave three versions, each with its own text, none edited."""
    # given
    sources = [
        guidance_yaml(effective_from="2025-06-01"),
        guidance_yaml(effective_from="2026-02-01", rules=[CAUTION_RULE]),
        guidance_yaml(effective_from="2026-04-01", rules=[LEADERS_RULE, CAUTION_RULE]),
    ]
    # when
    versions = [publish(cast.olu.user, source) for source in sources]
    version_transition(actor=cast.olu.user, version=versions[-1], action="retire")
    # then
    rows = list(
        GuidanceVersion.objects.order_by("number").values_list("number", "status", "source", "effective_to")
    )
    assert rows == [
        (1, "published", sources[0], dt.date(2026, 1, 31)),
        (2, "published", sources[1], dt.date(2026, 3, 31)),
        (3, "retired", sources[2], None),
    ]


def test_a_version_taking_effect_today_is_reassessed_that_day(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    """A version published ahead of its start is queued for re-assessment on the day it starts."""
    # given
    from waypost.policy.services import reassessment_queue_for_day

    start = dt.date.today() + dt.timedelta(days=3)
    text = (
        f"id: later\nissuer: {cast.org.slug}\ntitle: {{en: Later}}\neffective_from: {start}\n"
        "rules:\n  - id: us\n    when: {destinations: {countries: [US]}}\n    then: {advisory: caution}\n"
    )
    draft = guidance_draft_save(actor=cast.olu.user, source=text)
    version_transition(actor=cast.olu.user, version=draft, action="publish")
    runs_before = ReassessmentRun.objects.count()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        none_yet = reassessment_queue_for_day(day=start - dt.timedelta(days=1))
        queued = reassessment_queue_for_day(day=start)
    # then
    assert none_yet == []
    assert [run.version_id for run in queued] == [draft.pk]
    assert ReassessmentRun.objects.count() == runs_before + 1
    assert ReassessmentRun.objects.get(pk=queued[0].pk).status == "done"
