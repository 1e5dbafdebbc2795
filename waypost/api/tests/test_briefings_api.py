"""The briefing editor over the API: authors create and change briefings; a change is a new version."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from waypost.audit.models import AuditEvent
from waypost.policy.models import Briefing
from waypost.testing import Cast

NEW = {
    "slug": "high-risk",
    "issuer": "lumen",
    "title": {"en": "High-risk travel", "de": "Reisen mit hohem Risiko"},
    "body": {"en": "Take a clean laptop.", "de": "Nehmen Sie ein sauberes Notebook mit."},
}


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def briefing(cast: Cast) -> Briefing:
    return Briefing.objects.create(
        slug="high-risk", issuer=cast.org, title={"en": "Old"}, body={"en": "Old text."}
    )


def test_author_creates_a_briefing_and_it_is_audited(cast: Cast) -> None:
    """A security officer over the issuer creates a briefing at version 1; the audit log has it."""
    # when
    response = api(cast.olu).post("/api/v1/briefings/", NEW, format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["slug"], body["issuer"], body["version"], body["editable"]) == (
        "high-risk",
        "lumen",
        1,
        True,
    )
    assert body["title"]["de"] == "Reisen mit hohem Risiko"
    event = AuditEvent.objects.get(action="briefing.saved", target_id=str(body["id"]))
    assert event.actor_id == cast.olu.user_id


def test_a_changed_text_is_a_new_version(cast: Cast) -> None:
    """Changing the text raises the version; sending the same texts again keeps it."""
    # given
    saved = briefing(cast)
    change = {"title": {"en": "New"}, "body": {"en": "New text."}}
    # when
    first = api(cast.ada).put(f"/api/v1/briefings/{saved.pk}/", change, format="json")
    again = api(cast.ada).put(f"/api/v1/briefings/{saved.pk}/", change, format="json")
    # then
    assert first.status_code == 200
    assert first.json()["version"] == 2
    assert again.json()["version"] == 2
    assert AuditEvent.objects.filter(action="briefing.saved", target_id=str(saved.pk)).count() == 1


def test_list_and_detail_show_who_may_edit(cast: Cast) -> None:
    """Travellers see the briefings of their organisation, marked as not theirs to edit."""
    # given
    saved = briefing(cast)
    # when
    listed = api(cast.alice).get("/api/v1/briefings/")
    detail = api(cast.alice).get(f"/api/v1/briefings/{saved.pk}/")
    # then
    assert [row["slug"] for row in listed.json()["results"]] == ["high-risk"]
    assert detail.json()["editable"] is False
    assert detail.json()["body"] == {"en": "Old text."}


def test_english_is_required_and_errors_name_the_api_fields(cast: Cast) -> None:
    """A briefing without an English text is refused; the error names ``body.en``."""
    # when
    response = api(cast.olu).post(
        "/api/v1/briefings/", {**NEW, "body": {"de": "Nur Deutsch."}}, format="json"
    )
    # then
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"body.en"}
    assert not Briefing.objects.exists()


def test_a_duplicate_identifier_and_an_unknown_issuer_are_refused(cast: Cast) -> None:
    """The identifier is unique per issuer; an issuer must be a node the author sees."""
    # given
    briefing(cast)
    # when
    duplicate = api(cast.olu).post("/api/v1/briefings/", NEW, format="json")
    elsewhere = api(cast.olu).post("/api/v1/briefings/", {**NEW, "issuer": "kinetic"}, format="json")
    # then
    assert duplicate.status_code == 400
    assert "slug" in duplicate.json()["error"]["fields"]
    assert elsewhere.status_code == 400
    assert "issuer" in elsewhere.json()["error"]["fields"]


def test_those_who_see_but_may_not_edit_get_403(cast: Cast) -> None:
    """The auditor sees the briefing but may not change or create one; Mallory does not see it."""
    # given
    saved = briefing(cast)
    change = {"title": {"en": "New"}, "body": {"en": "New text."}}
    # when / then
    assert api(cast.audrey).put(f"/api/v1/briefings/{saved.pk}/", change, format="json").status_code == 403
    assert api(cast.audrey).post("/api/v1/briefings/", NEW, format="json").status_code == 403
    assert api(cast.mallory).put(f"/api/v1/briefings/{saved.pk}/", change, format="json").status_code == 404
    saved.refresh_from_db()
    assert saved.version == 1
