"""The built site: MkDocs runs the plugin on hand-made stories; the HTML is parsed and its links crawled."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from factcompare.models import Story
from site_story import build_hostile_story, build_tiny_story

ROOT = Path(__file__).resolve().parent.parent


def build_site(story: Story | None, out: Path, **overrides: object) -> Path:
    """Build with the project's mkdocs.yml into `out`, strict (a warning fails)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out), strict=True, **overrides)
    if story is not None:
        config.plugins["factcompare"].use_story(story)  # type: ignore[attr-defined]
    build(config)
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(build_tiny_story(), tmp_path_factory.mktemp("tiny") / "site")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(build_hostile_story(), tmp_path_factory.mktemp("hostile") / "site")


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text_of(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


# --- what is written ------------------------------------------------------------------------


def test_files_written(site: Path) -> None:
    story = build_tiny_story()
    expected = ["index.html", "method/index.html", "about/index.html", "404.html", ".nojekyll", "facts.json",
                "search.json", "assets/factcompare.css", "assets/factcompare.js", "facts/deaths/index.html"]
    expected += [f"facts/{f.id}/index.html" for f in story.facts] + [f"facts/{f.id}.json" for f in story.facts]
    expected += [f"articles/{d.article.id}/index.html" for d in story.documents]
    missing = [p for p in expected if not (site / p).is_file()]
    assert missing == []
    # No sitemap without site_url (it needs absolute addresses), never MkDocs' dated sitemap.xml.gz,
    # and no search plugin output.
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    assert not (site / "search").exists()


def test_same_story_gives_identical_bytes(site: Path, tmp_path: Path) -> None:
    again = build_site(build_tiny_story(), tmp_path / "elsewhere")
    cmp = filecmp.dircmp(site, again)

    def differences(c: filecmp.dircmp) -> list[str]:  # type: ignore[type-arg]
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        out = mismatch + errors + c.left_only + c.right_only
        for sub in c.subdirs.values():
            out += differences(sub)
        return out

    assert differences(cmp) == []


def test_sitemap_and_absolute_meta_with_site_url(tmp_path: Path) -> None:
    out = build_site(build_tiny_story(), tmp_path / "site", site_url="https://example.org/fire-site/")
    xml = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/fire-site/facts/death-toll/</loc>" in xml
    assert "<loc>https://example.org/fire-site/articles/herald/</loc>" in xml
    assert "<loc>https://example.org/fire-site/method/</loc>" in xml
    assert "lastmod" not in xml and not (out / "sitemap.xml.gz").exists()
    page = parse(out / "facts/death-toll/index.html")
    assert page.xpath("//meta[@property='og:url']/@content") == ["https://example.org/fire-site/facts/death-toll/"]
    not_found = parse(out / "404.html")
    assert not_found.xpath("//a[@class='home-link']/@href") == ["https://example.org/fire-site/"]
    assert not not_found.xpath("//script[not(@type)][not(@src)]")  # no root-finding script needed


def test_404_without_site_url_is_self_contained(site: Path) -> None:
    page = parse(site / "404.html")
    assert page.xpath("//style") and not page.xpath("//link[@rel='stylesheet']")
    assert not page.xpath("//script[@src]")
    assert "facts|articles" in "".join(page.xpath("//script/text()"))
    assert page.xpath("//a[@class='home-link']/@href") == ["./"]


# --- pages -----------------------------------------------------------------------------------


def test_home_page(site: Path) -> None:
    page = parse(site / "index.html")
    assert page.get("lang") == "en"
    assert text_of(page.xpath("//h1")[0]) == "Textile factory fire"
    rows = page.xpath("//table[@class='matrix']/tbody/tr")
    assert len(rows) == 6
    assert [text_of(th) for th in page.xpath("//table[@class='matrix']/thead/tr/th")] == [
        "Fact", "Status", "The Herald", "Daily Courier", "A fire at a factory in Bangladesh killed dozens of workers."]
    first = rows[0]
    assert first.get("class") == "row-compatible"
    cells = first.xpath("td[contains(concat(' ', @class, ' '), ' cell ')]")
    # Each cell: the value as written, a shape cue, and the status colour class.
    assert [text_of(c) for c in cells] == ["≈ More than 40", "≈ At least 45", "≈ dozens"]
    assert all("s-compatible" in c.get("class") for c in cells)
    place = rows[4]
    assert text_of(place.xpath("td[contains(concat(' ', @class, ' '), ' cell ')]")[1]) == "—not mentioned"
    assert "(corrected)" in text_of(rows[1])
    # Status filter without script: :target anchors precede the table.
    assert page.xpath("//span[@class='filter-target']/@id") == [
        "only-conflict", "only-updated", "only-compatible", "only-agree", "only-single_source"]
    assert page.xpath("//nav[@aria-label='Show facts by status']//a/@href")[1:] == [
        "#only-conflict", "#only-updated", "#only-compatible", "#only-agree", "#only-single_source"]
    wrap = page.xpath("//div[@class='matrix-wrap']")[0]
    assert wrap.get("tabindex") == "0" and wrap.get("role") == "region" and wrap.get("aria-labelledby")
    assert [a.get("href") for a in page.xpath("//ul[@class='article-list']//a")] == [
        "articles/herald/", "articles/courier/", "articles/wire-note/"]
    assert "method/" in page.xpath("//section[@class='counts']//a/@href")
    # Only the hand-written pages are in the site navigation: generated pages stay out of it.
    assert page.xpath("//nav[@aria-label='Site']//a/@href") == ["./", "method/", "about/"]
    assert "Every number, date, time, place and name" in text_of(page)  # site_src/index.md


def test_fact_page(site: Path) -> None:
    page = parse(site / "facts/workers-inside/index.html")
    assert text_of(page.xpath("//h1")[0]) == "How many workers were inside?"
    verdict = text_of(page.xpath("//p[contains(@class,'verdict')]")[0])
    assert verdict == "≠ Conflict Sources conflict: ~200 vs 305 cannot both be true."
    assert page.xpath("//meta[@property='og:title']/@content") == ["How many workers were inside?"]
    assert page.xpath("//meta[@name='twitter:description']/@content") == [
        "Conflict. Sources conflict: ~200 vs 305 cannot both be true."]
    cards = page.xpath("//section[@class='source']")
    assert [c.get("id") for c in cards] == ["source-herald", "source-courier", "source-wire-note"]
    courier = cards[1]
    assert courier.xpath(".//mark/text()") == ["350"]
    assert text_of(courier.xpath(".//blockquote")[0]) == "The factory employed 350 workers, police said."
    assert "Corrected to 305" in text_of(courier)
    assert "police said" in text_of(courier)
    assert courier.xpath(".//a/@href")[:2] == ["../../articles/courier/", "../../articles/courier/#s-1"]
    herald = cards[0]
    assert "https://example.org/herald/fire" in herald.xpath(".//a/@href")
    assert herald.xpath(".//button[@class='copy-link']/@data-anchor") == ["source-herald"]
    assert page.xpath("//p[contains(@class,'correction-note')]")
    ld = json.loads(page.xpath("//script[@type='application/ld+json']/text()")[0])
    assert ld["@type"] == "Claim" and len(ld["appearance"]) == 3
    assert ld["appearance"][0]["url"] == "https://example.org/herald/fire"
    svg = page.xpath("//svg")[0]
    assert svg.get("role") == "img" and svg.xpath("./title") and svg.xpath("./desc")


@pytest.mark.parametrize("fact_id, chart, silent", [
    ("death-toll", True, []),
    ("fire-date", True, ["A fire at a factory in Bangladesh killed dozens of workers."]),
    ("fire-place", False, ["Daily Courier"]),
    ("fire-time", False, ["Daily Courier", "A fire at a factory in Bangladesh killed dozens of workers."]),
    ("factory-owner", False, ["A fire at a factory in Bangladesh killed dozens of workers."]),
])
def test_fact_pages_chart_and_silent(site: Path, fact_id: str, chart: bool, silent: list[str]) -> None:
    page = parse(site / f"facts/{fact_id}/index.html")
    assert bool(page.xpath("//svg")) == chart
    assert [text_of(a) for a in page.xpath("//ul[@class='silent-list']//a")] == silent
    assert page.xpath("//h2[@id='silent-h']")  # the section is there even when every source mentions it


def test_article_page(site: Path) -> None:
    page = parse(site / "articles/herald/index.html")
    assert text_of(page.xpath("//h1")[0]) == 'Blaze at "Mill & Co" textile factory'
    assert page.xpath("//span[@class='sentence']/@id") == ["s-0", "s-1", "s-2", "s-3"]
    claims = page.xpath("//a[contains(@class,'claim')]")
    assert [(a.xpath("mark/text()")[0], a.get("href")) for a in claims][:2] == [
        ("More than 40", "../../facts/death-toll/#source-herald"), ("Dhaka", "../../facts/fire-place/#source-herald")]
    details = page.xpath("//details[@class='removed']")[0]
    assert "Subscribe to our newsletter" in text_of(details) and details.get("open") is None
    meta = text_of(page.xpath("//dl[@class='article-metadata']")[0])
    assert "The Herald" in meta and "Ana Ruiz" in meta and "14 Mar 2024" in meta
    anon = parse(site / "articles/wire-note/index.html").xpath("//dl[@class='article-metadata']/dd")
    assert [text_of(dd) for dd in anon] == ["Unknown", "Unknown", "Unknown", "Not known"]


def test_alias_redirects_to_fact(site: Path) -> None:
    page = parse(site / "facts/deaths/index.html")
    assert page.xpath("//meta[@http-equiv='refresh']/@content") == ["0; url=../death-toll/"]


def test_hand_written_pages(site: Path) -> None:
    method = parse(site / "method/index.html")
    assert text_of(method.xpath("//h1")[0]) == "How values and statuses are computed"
    assert method.xpath("//nav[@aria-label='Site']//a[@aria-current='page']/@href") == ["./"]
    about = parse(site / "about/index.html")
    assert about.xpath("//main//a[normalize-space()='factcompare']/@href") == ["../method/"]


# --- escaping --------------------------------------------------------------------------------


def test_markup_from_sources_is_text(hostile_site: Path) -> None:
    for path in sorted(hostile_site.rglob("*.html")):
        page = parse(path)
        scripts = page.xpath("//script")
        for s in scripts:  # only our own scripts: the bundle, the embed's, JSON-LD, and the 404 root finder
            assert s.get("src", "").endswith(("assets/factcompare.js", "assets/embed.js")) \
                or s.get("type") == "application/ld+json" \
                or path.name == "404.html", (path, lxml.html.tostring(s))
        assert not page.xpath("//a[starts-with(translate(@href,'JAVSCRIPT','javscript'),'javascript:')]"), path
        assert not page.xpath("//b"), path
    fact = parse(hostile_site / "facts/fine/index.html")
    assert text_of(fact.xpath("//h1")[0]) == "How large was the fine <script>alert('x')</script>?"
    assert "Outlet <script>alert('x')</script>" in text_of(fact.xpath("//section[@class='source']")[0])
    article = parse(hostile_site / "articles/evil/index.html")
    assert "Ad <script>alert('x')</script>" in text_of(article.xpath("//details")[0])
    assert "javascript:alert(1)" not in article.xpath("//dl//a/@href")
    home = parse(hostile_site / "index.html")
    assert text_of(home.xpath("//h1")[0]) == "Court case <script>alert('x')</script>"


# --- links -----------------------------------------------------------------------------------


def crawl(site: Path) -> list[str]:
    """Every broken internal link or #anchor, root-absolute link, or asset from another host."""
    problems = []
    ids: dict[Path, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    trees = {p: parse(p) for p in pages}
    for p, tree in trees.items():
        ids[p.resolve()] = set(tree.xpath("//@id"))
    for p, tree in trees.items():
        if p.name == "404.html":
            continue  # served at any address; its links are checked by the browser tests
        for el, attr, link, _ in tree.iterlinks():
            if el.tag == "meta" or (el.tag == "link" and el.get("rel") == "canonical"):
                continue
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                if el.tag in ("script", "link", "img", "iframe", "source") or attr == "src":
                    problems.append(f"{p}: asset from another host: {link}")
                continue
            if parts.scheme == "data":  # inline (the empty favicon): no request at all
                continue
            if link.startswith("/"):
                problems.append(f"{p}: root-absolute link {link}")
                continue
            if parts.scheme:
                problems.append(f"{p}: unexpected scheme {link}")
                continue
            target = (p.parent / unquote(parts.path)).resolve() if parts.path else p.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{p}: broken link {link}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids.get(target, set()):
                problems.append(f"{p}: missing anchor {link}")
    return problems


def test_no_broken_or_root_absolute_links(site: Path) -> None:
    assert crawl(site) == []


def test_crawler_catches_breakage(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(site, broken)
    page = broken / "facts/death-toll/index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("herald/#s-0", "herald/#s-99", 1).replace('href="../../"', 'href="/"', 1)
                    .replace("../../articles/courier/", "../../articles/nowhere/", 1), encoding="utf-8")
    found = crawl(broken)
    assert any("missing anchor ../../articles/herald/#s-99" in p for p in found)
    assert any("root-absolute" in p for p in found)
    assert any("broken link ../../articles/nowhere/" in p for p in found)


def test_links_hold_without_directory_urls(tmp_path: Path) -> None:
    """For browsing from disk: with use_directory_urls false every link names an .html file."""
    out = build_site(build_tiny_story(), tmp_path / "site", use_directory_urls=False)
    assert (out / "facts/death-toll.html").is_file() and (out / "facts/deaths.html").is_file()
    assert crawl(out) == []
    page = parse(out / "facts/death-toll.html")
    assert page.xpath("//nav[@aria-label='Site']//a/@href") == ["../index.html", "../method.html", "../about.html"]
    assert json.loads((out / "facts.json").read_text())["facts"][0]["page"] == "facts/death-toll.html"


def test_builds_from_corpus_through_the_pipeline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without use_story the plugin reads the corpus itself (mkdocs build / serve)."""
    pytest.importorskip("factcompare.pipeline")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "quake-times.md").write_text(
        "---\ntitle: Quake kills 12 in coastal town\noutlet: Coast Times\npublished: 2024-05-02\n---\n\n"
        "The earthquake killed 12 people in the coastal town on Tuesday.\n", encoding="utf-8")
    (corpus / "quake-post.md").write_text(
        "---\ntitle: Earthquake toll rises\noutlet: Evening Post\npublished: 2024-05-03\n---\n\n"
        "The earthquake killed at least 15 people, officials said.\n", encoding="utf-8")
    monkeypatch.setenv("FACTCOMPARE_CORPUS", str(corpus))
    out = build_site(None, tmp_path / "site")
    data = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    assert sorted(a["id"] for a in data["articles"]) == ["quake-post", "quake-times"]
    assert (out / "articles/quake-post/index.html").is_file()
    assert crawl(out) == []
    # A preview after an edit reads the other articles' analyses from build.py's cache.
    assert any((tmp_path / ".cache" / "factcompare").rglob("*.pack"))
    (corpus / "quake-post.md").write_text(
        "---\ntitle: Earthquake toll rises\noutlet: Evening Post\npublished: 2024-05-03\n---\n\n"
        "The earthquake killed at least 17 people, officials said.\n", encoding="utf-8")
    again = json.loads((build_site(None, tmp_path / "site2") / "facts.json").read_text(encoding="utf-8"))
    assert any(c["value"]["display"] == "at least 17" for f in again["facts"] for c in f["claims"])
    assert os.environ["FACTCOMPARE_CORPUS"] == str(corpus)
