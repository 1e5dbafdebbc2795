"""The contacts register in the app: the list, one contact with its meetings, merges and suggestions."""

from __future__ import annotations

from typing import Any

import pytest

from waypost.audit.models import AuditEvent
from waypost.debriefs import services
from waypost.debriefs.choices import SuggestionStatus
from waypost.debriefs.models import Contact, Encounter, MergeSuggestion
from waypost.debriefs.register import contact_merge, merge_suggestions_for, register_trip_contacts
from waypost.debriefs.tests.factories import complete_answers, contact, returned_trip
from waypost.testing import Cast
from waypost.trips.models import Trip

pytestmark = pytest.mark.django_db


class Register:
    """王伟 reported by Alice (asked about her work), Wang Wei planned by Bob: both of Tsinghua."""

    def __init__(self, cast: Cast) -> None:
        self.alice_trip = returned_trip(cast.alice)
        saved = services.debrief_draft_save(
            actor=cast.alice.user,
            trip=self.alice_trip,
            answers=complete_answers(
                contact(
                    "王伟",
                    name_latin="Wang Wei",
                    organisation="Tsinghua",
                    where="Conference dinner",
                    topics="Robot grasping benchmarks",
                    follow_up="He will send a preprint.",
                    asked_about_work=True,
                    asked_to_stay_in_touch=True,
                ),
                contact("Maria Lopez", organisation="UNAM", country="MX"),
            ),
        )
        services.debrief_transition(actor=cast.alice.user, debrief=saved.debrief, action="submit")
        self.bob_trip = returned_trip(
            cast.bob, meetings=[{"name": "Wang Wei", "organisation": "Tsinghua", "country": "CN"}]
        )
        created = register_trip_contacts(self.alice_trip) + register_trip_contacts(self.bob_trip)
        merge_suggestions_for(created)
        self.chinese = Contact.objects.get(name="王伟")
        self.latin = Contact.objects.get(name="Wang Wei")
        self.maria = Contact.objects.get(name="Maria Lopez")
        self.suggestion = MergeSuggestion.objects.get()

    @property
    def trips(self) -> list[Trip]:
        return [self.alice_trip, self.bob_trip]


@pytest.fixture
def world(cast: Cast) -> Register:
    return Register(cast)


