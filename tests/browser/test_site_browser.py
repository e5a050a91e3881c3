"""The built site in headless Chromium, served under a /<repo>/ prefix as on GitHub project pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "facts/workers-inside/", "facts/death-toll/", "articles/herald/", "method/", "about/"]


class Watched:
    """A page plus every console error, page error and failed request it produced."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url}"))
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                              has_touch=True)
    yield ctx
    ctx.close()


def open_page(ctx: Any, url: str) -> Watched:
    w = Watched(ctx.new_page())
    w.page.goto(url, wait_until="networkidle")
    return w


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors_or_failed_requests(context: Any, served_root: str, path: str) -> None:
    w = open_page(context, served_root + path)
    assert w.errors == []
    # Every request stayed on this host: no asset from anywhere else.
    assert w.page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                           ".filter(u => !u.startsWith(location.origin))") == []


@pytest.mark.parametrize("path", ["", "facts/workers-inside/", "articles/herald/", "method/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser: Any, served_root: str, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        w = open_page(ctx, served_root + path)
        results = Axe().run(w.page)
        serious = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
                   for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        ctx.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_on_a_phone(phone: Any, served_root: str, path: str) -> None:
    w = open_page(phone, served_root + path)
    width = w.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width


def test_matrix_scrolls_inside_its_own_focusable_box(phone: Any, served_root: str) -> None:
    w = open_page(phone, served_root)
    box = w.page.locator(".matrix-wrap")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table is wider than a phone ...
    assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"  # ... and scrolls in its box
    box.focus()
    assert w.page.evaluate("document.activeElement.className") == "matrix-wrap"


def test_quotes_readable_without_javascript(browser: Any, served_root: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(served_root + "facts/workers-inside/")
        quote = page.locator("#source-courier blockquote")
        assert quote.is_visible()
        assert quote.inner_text() == "The factory employed 350 workers, police said."
        assert page.locator("#source-courier mark").inner_text() == "350"
        assert page.locator("svg.chart").is_visible()
        assert not page.locator("button.copy-link").first.is_visible()  # needs the script: hidden without it
        assert not page.locator("form.search").is_visible()
        # The status filter works without script: a :target link hides the other rows.
        page.goto(served_root + "#only-conflict")
        visible = [r for r in page.locator("table.matrix tbody tr").all() if r.is_visible()]
        assert [r.get_attribute("class") for r in visible] == ["row-conflict"]
        assert page.locator(".note-conflict").is_visible()
    finally:
        ctx.close()


def test_source_anchor_scrolls_card_into_view(phone: Any, served_root: str) -> None:
    w = open_page(phone, served_root + "facts/death-toll/#source-wire-note")
    card = w.page.locator("#source-wire-note")
    assert card.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    assert w.page.evaluate("window.scrollY") > 0


def test_sentence_link_lands_on_sentence(context: Any, served_root: str) -> None:
    w = open_page(context, served_root + "facts/workers-inside/")
    w.page.locator("#source-courier").get_by_role("link", name="Sentence in context").click()
    w.page.wait_for_load_state("networkidle")
    assert w.page.url == served_root + "articles/courier/#s-1"
    assert w.page.locator("#s-1").evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # :target
    assert w.errors == []


def test_copy_link_button(browser: Any, served_root: str) -> None:
    origin = served_root.split("/factcompare-test/")[0]
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    try:
        w = open_page(ctx, served_root + "facts/death-toll/")
        button = w.page.locator("#source-courier button.copy-link")
        assert button.is_visible()
        button.click()
        w.page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
        assert w.page.evaluate("navigator.clipboard.readText()") == served_root + "facts/death-toll/#source-courier"
        assert w.errors == []
    finally:
        ctx.close()


def test_search_box_finds_facts_and_sources(context: Any, served_root: str) -> None:
    w = open_page(context, served_root + "facts/fire-date/")
    box = w.page.get_by_label("Search facts and articles")
    assert box.is_visible()
    box.fill("dozens")
    results = w.page.locator("#search-results a")
    results.first.wait_for()
    assert results.all_inner_texts()[0] == "How many workers died?"
    box.fill("courier")
    results.first.wait_for()
    assert "Factory fire: owner questioned" in results.all_inner_texts()
    w.page.get_by_role("link", name="Factory fire: owner questioned").click()
    w.page.wait_for_load_state("networkidle")
    assert w.page.url == served_root + "articles/courier/"
    assert w.errors == []


def test_skip_link_and_visible_focus(context: Any, served_root: str) -> None:
    w = open_page(context, served_root + "facts/death-toll/")
    w.page.keyboard.press("Tab")
    skip = w.page.locator(".skip-link")
    assert w.page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.evaluate("e => e.getBoundingClientRect().top >= 0")
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    w.page.keyboard.press("Enter")
    assert w.page.evaluate("document.activeElement.id") == "main"


def test_404_finds_the_site_root(context: Any, served_root: str) -> None:
    """A missing fact address shows 404.html (as GitHub Pages does) whose links lead home."""
    html = context.request.get(served_root + "404.html").text()
    page = context.new_page()
    page.route("**/facts/no-such-fact/", lambda route: route.fulfill(status=404, body=html,
                                                                        content_type="text/html"))
    page.goto(served_root + "facts/no-such-fact/")
    assert page.locator("a.home-link").evaluate("a => a.href") == served_root
    assert page.locator("a.home-link").evaluate("a => getComputedStyle(a).color") != ""


def test_screenshot_of_a_fact_page(browser: Any, served_root: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Saves screenshots for a person to look at (set FACTCOMPARE_SCREENSHOTS=DIR to keep them)."""
    import os
    from pathlib import Path

    out = Path(os.environ.get("FACTCOMPARE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    out.mkdir(parents=True, exist_ok=True)
    for name, viewport, scheme in (("fact-wide", (1280, 900), "light"), ("fact-phone", (390, 844), "dark")):
        ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme)
        try:
            page = ctx.new_page()
            page.goto(served_root + "facts/death-toll/", wait_until="networkidle")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
        finally:
            ctx.close()
        assert (out / f"{name}.png").stat().st_size > 10_000


def test_seed_site_pages(browser: Any, seed_root: str) -> None:
    """The real corpus (longer tables, real quotes): no serious axe violation, no error, no sideways scroll."""
    import json
    import urllib.request

    from axe_playwright_python.sync_playwright import Axe

    data = json.loads(urllib.request.urlopen(seed_root + "facts.json").read())
    multi = [f for f in data["facts"] if len(f["claims"]) > 1 and f["kind"] == "quantity"] or data["facts"]
    paths = ["", multi[0]["page"], data["articles"][0]["page"]]
    for width in (1280, 390):
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        try:
            for path in paths:
                w = open_page(ctx, seed_root + path)
                assert w.errors == [], path
                sizes = w.page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                assert sizes[0] <= sizes[1], (path, width, sizes)
                if width == 1280:
                    violations = Axe().run(w.page).response["violations"]
                    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
                    assert serious == [], path
        finally:
            ctx.close()


# --- the site opened from disk (file://), as the README's first command leaves it ----------------


def _h1(w: Watched) -> str:
    return w.page.locator("main h1").first.inner_text().strip()


def _follow(w: Watched, link: Any) -> None:
    with w.page.expect_navigation():
        link.click()
    w.page.wait_for_load_state("load")


def test_seed_site_opened_from_disk_follows_fact_and_article_links(context: Any, seed_site: Any) -> None:
    """site/index.html opened from disk: a fact link and an article link land on their pages, not on a
    folder's listing; the published addresses in the HTML stay folders."""
    import json

    data = json.loads((seed_site / "facts.json").read_text(encoding="utf-8"))
    fact = next(f for f in data["facts"] if f["page"].startswith("facts/") and len(f["claims"]) > 1)
    article = data["articles"][0]
    home = (seed_site / "index.html").as_uri()
    w = open_page(context, home)
    fact_link = w.page.locator(f"main a[href='{fact['page']}']").first
    assert fact_link.get_attribute("href") == f"facts/{fact['id']}/"  # the address stays a folder
    _follow(w, fact_link)
    assert w.page.url == (seed_site / "facts" / fact["id"] / "index.html").as_uri()
    assert _h1(w) == fact["title"]
    assert w.page.locator(".source-card, [id^='source-']").count() >= 2
    assert "Index of" not in w.page.title()

    w.page.go_back()
    w.page.wait_for_load_state("load")
    assert w.page.url == home
    article_link = w.page.locator(f"main a[href='{article['page']}']").first
    _follow(w, article_link)
    assert w.page.url == (seed_site / "articles" / article["id"] / "index.html").as_uri()
    assert _h1(w) == article["title"]

    # and back home through the site's own navigation ("../../")
    _follow(w, w.page.locator("a.brand"))
    assert w.page.url == home
    assert w.errors == []


def test_tiny_site_from_disk_keeps_fragments_and_follows_redirects(context: Any, tiny_site: Any) -> None:
    w = open_page(context, (tiny_site / "facts" / "workers-inside" / "index.html").as_uri())
    _follow(w, w.page.locator("#source-courier").get_by_role("link", name="Sentence in context"))
    assert w.page.url == (tiny_site / "articles" / "courier" / "index.html").as_uri() + "#s-1"
    assert w.page.locator("#s-1").evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # :target
    # A link added after load (as search results are) is followed to its page too.
    w.page.evaluate("""() => { const a = document.createElement('a'); a.id = 'late'; a.textContent = 'late';
                              a.href = '../../facts/death-toll/#source-courier'; document.querySelector('main').prepend(a); }""")
    _follow(w, w.page.locator("#late"))
    assert w.page.url == (tiny_site / "facts" / "death-toll" / "index.html").as_uri() + "#source-courier"
    # A renamed fact's old address (facts/deaths/) sends the reader on to the fact's page.
    w.page.goto((tiny_site / "facts" / "deaths" / "index.html").as_uri())
    w.page.wait_for_url("**/facts/death-toll/index.html")
    assert _h1(w) == "How many workers died?"
    assert w.errors == []


def test_links_stay_folders_when_served(context: Any, served_root: str) -> None:
    """Over http the script leaves every link as it is: the published addresses are folders."""
    w = open_page(context, served_root)
    link = w.page.locator("main a[href='facts/death-toll/']").first
    link.hover()
    assert link.get_attribute("href") == "facts/death-toll/"
    _follow(w, link)
    assert w.page.url == served_root + "facts/death-toll/"
