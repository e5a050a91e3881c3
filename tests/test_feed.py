"""Atom feeds: a story's history replayed from its articles' publication dates (site/feed.py).

Small hand-made stories check the replay rules and the feed as a feed reader (feedparser) reads it;
one test builds the rising ferry toll through the real pipeline, with a fourth day's report added.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from site_story import build_hostile_story, claim, document, q, quake_story

from factcompare.compare import judge
from factcompare.models import Article, AsOf, Fact, Story
from factcompare.site.feed import (
    EPOCH,
    FeedEntry,
    atom_feed,
    publication_days,
    story_history,
)

ROOT = Path(__file__).resolve().parents[1]
RISING_TOLL = ROOT / "tests" / "data" / "rising-toll"
SITE = "https://example.org/news/"
FEB = {day: date(2024, 2, day) for day in range(1, 6)}


def toll_story(reports: list[tuple[str, date | None, int]], *, over_time: bool | None = None,
               title: str = "A flood") -> Story:
    """A flood whose death toll each report states: (outlet, published, toll), one article each.
    Claims carry an as-of day (their publication) only when `over_time` lets the toll change."""
    docs, claims = [], []
    for i, (outlet, published, toll) in enumerate(reports):
        sentence = f"The flood killed {toll} people."
        article = Article(id=f"report-{i}", source=f"corpus/report-{i}.md", title=f"Report {i}", outlet=outlet,
                          published=published, body=sentence)
        doc = document(article, [[sentence]])
        as_of = AsOf(day=published, source="published") if over_time and published else None
        docs.append(doc)
        claims.append(claim(doc, 0, str(toll), q(str(toll), toll, toll), as_of=as_of))
    fact = Fact(id="deaths", title="How many people died?", kind="quantity", claims=tuple(claims),
                over_time=over_time)
    return Story(title=title, documents=tuple(docs), facts=tuple(judge([fact])))


def feed_of(story: Story, **options: object) -> str:
    settings: dict = {"title": story.title, "feed_path": "feed.xml", "home_path": "", "site_url": None,
                      "author": "Newsroom"}
    settings.update(options)
    return atom_feed(story_history(story), **settings)


def changes(entries: list[FeedEntry]) -> list[tuple[date, str, str]]:
    return [(e.day, e.change, e.status) for e in entries]


# --- replay ------------------------------------------------------------------------------------------


def test_a_later_report_that_disagrees_changes_the_status_on_its_day() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[2], 30)])
    entries = story_history(story)
    assert changes(entries) == [(FEB[2], "status", "conflict"), (FEB[1], "new", "single_source")]
    assert entries[0].title == "How many people died? is now Conflict (was One source)"
    assert entries[0].summary == "Sources conflict: 12 vs 30 cannot both be true. New report: Daily News."
    assert entries[1].title == "New fact: How many people died? (One source)"
    assert entries[1].summary == "Only one source: 12. New report: Coast Gazette."
    assert {e.page for e in entries} == {"facts/deaths/"}
    assert {e.story for e in entries} == {""} and {e.story_title for e in entries} == {"A flood"}


def test_a_later_report_that_agrees_changes_nothing() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[1], 12), ("Wire", FEB[3], 12)])
    entries = story_history(story)
    assert changes(entries) == [(FEB[1], "new", "agree")]
    assert entries[0].title == "New fact: How many people died? (Agree)"
    assert entries[0].summary.endswith("New reports: Coast Gazette, Daily News.")


def test_an_undated_report_counts_on_the_storys_latest_day() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Undated Post", None, 30), ("Wire", FEB[3], 12)])
    assert publication_days(story) == {"report-0": FEB[1], "report-1": FEB[3], "report-2": FEB[3]}
    entries = story_history(story)
    assert changes(entries) == [(FEB[3], "status", "conflict"), (FEB[1], "new", "single_source")]
    assert entries[0].summary.endswith("New reports: Undated Post, Wire.")


def test_a_changed_current_value_is_an_entry_of_its_own() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[2], 30), ("Wire", FEB[3], 30),
                        ("Evening Star", FEB[4], 41)], over_time=True)
    entries = story_history(story)
    assert changes(entries) == [(FEB[4], "current", "updated"), (FEB[2], "status", "updated"),
                                (FEB[1], "new", "single_source")]
    assert entries[0].title == "How many people died? current value: 41"
    assert entries[0].summary.endswith("New report: Evening Star.")
    assert entries[1].title == "How many people died? is now Updated (was One source)"


def test_a_limited_history_is_the_newest_whole_days_of_the_full_one() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[2], 30), ("Wire", FEB[3], 30),
                        ("Evening Star", FEB[4], 41)], over_time=True)
    full = story_history(story)
    assert story_history(story, limit=1) == full[:1]
    assert story_history(story, limit=2) == full[:2]
    assert story_history(story, limit=len(full)) == story_history(story, limit=99) == full


def test_no_dated_report_no_history_and_still_a_valid_feed() -> None:
    story = toll_story([("Coast Gazette", None, 12), ("Daily News", None, 30)])
    assert story_history(story) == []
    parsed = feedparser.parse(feed_of(story))
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert parsed.feed.updated == EPOCH


def test_a_feed_without_entries_is_dated_by_the_latest_report() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12)]).model_copy(update={"facts": ()})
    parsed = feedparser.parse(feed_of(story, updated=FEB[1]))
    assert parsed.bozo == 0 and parsed.entries == []
    assert parsed.feed.updated == "2024-02-01T00:00:00Z"


def test_facts_without_a_page_make_no_entry() -> None:
    story = quake_story(61)  # a big story: a fact only one source states has no page
    facts = {e.fact for e in story_history(story)}
    assert "quantity-deaths" in facts
    assert not any(f.startswith("quantity-survivors-") for f in facts)


def test_entries_are_newest_first_then_in_story_order() -> None:
    story = quake_story(5)
    entries = story_history(story)
    order = [f.id for f in story.facts]
    keys = [(-e.day.toordinal(), order.index(e.fact), ("new", "status", "current").index(e.change)) for e in entries]
    assert keys == sorted(keys)
    assert len({e.id for e in entries}) == len(entries)


# --- the feed as a reader reads it ----------------------------------------------------------------------


def test_a_feed_reader_reads_the_feed_and_every_entry() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[2], 30)])
    entries = story_history(story, story_id="flood", prefix="flood/")
    parsed = feedparser.parse(atom_feed(entries, title="A flood", feed_path="flood/feed.xml", home_path="flood/",
                                        site_url=SITE, author="Newsroom"))
    assert parsed.bozo == 0
    feed = parsed.feed
    assert feed.title == "A flood"
    assert feed.id == "https://example.org/news/flood/feed.xml"
    assert feed.updated == "2024-02-02T00:00:00Z"
    assert feed.author == "Newsroom"
    links = {link.rel: link.href for link in feed.links}
    assert links == {"self": "https://example.org/news/flood/feed.xml", "alternate": "https://example.org/news/flood/"}
    assert [e.id for e in parsed.entries] == [e.id for e in entries]
    assert all(e.id.startswith("urn:uuid:") for e in parsed.entries)
    assert [e.link for e in parsed.entries] == ["https://example.org/news/flood/facts/deaths/"] * 2
    assert [e.updated for e in parsed.entries] == ["2024-02-02T00:00:00Z", "2024-02-01T00:00:00Z"]
    assert [[t.term for t in e.tags] for e in parsed.entries] == [["conflict"], ["single_source"]]
    assert parsed.entries[0].title == "How many people died? is now Conflict (was One source)"
    assert parsed.entries[0].summary == entries[0].summary


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_without_site_url_resolve_against_the_feeds_address(directory_urls: bool) -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[2], 30)])
    entries = story_history(story, story_id="flood", prefix="flood/", directory_urls=directory_urls)
    text = atom_feed(entries, title="A flood", feed_path="flood/feed.xml", home_path="flood/", site_url=None,
                     author="Newsroom")
    assert "https://" not in text
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0
    assert parsed.feed.id.startswith("urn:uuid:")
    feed_url = SITE + "flood/feed.xml"
    links = {link.rel: urljoin(feed_url, link.href) for link in parsed.feed.links}
    assert links == {"self": feed_url, "alternate": SITE + "flood/"}
    page = "flood/facts/deaths/" if directory_urls else "flood/facts/deaths.html"
    assert {urljoin(feed_url, e.link) for e in parsed.entries} == {SITE + page}


def test_the_same_story_gives_the_same_bytes() -> None:
    def build() -> str:
        story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[2], 30), ("Wire", None, 31)])
        return feed_of(story, site_url=SITE)

    assert build() == build()


def test_entry_ids_do_not_depend_on_the_feed_they_are_in() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[2], 30)])
    assert [e.id for e in story_history(story, "flood", "flood/")] == [e.id for e in story_history(story, "flood")]
    assert [e.id for e in story_history(story, "flood")] != [e.id for e in story_history(story, "other")]


def test_the_limit_keeps_the_newest_entries() -> None:
    story = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[2], 30)])
    parsed = feedparser.parse(feed_of(story, limit=1))
    assert [e.updated for e in parsed.entries] == ["2024-02-02T00:00:00Z"]


def test_a_site_feed_names_each_entrys_story() -> None:
    flood = toll_story([("Coast Gazette", FEB[1], 12), ("Daily News", FEB[3], 30)])
    fire = toll_story([("Herald", FEB[2], 4)], title="A fire")
    entries = story_history(flood, "flood", "flood/") + story_history(fire, "fire", "fire/")
    parsed = feedparser.parse(atom_feed(entries, title="News", feed_path="feed.xml", home_path="", site_url=SITE,
                                        author="Newsroom"))
    assert parsed.bozo == 0
    assert [e.title for e in parsed.entries] == [
        "A flood: How many people died? is now Conflict (was One source)",
        "A fire: New fact: How many people died? (One source)",
        "A flood: New fact: How many people died? (One source)",
    ]
    assert parsed.entries[1].link == SITE + "fire/facts/deaths/"


def test_markup_and_control_characters_stay_text() -> None:
    evil = "<script>alert('x')</script>"
    story = build_hostile_story()
    story = story.model_copy(update={"title": "Court\x0b case " + evil, "facts": tuple(judge(list(story.facts)))})
    text = feed_of(story)
    assert "<script>" not in text
    parsed = feedparser.parse(text)
    assert parsed.bozo == 0
    assert parsed.feed.title == "Court case " + evil
    assert parsed.entries[0].title.startswith(f"New fact: How large was the fine {evil}?")


# --- the real pipeline ---------------------------------------------------------------------------


FOURTH_DAY = """---
title: Lamu ferry death toll rises to 45
outlet: Coast Gazette
published: 2024-09-19
---
The death toll from the sinking of a passenger ferry off Lamu rose to 45 on Thursday, officials said.

