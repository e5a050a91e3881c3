"""Many stories, one site: a corpus of story folders built through the command line (cli.main).

The site of three stories is built once for the module: the bundled seed story (corpus/, with its
facts.yaml and the id lock that says it lived at the site's root) as `seed`, the earthquake story
(tests/data/stories/earthquake) as `quake` and the rising ferry toll (tests/data/rising-toll) as
`ferry`. Tests read what a reader and a program read: the HTML (lxml), stories.json, facts.json,
search.json, the Atom feeds (feedparser) and sitemap.xml. Small hand-made stories check the layout
errors and the shared aliases.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html
import pytest

from factcompare import cli
from factcompare.curation import load_curation
from factcompare.linkcheck import check_site
from factcompare.models import STATUSES
from factcompare.site.data import KIND_FIELDS
from factcompare.stories import CORPUS_ENV, STORY_ENV

ROOT = cli.ROOT
CONFIG = ROOT / "mkdocs.yml"
SOURCES = {
    "seed": ROOT / "corpus",
    "quake": ROOT / "tests" / "data" / "stories" / "earthquake",
    "ferry": ROOT / "tests" / "data" / "rising-toll",
}
NEWEST_FIRST = ["quake", "ferry", "seed"]  # by each story's latest article: 2025, 2024, 2023
DATES = {"quake": "11 Mar 2025 – 13 Mar 2025", "ferry": "16 Sep 2024 – 18 Sep 2024",
         "seed": "28 Dec 2023 – 29 Dec 2023"}
SITE_NAME = "factcompare"  # mkdocs.yml's site_name
READER_BASE = "https://reader.example/news/"  # where a feed reader found the site (feeds' links are relative)

ARTICLE_KEYS = {"id", "title", "outlet", "author", "published", "url", "page"}
FACT_KEYS = {"id", "title", "kind", "status", "summary", "page", "silent", "claims"}
CLAIM_KEYS = {"article", "quote", "span", "value"}


# --- helpers --------------------------------------------------------------------------------------


def make_corpus(folder: Path, stories: dict[str, Path] = SOURCES) -> Path:
    """A corpus of many stories: each source folder copied to `folder/<id>/` (facts.yaml and lock too)."""
    for story_id, source in stories.items():
        shutil.copytree(source, folder / story_id, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return folder


def run(*args: str) -> tuple[int, str, str]:
    """cli.main with stdout and stderr captured: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def build(corpus: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    return run("build", "--corpus", str(corpus), "--out", str(out), "--config", str(CONFIG),
               "--executor", "serial", "--quiet", *extra)


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def article(title: str, outlet: str, published: str, body: str) -> str:
    return f"---\ntitle: {title}\noutlet: {outlet}\npublished: {published}\n---\n{body}\n"


def tree(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def file_at(site: Path, address: str) -> Path:
    """The file served at a site-relative address ('quake/facts/x/', 'feed.xml'); fragment dropped."""
    path = urlsplit(address).path
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def assert_served(site: Path, address: str, what: str = "") -> Path:
    """The address is a file of the site; a '#fragment' names an element of that page."""
    page = file_at(site, address)
    assert page.is_file(), f"{what}{address}: no {page.relative_to(site)}"
    fragment = urlsplit(address).fragment
    if fragment:
        assert tree(page).xpath("//*[@id=$id]", id=fragment), f"{what}{address}: no element #{fragment}"
    return page


def is_redirect(page: Path) -> bool:
    return bool(tree(page).xpath("//meta[@http-equiv='refresh']"))


def redirect_target(site: Path, page: Path) -> str:
    """Where a redirect page sends its reader: the meta refresh url, resolved against the page's own
    address, as a site-relative address. The page's link and canonical say the same."""
    doc = tree(page)
    (content,) = doc.xpath("//meta[@http-equiv='refresh']/@content")
    match = re.fullmatch(r"0; url=(.+)", content)
    assert match, content
    url = match.group(1)
    assert doc.xpath("//a/@href") == [url] and doc.xpath("//link[@rel='canonical']/@href") == [url]
    base = READER_BASE + page.parent.relative_to(site).as_posix() + "/"
    absolute = urljoin(base, url)
    assert absolute.startswith(READER_BASE), f"{page}: {url} leaves the site"
    return absolute[len(READER_BASE):]


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(one: Path, other: Path) -> list[str]:
    a, b = snapshot(one), snapshot(other)
    return ([f"only in {one.name}: {p}" for p in sorted(a.keys() - b.keys())]
            + [f"only in {other.name}: {p}" for p in sorted(b.keys() - a.keys())]
            + [f"differs: {p}" for p in sorted(a.keys() & b.keys()) if a[p] != b[p]])


def summary(stdout: str) -> str:
    return stdout.strip().splitlines()[-1]


def seed_title() -> str:
    curation, problems = load_curation(SOURCES["seed"] / "facts.yaml")
    assert problems == [] and curation.story.title
    return curation.story.title


TITLES = {"quake": "Quake", "ferry": "Ferry"}  # a story without facts.yaml is titled after its folder


# --- the site of three stories, built once ---------------------------------------------------------


@pytest.fixture(autouse=True)
def no_site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """mkdocs.yml reads SITE_URL: a build here has none unless its test sets it."""
    monkeypatch.delenv("SITE_URL", raising=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("many") / "corpus")


@pytest.fixture(scope="module")
def built(corpus: Path) -> tuple[int, str, str, Path]:
    out = corpus.parent / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SITE_URL", raising=False)  # mkdocs.yml reads it: no sitemap here
        code, stdout, stderr = build(corpus, out, "--strict")
    return code, stdout, stderr, out


@pytest.fixture(scope="module")
def site(built: tuple[int, str, str, Path]) -> Path:
    code, _, stderr, out = built
    assert code == 0, stderr
    return out


@pytest.fixture(scope="module")
def titles() -> dict[str, str]:
    return {**TITLES, "seed": seed_title()}


@pytest.fixture(scope="module")
def stories(site: Path) -> list[dict]:
    return json.loads((site / "stories.json").read_text(encoding="utf-8"))["stories"]


@pytest.fixture(scope="module")
def data(site: Path) -> dict[str, dict]:
    """Each story's facts.json."""
    return {sid: json.loads((site / sid / "facts.json").read_text(encoding="utf-8")) for sid in SOURCES}


def test_strict_build_succeeds_and_no_link_is_broken(built: tuple[int, str, str, Path]) -> None:
    code, stdout, stderr, site = built
    assert (code, stderr) == (0, "")
    line = summary(stdout)
    assert line.startswith(f"Built {site}/ from ") and "3 stories, 13 articles: " in line, line
    assert ", 0 warnings, in " in line and "unchanged" not in line, line
    for name in ("index.html", "stories.json", "search.json", "feed.xml", "404.html", ".nojekyll"):
        assert (site / name).is_file(), name
    assert not (site / "sitemap.xml").exists()  # no site_url, no sitemap
    assert check_site(site) == []
    # Every page names its icon, redirects too: else a browser asks the host for /favicon.ico, which under
    # /<repo>/ is not this site's (a 404 in the browser's console).
    assert [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))
            if not tree(p).xpath("//head/link[@rel='icon']")] == []


