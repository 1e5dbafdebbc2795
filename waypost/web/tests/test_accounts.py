"""Accounts through django-allauth: sign-in (audited, translated errors), no sign-up, sign-out,
password reset by e-mail and TOTP two-factor authentication."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import hmac
import re
import struct
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils.html import escape
from django.utils.translation import gettext, override

from waypost.audit.models import AuditEvent
from waypost.testing import Cast

WRONG_CREDENTIALS = "The email address and/or password you specified are not correct."
NEW_PASSWORD = "a-brand-new-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits_and_used_codes() -> Iterator[None]:
    """allauth keeps failed-login counts and used TOTP codes in the cache; no test inherits another's."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client: Any, email: str, password: str, **extra: Any) -> Any:
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


def signed_in_user_id(client: Any) -> str | None:
    return client.session.get(SESSION_KEY)


def translated(message: str, language: str) -> str:
    with override(language):
        return gettext(message)


# --- sign-in -----------------------------------------------------------------------------------------


def test_sign_in_lands_on_home_and_is_audited(cast: Cast, client: Any, password: str) -> None:
    """A correct e-mail and password sign alice in, send her home and leave an ``account.logged_in`` event."""
    # when
    response = sign_in(client, cast.alice.email, password)
    # then
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == str(cast.alice.user.pk)
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="account.logged_in")
    assert event.actor_id == cast.alice.user.pk
    assert event.target_type == "auth.user"
    assert event.target_id == str(cast.alice.user.pk)
    assert event.target_label == cast.alice.email
    assert event.org_path == cast.unit.path
    assert not AuditEvent.objects.filter(action="account.login_failed").exists()


def test_wrong_password_is_refused_with_a_form_error_and_audited(cast: Cast, client: Any) -> None:
    """A wrong password re-shows the form with a clear error; the failure is audited, no one signed in."""
    # when
    response = sign_in(client, cast.alice.email, "not-the-password")
    # then
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG_CREDENTIALS]
    assert escape(WRONG_CREDENTIALS) in response.content.decode()
    assert signed_in_user_id(client) is None
    event = AuditEvent.objects.get(action="account.login_failed")
    assert event.actor_id is None
    assert event.target_label == cast.alice.email
    assert not AuditEvent.objects.filter(action="account.logged_in").exists()


def test_unknown_email_is_refused_with_the_same_error(cast: Cast, client: Any, password: str) -> None:
    """An address with no account gets the very same message, so sign-in does not reveal who has one."""
    # when
    response = sign_in(client, "nobody@lumen.example", password)
    # then
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [WRONG_CREDENTIALS]
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("language", ["de", "zh-hans"])
@pytest.mark.parametrize("chosen_by", ["accept-language", "cookie"])
def test_wrong_password_error_speaks_the_visitors_language(
    cast: Cast, client: Any, language: str, chosen_by: str
) -> None:
    """The sign-in error is in German or Chinese when the browser header or language cookie asks for it."""
    # given
    expected = translated(WRONG_CREDENTIALS, language)
    assert expected != WRONG_CREDENTIALS  # the catalogue really has this message
    extra: dict[str, str] = {}
    if chosen_by == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    else:
        extra["HTTP_ACCEPT_LANGUAGE"] = {"de": "de-DE,de;q=0.9", "zh-hans": "zh-CN,zh;q=0.9"}[language]
    # when
    response = sign_in(client, cast.alice.email, "not-the-password", **extra)
    # then
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert [str(error) for error in response.context["form"].non_field_errors()] == [expected]
    assert escape(expected) in response.content.decode()
    assert WRONG_CREDENTIALS not in response.content.decode()


# --- sign-up and sign-out ------------------------------------------------------------------------------


def test_sign_up_is_closed(cast: Cast, client: Any) -> None:
    """Accounts come from administrators or the import: the sign-up page says so and creates nobody."""
    # given
    users_before = get_user_model().objects.count()
    # when
    page = client.get("/accounts/signup/")
    posted = client.post(
        "/accounts/signup/",
        {"email": "eve@example.org", "password1": "Xyzzy-12345-abc", "password2": "Xyzzy-12345-abc"},
    )
    # then
    assert page.status_code == 200
    assert "account/signup_closed.html" in [template.name for template in page.templates]
    assert "account/signup_closed.html" in [template.name for template in posted.templates]
    assert get_user_model().objects.count() == users_before
    assert not get_user_model().objects.filter(email="eve@example.org").exists()
    assert signed_in_user_id(client) is None


