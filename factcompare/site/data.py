"""The site's data files: facts.json, facts/<id>.json and sitemap.xml, as pure functions of the Story.

facts.json follows the contract in DESIGN.md ("Data contract"); fields beyond the contract are only
ever added, never renamed. Output is deterministic: keys sorted, lists in a fixed order, no time.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from html import escape
from pathlib import Path
from typing import Any

from ..models import (
    ArticleOrigin,
    AsOf,
    Claim,
    DateValue,
    Document,
    Fact,
    NameValue,
    Origin,
    PlaceValue,
    QuantityValue,
    Step,
    Story,
    TimeValue,
    Value,
)
from .urls import absolute, article_path, fact_address, fact_path, page_url
from .views import _index, article_title, fact_status, fact_summary, is_big

# The fields each kind must carry (DESIGN.md); value_record adds a few more that help a reader of the data.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "quantity": ("low", "high", "approximate", "unit"),
    "date": ("earliest", "latest"),
    "time": ("earliest", "latest"),
    "place": ("name", "country"),
    "name": ("canonical",),
}


def dumps(data: Any) -> str:
    """JSON as the data files write it: sorted keys, UTF-8 text, one line, final newline."""
    return record_text(data) + "\n"


def record_text(data: Any) -> str:
    """One record on one line. The standard library's C encoder writes only unindented JSON, ten times
    faster than any indenting encoder: facts.json is hundreds of megabytes at 10,000 articles."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def value_record(v: Value) -> dict[str, Any]:
    record: dict[str, Any] = {"kind": v.kind, "display": v.display}
    if isinstance(v, QuantityValue):
        record |= {"low": v.low, "high": v.high, "approximate": v.approximate, "unit": v.unit,
                   "low_inclusive": v.low_inclusive, "high_inclusive": v.high_inclusive}
    elif isinstance(v, DateValue):
        record |= {"earliest": v.earliest.isoformat() if v.earliest else None,
                   "latest": v.latest.isoformat() if v.latest else None, "weekday": v.weekday}
    elif isinstance(v, TimeValue):
        record |= {"earliest": v.earliest, "latest": v.latest, "timezone": v.timezone, "approximate": v.approximate}
    elif isinstance(v, PlaceValue):
        record |= {"name": v.name, "country": v.country, "lineage": list(v.lineage)}
    elif isinstance(v, NameValue):
        record |= {"canonical": v.canonical, "category": v.category, "lineage": list(v.lineage)}
    return record


def as_of_record(a: AsOf | None) -> dict[str, Any] | None:
    """When a figure was true: `date`, `time` ('HH:MM' or null: some time that day), where that comes
    from (`source`: published, sentence, earlier or editor) and the sentence's `words` that say it."""
    if a is None:
        return None
    return {"date": a.day.isoformat(), "time": a.time, "source": a.source, "words": a.words}


def claim_record(c: Claim, origin: Origin | None = None) -> dict[str, Any]:
    """A claim: `value` is what the source wrote; `corrected` the editor's correction (used for the status).
    `cited` is the source its sentence names, one name per source (null: none named); `origin` the
    name of the independent origin it counts for (see `origin_record`)."""
    return {
        "id": c.id, "article": c.article, "sentence": c.sentence, "quote": c.quote, "span": list(c.span),
        "value": value_record(c.value), "corrected": value_record(c.corrected) if c.corrected else None,
        "attribution": c.attribution, "hedges": list(c.hedges), "as_of": as_of_record(c.as_of),
        "cited": origin.name if origin is not None and origin.kind == "cited" else None,
        "origin": origin.name if origin is not None else None,
    }


def origin_record(o: Origin) -> dict[str, Any]:
    """One independent origin of a fact: its `name`, how it was found (`kind`: cited, credit, reprint,
    article), and the `claims` and `articles` that trace to it."""
    return {"name": o.name, "kind": o.kind, "claims": list(o.claims), "articles": list(o.articles)}


def article_origin_record(o: ArticleOrigin | None) -> dict[str, Any]:
    """An article's `credit` (the news agency its credit line names), `reprint_of` (the id of the
    earliest article of its reprint group, when it is a copy), `reprints` (how many articles copy it,
    when it is a group's earliest) and its `origin`'s name.

    A copy names its group's origin, not the group: a group of a thousand members listed in every
    article record made a site's data grow with the square of its articles."""
    if o is None:
        return {"credit": None, "reprint_of": None, "reprints": 0, "origin": None}
    return {"credit": o.credit, "reprint_of": o.first if o.first != o.article else None,
            "reprints": o.group_size - 1 if o.first == o.article else 0, "origin": o.name}