def test_site_home_lists_the_stories_newest_first(site: Path, data: dict[str, dict], titles: dict[str, str]) -> None:
    home = tree(site / "index.html")
    assert text_of(home.xpath("//main//h1")[0]) == SITE_NAME
    # The "Stories" link of the site's navigation is this page.
    (nav,) = home.xpath("//nav[@aria-label='Site']//a[normalize-space()='Stories']")
    assert nav.get("href") == "./" and nav.get("aria-current") == "page"
    items = home.xpath("//ul[@class='story-list']/li[@class='story-item']")
    assert [i.xpath(".//h3/a/@href")[0] for i in items] == [f"{sid}/" for sid in NEWEST_FIRST]
    total_facts = total_sources = 0
    for item, sid in zip(items, NEWEST_FIRST):
        facts, articles = data[sid]["facts"], data[sid]["articles"]
        total_facts += len(facts)
        total_sources += len(articles)
        assert text_of(item.xpath(".//h3")[0]) == titles[sid]
        meta = text_of(item.xpath(".//p[@class='story-meta']")[0])
        assert meta == f"{DATES[sid]} · {len(articles)} sources · {len(facts)} facts · Feed", meta
        assert item.xpath(".//p[@class='story-meta']/a/@href") == [f"{sid}/feed.xml"]
        shown = {next(c[2:] for c in li.get("class").split() if c.startswith("s-")):
                 int(li.xpath(".//span[@class='count-n']")[0].text) for li in item.xpath(".//li")}
        assert shown == dict(Counter(f["status"] for f in facts)), sid  # zero counts are left out
        assert bool(item.xpath(".//p[@class='story-summary']")) == (sid == "seed")  # only the seed has one
    lede = text_of(home.xpath("//p[@class='lede']")[0])
    assert lede == f"3 stories: {total_facts} facts from {total_sources} sources, compared fact by fact."
    assert home.xpath("//a[.='stories.json']/@href") == ["stories.json"]


