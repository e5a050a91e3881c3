"""Atom feeds (RFC 4287) so readers and other sites can follow a story.

A feed lists what changed: a new fact, a fact whose status changed, an updated figure's new current
value. Output must be byte-identical from one build of a corpus to the next, so there is no build
time anywhere: the story's history is replayed from its articles' publication dates, each day
judging every fact on the claims known by then. An entry's id and date are those of the change
itself, so a reader sees an entry once, however often the site is rebuilt.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Literal
from xml.sax.saxutils import escape

from pydantic import BaseModel, ConfigDict

from ..compare import compare, groups_of, short_value, value_classes
from ..models import Claim, Fact, Story, Value, Verdict
from .urls import absolute, relative
from .views import STATUS_VIEWS, fact_url, has_page
from .views import _label as source_label

Change = Literal["new", "status", "current"]
CHANGE_ORDER: dict[str, int] = {"new": 0, "status": 1, "current": 2}
#: The namespace of every uuid5 a feed writes: the same inputs give the same ids on any machine.
FEED_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/factcompare/factcompare/feed")
ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "1970-01-01T00:00:00Z"
GENERATOR = "factcompare"
STORY_FEED_ENTRIES = 50  # a story's feed: its latest changes
SITE_FEED_ENTRIES = 100  # the site's feed: the latest changes of every story
# Characters XML 1.0 does not allow, even escaped: one in an article's title would make the feed unreadable.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class FeedEntry(BaseModel):
    """One change in a story's history, as a feed entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    story: str
    story_title: str
    fact: str
    change: Change
    day: date
    title: str
    summary: str
    status: str
    page: str


# --- replaying a story ---------------------------------------------------------------------


def publication_days(story: Story) -> dict[str, date]:
    """The day each article was known by: its publication date; an undated one, the story's latest
    date (it was out by then at the latest). Empty when no article is dated: nothing to replay."""
    latest = latest_publication(story)
    if latest is None:
        return {}
    days: dict[str, date] = {}
    for doc in story.documents:
        day = doc.article.published or latest
        # Two files of one id: the article was known from the earlier of them.
        days[doc.article.id] = min(day, days.get(doc.article.id, day))
    return days


def latest_publication(story: Story) -> date | None:
    """The story's latest publication date, None when no article is dated."""
    return max((d.article.published for d in story.documents if d.article.published), default=None)


def _label(status: str) -> str:
    view = STATUS_VIEWS.get(status)
    return view.label if view else status


def _source_labels(story: Story) -> dict[str, str]:
    """Each article's name as its pages show it (`views._label`: the outlet, else its title)."""
    labels: dict[str, str] = {}
    for doc in story.documents:
        labels.setdefault(doc.article.id, source_label(doc))
    return labels


def _brought_by(claims: Sequence[Claim], labels: dict[str, str]) -> str:
    """'New report: Daily News.' — the sources whose claims arrived that day, in claim order."""
    names = list(dict.fromkeys(labels.get(c.article, c.article) for c in claims))
    return f"New report{'s' if len(names) > 1 else ''}: {', '.join(names)}."


def entry_id(story_id: str, fact_id: str, change: str, day: date, what: str) -> str:
    """A stable Atom id: the same change of the same fact on the same day is the same entry in every
    build and in every feed it appears in (the story's and the site's)."""
    key = json.dumps([story_id, fact_id, change, day.isoformat(), what], ensure_ascii=False)
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, key)}"


def _current(verdict: Verdict) -> str | None:
    value = verdict.current
    return short_value(value) if verdict.status == "updated" and value is not None else None


class _Replay:
    """One fact judged on the claims known by each day it gains claims, each day judged at most once."""

    def __init__(self, fact: Fact, days: dict[str, date], latest: date) -> None:
        self.fact = fact
        # A claim whose article the story does not hold counts at the latest date, as an undated one.
        self.arrivals: dict[date, list[Claim]] = {}
        for c in fact.claims:
            self.arrivals.setdefault(days.get(c.article, latest), []).append(c)
        self.days = sorted(self.arrivals)
        self._verdicts: dict[date, Verdict] = {}
        self._classes: tuple[list[int], list[tuple[Value, str]]] | None = None

    def before(self, day: date) -> Verdict | None:
        """The verdict on the last day before `day` that brought claims; None when `day` was the first."""
        k = self.days.index(day)
        return self.verdict(self.days[k - 1]) if k else None

    def verdict(self, day: date) -> Verdict:
        """The verdict on the claims known by `day`. On the day every claim is known it is the fact's
        own, so the feed says what the page says."""
        if day not in self._verdicts:
            fact = self.fact
            known = {c.id for d, claims in self.arrivals.items() if d <= day for c in claims}
            positions = [k for k, c in enumerate(fact.claims) if c.id in known]  # story order
            if len(positions) == len(fact.claims) and fact.verdict is not None:
                verdict = fact.verdict
            else:
                self._classes = self._classes or value_classes([c.effective_value for c in fact.claims])
                claims = tuple(fact.claims[k] for k in positions)
                verdict = compare(fact.model_copy(update={"claims": claims}), groups_of(self._classes, positions))
            self._verdicts[day] = verdict
        return self._verdicts[day]


