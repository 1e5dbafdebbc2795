"""Officers write briefings in three languages; a changed text is a new version travellers re-read."""

from __future__ import annotations

from typing import Any

from waypost.audit.models import AuditEvent
from waypost.policy.models import Briefing
from waypost.testing import Cast

FORM = {
    "slug": "high-risk",
    "issuer": "lumen",
    "title_en": "High-risk destinations",
    "title_de": "Risikoreiche Ziele",
    "title_zh": "高风险目的地",
    "body_en": "Take a **clean** laptop.",
    "body_de": "Nehmen Sie ein leeres Notebook mit.",
    "body_zh": "请携带干净的笔记本电脑。",
}


def test_an_officer_writes_a_briefing_and_a_change_makes_a_new_version(cast: Cast, client: Any) -> None:
    client.force_login(cast.olu.user)
    response = client.post("/guidance/briefings/new/", FORM)
    assert response.status_code == 302
    briefing = Briefing.objects.get(slug="high-risk")
    assert briefing.issuer == cast.org
    assert briefing.body["zh-hans"] == "请携带干净的笔记本电脑。"
    assert briefing.version == 1
    unchanged = client.post(f"/guidance/briefings/{briefing.pk}/", FORM)
    assert unchanged.status_code == 302
    assert Briefing.objects.get(pk=briefing.pk).version == 1
    client.post(f"/guidance/briefings/{briefing.pk}/", {**FORM, "body_en": "Take a clean loaner laptop."})
    briefing.refresh_from_db()
    assert (briefing.version, briefing.body["en"]) == (2, "Take a clean loaner laptop.")
    assert AuditEvent.objects.filter(action="briefing.saved", target_id=str(briefing.pk)).count() == 2
    listed = client.get("/guidance/briefings/")
    assert "High-risk destinations" in listed.content.decode()


def test_a_rejected_briefing_keeps_what_was_typed(cast: Cast, client: Any) -> None:
    client.force_login(cast.olu.user)
    response = client.post(
        "/guidance/briefings/new/", {**FORM, "slug": "Bad Slug!", "body_en": ""}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Risikoreiche Ziele" in html
    assert "请携带干净的笔记本电脑。" in html
    assert set(response.context["form"].errors) == {"slug", "body_en"}
    assert not Briefing.objects.exists()


def test_the_same_identifier_twice_for_one_issuer_is_refused(cast: Cast, client: Any) -> None:
    Briefing.objects.create(slug="high-risk", issuer=cast.org, title={"en": "x"}, body={"en": "y"})
    client.force_login(cast.olu.user)
    response = client.post("/guidance/briefings/new/", FORM)
    assert response.status_code == 400
    assert "slug" in response.context["form"].errors


def test_travellers_cannot_write_briefings(cast: Cast, client: Any) -> None:
    client.force_login(cast.alice.user)
    assert client.post("/guidance/briefings/new/", FORM).status_code == 404
    assert not Briefing.objects.exists()
