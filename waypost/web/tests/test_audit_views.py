"""``/audit/``: the audit log page, for auditors and administrators; reading it is itself audited."""

from __future__ import annotations

from typing import Any

from waypost.audit.models import AuditEvent
from waypost.people.services import person_create, person_record_view
from waypost.testing import Cast


def test_viewing_the_log_is_audited(cast: Cast, login: Any) -> None:
    """Audrey opening the log writes an ``audit.viewed`` event with her filters."""
    # when
    response = login(cast.audrey).get("/audit/", {"action": "person.created"})
    # then
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="audit.viewed")
    assert event.actor_id == cast.audrey.user.pk
    assert event.extra == {"filters": {"action": "person.created"}}


def test_filter_by_action_shows_only_that_action(cast: Cast, login: Any) -> None:
    """Filtering by ``person.created`` lists the creations, not the reads around them."""
    # given
    nina = person_create(actor=cast.olu.user, email="nina@lumen.example", name_latin="Nina", unit=cast.unit)
    person_record_view(actor=cast.olu.user, person=nina)
    # when
    response = login(cast.audrey).get("/audit/", {"action": "person.created"})
    # then
    actions = [event.action for event in response.context["page"]]
    assert actions == ["person.created"]
    assert response.context["page"][0].target_label == "Nina"


def test_log_is_scoped_to_the_auditors_subtree(cast: Cast, login: Any) -> None:
    """Events about people in another organisation are not in Audrey's log."""
    # given
    person_record_view(actor=cast.mallory.user, person=cast.mallory)
    person_record_view(actor=cast.olu.user, person=cast.alice)
    # when
    response = login(cast.audrey).get("/audit/", {"action": "person.viewed"})
    # then
    assert [event.target_label for event in response.context["page"]] == ["Alice Wang (王爱丽)"]


def test_end_before_start_is_a_field_error(cast: Cast, login: Any) -> None:
    """``until`` earlier than ``since`` is reported on the ``until`` field."""
    # when
    response = login(cast.audrey).get("/audit/", {"since": "2026-03-10", "until": "2026-03-01"})
    # then
    assert response.context["form"].errors["until"] == ["The end date is before the start date."]
    assert "The end date is before the start date." in response.content.decode()


def test_log_is_hidden_from_travellers(cast: Cast, login: Any) -> None:
    """Alice gets a 404, and her attempt reads nothing so records nothing."""
    # when
    response = login(cast.alice).get("/audit/")
    # then
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="audit.viewed").exists()
