"""What a shared link shows: the preview image's tags, the embed of a fact and its oEmbed record.

A fact's comparison is meant to be sent to readers. Pasted into a chat or a social network, its link
shows the preview image (`preview`); a newsroom's page can hold the fact's embed, a minimal page at
`facts/<id>/embed/` put in an `<iframe>`; a CMS that speaks oEmbed finds the embed code through the
discovery link of the fact page.

The embed code is an iframe with a height estimated at build time for a phone's width, so that a page
that strips scripts still shows the embed whole, and a short script that sets the iframe to the
embed's exact height, which the embed page posts to its parent. The embed needs no script itself.

Crawlers and CMSs need absolute addresses: with `site_url` set, og:image, the embed code and the
oEmbed record use them; without it, a build has no oEmbed record (an embed code that cannot say where
it points is of no use) and the "Copy embed code" button makes the address from the page's own.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

from pydantic import Field

from .charts import WIDTH as CHART_WIDTH
from .preview import HEIGHT as IMAGE_HEIGHT
from .preview import WIDTH as IMAGE_WIDTH
from .urls import Links, absolute, fact_path, page_url
from .views import FactView, StatusCount, View

EMBED_WIDTH = 640  # the embed's widest layout; the iframe itself takes its container's width
EMBED_VALUES = 6  # values listed in an embed; more are counted
EMBED_NAMES = 4  # sources named under a value; more are counted
SRC = "{src}"  # stands for the embed's absolute address in `ShareView.embed_code` until a script knows it


def preview_file(fact_id: str) -> str:
    """A fact's preview image, beside its JSON (story-relative): the same file whatever the URL style."""
    return f"{fact_path(fact_id)}.png"


STORY_PREVIEW = "preview.png"  # a story's preview, in its folder


def oembed_file(fact_id: str) -> str:
    return f"{fact_path(fact_id)}.oembed.json"


def embed_page(fact_id: str) -> str:
    """The embed page's path (no extension, story-relative): facts/<id>/embed."""
    return f"{fact_path(fact_id)}/embed"


class EmbedValue(View):
    value: str = Field(description="A value the sources state, short.")
    names: tuple[str, ...] = Field(description="The first sources stating it, by label.")
    more: int = Field(description="How many more sources state it.")


class ShareView(View):
    """A page's preview image, and for a fact page its embed."""

    image: str = Field(description="The preview image's address for og:image: absolute with site_url, else relative.")
    image_href: str = Field(description="Link to the preview image from the page.")
    image_alt: str = Field(description="What the image shows, in words.")
    image_width: int = IMAGE_WIDTH
    image_height: int = IMAGE_HEIGHT
    embed_href: str | None = Field(default=None, description="Link to the fact's embed page.")
    embed_code: str | None = Field(default=None, description=f"The HTML to paste, with {SRC} where the embed's "
                                   "absolute address goes (already in place with site_url).")
    oembed_url: str | None = Field(default=None, description="Absolute address of the fact's oEmbed record.")
    page_href: str | None = Field(default=None, description="Link to the fact page (from its embed).")
    values: tuple[EmbedValue, ...] = Field(default=(), description="The embed's list of values, the first EMBED_VALUES.")
    other_values: int = Field(default=0, description="Values beyond those listed.")


def embed_code(src: str, title: str, height: int) -> str:
    """The iframe and the script that fits its height to the embed's content."""
    iframe = (f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" width="100%" height="{height}" '
              f'style="border:0;width:100%;max-width:{EMBED_WIDTH}px" loading="lazy" '
              'data-factcompare-embed></iframe>')
    script = ('<script>window.addEventListener("message",function(e){var d=e.data&&e.data.factcompareEmbed;'
              'if(!d)return;document.querySelectorAll("iframe[data-factcompare-embed]").forEach(function(f){'
              'if(f.contentWindow===e.source)f.style.height=Math.ceil(d.height)+"px"})})</script>')
    return iframe + script


_VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def embed_values(view: FactView) -> tuple[tuple[EmbedValue, ...], int]:
    """The values an embed lists, each with the sources that state it, and how many more values there are."""
    values = tuple(EmbedValue(value=g.normalised, names=names, more=g.count - len(names))
                   for g in view.groups[:EMBED_VALUES]
                   for names in [tuple(c.article.label for c in g.cards[:EMBED_NAMES])])
    return values, len(view.groups) - len(values) + view.other_values_total