def test_stories_json_matches_the_stories(site: Path, stories: list[dict], data: dict[str, dict],
                                          titles: dict[str, str]) -> None:
    assert [s["id"] for s in stories] == NEWEST_FIRST
    lasts = [s["last"] for s in stories]
    assert lasts == sorted(lasts, reverse=True)
    for s in stories:
        sid = s["id"]
        facts, articles = data[sid]["facts"], data[sid]["articles"]
        days = sorted(a["published"] for a in articles if a["published"])
        assert s["title"] == titles[sid]
        assert (s["page"], s["data"], s["feed"]) == (f"{sid}/", f"{sid}/facts.json", f"{sid}/feed.xml")
        for address in (s["page"], s["data"], s["feed"]):
            assert_served(site, address, "stories.json: ")
        assert (s["facts"], s["sources"]) == (len(facts), len(articles))
        assert s["counts"] == {status: sum(f["status"] == status for f in facts) for status in STATUSES}
        assert (s["first"], s["last"]) == (days[0], days[-1])
        date.fromisoformat(s["first"])
        assert (s["summary"] is not None) == (sid == "seed")


def test_every_story_page_is_at_its_address(site: Path, data: dict[str, dict], titles: dict[str, str]) -> None:
    for sid in SOURCES:
        home = tree(site / sid / "index.html")
        assert text_of(home.xpath("//main//h1")[0]) == titles[sid]
        # A story's page links to the list of stories, and to its own home as "Facts".
        links = {text_of(a): a.get("href") for a in home.xpath("//nav[@aria-label='Site']//a")}
        assert links["Stories"] == "../" and links["Facts"] == "./"
        story = data[sid]
        assert set(story) == {"articles", "facts"}
        article_ids = {a["id"] for a in story["articles"]}
        assert len(article_ids) == len(story["articles"]) > 0
        for a in story["articles"]:
            assert ARTICLE_KEYS <= set(a)
            assert a["page"] == f"articles/{a['id']}/"
            page = assert_served(site, f"{sid}/{a['page']}", f"{sid}/facts.json: ")
            assert not is_redirect(page)
            assert text_of(tree(page).xpath("//main//h1")[0]) == a["title"]
        assert story["facts"]
        for f in story["facts"]:
            assert FACT_KEYS <= set(f)
            assert f["status"] in STATUSES
            assert set(f["silent"]) | {c["article"] for c in f["claims"]} == article_ids
            for c in f["claims"]:
                assert CLAIM_KEYS <= set(c)
                start, end = c["span"]
                assert 0 <= start < end <= len(c["quote"])
                assert set(KIND_FIELDS[f["kind"]]) | {"display"} <= set(c["value"])
            page = assert_served(site, f"{sid}/{f['page']}", f"{sid}/facts.json: ")  # relative to the story
            if f["page"] == f"facts/{f['id']}/":
                assert not is_redirect(page)
                assert text_of(tree(page).xpath("//main//h1")[0]) == f["title"]
                record = json.loads((site / sid / "facts" / f"{f['id']}.json").read_text(encoding="utf-8"))
                assert [x["id"] for x in record["facts"]] == [f["id"]]
            else:  # a fact without a page of its own is shown on its article's page
                assert f["page"].startswith("articles/") and "#" in f["page"]


def test_the_old_root_addresses_of_the_seed_story_redirect_into_its_folder(site: Path,
                                                                          data: dict[str, dict]) -> None:
    seed = data["seed"]
    paged = [f["id"] for f in seed["facts"] if f["page"] == f"facts/{f['id']}/"]
    assert paged and seed["articles"]
    for kind, ids in (("facts", paged), ("articles", [a["id"] for a in seed["articles"]])):
        for ident in ids:
            old = site / kind / ident / "index.html"
            assert old.is_file() and is_redirect(old), f"{kind}/{ident}/ is not a redirect"
            target = redirect_target(site, old)
            assert target == f"seed/{kind}/{ident}/"
            assert not is_redirect(assert_served(site, target))
    # Nothing else lives at the old addresses: the other stories never had the root.
    for kind in ("facts", "articles"):
        for page in (site / kind).rglob("index.html"):
            assert redirect_target(site, page).startswith(f"seed/{kind}/"), page
    assert {p.name for p in (site / "articles").iterdir()} == {a["id"] for a in seed["articles"]}


