"""The oversight dashboard and reports in a real browser, in English, German and Chinese: the world
map renders offline (chartjs-chart-geo over world-atlas) with the travellers abroad coloured in,
and every report's chart is drawn. The clock is pinned (the ``world`` fixture), so the live
server in this process sees the same day."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from waypost.reports.tests import conftest as fixtures
from waypost.testing import Cast

from .test_sign_in_and_language import sign_in

# The reports app's hand-built world (fixtures shared with its own tests).
World = fixtures.World
frozen = fixtures.frozen
world = fixtures.world

NON_BLANK = """(canvas) => {
  const context = canvas.getContext("2d");
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
  return painted;
}"""
MAP_VALUES = """() => {
  const chart = window.waypostCharts && window.waypostCharts["abroad-map"];
  if (!chart) return null;
  return chart.data.datasets[0].data.filter((d) => d.value > 0).map((d) => [d.feature.id, d.value]);
}"""


@pytest.mark.django_db(transaction=True)
def test_dashboard_map_and_report_charts_render_in_three_languages(
    live_server: Any,
    page: Page,
    cast: Cast,
    world: World,
    password: str,
) -> None:
    # given
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    missing: list[str] = []
    page.on("response", lambda response: missing.append(response.url) if response.status == 404 else None)
    sign_in(page, base, cast.olu.email, password)
    expect(page.locator("h1")).to_contain_text("Olu")
    for language in ("en", "de", "zh-hans"):
        # when
        page.goto(f"{base}/oversight/")
        if page.locator("html").get_attribute("lang") != language:
            page.select_option("#language", language)
            expect(page.locator("html")).to_have_attribute("lang", language)
        # then the map is drawn, with Mexico (484) and Japan (392) coloured in
        canvas = page.locator("#abroad-map")
        expect(canvas).to_have_attribute("data-rendered", "true", timeout=15_000)
        assert sorted(page.evaluate(MAP_VALUES)) == [["392", 1], ["484", 1]]
        assert canvas.evaluate(NON_BLANK) > 1000
        expect(page.locator('[data-tile="incidents"]')).to_have_class(
            "card h-100 border-danger text-bg-danger"
        )
        # and each report's chart is drawn
        page.goto(f"{base}/oversight/reports/")
        for key in ("destinations", "compliance", "declined", "contacts-countries"):
            chart = page.locator(f'canvas[data-report-chart="{key}"]')
            expect(chart).to_have_attribute("data-rendered", "true")
            assert chart.evaluate(NON_BLANK) > 100
    # No script error, and nothing the pages asked for is missing (the browser's own favicon
    # request is not the page's: it shows as a console error only).
    assert [error for error in errors if not error.startswith("Failed to load resource")] == []
    assert missing == []
