"""The registry of kinds, and rendering in a language without ever failing."""

from __future__ import annotations

import pytest

from waypost.notifications import kinds

REQUIRED = {
    "trip.review_requested": ["trip", "traveller"],
    "trip.decided": ["trip", "decision", "reviewer", "note"],
    "trip.outcome": ["trip", "status"],
    "trip.amended": ["trip", "traveller", "version", "stricter"],
    "trip.cancelled": ["trip", "traveller"],
    "trip.proceeded": ["trip", "traveller"],
    "trip.briefing_flagged": ["trip", "traveller"],
    "invitation.decided": ["event", "status"],
    "reminder.declaration_due": ["trip", "due"],
    "reminder.briefing": ["trip", "departs"],
    "reminder.decision_pending": ["trip", "traveller", "days"],
    "escalation.decision_overdue": ["trip", "traveller", "days"],
}


@pytest.mark.parametrize(("code", "params"), sorted(REQUIRED.items()))
def test_every_kind_the_workflows_use_renders_its_params(code: str, params: list[str]) -> None:
    # given
    values = {name: f"<{name}>" for name in params}
    # when
    rendered = kinds.render(code, values, language="en")
    # then
    assert code != rendered.subject
    text = rendered.subject + rendered.body
    for name in params:
        if name not in {"decision", "status", "stricter", "note"}:
            assert f"<{name}>" in text, name


def test_a_missing_param_shows_the_kind_instead_of_failing() -> None:
    # when
    rendered = kinds.render("trip.cancelled", {"trip": "Boston"}, language="en")
    # then
    assert rendered.subject == "trip.cancelled"
    assert "trip: Boston" in rendered.body


def test_an_unknown_kind_shows_its_code() -> None:
    # when
    rendered = kinds.render("no.such.kind", {"a": "b"})
    # then
    assert rendered.subject == "no.such.kind"
    assert "a: b" in rendered.body


def test_a_code_param_is_shown_as_its_label_in_the_language_asked_for() -> None:
    # when
    english = kinds.render("trip.outcome", {"trip": "Boston", "status": "approved"}, language="en")
    german = kinds.render("trip.outcome", {"trip": "Boston", "status": "approved"}, language="de")
    # then
    assert english.subject.endswith(": Approved")
    assert "Genehmigt" in german.subject + german.body


def test_a_value_that_is_not_a_code_is_shown_as_given() -> None:
    # when
    rendered = kinds.render("trip.outcome", {"trip": "Boston", "status": "Something else"}, language="en")
    # then
    assert "Something else" in rendered.subject


def test_the_note_line_appears_only_with_a_note() -> None:
    params = {"trip": "Boston", "decision": "approve", "reviewer": "Bob Chen"}
    # when
    without = kinds.render("trip.decided", {**params, "note": ""}, language="en")
    with_note = kinds.render("trip.decided", {**params, "note": "Take the clean laptop."}, language="en")
    # then
    assert "Note" not in without.body
    assert "Take the clean laptop." in with_note.body
    assert "Approve" in with_note.subject


def test_newlines_in_a_param_never_reach_the_subject() -> None:
    # when
    rendered = kinds.render("trip.cancelled", {"trip": "Boston\nBcc: x@example.org", "traveller": "A"})
    # then
    assert "\n" not in rendered.subject


def test_an_unsupported_language_falls_back_to_the_default() -> None:
    # when
    rendered = kinds.render("trip.outcome", {"trip": "Boston", "status": "approved"}, language="xx")
    # then
    assert "Approved" in rendered.subject


def test_a_kind_cannot_be_registered_twice() -> None:
    with pytest.raises(kinds.DuplicateKind):
        kinds.register("trip.outcome", subject="x", body="y")
