"""The timeline of a figure that changed over time, in headless Chromium: on a phone and a desktop,
in light and dark mode, with and without the script (tests/data/rising-toll/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_site_browser import open_page

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}

# The smallest text of an SVG chart as drawn, in CSS pixels: its font size times the chart's scale.
SMALLEST_TEXT = """s => {
  const scale = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
  return Math.min(...[...s.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
}"""
# Every label of the chart lies inside the chart's box: none is cut off at an edge.
TEXT_OUTSIDE = """s => {
  const box = s.getBoundingClientRect();
  return [...s.querySelectorAll('text')].filter(t => {
    const r = t.getBoundingClientRect();
    return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
  }).map(t => t.textContent);
}"""


def _pages(site: Path) -> tuple[str, str]:
    """The updated fact's page, and the page of a count fact with an interval chart."""
    data = json.loads((site / "facts.json").read_text(encoding="utf-8"))
    updated = next(f for f in data["facts"] if f["status"] == "updated")
    counted = next(f for f in data["facts"] if f["kind"] == "quantity" and f["status"] != "updated")
    return updated["page"], counted["page"]


def _context(browser: Any, name: str, scheme: str = "light", **extra: Any) -> Any:
    phone = name == "phone"
    return browser.new_context(viewport=VIEWPORTS[name], color_scheme=scheme, device_scale_factor=2 if phone else 1,
                               is_mobile=phone, has_touch=phone, **extra)


@pytest.mark.parametrize("name", VIEWPORTS)
def test_timeline_fits_the_screen_and_reads_as_well_as_the_interval_chart(browser: Any, rising_site: Path,
                                                                         rising_root: str, name: str) -> None:
    updated, counted = _pages(rising_site)
    ctx = _context(browser, name)
    try:
        w = open_page(ctx, rising_root + updated)
        chart = w.page.locator("svg.timeline")
        assert chart.is_visible()
        box = chart.bounding_box()
        width = VIEWPORTS[name]["width"]
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        sizes = w.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[0] <= sizes[1], sizes  # no sideways scroll
        assert chart.evaluate(TEXT_OUTSIDE) == []
        smallest = chart.evaluate(SMALLEST_TEXT)
        assert w.errors == []
        other = open_page(ctx, rising_root + counted)
        interval = other.page.locator("svg.chart").first
        assert interval.is_visible()
        assert smallest >= interval.evaluate(SMALLEST_TEXT) - 0.01
        assert w.page.locator("p.current-value").inner_text() == "Current value: 31 (since 17 Sep)"
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["updated", ""])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", VIEWPORTS)
def test_no_serious_accessibility_violations(browser: Any, rising_site: Path, rising_root: str, path: str,
                                             scheme: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = _context(browser, name, scheme)
    try:
        w = open_page(ctx, rising_root + (_pages(rising_site)[0] if path else ""))
        results = Axe().run(w.page)
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
                   for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
        assert w.errors == []
    finally:
        ctx.close()


def test_timeline_and_status_filter_without_javascript(browser: Any, rising_site: Path, rising_root: str) -> None:
    ctx = _context(browser, "phone", java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(rising_root + _pages(rising_site)[0])
        assert page.locator("svg.timeline").is_visible()
        assert "Not dated (not drawn)" in page.locator("figure.timeline-figure figcaption").inner_text()
        page.goto(rising_root + "#only-updated")
        visible = [r for r in page.locator("table.matrix tbody tr").all() if r.is_visible()]
        assert [r.get_attribute("class") for r in visible] == ["row-updated"]
        assert page.locator(".note-updated").is_visible()
    finally:
        ctx.close()
