"""Navigation by role (``waypost.web.context_processors.shell``)."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.testing import Cast

ALWAYS = {"Home", "People", "Organisations", "Guidance", "Trips", "Debriefs", "Invitations"}


def nav_labels(response: Any) -> set[str]:
    items = [*response.context["nav_items"], *response.context["nav_more"]]
    return {str(label) for _url, label, _icon in items}


@pytest.mark.parametrize(
    ("persona", "extra"),
    [
        ("alice", set()),
        ("bob", {"Reviews"}),
        ("mallory", set()),
        ("audrey", {"Audit log", "Incidents", "Screening", "Contacts", "Oversight"}),
        ("olu", {"Import people", "Reviews", "Incidents", "Screening", "Contacts", "Oversight"}),
        (
            "ada",
            {
                "Audit log",
                "Import people",
                "Administration",
                "Incidents",
                "Screening",
                "Contacts",
                "Oversight",
                "Webhooks",
            },
        ),
    ],
)
def test_navigation_follows_the_role(cast: Cast, login: Any, persona: str, extra: set[str]) -> None:
    """Everyone sees home, people and organisations; other entries only with the matching role."""
    # when
    response = login(cast.persona(persona)).get("/")
    # then
    assert nav_labels(response) == ALWAYS | extra


def test_traveller_page_has_no_links_to_restricted_areas(cast: Cast, login: Any) -> None:
    """Alice's rendered page carries no link to the audit log, the import or the admin."""
    # when
    html = login(cast.alice).get("/").content.decode()
    # then
    assert 'href="/audit/"' not in html
    assert 'href="/people/import/"' not in html
    assert 'href="/admin/"' not in html
    assert "Audit log" not in html
    assert "Import people" not in html


def test_administrator_page_links_to_administration(cast: Cast, login: Any) -> None:
    """Ada's rendered navigation links to the admin and the audit log."""
    # when
    html = login(cast.ada).get("/").content.decode()
    # then
    assert 'href="/admin/"' in html
    assert 'href="/audit/"' in html
