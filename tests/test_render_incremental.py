"""A rebuild re-renders only what changed, and gives the same bytes as a build from scratch.

Stories of an earthquake reported by many sources (site_story.quake_story); one article then changes.
"""

from __future__ import annotations

import filecmp
import functools
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from site_story import forked_children, quake_story

from factcompare.cli import ROOT, render
from factcompare.models import Story
from factcompare.site import incremental, plugin
from factcompare.site.data import DataFiles
from factcompare.site.digests import Digests
from factcompare.site.views import BIG_STORY


def files_of(site: Path) -> dict[str, os.stat_result]:
    return {p.relative_to(site).as_posix(): p.stat() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_tree(one: Path, two: Path) -> None:
    a, b = files_of(one), files_of(two)
    assert sorted(a) == sorted(b)
    _, mismatch, errors = filecmp.cmpfiles(one, two, sorted(a), shallow=False)
    assert mismatch == [] and errors == []


def build(story: Story, out: Path, corpus: Path, incremental_: bool = True) -> None:
    assert render(story, ROOT / "mkdocs.yml", out, corpus, incremental=incremental_) == []


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir()
    return tmp_path / "corpus"


@pytest.mark.parametrize("articles", [6, BIG_STORY + 10])
def test_one_changed_article_rerenders_its_own_files_and_matches_a_cold_build(
        articles: int, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(quake_story(articles), out, corpus)
    before = files_of(out)
    changed = quake_story(articles, toll_of={articles - 1: 135})
    build(changed, out, corpus)
    build(changed, tmp_path / "cold", corpus, incremental_=False)
    assert_same_tree(out, tmp_path / "cold")
    after = files_of(out)
    relinked = {p for p in after if p in before and after[p].st_ino == before[p].st_ino}
    rendered = set(after) - relinked
    last = f"quake-{articles - 1:03d}"
    must_change = {"facts/quantity-deaths/index.html", "facts/quantity-deaths.json", f"articles/{last}/index.html",
                   "facts.json", "search.json", "index.html",
                   # its preview image shows the new value; its embed the new verdict
                   "facts/quantity-deaths.png", "facts/quantity-deaths/embed/index.html"}
    assert must_change <= rendered
    # What no fact or article page shows changed: the other sources' pages, the facts they alone state.
    assert "articles/quake-000/index.html" in relinked
    own = f"facts/quantity-survivors-{articles - 1:03d}/index.html"
    if articles > BIG_STORY:  # a fact one source alone states has no page of its own in a big story
        assert own not in after
    else:
        assert own in relinked
    assert "facts/quantity-magnitude/index.html" in relinked
    # An unchanged fact's preview image is not drawn again, nor its embed rendered.
    assert {"facts/quantity-magnitude.png", "facts/quantity-magnitude/embed/index.html"} <= relinked
    assert "facts/quantity-toll/index.html" in relinked  # the redirect
    generated = {p for p in after if p.startswith(("facts/", "articles/"))}
    assert len(generated & rendered) <= 6, sorted(generated & rendered)


def test_an_unchanged_story_links_every_generated_file(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(quake_story(BIG_STORY + 2), out, corpus)
    before = files_of(out)
    build(quake_story(BIG_STORY + 2), out, corpus)
    after = files_of(out)
    generated = [p for p in after if p.startswith(("facts/", "articles/"))]
    assert generated and all(after[p].st_ino == before[p].st_ino for p in generated)


@pytest.mark.parametrize("articles", [6, BIG_STORY + 5])
def test_a_silent_source_renamed_rerenders_the_pages_that_name_it(articles: int, corpus: Path, tmp_path: Path) -> None:
    """A small story's fact page lists the sources that do not mention it: their outlet is a value it
    shows. A big story's only counts them, so renaming one outlet leaves other facts' pages alone."""
    out = tmp_path / "site"
    build(quake_story(articles), out, corpus)
    before = files_of(out)
    changed = quake_story(articles, outlet_of={0: "The Renamed Times"})
    build(changed, out, corpus)
    after = files_of(out)
    build(changed, tmp_path / "cold", corpus, incremental_=False)
    assert_same_tree(out, tmp_path / "cold")
    fact_pages = [p for p in after if p.startswith("facts/") and p.endswith("index.html")]
    naming = [p for p in fact_pages if "The Renamed Times" in (out / p).read_text(encoding="utf-8")]
    rerendered = [p for p in fact_pages if after[p].st_ino != before[p].st_ino]
    if articles > BIG_STORY:
        assert set(rerendered) == set(naming) and len(rerendered) < len(fact_pages) / 2
    else:
        assert len(naming) > len(fact_pages) / 2 and set(naming) <= set(rerendered)  # silent ones name it too


def test_no_cache_renders_everything_and_forgets_the_manifest(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(quake_story(5), out, corpus)
    manifest = incremental.manifest_path(corpus.resolve().parent / ".cache" / "factcompare", out)
    assert manifest.is_file()
    before = files_of(out)
    build(quake_story(5), out, corpus, incremental_=False)
    after = files_of(out)
    assert not manifest.exists()
    assert all(after[p].st_ino != before[p].st_ino for p in after if p in before)


def test_a_file_changed_by_another_tool_is_rendered_again(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(quake_story(5), out, corpus)
    page = out / "facts" / "quantity-magnitude" / "index.html"
    good = page.read_bytes()
    page.write_bytes(b"edited by hand")
    build(quake_story(5), out, corpus)
    assert page.read_bytes() == good


def test_a_failed_rebuild_leaves_the_last_site_and_its_manifest(corpus: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(quake_story(5), out, corpus)
    manifest = incremental.manifest_path(corpus.resolve().parent / ".cache" / "factcompare", out)
    snapshot = {p: (out / p).read_bytes() for p in files_of(out)}
    saved = manifest.read_bytes()

    def crash(self: object, config: object) -> None:  # after every unchanged file was linked
        raise RuntimeError("disk full")

    monkeypatch.setattr(plugin.FactComparePlugin, "on_post_build", crash)
    with pytest.raises(RuntimeError):
        render(quake_story(5, toll_of={0: 999}), ROOT / "mkdocs.yml", out, corpus)
    assert {p: (out / p).read_bytes() for p in files_of(out)} == snapshot
    assert manifest.read_bytes() == saved
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_only_the_facts_and_article_of_a_changed_article_change_digest() -> None:
    one, two = quake_story(BIG_STORY + 3), quake_story(BIG_STORY + 3, toll_of={7: 300})
    d1, d2 = Digests(one, DataFiles(one), "s"), Digests(two, DataFiles(two), "s")
    changed_facts = {f.id for f, g in zip(one.facts, two.facts) if d1.fact_page(f) != d2.fact_page(g)}
    changed_articles = {a.article.id for a, b in zip(one.documents, two.documents)
                        if d1.article_page(a) != d2.article_page(b)}
    assert changed_facts == {"quantity-deaths"}
    assert changed_articles == {"quake-007"}


def test_salt_follows_the_config(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    a = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path))
    b = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path), site_name="Another")
    c = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path), use_directory_urls=False)
    assert len({incremental.render_salt(x) for x in (a, b, c)}) == 3


def test_digests_taken_in_two_processes_are_the_digests_taken_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from factcompare import parallel
    from factcompare.site import digests as digests_module
    from factcompare.site.views import has_page

    story = quake_story(BIG_STORY + 3)

    def parts() -> list[dict[str, Callable[[], str]]]:
        d = Digests(story, DataFiles(story), "s")
        return [{f.id: functools.partial(d.fact_page, f) for f in story.facts if has_page(story, f)},
                {doc.article.id: functools.partial(d.article_page, doc) for doc in story.documents}]

    alone = digests_module.take_digests(parts())  # fewer files than PARALLEL_DIGESTS: this process
    monkeypatch.setattr(digests_module, "PARALLEL_DIGESTS", 0)
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    children = forked_children(monkeypatch)
    assert digests_module.take_digests(parts()) == alone
    assert children == [1] and len(alone) == len(story.documents) + sum(has_page(story, f) for f in story.facts)


def test_pages_rendered_in_a_forked_child_are_the_pages_rendered_here(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcompare.site import pagefork

    story = quake_story(BIG_STORY + 6)
    build(story, tmp_path / "here", corpus, incremental_=False)
    monkeypatch.setattr(pagefork, "MIN_PAGES", 0)
    monkeypatch.setattr(pagefork, "default_workers", lambda: 2)
    children = forked_children(monkeypatch)
    handed: list[str] = []
    real_start = pagefork.PageHelper.start.__func__  # type: ignore[attr-defined]

    def start(cls, pages, *args):  # type: ignore[no-untyped-def]
        handed.extend(f.src_uri for f in pages)
        return real_start(cls, pages, *args)

    monkeypatch.setattr(pagefork.PageHelper, "start", classmethod(start))
    build(story, tmp_path / "forked", corpus, incremental_=False)
    assert children == [1] and len(handed) > 10 and all(p.startswith("articles/") for p in handed)
    assert_same_tree(tmp_path / "here", tmp_path / "forked")


def test_what_the_child_warns_about_is_reported_by_the_build(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcompare.site import pagefork

    monkeypatch.setattr(pagefork, "MIN_PAGES", 0)
    monkeypatch.setattr(pagefork, "default_workers", lambda: 2)
    children = forked_children(monkeypatch)
    real = plugin.FactComparePlugin.on_page_context

    def warn(self, context, page, config, nav):  # type: ignore[no-untyped-def]
        plugin.log.warning("looked at %s in process %d", page.file.src_uri, os.getpid())
        return real(self, context, page=page, config=config, nav=nav)

    monkeypatch.setattr(plugin.FactComparePlugin, "on_page_context", warn)
    messages = render(quake_story(BIG_STORY + 6), ROOT / "mkdocs.yml", tmp_path / "site", corpus, incremental=False)
    pids = {m.rsplit(" ", 1)[1] for m in messages}
    looked_at = [m.split()[2] for m in messages]
    assert children == [1] and len(pids) == 2 and str(os.getpid()) in pids
    assert len(looked_at) == len(set(looked_at)) and sum(p.startswith("articles/") for p in looked_at) == BIG_STORY + 6


def test_a_page_that_fails_in_the_child_fails_the_build_and_keeps_the_last_site(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcompare.site import pagefork

    story = quake_story(BIG_STORY + 6)
    out = tmp_path / "site"
    build(story, out, corpus)
    before = {p: (out / p).read_bytes() for p in files_of(out)}
    monkeypatch.setattr(pagefork, "MIN_PAGES", 0)
    monkeypatch.setattr(pagefork, "default_workers", lambda: 2)
    children = forked_children(monkeypatch)
    real = plugin.article_view

    def fail_in_the_child(story, doc, links):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            raise RuntimeError(f"cannot render {doc.article.id}")
        return real(story, doc, links)

    parent = os.getpid()
    monkeypatch.setattr(plugin, "article_view", fail_in_the_child)
    with pytest.raises(RuntimeError, match="cannot render quake-"):
        render(quake_story(BIG_STORY + 6, toll_of={0: 1}), ROOT / "mkdocs.yml", out, corpus, incremental=False)
    assert children == [1]
    assert {p: (out / p).read_bytes() for p in files_of(out)} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
