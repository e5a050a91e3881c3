"""Turning pasted text and saved web pages into corpus Markdown (`build.py import FILE...`).

The corpus holds one format an editor can read and fix by hand: Markdown with YAML front matter.
Import is the only place that writes into the corpus, and it never overwrites an article unless
asked (`force`): an editor's corrections to an imported file must not vanish on a re-import.
Metadata is only what the file establishes; what was not found is reported, never guessed.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from .corpus import METADATA_KEYS, READERS, MarkdownReader, TextReader, match_dateline, read_text, slugify, validate_metadata
from .models import Article, Problem

log = logging.getLogger(__name__)

HTML_EXTENSIONS = (".html", ".htm")
IMPORTABLE = (".txt", ".md", ".markdown") + HTML_EXTENSIONS
MIN_WORDS = 10
"""Fewer words extracted from a page than this means the page held no article."""


class ImportResult(BaseModel):
    """One imported file: where it went and which metadata the source established."""

    model_config = ConfigDict(frozen=True)

    source: str
    target: str
    found: tuple[str, ...] = Field(description="Metadata keys the file established, in front matter order.")
    missing: tuple[str, ...] = Field(description="Metadata keys left empty because the file did not say.")

    def describe(self) -> str:
        missing = ", ".join(self.missing) or "nothing"
        return f"{self.source} -> {self.target} (found: {', '.join(self.found) or 'nothing'}; missing: {missing})"


# --- reading sources --------------------------------------------------------------------------


def _dedomain(sitename: str | None, url: str | None) -> str | None:
    """trafilatura falls back to the host name for a site name; a host name is not an outlet's name."""
    if not sitename:
        return None
    if re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", sitename.strip()):
        return None
    return sitename.strip()


def _html_lang(html: str) -> str | None:
    """The page's declared language (<html lang="en">); trafilatura reports it only when filtering."""
    m = re.search(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)", html[:5000], re.IGNORECASE)
    return m.group(1) if m else None


def html_metadata_and_body(html: str) -> tuple[dict[str, Any], str]:
    """Article text and metadata from a saved page; navigation, comments and widgets left out."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
        include_links=False, favor_precision=True, deduplicate=False,
        # Only dates the markup states (meta tags, <time>): no guessing from the running text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return {}, ""
    meta: dict[str, Any] = {
        "title": doc.title,
        "outlet": _dedomain(doc.sitename, doc.url),
        "author": doc.author.replace("; ", ", ") if doc.author else None,
        "published": doc.date,
        "url": doc.url,
        "language": doc.language or _html_lang(html),
    }
    body = "\n\n".join(line.strip() for line in (doc.text or "").split("\n") if line.strip())
    return {k: v for k, v in meta.items() if v}, body


def _read_source(path: Path, shown: str) -> tuple[dict[str, Any], str, list[Problem]]:
    """Metadata (raw) and body of one source file, whatever its format."""
    text, problems = read_text(path, shown)
    if text is None:
        return {}, "", problems
    suffix = path.suffix.lower()
    if suffix in HTML_EXTENSIONS:
        meta, body = html_metadata_and_body(text)
        if len(body.split()) < MIN_WORDS:  # a menu or a cookie notice is all that was found
            body = ""
            problems.append(Problem(path=shown, message="no article text was found in this page.",
                                    hint="Save the article page itself (not a list or home page), or paste its text into a .txt file."))
        return meta, body, problems
    reader = MarkdownReader() if suffix in MarkdownReader.extensions else TextReader()
    parsed = reader.parse(text, shown)
    problems += parsed.problems
    if parsed.fatal:
        return {}, "", problems
    meta = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in parsed.metadata.items()}
    return meta, parsed.body, problems


# --- writing ----------------------------------------------------------------------------------


def front_matter(fields: dict[str, Any]) -> str:
    """YAML front matter with a fixed key order and safe quoting; the same input, the same bytes."""
    lines = ["---"]
    for key in METADATA_KEYS:
        value = fields.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, date):
            lines.append(f"{key}: {value.isoformat()}")
            continue
        value = re.sub(r"\s+", " ", str(value)).strip()
        dumped = yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, sort_keys=False,
                                width=1_000_000).strip()
        lines.append(dumped)
    lines.append("---")
    return "\n".join(lines) + "\n"


def corpus_markdown(article: Article) -> str:
    """The corpus file for an article: front matter, a blank line, the body as given."""
    fields = {key: getattr(article, key) for key in METADATA_KEYS}
    return front_matter(fields) + "\n" + article.body.rstrip("\n") + "\n"


def _lead_words(body: str, count: int = 8) -> str:
    first = next((line for line in body.split("\n") if line.strip()), "")
    dated = match_dateline(first)
    if dated:  # "Thursday, December 28, 2023 – The ...": the date says nothing about the story
        first = re.sub(r"^\s*[-\u2013\u2014:|]\s*", "", dated[1]) or first
    return " ".join(first.split()[:count])


def choose_slug(title: str | None, body: str, path: Path) -> str:
    """From the title, else the lead's first words, else the file name."""
    for candidate in (title or "", _lead_words(body), path.stem):
        slug = slugify(candidate)
        if slug:
            return slug
    return "article"