def step_record(s: Step) -> dict[str, Any]:
    """One stage of an updated fact: its value, its claims (earliest first), its first and last as-of times."""
    return {"value": value_record(s.value), "claims": list(s.claims), "first": as_of_record(s.first),
            "last": as_of_record(s.last)}


def article_record(doc: Document, directory_urls: bool = True, origin: ArticleOrigin | None = None) -> dict[str, Any]:
    a = doc.article
    return {
        "id": a.id, "title": article_title(doc), "outlet": a.outlet, "author": a.author,
        "published": a.published.isoformat() if a.published else None, "url": a.url,
        "language": a.language, "page": page_url(article_path(a.id), directory_urls),
    } | article_origin_record(origin)


def fact_record(fact: Fact, article_ids: list[str], directory_urls: bool = True,
                list_silent: bool = True, id_counts: Counter[str] | None = None,
                home: str | None = None) -> dict[str, Any]:
    """`silent` lists the articles that do not mention the fact; in a big story (`list_silent` False) it is
    null and `silent_count` says how many: the lists would make the data grow as facts x articles.
    `id_counts` (Counter(article_ids)), when given, counts them without a pass over every article.
    `home` is the one source of a fact without a page of its own (views.BIG_STORY): `page` is then its
    entry on that source's page, and `data` null."""
    cited = {c.article for c in fact.claims}
    origin_of = {cid: o for o in fact.origins for cid in o.claims}
    record = {
        "id": fact.id, "title": fact.title, "kind": fact.kind, "status": fact_status(fact),
        "summary": fact_summary(fact), "grounds": fact.grounds,
        "page": fact_address(fact.id, home, directory_urls),
        "data": f"{fact_path(fact.id)}.json" if home is None else None,
        "silent": [a for a in article_ids if a not in cited] if list_silent else None,
        "claims": [claim_record(c, origin_of.get(c.id)) for c in fact.claims], "curated": fact.curated,
        "aliases": list(fact.aliases),
        "origins": [origin_record(o) for o in fact.origins], "independent_origins": len(fact.origins),
        "current": value_record(fact.verdict.current) if fact.verdict and fact.verdict.current else None,
        "steps": [step_record(s) for s in fact.verdict.steps] if fact.verdict else [],
    }
    if not list_silent:
        record["silent_count"] = (len(article_ids) - sum(id_counts[a] for a in cited) if id_counts is not None
                                  else sum(1 for a in article_ids if a not in cited))
    return record


def facts_json(story: Story, directory_urls: bool = True) -> dict[str, Any]:
    """The whole story as data: articles sorted by id, facts in story order."""
    articles = article_records(story, directory_urls)
    ids = [a["id"] for a in articles]
    big = is_big(story)
    unpaged = _index(story).unpaged
    return {"articles": articles,
            "facts": [fact_record(f, ids, directory_urls, not big, home=unpaged.get(f.id)) for f in story.facts]}


def article_records(story: Story, directory_urls: bool = True) -> list[dict[str, Any]]:
    """Every article's record, sorted by id (build it once and pass it to `fact_json` for many facts)."""
    origins = {o.article: o for o in story.origins}
    return [article_record(d, directory_urls, origins.get(d.article.id))
            for d in sorted(story.documents, key=lambda d: d.article.id)]


def fact_json(story: Story, fact: Fact, directory_urls: bool = True,
              articles: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One fact in the same shape as facts.json, with the articles it cites or is silent on: all of them,
    or in a big story only those it cites (and a count of the silent ones)."""
    articles = articles if articles is not None else article_records(story, directory_urls)
    ids = [a["id"] for a in articles]
    if is_big(story):
        cited = {c.article for c in fact.claims}
        return {"articles": [a for a in articles if a["id"] in cited],
                "facts": [fact_record(fact, ids, directory_urls, list_silent=False,
                                      home=_index(story).unpaged.get(fact.id))]}
    return {"articles": articles, "facts": [fact_record(fact, ids, directory_urls)]}


def sitemap_xml(site_url: str, urls: list[str]) -> str:
    """A sitemap of absolute addresses, sorted, without lastmod: a build date would break byte-identical output."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(absolute(site_url, u) or u)}</loc></url>" for u in sorted(set(urls))]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


