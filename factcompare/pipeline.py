"""The whole pipeline in memory: corpus folder in, Story out. Only rendering touches the output.

read -> normalise -> extract run per article (in parallel, cached by content); align -> overrides
-> compare run once over all claims.
"""

from __future__ import annotations

import ctypes
import gc
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from pydantic import Field

from .align import align
from .asof import undated_earlier
from .cache import StageCache, cache_salt, cached_map
from .compare import judge
from .corpus import read_corpus
from .curation import Curation, load_curation
from .grounds import grounds
from .ids import LOCK_FILE, Held, read_lock, stabilise
from .models import Article, Claim, Document, Fact, Model, Problem, Story, Subject
from .origins import signature, trace
from .overrides import apply_overrides
from .stories import merge_aliases

log = logging.getLogger(__name__)

FACTS_FILE = "facts.yaml"


class ArticleResult(Model):
    """What the per-article stages make of one article; the unit of caching and of parallel work."""

    document: Document
    claims: tuple[Claim, ...]
    signature: str = Field(default="", description="The document's MinHash, for reprint detection "
                           "(`origins.signature`).")


class BuildSettings(Model):
    executor: str = Field(default="process", description="serial, thread, process or dask://HOST:PORT.")
    workers: int | None = None
    cache: Path | None = Field(default=None, description="Cache folder; None: no cache.")
    progress: bool = False


def analyse(article: Article, aliases: tuple[tuple[str, str], ...] = ()) -> ArticleResult:
    """Normalise and extract one article: a pure function of its content and the alias list."""
    return analyse_many([(article, aliases)])[0]


def analyse_many(jobs: list[tuple[Article, tuple[tuple[str, str], ...]]]) -> list[ArticleResult]:
    """`analyse` of each (article, aliases) pair, the sentences all of them need parsed in one call:
    the parser's cost per call is paid once for the lot, not once an article (a fifth of the parsing
    time, 25 articles at a time)."""
    # Imported here: a build whose analyses are all cached needs neither (40 ms of imports).
    from .extract import ExtractContext, claims_of, read_values
    from .normalise import normalise
    from .parse import parse

    documents = [normalise(article) for article, _ in jobs]
    contexts = [ExtractContext(published=article.published, aliases=aliases) for article, aliases in jobs]
    readings = [read_values(document, context) for document, context in zip(documents, contexts)]
    parses = iter(parse([text for document, reading in zip(documents, readings)
                         for text in reading.to_parse(document)]))
    return [ArticleResult(document=document, signature=signature(document),
                          claims=claims_of(document, context, reading, list(islice(parses, len(reading.wanted)))))
            for document, context, reading in zip(documents, contexts, readings)]


def _analyse_job(job: tuple[Article, tuple[tuple[str, str], ...]]) -> ArticleResult:
    return analyse(*job)


def _job_key(job: tuple[Article, tuple[tuple[str, str], ...]]) -> str:
    article, aliases = job
    return article.model_dump_json() + "\0" + json.dumps(aliases)


def analyse_all(jobs: list[tuple[Article, tuple[tuple[str, str], ...]]], settings: BuildSettings,
                meanwhile: Callable[[], None] | None = None) -> list[ArticleResult]:
    """Per-article stages over (article, its story's aliases) pairs, of one story or of many: cached
    results first, the rest in parallel in one pool, while this process does `meanwhile()` (see
    `cached_map`)."""
    from .parse import (
        model_id,  # which model: a missing one is reported here, before any work is handed out
    )

    cache = None
    if settings.cache:
        # The parser decides what values are about: another model, another analysis.
        cache = StageCache(settings.cache, salt=cache_salt("analyse", {"model": model_id()}), value_type=ArticleResult)
    return cached_map(cache, _analyse_job, jobs, key=_job_key, value_type=ArticleResult, meanwhile=meanwhile,
                      many=analyse_many, executor=settings.executor, workers=settings.workers,
                      progress=settings.progress)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage-collector passes while a story is built: the stages allocate millions of small objects
    and make few reference cycles, so each automatic pass only re-scans the results kept so far (a
    fifth of the analysis and a tenth of the alignment on 1,000 articles). Cycles made meanwhile are
    collected by a later full pass, so a long-running preview does not leak."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What was made meanwhile joins the oldest generation unscanned: the first pass would
            # otherwise scan all of it at once (0.15 s at 1,000 articles, with the build done).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _sentences_before(results: list[ArticleResult]) -> dict[str, str]:
    """Claim id -> the sentence before the claim's, for the claims that have one."""
    previous = {}
    for r in results:
        sentences = r.document.sentences
        for c in r.claims:
            if c.sentence > 0:
                previous[c.id] = sentences[c.sentence - 1].text
    return previous


_NO_EVIDENCE = Subject()


def _drop_evidence(facts: list[Fact]) -> None:
    """Each claim's Subject is alignment's evidence: once the facts are made nothing reads it (the
    site shows none of it), so the claims let it go (a big build's peak memory fell by 90 MB at
    10,000 articles). The one place a built story's models change after they are made: each
    claim drops its reference (no Subject is changed, and the cache keeps the whole claim)."""
    for fact in facts:
        for claim in fact.claims:
            object.__setattr__(claim, "subject", _NO_EVIDENCE)


