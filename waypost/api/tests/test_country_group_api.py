"""One country group over the API: read any, and officers create or change their custom groups."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from waypost.audit.models import AuditEvent
from waypost.geo.models import CustomCountryGroup
from waypost.testing import Cast

GROUP = {
    "owner": "lumen",
    "names": {"en": "Greater China", "de": "Großchina"},
    "members": ["cn", "HK", "MO"],
    "as_of": "2026-03-01",
    "source": "Security team decision",
}


def api(person: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(person.user)
    return client


def test_officer_creates_then_changes_a_group(cast: Cast) -> None:
    """The first save creates the group, the second replaces it; both are audited."""
    # when
    created = api(cast.olu).put("/api/v1/country-groups/greater-china/", GROUP, format="json")
    changed = api(cast.olu).put(
        "/api/v1/country-groups/greater-china/", {**GROUP, "members": ["CN", "HK"]}, format="json"
    )
    # then
    assert created.status_code == 200
    assert created.json()["members"] == ["CN", "HK", "MO"]
    assert (created.json()["custom"], created.json()["owner"]) == (True, "lumen")
    assert changed.json()["members"] == ["CN", "HK"]
    actions = list(
        AuditEvent.objects.filter(action__startswith="country_group.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["country_group.created", "country_group.updated"]


def test_anyone_reads_a_group_and_a_missing_one_is_404(cast: Cast) -> None:
    """Shipped groups are there for everyone; another organisation's custom group is not."""
    # given
    api(cast.olu).put("/api/v1/country-groups/greater-china/", GROUP, format="json")
    # when / then
    assert api(cast.alice).get("/api/v1/country-groups/eu/").json()["custom"] is False
    assert api(cast.alice).get("/api/v1/country-groups/greater-china/").status_code == 200
    assert api(cast.mallory).get("/api/v1/country-groups/greater-china/").status_code == 404
    assert api(cast.alice).get("/api/v1/country-groups/nowhere/").status_code == 404


def test_bad_input_is_refused(cast: Cast) -> None:
    """Unknown country codes, a shipped id and an unknown owner are 400s naming the field."""
    # when
    unknown = api(cast.olu).put("/api/v1/country-groups/mine/", {**GROUP, "members": ["XX"]}, format="json")
    shipped = api(cast.olu).put("/api/v1/country-groups/eu/", GROUP, format="json")
    owner = api(cast.olu).put("/api/v1/country-groups/mine/", {**GROUP, "owner": "kinetic"}, format="json")
    # then
    assert unknown.status_code == 400
    assert "members" in unknown.json()["error"]["fields"]
    assert shipped.status_code == 400
    assert "slug" in shipped.json()["error"]["fields"]
    assert owner.status_code == 400
    assert "owner" in owner.json()["error"]["fields"]
    assert not CustomCountryGroup.objects.exists()


def test_those_who_only_see_groups_get_403(cast: Cast) -> None:
    """Travellers and auditors see the groups but may not define them."""
    # when / then
    for person in (cast.alice, cast.audrey):
        assert api(person).put("/api/v1/country-groups/mine/", GROUP, format="json").status_code == 403