def story_history(story: Story, story_id: str = "", prefix: str = "", directory_urls: bool = True,
                  limit: int | None = None) -> list[FeedEntry]:
    """Every change of the story's paged facts, replayed from publication dates: newest day first,
    then in story order of facts, then new, status, current. With `limit`, the newest days only,
    down to the day that makes `limit` entries or more (a feed shows the newest): a big story's
    earlier days are not judged at all.

    prefix: the story's folder from the site root ('' or 'quake/').
    """
    days = publication_days(story)
    if not days:
        return []
    latest = max(days.values())
    labels = _source_labels(story)
    replays: dict[date, list[tuple[int, _Replay]]] = {}
    for order, fact in enumerate(story.facts):
        if has_page(story, fact):
            replay = _Replay(fact, days, latest)
            for day in replay.days:
                replays.setdefault(day, []).append((order, replay))
    entries: list[tuple[int, FeedEntry]] = []
    for day in sorted(replays, reverse=True):
        if limit is not None and len(entries) >= limit:
            break
        for order, replay in replays[day]:
            fact, verdict = replay.fact, replay.verdict(day)
            page = prefix + fact_url(story, fact, directory_urls)
            for change, title, what in _changes(fact, replay.before(day), verdict):
                entries.append((order, FeedEntry(
                    id=entry_id(story_id, fact.id, change, day, what), story=story_id, story_title=story.title,
                    fact=fact.id, change=change, day=day, title=title,
                    summary=f"{verdict.summary} {_brought_by(replay.arrivals[day], labels)}".strip(),
                    status=verdict.status, page=page)))
    entries.sort(key=lambda e: (-e[1].day.toordinal(), e[0], CHANGE_ORDER[e[1].change]))
    return [entry for _, entry in entries]


def _changes(fact: Fact, before: Verdict | None, after: Verdict) -> list[tuple[Change, str, str]]:
    """What a day changed of a fact, as (change, entry title, what the entry's id keys on)."""
    status = after.status
    if before is None:
        return [("new", f"New fact: {fact.title} ({_label(status)})", status)]
    if before.status != status:
        return [("status", f"{fact.title} is now {_label(status)} (was {_label(before.status)})", status)]
    now, was = _current(after), _current(before)
    if now is not None and was is not None and now != was:
        return [("current", f"{fact.title} current value: {now}", now)]
    return []


# --- writing a feed ------------------------------------------------------------------------


def _text(value: str) -> str:
    return escape(NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return escape(NOT_XML.sub("", value), {'"': "&quot;"})


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _link(path: str, feed_path: str, site_url: str | None) -> str:
    """Absolute under site_url; without it, relative to the feed file, as readers resolve it."""
    return absolute(site_url, path) or relative(path, feed_path)


def atom_feed(entries: Sequence[FeedEntry], *, title: str, feed_path: str, home_path: str,
              site_url: str | None, author: str, limit: int = STORY_FEED_ENTRIES, updated: date | None = None) -> str:
    """An Atom feed of the entries, newest first, at most `limit`.

    feed_path: the feed file's address from the site root ('feed.xml', 'quake/feed.xml');
    home_path: the page it is the feed of ('', 'quake/'). updated: the feed's date when it has no
    entries (the latest publication date); else the latest entry's day, else 1970-01-01. Entries of
    several stories (a site's feed) have their story's title before their own.
    """
    shown = sorted(entries, key=lambda e: -e.day.toordinal())[:max(limit, 0)]  # stable: story order within a day
    several = len({e.story for e in entries}) > 1
    newest = max((e.day for e in entries), default=updated)
    feed_id = (_link(feed_path, feed_path, site_url) if site_url
               else f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, json.dumps([title, feed_path], ensure_ascii=False))}")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM}">',
        f"  <id>{_text(feed_id)}</id>",
        f"  <title>{_text(title)}</title>",
        f"  <updated>{_timestamp(newest) if newest else EPOCH}</updated>",
        f"  <author><name>{_text(author or GENERATOR)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href="{_attr(_link(feed_path, feed_path, site_url))}"/>',
        f'  <link rel="alternate" type="text/html" href="{_attr(_link(home_path, feed_path, site_url))}"/>',
        f"  <generator>{GENERATOR}</generator>",
    ]
    for entry in shown:
        lines += _entry(entry, feed_path, site_url, several)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _entry(entry: FeedEntry, feed_path: str, site_url: str | None, several: bool) -> list[str]:
    title = f"{entry.story_title}: {entry.title}" if several and entry.story_title else entry.title
    return [
        "  <entry>",
        f"    <id>{_text(entry.id)}</id>",
        f"    <title>{_text(title)}</title>",
        f"    <updated>{_timestamp(entry.day)}</updated>",
        f'    <link rel="alternate" type="text/html" href="{_attr(_link(entry.page, feed_path, site_url))}"/>',
        f'    <summary type="text">{_text(entry.summary)}</summary>',
        f'    <category term="{_attr(entry.status)}" label="{_attr(_label(entry.status))}"/>',
        "  </entry>",
    ]
