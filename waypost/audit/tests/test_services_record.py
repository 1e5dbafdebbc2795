"""``waypost.audit.services.record``: appending linked events to the chain."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.db import transaction

from waypost.audit.chain import GENESIS_HASH, compute_hash
from waypost.audit.models import AuditChainHead, AuditEvent
from waypost.audit.services import record, verify_chain
from waypost.people import events
from waypost.people.models import Person
from waypost.people.services import person_create
from waypost.testing import Cast


def test_events_form_a_dense_linked_chain(chain: Any) -> None:
    """Each event has the next seq and names the previous event's hash; the first names the genesis hash."""
    # given / when
    written = chain(4)
    # then
    stored = list(AuditEvent.objects.order_by("seq"))
    assert [event.seq for event in stored] == [1, 2, 3, 4]
    assert stored[0].prev_hash == GENESIS_HASH
    for previous, current in itertools.pairwise(stored):
        assert current.prev_hash == previous.hash
    assert [event.hash for event in stored] == [event.hash for event in written]
    assert len({event.hash for event in stored}) == 4


def test_stored_hash_matches_the_content_read_back(chain: Any) -> None:
    """What the database gives back hashes to the stored hash (JSON round-trips exactly)."""
    # given
    record(
        event=events.PERSON_UPDATED,
        actor=None,
        target_type="people.person",
        before={"sectors": ["ai"], "name": "王爱丽"},
        after={"sectors": ["ai", "robotics"], "name": "王爱丽", "nested": {"level": 3}},
    )
    # when
    event = AuditEvent.objects.get()
    # then
    assert compute_hash(event) == event.hash


def test_chain_head_follows_the_newest_event(chain: Any) -> None:
    """The head row names the newest event's seq and hash."""
    # given / when
    written = chain(3)
    # then
    head = AuditChainHead.objects.get(id=1)
    assert (head.seq, head.hash) == (3, written[-1].hash)


def test_event_copies_actor_target_and_org_path(cast: Cast) -> None:
    """The actor's name, the target's label and the target's organisation path are copied into the row."""
    # when
    person = person_create(
        actor=cast.olu.user, email="Nina@Lumen.example", name_latin="Nina Park", unit=cast.unit
    )
    # then
    event = AuditEvent.objects.get(action="person.created")
    assert event.actor_id == cast.olu.user.pk
    assert event.actor_label == "Olu Adeyemi"
    assert event.target_type == "people.person"
    assert event.target_id == str(person.pk)
    assert event.target_label == "Nina Park"
    assert event.org_path == cast.unit.path
    assert event.after["email"] == "nina@lumen.example"


def test_audit_event_rolls_back_with_the_service_transaction(cast: Cast) -> None:
    """If the change rolls back, its audit event does too, and the chain stays intact."""
    # given
    chain_before = AuditEvent.objects.count()

    # when
    def create_then_fail() -> None:
        with transaction.atomic():
            person_create(actor=cast.olu.user, email="gone@lumen.example", name_latin="Gone", unit=cast.unit)
            raise RuntimeError("the caller fails after the service wrote")

    with pytest.raises(RuntimeError):
        create_then_fail()
    # then
    assert not Person.objects.filter(email="gone@lumen.example").exists()
    assert AuditEvent.objects.count() == chain_before
    record(event=events.PERSON_VIEWED, actor=cast.olu.user, target=cast.alice)
    assert AuditEvent.objects.get(action="person.viewed").seq == chain_before + 1
    assert verify_chain().intact is True
