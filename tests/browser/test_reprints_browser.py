"""The reprint story (tests/data/reprints) in Chromium: the home matrix collapses each reprint group into
its earliest article's column with a checkbox, without a script; the pages stay accessible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reprints_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from conftest import _built, _require_browser, _serve
    from test_site_build import ROOT

    _require_browser()
    site: Path = _built(tmp_path_factory, ROOT / "tests" / "data" / "reprints", "reprints")
    with _serve(site.parent) as url:
        yield url


def _visible_columns(page: Any) -> list[str]:
    return page.eval_on_selector_all("thead th.source-col", "els => els.filter(e => e.offsetParent !== null)"
                                     ".map(e => e.querySelector('a').textContent.trim())")


@pytest.mark.parametrize("javascript", [True, False])
def test_the_matrix_collapses_reprint_groups_into_one_column(browser: Any, reprints_root: str,
                                                             javascript: bool) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    try:
        page = ctx.new_page()
        page.goto(reprints_root, wait_until="networkidle")
        assert len(_visible_columns(page)) == 4
        page.get_by_label("One column per reprint group").check()
        assert sorted(_visible_columns(page)) == ["Southern Coast Herald", "Yonhap"]  # the copies are hidden
        # the copies' cells go with their columns: each row keeps one cell per visible column
        cells = page.eval_on_selector("tbody tr", "tr => [...tr.querySelectorAll('td.cell')]"
                                      ".filter(e => e.offsetParent !== null).length")
        assert cells == 2
        page.get_by_label("One column per reprint group").uncheck()
        assert len(_visible_columns(page)) == 4
    finally:
        ctx.close()


@pytest.mark.parametrize("path", ["", "facts/quantity-people-killed-march-4/"])
def test_reprint_pages_have_no_serious_accessibility_violations(browser: Any, reprints_root: str, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(reprints_root + path, wait_until="networkidle")
        assert page.locator(".independence").count() == (1 if path else 0)
        results = Axe().run(page)
        serious = [f"{v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        ctx.close()
