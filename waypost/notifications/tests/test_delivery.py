"""``deliver_pending``: claim, render in the recipient's language, send, retry, give up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail

from waypost.core import clock
from waypost.notifications.delivery import CLAIM_TIMEOUT, MAX_ATTEMPTS, _claim, backoff, deliver_pending
from waypost.notifications.models import Channel, DeliveryStatus, Notification
from waypost.notifications.services import notify
from waypost.people.models import Person
from waypost.testing import Cast

from .backends import FAILING
from .conftest import NOW

OUTCOME = {"trip": "Boston robotics fair", "status": "approved"}


@pytest.fixture(autouse=True)
def _site(settings: Any, clock_at: Callable[[dt.datetime], Any]) -> None:
    settings.WAYPOST_BASE_URL = "https://waypost.example"


def email_row(person: Person, **fields: Any) -> Notification:
    return notify(person, "trip.outcome", params=OUTCOME, url="/trips/7/", channels=["email"], **fields)[0]


def test_email_is_sent_in_english_with_an_absolute_link(cast: Cast) -> None:
    # given
    row = email_row(cast.alice)
    # when
    sent = deliver_pending()
    # then
    assert sent == 1
    message = mail.outbox[0]
    assert message.to == ["alice@lumen.example"]
    assert message.subject == "The review of your trip “Boston robotics fair” is complete: Approved"
    assert "Open in Waypost: https://waypost.example/trips/7/" in message.body
    assert message.extra_headers["Message-ID"] == f"<notification-{row.pk}@waypost.example>"
    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (DeliveryStatus.SENT, 1, NOW)


def test_email_is_rendered_in_the_recipients_language(cast: Cast) -> None:
    # given
    cast.alice.preferred_language = "de"
    cast.alice.save()
    email_row(cast.alice)
    # when
    deliver_pending()
    # then: the status label comes from the German catalogue
    message = mail.outbox[0]
    assert "Genehmigt" in message.subject
    assert message.extra_headers["Content-Language"] == "de"
    assert "https://waypost.example/trips/7/" in message.body


def test_an_unknown_language_falls_back_to_the_site_language(cast: Cast) -> None:
    # given
    cast.alice.preferred_language = "tlh"
    cast.alice.save()
    email_row(cast.alice)
    # when
    deliver_pending()
    # then
    assert mail.outbox[0].subject.endswith("Approved")


def test_in_app_rows_are_not_mailed(cast: Cast) -> None:
    # given
    notify(cast.alice, "trip.outcome", params=OUTCOME, channels=["in_app"])
    # when
    sent = deliver_pending()
    # then
    assert (sent, mail.outbox) == (0, [])


def test_a_row_is_not_sent_before_its_time(cast: Cast, clock_at: Callable[[dt.datetime], Any]) -> None:
    # given
    row = email_row(cast.alice)
    Notification.objects.filter(pk=row.pk).update(not_before=NOW + dt.timedelta(minutes=5))
    # when
    early = deliver_pending()
    clock_at(NOW + dt.timedelta(minutes=5))
    on_time = deliver_pending()
    # then
    assert (early, on_time) == (0, 1)


def test_a_claimed_row_cannot_be_claimed_by_a_second_worker(cast: Cast) -> None:
    # given
    row = email_row(cast.alice)
    # when
    first = _claim(row.pk)
    second = _claim(row.pk)
    # then
    assert first is not None
    assert second is None
    assert deliver_pending() == 0
    assert mail.outbox == []


def test_a_row_abandoned_by_a_dead_worker_is_sent_again(cast: Cast) -> None:
    # given: a worker claimed it longer ago than the claim timeout and died
    row = email_row(cast.alice)
    Notification.objects.filter(pk=row.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=NOW - CLAIM_TIMEOUT - dt.timedelta(seconds=1), attempts=1
    )
    # when
    sent = deliver_pending()
    # then
    assert sent == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.claimed_at) == (DeliveryStatus.SENT, 2, None)


def test_a_row_another_worker_is_still_sending_is_left_alone(cast: Cast) -> None:
    # given: claimed just within the timeout
    row = email_row(cast.alice)
    claimed_at = NOW - CLAIM_TIMEOUT + dt.timedelta(seconds=1)
    Notification.objects.filter(pk=row.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=claimed_at, attempts=1
    )
    # when
    sent = deliver_pending()
    # then
    assert (sent, mail.outbox) == (0, [])
    row.refresh_from_db()
    assert (row.status, row.claimed_at) == (DeliveryStatus.SENDING, claimed_at)


def test_an_abandoned_row_with_no_attempts_left_fails(cast: Cast) -> None:
    # given
    row = email_row(cast.alice)
    Notification.objects.filter(pk=row.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=NOW - dt.timedelta(hours=1), attempts=MAX_ATTEMPTS
    )
    # when
    deliver_pending()
    # then
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert mail.outbox == []


def test_failures_back_off_and_give_up_after_five_attempts(
    cast: Cast, settings: Any, clock_at: Callable[[dt.datetime], Any]
) -> None:
    # given: the mail server is down
    settings.EMAIL_BACKEND = FAILING
    row = email_row(cast.alice)
    waits = []
    # when: each retry is tried as soon as it is due, and once just before
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliver_pending() == 0
        row.refresh_from_db()
        assert row.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert row.status == DeliveryStatus.PENDING
            assert row.not_before is not None
            waits.append(row.not_before - clock.now())
            clock_at(row.not_before - dt.timedelta(seconds=1))
            deliver_pending()
            row.refresh_from_db()
            assert row.attempts == attempt  # not yet due
            clock_at(row.not_before)
    # then
    assert waits == [dt.timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert row.status == DeliveryStatus.FAILED
    assert "SMTPServerDisconnected" in row.last_error
    clock_at(clock.now() + dt.timedelta(days=1))
    assert deliver_pending() == 0
    row.refresh_from_db()
    assert row.attempts == MAX_ATTEMPTS


def test_a_retry_succeeds_once_the_server_is_back(cast: Cast, settings: Any, clock_at: Any) -> None:
    # given
    settings.EMAIL_BACKEND = FAILING
    row = email_row(cast.alice)
    deliver_pending()
    # when
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock_at(NOW + backoff(1))
    sent = deliver_pending()
    # then
    assert sent == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (DeliveryStatus.SENT, 2, "")


def test_a_recipient_who_left_is_not_mailed(cast: Cast) -> None:
    # given
    row = email_row(cast.alice)
    Person.objects.filter(pk=cast.alice.pk).update(is_active=False)
    # when
    deliver_pending()
    # then
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED
    assert mail.outbox == []


def test_oldest_rows_go_first_and_the_limit_holds(cast: Cast) -> None:
    # given
    for person in (cast.alice, cast.bob, cast.olu):
        email_row(person)
    # when
    sent = deliver_pending(limit=2)
    # then
    assert sent == 2
    assert [message.to[0] for message in mail.outbox] == [cast.alice.email, cast.bob.email]
    assert Notification.objects.filter(channel=Channel.EMAIL, status=DeliveryStatus.PENDING).count() == 1