def _feed(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path).read_bytes())
    assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def _entry_page(site: Path, feed_path: str, link: str) -> str:
    """An entry's link as a feed reader follows it: resolved against the feed's own URL."""
    absolute = urljoin(READER_BASE + feed_path, link)
    assert absolute.startswith(READER_BASE), f"{feed_path}: {link} leaves the site"
    return absolute[len(READER_BASE):]


def test_atom_feeds_validate_and_every_entry_leads_to_a_fact_page(site: Path, data: dict[str, dict],
                                                                    titles: dict[str, str]) -> None:
    feeds = {"feed.xml": (SITE_NAME, None, "")} | {f"{sid}/feed.xml": (titles[sid], sid, f"{sid}/") for sid in SOURCES}
    for path, (title, sid, home) in feeds.items():
        parsed = _feed(site, path)
        assert parsed.version == "atom10", path
        assert parsed.feed.title == title
        links = {link.rel: link.href for link in parsed.feed.links}
        assert _entry_page(site, path, links["self"]) == path
        assert _entry_page(site, path, links["alternate"]) == home
        assert parsed.entries, path
        assert len({e.id for e in parsed.entries}) == len(parsed.entries), f"{path}: an id twice"
        for e in parsed.entries:
            assert e.id and e.title and e.updated and e.link, (path, e)
            address = _entry_page(site, path, e.link)
            match = re.fullmatch(r"([a-z0-9-]+)/facts/([^/]+)/", address)
            assert match, f"{path}: {e.link} -> {address} is not a fact page"
            assert sid is None or match.group(1) == sid, f"{path}: an entry of another story ({address})"
            page = assert_served(site, address, f"{path}: ")
            assert not is_redirect(page)
            if sid is None:  # the site's feed says which story each entry is about
                assert e.title.startswith(titles[match.group(1)] + ": "), e.title
    # The ferry's death toll rose: its feed says when the fact became 'updated'.
    ferry = _feed(site, "ferry/feed.xml")
    (toll,) = [f for f in data["ferry"]["facts"] if f["status"] == "updated"]
    became = [e for e in ferry.entries if _entry_page(site, "ferry/feed.xml", e.link) == f"ferry/{toll['page']}"
              and e.tags[0].term == "updated" and f"{toll['title']} is now Updated" in e.title]
    assert len(became) == 1, [e.title for e in ferry.entries]
    assert became[0].updated == "2024-09-17T00:00:00Z"  # the day the second figure was published


def test_search_index_holds_every_story(site: Path, data: dict[str, dict], titles: dict[str, str]) -> None:
    entries = json.loads((site / "search.json").read_text(encoding="utf-8"))["entries"]
    by_story: dict[str, Counter] = {sid: Counter() for sid in SOURCES}
    for e in entries:
        sid = e["url"].split("/")[0]
        assert sid in by_story, e
        assert e["story"] == titles[sid], e  # which story an entry is about
        assert e["type"] in ("fact", "article")
        page = assert_served(site, e["url"], "search.json: ")
        assert not is_redirect(page)
        by_story[sid][e["type"]] += 1
    for sid, counts in by_story.items():
        assert counts == {"fact": len(data[sid]["facts"]), "article": len(data[sid]["articles"])}, sid


def test_sitemap_lists_every_page_by_its_absolute_address(corpus: Path, data: dict[str, dict],
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = "https://example.org/news/"
    monkeypatch.setenv("SITE_URL", url)
    out = tmp_path / "public"
    code, _, stderr = build(corpus, out, "--strict", "--no-cache")
    assert code == 0, stderr
    locs = lxml.etree.fromstring((out / "sitemap.xml").read_bytes()).xpath(
        "//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})
    assert len(locs) == len(set(locs))
    assert all(loc.startswith(url) for loc in locs), locs
    addresses = {loc[len(url):] for loc in locs}
    expected = {""} | {f"{sid}/" for sid in SOURCES}
    for sid, story in data.items():
        expected |= {f"{sid}/{f['page']}" for f in story["facts"] if f["page"] == f"facts/{f['id']}/"}
        expected |= {f"{sid}/{a['page']}" for a in story["articles"]}
    assert expected <= addresses, sorted(expected - addresses)
    for address in addresses:
        assert not is_redirect(assert_served(out, address, "sitemap.xml: "))  # no redirect is listed
    # With site_url the feeds' links are absolute too.
    parsed = _feed(out, "quake/feed.xml")
    assert all(e.link.startswith(url + "quake/facts/") for e in parsed.entries)


# --- incremental rebuilds ---------------------------------------------------------------------------


def inodes(site: Path, prefixes: tuple[str, ...]) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).as_posix().startswith(prefixes)}


