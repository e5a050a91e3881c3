"""A site of three stories (the seed story, an earthquake, a ferry whose toll rises) in headless Chromium,
served under /<repo>/ as on GitHub project pages: the site home and a page of each story (a story's home,
a fact page, an article page) on a desktop and on a 360 px phone, in light and dark mode; the links
between the site home and the stories."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, _require_browser, _serve
from test_many_stories import SOURCES, build, make_corpus
from test_site_browser import Watched, open_page

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}

# Elements that reach past the right edge of the viewport, other than those inside a box of their own
# that scrolls (or clips) sideways, as the matrix does: what would make a phone scroll the page sideways.
STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  const boxed = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !boxed(e);
  }).map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
}"""


@pytest.fixture(scope="module")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three stories built through the command line into <tmp>/<repo>/."""
    _require_browser()
    top = tmp_path_factory.mktemp("many-served")
    corpus = make_corpus(top / "corpus")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SITE_URL", raising=False)
        code, _, stderr = build(corpus, top / REPO, "--strict")
    assert code == 0, stderr
    return top / REPO


@pytest.fixture(scope="module")
def many_root(many_site: Path) -> Iterator[str]:
    with _serve(many_site.parent) as url:
        yield url


def _pages(site: Path) -> dict[str, str]:
    """The site home and one page of each story, each of another kind: name -> address from the site root."""
    facts = {sid: json.loads((site / sid / "facts.json").read_text(encoding="utf-8")) for sid in SOURCES}
    (toll,) = [f for f in facts["ferry"]["facts"] if f["status"] == "updated"]  # with its timeline chart
    return {"site home": "", "story home": "quake/", "fact page": "ferry/" + toll["page"],
            "article page": "seed/" + facts["seed"]["articles"][0]["page"]}


def _context(browser: Any, name: str, scheme: str = "light") -> Any:
    phone = name == "phone"
    return browser.new_context(viewport=VIEWPORTS[name], color_scheme=scheme, device_scale_factor=2 if phone else 1,
                               is_mobile=phone, has_touch=phone)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", VIEWPORTS)
def test_pages_have_no_accessibility_violation_no_error_and_fit_a_phone(browser: Any, many_site: Path,
                                                                        many_root: str, name: str,
                                                                        scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = _context(browser, name, scheme)
    try:
        found: dict[str, list[str]] = {}
        for kind, path in _pages(many_site).items():
            w = open_page(ctx, many_root + path)
            problems = list(w.errors)
            problems += [f"axe {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
                         for v in Axe().run(w.page).response["violations"]]
            sizes = w.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if sizes[0] > sizes[1]:
                problems.append(f"scrolls sideways: {sizes[0]} px wide in {sizes[1]} px")
            problems += [f"wider than the screen: {e}" for e in w.page.evaluate(STICKING_OUT)]
            # Every request stayed on this host.
            problems += w.page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                                        ".filter(u => !u.startsWith(location.origin))")
            if problems:
                found[f"{kind} ({path or '/'})"] = problems
            w.page.close()
        assert found == {}
    finally:
        ctx.close()


def test_site_home_leads_to_every_story_and_back(browser: Any, many_site: Path, many_root: str) -> None:
    stories = json.loads((many_site / "stories.json").read_text(encoding="utf-8"))["stories"]
    ctx = _context(browser, "phone")
    try:
        w = open_page(ctx, many_root)
        links = w.page.locator(".story-list .story-title a")
        assert links.all_inner_texts() == [s["title"] for s in stories]
        for k, story in enumerate(stories):
            with w.page.expect_navigation():
                w.page.locator(".story-list .story-title a").nth(k).click()
            assert w.page.url == many_root + story["id"] + "/"
            assert w.page.locator("main h1").first.inner_text().strip() == story["title"]
            nav = w.page.get_by_role("navigation", name="Site").get_by_role("link", name="Stories", exact=True)
            with w.page.expect_navigation():
                nav.click()
            assert w.page.url == many_root
            assert w.page.locator("main h1").first.inner_text().strip() == "factcompare"
        # From a fact page deep in a story, "Stories" leads home too.
        page = _pages(many_site)["fact page"]
        w.page.goto(many_root + page, wait_until="networkidle")
        with w.page.expect_navigation():
            w.page.get_by_role("navigation", name="Site").get_by_role("link", name="Stories", exact=True).click()
        assert w.page.url == many_root
        assert w.errors == []
    finally:
        ctx.close()


def test_an_old_root_address_of_the_seed_story_lands_on_its_page(browser: Any, many_site: Path,
                                                                  many_root: str) -> None:
    seed = json.loads((many_site / "seed" / "facts.json").read_text(encoding="utf-8"))
    fact = next(f for f in seed["facts"] if f["page"] == f"facts/{f['id']}/")
    ctx = _context(browser, "desktop")
    try:
        w = Watched(ctx.new_page())
        # Where the fact was when the seed story was the site: the page there sends the reader on at once
        # (waiting for the first page to settle would race with that navigation).
        w.page.goto(many_root + fact["page"], wait_until="commit")
        w.page.wait_for_url(many_root + "seed/" + fact["page"], wait_until="load")
        assert w.page.locator("main h1").first.inner_text().strip() == fact["title"]
        assert w.errors == []
    finally:
        ctx.close()
