"""``verify_chain``: an intact chain passes; any edit, deletion or reordering names the first bad event."""

from __future__ import annotations

from typing import Any

from waypost.audit.services import verify_chain


def test_empty_chain_is_intact(db: Any) -> None:
    """A log with no events yet verifies."""
    # when
    report = verify_chain()
    # then
    assert report.intact is True
    assert report.checked == 0


def test_fresh_chain_is_intact(chain: Any) -> None:
    """A chain written only through record() verifies, counting every event."""
    # given
    chain(5)
    # when
    report = verify_chain()
    # then
    assert report.intact is True
    assert report.checked == 5
    assert report.problem is None


def test_edited_row_is_named(chain: Any, tamperer: Any) -> None:
    """Changing any field of a stored event breaks its hash; that event is reported."""
    # given
    chain(5)
    # when
    tamperer.edit(3, target_label="Someone else")
    # then
    report = verify_chain()
    assert report.intact is False
    assert report.problem.seq == 3
    assert "edited" in report.problem.reason
    assert report.checked == 2


def test_edited_json_payload_is_named(chain: Any, tamperer: Any) -> None:
    """Editing the before/after payload is detected just like a text column."""
    # given
    chain(3)
    # when
    tamperer.edit(2, after={"index": 99})
    # then
    assert verify_chain().problem.seq == 2


def test_rehashed_edit_is_caught_by_the_next_event(chain: Any, tamperer: Any) -> None:
    """An edit whose own hash is recomputed still breaks the link from the event after it."""
    # given
    from waypost.audit.chain import compute_hash
    from waypost.audit.models import AuditEvent

    chain(4)
    event = AuditEvent.objects.get(seq=2)
    event.target_label = "Forged"
    # when
    tamperer.edit(2, target_label="Forged", hash=compute_hash(event))
    # then
    report = verify_chain()
    assert report.problem.seq == 3
    assert "does not follow" in report.problem.reason


def test_deleted_middle_row_is_named(chain: Any, tamperer: Any) -> None:
    """Deleting an event in the middle leaves a gap; the event after the gap is reported."""
    # given
    chain(5)
    # when
    tamperer.delete(3)
    # then
    report = verify_chain()
    assert report.intact is False
    assert report.problem.seq == 4
    assert "#3" in report.problem.reason


def test_deleted_first_row_is_named(chain: Any, tamperer: Any) -> None:
    """Deleting the very first event is detected too."""
    # given
    chain(3)
    # when
    tamperer.delete(1)
    # then
    assert verify_chain().problem.seq == 2


def test_deleted_last_row_is_named(chain: Any, tamperer: Any) -> None:
    """Deleting the newest event is caught by the chain head, which still names it."""
    # given
    chain(4)
    # when
    tamperer.delete(4)
    # then
    report = verify_chain()
    assert report.intact is False
    assert report.problem.seq == 4
    assert report.checked == 3


def test_reordered_rows_are_named(chain: Any, tamperer: Any) -> None:
    """Swapping the seq of two events breaks the links; the first out-of-place event is reported."""
    # given
    chain(5)
    # when
    tamperer.swap(2, 4)
    # then
    report = verify_chain()
    assert report.intact is False
    assert report.problem.seq == 2
    assert report.checked == 1


def test_small_batches_verify_the_same(chain: Any, tamperer: Any) -> None:
    """Streaming in small batches sees the same chain as one big batch."""
    # given
    chain(7)
    assert verify_chain(batch_size=2).checked == 7
    # when
    tamperer.edit(6, action="person.deleted")
    # then
    assert verify_chain(batch_size=2).problem.seq == 6
