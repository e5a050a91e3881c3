"""The editor's workflow: check the corpus without building, import pages, preview with live reload."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from factcompare.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_check_on_the_seed_corpus_lists_what_to_curate(capsys):
    assert main(["check", "--corpus", str(ROOT / "corpus"), "--executor", "serial", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("facts from 5 articles.")
    assert "Facts where sources differ" in out
    assert "Facts with one source" in out
    assert "mousavi-rank [conflict] What rank did Razi Mousavi hold?" in out
    # every one-source fact is listed with the claim id an editor needs for facts.yaml
    assert " — claim " in out
    assert out.rstrip().splitlines()[-1].startswith(f"Checked {ROOT / 'corpus'}/ as one story, 5 articles: ")


def test_check_builds_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "corpus", tmp_path / "corpus")
    assert main(["check", "--executor", "serial", "--no-cache"]) == 0
    assert not (tmp_path / "site").exists()


def test_check_fails_on_a_bad_facts_yaml(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "facts.yaml").write_text("facts:\n  - id: x\n    title: X?\n    kind: colour\n", encoding="utf-8")
    assert main(["check", "--corpus", str(corpus), "--executor", "serial", "--no-cache"]) == 1
    assert f"{corpus / 'facts.yaml'}:4: error: facts.0.kind:" in capsys.readouterr().err


@pytest.mark.smoke
def test_import_adds_an_article_and_never_overwrites(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    page = ROOT / "tests" / "data" / "import" / "news_page.html"
    assert main(["import", str(page), "--corpus", str(corpus)]) == 0
    written = sorted(corpus.glob("*.md"))
    assert len(written) == 1
    said = capsys.readouterr().out.strip().splitlines()
    assert said[0] == f"{page} -> {written[0]} (found: title, outlet, author, published, url, language; missing: nothing)"
    assert said[-1] == f"Imported 1 article into {corpus}/, 0 errors, 0 warnings."
    before = written[0].read_text(encoding="utf-8")
    assert main(["import", str(page), "--corpus", str(corpus)]) == 1
    assert "--force" in capsys.readouterr().err
    assert written[0].read_text(encoding="utf-8") == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_reloads_after_a_corpus_edit(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    article = corpus / "fire.md"
    article.write_text("---\ntitle: Factory fire kills 12\n---\nAt least 12 workers were killed in a fire.\n",
                       encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--corpus", str(corpus), "--dev-addr",
         f"127.0.0.1:{port}", "--executor", "serial", "--no-cache"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}/articles/fire/"
        page = _wait_for(lambda: _get(url), lambda text: "Factory fire kills 12" in text)
        assert "Factory fire kills 12" in page
        article.write_text("---\ntitle: Factory fire kills 14\n---\nAt least 14 workers were killed in a fire.\n",
                           encoding="utf-8")
        page = _wait_for(lambda: _get(url), lambda text: "Factory fire kills 14" in text)
        assert "Factory fire kills 14" in page
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_for(fetch, ready, seconds: float = 40.0) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch()
            if ready(last):
                return last
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"not ready after {seconds} s; last page: {last[:200]!r}")