def embed_height(view: FactView, width: int = 358) -> int:
    """The embed's height at `width` CSS pixels of text (a phone's), over-estimated: the iframe must
    show it whole where no script can measure it; where one can, the iframe shrinks to fit.
    Measured against Chromium with DejaVu Sans, the widest of the usual sans-serif fonts: 16px text
    averages 9.5px a character, and words wrapping leave some 15% of a line empty."""
    def lines(text: str, px_per_char: float) -> int:
        per_line = max(8, int(width / px_per_char * 0.85))
        return max(1, -(-len(text) // per_line))

    body, line = 9.5, 25  # 16px text at line-height 1.55
    h = 12 + lines(f"{view.fact.id} {view.fact.title}", body * 0.85) * 21  # the site's line, 14px
    h += 5 + lines(view.fact.title, 12.5) * 25 + 10  # the heading, 20px bold
    h += lines(f"{view.fact.status.label} {view.summary}", body) * line + 40  # the verdict box
    if view.independence:
        h += lines(view.independence, body) * line + 16
    if view.current:
        h += lines(f"Current value: {view.current.value} ({view.current.since})", body) * line + 16
    svg = view.timeline_svg or view.chart_svg
    if svg and (box := _VIEWBOX.search(svg)):
        w, hh = float(box.group(1)), float(box.group(2))
        h += int(hh * min(EMBED_WIDTH, width) / (w or CHART_WIDTH)) + 24
    values, others = embed_values(view)
    for v in values:
        h += lines(f"{v.value} — {', '.join(v.names)} and {v.more} more", body) * line + 4
    h += 16 + (line if others else 0)
    h += lines("Each source’s sentence, side by side: the full comparison › 99 sources", body) * line + 26
    return int(h * 1.05) + 16


def fact_share(view: FactView, links: Links, site_url: str | None) -> ShareView:
    """A fact page's (or its embed's) share view; `links` are the page's own."""
    paths = share_paths(links.story, view.fact.id, links.directory_urls)
    values, others = embed_values(view)
    return ShareView(
        page_href=links.fact(view.fact.id), values=values, other_values=others,
        image=absolute(site_url, paths.image) or links.to(paths.image), image_href=links.to(paths.image),
        image_alt=f"{view.fact.title} — {view.fact.status.label}. {view.summary}".strip(),
        embed_href=links.to(paths.embed), oembed_url=absolute(site_url, paths.oembed),
        embed_code=embed_code(absolute(site_url, paths.embed) or SRC, view.fact.title, embed_height(view)),
    )


def story_share(links: Links, site_url: str | None, title: str, counts: tuple[StatusCount, ...]) -> ShareView:
    """A story home's share view: its preview image, the facts counted by status."""
    path = links.story + STORY_PREVIEW
    image = absolute(site_url, path) or links.to(path)
    counted = ", ".join(f"{c.count} {c.status.label.lower()}" for c in counts if c.count)
    return ShareView(image=image, image_href=links.to(path), image_alt=f"{title}: facts by status, {counted}")


def oembed_record(view: FactView, site_name: str, site_url: str, paths: SharePaths) -> str:
    """The fact's oEmbed record, of type rich (https://oembed.com/, sections 2.3.4 and 2.3.5)."""
    height = embed_height(view)
    record = {
        "version": "1.0", "type": "rich", "title": view.fact.title,
        "provider_name": site_name, "provider_url": absolute(site_url),
        "html": embed_code(absolute(site_url, paths.embed), view.fact.title, height),
        "width": EMBED_WIDTH, "height": height,
        "thumbnail_url": absolute(site_url, paths.image), "thumbnail_width": IMAGE_WIDTH, "thumbnail_height": IMAGE_HEIGHT,
    }
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class SharePaths:
    """A fact's share files, from the site root."""

    image: str
    embed: str  # the embed page's address
    oembed: str


def share_paths(prefix: str, fact_id: str, directory_urls: bool) -> SharePaths:
    return SharePaths(image=prefix + preview_file(fact_id), embed=page_url(prefix + embed_page(fact_id), directory_urls),
                      oembed=prefix + oembed_file(fact_id))
