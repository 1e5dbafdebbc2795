"""Guidance visibility: published versions to whom they apply, drafts to the issuer's overseers.

The world: guidance issued at the authority above Lumen (east-office), at Lumen itself, at Alice's
unit (only ever a draft), and at another authority (rhine-council), each with the versions below.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from waypost.core.errors import NotFound
from waypost.people.models import OrgNode
from waypost.policy.choices import VersionStatus
from waypost.policy.models import Guidance, GuidanceVersion
from waypost.policy.selectors import guidance_get_for, guidance_list_for, version_get_for
from waypost.testing import Cast

# guidance id → (issuer, statuses of versions 1, 2, …)
WORLD = {
    "east-rules": ("east-office", ["published", "draft"]),
    "lumen-rules": ("lumen", ["retired", "published", "draft"]),
    "models-rules": ("lumen-models", ["draft"]),
    "rhine-rules": ("rhine-council", ["published", "draft"]),
}


@pytest.fixture
def world(cast: Cast) -> Cast:
    for slug, (issuer, statuses) in WORLD.items():
        guidance = Guidance.objects.create(slug=slug, issuer=OrgNode.objects.get(slug=issuer))
        for number, status in enumerate(statuses, start=1):
            GuidanceVersion.objects.create(
                guidance=guidance, number=number, status=status, source=f"id: {slug}\n"
            )
    return cast


PUBLISHED_TO_LUMEN = {"east-rules@1", "lumen-rules@1", "lumen-rules@2"}
LUMEN_DRAFTS = {"lumen-rules@3", "models-rules@1"}

VERSIONS = {
    # travellers and approvers: what applies to them, never drafts
    "alice": PUBLISHED_TO_LUMEN,
    "bob": PUBLISHED_TO_LUMEN,
    # officer and auditor over Lumen: also Lumen's drafts, not the authority's draft above them
    "olu": PUBLISHED_TO_LUMEN | LUMEN_DRAFTS,
    "audrey": PUBLISHED_TO_LUMEN | LUMEN_DRAFTS,
    # administrator over the authority: everything issued in it
    "ada": PUBLISHED_TO_LUMEN | LUMEN_DRAFTS | {"east-rules@2"},
    # another organisation under another authority
    "mallory": {"rhine-rules@1"},
}


@pytest.mark.parametrize(("persona", "expected"), sorted(VERSIONS.items()))
def test_versions_visible_to_each_persona(world: Cast, persona: str, expected: set[str]) -> None:
    """Published and retired versions to everyone in the issuer's subtree; drafts only to overseers."""
    # when
    visible = GuidanceVersion.objects.visible_to(world.persona(persona).user)
    # then
    assert {str(version) for version in visible.select_related("guidance")} == expected


DOCUMENTS = {
    "alice": {"east-rules", "lumen-rules"},
    "bob": {"east-rules", "lumen-rules"},
    "olu": {"east-rules", "lumen-rules", "models-rules"},
    "audrey": {"east-rules", "lumen-rules", "models-rules"},
    "ada": {"east-rules", "lumen-rules", "models-rules"},
    "mallory": {"rhine-rules"},
}


@pytest.mark.parametrize(("persona", "expected"), sorted(DOCUMENTS.items()))
def test_guidance_listed_to_each_persona(world: Cast, persona: str, expected: set[str]) -> None:
    """A document that was never published is listed to the overseers of its issuer only.

    ``Guidance.objects.visible_to`` scopes by issuer; ``guidance_list_for`` (what every interface
    uses) also drops documents of which the actor may see no version.
    """
    # when
    listed = guidance_list_for(actor=world.persona(persona).user)
    # then
    slugs = [guidance.slug for guidance in listed]
    assert sorted(slugs) == sorted(expected)  # and no duplicates from joins
    assert set(Guidance.objects.visible_to(world.persona(persona).user).values_list("slug", flat=True)) >= (
        expected
    )


def test_anonymous_sees_no_guidance(world: Cast) -> None:
    assert not Guidance.objects.visible_to(AnonymousUser()).exists()
    assert not GuidanceVersion.objects.visible_to(AnonymousUser()).exists()


def test_publishing_a_draft_shows_it_to_travellers(world: Cast) -> None:
    """Visibility follows the status: the same row appears for Alice once it is published."""
    # given
    draft = GuidanceVersion.objects.get(guidance__slug="models-rules", number=1)
    assert not GuidanceVersion.objects.visible_to(world.alice.user).filter(pk=draft.pk).exists()
    # when
    GuidanceVersion.objects.filter(pk=draft.pk).update(status=VersionStatus.PUBLISHED)
    # then
    assert GuidanceVersion.objects.visible_to(world.alice.user).filter(pk=draft.pk).exists()
    assert Guidance.objects.visible_to(world.alice.user).filter(slug="models-rules").exists()


def test_list_shows_each_guidance_with_only_the_versions_the_actor_may_see(world: Cast) -> None:
    """Alice's listing of Lumen's guidance holds versions 2 and 1, not the draft 3."""
    # when
    listed = {
        g.slug: [v.number for v in g.visible_versions] for g in guidance_list_for(actor=world.alice.user)
    }
    # then
    assert listed == {"east-rules": [1], "lumen-rules": [2, 1]}


def test_list_costs_a_fixed_number_of_queries(world: Cast, django_assert_num_queries: Any) -> None:
    """Guidance and versions come in two queries after the scope, however many documents there are."""
    # given
    user = type(world.ada.user).objects.get(pk=world.ada.user.pk)
    # when / then: person, role assignments, own path nodes; then guidance and its versions
    with django_assert_num_queries(5):
        assert len(list(guidance_list_for(actor=user))) == 3


NOT_FOUND = [
    # (persona, guidance, version): a forbidden object looks exactly like a missing one
    ("alice", "lumen-rules", 3),
    ("alice", "models-rules", 1),
    ("olu", "east-rules", 2),
    ("mallory", "lumen-rules", 2),
    ("olu", "rhine-rules", 1),
    ("olu", "lumen-rules", 99),
    ("olu", "lumen-rules", "two"),
]


@pytest.mark.parametrize(("persona", "slug", "number"), NOT_FOUND)
def test_version_get_for_hides_what_the_actor_may_not_see(
    world: Cast, persona: str, slug: str, number: Any
) -> None:
    with pytest.raises(NotFound):
        version_get_for(actor=world.persona(persona).user, slug=slug, number=number)


def test_version_get_for_returns_a_visible_version(world: Cast) -> None:
    # when
    version = version_get_for(actor=world.olu.user, slug="lumen-rules", number="3")
    # then
    assert (str(version), version.status) == ("lumen-rules@3", "draft")


@pytest.mark.parametrize(("persona", "slug"), [("mallory", "lumen-rules"), ("alice", "models-rules")])
def test_guidance_get_for_hides_what_the_actor_may_not_see(world: Cast, persona: str, slug: str) -> None:
    with pytest.raises(NotFound):
        guidance_get_for(actor=world.persona(persona).user, slug=slug)
