"""``country_group_save``: officers' own country groups, validated, audited and usable in guidance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from waypost.audit.models import AuditEvent
from waypost.core.errors import PermissionDenied, ValidationFailed
from waypost.geo.models import CustomCountryGroup
from waypost.geo.selectors import all_groups
from waypost.geo.services import country_group_save
from waypost.people.models import OrgNode
from waypost.policy.services import guidance_draft_save
from waypost.policy.tests.factories import guidance_yaml, publish
from waypost.testing import Cast
from waypost.trips.assessing import assess_trip
from waypost.trips.tests.factories import to_city, trip_for

NOW = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
AS_OF = dt.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def pinned_today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def save(cast: Cast, persona: str = "olu", **overrides: Any) -> CustomCountryGroup:
    arguments: dict[str, Any] = {
        "slug": "lumen-partners",
        "owner": cast.org,
        "names": {"en": "Lumen partner countries", "de": "Partnerländer"},
        "members": ["SG", "TH"],
        "as_of": AS_OF,
        "source": "Lumen security office memo 2026-01",
    }
    arguments.update(overrides)
    return country_group_save(actor=cast.persona(persona).user, **arguments)


def test_officer_creates_a_group_and_it_is_audited(cast: Cast) -> None:
    """Codes are trimmed, upper-cased, de-duplicated and sorted; the creation is audited."""
    # when
    group = save(cast, members=[" th", "SG", "sg", ""])
    # then
    group.refresh_from_db()
    assert (group.slug, group.owner, group.members, group.as_of) == (
        "lumen-partners",
        cast.org,
        ["SG", "TH"],
        AS_OF,
    )
    assert group.names == {"en": "Lumen partner countries", "de": "Partnerländer"}
    assert group.created_by == cast.olu.user
    event = AuditEvent.objects.get(action="country_group.created")
    assert (event.actor_id, event.target_id, event.org_path, event.before) == (
        cast.olu.user.pk,
        str(group.pk),
        cast.org.path,
        None,
    )
    assert event.after is not None
    assert event.after["members"] == ["SG", "TH"]


def test_saving_again_updates_the_group_and_audits_before_and_after(cast: Cast) -> None:
    # given
    first = save(cast)
    # when
    second = save(cast, members=["SG", "TH", "VN"])
    # then
    assert second.pk == first.pk
    assert CustomCountryGroup.objects.count() == 1
    event = AuditEvent.objects.get(action="country_group.updated")
    assert (event.before["members"], event.after["members"]) == (["SG", "TH"], ["SG", "TH", "VN"])


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (["SG", "ZZ"], "ZZ"),
        (["SGP"], "SGP"),
        (["Singapore"], "SINGAPORE"),
        ([], "at least one"),
        (["  "], "at least one"),
    ],
)
def test_unknown_country_codes_are_refused(cast: Cast, members: list[str], message: str) -> None:
    """Every code must be ISO 3166-1 alpha-2; nothing is saved or audited otherwise."""
    # when
    with pytest.raises(ValidationFailed) as raised:
        save(cast, members=members)
    # then
    assert message in raised.value.fields["members"][0]
    assert not CustomCountryGroup.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="country_group.").exists()


@pytest.mark.parametrize("slug", ["nato", "us-allies", "eu", "countries-of-concern"])
def test_shipped_group_ids_are_reserved(cast: Cast, slug: str) -> None:
    """A custom group cannot redefine a shipped one, which guidance elsewhere relies on."""
    # when
    with pytest.raises(ValidationFailed) as raised:
        save(cast, slug=slug)
    # then
    assert slug in raised.value.fields["slug"][0]
    assert not CustomCountryGroup.objects.exists()


def test_an_english_name_is_required(cast: Cast) -> None:
    with pytest.raises(ValidationFailed) as raised:
        save(cast, names={"de": "Nur Deutsch", "en": "  "})
    assert raised.value.fields["names"]


MANAGERS = [
    # (persona, owner node, may save): officers and administrators over the owner
    ("olu", "lumen", True),
    ("olu", "lumen-models", True),
    ("olu", "east-office", False),
    ("ada", "east-office", True),
    ("ada", "lumen", True),
    ("audrey", "lumen", False),
    ("bob", "lumen-models", False),
    ("alice", "lumen-models", False),
    ("mallory", "kinetic", False),
]


@pytest.mark.parametrize(("persona", "owner", "allowed"), MANAGERS)
def test_only_overseers_of_the_owner_may_save(cast: Cast, persona: str, owner: str, allowed: bool) -> None:
    # given
    node = OrgNode.objects.get(slug=owner)
    # when / then
    if allowed:
        assert save(cast, persona, owner=node).owner == node
    else:
        with pytest.raises(PermissionDenied):
            save(cast, persona, owner=node)
        assert not CustomCountryGroup.objects.exists()


def test_a_group_owned_above_the_actor_cannot_be_taken_over(cast: Cast) -> None:
    """Olu may not rewrite the authority's group by saving it under his own organisation."""
    # given
    save(cast, "ada", owner=cast.authority)
    # when
    with pytest.raises(PermissionDenied):
        save(cast, "olu", owner=cast.org, members=["FR"])
    # then
    group = CustomCountryGroup.objects.get()
    assert (group.owner, group.members) == (cast.authority, ["SG", "TH"])


def test_all_groups_holds_shipped_and_custom_groups(cast: Cast) -> None:
    # given
    save(cast)
    # when
    groups = all_groups()
    # then
    assert {"nato", "us-allies", "lumen-partners"} <= set(groups)
    assert groups["lumen-partners"].members == frozenset({"SG", "TH"})
    assert groups["lumen-partners"].as_of == AS_OF


def test_a_custom_group_is_usable_in_guidance_by_its_id(cast: Cast) -> None:
    """Unknown until it exists; then a valid group id whose members decide who is matched."""
    # given
    rule = {
        "id": "partners",
        "when": {"destinations": {"groups": ["lumen-partners"]}},
        "then": {"advisory": "caution", "briefing": "partners"},
    }
    source = guidance_yaml(slug="partners", rules=[rule])
    early = guidance_draft_save(actor=cast.olu.user, source=source)
    assert [issue["field"] for issue in early.issues] == ["rules[0].when.destinations.groups[0]"]
    save(cast, members=["TH"])
    # when
    publish(cast.olu.user, source)
    # then
    bangkok = trip_for(cast.alice, to_city("BKK", "TH", "Bangkok"))
    singapore = trip_for(cast.alice, to_city("SIN", "SG", "Singapore"))
    assert assess_trip(bangkok).advisory.value == "caution"
    assert assess_trip(singapore).advisory.value == "none"
    # and when the group changes (in the same clock tick), assessments follow it
    save(cast, members=["SG"])
    assert assess_trip(bangkok).advisory.value == "none"
    assert assess_trip(singapore).advisory.value == "caution"