def return_free_memory() -> None:
    """Hand the memory alignment freed back to the system: glibc's allocator keeps it otherwise (300 MB
    at 10,000 articles), and the pages rendered next would run on top of it."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


@dataclass
class StoryInputs:
    """What a story folder holds, read and validated: its articles, its curation, the problems found."""

    folder: Path
    articles: list[Article]
    curation: Curation
    aliases: tuple[tuple[str, str], ...]  # the story's own and the shared ones
    problems: list[Problem]

    def jobs(self) -> list[tuple[Article, tuple[tuple[str, str], ...]]]:
        return [(a, self.aliases) for a in self.articles]


def read_story(corpus: Path, shared_aliases: tuple[tuple[str, str], ...] = ()) -> StoryInputs:
    articles, problems = read_corpus(corpus)
    facts_path = corpus / FACTS_FILE
    curation, curation_problems = load_curation(facts_path, display=str(facts_path))
    return StoryInputs(corpus, articles, curation, merge_aliases(shared_aliases, curation.alias_pairs()),
                       problems + curation_problems)


def build_story(corpus: Path, settings: BuildSettings | None = None, default_title: str = "factcompare",
                identity: list[Held] | None = None, meanwhile: Callable[[], None] | None = None,
                shared_aliases: tuple[tuple[str, str], ...] = ()) -> Story:
    """The Story of a corpus folder, with every problem found on the way (never raised).

    `identity`, when given, receives the facts as the id lock must record them: before the editor's
    overrides, so that a rename or a merge in facts.yaml applies the same way on every build.
    `meanwhile()`, when given, is the caller's work to do while workers analyse the articles.
    `shared_aliases` are corpus/aliases.yaml's, which the story's own facts.yaml adds to.
    """
    return build_stories([Path(corpus)], settings or BuildSettings(executor="serial"), shared_aliases,
                         [identity] if identity is not None else None, meanwhile, default_title)[0]


def build_stories(folders: list[Path], settings: BuildSettings, shared_aliases: tuple[tuple[str, str], ...] = (),
                  identities: list[list[Held]] | None = None, meanwhile: Callable[[], None] | None = None,
                  default_title: str | None = None) -> list[Story]:
    """`build_story` for several story folders, their articles analysed in one pool (a pool a story
    would load the parser again in each). A story without a title in its facts.yaml is called
    `default_title`, or by its folder's name."""
    inputs = [read_story(folder, shared_aliases) for folder in folders]
    with collector_paused():
        results = analyse_all([job for i in inputs for job in i.jobs()], settings, meanwhile)
        stories = []
        for k, story_inputs in enumerate(inputs):
            # Each story's results leave this list as it is assembled (assemble_story empties `mine`).
            mine, results = results[:len(story_inputs.articles)], results[len(story_inputs.articles):]
            title = default_title or story_inputs.folder.name.replace("-", " ").replace("_", " ").capitalize()
            stories.append(assemble_story(story_inputs, mine, settings, title,
                                          identities[k] if identities is not None else None))
        return stories


def assemble_story(inputs: StoryInputs, results: list[ArticleResult], settings: BuildSettings,
                   default_title: str = "factcompare", identity: list[Held] | None = None) -> Story:
    """Align the analysed articles into facts, give them their locked ids and the editor's overrides,
    and judge them."""
    corpus, curation, problems = inputs.folder, inputs.curation, list(inputs.problems)
    facts_path = corpus / FACTS_FILE
    inputs.articles = []  # the documents hold them as analysed: these copies would stay to the end
    documents = tuple(r.document for r in results)
    signatures = [r.signature for r in results]
    claims = undated_earlier([c for r in results for c in r.claims], documents)
    previous = _sentences_before(results) if curation.facts else {}  # only curated cues read them
    results.clear()  # handed over by the caller: what alignment no longer needs goes with them
    facts = align(claims, curation, previous, workers=1 if settings.executor == "serial" else settings.workers)
    facts = [f.model_copy(update={"grounds": grounds(f)}) for f in facts]  # before the evidence goes
    del claims, previous
    _drop_evidence(facts)
    return_free_memory()
    lock, lock_problems = read_lock(corpus / LOCK_FILE)
    problems += lock_problems
    facts = stabilise(facts, lock)
    if identity is not None:
        identity[:] = map(Held.of, facts)
    facts, override_problems = apply_overrides(facts, curation, str(facts_path))
    problems += override_problems
    # Origins come last and only add to the judged facts: no claim moves, no status changes.
    facts, origins = trace(judge(facts), documents, inputs.aliases, signatures)
    return Story(
        title=curation.story.title or default_title,
        summary=curation.story.summary,
        documents=documents,
        facts=tuple(facts),
        origins=origins,
        problems=tuple(problems),
        once_paged=frozenset(lock.paged),
        former_addresses=lock.former_addresses,
    )