def test_sign_out_ends_the_session(cast: Cast, client: Any, password: str) -> None:
    """Posting to sign-out ends the session and sends the visitor back to the sign-in page."""
    # given
    sign_in(client, cast.alice.email, password)
    # when
    response = client.post("/accounts/logout/")
    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert signed_in_user_id(client) is None
    assert client.get("/")["Location"] == "/accounts/login/?next=/"


def test_sign_out_by_get_only_asks_for_confirmation(cast: Cast, client: Any, password: str) -> None:
    """A link or image cannot sign someone out: GET shows a confirmation and keeps the session."""
    # given
    sign_in(client, cast.alice.email, password)
    # when
    response = client.get("/accounts/logout/")
    # then
    assert response.status_code == 200
    assert signed_in_user_id(client) == str(cast.alice.user.pk)


# --- password reset --------------------------------------------------------------------------------

RESET_LINK = re.compile(
    r"https?://testserver(/accounts/password/reset/key/(?P<uid>[0-9a-z]+)-(?P<key>[^/\s]+)/)"
)


def request_reset(client: Any, email: str) -> re.Match[str]:
    response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    match = RESET_LINK.search(mail.outbox[0].body)
    assert match is not None, mail.outbox[0].body
    return match


def test_password_reset_link_works_once_and_sets_the_new_password(
    cast: Cast, client: Any, password: str
) -> None:
    """The e-mailed link leads to a form that sets the new password; the same link is dead afterwards."""
    # given
    link = request_reset(client, cast.alice.email)
    # then one e-mail, to alice only
    assert mail.outbox[0].to == [cast.alice.email]
    # when the link is followed and a new password chosen
    opened = client.get(link.group(1))
    assert opened.status_code == 302
    form_url = opened["Location"]
    form_page = client.get(form_url)
    assert not form_page.context.get("token_fail")
    assert "password1" in form_page.context["form"].fields
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    # then
    assert done.status_code == 302
    assert done["Location"] == "/accounts/password/reset/key/done/"
    user = get_user_model().objects.get(pk=cast.alice.user.pk)
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(password)
    assert signed_in_user_id(client) is None  # ACCOUNT_LOGIN_ON_PASSWORD_RESET is off
    # when the same link is used again
    again = client.get(link.group(1))
    # then
    assert again.status_code == 200
    assert again.context["token_fail"] is True
    # and the new password signs alice in, the old one does not
    assert sign_in(client, cast.alice.email, password).status_code == 200
    assert sign_in(client, cast.alice.email, NEW_PASSWORD)["Location"] == "/"


def _tampered(link: re.Match[str]) -> str:
    timestamp, _sep, digest = link.group("key").rpartition("-")
    flipped = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    return f"/accounts/password/reset/key/{link.group('uid')}-{timestamp}-{flipped}/"


@pytest.mark.parametrize("spoiled", ["tampered", "expired"])
def test_bad_reset_link_shows_bad_token_and_keeps_the_password(
    cast: Cast, client: Any, password: str, spoiled: str
) -> None:
    """A tampered or expired link shows the "bad token" page, and posting to it changes nothing."""
    # given
    link = request_reset(client, cast.alice.email)
    if spoiled == "tampered":
        url, when = _tampered(link), contextlib.nullcontext()
        assert url != link.group(1)
    else:
        url = link.group(1)
        expiry = dt.datetime.now(tz=dt.UTC) + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
        when = time_machine.travel(expiry, tick=False)
    with when:
        # when
        response = client.get(url)
        posted = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    # then
    assert response.status_code == 200
    assert response.context["token_fail"] is True
    assert escape(gettext("Bad Token")) in response.content.decode()
    assert 'href="/accounts/password/reset/"' in response.content.decode()  # a way to ask for a new link
    assert posted.status_code == 200
    assert posted.context["token_fail"] is True
    user = get_user_model().objects.get(pk=cast.alice.user.pk)
    assert user.check_password(password)
    assert not user.check_password(NEW_PASSWORD)


# --- two-factor authentication (TOTP) -------------------------------------------------------------


