"""The stories of a site as its site-wide pages see them: a `StoryCard` a story.

The site home, stories.json, the search index, the sitemap and the site's feed are made from every
story; a story unchanged since the last build is not loaded again (its pages are linked from the last
site), so what those pages need of it is kept in its card, cached with the story's key.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from pydantic import Field

from ..models import Model, Problem, Story
from .feed import SITE_FEED_ENTRIES, STORY_FEED_ENTRIES, FeedEntry, story_history
from .search import search_index
from .urls import Links, article_path, fact_path, page_url
from .views import (
    STATUS_ORDER,
    STATUS_VIEWS,
    StatusView,
    View,
    fact_status,
    has_page,
    human_date,
)


class StoryCard(Model):
    id: str = Field(description="The story's id: its folder's name ('' for a site of one story).")
    prefix: str = Field(description="The story's folder from the site root: '' or '<id>/'.")
    title: str
    summary: str | None = None
    counts: dict[str, int] = Field(description="Facts per status key.")
    facts: int
    sources: int
    first: date | None = Field(description="The earliest publication date of its articles.")
    last: date | None = Field(description="The latest publication date of its articles.")
    search: tuple[dict[str, str], ...] = Field(description="Its entries of search.json, addresses from the site root.")
    pages: tuple[str, ...] = Field(description="Its pages' addresses from the site root, for sitemap.xml.")
    feed: tuple[FeedEntry, ...] = Field(description="Its newest changes (whole days, `FEED_KEPT` or more), for "
                                        "the feeds.")
    problems: tuple[Problem, ...] = Field(default=(), description="The warnings its build found, told again when "
                                          "it is reused.")


#: A card keeps what either feed shows of its story: the newest changes, whole days of them.
FEED_KEPT = max(STORY_FEED_ENTRIES, SITE_FEED_ENTRIES)


def story_card(story: Story, story_id: str, prefix: str, directory_urls: bool = True) -> StoryCard:
    counts = Counter(fact_status(f) for f in story.facts)
    days = sorted(d.article.published for d in story.documents if d.article.published)
    search = []
    for entry in search_index(story, directory_urls)["entries"]:
        entry = {**entry, "url": prefix + entry["url"]}
        if prefix:
            entry["story"] = story.title
        search.append(entry)
    pages = [page_url(prefix + "index", directory_urls)]
    pages += [page_url(prefix + fact_path(f.id), directory_urls) for f in story.facts if has_page(story, f)]
    pages += [page_url(prefix + article_path(d.article.id), directory_urls) for d in story.documents]
    return StoryCard(
        id=story_id, prefix=prefix, title=story.title, summary=story.summary,
        counts={s: counts[s] for s in STATUS_ORDER if counts[s]}, facts=len(story.facts),
        sources=len(story.documents), first=days[0] if days else None, last=days[-1] if days else None,
        search=tuple(search), pages=tuple(pages),
        feed=tuple(story_history(story, story_id, prefix, directory_urls, limit=FEED_KEPT)),
        problems=tuple(p for p in story.problems if p.severity == "warning"),
    )


def newest_first(cards: list[StoryCard]) -> list[StoryCard]:
    """The site home's order: the story with the latest article first; undated stories last, by id."""
    return sorted(cards, key=lambda c: (c.last is None, -(c.last.toordinal() if c.last else 0), c.id))


def stories_json(cards: list[StoryCard], directory_urls: bool = True) -> dict[str, Any]:
    """stories.json: each story's id, title, summary, addresses (from the site root), counts and dates."""
    return {"stories": [{
        "id": c.id, "title": c.title, "summary": c.summary,
        "page": page_url(c.prefix + "index", directory_urls), "data": c.prefix + "facts.json",
        "feed": c.prefix + "feed.xml", "facts": c.facts, "sources": c.sources,
        "counts": {s: c.counts.get(s, 0) for s in STATUS_ORDER},
        "first": c.first.isoformat() if c.first else None, "last": c.last.isoformat() if c.last else None,
    } for c in newest_first(cards)]}


# --- the site home: the list of stories -----------------------------------------------------


class StoryStatusCount(View):
    status: StatusView = Field(description="The status counted.")
    count: int = Field(description="How many of the story's facts have it (never 0: zero counts are left out).")


class StoryRow(View):
    """A story on the site home."""

    id: str = Field(description="The story's id (its folder).")
    title: str = Field(description="The story's title.")
    summary: str | None = Field(description="The editor's paragraph about it, if any.")
    href: str = Field(description="Link to the story's home page.")
    feed_href: str = Field(description="Link to the story's Atom feed.")
    counts: tuple[StoryStatusCount, ...] = Field(description="Its facts per status, in STATUS_ORDER, zeros left out.")
    facts: int = Field(description="How many facts it has.")
    sources: int = Field(description="How many articles it compares.")
    dates: str | None = Field(description="Its articles' dates: '28 Dec 2023 – 2 Jan 2024', one date, or None.")
    first: str | None = Field(description="The earliest publication date, ISO (for <time>).")
    last: str | None = Field(description="The latest publication date, ISO (for <time>).")


class SiteHomeView(View):
    stories: tuple[StoryRow, ...] = Field(description="Every story, newest first (by its latest article).")
    total_facts: int = Field(description="Facts across all stories.")
    total_sources: int = Field(description="Articles across all stories.")
    stories_json_href: str = Field(description="Link to stories.json.")


def date_range(first: date | None, last: date | None) -> str | None:
    if first is None or last is None:
        return None
    if first == last:
        return human_date(first)
    return f"{human_date(first)} – {human_date(last)}"


def site_home_view(cards: list[StoryCard], links: Links) -> SiteHomeView:
    rows = tuple(StoryRow(
        id=c.id, title=c.title, summary=c.summary, href=links.page(c.prefix + "index"),
        feed_href=links.to(c.prefix + "feed.xml"),
        counts=tuple(StoryStatusCount(status=STATUS_VIEWS[s], count=c.counts[s]) for s in STATUS_ORDER
                     if c.counts.get(s)),
        facts=c.facts, sources=c.sources, dates=date_range(c.first, c.last),
        first=c.first.isoformat() if c.first else None, last=c.last.isoformat() if c.last else None,
    ) for c in newest_first(cards))
    return SiteHomeView(stories=rows, total_facts=sum(c.facts for c in cards),
                        total_sources=sum(c.sources for c in cards), stories_json_href=links.to("stories.json"))
