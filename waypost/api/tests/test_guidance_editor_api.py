"""The guidance editor's preview and a re-assessment run's progress over the API."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from waypost.policy.models import GuidanceVersion
from waypost.policy.services import guidance_draft_save, version_transition
from waypost.testing import Cast

SOURCE = """id: lumen-travel
issuer: lumen
title: {en: Lumen travel}
effective_from: 2026-01-01
rules:
  - id: caution
    when: {destinations: {countries: [MX]}}
    then: {advisory: caution}
"""


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def published(cast: Cast) -> GuidanceVersion:
    return version_transition(
        actor=cast.olu.user, version=guidance_draft_save(actor=cast.olu.user, source=SOURCE), action="publish"
    )


def test_preview_assesses_the_sample_trip_and_saves_nothing(cast: Cast) -> None:
    """Valid YAML is assessed against the sample trip as if published; no draft is stored."""
    # when
    response = api(cast.olu).post("/api/v1/guidance/preview/", {"source": SOURCE}, format="json")
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["valid"], body["rule_count"], body["issues"], body["trip_errors"]) == (True, 1, [], [])
    assert body["assessment"]["advisory"] == "caution"
    assert not GuidanceVersion.objects.exists()


def test_preview_lists_the_problems_of_the_yaml_and_of_the_trip(cast: Cast) -> None:
    """Problems are part of the answer: each YAML problem with its line, the trip's as sentences."""
    # when
    broken = api(cast.ada).post(
        "/api/v1/guidance/preview/", {"source": SOURCE.replace("caution}", "cautious}")}, format="json"
    )
    bad_trip = api(cast.ada).post(
        "/api/v1/guidance/preview/", {"source": SOURCE, "sample_trip": {"legs": "none"}}, format="json"
    )
    # then
    assert broken.status_code == 200
    assert broken.json()["valid"] is False
    assert broken.json()["issues"][0]["line"] == 8
    assert bad_trip.json()["valid"] is True
    assert bad_trip.json()["trip_errors"]
    assert bad_trip.json()["assessment"] is None


def test_preview_refuses_bad_input_and_non_authors(cast: Cast) -> None:
    """No source, or a trip that is not an object, is a 400; a traveller gets 403."""
    # when / then
    missing = api(cast.olu).post("/api/v1/guidance/preview/", {}, format="json")
    assert missing.status_code == 400
    assert "source" in missing.json()["error"]["fields"]
    listed = api(cast.olu).post(
        "/api/v1/guidance/preview/", {"source": SOURCE, "sample_trip": []}, format="json"
    )
    assert listed.status_code == 400
    assert "sample_trip" in listed.json()["error"]["fields"]
    assert (
        api(cast.alice).post("/api/v1/guidance/preview/", {"source": SOURCE}, format="json").status_code
        == 403
    )


def test_run_progress_is_shown_with_its_version(cast: Cast) -> None:
    """Publishing queues a run; anyone who sees the version follows it, another organisation gets 404."""
    # given
    run = published(cast).reassessments.get()
    # when
    response = api(cast.alice).get(f"/api/v1/guidance/runs/{run.pk}/")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == {"guidance": "lumen-travel", "number": 1}
    assert (body["status"], body["percent"]) == ("queued", 100 if not run.total else 0)
    assert api(cast.mallory).get(f"/api/v1/guidance/runs/{run.pk}/").status_code == 404
    assert api(cast.olu).get(f"/api/v1/guidance/runs/{run.pk + 1000}/").status_code == 404
