"""Safe publishing through the command line: renamed facts redirect, ids stay put, output is byte-identical
whatever the executor, and --strict counts the site's own warnings too.

Runs `python build.py` (cli.main) on a copy of a hand-made earthquake story (tests/data/stories/earthquake),
not the seed story.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from factcompare.cli import main
from factcompare.linkcheck import check_site

ROOT = Path(__file__).resolve().parent.parent
STORY = Path(__file__).parent / "data" / "stories" / "earthquake"

CURATED = """\
story:
  title: Izmir earthquake
facts:
  - id: death-toll
    title: How many people died in the earthquake?
    kind: quantity
    cues:
      near: [killed, died, killing]
    renamed_from: [toll, deaths]
"""


def build(corpus: Path, out: Path, *extra: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--corpus", str(corpus), "--out", str(out), "--no-cache", "--quiet", *extra])
    return code, err.getvalue()


def facts_of(site: Path) -> dict[str, dict]:
    return {f["id"]: f for f in json.loads((site / "facts.json").read_text(encoding="utf-8"))["facts"]}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(STORY, folder)
    (folder / "facts.yaml").write_text(CURATED, encoding="utf-8")
    return folder


def links_to(site: Path, skip: Path) -> set[str]:
    """Every page of the site (but `skip`) reached by a link, as a site-relative folder ('facts/x/')."""
    found = set()
    for page in sorted(site.rglob("*.html")):
        if page == skip or page.name == "404.html":
            continue
        for _, _, link, _ in lxml.html.fromstring(page.read_bytes()).iterlinks():
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / parts.path).resolve()
            if target.is_relative_to(site.resolve()):
                found.add(target.relative_to(site.resolve()).as_posix().rstrip("/") + "/")
    return found


def assert_redirect(site: Path, old: str, new: str) -> None:
    """facts/<old>/ is a page that sends the reader to facts/<new>/ by a relative URL, and only that."""
    page = site / "facts" / old / "index.html"
    tree = lxml.html.fromstring(page.read_bytes())
    assert tree.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url=../{new}/"]
    assert tree.xpath("//a/@href") == [f"../{new}/"]
    assert tree.xpath("//link[@rel='canonical']/@href") == [f"../{new}/"]
    assert (page.parent / f"../{new}/index.html").resolve().is_file()
    # Listed nowhere as a fact: not in the data, the search index, nor linked from any page.
    assert old not in facts_of(site) and not (site / "facts" / f"{old}.json").exists()
    assert old in facts_of(site)[new]["aliases"]
    search = json.loads((site / "search.json").read_text(encoding="utf-8"))["entries"]
    assert f"facts/{old}/" not in {e["url"] for e in search}
    assert f"facts/{old}/" not in links_to(site, page)


def test_renamed_facts_redirect_and_are_listed_nowhere(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(corpus, site, "--executor", "serial") == (0, "")
    assert_redirect(site, "toll", "death-toll")  # renamed_from on a curated fact
    assert_redirect(site, "deaths", "death-toll")
    automatic = next(fid for fid, f in facts_of(site).items() if not f["curated"] and len(f["claims"]) > 1)
    claims = facts_of(site)[automatic]["claims"]

    # The editor renames an automatic fact: its old address keeps working.
    (corpus / "facts.yaml").write_text(CURATED + f"rename:\n  {automatic}: renamed-by-editor\n", encoding="utf-8")
    assert build(corpus, site, "--executor", "serial") == (0, "")
    assert facts_of(site)["renamed-by-editor"]["claims"] == claims
    assert_redirect(site, automatic, "renamed-by-editor")
    assert_redirect(site, "toll", "death-toll")
    assert check_site(site) == []


def test_redirects_without_directory_urls(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8")
                      .replace("docs_dir: site_src", f"docs_dir: {ROOT / 'site_src'}")
                      .replace("custom_dir: templates", f"custom_dir: {ROOT / 'templates'}")
                      .replace("use_directory_urls: true", "use_directory_urls: false"), encoding="utf-8")
    site = tmp_path / "site"
    assert build(corpus, site, "--executor", "serial", "--config", str(config)) == (0, "")
    tree = lxml.html.fromstring((site / "facts" / "toll.html").read_bytes())
    assert tree.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=death-toll.html"]
    assert check_site(site) == []


def test_ids_hold_when_an_article_is_removed_and_comes_back(corpus: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert build(corpus, site, "--executor", "serial")[0] == 0
    before = facts_of(site)
    removed = corpus / "breaking-quake-off-izmir.md"
    text = removed.read_text(encoding="utf-8")
    removed.unlink()
    assert build(corpus, site, "--executor", "serial")[0] == 0
    after = facts_of(site)
    held = {fid: {c["id"] for c in f["claims"] if not c["id"].startswith("breaking-quake-off-izmir-")}
            for fid, f in before.items()}
    for fid, fact in after.items():
        claims = {c["id"] for c in fact["claims"]}
        if fid in before:  # an id is never handed to a fact that holds none of its claims
            assert claims & held[fid], fid
        # A fact that only lost the removed article's claims keeps its id.
        same = [old for old, kept in held.items() if kept and kept == claims]
        assert same in ([], [fid]), (fid, same)
    assert len([old for old, kept in held.items() if kept and old in after]) >= len(after) - 2
    assert sorted(a["id"] for a in json.loads((site / "facts.json").read_text())["articles"]) == sorted(
        p.stem for p in STORY.iterdir() if p.stem != "breaking-quake-off-izmir")
    # Back again: every fact has the id it had at first.
    removed.write_text(text, encoding="utf-8")
    assert build(corpus, site, "--executor", "serial")[0] == 0
    assert {fid: [c["id"] for c in f["claims"]] for fid, f in facts_of(site).items()} == {
        fid: [c["id"] for c in f["claims"]] for fid, f in before.items()}


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_same_corpus_same_bytes_whatever_the_executor_and_the_cache(corpus: Path, tmp_path: Path) -> None:
    """Every kind of value, curation and overrides; serial, process and threads (cold and warm cache)."""
    first = tmp_path / "first"
    assert build(corpus, first, "--executor", "serial")[0] == 0
    facts = facts_of(first)
    assert {f["kind"] for f in facts.values()} == {"quantity", "date", "time", "place", "name"}
    quantities = [fid for fid, f in facts.items() if not f["curated"] and f["kind"] == "quantity"]
    others = [fid for fid, f in facts.items() if not f["curated"] and f["kind"] != "quantity"]
    (corpus / "facts.yaml").write_text(CURATED + f"""\