class DataFiles:
    """facts.json and facts/<id>.json of one story, each article record encoded once.

    Both files are {"articles": [...], "facts": [...]} with one record a line (see `_document`): easy
    to grep and diff, and a fact's record is the same text in facts.json and in its own file, so
    `write` encodes it once for both, and streams facts.json to disk record by record (at 10,000
    articles it is over a hundred megabytes).
    """

    def __init__(self, story: Story, directory_urls: bool = True) -> None:
        self.story = story
        self.directory_urls = directory_urls
        self.big = is_big(story)
        self.unpaged = _index(story).unpaged
        docs = sorted(story.documents, key=lambda d: d.article.id)
        self.article_ids = [d.article.id for d in docs]
        origins = {o.article: o for o in story.origins}
        self.article_texts = [record_text(article_record(d, directory_urls, origins.get(d.article.id))) for d in docs]
        self.id_counts = Counter(self.article_ids)
        self.texts_of: dict[str, list[str]] = {}
        for article_id, text in zip(self.article_ids, self.article_texts):
            self.texts_of.setdefault(article_id, []).append(text)

    def fact_text(self, fact: Fact) -> str:
        """The fact's record as facts.json holds it."""
        record = fact_record(fact, self.article_ids, self.directory_urls, not self.big, self.id_counts,
                             self.unpaged.get(fact.id))
        return record_text(record)

    def fact_file(self, fact: Fact, text: str | None = None) -> str:
        """facts/<id>.json (`fact_json` as text); `text` is the fact's record text when known already."""
        return "".join(_document(self.cited_texts(fact) if self.big else self.article_texts,
                                 [text if text is not None else self.fact_text(fact)]))

    def cited_texts(self, fact: Fact) -> list[str]:
        """The records of the articles the fact cites, in id order."""
        return [t for a in sorted({c.article for c in fact.claims}) for t in self.texts_of.get(a, ())]

    def facts_file(self) -> str:
        """facts.json: `facts_json` as text."""
        return "".join(_document(self.article_texts, (self.fact_text(f) for f in self.story.facts)))

    def write(self, site: Path, fact_files: set[str], lend: Callable[[str], str | None] = lambda path: None) -> None:
        """Write into `site` facts.json and the facts/<id>.json named in `fact_files`.

        `lend(path)` gives the text of a fact file the last build wrote and this one reuses unchanged
        (or None): its record text is taken from it instead of encoded again."""
        def texts() -> Iterator[str]:
            for fact in self.story.facts:
                path = f"{fact_path(fact.id)}.json"
                text = None
                if path in fact_files:
                    text = self.fact_text(fact)
                    _write(site / path, self.fact_file(fact, text))
                if text is None:
                    lent = lend(path)
                    text = record_in(lent) if lent is not None else None
                yield text if text is not None else self.fact_text(fact)

        with open(site / "facts.json", "w", encoding="utf-8", newline="\n") as out:
            out.writelines(_document(self.article_texts, texts()))


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


_FACTS_KEY = '\n"facts": [\n'
_END = "\n]}\n"


def record_in(fact_file: str) -> str | None:
    """The fact's record text inside its facts/<id>.json, as facts.json holds it (None if not found)."""
    start = fact_file.rfind(_FACTS_KEY)
    if start < 0 or not fact_file.endswith(_END):
        return None
    return fact_file[start + len(_FACTS_KEY): -len(_END)]


def _document(articles: list[str], facts: Iterable[str]) -> Iterator[str]:
    """{"articles": [...], "facts": [...]} around records of one line each, in pieces:

        {"articles": [
        {"id": "a", ...},
        {"id": "b", ...}
        ],
        "facts": [
        {"id": "x", ...}
        ]}
    """
    def array(items: Iterable[str]) -> Iterator[str]:
        first = True
        for item in items:
            yield ("[\n" if first else ",\n") + item
            first = False
        yield "[]" if first else "\n]"

    yield '{"articles": '
    yield from array(articles)
    yield ',\n"facts": '
    yield from array(facts)
    yield "}\n"
