"""Personal-token authentication: ``Authorization: Bearer wp_…``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from waypost.audit.models import AuditEvent
from waypost.people.models import ApiToken
from waypost.people.services import api_token_create, api_token_revoke
from waypost.testing import Cast

ME = "/api/v1/me/"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_token_authenticates_its_owner(cast: Cast, client: Any) -> None:
    """A fresh token identifies Alice, without any session."""
    # given
    _token, secret = api_token_create(actor=cast.alice.user, name="laptop")
    # when
    response = client.get(ME, headers=bearer(secret))
    # then
    assert response.status_code == 200
    assert response.json()["person"]["email"] == "alice@lumen.example"


def test_token_sees_only_what_its_owner_sees(cast: Cast, client: Any) -> None:
    """A token carries its owner's scope: Bob's token lists Bob and Alice."""
    # given
    _token, secret = api_token_create(actor=cast.bob.user, name="script")
    # when
    response = client.get("/api/v1/people/", headers=bearer(secret))
    # then
    assert {person["email"] for person in response.json()["results"]} == {
        "bob@lumen.example",
        "alice@lumen.example",
    }


def test_only_a_digest_of_the_secret_is_stored(cast: Cast) -> None:
    """The secret is shown once; the database keeps its SHA-256 and a short prefix."""
    # when
    token, secret = api_token_create(actor=cast.alice.user, name="laptop")
    # then
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("wp_")
    assert secret not in (stored.digest, stored.prefix, stored.name)
    assert stored.prefix == secret[:10]
    assert AuditEvent.objects.filter(action="api_token.created", target_id=str(token.pk)).exists()


def test_revoked_token_is_refused(cast: Cast, client: Any) -> None:
    """After revocation the same secret gets 401."""
    # given
    token, secret = api_token_create(actor=cast.alice.user, name="laptop")
    api_token_revoke(actor=cast.alice.user, token_id=token.pk)
    # when
    response = client.get(ME, headers=bearer(secret))
    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_expired_token_is_refused(cast: Cast, client: Any) -> None:
    """A 30-day token works on day 29 and is refused on day 31."""
    # given
    _token, secret = api_token_create(actor=cast.alice.user, name="laptop", days=30)
    start = timezone.now()
    # when / then
    with time_machine.travel(start + dt.timedelta(days=29), tick=False):
        assert client.get(ME, headers=bearer(secret)).status_code == 200
    with time_machine.travel(start + dt.timedelta(days=31), tick=False):
        response = client.get(ME, headers=bearer(secret))
    assert response.status_code == 401


def test_unknown_token_is_refused(db: Any, client: Any) -> None:
    """A made-up secret gets 401."""
    # when
    response = client.get(ME, headers=bearer("wp_not-a-real-token"))
    # then
    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer one two", "Bearer  "])
def test_malformed_header_is_refused(db: Any, client: Any, header: str) -> None:
    """A Bearer header without exactly one token is a 401 that explains the format."""
    # when
    response = client.get(ME, headers={"Authorization": header})
    # then
    assert response.status_code == 401
    assert "Bearer <token>" in response.json()["error"]["message"]


def test_token_of_a_deactivated_user_is_refused(cast: Cast, client: Any) -> None:
    """Deactivating the account stops its tokens at once."""
    # given
    _token, secret = api_token_create(actor=cast.alice.user, name="laptop")
    cast.alice.user.is_active = False
    cast.alice.user.save()
    # when
    response = client.get(ME, headers=bearer(secret))
    # then
    assert response.status_code == 401


def test_use_is_stamped(cast: Cast, client: Any) -> None:
    """A successful request notes when the token was last used."""
    # given
    token, secret = api_token_create(actor=cast.alice.user, name="laptop")
    # when
    client.get(ME, headers=bearer(secret))
    # then
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoking_someone_elses_token_is_not_found(cast: Cast) -> None:
    """Bob cannot revoke Alice's token; it looks as if it did not exist."""
    # given
    from waypost.core.errors import NotFound

    token, _secret = api_token_create(actor=cast.alice.user, name="laptop")
    # when / then
    with pytest.raises(NotFound):
        api_token_revoke(actor=cast.bob.user, token_id=token.pk)
    token.refresh_from_db()
    assert token.revoked_at is None
