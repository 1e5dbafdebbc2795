"""``notify``: rows written in the caller's transaction, e-mail handed over only after it commits."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from waypost.notifications.models import Channel, DeliveryStatus, Notification
from waypost.notifications.services import _insert_once, notify
from waypost.testing import Cast

PARAMS = {"trip": "Boston", "traveller": "Alice Wang"}


def test_rows_are_written_in_the_transaction_and_mail_is_sent_after_commit(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        written = notify(cast.bob, "trip.review_requested", params=PARAMS, url="/trips/1/")
        # then (still inside the transaction)
        assert Notification.objects.filter(recipient=cast.bob).count() == 2
        assert mail.outbox == []
    # then
    assert {row.channel for row in written} == {Channel.EMAIL, Channel.IN_APP}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.bob.email]
    statuses = dict(Notification.objects.values_list("channel", "status"))
    assert statuses == {Channel.EMAIL: DeliveryStatus.SENT, Channel.IN_APP: DeliveryStatus.SENT}


def change_that_fails(cast: Cast) -> None:
    with transaction.atomic():
        notify(cast.bob, "trip.review_requested", params=PARAMS)
        raise RuntimeError("the change failed")


def test_nothing_is_written_or_sent_when_the_change_rolls_back(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks, suppress(RuntimeError):
        change_that_fails(cast)
    # then
    assert Notification.objects.count() == 0
    assert callbacks == []
    assert mail.outbox == []


def test_the_worker_is_started_once_per_transaction(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(cast.bob, "trip.review_requested", params=PARAMS)
        notify(cast.olu, "trip.review_requested", params=PARAMS)
    # then
    assert len(callbacks) == 1
    assert sorted(message.to[0] for message in mail.outbox) == [cast.bob.email, cast.olu.email]


def test_in_app_only_starts_no_worker(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(
            cast.alice, "trip.outcome", params={"trip": "Boston", "status": "approved"}, channels=["in_app"]
        )
    # then
    assert callbacks == []
    assert Notification.objects.get().status == DeliveryStatus.SENT


def test_a_dedupe_key_writes_a_notification_once_per_recipient_and_channel(cast: Cast) -> None:
    # given
    notify(
        [cast.alice], "reminder.briefing", params={"trip": "Boston", "departs": "2026-03-03"}, dedupe_key="k"
    )
    # when
    again = notify(
        [cast.alice, cast.bob],
        "reminder.briefing",
        params={"trip": "Boston", "departs": "2026-03-03"},
        dedupe_key="k",
    )
    # then
    assert {row.recipient_id for row in again} == {cast.bob.pk}
    assert Notification.objects.filter(recipient=cast.alice).count() == 2


def test_losing_a_dedupe_race_leaves_the_callers_transaction_usable(cast: Cast) -> None:
    """Two workers may both pass the existence check; the unique constraint then decides."""
    # given: the row the other worker committed after our check
    Notification.objects.create(
        recipient=cast.alice, kind="reminder.briefing", channel=Channel.IN_APP, dedupe_key="race"
    )
    duplicate = Notification(
        recipient=cast.alice, kind="reminder.briefing", channel=Channel.IN_APP, dedupe_key="race"
    )
    with transaction.atomic():
        # when
        inserted = _insert_once(duplicate)
        # then: refused, and the transaction goes on
        assert inserted is False
        assert Notification.objects.filter(dedupe_key="race").count() == 1


def test_inactive_and_repeated_recipients_are_skipped(cast: Cast) -> None:
    # given
    cast.mallory.is_active = False
    cast.mallory.save()
    # when
    written = notify(
        [cast.alice, cast.alice, cast.mallory], "trip.cancelled", params=PARAMS, channels=["in_app"]
    )
    # then
    assert [row.recipient_id for row in written] == [cast.alice.pk]


def test_params_are_stored_as_strings(cast: Cast) -> None:
    # when
    row = notify(
        cast.alice, "trip.amended", params={"trip": "Boston", "version": 3, "note": None}, channels=["in_app"]
    )[0]
    # then
    row.refresh_from_db()
    assert row.params == {"trip": "Boston", "version": "3", "note": ""}


def test_an_unknown_channel_is_a_programming_error(cast: Cast) -> None:
    with pytest.raises(ValueError, match="sms"):
        notify(cast.alice, "trip.cancelled", params=PARAMS, channels=["sms"])
