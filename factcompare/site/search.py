"""A small static search index of facts and article titles (search.json).

MkDocs' built-in search indexes every word of every page into one file (about 9.5 MB per 1,000
pages, and a fifth of build time): readers look for a fact or a source, so the index holds only
fact titles with their values, and article titles with their outlets. In a big story it holds only
the facts two or more sources state (a single-source fact is found through its article, and such facts
are most of a big story's), and at most VALUES_SHOWN values a fact: 10,000 articles made a 14 MB
index otherwise, too much for a phone.
"""

from __future__ import annotations

from typing import Any

from ..models import Story
from .urls import article_path, page_url
from .views import STATUS_VIEWS, _index, article_title, fact_status, fact_url

VALUES_SHOWN = 20


def search_index(story: Story, directory_urls: bool = True) -> dict[str, Any]:
    """Entries {title, url, type, status?, text}; `url` is relative to the site root."""
    entries: list[dict[str, Any]] = []
    index = _index(story)
    for fact in index.widely_reported if index.big else story.facts:
        values = sorted({c.value.display for c in fact.claims})[:VALUES_SHOWN]
        entries.append({
            "type": "fact", "title": fact.title, "url": fact_url(story, fact, directory_urls),
            "status": STATUS_VIEWS[fact_status(fact)].label, "text": " · ".join(values),
        })
    for doc in story.documents:
        a = doc.article
        entries.append({
            "type": "article", "title": article_title(doc), "url": page_url(article_path(a.id), directory_urls),
            "text": " · ".join(x for x in (a.outlet, a.author, a.published.isoformat() if a.published else None) if x),
        })
    return {"entries": entries}