def test_a_rebuild_after_one_article_changed_reuses_the_other_stories_and_equals_a_cold_build(
        tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "site"
    for n in (1, 2):  # the first build writes each story's lock (its address), so the second reads them all again
        code, stdout, stderr = build(corpus, out)
        assert code == 0, (n, stderr)
    code, stdout, stderr = build(corpus, out)
    assert code == 0, stderr
    assert summary(stdout).endswith("; 3 unchanged."), stdout
    kept = ("quake/", "seed/", "facts/", "articles/")  # the seed's redirects at the root are its files too
    before = inodes(out, kept)
    assert any(p.startswith("quake/facts/") for p in before) and any(p.startswith("facts/") for p in before)
    ferry_page = out / "ferry" / "articles" / "wire-ferry-inquiry" / "index.html"
    ferry_inode = ferry_page.stat().st_ino

    changed = corpus / "ferry" / "wire-ferry-inquiry.md"
    changed.write_text(changed.read_text(encoding="utf-8").rstrip("\n")
                       + " The ferry's owner said it had passed an inspection in May.\n", encoding="utf-8")
    code, stdout, stderr = build(corpus, out)
    assert code == 0, stderr
    line = summary(stdout)
    assert "3 stories, 13 articles" in line and line.endswith("; 2 unchanged."), line
    after = inodes(out, kept)
    assert after.keys() == before.keys()
    assert [p for p in before if before[p] != after[p]] == []  # the same files, linked, not rewritten
    assert ferry_page.stat().st_ino != ferry_inode
    assert b"had passed an inspection" in ferry_page.read_bytes()

    cold = tmp_path / "cold"
    code, _, stderr = build(corpus, cold, "--no-cache")
    assert code == 0, stderr
    assert differences(out, cold) == []


def test_two_cold_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    """The module's site (a first build, with an empty cache) and a build without the cache of a fresh
    copy of the same corpus, elsewhere: the same bytes, and no build path in any file."""
    corpus = make_corpus(tmp_path / "elsewhere" / "corpus")
    out = tmp_path / "elsewhere" / "public"
    code, _, stderr = build(corpus, out, "--no-cache")
    assert code == 0, stderr
    assert differences(site, out) == []
    for name, content in snapshot(out).items():
        assert str(tmp_path).encode() not in content, name


# --- layout errors and shared aliases ------------------------------------------------------------

QUAKE_TEXT = article("Quake hits coast", "Herald", "2024-05-02", "At least 12 people were killed in the quake.")
STORM_TEXT = article("Storm hits coast", "Courier", "2024-06-02", "At least 3 people were killed in the storm.")


def test_articles_at_the_top_and_in_a_folder_is_an_error_naming_the_folder(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", {"quake.md": QUAKE_TEXT, "storm/courier.md": STORM_TEXT})
    code, _, stderr = build(corpus, tmp_path / "site")
    assert code == 1
    assert f"{corpus / 'storm'}: error: articles at the top of the corpus and in a story folder too." in stderr
    assert "Traceback" not in stderr
    assert stderr.rstrip().endswith(f"Build failed (1 error); {tmp_path / 'site'}/ was left as it was.")
    assert not (tmp_path / "site").exists()


def test_a_story_folder_that_is_not_a_slug_is_an_error_naming_it(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", {"quake/herald.md": QUAKE_TEXT, "Bad Name/courier.md": STORM_TEXT})
    code, _, stderr = build(corpus, tmp_path / "site")
    assert code == 1
    assert f"{corpus / 'Bad Name'}: error: 'Bad Name' cannot be a story id" in stderr
    assert "Traceback" not in stderr and not (tmp_path / "site").exists()


def test_another_section_in_the_shared_aliases_is_an_error_with_its_line(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", {"quake/herald.md": QUAKE_TEXT, "storm/courier.md": STORM_TEXT,
                                         "aliases.yaml": "aliases:\n  Sea Dawn: [Ocean Daybreak]\nhide: [x]\n"})
    code, _, stderr = build(corpus, tmp_path / "site")
    assert code == 1
    assert f"{corpus / 'aliases.yaml'}:3: error: 'hide' does not belong in aliases.yaml" in stderr
    assert "Traceback" not in stderr


OPERATION = {  # two stories, each told by two outlets spelling the operation's name two ways
    "alpha/herald.md": article("Army begins offensive", "Herald", "2024-05-02",
                               "The army launched Operation Sea Dawn on Tuesday, officials said."),
    "alpha/courier.md": article("Offensive under way", "Courier", "2024-05-03",
                                "The army launched Operation Ocean Daybreak on Tuesday, officials said."),
    "beta/post.md": article("Troops move north", "Post", "2024-06-02",
                            "Troops joined Operation Sea Dawn on Friday, the ministry said."),
    "beta/wire.md": article("Northern push", "Wire", "2024-06-03",
                            "Troops joined Operation Ocean Daybreak on Friday, the ministry said."),
}


def operation_names(site: Path, sid: str) -> list[list[str]]:
    """The displays of each name fact's claims, fact by fact."""
    story = json.loads((site / sid / "facts.json").read_text(encoding="utf-8"))
    return sorted(sorted(c["value"]["display"] for c in f["claims"]) for f in story["facts"] if f["kind"] == "name")


def test_a_shared_alias_reaches_every_story(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", OPERATION)
    out = tmp_path / "site"
    assert build(corpus, out, "--no-cache")[0] == 0
    for sid in ("alpha", "beta"):  # without the alias: two names, two facts of one source each
        assert operation_names(out, sid) == [["Operation Ocean Daybreak"], ["Operation Sea Dawn"]], sid
    write(corpus, {"aliases.yaml": "aliases:\n  Sea Dawn: [Ocean Daybreak]\n"})
    code, _, stderr = build(corpus, out, "--no-cache", "--strict")
    assert code == 0, stderr
    for sid in ("alpha", "beta"):
        story = json.loads((out / sid / "facts.json").read_text(encoding="utf-8"))
        (fact,) = [f for f in story["facts"] if f["kind"] == "name"]
        assert sorted(c["value"]["display"] for c in fact["claims"]) == ["Operation Ocean Daybreak",
                                                                         "Operation Sea Dawn"], sid
        assert len({c["value"]["canonical"] for c in fact["claims"]}) == 1 and fact["status"] == "agree", sid


# --- check, serve and import with --story ----------------------------------------------------------


def test_check_heads_each_story_and_checks_one_with_story(site: Path, corpus: Path, titles: dict[str, str]) -> None:
    code, stdout, stderr = run("check", "--corpus", str(corpus), "--executor", "serial", "--quiet")
    assert code == 0, stderr
    headings = [line for line in stdout.splitlines() if line.startswith("== ")]
    assert headings == [f"== {sid}: {titles[sid]}" for sid in sorted(SOURCES)]
    assert summary(stdout).startswith("Checked ") and "3 stories, 13 articles: " in summary(stdout)

    code, stdout, stderr = run("check", "--corpus", str(corpus), "--story", "quake", "--executor", "serial", "-q")
    assert code == 0, stderr
    assert [line for line in stdout.splitlines() if line.startswith("== ")] == ["== quake: Quake"]
    assert "1 story, 4 articles: " in summary(stdout)

    code, stdout, stderr = run("check", "--corpus", str(corpus), "--story", "nope")
    assert (code, stdout) == (1, "")
    assert stderr == f"error: {corpus}: no story 'nope' (its stories: ferry, quake, seed).\n"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """cmd_serve's calls to MkDocs' serve, recorded instead of serving; the variables it sets are undone."""
    import mkdocs.commands.serve

    calls: list[dict] = []
    monkeypatch.delenv(CORPUS_ENV, raising=False)
    monkeypatch.delenv(STORY_ENV, raising=False)
    monkeypatch.setattr(mkdocs.commands.serve, "serve", lambda **kw: calls.append(
        {**kw, "corpus": cli.os.environ.get(CORPUS_ENV), "story": cli.os.environ.get(STORY_ENV)}))
    return calls


def test_serve_an_unknown_story_is_an_error_without_traceback(corpus: Path, served: list[dict]) -> None:
    code, stdout, stderr = run("serve", "--corpus", str(corpus), "--story", "nope")
    assert (code, stdout) == (1, "")
    assert stderr == f"error: {corpus}: no story 'nope' (its stories: ferry, quake, seed).\n"
    assert served == []
    one = ROOT / "tests" / "data" / "rising-toll"
    code, _, stderr = run("serve", "--corpus", str(one), "--story", "ferry")
    assert code == 1 and stderr == f"error: {one}: no story 'ferry' (its stories: none: the corpus is one story).\n"
    assert served == []


def test_serve_one_story_serves_only_that_story(corpus: Path, served: list[dict], tmp_path: Path) -> None:
    code, _, stderr = run("serve", "--corpus", str(corpus), "--story", "quake")
    assert code == 0, stderr
    assert served == [{"config_file": str(CONFIG), "livereload": True, "dev_addr": "127.0.0.1:8000",
                       "corpus": str(corpus.resolve()), "story": "quake"}]
    # What `serve` then renders: MkDocs builds with the plugin reading those variables.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    out = tmp_path / "served"
    with contextlib.redirect_stderr(io.StringIO()):
        mkdocs_build(load_config(str(CONFIG), site_dir=str(out)))
    listed = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    assert [s["id"] for s in listed] == ["quake"]
    assert (out / "quake" / "index.html").is_file()
    assert not (out / "ferry").exists() and not (out / "seed").exists()
    assert check_site(out) == []


NEWS_PAGE = ROOT / "tests" / "data" / "import" / "news_page.html"


def test_import_files_articles_into_the_story_it_names(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", {"quake/herald.md": QUAKE_TEXT, "storm/courier.md": STORM_TEXT})
    code, stdout, stderr = run("import", str(NEWS_PAGE), "--corpus", str(corpus), "--story", "storm")
    assert code == 0, stderr
    (made,) = [p for p in (corpus / "storm").iterdir() if p.name != "courier.md"]
    assert made.suffix == ".md" and stdout.rstrip().endswith(f"Imported 1 article into {corpus / 'storm'}/, "
                                                             "0 errors, 0 warnings.")
    assert sorted(p.name for p in (corpus / "quake").iterdir()) == ["herald.md"]
    # A new story's folder is made.
    code, _, stderr = run("import", str(NEWS_PAGE), "--corpus", str(corpus), "--story", "chemical-fire")
    assert code == 0, stderr
    assert [p.suffix for p in (corpus / "chemical-fire").iterdir()] == [".md"]
    # Without --story, a corpus of many stories cannot say where the articles go.
    code, stdout, stderr = run("import", str(NEWS_PAGE), "--corpus", str(corpus))
    assert (code, stdout) == (1, "")
    assert stderr == (f"error: {corpus}: a corpus of many stories (chemical-fire, quake, storm); say which story "
                      "the articles belong to with --story ID.\n")
    code, _, stderr = run("import", str(NEWS_PAGE), "--corpus", str(corpus), "--story", "Bad Name")
    assert code == 1 and "--story Bad Name: a story id is its folder's name" in stderr
    # A corpus of one story takes no --story.
    one = write(tmp_path / "one", {"herald.md": QUAKE_TEXT})
    code, _, stderr = run("import", str(NEWS_PAGE), "--corpus", str(one), "--story", "quake")
    assert code == 1 and "its articles are at its top: a corpus of one story" in stderr
    assert sorted(p.name for p in one.iterdir()) == ["herald.md"]
    assert "Traceback" not in stderr


# --- stories that share an address --------------------------------------------------------------

ROOT_LOCK = '{"facts": {}, "addresses": [""], "paged": [], "retired": []}\n'  # a story that lived at the root


def once_at_the_root(*story_ids: str) -> dict[str, str]:
    """Stories of the same two articles (so the same article ids), each with a lock saying it lived at the
    site's root: each one's old root addresses are the others' too."""
    return {f"{sid}/{name}": text for sid in story_ids for name, text in (
        ("herald.md", OPERATION["alpha/herald.md"]), ("courier.md", OPERATION["alpha/courier.md"]),
        ("facts.lock.json", ROOT_LOCK))}


def test_a_new_story_may_take_the_id_of_a_renamed_one(tmp_path: Path) -> None:
    """A renamed story's old folder redirects to its new one, until another story takes that folder: then
    the folder is the new story's alone, and rebuilds that reuse both stories work."""
    corpus = write(tmp_path / "corpus", OPERATION)
    out = tmp_path / "site"
    assert build(corpus, out)[0] == 0
    (corpus / "alpha").rename(corpus / "gamma")  # the story moves: alpha/ redirects to gamma/
    code, _, stderr = build(corpus, out, "--strict")
    assert code == 0, stderr
    assert redirect_target(out, out / "alpha" / "index.html") == "gamma/"
    assert redirect_target(out, out / "alpha" / "articles" / "herald" / "index.html") == "gamma/articles/herald/"
    write(corpus, {"alpha/post.md": OPERATION["beta/post.md"]})  # a new story takes the free id
    runs = [build(corpus, out, "--strict") for _ in range(3)]
    assert [(code, stderr) for code, _, stderr in runs] == [(0, "")] * 3
    assert summary(runs[-1][1]).endswith("; 3 unchanged.")
    cold = tmp_path / "cold"
    assert build(corpus, cold, "--no-cache")[0] == 0
    # The new story's folder holds its own pages only: no redirect of the story that left it.
    assert sorted(p.relative_to(cold / "alpha").as_posix() for p in (cold / "alpha").rglob("index.html")) == [
        "articles/post/index.html", *sorted(page for f in json.loads(
            (cold / "alpha" / "facts.json").read_text(encoding="utf-8"))["facts"]
            for page in (f"facts/{f['id']}/embed/index.html", f"facts/{f['id']}/index.html")), "index.html"]
    assert differences(out, cold) == []


def test_two_stories_that_both_lived_at_the_root_rebuild_as_a_cold_build(tmp_path: Path) -> None:
    """The first story (by id) keeps the shared old addresses, also when it is reused and the other rebuilt."""
    corpus = write(tmp_path / "corpus", once_at_the_root("aaa", "bbb"))
    out = tmp_path / "site"
    for _ in range(3):
        assert build(corpus, out)[0] == 0
    assert redirect_target(out, out / "articles" / "herald" / "index.html") == "aaa/articles/herald/"
    herald = corpus / "bbb" / "herald.md"
    herald.write_text(herald.read_text(encoding="utf-8") + "Fighting went on for a week.\n", encoding="utf-8")
    code, stdout, stderr = build(corpus, out)
    # Stories that share an old address are always built (never reused), so the first by id keeps it.
    assert code == 0 and "unchanged" not in summary(stdout), stderr
    assert "story 'aaa' and story 'bbb' both once had this address" in stderr
    cold = tmp_path / "cold"
    assert build(corpus, cold, "--no-cache")[0] == 0
    assert differences(out, cold) == []


# --- edge cases of moved stories, reserved names and new corpora --------------------------------


def test_a_story_added_beside_one_that_lived_at_the_root_builds_as_a_cold_build(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", once_at_the_root("bbb"))
    out = tmp_path / "site"
    for _ in range(3):
        assert build(corpus, out)[0] == 0
    write(corpus, once_at_the_root("aaa"))  # sorts first: in a cold build the old addresses are its
    code, stdout, _ = build(corpus, out)
    assert code == 0 and "unchanged" not in summary(stdout), stdout  # both claim the root: both built
    cold = tmp_path / "cold"
    assert build(corpus, cold, "--no-cache")[0] == 0
    assert redirect_target(cold, cold / "articles" / "herald" / "index.html") == "aaa/articles/herald/"
    assert differences(out, cold) == []


def test_a_reused_story_warns_as_a_cold_build_does(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", once_at_the_root("aaa", "bbb"))
    out = tmp_path / "site"
    for _ in range(3):
        build(corpus, out)
    code, stdout, stderr = build(corpus, out, "--strict")
    cold_code, _, cold_stderr = build(corpus, tmp_path / "cold", "--no-cache", "--strict")
    assert cold_code == 1 and "both once had this address" in cold_stderr
    assert (code, "both once had this address" in stderr) == (1, True), stdout


def test_a_story_folder_named_like_a_page_of_the_site_is_an_error(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", {
        "method/herald.md": QUAKE_TEXT, "method/facts.yaml": "story:\n  title: Quake on the coast\n",
        "storm/courier.md": STORM_TEXT})
    code, _, stderr = build(corpus, tmp_path / "site", "--strict", "--no-cache")
    if code == 0:  # method/ can hold the story's home or the site's method page, never both
        shown = text_of(tree(tmp_path / "site" / "method" / "index.html").xpath("//main//h1")[0])
        pytest.fail(f"built; method/ shows {shown!r}, the other page is gone")
    assert str(corpus / "method") in stderr and "Traceback" not in stderr


def test_import_into_the_first_story_of_a_corpus_with_a_readme(tmp_path: Path) -> None:
    corpus = write(tmp_path / "corpus", {"README.md": "# Our newsroom's stories\n"})
    code, _, stderr = run("import", str(NEWS_PAGE), "--corpus", str(corpus), "--story", "chemical-fire")
    assert code == 0, stderr
    assert [p.suffix for p in (corpus / "chemical-fire").iterdir()] == [".md"]
