"""Check a built site's internal links: every href and src resolves to a file, every #anchor exists.

Run as `python -m factcompare.linkcheck SITE_DIR`; CI runs it on the seed site. Root-absolute links
("/facts/...") are reported too: they break when the site lives under /<repo>/ on GitHub Pages.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.ids.add(value)
            if name in ("href", "src") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append(value)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link points to; None for links off the site."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None
    url, fragment = urldefrag(link)
    path = unquote(urlsplit(url).path)
    target = page if not path else (page.parent / path)
    target = Path(*target.parts)  # keep '..' for resolve below
    try:
        resolved = target.resolve()
    except OSError:
        resolved = target
    if resolved.is_dir() or path.endswith("/"):
        resolved = resolved / "index.html"
    return resolved, fragment


def check_site(site: Path) -> list[str]:
    """Every broken internal link or anchor, and every root-absolute link, as 'page: link: why'."""
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    parsed: dict[Path, _Page] = {p: _parse(p) for p in pages}
    problems = []
    for page in pages:
        rel = page.relative_to(site)
        for link in parsed[page].links:
            if link.startswith("/") and not link.startswith("//"):
                problems.append(f"{rel}: {link}: root-absolute link (breaks under a base path)")
                continue
            found = _target(site, page, link)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                problems.append(f"{rel}: {link}: no such file")
                continue
            if not str(target).startswith(str(site)):
                problems.append(f"{rel}: {link}: points outside the site")
                continue
            if fragment and target.suffix == ".html":
                if target not in parsed:
                    parsed[target] = _parse(target)
                if fragment != "top" and fragment not in parsed[target].ids:
                    problems.append(f"{rel}: {link}: no element with id {fragment!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not Path(args[0]).is_dir():
        print("usage: python -m factcompare.linkcheck SITE_DIR", file=sys.stderr)
        return 2
    problems = check_site(Path(args[0]))
    for p in problems:
        print(p)
    pages = len(list(Path(args[0]).rglob("*.html")))
    print(f"{pages} pages checked, {len(problems)} broken link{'' if len(problems) == 1 else 's'}.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
