"""A fact stated by hundreds of sources stays readable and light: a court case reported 320 times.

Identical values are grouped with their sources counted, each group shows its first cards, lists the
next sources on one line each inside <details> and counts the rest (every claim is in the fact's JSON);
a fact of many different values shows its most stated ones and counts the others; "not mentioned by"
lists are cut to a count in a big story. A fact page stays under PAGE_BOUND however many sources.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from site_story import claim, document, q

from factcompare.cli import ROOT, render
from factcompare.linkcheck import check_site
from factcompare.site.charts import CHART_ROWS
from factcompare.compare import judge
from factcompare.models import Article, Fact, Story
from factcompare.site import views
from factcompare.site.urls import Links

ARTICLES = 320
# value written, low, high, approximate, how many sources write it
PAGE_BOUND = 150_000  # bytes of HTML for any fact page, however many sources state it
VALUES = [("37", 37, 37, False, 200), ("40", 40, 40, False, 100), ("about 40", 40, 40, True, 20)]


def big_story() -> Story:
    docs, toll, fine = [], [], []
    kinds = [v for v in VALUES for _ in range(v[4])]
    for i, (written, low, high, approx, _) in enumerate(kinds):
        sentences = [f"The court heard that {written} investors were defrauded."]
        if i < 2:
            sentences.append("The judge set a fine of 5 million.")
        article = Article(id=f"court-{i:03d}", source=f"corpus/court-{i:03d}.md", title=f"Fraud trial, day one ({i})",
                          outlet=f"Outlet {i % 37}", body=" ".join(sentences))
        doc = document(article, [sentences])
        docs.append(doc)
        toll.append(claim(doc, 0, written, q(written, low, high, approximate=approx)))
        if i < 2:
            fine.append(claim(doc, 1, "5 million", q("5 million", 5e6, 5e6)))
    facts = [Fact(id="quantity-investors-defrauded", title="How many investors were defrauded?", kind="quantity",
                  claims=tuple(toll)),
             Fact(id="quantity-fine", title="How much was the fine?", kind="quantity", claims=tuple(fine))]
    return Story(title="A fraud trial", documents=tuple(docs), facts=tuple(judge(facts)))


@pytest.fixture(scope="module")
def story() -> Story:
    return big_story()


@pytest.fixture(scope="module")
def site(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("big") / "site"
    render(story, ROOT / "mkdocs.yml", out, out.parent)
    return out


def test_identical_values_are_grouped_and_counted(story: Story) -> None:
    view = views.fact_view(story, story.facts[0], Links("facts/quantity-investors-defrauded/"))
    assert view.grouped and view.cards == ARTICLES
    assert [(g.normalised, g.count) for g in view.groups] == [("37", 200), ("40", 100), ("~40", 20)]
    for group in view.groups:
        assert len(group.cards) == views.GROUP_CARDS_SHOWN
        assert len(group.listed) == min(views.SOURCES_LISTED, group.count - views.GROUP_CARDS_SHOWN)
        assert len(group.cards) + len(group.listed) + group.unlisted == group.count


@pytest.mark.parametrize("size, cards, listed, unlisted", [
    (1, 1, 0, 0),
    (views.GROUP_CARDS_SHOWN + 1, views.GROUP_CARDS_SHOWN + 1, 0, 0),  # folding one card away saves nothing
    (views.GROUP_CARDS_SHOWN + 2, views.GROUP_CARDS_SHOWN, 2, 0),
    (200, views.GROUP_CARDS_SHOWN, views.SOURCES_LISTED, 200 - views.GROUP_CARDS_SHOWN - views.SOURCES_LISTED),
])
def test_folding_saves_at_least_two_cards(story: Story, size: int, cards: int, listed: int, unlisted: int) -> None:
    claims = list(story.facts[0].claims[:size])
    shown, lines, rest = views._fold(claims)
    assert (len(shown), len(lines), rest) == (cards, listed, unlisted)
    assert shown + lines == claims[: cards + listed]


def test_silent_lists_are_cut_in_a_big_story(story: Story) -> None:
    fine = views.fact_view(story, story.facts[1], Links("facts/quantity-fine/"))
    assert fine.silent_total == ARTICLES - 2 and fine.silent == ()  # counted, never listed
    article = views.article_view(story, story.documents[5], Links("articles/court-005/"))
    assert article.silent_total == 1 and [f.id for f in article.silent] == ["quantity-fine"]
    home = views.home_view(story, Links(""))
    assert home.compact and home.columns == () and [r.sources for r in home.rows] == [ARTICLES, 2]


def test_fact_page_shows_the_first_sources_and_counts_the_rest(site: Path) -> None:
    html = (site / "facts" / "quantity-investors-defrauded" / "index.html").read_text(encoding="utf-8")
    assert html.count('<details class="more-sources">') == 3
    assert "195 more sources stating 37" in html and "15 more sources stating ~40" in html
    cards = re.findall(r'<section class="source" id="source-court-\d{3}"', html)
    lines = re.findall(r'<li id="source-court-\d{3}"', html)
    assert len(cards) == 3 * views.GROUP_CARDS_SHOWN
    assert len(lines) == 2 * views.SOURCES_LISTED + 15
    assert "…and 175 more; every source is in" in html and "…and 75 more; every source is in" in html
    assert "— 200 sources" in html
    assert html.count('"@type": "CreativeWork"') == len(cards)  # JSON-LD names the sources shown


def test_links_reach_every_anchor_they_name(site: Path) -> None:
    """Article pages link a claim to its line or card on the fact page, or to the page when the source is
    only counted there: no link names an anchor that is not on the page."""
    assert check_site(site) == []
    counted = (site / "articles" / "court-150" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../facts/quantity-investors-defrauded/"' in counted
    listed = (site / "articles" / "court-010" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../facts/quantity-investors-defrauded/#source-court-010"' in listed


def test_page_and_data_weight_is_bounded(site: Path) -> None:
    page = (site / "facts" / "quantity-investors-defrauded" / "index.html").stat().st_size
    assert page < PAGE_BOUND, f"{page / 1000:.0f} KB for {ARTICLES} sources"
    small = (site / "facts" / "quantity-fine" / "index.html").stat().st_size
    assert small < 40_000, f"{small / 1000:.0f} KB for a fact of 2 claims in a story of {ARTICLES} articles"
    data = json.loads((site / "facts" / "quantity-fine.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in data["articles"]] == ["court-000", "court-001"]
    assert data["facts"][0]["silent"] is None and data["facts"][0]["silent_count"] == ARTICLES - 2
    full = json.loads((site / "facts" / "quantity-investors-defrauded.json").read_text(encoding="utf-8"))
    assert len(full["facts"][0]["claims"]) == ARTICLES  # every claim stays reachable in the data
    assert (site / "index.html").stat().st_size < 200_000


def many_values_story(n: int) -> Story:
    """n sources, each stating its own number and with a long sentence: the heaviest fact page."""
    docs, toll = [], []
    for i in range(n):
        sentence = (f"Officials said on Tuesday that {1000 + i} homes were flooded across the province, "
                    "according to a statement released by the regional emergency management agency late at night, "
                    "though local volunteers at the scene said the true figure was likely to be higher still.")
        article = Article(id=f"flood-{i:04d}", source=f"corpus/flood-{i:04d}.md",
                          title=f"Floods sweep the province, homes under water in dozens of villages ({i})",
                          outlet=f"The Provincial Evening Chronicle and Gazette {i % 53}", author="A. Reporter",
                          body=sentence)
        doc = document(article, [[sentence]])
        docs.append(doc)
        toll.append(claim(doc, 0, str(1000 + i), q(str(1000 + i), 1000 + i, 1000 + i)))
    fact = Fact(id="quantity-homes-flooded", title="How many homes were flooded?", kind="quantity",
                claims=tuple(toll))
    return Story(title="Floods", documents=tuple(docs), facts=tuple(judge([fact])))


@pytest.mark.parametrize("n", [30, 1000])
def test_a_fact_of_many_values_stays_under_the_bound(n: int, tmp_path: Path) -> None:
    story = many_values_story(n)
    view = views.fact_view(story, story.facts[0], Links("facts/quantity-homes-flooded/"))
    assert len(view.groups) == views.GROUPS_SHOWN and view.other_values_total == n - views.GROUPS_SHOWN
    assert len(view.other_values) == min(n - views.GROUPS_SHOWN, views.OTHER_VALUES_SHOWN)
    assert view.chart_svg is not None and view.chart_svg.count('class="chart-label"') == CHART_ROWS
    out = tmp_path / "site"
    render(story, ROOT / "mkdocs.yml", out, out.parent)
    page = (out / "facts" / "quantity-homes-flooded" / "index.html").stat().st_size
    assert page < PAGE_BOUND, f"{page / 1000:.0f} KB for {n} sources"
    assert check_site(out) == []


def test_a_big_storys_search_index_holds_its_comparisons_and_sources(story: Story) -> None:
    from factcompare.site.search import search_index

    lone = Fact(id="quantity-lone", title="How many lone figures?", kind="quantity",
                claims=(story.facts[1].claims[0],))
    bigger = story.model_copy(update={"facts": story.facts + tuple(judge([lone]))})
    entries = search_index(bigger)["entries"]
    facts = [e["url"] for e in entries if e["type"] == "fact"]
    assert facts == ["facts/quantity-investors-defrauded/", "facts/quantity-fine/"]
    assert sum(e["type"] == "article" for e in entries) == ARTICLES