def totp(secret: str, at: dt.datetime, *, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 (TOTP over RFC 4226 HOTP, HMAC-SHA1), written out so the test need not trust allauth."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int(at.timestamp()) // step
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


class _SecretFinder(HTMLParser):
    secret: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("id") == "authenticator_secret":
            self.secret = attributes.get("value")


def shown_secret(html: str) -> str:
    finder = _SecretFinder()
    finder.feed(html)
    assert finder.secret, "the activation page shows no authenticator secret"
    return finder.secret


def totp_enabled(person: Any) -> bool:
    return Authenticator.objects.filter(user=person.user, type=Authenticator.Type.TOTP).exists()


@pytest.fixture
def now() -> dt.datetime:
    """Today, 5 s into a 30 s TOTP step; tests freeze the clock there so a code stays current while used.

    Today and not a fixed date: sessions and allauth's "recently authenticated" check use the real clock.
    """
    step = int(dt.datetime.now(tz=dt.UTC).timestamp()) // 30
    return dt.datetime.fromtimestamp(step * 30 + 5, tz=dt.UTC)


def start_totp_activation(client: Any, email: str, password: str) -> str:
    """Sign in, confirm the password again as allauth asks before changing MFA, and read the shown secret."""
    sign_in(client, email, password)
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked.status_code == 302
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    confirmed = client.post(asked["Location"], {"password": password})
    assert confirmed["Location"] == "/accounts/2fa/totp/activate/"
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    return shown_secret(page.content.decode())


def test_rfc6238_reference_vector() -> None:
    """The test's own TOTP matches RFC 6238 appendix B (SHA-1, 59 s → 94287082 with 8 digits)."""
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, dt.datetime.fromtimestamp(59, tz=dt.UTC), digits=8) == "94287082"
    assert totp(secret, dt.datetime.fromtimestamp(1111111109, tz=dt.UTC), digits=8) == "07081804"


def test_totp_activation_with_the_right_code_enables_it(
    cast: Cast, client: Any, password: str, now: dt.datetime
) -> None:
    """Alice types the current code for the secret she is shown, and two-factor sign-in is on."""
    with time_machine.travel(now, tick=False):
        # given
        secret = start_totp_activation(client, cast.alice.email, password)
        assert not totp_enabled(cast.alice)
        # when
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp(secret, now)})
    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert totp_enabled(cast.alice)


def test_totp_activation_with_a_wrong_code_is_refused(
    cast: Cast, client: Any, password: str, now: dt.datetime
) -> None:
    """A code that is not the current one is rejected on the code field and nothing is enabled."""
    with time_machine.travel(now, tick=False):
        # given
        secret = start_totp_activation(client, cast.alice.email, password)
        wrong = str((int(totp(secret, now)) + 1) % 1_000_000).zfill(6)
        # when
        response = client.post("/accounts/2fa/totp/activate/", {"code": wrong})
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [gettext("Incorrect code.")]
    assert escape(gettext("Incorrect code.")) in response.content.decode()  # shown, not only in the form
    assert not totp_enabled(cast.alice)


def test_sign_in_after_enrolment_asks_for_the_code(
    cast: Cast, client: Any, password: str, now: dt.datetime
) -> None:
    """With TOTP on, a password alone does not sign in: the code is asked for, and only then audited."""
    # given TOTP enabled
    with time_machine.travel(now, tick=False):
        secret = start_totp_activation(client, cast.alice.email, password)
        client.post("/accounts/2fa/totp/activate/", {"code": totp(secret, now)})
        assert totp_enabled(cast.alice)
        client.post("/accounts/logout/")
    later = now + dt.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        logins_before = AuditEvent.objects.filter(action="account.logged_in").count()
        # when the password is given
        response = sign_in(client, cast.alice.email, password)
        # then the code is asked for, and alice is not signed in yet
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/authenticate/"
        challenge = client.get("/accounts/2fa/authenticate/")
        assert challenge.status_code == 200
        assert "code" in challenge.context["form"].fields
        assert signed_in_user_id(client) is None
        assert client.get("/")["Location"].startswith("/accounts/login/")
        assert AuditEvent.objects.filter(action="account.logged_in").count() == logins_before
        # when a wrong code is given
        wrong = str((int(totp(secret, later)) + 1) % 1_000_000).zfill(6)
        refused = client.post("/accounts/2fa/authenticate/", {"code": wrong})
        # then
        assert refused.status_code == 200
        assert refused.context["form"].errors["code"] == [gettext("Incorrect code.")]
        assert signed_in_user_id(client) is None
        # when the current code is given
        accepted = client.post("/accounts/2fa/authenticate/", {"code": totp(secret, later)})
    # then
    assert accepted.status_code == 302
    assert accepted["Location"] == "/"
    assert signed_in_user_id(client) == str(cast.alice.user.pk)
    assert AuditEvent.objects.filter(action="account.logged_in").count() == logins_before + 1
