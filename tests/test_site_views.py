"""Unit tests of the site's pure parts: addresses, page models, data files, charts, search index."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import BaseModel

from factcompare.models import Fact, Story, Verdict
from factcompare.site import views
from factcompare.site.charts import date_ticks, interval_chart, nice_ticks
from factcompare.site.data import KIND_FIELDS, DataFiles, dumps, fact_json, facts_json, sitemap_xml
from factcompare.site.search import search_index
from factcompare.site.urls import Links, page_file, page_url, relative
from site_story import build_hostile_story, build_tiny_story, claim, d, document, q
from site_story import hostile_story_fixture, tiny_story_fixture  # noqa: F401  (fixtures)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


# --- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize("target, base, expected", [
    ("facts/x/", "", "facts/x/"),
    ("", "", "./"),
    ("", "facts/x/", "../../"),
    ("facts/x/", "facts/x/", "./"),
    ("articles/y/#s-3", "facts/x/", "../../articles/y/#s-3"),
    ("facts/y/#source-a", "facts/x/", "../y/#source-a"),
    ("facts.json", "facts/x/", "../../facts.json"),
    ("facts/x.json", "facts/x/", "../x.json"),
    ("method/", "about/", "../method/"),
    ("index.html", "facts/x.html", "../index.html"),
    ("articles/y.html#s-1", "facts/x.html", "../articles/y.html#s-1"),
    ("facts/x.html", "index.html", "facts/x.html"),
])
def test_relative_links(target: str, base: str, expected: str) -> None:
    assert relative(target, base) == expected


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("path", ["index", "facts/death-toll", "articles/a-b", "method"])
def test_page_url_matches_mkdocs(path: str, directory_urls: bool) -> None:
    from mkdocs.structure.files import File

    f = File(path + ".md", src_dir=None, dest_dir="site", use_directory_urls=directory_urls)
    assert page_url(path, directory_urls) == ("" if f.url == "./" else f.url)
    assert page_file(path, directory_urls) == f.dest_uri


def test_links_never_root_absolute() -> None:
    for base in ("", "facts/x/", "articles/y/", "404.html", "facts/x.html"):
        links = Links(base)
        for href in (links.home(), links.fact("f", "a"), links.article("a", 2), links.to("facts.json"), links.root):
            assert not href.startswith("/"), (base, href)


# --- page models ----------------------------------------------------------------------------

VIEW_MODELS = [v for v in vars(views).values()
               if isinstance(v, type) and issubclass(v, views.View) and v is not views.View]


@pytest.mark.parametrize("model", VIEW_MODELS, ids=lambda m: m.__name__)
def test_every_view_field_is_documented(model: type[BaseModel]) -> None:
    undocumented = [name for name, f in model.model_fields.items() if not f.description]
    assert undocumented == []


@pytest.mark.parametrize("template, model", [
    ("home.html", views.HomeView), ("fact.html", views.FactView), ("article.html", views.ArticleView),
    ("404.html", views.NotFoundView), ("main.html", None),
])
def test_templates_use_only_documented_fields(template: str, model: type[BaseModel] | None) -> None:
    """Every `view.x` and `site.x` a template names is a field of its model (Datasette's habit)."""
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    if model is not None:
        used = set(re.findall(r"\bview\.([a-z_]+)", source))
        assert used, template
        assert used <= set(model.model_fields), used - set(model.model_fields)
    site_used = set(re.findall(r"\bsite\.([a-z_]+)", source))
    assert site_used <= set(views.SiteView.model_fields), site_used - set(views.SiteView.model_fields)


def test_home_view_matrix(tiny_story: Story) -> None:
    home = views.home_view(tiny_story, Links(""))
    assert [c.id for c in home.columns] == ["herald", "courier", "wire-note"]
    assert [r.fact.id for r in home.rows] == [f.id for f in tiny_story.facts]
    toll = home.rows[0]
    assert [c.display for c in toll.cells] == ["More than 40", "At least 45", "dozens"]
    assert toll.cells[0].href == "facts/death-toll/#source-herald"
    place = next(r for r in home.rows if r.fact.id == "fire-place")
    assert [c.display for c in place.cells] == ["Dhaka", None, "Bangladesh"]
    assert {c.status.key: c.count for c in home.counts} == {
        "conflict": 1, "updated": 0, "compatible": 2, "agree": 2, "single_source": 1}
    assert home.columns[2].label == "A fire at a factory in Bangladesh killed dozens of workers."  # no outlet, no title


def test_fact_view_cards(tiny_story: Story) -> None:
    fact = next(f for f in tiny_story.facts if f.id == "workers-inside")
    view = views.fact_view(tiny_story, fact, Links("facts/workers-inside/"))
    cards = [c for g in view.groups for c in g.cards]
    assert [c.anchor for c in cards] == ["source-herald", "source-courier", "source-wire-note"]
    assert (cards[1].before, cards[1].marked, cards[1].after) == (
        "The factory employed ", "350", " workers, police said.")
    assert cards[1].corrected is not None and cards[1].corrected.normalised == "305"
    assert view.corrections == ("Daily Courier",)
    assert cards[0].sentence_href == "../../articles/herald/#s-2"
    assert cards[0].attribution == "the owner Rahim Khan said"
    assert view.description == "Conflict. Sources conflict: ~200 vs 305 cannot both be true."
    assert view.silent == ()
    toll = views.fact_view(tiny_story, tiny_story.facts[0], Links("facts/death-toll/"))
    time = views.fact_view(tiny_story, next(f for f in tiny_story.facts if f.id == "fire-time"), Links("x/"))
    assert [a.id for a in time.silent] == ["courier", "wire-note"]
    assert toll.chart_svg and time.chart_svg is None


def test_identical_values_are_grouped_when_many() -> None:
    doc_ids = ["a", "b", "c", "d", "e"]
    from factcompare.models import Article

    docs = [document(Article(id=i, source=f"{i}.md", title=f"T {i}", body="x"),
                     [[f"The quake killed {n} people."]]) for i, n in zip(doc_ids, [12, 12, 12, 15, 12])]
    fact = Fact(id="quake", title="How many died in the quake?", kind="quantity",
                claims=tuple(claim(doc, 0, n, q(n, int(n), int(n)))
                             for doc, n in zip(docs, ["12", "12", "12", "15", "12"])),
                verdict=Verdict(status="conflict", summary="12 vs 15."))
    story = Story(title="Quake", documents=tuple(docs), facts=(fact,))
    view = views.fact_view(story, fact, Links("facts/quake/"))
    assert view.grouped
    assert [(g.normalised, [c.article.id for c in g.cards]) for g in view.groups] == [
        ("12", ["a", "b", "c", "e"]), ("15", ["d"])]


def test_article_view_links_values_to_facts(tiny_story: Story) -> None:
    view = views.article_view(tiny_story, tiny_story.documents[0], Links("articles/herald/"))
    first = view.paragraphs[0].sentences[0]
    assert first.anchor == "s-0"
    linked = [(s.text, s.fact.id if s.fact else None) for s in first.segments]
    assert linked == [("More than 40", "death-toll"), (" workers died in the fire at the textile factory in ", None),
                      ("Dhaka", "fire-place"), (" ", None), ("on Tuesday", "fire-date"), (".", None)]
    assert "".join(s.text for s in first.segments) == tiny_story.documents[0].sentences[0].text
    assert [len(p.sentences) for p in view.paragraphs] == [2, 2]
    assert view.removed[0].reason == "boilerplate"
    assert [f.id for f in views.article_view(tiny_story, tiny_story.documents[2], Links("x/")).silent] == [
        "fire-date", "fire-time", "factory-owner"]


@pytest.mark.parametrize("value, expected", [
    (q("more than 1000", 1000, None, low_inclusive=False), "more than 1,000, no upper bound"),
    (q("at least 240", 240, None), "at least 240, no upper bound"),
    (q("as many as 500", 0, 500), "between 0 and 500"),
    (q("up to 500", None, 500), "at most 500, no lower bound"),
    (q("some 500", 500, 500, approximate=True), "about 500"),
    (q("hundreds", 200, 999, approximate=True), "between 200 and 999, approximate"),
    (q("$13.1 billion", 13.1e9, 13.1e9, unit="USD"), "exactly 13,100,000,000 USD"),
    (d("on Monday", date(2023, 12, 25), date(2023, 12, 25), 0), "Monday 25 December 2023"),
    (d("this week", date(2023, 12, 25), date(2023, 12, 31)), "a day from 2023-12-25 to 2023-12-31"),
    (d("on Monday", None, None, 0), "not resolved to a day (no publication date to count from); a Monday"),
])
def test_value_detail(value: views.Value, expected: str) -> None:
    assert views.value_detail(value) == expected


def test_span_outside_quote_highlights_nothing(tiny_story: Story) -> None:
    c = dataclasses.replace(tiny_story.facts[0].claims[0], span=(5, 500))
    assert views.split_quote(c) == (c.quote, "", "")


@pytest.mark.parametrize("url, shown", [
    ("https://example.org/a", "https://example.org/a"), ("http://x.test/", "http://x.test/"),
    ("javascript:alert(1)", None), ("JaVaScRiPt:alert(1)", None), ("data:text/html,x", None), (None, None),
])
def test_only_web_addresses_become_links(url: str | None, shown: str | None) -> None:
    assert views.safe_url(url) == shown


def test_json_ld_cannot_close_its_script_element(hostile_story: Story) -> None:
    fact = hostile_story.facts[0]
    text = views.fact_view(hostile_story, fact, Links("facts/fine/")).json_ld
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert data["@type"] == "Claim" and data["name"] == fact.title
    assert [a["headline"] for a in data["appearance"]] == [
        "Title <script>alert('x')</script> & co", "Plain </script> report"]
    assert all("url" not in a for a in data["appearance"])  # javascript: is not an address


# --- data files ------------------------------------------------------------------------------

ARTICLE_KEYS = {"id", "title", "outlet", "author", "published", "url", "page"}
FACT_KEYS = {"id", "title", "kind", "status", "summary", "page", "silent", "claims"}
CLAIM_KEYS = {"article", "quote", "span", "value"}


def test_facts_json_contract(tiny_story: Story) -> None:
    data = json.loads(dumps(facts_json(tiny_story)))
    assert set(data) == {"articles", "facts"}
    assert [a["id"] for a in data["articles"]] == ["courier", "herald", "wire-note"]  # sorted by id
    for a in data["articles"]:
        assert ARTICLE_KEYS <= set(a)
        assert a["page"] == f"articles/{a['id']}/"
    wire = next(a for a in data["articles"] if a["id"] == "wire-note")
    assert (wire["title"], wire["outlet"], wire["published"]) == (
        "A fire at a factory in Bangladesh killed dozens of workers.", None, None)
    assert [f["id"] for f in data["facts"]] == [f.id for f in tiny_story.facts]  # story order
    kinds = set()
    for f in data["facts"]:
        assert FACT_KEYS <= set(f)
        assert f["page"] == f"facts/{f['id']}/"
        kinds.add(f["kind"])
        for c in f["claims"]:
            assert CLAIM_KEYS <= set(c)
            assert set(KIND_FIELDS[f["kind"]]) | {"display"} <= set(c["value"])
            s, e = c["span"]
            assert c["quote"][s:e] == c["value"]["display"]
    assert kinds == {"quantity", "date", "time", "place", "name"}
    toll = data["facts"][0]
    assert toll["status"] == "compatible" and toll["silent"] == []
    assert toll["claims"][0]["value"] | {} == toll["claims"][0]["value"]
    assert toll["claims"][0]["value"]["low"] == 40 and toll["claims"][0]["value"]["high"] is None
    date_fact = next(f for f in data["facts"] if f["kind"] == "date")
    assert date_fact["claims"][0]["value"]["earliest"] == "2024-03-12"
    assert date_fact["silent"] == ["wire-note"]
    time_fact = next(f for f in data["facts"] if f["kind"] == "time")
    assert (time_fact["claims"][0]["value"]["earliest"], time_fact["status"]) == ("01:15", "single_source")
    place = next(f for f in data["facts"] if f["kind"] == "place")
    assert place["claims"][0]["value"]["country"] == "BD"
    corrected = next(f for f in data["facts"] if f["id"] == "workers-inside")["claims"][1]
    assert corrected["value"]["low"] == 350 and corrected["corrected"]["low"] == 305


def test_data_files_are_deterministic_and_formatted(tiny_story: Story) -> None:
    one, two = DataFiles(tiny_story).facts_file(), DataFiles(build_tiny_story()).facts_file()
    assert one == two
    assert one.startswith('{"articles": [\n{"author": ') and one.endswith("}\n")  # a record a line
    assert len(one.splitlines()) == len(tiny_story.documents) + len(tiny_story.facts) + 4
    assert 'Blaze at \\"Mill & Co\\"' in one  # ensure_ascii off: & and quotes as text
    per_fact = json.loads(dumps(fact_json(tiny_story, tiny_story.facts[2])))
    assert [f["id"] for f in per_fact["facts"]] == ["fire-date"]
    assert {a["id"] for a in per_fact["articles"]} == {"courier", "herald", "wire-note"}


def test_non_ascii_kept_as_text() -> None:
    from factcompare.models import Article

    doc = document(Article(id="zurich", source="z.md", title="Zürich: Brand in Fabrik", body="x"),
                   [["Über 30 Menschen wurden verletzt."]])
    fact = Fact(id="verletzte", title="Wie viele Verletzte?", kind="quantity",
                claims=(claim(doc, 0, "Über 30", q("Über 30", 30, None, low_inclusive=False)),),
                verdict=Verdict(status="single_source", summary="Nur eine Quelle."))
    text = dumps(facts_json(Story(title="Brand", documents=(doc,), facts=(fact,))))
    assert "Zürich" in text and "Über 30" in text and "\\u" not in text


def test_directory_urls_off_changes_pages(tiny_story: Story) -> None:
    data = facts_json(tiny_story, directory_urls=False)
    assert data["facts"][0]["page"] == "facts/death-toll.html"
    assert data["articles"][0]["page"] == "articles/courier.html"


def test_sitemap_is_absolute_sorted_and_dateless() -> None:
    xml = sitemap_xml("https://example.org/repo", ["facts/b/", "", "facts/a/", "facts/a/"])
    assert xml.count("<loc>") == 3
    assert xml.index("repo/</loc>") < xml.index("facts/a/") < xml.index("facts/b/")
    assert "lastmod" not in xml and "https://example.org/repo/facts/a/" in xml


def test_search_index(tiny_story: Story) -> None:
    index = search_index(tiny_story)
    facts = [e for e in index["entries"] if e["type"] == "fact"]
    articles = [e for e in index["entries"] if e["type"] == "article"]
    assert len(facts) == 6 and len(articles) == 3
    assert facts[0] == {"type": "fact", "title": "How many workers died?", "url": "facts/death-toll/",
                        "status": "Compatible", "text": "At least 45 · More than 40 · dozens"}
    assert articles[0]["text"] == "The Herald · Ana Ruiz · 2024-03-14"


# --- charts ----------------------------------------------------------------------------------


def chart_for(*values: views.Value, kind: str = "quantity") -> str | None:
    from factcompare.models import Article

    docs, claims = [], []
    for i, v in enumerate(values):
        doc = document(Article(id=f"a{i}", source="x.md", title=f"Source {i}", body="x"), [[f"It was {v.display}."]])
        docs.append(doc)
        claims.append(claim(doc, 0, v.display, v))
    fact = Fact(id="f", title="How many?", kind=kind, claims=tuple(claims),  # type: ignore[arg-type]
                verdict=Verdict(status="compatible", summary="x"))
    return interval_chart(fact, {f"a{i}": f"Source {i}" for i in range(len(values))})


@pytest.mark.parametrize("value, present, absent", [
    (q("1,200", 1200, 1200), ['class="chart-point"'], ["chart-band", "chart-arrow", "chart-open"]),
    (q("about 1,200", 1200, 1200, approximate=True), ["chart-band"], ["chart-arrow"]),
    (q("more than 1000", 1000, None, low_inclusive=False), ["chart-arrow", "chart-open", "chart-bar"], ["chart-band"]),
    (q("at least 240", 240, None), ["chart-arrow", "chart-point"], ["chart-open"]),
    (q("as many as 500", 0, 500), ["chart-bar", "chart-point"], ["chart-arrow", "chart-band"]),
    (q("up to 500", None, 500), ["chart-arrow", "chart-bar"], ["chart-band"]),
    (q("hundreds", 200, 999, approximate=True), ["chart-band"], ["chart-arrow"]),
])
def test_chart_shapes(value: views.Value, present: list[str], absent: list[str]) -> None:
    svg = chart_for(value, q("1,100", 1100, 1100))
    assert svg is not None
    first_row = svg.split('<text class="chart-label"')[1].split('<text class="chart-label"')[0]
    for p in present:
        assert p in first_row, p
    for a in absent:
        assert a not in first_row, a


def test_chart_is_accessible_and_escaped() -> None:
    svg = chart_for(q("<b>5</b>", 5, 5), q("7", 7, 7))
    assert svg is not None
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert "<title id=\"chart-title\">How many?" in svg
    assert "&lt;b&gt;5&lt;/b&gt;" in svg and "<b>" not in svg
    assert "Source 0: &lt;b&gt;5&lt;/b&gt; (5)" in svg


@pytest.mark.parametrize("values, kind", [
    ((q("5 dollars", 5, 5, unit="USD"), q("5 euros", 5, 5, unit="EUR")), "quantity"),
    ((d("on Monday", None, None, 0), d("Monday", None, None, 0)), "date"),
])
def test_no_chart_when_nothing_comparable(values: tuple[views.Value, ...], kind: str) -> None:
    assert chart_for(*values, kind=kind) is None


def test_date_chart_marks_unresolved_rows() -> None:
    svg = chart_for(d("on Monday", date(2023, 12, 25), date(2023, 12, 25), 0), d("Monday", None, None, 0),
                    d("this week", date(2023, 12, 25), date(2023, 12, 31)), kind="date")
    assert svg is not None
    assert svg.count("not resolved to a value") == 1
    assert "25 Dec" in svg and "chart-bar" in svg


@pytest.mark.parametrize("lo, hi, expected", [
    (0, 100, [0, 20, 40, 60, 80, 100]), (37, 1320, [250, 500, 750, 1000, 1250]), (0.5, 0.9, [0.5, 0.6, 0.7, 0.8, 0.9]),
])
def test_nice_ticks(lo: float, hi: float, expected: list[float]) -> None:
    assert nice_ticks(lo, hi) == expected


def test_date_ticks_whole_days() -> None:
    lo = date(2023, 12, 20).toordinal()
    ticks = date_ticks(lo, lo + 20)
    assert all(t == int(t) for t in ticks) and len(ticks) >= 3
    assert date.fromordinal(int(ticks[0])).weekday() == 0  # weekly ticks start on Mondays


def test_hostile_story_builds_views(hostile_story: Story) -> None:
    """Views hold raw text; escaping is the templates' job (autoescape), tested on the built site."""
    home = views.home_view(hostile_story, Links(""))
    assert "<script>" in home.title
    assert build_hostile_story() == hostile_story


@pytest.mark.parametrize("source, value", [
    ("The Islamic Republic of Iran has claimed that the attacks were revenge", "28 Dec 2023"),
    ("Short", "“Wednesday”"), ("A" * 80, "1,000,000–9,999,999"),
])
def test_chart_labels_fit(source: str, value: str) -> None:
    from factcompare.site.charts import LABEL_CHARS, _label

    label = _label(source, value)
    assert label.endswith(": " + value)
    assert len(label) <= max(LABEL_CHARS, len(value) + 14)
    assert label.startswith(source[:10])
