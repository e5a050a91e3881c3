"""A big story's article pages rendered by two processes: MkDocs' own, and a child forked from it.

MkDocs renders pages one after another; at 10,000 articles that is most of a build. Just before it
starts, the plugin hands part of the article pages to a child forked from the build (where
`parallel.can_fork` allows), and marks them excluded so that MkDocs here skips them. The child
renders them with MkDocs' own page builder: the same templates, context and plugin events, so the
same bytes. What MkDocs and the plugin log there at warning level or above is logged again here when
the child is done, in page order; an error there fails the build here, as it would have.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..parallel import Forked, can_fork, default_workers

# Below this many article pages to render, forking costs more than it saves.
MIN_PAGES = 200
# What the rendering left costs, in milliseconds of the build machine (only the ratios matter), as
# measured at 1,000 articles: an article page 0.11 ms for each fact it lists, a fact page 2 ms, a
# record of the data files (written here, while the child renders) 0.08 ms.
PER_LISTED_FACT = 0.11
PER_FACT_PAGE = 2.0
PER_RECORD = 0.08


def child_share(articles: Sequence[tuple[File, int]], fact_pages: int, records: int) -> list[File]:
    """The article pages (each with how many facts it lists) to hand to the child: about half of the
    work left, counting what only this process does (the fact pages, the data files)."""
    costs = [PER_LISTED_FACT * (listed + 1) for _, listed in articles]
    half = (sum(costs) + PER_FACT_PAGE * fact_pages + PER_RECORD * records) / 2
    share, load = [], 0.0
    for (file, _), cost in zip(articles, costs):
        if load >= half:
            break
        share.append(file)
        load += cost
    return share


class PageHelper:
    """The child rendering some of the pages: `finish` waits for it (call it before the pages are needed)."""

    def __init__(self, child: Forked[list[tuple[str, int, str]]]) -> None:
        self.child = child

    @classmethod
    def start(cls, pages: Sequence[File], config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation,
              env: Any) -> PageHelper | None:
        """Hand `pages` to a forked child, or None (MkDocs renders them here) when not worth it or unsafe."""
        if len(pages) < MIN_PAGES or default_workers() < 2 or not can_fork():
            return None
        doc_files = list(doc_files)  # as MkDocs would pass them, these pages still in
        child = Forked(lambda: _render(pages, config, doc_files, nav, env))
        for file in pages:
            file.inclusion = InclusionLevel.EXCLUDED  # MkDocs renders only included pages
        return cls(child)

    def finish(self) -> None:
        for name, level, message in self.child.result():
            logging.getLogger(name).log(level, "%s", message)

    def abandon(self) -> None:
        self.child.abandon()


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _render(pages: Sequence[File], config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation,
            env: Any) -> list[tuple[str, int, str]]:
    """In the child: render and write the pages; what was logged, to log again in the build."""
    from mkdocs.commands.build import _build_page

    keep = _Keep()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers = [keep]  # the child's own copy of the logger: the build prints them, not this
    mkdocs_log.propagate = False
    for file in pages:
        assert file.page is not None
        _build_page(file.page, config, doc_files, nav, env)
    return keep.records