aliases:
  Ali Yerlikaya: [Yerlikaya]
pin: [{quantities[0]}]
hide: [{others[0]}]
merge: [[{quantities[1]}, {quantities[2]}]]
rename: {{{others[1]}: renamed-by-editor}}
corrections:
  - claim: {facts[quantities[0]]["claims"][0]["id"]}
    value: {{kind: quantity, display: "corrected <b>value</b>", low: 5, high: 5}}
    note: checked with the agency
""", encoding="utf-8")
    runs = {
        "serial": ("--executor", "serial"),
        "process": ("--executor", "process", "--workers", "2"),
    }
    sites = {}
    for name, options in runs.items():
        sites[name] = tmp_path / f"site-{name}"
        assert build(corpus, sites[name], *options) == (0, ""), name
    for name in ("cold", "warm"):  # the per-article cache, written then read
        sites[f"thread-{name}"] = tmp_path / f"out-{name}" / "public"
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            assert main(["--corpus", str(corpus), "--out", str(sites[f"thread-{name}"]), "--quiet",
                         "--executor", "thread"]) == 0, err.getvalue()
    assert (tmp_path / ".cache").is_dir()  # beside the corpus: the cache was used
    reference = snapshot(sites["serial"])
    assert "facts/renamed-by-editor/index.html" in reference and f"facts/{others[1]}/index.html" in reference
    assert "Editor’s correction".encode() in reference[f"facts/{quantities[0]}/index.html"]
    pinned = json.loads(reference["facts.json"])["facts"][0]
    assert pinned["id"] == quantities[0] and pinned["claims"][0]["corrected"]["display"] == "corrected <b>value</b>"
    for name, site in sites.items():
        other = snapshot(site)
        assert other.keys() == reference.keys(), name
        assert [k for k in reference if reference[k] != other[k]] == [], name
    for data in reference.values():
        assert str(tmp_path).encode() not in data  # no output path, hence no build folder, in any file


# --- --strict and the site's own warnings ----------------------------------------------------------


def config_with_broken_link(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "site_src", docs)
    (docs / "about.md").write_text((docs / "about.md").read_text(encoding="utf-8")
                                   + "\nSee [the archive](archive.md).\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8")
                      .replace("docs_dir: site_src", f"docs_dir: {docs}")
                      .replace("custom_dir: templates", f"custom_dir: {ROOT / 'templates'}"), encoding="utf-8")
    return config


def test_strict_fails_on_a_warning_from_the_site_and_keeps_the_last_good_site(corpus: Path, tmp_path: Path) -> None:
    config = config_with_broken_link(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    code, err = build(corpus, site, "--executor", "serial", "--config", str(config), "--strict")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith(f"{config}: warning: ") and "archive.md" in lines[0]
    assert lines[-1] == f"Build failed (1 warning with --strict); {site}/ was left as it was."
    assert (site / "index.html").read_text(encoding="utf-8") == "last good site"
    assert [p.name for p in tmp_path.iterdir() if ".building-" in p.name] == []


def test_without_strict_the_site_warnings_are_listed_at_the_end_and_counted(corpus: Path, tmp_path: Path) -> None:
    config = config_with_broken_link(tmp_path)
    (corpus / "notes.html").write_text("<p>not an article</p>", encoding="utf-8")  # a corpus warning too
    site = tmp_path / "site"
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["--corpus", str(corpus), "--out", str(site), "--no-cache", "--executor", "serial",
                     "--config", str(config)])
    assert code == 0
    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{corpus / 'notes.html'}: warning: ignored: no reader for .html.")
    assert lines[1].startswith(f"{config}: warning: ") and "archive.md" in lines[1]
    assert ", 2 warnings, in " in out.getvalue()
    assert (site / "about" / "index.html").is_file()
