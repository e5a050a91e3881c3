"""A fact stated by hundreds of sources stays readable and light: a court case reported 320 times.

Identical values are grouped with their sources counted, each group shows its first cards and folds
the rest into <details>, "not mentioned by" lists are cut to a count in a big story, and the page and
data files stay within a weight that grows with the claims, not with claims x articles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from site_story import claim, document, q

from factcompare.cli import ROOT, render
from factcompare.compare import judge
from factcompare.models import Article, Fact, Story
from factcompare.site import views
from factcompare.site.urls import Links

ARTICLES = 320
# value written, low, high, approximate, how many sources write it
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
    assert [(g.normalised, len(g.cards)) for g in view.groups] == [("37", 200), ("40", 100), ("~40", 20)]
    for group in view.groups:
        assert len(group.shown) == views.GROUP_CARDS_SHOWN
        assert group.shown + group.folded == group.cards


@pytest.mark.parametrize("size, folded", [(1, 0), (views.GROUP_CARDS_SHOWN + 1, 0), (views.GROUP_CARDS_SHOWN + 2, 2)])
def test_folding_saves_at_least_two_cards(story: Story, size: int, folded: int) -> None:
    card = views.fact_view(story, story.facts[0], Links("x/")).groups[0].cards[0]
    group = views._group("37", [card] * size)
    assert len(group.folded) == folded and len(group.shown) + folded == size


def test_silent_lists_are_cut_in_a_big_story(story: Story) -> None:
    fine = views.fact_view(story, story.facts[1], Links("facts/quantity-fine/"))
    assert fine.silent_total == ARTICLES - 2 and len(fine.silent) == views.SILENT_SHOWN
    article = views.article_view(story, story.documents[5], Links("articles/court-005/"))
    assert article.silent_total == 1 and [f.id for f in article.silent] == ["quantity-fine"]
    home = views.home_view(story, Links(""))
    assert home.compact and home.columns == () and [r.sources for r in home.rows] == [ARTICLES, 2]


def test_fact_page_folds_the_rest_and_keeps_every_card(site: Path) -> None:
    html = (site / "facts" / "quantity-investors-defrauded" / "index.html").read_text(encoding="utf-8")
    assert html.count('<details class="more-sources">') == 3
    assert "195 more sources stating 37" in html and "15 more sources stating ~40" in html
    assert len(re.findall(r'<section class="source" id="source-court-\d{3}"', html)) == ARTICLES
    assert "— 200 sources" in html


def test_page_and_data_weight_is_bounded(site: Path) -> None:
    page = (site / "facts" / "quantity-investors-defrauded" / "index.html").stat().st_size
    assert page < 2_000 * ARTICLES, f"{page / 1000:.0f} KB for {ARTICLES} cards"  # about 1.3 KB a card
    small = (site / "facts" / "quantity-fine" / "index.html").stat().st_size
    assert small < 40_000, f"{small / 1000:.0f} KB for a fact of 2 claims in a story of {ARTICLES} articles"
    data = json.loads((site / "facts" / "quantity-fine.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in data["articles"]] == ["court-000", "court-001"]
    assert data["facts"][0]["silent"] is None and data["facts"][0]["silent_count"] == ARTICLES - 2
    assert (site / "index.html").stat().st_size < 200_000
