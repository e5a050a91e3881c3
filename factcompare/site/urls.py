"""Page addresses and the relative links between them.

A story's own addresses (facts/<id>/, articles/<id>/, facts.json) are relative to the story's folder:
the site root for a site of one story, `<story-id>/` in a site of many. `Links.story` is that folder,
so the views build the same links for either layout. Every link the site writes is relative, so the same build works under any base path (GitHub
project pages live under `/<repo>/`) and from disk. Addresses follow MkDocs' rules for
`use_directory_urls`, so a link computed here is the address MkDocs writes the page to.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass

FACTS_DIR = "facts"
ARTICLES_DIR = "articles"


def page_url(path: str, directory_urls: bool = True) -> str:
    """The address of the page built from `path` (no extension): 'facts/x' -> 'facts/x/'; 'index' -> ''."""
    if directory_urls:
        if path == "index" or path.endswith("/index"):
            return path[: -len("index")]
        return path + "/"
    return path + ".html"


def absolute(site_url: str | None, path: str = "") -> str | None:
    """The address of the site-root-relative `path` under `site_url` (which may lack its final slash);
    None when the site has no address."""
    return site_url.rstrip("/") + "/" + path if site_url else None


def page_file(path: str, directory_urls: bool = True) -> str:
    """The file MkDocs writes the page at `path` to, relative to the site folder."""
    url = page_url(path, directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url


def relative(target: str, base: str) -> str:
    """A link from the page at address `base` to the site-root-relative address `target`.

    Both addresses are relative to the site root ('' is the home page, 'facts/x/' a page, 'facts.json'
    a file); a '#fragment' on the target is kept. Never returns a root-absolute link.

    String arithmetic on path segments: a site links hundreds of thousands of times and
    `posixpath.relpath` (which makes both paths absolute first) was a fifth of rendering time. Paths
    with '.', '..' or empty segments, which the site never makes, still go through relpath.
    """
    path, hash_, fragment = target.partition("#")
    return _relative_path(path, base) + hash_ + fragment


_UNUSUAL = re.compile(r"//|/\.\.?(/|$)")  # an empty, '.' or '..' segment after the first


def to_card(fact_href: str, source: str | None) -> str:
    """A link to a fact page, made a link to `source`'s card on it (the card's id is `source-<id>`)."""
    return f"{fact_href}#source-{source}" if source else fact_href


@functools.lru_cache(maxsize=1 << 12)  # one entry per page folder: pages of one folder share it
def _base_parts(base: str) -> tuple[str, ...] | None:
    base_dir = base if base.endswith("/") or base == "" else posixpath.dirname(base)
    parts = tuple(p for p in base_dir.strip("/").split("/") if p)
    return None if any(p in (".", "..") for p in parts) or "//" in base_dir.strip("/") else parts


def _relative_path(path: str, base: str) -> str:
    base_parts = _base_parts(base)
    if base_parts and path[:1] not in ("", "/", ".") and not path.startswith(base_parts[0] + "/") \
            and path != base_parts[0] and not _UNUSUAL.search(path):
        # Nothing in common (an article page's link to a fact): up to the root, then down the path.
        return "../" * len(base_parts) + path
    is_dir = path == "" or path.endswith("/")
    stripped = path.strip("/")
    parts = stripped.split("/") if stripped else []
    if base_parts is None or any(p in ("", ".", "..") for p in parts):
        return _relpath_slow(path, base)
    common = 0
    for a, b in zip(parts, base_parts):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base_parts) - common) + parts[common:])
    if is_dir:
        return "./" if not rel else rel + "/"
    return rel or "."


def _relpath_slow(path: str, base: str) -> str:
    base_dir = base if base.endswith("/") or base == "" else posixpath.dirname(base)
    base_dir = base_dir.strip("/") or "."
    is_dir = path == "" or path.endswith("/")
    rel = posixpath.relpath(path.strip("/") or ".", base_dir)
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    return rel


@dataclass(frozen=True)
class Links:
    """Links as seen from one page: the page's own address plus MkDocs' address rule."""

    base: str = ""
    directory_urls: bool = True
    story: str = ""  # the story's folder from the site root: '' or '<story-id>/'

    def to(self, target: str) -> str:
        """A link to a site-root-relative address."""
        return relative(target, self.base)

    def story_file(self, target: str) -> str:
        """A link to an address inside the story's folder ('facts.json', 'facts/<id>.json')."""
        return relative(self.story + target, self.base)

    def page(self, path: str, fragment: str | None = None) -> str:
        href = self.to(page_url(path, self.directory_urls))
        return f"{href}#{fragment}" if fragment else href

    def home(self) -> str:
        """The story's home page (the site's home page in a site of one story)."""
        return self.page(self.story + "index")

    def site_home(self) -> str:
        return self.page("index")

    def fact(self, fact_id: str, source: str | None = None) -> str:
        return to_card(self._in(FACTS_DIR, fact_id), source)

    def article(self, article_id: str, sentence: int | None = None) -> str:
        href = self._in(ARTICLES_DIR, article_id)
        return f"{href}#s-{sentence}" if sentence is not None else href

    def _in(self, folder: str, name: str) -> str:
        """`page(folder/name)`, as the link to the folder followed by the page's own part: the folder's
        link is worked out once per page, where a page links hundreds of facts and articles. Names
        that are not a plain segment, unusual page addresses and the page's own folder take the
        general way."""
        here = _base_parts(self.base)
        own = tuple(f"{self.story}{folder}/{name}".split("/"))
        if here is None or "/" in name or "#" in name or name in ("", ".", "..", "index") or here[:len(own)] == own:
            return self.page(f"{self.story}{folder}/{name}")
        return self._folder_links[folder] + page_url(name, self.directory_urls)

    @functools.cached_property
    def _folder_links(self) -> dict[str, str]:
        """The link from this page to each folder of pages, '' for the folder it is in."""
        links = {}
        for folder in (FACTS_DIR, ARTICLES_DIR):
            href = self.story_file(folder + "/")
            links[folder] = "" if href == "./" else href
        return links

    def fact_entry(self, article_id: str, fact_id: str) -> str:
        """A fact's entry on its source's page: the address of a fact that has no page of its own."""
        return self.story_file(fact_entry_url(article_id, fact_id, self.directory_urls))

    @property
    def root(self) -> str:
        """Prefix that turns a site-root-relative file path into a link: '' on the home page, '../../' deeper."""
        r = self.to("")
        return "" if r == "./" else r


def fact_path(fact_id: str) -> str:
    return f"{FACTS_DIR}/{fact_id}"


def article_path(article_id: str) -> str:
    return f"{ARTICLES_DIR}/{article_id}"


def fact_anchor(fact_id: str) -> str:
    """Element id of a fact's entry in an article page's list of the facts it states."""
    return f"fact-{fact_id}"


def fact_entry_url(article_id: str, fact_id: str, directory_urls: bool = True) -> str:
    return f"{page_url(article_path(article_id), directory_urls)}#{fact_anchor(fact_id)}"


def fact_address(fact_id: str, home: str | None, directory_urls: bool = True) -> str:
    """A fact's address from the site root: its page, or, for a fact without one, its entry on the page
    of `home`, its one source."""
    return page_url(fact_path(fact_id), directory_urls) if home is None else fact_entry_url(home, fact_id, directory_urls)