def import_file(path: Path, corpus: Path, force: bool = False, slug: str | None = None,
                taken: dict[str, str] | None = None) -> tuple[ImportResult | None, list[Problem]]:
    """Import one file into the corpus; `taken` maps slugs written in this run to their source."""
    shown = str(path)
    if path.suffix.lower() not in IMPORTABLE:
        return None, [Problem(path=shown, message=f"cannot import {path.suffix or 'a file without an extension'} files.",
                              hint="Import .txt, .md or saved .html pages.")]
    meta, body, problems = _read_source(path, shown)
    if not body.strip():
        if not any(p.severity == "error" for p in problems):
            problems.append(Problem(path=shown, message="the file has no article text.", hint="Check that it is the right file."))
        return None, problems
    fields, checked = validate_metadata(meta, shown, {})
    problems += checked
    if any(p.severity == "error" for p in checked):
        return None, problems
    slug = slugify(slug) if slug else choose_slug(fields.get("title"), body, path)
    taken = taken if taken is not None else {}
    target = corpus / f"{slug}.md"
    if slug in taken:
        return None, problems + [Problem(path=shown, message=f"{taken[slug]} is also imported as {target}.",
                                         hint="Import one of them on its own, or give them different titles.")]
    clashes = sorted(p for p in corpus.glob(f"{slug}.*") if p.suffix.lower() in READERS and p != target) if corpus.is_dir() else []
    if clashes:
        return None, problems + [Problem(path=shown, message=f"the article id '{slug}' is already used by {clashes[0]}.",
                                         hint="Rename or remove that file first.")]
    if target.exists() and not force:
        return None, problems + [Problem(path=shown, message=f"{target} already exists.",
                                         hint="Use --force to overwrite it, or edit that file instead.")]
    text = front_matter(fields) + "\n" + body.rstrip() + "\n"
    article, checked = MarkdownReader().build(text, slug, str(target))
    problems += checked
    if article is None:
        return None, problems
    corpus.mkdir(parents=True, exist_ok=True)
    target.write_text(corpus_markdown(article), encoding="utf-8")
    taken[slug] = shown
    found = tuple(k for k in METADATA_KEYS if getattr(article, k) is not None)
    result = ImportResult(source=shown, target=str(target), found=found,
                          missing=tuple(k for k in METADATA_KEYS if k not in found))
    log.info("imported %s", result.describe())
    return result, problems


def expand(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """Files to import: directories recurse (importable files only, sorted), dotfiles skipped."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMPORTABLE
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(path=str(path), message="no such file or folder.", hint="Check the path."))
    return files, problems


def import_files(paths: list[Path], corpus: Path, force: bool = False) -> tuple[list[Path], list[Problem]]:
    """Import files and folders into the corpus; returns the written files and every problem."""
    results, problems = import_many(paths, corpus, force)
    return [Path(r.target) for r in results], problems


def import_many(paths: list[Path], corpus: Path, force: bool = False,
                progress: bool = False) -> tuple[list[ImportResult], list[Problem]]:
    """Like import_files, with what each file's metadata established (for the command's report)."""
    from .parallel import progress_bar

    files, problems = expand(paths)
    results: list[ImportResult] = []
    taken: dict[str, str] = {}
    with progress_bar(len(files), progress, unit="file") as bar:
        for path in files:
            result, found = import_file(path, corpus, force=force, taken=taken)
            problems += found
            if result is not None:
                results.append(result)
            bar.update(1)
    return results, problems
