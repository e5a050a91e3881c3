"""The MkDocs plugin: adds a page per fact and per article, hands each page its model, writes the data.

MkDocs stays in charge of what it does well (reading site_src/, the theme, copying assets, serving
with live reload); the plugin adds generated pages in memory with `File.generated`, keeps them out of
the navigation, and selects their template through front matter. Nothing is written into tracked
folders. What MkDocs adds that is not deterministic (sitemap.xml.gz, whose gzip header carries the
build date and the output path) is switched off and replaced by our own sitemap.xml.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from ..models import Document, Fact, Story
from ..parallel import fork_map
from ..stories import CORPUS_ENV, STORY_ENV
from .catalogue import StoryCard, site_home_view, stories_json, story_card
from .data import DataFiles, dumps, sitemap_xml
from .digests import Digests, digest, take_digests
from .feed import SITE_FEED_ENTRIES, atom_feed
from .incremental import Entry, Previous, render_salt, stat_entry
from .pagefork import PageHelper, child_share
from .preview import draw_fact, draw_story, fact_preview, story_preview
from .share import STORY_PREVIEW, embed_page, fact_share, oembed_file, oembed_record, preview_file, share_paths, story_share
from .urls import Links, absolute, article_path, fact_path, page_file, page_url, relative
from .views import (
    NotFoundView,
    _index,
    article_view,
    fact_url,
    fact_view,
    has_page,
    home_view,
    site_view,
)

log = logging.getLogger("mkdocs.plugins.factcompare")

# Below this many files to make by a function (preview images: some 7 ms each), forking a process to
# share them costs more than it saves.
PARALLEL_MADE = 48


class FactCompareConfig(Config):
    corpus = c.Type(str, default="corpus")
    """Folder of articles, relative to mkdocs.yml; the FACTCOMPARE_CORPUS environment variable overrides it."""
    report_problems = c.Type(bool, default=True)
    """Log the story's problems as MkDocs warnings when the plugin read the corpus itself."""


# Characters JSON leaves as they are but a YAML document refuses (DEL, C1 controls, U+FFFE, U+FFFF) or
# reads as a line break (NEL, U+2028, U+2029):
# written as \u escapes, which YAML's double-quoted strings read back.
_NOT_IN_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def front_matter(title: str, template: str) -> str:
    # JSON is valid YAML and escapes whatever a title holds. Were the YAML refused, MkDocs would read
    # the whole block as Markdown and pass any markup in the title through as HTML.
    quoted = _NOT_IN_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(title, ensure_ascii=False))
    return f"---\ntitle: {quoted}\ntemplate: {template}\n---\n"


def redirect_html(target: str) -> str:
    """A page that sends a reader from a fact's former id to its current page.

    `target` is a relative link to a folder address (facts/<id>/, articles/<id>/#fact-<id>). Opened
    from disk (file:), a folder shows its listing, so there the script, which runs before the
    refresh is read, goes to the folder's index.html instead."""
    t = jinja2.utils.markupsafe.escape(target)
    path, hash_, fragment = target.partition("#")
    on_disk = path + "index.html" + hash_ + fragment if path == "" or path.endswith("/") else target
    js = json.dumps(on_disk).replace("<", "\\u003c")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
            '<title>Moved</title>'
            f'<script>if (location.protocol === "file:") location.replace({js});</script>'
            f'<meta http-equiv="refresh" content="0; url={t}"><link rel="canonical" href="{t}"></head>'
            f'<body><p>This fact moved: <a href="{t}">{t}</a>.</p></body></html>\n')


# What a generated file holds: its text or bytes, or the function that makes them when they are needed.
Content = str | bytes | Callable[[], str | bytes]


def _call(make: Callable[[], str | bytes]) -> str | bytes:
    return make()


