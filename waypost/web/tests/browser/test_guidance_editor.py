"""An officer writes guidance: problems show as they type, the sample trip is assessed live, then publish."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from waypost.policy.models import GuidanceVersion
from waypost.testing import Cast

from .test_sign_in_and_language import sign_in

GUIDANCE = """id: lumen-allies
issuer: {issuer}
title: {{en: Travel to the US and its allies}}
effective_from: 2026-01-01
rules:
  - id: allies
    when:
      traveller: {{sectors: [ai]}}
      destinations: {{groups: [us-allies], include_transit: true}}
    then:
      advisory: {advisory}
      declare_days_before: 14
"""


@pytest.mark.django_db(transaction=True)
def test_officer_sees_problems_then_the_live_assessment_and_publishes(
    live_server: Any, page: Page, cast: Cast, password: str
) -> None:
    """A typo is reported with its line; once fixed, the sample trip shows the Canada transit; publish."""
    # given
    base = live_server.url
    sign_in(page, base, cast.olu.email, password)
    page.goto(f"{base}/guidance/new/")
    editor = page.locator("textarea[name=source]")
    # when an unknown advisory is typed
    editor.fill(GUIDANCE.format(issuer=cast.org.slug, advisory="forbiden"))
    # then the problem shows with its line
    expect(page.locator("#guidance-issues")).to_contain_text("Line 11")
    # when it is corrected
    editor.fill(GUIDANCE.format(issuer=cast.org.slug, advisory="advised_against"))
    # then the sample trip (PEK → YVR → MEX) is assessed against it
    expect(page.locator("#guidance-valid")).to_be_visible()
    expect(page.locator("#reasons")).to_contain_text("transit at YVR")
    expect(page.locator("#countries-entered")).to_contain_text("Canada")
    # when saved and published
    page.click("button[name=save]")
    expect(page.locator(".alert-dismissible")).to_contain_text("Draft saved")
    page.click("text=Review and publish")
    page.click("button:has-text('Publish')")
    # then
    expect(page.locator("#version-status")).to_contain_text("Published")
    expect(page.locator(".reassessment-run")).to_be_visible()
    assert GuidanceVersion.objects.get(guidance__slug="lumen-allies").status == "published"
