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
from pathlib import Path
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from ..models import Fact, Story
from .data import DataFiles, dumps, sitemap_xml
from .digests import Digests, digest, take_digests
from .incremental import Entry, Previous, render_salt, stat_entry
from .pagefork import PageHelper, child_share
from .search import search_index
from .urls import Links, article_path, fact_path, page_file, page_url, relative
from .views import NotFoundView, _index, article_view, fact_url, fact_view, has_page, home_view, site_view

log = logging.getLogger("mkdocs.plugins.factcompare")

CORPUS_ENV = "FACTCOMPARE_CORPUS"


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
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Moved</title>'
            f'<script>if (location.protocol === "file:") location.replace({js});</script>'
            f'<meta http-equiv="refresh" content="0; url={t}"><link rel="canonical" href="{t}"></head>'
            f'<body><p>This fact moved: <a href="{t}">{t}</a>.</p></body></html>\n')


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


class FactComparePlugin(BasePlugin[FactCompareConfig]):
    """`plugins: [factcompare: {corpus: corpus}]` in mkdocs.yml."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._given: Story | None = None
        self.story: Story | None = None
        self.env: jinja2.Environment | None = None
        self.pages: dict[str, tuple[str, str]] = {}
        self.facts_by_id: dict[str, Any] = {}
        self.docs_by_id: dict[str, Any] = {}
        self.directory_urls = True
        self.previous: Previous | None = None
        self.tracking = False  # compute digests and keep a manifest (see `use_previous`)
        self.manifest: dict[str, Entry] = {}
        self.rendered: dict[str, str] = {}
        self.data: DataFiles | None = None
        self.fact_files: set[str] = set()  # facts/<id>.json to write after the pages
        self.nav: Navigation | None = None
        self.helper: PageHelper | None = None  # a child rendering some of the pages (see `pagefork`)

    # --- the story -------------------------------------------------------------------------

    def use_story(self, story: Story, corpus: Path | None = None) -> None:
        """Render this story instead of reading the corpus (build.py has read it already)."""
        self._given = story

    def use_previous(self, previous: Previous | None, track: bool = True) -> None:
        """Reuse the unchanged files of the last build (`previous`; None renders everything) and record
        what this build makes in `manifest` (path -> digest and file identity), for the next build."""
        self.previous = previous
        self.tracking = track

    def corpus_path(self, config: MkDocsConfig) -> Path:
        given = os.environ.get(CORPUS_ENV) or self.config.corpus
        path = Path(given)
        return path if path.is_absolute() else Path(config.config_file_path or ".").resolve().parent / path

    def load_story(self, config: MkDocsConfig) -> Story:
        if self._given is not None:
            return self._given
        from ..pipeline import build_story

        story = build_story(self.corpus_path(config))
        if self.config.report_problems:
            for problem in story.problems:
                log.warning("%s", problem)
        return story

    # --- MkDocs events ---------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs' sitemap.xml.gz carries a date and the output path in its gzip header: two builds differ.
        config.theme.static_templates.discard("sitemap.xml")
        self.directory_urls = bool(config.use_directory_urls)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.story = story = self.load_story(config)
        du = self.directory_urls
        # With sitemap.xml no longer a static template, MkDocs would copy its raw template as a file.
        stock_sitemap = files.get_file_from_path("sitemap.xml")
        if stock_sitemap is not None and not stock_sitemap.is_documentation_page() and not Path(
                stock_sitemap.abs_src_path or "").resolve().is_relative_to(Path(config.docs_dir).resolve()):
            files.remove(stock_sitemap)
        self.pages = {}
        self.facts_by_id = {f.id: f for f in story.facts}
        self.docs_by_id = {d.article.id: d for d in story.documents}
        if files.get_file_from_path("index.md") is None:
            files.append(File.generated(config, "index.md", content=front_matter(story.title, "home.html")))
        self.pages["index.md"] = ("home", "")

        def unhide(src: str) -> None:
            hidden = files.get_file_from_path(src)
            if hidden is not None:
                log.warning("site_src/%s hides a generated file of the same name; the generated one wins", src)
                files.remove(hidden)

        # Every generated file is planned first, then the digests taken (in two processes for a big
        # story: the facts' files, the articles' pages), then each file is either linked from the
        # last build (`reused`) or made.
        planned: list[tuple[str, str, str | None]] = []  # src, content, dest
        fact_digests: dict[str, Callable[[], str]] = {}  # dest -> what its digest is taken from
        article_digests: dict[str, Callable[[], str]] = {}

        def add(src: str, content: str, dest: str | None = None, digest: Callable[[], str] | None = None,
                part: dict[str, Callable[[], str]] = fact_digests) -> None:
            unhide(src)
            planned.append((src, content, dest))
            if dest is not None and digest is not None:
                part[dest] = digest

        site_dir = Path(config.site_dir)
        fact_ids = {f.id for f in story.facts}
        data = self.data = DataFiles(story, du)
        digests = Digests(story, data, render_salt(config)) if self.tracking else None
        # The data files are written after the pages (`on_post_build`), by the plugin: one fact's
        # record encoded once for both of its files, facts.json streamed rather than held in memory.
        fact_jsons = []

        def redirect(fact: Fact, old_id: str) -> None:
            """A page at facts/<old_id>/ that sends readers on to the fact's address."""
            old = page_file(fact_path(old_id), du)
            html = redirect_html(relative(fact_url(story, fact, du), page_url(fact_path(old_id), du)))
            add(old, html, old, digests and functools.partial(digest, [html]))

        for fact in story.facts:
            if has_page(story, fact):
                src = fact_path(fact.id) + ".md"
                self.pages[src] = ("fact", fact.id)
                add(src, front_matter(fact.title, "fact.html"), page_file(fact_path(fact.id), du),
                    digests and functools.partial(digests.fact_page, fact))
                json_src = fact_path(fact.id) + ".json"
                unhide(json_src)
                fact_jsons.append(json_src)
                if digests:
                    fact_digests[json_src] = functools.partial(digests.fact_json, fact)
            elif fact.id in story.once_paged:  # its page is gone (it lost sources): links to it still work
                redirect(fact, fact.id)
            for alias in fact.aliases:
                if alias in fact_ids:
                    log.warning("fact %s: alias %s is another fact's id; no redirect written", fact.id, alias)
                    continue
                redirect(fact, alias)
        for doc in story.documents:
            src = article_path(doc.article.id) + ".md"
            self.pages[src] = ("article", doc.article.id)
            add(src, front_matter(doc.article.title or doc.headline, "article.html"), page_file(article_path(doc.article.id), du),
                digests and functools.partial(digests.article_page, doc), article_digests)
        # facts.json is written anew every time: one changed article changes it (its records are in
        # it), and its digest would cost more than its writing saves when nothing changed.
        unhide("facts.json")
        add("search.json", dumps(search_index(story, du)))
        keys = take_digests([fact_digests, article_digests])
        self.manifest, self.rendered = {}, {}

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

        for src, content, dest in planned:
            if dest is not None and reused(dest):
                continue
            file = File.generated(config, src, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
            if file.is_documentation_page():
                GeneratedPage(None, file, config)  # sets file.page
            files.append(file)
        self.fact_files = {path for path in fact_jsons if not reused(path)}
        return files

    def lend(self, path: str) -> str | None:
        """The last build's text of a file this build reused (its record goes into facts.json as it is)."""
        return self.previous.read(path) if self.previous is not None and path in self.manifest else None

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == "index.md":
            page.meta.setdefault("template", "home.html")
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
        assert self.story is not None
        listed = _index(self.story).facts_of
        rendered = [(file, kind, ident) for src, (kind, ident) in self.pages.items()
                    if (file := files.get_file_from_path(src)) is not None and file.page is not None]
        handed = child_share([(file, len(listed.get(ident, ()))) for file, kind, ident in rendered if kind == "article"],
                             fact_pages=sum(kind == "fact" for _, kind, _ in rendered),
                             records=len(self.story.facts) + len(self.story.documents))
        self.helper = PageHelper.start(handed, config, files.documentation_pages(
            inclusion=InclusionLevel.is_included), self.nav, env)
        return env

    def on_build_error(self, error: Exception) -> None:
        if self.helper is not None:
            self.helper.abandon()
            self.helper = None

    def on_page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        assert self.story is not None
        links = Links(page.url, self.directory_urls)
        lang = str(config.theme.get("locale") or "en")
        context["site"] = site_view(config.site_name, self.story, links, lang)
        kind, ident = self.pages.get(page.file.src_uri, ("page", ""))
        view: Any = None
        if kind == "home":
            view = home_view(self.story, links)
        elif kind == "fact":
            fact = self.facts_by_id[ident]
            view = fact_view(self.story, fact, links, self.absolute(config, page.url))
        elif kind == "article":
            doc = self.docs_by_id[ident]
            view = article_view(self.story, doc, links)
        context["view"] = view
        context["page_kind"] = kind
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.story is not None
        site_dir = Path(config.site_dir)
        assert self.data is not None
        self.data.write(site_dir, self.fact_files, self.lend)
        if self.helper is not None:  # the pages it renders are needed from here on
            self.helper.finish()
            self.helper = None
        for path, key in self.rendered.items():
            entry = stat_entry(site_dir, path, key)
            if entry is not None:
                self.manifest[path] = entry
        (site_dir / ".nojekyll").write_text("", encoding="utf-8")
        self.write_404(config, site_dir)
        if config.site_url:
            urls = [page_url("index", self.directory_urls)]
            urls += [page_url(p[: -len(".md")], self.directory_urls) for p in ("method.md", "about.md")
                     if (Path(config.docs_dir) / p).exists()]
            urls += [page_url(fact_path(f.id), self.directory_urls) for f in self.story.facts if has_page(self.story, f)]
            urls += [page_url(article_path(d.article.id), self.directory_urls) for d in self.story.documents]
            (site_dir / "sitemap.xml").write_text(sitemap_xml(config.site_url, urls), encoding="utf-8")
        else:
            log.info("factcompare: no site_url, so no sitemap.xml (a sitemap needs absolute addresses)")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        corpus = self.corpus_path(config)
        if corpus.is_dir():
            server.watch(str(corpus))
        return server

    # --- helpers ---------------------------------------------------------------------------

    def absolute(self, config: MkDocsConfig, url: str) -> str | None:
        if not config.site_url:
            return None
        return config.site_url.rstrip("/") + "/" + url

    def write_404(self, config: MkDocsConfig, site_dir: Path) -> None:
        """404.html is served at any missing address, so relative links cannot work there: with site_url
        the links are absolute; without it the script finds the site root from the address."""
        assert self.env is not None and self.story is not None
        if "404.html" not in self.env.list_templates():
            return
        base = (urlsplit(config.site_url).path if config.site_url else "") or ""
        links = Links("", self.directory_urls)
        site = site_view(config.site_name, self.story, links, str(config.theme.get("locale") or "en"))
        if config.site_url:
            absolute = config.site_url.rstrip("/") + "/"
            site = site.model_copy(update={
                "root": absolute, "home_href": absolute,
                **{k: absolute + getattr(site, k) for k in ("method_href", "about_href", "css_href", "js_href",
                                                             "search_href", "data_href")},
            })
        template = self.env.get_template("404.html")
        html = template.render(config=config, site=site, view=NotFoundView(home_href=site.home_href),
                               page=None, page_kind="404", base_path=base, nav=None)
        (site_dir / "404.html").write_text(html, encoding="utf-8")