Divers recovered more bodies from the wreck overnight.
"""


@pytest.fixture(scope="module")
def rising_toll_history(tmp_path_factory: pytest.TempPathFactory) -> list[FeedEntry]:
    """The ferry story (12 dead, then 31) with a fourth day's report: the toll rises to 45."""
    from factcompare.pipeline import build_story

    corpus = tmp_path_factory.mktemp("feed") / "rising-toll"
    shutil.copytree(RISING_TOLL, corpus)
    (corpus / "coast-ferry-toll-45.md").write_text(FOURTH_DAY, encoding="utf-8")
    story = build_story(corpus)
    toll = [f for f in story.facts if any("12 people had died" in c.quote for c in f.claims)]
    assert len(toll) == 1
    return [e for e in story_history(story) if e.fact == toll[0].id]


def test_the_rising_ferry_toll_gets_a_current_entry(rising_toll_history: list[FeedEntry]) -> None:
    sep = {day: date(2024, 9, day) for day in (16, 17, 19)}
    assert changes(rising_toll_history) == [(sep[19], "current", "updated"), (sep[17], "status", "updated"),
                                            (sep[16], "new", "single_source")]
    current = rising_toll_history[0]
    assert current.title.endswith("current value: 45")
    # The undated mourning report is counted on the story's latest day, with the fourth day's report.
    assert current.summary.endswith("New reports: Coast Gazette, Lamu mourns ferry victims.")
    assert rising_toll_history[1].summary.startswith("Rose from 12 (16 Sep, 12:00) to 31 (17 Sep)")
