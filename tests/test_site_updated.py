"""End to end: a ferry sinking whose death toll rises over three days (tests/data/rising-toll/).

The story goes through the real pipeline and MkDocs; the toll must come out `updated`, and its fact
page, the home page and the data must put its current value first. The fact is found by the words
its claims quote, never by its id (alignment names it).
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest
from test_site_build import ROOT, build_site, crawl, parse, text_of

from factcompare.models import Story

STORY = ROOT / "tests" / "data" / "rising-toll"


@pytest.fixture(scope="module")
def story() -> Story:
    from factcompare.pipeline import build_story

    return build_story(STORY)


@pytest.fixture(scope="module")
def site(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(story, tmp_path_factory.mktemp("rising") / "site")


@pytest.fixture(scope="module")
def data(site: Path) -> dict:
    return json.loads((site / "facts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def toll(data: dict) -> dict:
    found = [f for f in data["facts"] if f["kind"] == "quantity"
             and any("12 people had died" in c["quote"] and c["value"]["display"] == "12" for c in f["claims"])]
    assert len(found) == 1
    return found[0]


def claim_of(fact: dict, article: str) -> dict:
    return next(c for c in fact["claims"] if c["article"] == article)


def test_the_toll_is_updated_from_12_to_31(toll: dict) -> None:
    assert toll["status"] == "updated"
    assert {c["article"] for c in toll["claims"]} >= {"coast-ferry-capsizes", "wire-ferry-inquiry",
                                                      "undated-ferry-mourning"}
    assert [s["value"]["display"] for s in toll["steps"]] == ["12", "31"]
    assert toll["summary"].startswith("Rose from 12 (16 Sep, 12:00) to 31 (17 Sep); the latest 2 reports agree on 31")


def test_the_dailys_toll_rose_to_31_joins_the_toll(toll: dict) -> None:
    assert "daily-ferry-toll-rises" in {c["article"] for c in toll["claims"]}


def test_facts_json_has_current_steps_and_as_of(site: Path, data: dict, toll: dict) -> None:
    assert toll["current"] == {"kind": "quantity", "display": "31", "low": 31, "high": 31, "approximate": False,
                               "unit": None, "low_inclusive": True, "high_inclusive": True}
    first, last = toll["steps"]
    coast, wire = claim_of(toll, "coast-ferry-capsizes"), claim_of(toll, "wire-ferry-inquiry")
    assert first["claims"] == [coast["id"]] and last["claims"][-1] == wire["id"]
    assert coast["as_of"]["date"] == "2024-09-16" and coast["as_of"]["time"] == "12:00"
    assert coast["as_of"]["source"] == "sentence" and coast["as_of"]["words"].startswith("As of noon")
    assert first["first"] == coast["as_of"] and last["last"] == wire["as_of"]
    assert wire["as_of"] == {"date": "2024-09-18", "time": None, "source": "published", "words": None}
    assert claim_of(toll, "undated-ferry-mourning")["as_of"] is None
    for fact in data["facts"]:  # every fact and claim has the new fields; only the updated one fills them
        assert "current" in fact and "steps" in fact and all("as_of" in c for c in fact["claims"])
        if fact["status"] != "updated":
            assert fact["current"] is None and fact["steps"] == []
    # The fact's own file holds the same record, keys sorted as everywhere in the data files.
    own = json.loads((site / f"facts/{toll['id']}.json").read_text(encoding="utf-8"))
    assert own["facts"] == [toll]
    line = next(li for li in (site / "facts.json").read_text(encoding="utf-8").splitlines()
                if li.startswith('{"aliases": [], "claims": [') and f'"id": "{toll["id"]}"' in li)
    assert list(json.loads(line.rstrip(","))) == sorted(json.loads(line.rstrip(",")))


def test_fact_page_shows_status_current_value_and_timeline(site: Path, toll: dict) -> None:
    page = parse(site / toll["page"] / "index.html")
    assert text_of(page.xpath("//p[contains(@class,'verdict')]//span[contains(@class,'badge')]")[0]) == "↻ Updated"
    assert text_of(page.xpath("//p[@class='current-value']")[0]) == "Current value: 31 (since 17 Sep)"
    # The current value comes before the sources.
    header, sources = page.xpath("//header[@class='fact-header']")[0], page.xpath("//section[@class='sources-section']")[0]
    assert header.xpath(".//p[@class='current-value']") and not sources.xpath(".//p[@class='current-value']")
    for meta in ("//meta[@name='description']/@content", "//meta[@property='og:description']/@content",
                 "//meta[@name='twitter:description']/@content"):
        assert page.xpath(meta)[0].startswith("Updated. Current value: 31 (since 17 Sep). Rose from 12")
    [chart] = page.xpath("//svg")  # the timeline replaces the interval chart
    assert "timeline" in chart.get("class") and chart.get("role") == "img"
    desc = text_of(chart.xpath("./desc")[0])
    assert chart.xpath("./title") and "12" in desc and "31" in desc
    assert "Coast Gazette" in desc and "Example Wire" in desc and "Not dated, not drawn: Lamu mourns ferry victims" in desc
    caption = text_of(page.xpath("//figure[contains(@class,'timeline-figure')]/figcaption")[0])
    assert caption.endswith("Not dated (not drawn): Lamu mourns ferry victims (31).")


def test_source_cards_say_when_each_figure_was_true(site: Path, toll: dict) -> None:
    page = parse(site / toll["page"] / "index.html")

    def as_of(article: str) -> list[str]:
        return [text_of(p) for p in page.xpath(f"//section[@id='source-{article}']//p[@class='as-of']")]

    [coast] = as_of("coast-ferry-capsizes")
    assert coast.startswith("As of 16 Sep, 12:00 — from the sentence: “As of noon")
    assert as_of("wire-ferry-inquiry") == ["As of 18 Sep (publication date) · the current figure"]
    assert as_of("undated-ferry-mourning") == ["Not dated: the article does not say when this figure was true."]


def test_home_row_shows_the_current_value(site: Path, toll: dict) -> None:
    page = parse(site / "index.html")
    [row] = page.xpath("//table[@class='matrix']/tbody/tr[@class='row-updated']")
    assert text_of(row.xpath("th")[0]).endswith("Current value: 31 (since 17 Sep)")
    latest = [text_of(td) for td in row.xpath("td[contains(@class,'cell')]") if "(latest)" in text_of(td)]
    assert latest == ["↻ 31 (latest)", "↻ 31 (latest)"]  # the Daily and the Wire
    assert "only-updated" in page.xpath("//span[@class='filter-target']/@id")
    counts = {text_of(li.xpath(".//span[@class='count-label']")[0]): text_of(li.xpath(".//span[@class='count-n']")[0])
              for li in page.xpath("//li[contains(@class,'count ')]")}
    assert counts["Updated"] == "1"
    search = json.loads((site / "search.json").read_text(encoding="utf-8"))
    assert next(e for e in search["entries"] if e.get("title") == toll["title"])["status"] == "Updated"


def test_links_resolve_and_a_rebuild_is_byte_identical(site: Path, story: Story, tmp_path: Path) -> None:
    assert crawl(site) == []
    again = build_site(story, tmp_path / "again")
    _, mismatch, errors = filecmp.cmpfiles(site, again, [str(p.relative_to(site)) for p in site.rglob("*")
                                                         if p.is_file()], shallow=False)
    assert mismatch == [] and errors == []