class GeneratedPage(Page):
    """A page the plugin made: its template and its model are the whole page, it has no Markdown.

    MkDocs would set up a Markdown converter for each page (a third of its per-page work) only to
    convert the empty text `on_page_markdown` leaves; this page skips that and has no headings.
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


@dataclass
class StoryPart:
    """One story of the site as the plugin renders it. `story` is None when the story is unchanged since
    the last build: its files are then linked from the last site as they are (`key` says which
    build made them) and `card` is all the site-wide pages need of it."""

    id: str
    prefix: str
    story: Story | None = None
    key: str = ""
    card: StoryCard | None = None
    facts_by_id: dict[str, Fact] = field(default_factory=dict)
    docs_by_id: dict[str, Document] = field(default_factory=dict)
    data: DataFiles | None = None
    fact_files: set[str] = field(default_factory=set)  # facts/<id>.json (story-relative) to write after the pages
    files: list[str] = field(default_factory=list)  # every file it makes, from the site root


class FactComparePlugin(BasePlugin[FactCompareConfig]):
    """`plugins: [factcompare: {corpus: corpus}]` in mkdocs.yml."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._given: tuple[list[StoryPart], bool] | None = None
        self.parts: list[StoryPart] = []
        self.many = False  # a site of many stories: each under its folder, the list of them at the root
        self.env: jinja2.Environment | None = None
        self.pages: dict[str, tuple[str, int, str]] = {}  # src -> kind, index of its part (-1: none), id
        self.directory_urls = True
        self.previous: Previous | None = None
        self.tracking = False  # compute digests and keep a manifest (see `use_previous`)
        self.manifest: dict[str, Entry] = {}
        self.rendered: dict[str, str] = {}
        self.nav: Navigation | None = None
        self.helper: PageHelper | None = None  # a child rendering some of the pages (see `pagefork`)

    # --- the stories -----------------------------------------------------------------------

    def use_story(self, story: Story, corpus: Path | None = None) -> None:
        """Render this story as the whole site instead of reading the corpus (build.py has read it)."""
        self._given = ([StoryPart("", "", story)], False)

    def use_site(self, parts: list[StoryPart], many: bool) -> None:
        """Render these stories (build.py has read them, and says which it reuses whole)."""
        self._given = (parts, many)

    def use_previous(self, previous: Previous | None, track: bool = True) -> None:
        """Reuse the unchanged files of the last build (`previous`; None renders everything) and record
        what this build makes in `manifest` (path -> digest and file identity), for the next build."""
        self.previous = previous
        self.tracking = track

    @property
    def story(self) -> Story | None:
        """The story of a site of one story."""
        return self.parts[0].story if self.parts and not self.many else None

    @property
    def cards(self) -> list[StoryCard]:
        return [part.card for part in self.parts if part.card is not None]

    def corpus_path(self, config: MkDocsConfig) -> Path:
        given = os.environ.get(CORPUS_ENV) or self.config.corpus
        path = Path(given)
        return path if path.is_absolute() else Path(config.config_file_path or ".").resolve().parent / path

    def load_parts(self, config: MkDocsConfig) -> tuple[list[StoryPart], bool]:
        if self._given is not None:
            return self._given
        from ..cache import default_cache_folder
        from ..pipeline import BuildSettings, build_stories
        from ..stories import read_layout

        corpus = self.corpus_path(config)
        layout, problems = read_layout(corpus)
        wanted = os.environ.get(STORY_ENV)
        if wanted and layout.many:
            layout = replace(layout, stories=tuple(s for s in layout.stories if s.id == wanted))
        # In one process (`mkdocs serve` runs threads: no forking), with build.py's cache: a preview
        # after an edit analyses the edited articles only, with the parser the last one loaded.
        settings = BuildSettings(executor="serial", cache=default_cache_folder(corpus))
        stories = build_stories([s.path for s in layout.stories], settings, layout.aliases,
                                default_title=None if layout.many else "factcompare")
        if self.config.report_problems:
            for problem in [*problems, *(p for story in stories for p in story.problems)]:
                log.warning("%s", problem)
        return [StoryPart(s.id, s.prefix, story) for s, story in zip(layout.stories, stories)], layout.many

    # --- MkDocs events ---------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs' sitemap.xml.gz carries a date and the output path in its gzip header: two builds differ.
        config.theme.static_templates.discard("sitemap.xml")
        self.directory_urls = bool(config.use_directory_urls)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.parts, self.many = self.load_parts(config)
        du = self.directory_urls
        # With sitemap.xml no longer a static template, MkDocs would copy its raw template as a file.
        stock_sitemap = files.get_file_from_path("sitemap.xml")
        if stock_sitemap is not None and not stock_sitemap.is_documentation_page() and not Path(
                stock_sitemap.abs_src_path or "").resolve().is_relative_to(Path(config.docs_dir).resolve()):
            files.remove(stock_sitemap)
        self.pages = {}
        self.manifest, self.rendered = {}, {}
        site_dir = Path(config.site_dir)

        def unhide(src: str) -> None:
            hidden = files.get_file_from_path(src)
            if hidden is not None:
                log.warning("site_src/%s hides a generated file of the same name; the generated one wins", src)
                files.remove(hidden)

        # Every generated file is planned first, then the digests taken (in two processes for a big
        # story: the facts' files, the articles' pages), then each file is either linked from the
        # last build (`reused`) or made.
        planned: list[tuple[str, Content, str | None]] = []  # src, content, dest
        fact_digests: dict[str, Callable[[], str]] = {}  # dest -> what its digest is taken from
        article_digests: dict[str, Callable[[], str]] = {}
        salt = render_salt(config) if self.tracking else ""

        def add(src: str, content: Content, dest: str | None = None, digest: Callable[[], str] | None = None,
                part: dict[str, Callable[[], str]] = fact_digests) -> None:
            unhide(src)
            planned.append((src, content, dest))
            if dest is not None and digest is not None:
                part[dest] = digest

        def track(dest: str, digest: Callable[[], str] | None) -> None:
            """A file the plugin writes itself after the pages (facts/<id>.json): only its digest."""
            unhide(dest)
            if digest is not None:
                fact_digests[dest] = digest

        fact_jsons: list[str] = []
        home_src = "index.md"
        if files.get_file_from_path(home_src) is None:
            title = self.story.title if self.story is not None else config.site_name
            files.append(File.generated(config, home_src, content=front_matter(title, "site.html" if self.many
                                                                                 else "home.html")))
        self.pages[home_src] = ("site", -1, "") if self.many else ("home", 0, "")
        taken: dict[str, str] = {}  # redirect address -> the story that wrote it
        # Unchanged stories first: a file this build makes must never land on one linked from the last
        # site (writing it would write through the link into the live site), so their files are taken.
        for part in self.parts:
            if part.story is None:
                self._reuse(part, site_dir)
                taken.update(dict.fromkeys(part.files, part.id))
        for k, part in enumerate(self.parts):
            if part.story is not None:
                self._plan(k, part, config, add, track, salt, fact_jsons, article_digests, taken)
        # facts.json and the site-wide files are written anew every time: one changed article changes them.
        add("search.json", dumps({"entries": [e for card in self.cards for e in card.search]}))
        if self.many:
            add("stories.json", dumps(stories_json(self.cards, du)))
            entries = sorted((e for card in self.cards for e in card.feed), key=lambda e: e.day, reverse=True)
            last = max((c.last for c in self.cards if c.last), default=None)
            add("feed.xml", atom_feed(entries, title=config.site_name, feed_path="feed.xml", home_path="",
                                      site_url=config.site_url, author=config.site_name, limit=SITE_FEED_ENTRIES,
                                      updated=last))
        keys = take_digests([fact_digests, article_digests])

        def reused(dest: str) -> bool:
            """Whether the last build made `dest` from the same inputs (its digest): then that file is
            linked into the new site, and this build must not make it again."""
            key = keys.get(dest)
            if key is None:
                return False
            entry = self.previous.reuse(dest, key, site_dir) if self.previous else None
            if entry is not None:
                self.manifest[dest] = entry
                return True
            self.rendered[dest] = key
            return False

        made = [(src, content) for src, content, dest in planned if dest is None or not reused(dest)]
        # Files made by a function (the preview images: most of the time of a first build's new files)
        # are made only now that the reused ones are known, and shared between processes.
        makers = [content for _, content in made if callable(content)]
        drawn = iter(fork_map(_call, makers, weight=lambda _: 1, workers=None if len(makers) >= PARALLEL_MADE else 1))
        for src, content in made:
            if callable(content):
                content = next(drawn)
            file = File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
            if file.is_documentation_page():
                GeneratedPage(None, file, config)  # sets file.page
            files.append(file)
        for part in self.parts:
            part.fact_files = {path[len(part.prefix):] for path in fact_jsons
                               if path.startswith(part.prefix) and not reused(path)}
        return files

    def _reuse(self, part: StoryPart, site_dir: Path) -> None:
        """Link every file of an unchanged story from the last site (build.py checked they are intact)."""
        entries = self.previous.reuse_story(part.id, part.key, site_dir) if self.previous else None
        if entries is None:
            raise PluginError(f"the last site's files of story '{part.id}' changed during the build; build again.")
        self.manifest.update(entries)
        part.files = sorted(entries)

    def _plan(self, k: int, part: StoryPart, config: MkDocsConfig, add: Callable[..., None],
              track: Callable[[str, Callable[[], str] | None], None], salt: str, fact_jsons: list[str],
              article_digests: dict[str, Callable[[], str]], taken: dict[str, str]) -> None:
        """Plan the files of one story: its home, a page and a JSON a fact, a page an article, redirects,
        its feed (facts.json is written after the pages)."""
        story, p, du = part.story, part.prefix, self.directory_urls
        assert story is not None
        part.facts_by_id = {f.id: f for f in story.facts}
        part.docs_by_id = {d.article.id: d for d in story.documents}
        if part.card is None:
            part.card = story_card(story, part.id, p, du)
        data = part.data = DataFiles(story, du)
        digests = Digests(story, data, salt + "\0" + p) if self.tracking else None
        made = part.files = [p + "facts.json"]
        track(p + "facts.json", None)  # written anew every time, after the pages
        fact_ids = set(part.facts_by_id)

        def plan(src: str, content: Content, dest: str | None = None, digest: Callable[[], str] | None = None,
                 **options: Any) -> None:
            add(src, content, dest, digest, **options)
            made.append(dest or src)

        if p:  # the story's home; a site of one story has the site's (see on_files)
            self.pages[p + "index.md"] = ("home", k, "")
            plan(p + "index.md", front_matter(story.title, "home.html"), page_file(p + "index", du))
        look = story_preview(part.card, config.site_name)
        plan(p + STORY_PREVIEW, functools.partial(draw_story, look), p + STORY_PREVIEW,
             digests and functools.partial(digest, [salt, "preview", look.model_dump_json()]))
        plan(p + "feed.xml", atom_feed(part.card.feed, title=story.title, feed_path=p + "feed.xml", home_path=p,
                                       site_url=config.site_url, author=config.site_name, updated=part.card.last))

        def redirect(path: str, target: str) -> None:
            """A page at the address `path` (from the site root) that sends readers on to `target`."""
            dest = page_file(path, du)
            if taken.setdefault(dest, part.id) != part.id:
                log.warning("%s: story '%s' and story '%s' both once had this address; it stays the first's",
                            path, taken[dest], part.id)
                return
            html = redirect_html(relative(target, page_url(path, du)))
            plan(dest, html, dest, digests and functools.partial(digest, [html]))

        # Where the story lived before (a site of one story grew into many, a folder was renamed), unless
        # another story lives there now.
        moved_from = [old for old in story.former_addresses if old != p and old not in {q.prefix for q in self.parts}]
        for fact in story.facts:
            target = p + fact_url(story, fact, du)
            if has_page(story, fact):
                src = p + fact_path(fact.id) + ".md"
                self.pages[src] = ("fact", k, fact.id)
                plan(src, front_matter(fact.title, "fact.html"), page_file(p + fact_path(fact.id), du),
                     digests and functools.partial(digests.fact_page, fact))
                json_src = p + fact_path(fact.id) + ".json"
                fact_jsons.append(json_src)
                made.append(json_src)
                track(json_src, digests and functools.partial(digests.fact_json, fact))
                self._plan_share(k, part, fact, config, plan, salt, digests)
            elif fact.id in story.once_paged:  # its page is gone (it lost sources): links to it still work
                redirect(p + fact_path(fact.id), target)
            aliases = []
            for alias in fact.aliases:
                if alias in fact_ids:
                    log.warning("fact %s: alias %s is another fact's id; no redirect written", fact.id, alias)
                    continue
                aliases.append(alias)
                redirect(p + fact_path(alias), target)
            for old in moved_from:
                for fid in (fact.id, *aliases):
                    redirect(old + fact_path(fid), target)
        for doc in story.documents:
            aid = doc.article.id
            src = p + article_path(aid) + ".md"
            self.pages[src] = ("article", k, aid)
            plan(src, front_matter(doc.article.title or doc.headline, "article.html"), page_file(p + article_path(aid), du),
                 digests and functools.partial(digests.article_page, doc), part=article_digests)
            for old in moved_from:
                redirect(old + article_path(aid), p + page_url(article_path(aid), du))
        for old in moved_from:
            if old:  # the story's folder was renamed: its old home sends readers to the new one
                redirect(old + "index", p)

    def _plan_share(self, k: int, part: StoryPart, fact: Fact, config: MkDocsConfig, plan: Callable[..., None],
                    salt: str, digests: Digests | None) -> None:
        """A fact's preview image, its embed page and, with site_url, its oEmbed record."""
        p, du, story = part.prefix, self.directory_urls, part.story
        assert story is not None
        look = fact_preview(story, fact, config.site_name)
        plan(p + preview_file(fact.id), functools.partial(draw_fact, look), p + preview_file(fact.id),
             digests and functools.partial(digest, [salt, "preview", look.model_dump_json()]))
        embed_digest = digests and (lambda: digest(["embed", digests.fact_page(fact)]))
        src = p + embed_page(fact.id) + ".md"
        self.pages[src] = ("embed", k, fact.id)
        plan(src, front_matter(fact.title, "embed.html"), page_file(p + embed_page(fact.id), du), embed_digest)
        if config.site_url:
            paths = share_paths(p, fact.id, du)

            def record() -> str:
                view = fact_view(story, fact, Links(paths.embed, du, p))
                return oembed_record(view, config.site_name, config.site_url, paths)

            plan(p + oembed_file(fact.id), record, p + oembed_file(fact.id),
                 embed_digest and (lambda: digest(["oembed", embed_digest()])))

    def lend(self, path: str) -> str | None:
        """The last build's text of a file this build reused (its record goes into facts.json as it is)."""
        return self.previous.read(path) if self.previous is not None and path in self.manifest else None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == "index.md":
            page.meta.setdefault("template", "site.html" if self.many else "home.html")
        if page.file.generated_by:
            return ""  # a generated page is its template and its model; no text of a source becomes Markdown
        if "PARSER_MODEL" in markdown:
            from ..parse import model_id  # which parser read the sentences is part of how the site was made

            markdown = markdown.replace("PARSER_MODEL", f"spaCy's `{model_id()}`")
        return markdown

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    @event_priority(-100)  # last: a child forked here must see the environment as every plugin left it
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # Article text comes from anywhere: escape by default. A template typo must fail the build, not
        # render an empty string.
        env.autoescape = True
        env.undefined = jinja2.StrictUndefined
        self.env = env
        # Part of the article pages to render go to a child process (see `pagefork`).
        rendered = [(file, kind, k, ident) for src, (kind, k, ident) in self.pages.items()
                    if (file := files.get_file_from_path(src)) is not None and file.page is not None]
        listed = {k: _index(part.story).facts_of for k, part in enumerate(self.parts) if part.story is not None}
        handed = child_share([(file, len(listed[k].get(ident, ()))) for file, kind, k, ident in rendered
                              if kind == "article"],
                             fact_pages=sum(kind == "fact" for _, kind, _, _ in rendered),
                             records=sum(len(p.story.facts) + len(p.story.documents) for p in self.parts if p.story))
        self.helper = PageHelper.start(handed, config, files.documentation_pages(
            inclusion=InclusionLevel.is_included), self.nav, env)
        return env

    def on_build_error(self, error: Exception) -> None:
        if self.helper is not None:
            self.helper.abandon()
            self.helper = None

    def on_page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        kind, k, ident = self.pages.get(page.file.src_uri, ("page", -1 if self.many else 0, ""))
        part = self.parts[k] if k >= 0 else None
        story = part.story if part is not None else None
        links = Links(page.url, self.directory_urls, part.prefix if part is not None else "")
        lang = str(config.theme.get("locale") or "en")
        context["site"] = site_view(config.site_name, story, links, lang, self.many)
        view: Any = None
        share = None
        if kind == "site":
            view = site_home_view(self.cards, links)
        elif story is not None and part is not None:
            if kind == "home":
                view = home_view(story, links)
                share = story_share(links, config.site_url, story.title, view.counts)
            elif kind in ("fact", "embed"):
                fact = part.facts_by_id[ident]
                canonical = absolute(config.site_url, page_url(part.prefix + fact_path(fact.id), self.directory_urls))
                view = fact_view(story, fact, links, canonical)
                share = fact_share(view, links, config.site_url)
            elif kind == "article":
                view = article_view(story, part.docs_by_id[ident], links)
        context["view"] = view
        context["share"] = share
        context["page_kind"] = kind
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        du = self.directory_urls
        for part in self.parts:
            if part.data is not None:
                part.data.write(site_dir / part.prefix, part.fact_files,
                                lambda path, prefix=part.prefix: self.lend(prefix + path))
        if self.helper is not None:  # the pages it renders are needed from here on
            self.helper.finish()
            self.helper = None
        for path, key in self.rendered.items():
            entry = stat_entry(site_dir, path, key)
            if entry is not None:
                self.manifest[path] = entry
        for part in self.parts:  # what only a whole-story reuse reads: marked with the story's key
            if part.story is not None and part.key:
                for path in part.files:
                    if path not in self.manifest:
                        entry = stat_entry(site_dir, path, part.key)
                        if entry is not None:
                            self.manifest[path] = entry
        (site_dir / ".nojekyll").write_text("", encoding="utf-8")
        self.write_404(config, site_dir)
        if config.site_url:
            urls = [page_url("index", du)]
            urls += [page_url(p[: -len(".md")], du) for p in ("method.md", "about.md")
                     if (Path(config.docs_dir) / p).exists()]
            urls += [u for card in self.cards for u in card.pages]
            (site_dir / "sitemap.xml").write_text(sitemap_xml(config.site_url, urls), encoding="utf-8")
        else:
            log.info("factcompare: no site_url, so no sitemap.xml (a sitemap needs absolute addresses)")

    @property
    def story_files(self) -> dict[str, tuple[str, list[str]]]:
        """Story id -> the key it was built from and every file it made: what the manifest keeps so that
        the next build can link an unchanged story's files as they are."""
        return {part.id: (part.key, part.files) for part in self.parts if part.key}

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        corpus = self.corpus_path(config)
        if corpus.is_dir():
            server.watch(str(corpus))
        return server

    # --- helpers ---------------------------------------------------------------------------

    def write_404(self, config: MkDocsConfig, site_dir: Path) -> None:
        """404.html is served at any missing address, so relative links cannot work there: with site_url
        the links are absolute; without it the script finds the site root from the address."""
        assert self.env is not None
        if "404.html" not in self.env.list_templates():
            return
        base = (urlsplit(config.site_url).path if config.site_url else "") or ""
        links = Links("", self.directory_urls)
        site = site_view(config.site_name, self.story, links, str(config.theme.get("locale") or "en"), self.many)
        if config.site_url:
            root = absolute(config.site_url)
            site = site.model_copy(update={
                "root": root, "home_href": root, "site_home_href": root,
                **{k: absolute(config.site_url, getattr(site, k)) for k in ("method_href", "about_href", "css_href", "js_href",
                                                             "search_href", "data_href", "feed_href")},
            })
        template = self.env.get_template("404.html")
        html = template.render(config=config, site=site, view=NotFoundView(home_href=site.home_href),
                               page=None, page_kind="404", base_path=base, nav=None)
        (site_dir / "404.html").write_text(html, encoding="utf-8")
