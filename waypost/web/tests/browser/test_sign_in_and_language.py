"""A person signs in, finds their record, switches language, and sees the audit trail as an auditor."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from waypost.testing import Cast


def sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_traveller_signs_in_and_switches_to_chinese(
    live_server: Any, page: Page, cast: Cast, password: str
) -> None:
    """A traveller signs in, sees their own record, and the page switches to Chinese from the menu."""
    # given
    base = live_server.url
    # when
    sign_in(page, base, cast.alice.email, password)
    # then
    expect(page.locator("h1")).to_contain_text("Alice Wang")
    expect(page.locator("nav")).not_to_contain_text("Audit log")
    # when the language is switched
    page.select_option("#language", "zh-hans")
    # then
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_keeps_the_email_and_says_why(live_server: Any, page: Page, cast: Cast) -> None:
    """A wrong password is refused with a message, and the e-mail typed is still in the field."""
    sign_in(page, live_server.url, cast.alice.email, "not-the-password")
    expect(page.locator("input[name=login]")).to_have_value(cast.alice.email)
    expect(page.locator("main form")).to_contain_text("not correct")


@pytest.mark.django_db(transaction=True)
def test_auditor_sees_the_sign_in_in_the_audit_log(
    live_server: Any, page: Page, cast: Cast, password: str
) -> None:
    """An auditor opens the audit log and finds their own sign-in recorded."""
    sign_in(page, live_server.url, cast.audrey.email, password)
    expect(page.locator("h1")).to_contain_text("Audrey Lin")
    page.locator("#nav-more").click()  # the directory and settings are under "More"
    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("table tbody")).to_contain_text("account.logged_in")
