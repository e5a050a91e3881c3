"""A corpus of one story or of many: which layout a corpus folder has, and what each story is made from.

Two layouts, told apart by where the articles are:

- **one story**: articles at the top of `corpus/`, with `facts.yaml` beside them (the first layout;
  every existing site keeps working). The story's pages sit at the site's root.
- **many stories**: one folder a story, `corpus/<story-id>/`, each with its articles, its own
  `facts.yaml` and its id lock. The story's pages sit under `<story-id>/`; the site's root lists them.

Either way `corpus/aliases.yaml` holds aliases every story shares (a story's own `facts.yaml` adds to
them and wins where both name a variant). A story's *input key* hashes the bytes of every file it is
made from, plus the code and the parser model: equal keys, equal story, so a build of many stories
analyses, aligns and renders again only the stories whose key changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .corpus import SLUG_RE, is_article_candidate, reader_for
from .curation import Curation, load_curation
from .models import Problem

ALIASES_FILE = "aliases.yaml"
CORPUS_ENV = "FACTCOMPARE_CORPUS"  # the corpus `mkdocs build` and `serve` read (mkdocs.yml's otherwise)
STORY_ENV = "FACTCOMPARE_STORY"  # `serve --story ID`: the one story of a corpus of many to serve
Layout = Literal["one story", "many stories"]
# Addresses of the site itself: a story folder of one of these names would take a page's or a file's place.
RESERVED_IDS = frozenset({"method", "about", "assets", "search", "stories", "feed", "sitemap", "404", "index"})


@dataclass(frozen=True)
class StoryFolder:
    """One story of the corpus: its id (its folder's name; '' for a corpus of one story), its folder and
    its place in the site (`prefix`: '' or '<id>/')."""

    id: str
    path: Path
    prefix: str


@dataclass(frozen=True)
class CorpusLayout:
    layout: Layout
    stories: tuple[StoryFolder, ...]
    aliases: tuple[tuple[str, str], ...]  # corpus/aliases.yaml as (variant, canonical) pairs
    aliases_bytes: bytes  # what the shared aliases are made from, for the stories' input keys

    @property
    def many(self) -> bool:
        return self.layout == "many stories"

    def story(self, story_id: str) -> StoryFolder | None:
        return next((s for s in self.stories if s.id == story_id), None)


def has_articles(folder: Path) -> bool:
    return any(p.is_file() and is_article_candidate(p) and reader_for(p) is not None for p in folder.iterdir())


def read_layout(corpus: Path) -> tuple[CorpusLayout, list[Problem]]:
    """The corpus' layout and its stories, sorted by id; every problem found (never raised)."""
    problems: list[Problem] = []
    aliases, aliases_bytes, alias_problems = read_shared_aliases(corpus / ALIASES_FILE)
    problems += alias_problems
    if not corpus.is_dir():
        return CorpusLayout("one story", (StoryFolder("", corpus, ""),), aliases, aliases_bytes), problems
    folders = sorted((p for p in corpus.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                      and has_articles(p)), key=lambda p: p.name)
    if has_articles(corpus) or not folders:
        for folder in folders:
            problems.append(Problem(
                path=str(folder), message="articles at the top of the corpus and in a story folder too.",
                hint=f"A corpus is one story (articles at the top of {corpus}/) or many (one folder a story, "
                     f"nothing at the top): move the top-level articles into a folder of their own, e.g. "
                     f"{corpus}/first-story/, with their facts.yaml and facts.lock.json."))
        return CorpusLayout("one story", (StoryFolder("", corpus, ""),), aliases, aliases_bytes), problems
    stories = []
    for folder in folders:
        if folder.name in RESERVED_IDS or (corpus.parent / "site_src" / f"{folder.name}.md").exists():
            problems.append(Problem(path=str(folder), message=f"'{folder.name}' cannot be a story id: the site has a "
                                    "page of that name at the same address.",
                                    hint="Rename the folder, e.g. after the event: 'ferry-capsizes'."))
            continue
        if not SLUG_RE.match(folder.name):
            problems.append(Problem(path=str(folder), message=f"'{folder.name}' cannot be a story id: it becomes "
                                    "the story's address.",
                                    hint="Rename the folder with lower-case letters, digits and hyphens, "
                                         "e.g. 'ferry-capsizes'."))
            continue
        stories.append(StoryFolder(folder.name, folder, folder.name + "/"))
    return CorpusLayout("many stories", tuple(stories), aliases, aliases_bytes), problems


def read_shared_aliases(path: Path) -> tuple[tuple[tuple[str, str], ...], bytes, list[Problem]]:
    """corpus/aliases.yaml: an `aliases:` section as in facts.yaml, and nothing else."""
    if not path.exists():
        return (), b"", []
    curation, problems = load_curation(path)
    empty = Curation()
    others = [name for name in Curation.model_fields if name != "aliases" and getattr(curation, name) != getattr(empty, name)]
    for name in others:
        problems.append(Problem(path=str(path), line=curation.line_of(name),
                                message=f"'{name}' does not belong in {ALIASES_FILE}: it holds only aliases every "
                                        "story shares.",
                                hint=f"Move '{name}' into the facts.yaml of the story it is about."))
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    return curation.alias_pairs(), data, problems


def merge_aliases(shared: tuple[tuple[str, str], ...], own: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The story's own aliases and the shared ones; the story's wins for a variant both name."""
    mine = {variant for variant, _ in own}
    return tuple(sorted({*own, *((v, c) for v, c in shared if v not in mine)}))


def input_key(story: StoryFolder, layout: CorpusLayout, salt: str) -> str:
    """A hash of everything the story is built from: its folder's files (names and bytes; not those of
    other stories' folders), the shared aliases and `salt` (code, parser model)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(salt.encode() + b"\0" + layout.aliases_bytes + b"\0" + story.prefix.encode())
    files = sorted(p for p in story.path.iterdir() if p.is_file()) if story.path.is_dir() else []
    for path in files:
        h.update(path.name.encode() + b"\0" + hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    return h.hexdigest()
