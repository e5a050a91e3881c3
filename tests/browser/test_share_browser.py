"""A fact's embed in an <iframe> on another site's page, in Chromium: whole, with no inner scroll bar,
with or without scripts, at a phone's width and a desktop's; and the "Copy embed code" button."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, _serve
from test_site_browser import Watched, open_page

from factcompare.site.views import STATUS_VIEWS

pytestmark = pytest.mark.browser

FACT = "facts/death-toll/"


@contextmanager
def host_page(ctx: Any, code: str, tmp_path: Path) -> Iterator[Watched]:
    """A page of another site holding `code`: served from another port, so another origin (a page the
    browser is handed without a server would be a public one, and Chromium keeps it from framing a
    page on 127.0.0.1)."""
    (tmp_path / REPO).mkdir(exist_ok=True)
    (tmp_path / REPO / "story.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>A newsroom's story</title>"
        "<link rel='icon' href='data:,'></head><body><main><h1>Our story</h1><p>Before the embed.</p>"
        f"{code}<p>After the embed.</p></main></body></html>", encoding="utf-8")
    w = Watched(ctx.new_page())
    with _serve(tmp_path) as newsroom:
        w.page.goto(newsroom + "story.html", wait_until="networkidle")
        yield w


def copied_code(browser: Any, served_root: str) -> str:
    """What the fact page's "Copy embed code" button puts on the clipboard."""
    origin = served_root.split("/factcompare-test/")[0]
    ctx = browser.new_context()
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    try:
        w = open_page(ctx, served_root + FACT)
        button = w.page.locator("button.copy-embed")
        assert button.is_visible()
        button.click()
        w.page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
        code = w.page.evaluate("navigator.clipboard.readText()")
        assert w.errors == []
        return code
    finally:
        ctx.close()


def frame_sizes(w: Watched) -> dict[str, float]:
    frame = w.page.wait_for_selector("iframe").content_frame()
    frame.wait_for_load_state("load")
    inner = frame.evaluate("""() => ({scrollHeight: document.documentElement.scrollHeight,
        clientHeight: document.documentElement.clientHeight, scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        content: document.querySelector('main').getBoundingClientRect().bottom})""")
    inner["iframe"] = w.page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    return inner


def test_copy_embed_code_gives_an_iframe_of_the_embed(browser: Any, served_root: str) -> None:
    code = copied_code(browser, served_root)
    assert f'<iframe src="{served_root}{FACT}embed/"' in code and "data-factcompare-embed" in code
    assert "{src}" not in code


@pytest.mark.parametrize("width", [390, 1200])
def test_the_embed_fits_its_iframe_with_the_embed_codes_script(browser: Any, served_root: str, width: int,
                                                                 tmp_path: Path) -> None:
    code = copied_code(browser, served_root)
    ctx = browser.new_context(viewport={"width": width, "height": 800})
    try:
        with host_page(ctx, code, tmp_path) as w:
            # The embed tells its height; the embed code's script sets the iframe to it.
            w.page.wait_for_function("document.querySelector('iframe').style.height !== ''")
            sizes = frame_sizes(w)
            assert sizes["scrollHeight"] <= sizes["clientHeight"], sizes  # no inner scroll bar
            assert sizes["scrollWidth"] <= sizes["clientWidth"], sizes
            assert abs(sizes["iframe"] - sizes["content"]) <= 24, sizes  # and no gap under it
            assert w.errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [390, 1200])
def test_the_embed_is_whole_without_any_script(browser: Any, served_root: str, width: int, tmp_path: Path) -> None:
    code = copied_code(browser, served_root)
    ctx = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    try:
        with host_page(ctx, code, tmp_path) as w:
            sizes = frame_sizes(w)
            assert sizes["content"] <= sizes["iframe"], sizes  # the estimated height holds the whole embed
            assert sizes["scrollWidth"] <= sizes["clientWidth"], sizes
            text = w.page.frames[1].locator("main").inner_text()
            assert any(s.label in text for s in STATUS_VIEWS.values()) and "full comparison" in text
            assert w.errors == []
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_embed_has_no_serious_accessibility_violation(browser: Any, served_root: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme=scheme)
    try:
        w = open_page(ctx, served_root + FACT + "embed/")
        violations = Axe().run(w.page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
        assert w.errors == []
        # Its links open the comparison in a new tab, never inside the newsroom's frame.
        link = w.page.locator("p.embed-link a")
        assert link.evaluate("a => a.href") == served_root + FACT
        assert w.page.evaluate("document.querySelector('base').target") == "_blank"
    finally:
        ctx.close()
