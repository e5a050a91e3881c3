"""What each generated file is made from, as a digest: equal digests, equal bytes.

A rebuild renders only the files whose digest changed (see `incremental`). A digest covers the models
a file shows and the site-level values it prints; the templates, the site code and the config values
that shape pages are in the `salt`. Each function here mirrors a builder in `views` or `data`: when a
page starts to show something new, its digest must take it in too (tests/test_render_incremental.py
compares a rebuild with a cold build to catch a digest that misses something).

Site-wide values are kept off per-fact and per-article pages where the design allows, so that one
changed article re-renders only the pages of the facts it states and its own page. What remains: a
fact page counts the sources that do not mention it (it changes when articles are added or removed),
and in a small story lists them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

from ..models import Document, Fact, Story
from ..parallel import fork_map
from .data import DataFiles
from .views import SILENT_SHOWN, _index, _StoryIndex, fact_status, is_anchored


# Article fields no page shows: where the corpus file lies, and the line its body starts on.
_NOT_SHOWN = {"source", "body_line"}
# Nor what a claim is about (its Subject: alignment's evidence, 40% of a claim's JSON).
_FACT_NOT_SHOWN = {"claims": {"__all__": {"subject"}}}
# Below this many files a story's digests take less time than starting a process to share them.
PARALLEL_DIGESTS = 256


def digest(parts: Iterable[str]) -> str:
    """Hash of the parts in order; a part never holds NUL (model JSON escapes it), so the join is unique."""
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Digests:
    """Digests of one story's generated files, each model serialised and hashed at most once."""

    def __init__(self, story: Story, data: DataFiles, salt: str) -> None:
        self.story = story
        self.index: _StoryIndex = _index(story)
        self.data = data
        self.salt = salt
        self._facts: dict[int, str] = {}
        self._articles: dict[int, str] = {}
        self._fact_json: dict[int, str] = {}
        self._refs: dict[int, str] = {}
        self._all_records = digest(data.article_texts)

    def fact_model(self, fact: Fact) -> str:
        key = self._facts.get(id(fact))
        if key is None:
            key = self._facts[id(fact)] = digest([fact.model_dump_json(exclude=_FACT_NOT_SHOWN)])
        return key

    def article_meta(self, doc: Document) -> str:
        """What other pages show of an article: its metadata and headline, not its text."""
        key = self._articles.get(id(doc))
        if key is None:
            key = self._articles[id(doc)] = digest([doc.article.model_dump_json(exclude=_NOT_SHOWN | {"body"}),
                                                    doc.headline])
        return key

    def fact_page(self, fact: Fact) -> str:
        """`views.fact_view`: the fact, its sources' metadata, the silent sources listed and counted."""
        index = self.index
        parts = [self.salt, "fact-page", self.fact_model(fact), str(index.big)]
        # Not the articles' fact counts (ArticleRef.claims): fact.html does not print them, and they
        # change whenever a source states one more fact.
        for c in fact.claims:
            doc = index.docs.get(c.article)
            parts.append(self.article_meta(doc) if doc else f"missing {c.article}")
            # its card names its credit and its reprint group's earliest article and size (views.reprint_line)
            origin = index.origins.get(c.article)
            if origin is not None:
                parts.append(f"{origin.credit}\0{origin.first}\0{origin.group_size}")
                first = index.docs.get(origin.first) if origin.first else None
                if first is not None:
                    parts.append(self.article_meta(first))
        cited = {c.article for c in fact.claims}
        parts.append(str(len(self.story.documents) - sum(index.doc_ids[a] for a in cited)))
        if not index.big:  # a big story's fact page only counts its silent sources
            parts += [self.article_meta(doc) for doc in self.story.documents if doc.article.id not in cited]
        return digest(parts)

    def article_page(self, doc: Document) -> str:
        """`views.article_view`: the document, the facts it states (title, status, whether its claim has an
        anchor on the fact page) with its own claims, and the unmentioned facts listed."""
        index = self.index
        aid = doc.article.id
        parts = [self.salt, "article-page", doc.model_dump_json(exclude={"article": _NOT_SHOWN}), str(index.big)]
        mentioned = set()
        for fact, own in index.facts_of.get(aid, []):
            mentioned.add(fact.id)
            parts += [self._fact_ref(fact), str(is_anchored(index, fact, aid))]
            parts += [f"{c.sentence} {c.span[0]} {c.span[1]} {c.article} {c.quote}" for c in own]
        parts.append("silent")
        candidates = index.widely_reported if index.big else self.story.facts
        listed = 0
        for fact in candidates:
            if index.big and listed == SILENT_SHOWN:
                break
            if fact.id not in mentioned:
                parts.append(self._fact_ref(fact))
                listed += 1
        parts.append(str(len(self.story.facts) - len(mentioned) > listed))
        return digest(parts)

    def _fact_ref(self, fact: Fact) -> str:
        """What a link to a fact shows (views.FactRef): id, title, kind, status, and where it goes."""
        key = self._refs.get(id(fact))
        if key is None:
            home = self.index.unpaged.get(fact.id, "")
            key = self._refs[id(fact)] = f"{fact.id}\0{fact.title}\0{fact.kind}\0{fact_status(fact)}\0{home}"
        return key

    def fact_json(self, fact: Fact) -> str:
        """`data.DataFiles.fact_file`: the fact's record and the article records it carries."""
        key = self._fact_json.get(id(fact))
        if key is None:
            parts = [self.salt, "fact-json", self.fact_model(fact), str(self.data.big),
                     self.data.unpaged.get(fact.id, "")]
            if self.data.big:
                parts += self.data.cited_texts(fact)
                cited = {c.article for c in fact.claims}
                parts.append(str(len(self.data.article_ids) - sum(self.data.id_counts[a] for a in cited)))
            else:
                parts.append(self._all_records)
            key = self._fact_json[id(fact)] = digest(parts)
        return key


def take_digests(parts: Sequence[dict[str, Callable[[], str]]]) -> dict[str, str]:
    """Each file's digest (path -> digest) from the functions that take them, the parts in parallel
    processes when there are enough files to be worth it. Files whose digests share work (a fact's
    page and its JSON both serialise the fact) belong in one part: each process has its own memos."""
    workers = None if sum(map(len, parts)) >= PARALLEL_DIGESTS else 1
    return {path: key for taken in fork_map(_take, parts, weight=len, workers=workers) for path, key in taken.items()}


def _take(part: dict[str, Callable[[], str]]) -> dict[str, str]:
    return {path: take() for path, take in part.items()}