def test_the_register_lists_contacts_with_counts_and_a_suggestions_badge(
    cast: Cast, login: Any, world: Register
) -> None:
    # when
    response = login(cast.audrey).get("/contacts/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "王伟" in html
    assert "Wang Wei" in html
    assert "Maria Lopez" in html
    assert "possible duplicate" in html
    assert 'href="/contacts/suggestions/"' in html
    rows = {contact.name: contact for contact, _country, _doubtful in response.context["rows"]}
    assert rows["王伟"].trip_count == 1
    assert rows["王伟"].traveller_count == 1
    assert str(rows["Maria Lopez"].last_met) == "2026-03-01"
    assert response.context["open_suggestions"] == 1


def test_the_search_looks_at_names_in_any_script_and_organisations(
    cast: Cast, login: Any, world: Register
) -> None:
    client = login(cast.olu)

    def names(query: str) -> set[str]:
        response = client.get("/contacts/", {"q": query})
        return {contact.name for contact, _country, _doubtful in response.context["rows"]}

    assert names("王") == {"王伟"}
    assert names("wang") == {"王伟", "Wang Wei"}
    assert names("unam") == {"Maria Lopez"}
    assert names("nobody") == set()
    assert "No contact matches" in client.get("/contacts/", {"q": "nobody"}).content.decode()


def test_the_register_does_not_exist_for_travellers_and_managers(
    cast: Cast, login: Any, world: Register
) -> None:
    for person in (cast.alice, cast.bob, cast.mallory):
        client = login(person)
        assert client.get("/contacts/").status_code == 404
        assert client.get(f"/contacts/{world.chinese.pk}/").status_code == 404
        assert client.get("/contacts/suggestions/").status_code == 404


def test_a_contact_shows_every_meeting_with_the_flags_and_is_audited(
    cast: Cast, login: Any, world: Register
) -> None:
    # when
    response = login(cast.audrey).get(f"/contacts/{world.chinese.pk}/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/trips/{world.alice_trip.pk}/"' in html
    assert "Conference dinner" in html
    assert "Robot grasping benchmarks" in html
    assert "He will send a preprint." in html
    assert 'data-flag="asked_about_work"' in html
    assert 'data-flag="asked_to_stay_in_touch"' in html
    assert "Reported in the debrief" in html
    # the open suggestion, in plain words, but no forms for the auditor
    assert "Wang Wei" in html
    assert "100% alike" in html
    assert "are the same" in html
    assert "Merge into this one" not in html
    assert "Not the same person" not in html
    event = AuditEvent.objects.get(action="contact.viewed")
    assert event.target_id == str(world.chinese.pk)


def test_the_officer_merges_from_the_contact_page(cast: Cast, login: Any, world: Register) -> None:
    client = login(cast.olu)
    page = client.get(f"/contacts/{world.chinese.pk}/").content.decode()
    assert "Merge into this one" in page
    assert "Not the same person" in page
    # when
    response = client.post(f"/contacts/{world.chinese.pk}/merge/", {"other": world.latin.pk})
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{world.chinese.pk}/"
    assert Contact.objects.get(pk=world.latin.pk).merged_into_id == world.chinese.pk
    assert Encounter.objects.filter(contact=world.chinese).count() == 2
    kept = client.get(response["Location"]).content.decode()
    assert "was merged into" in kept
    assert f'href="/trips/{world.bob_trip.pk}/"' in kept
    # the merged contact still answers and says where it went
    gone = client.get(f"/contacts/{world.latin.pk}/")
    assert gone.status_code == 200
    assert f'href="/contacts/{world.chinese.pk}/"' in gone.content.decode()
    assert "Merge into this one" not in gone.content.decode()


@pytest.mark.parametrize(
    ("other", "message"),
    [
        ("", "Say which contact to merge into this one."),
        ("abc", "Enter the contact&#x27;s number."),
        ("999999", "There is no contact with this number in the register."),
        ("self", "A contact cannot be merged into itself."),
        ("merged", "This contact was already merged."),
    ],
)
def test_a_refused_merge_names_the_reason_and_keeps_the_value(
    cast: Cast, login: Any, world: Register, other: str, message: str
) -> None:
    # given
    if other == "self":
        other = str(world.chinese.pk)
    if other == "merged":
        contact_merge(actor=cast.olu.user, keep=world.maria, other=world.latin)
        other = str(world.latin.pk)
    # when
    response = login(cast.olu).post(f"/contacts/{world.chinese.pk}/merge/", {"other": other})
    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{other}"' in html
    assert Contact.objects.get(pk=world.chinese.pk).merged_into_id is None


def test_auditors_and_outsiders_cannot_merge_or_dismiss(cast: Cast, login: Any, world: Register) -> None:
    for person in (cast.audrey, cast.alice, cast.mallory):
        client = login(person)
        merged = client.post(f"/contacts/{world.chinese.pk}/merge/", {"other": world.latin.pk})
        dismissed = client.post(f"/contacts/suggestions/{world.suggestion.pk}/dismiss/")
        assert (merged.status_code, dismissed.status_code) == (404, 404)
    assert Contact.objects.get(pk=world.latin.pk).merged_into_id is None
    assert MergeSuggestion.objects.get().status == SuggestionStatus.OPEN
    assert login(cast.olu).get("/contacts/999999/").status_code == 404


def test_the_suggestions_page_shows_both_sides_and_merges_either_way(
    cast: Cast, login: Any, world: Register
) -> None:
    client = login(cast.ada)
    # when
    page = client.get("/contacts/suggestions/")
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "王伟" in html
    assert "Wang Wei" in html
    assert "Tsinghua" in html
    assert "China" in html
    assert html.count("Merge both, keeping") == 2
    # when: keep the Latin spelling this time
    response = client.post(
        f"/contacts/{world.latin.pk}/merge/", {"other": world.chinese.pk, "next": "/contacts/suggestions/"}
    )
    # then
    assert response["Location"] == "/contacts/suggestions/"
    assert Contact.objects.get(pk=world.chinese.pk).merged_into_id == world.latin.pk
    assert "No open suggestions." in client.get("/contacts/suggestions/").content.decode()


def test_not_the_same_person_dismisses_the_suggestion_once(cast: Cast, login: Any, world: Register) -> None:
    client = login(cast.olu)
    # when
    response = client.post(
        f"/contacts/suggestions/{world.suggestion.pk}/dismiss/", {"next": f"/contacts/{world.chinese.pk}/"}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{world.chinese.pk}/"
    assert MergeSuggestion.objects.get().status == SuggestionStatus.DISMISSED
    assert "No open suggestions for this contact." in client.get(response["Location"]).content.decode()
    # when: dismissed again (a second tab)
    again = client.post(f"/contacts/suggestions/{world.suggestion.pk}/dismiss/")
    # then
    assert again.status_code == 400
    assert "This suggestion was already decided." in again.content.decode()
    # an unknown suggestion
    assert client.post("/contacts/suggestions/999999/dismiss/").status_code == 404


def test_an_unsafe_next_is_ignored(cast: Cast, login: Any, world: Register) -> None:
    response = login(cast.olu).post(
        f"/contacts/suggestions/{world.suggestion.pk}/dismiss/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/contacts/suggestions/"


def test_the_navigation_links_the_register_for_overseers_only(cast: Cast, login: Any) -> None:
    assert 'href="/contacts/"' in login(cast.audrey).get("/").content.decode()
    assert 'href="/contacts/"' not in login(cast.alice).get("/").content.decode()
