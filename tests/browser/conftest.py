"""Browser fixtures: the tiny site built once, served under /<repo>/ on 127.0.0.1 (or opened from disk),
and Debian's Chromium.

Run with `pytest tests/browser` (or `pytest -m browser`). The tests need /usr/bin/chromium (Debian's
`chromium` package) and Playwright's Python package; no browser is downloaded. Without the browser the
tests skip, unless FACTCOMPARE_REQUIRE_BROWSER is set (CI), where they fail.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHROMIUM = Path("/usr/bin/chromium")
REPO = "factcompare-test"  # the base path, as on GitHub project pages: /<repo>/
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    if os.environ.get("FACTCOMPARE_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny site's folder on disk (<tmp>/factcompare-test/)."""
    from site_story import build_tiny_story
    from test_site_build import build_site

    _require_browser()
    top = tmp_path_factory.mktemp("served")
    build_site(build_tiny_story(), top / REPO)
    return top / REPO


@pytest.fixture(scope="session")
def served_root(tiny_site: Path) -> Iterator[str]:
    """Base URL of the tiny site, e.g. http://127.0.0.1:PORT/factcompare-test/."""
    with _serve(tiny_site.parent) as url:
        yield url


@contextlib.contextmanager
def _serve(top: Path) -> Iterator[str]:
    """Serve `top` on a free loopback port for the session; the site lives under /<REPO>/."""
    handler = functools.partial(_QuietHandler, directory=str(top))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{REPO}/"
    finally:
        server.shutdown()
        server.server_close()


def _built(tmp_path_factory: pytest.TempPathFactory, corpus: Path, name: str) -> Path:
    """A corpus built through the real pipeline into a fresh folder: the site's folder on disk."""
    from test_site_build import build_site

    from factcompare.pipeline import build_story

    top = tmp_path_factory.mktemp(name)
    build_site(build_story(corpus), top / REPO)
    return top / REPO


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own corpus/ built through the real pipeline: its folder on disk."""
    from test_site_build import ROOT

    _require_browser()
    corpus = ROOT / "corpus"
    if not any(corpus.glob("*.md")):
        pytest.skip("corpus/ holds no articles")
    return _built(tmp_path_factory, corpus, "seed")


@pytest.fixture(scope="session")
def seed_root(seed_site: Path) -> Iterator[str]:
    """The seed site served like served_root."""
    with _serve(seed_site.parent) as url:
        yield url


@pytest.fixture(scope="session")
def rising_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/data/rising-toll (a death toll that rises over three days) built through the real pipeline."""
    from test_site_build import ROOT

    _require_browser()
    return _built(tmp_path_factory, ROOT / "tests" / "data" / "rising-toll", "rising")


@pytest.fixture(scope="session")
def rising_root(rising_site: Path) -> Iterator[str]:
    """The rising-toll site served like served_root."""
    with _serve(rising_site.parent) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield b
        finally:
            b.close()
