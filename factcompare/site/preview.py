"""Share-preview images: the 1200×630 PNG a chat or a social network shows for a link to a fact.

A fact's preview is its question, its verdict (symbol, word and colour, as on the page) and the values
side by side with the sources stating each; a story's is its title and its facts counted by status.
What an image shows is a small model (`FactPreview`, `StoryPreview`): the build compares the model's
digest with the last build's and draws only the images whose model changed, since drawing and encoding
a PNG costs more than rendering the page itself.

Drawn with Pillow in DejaVu Sans, the font matplotlib ships, so nothing is fetched and every machine
draws the same pixels for the same Pillow and FreeType. DejaVu covers Latin, Greek, Cyrillic and the
verdict symbols; a character it lacks (a name in Hangul, say) is drawn as unidecode's transliteration
rather than as an empty box, which a reader cannot read at all.
"""

from __future__ import annotations

import functools
import struct
import zlib
from pathlib import Path

from pydantic import Field

from ..models import Fact, Story
from .catalogue import StoryCard, date_range
from .views import (
    KIND_LABELS,
    STATUS_ORDER,
    STATUS_VIEWS,
    View,
    _index,
    _label,
    _layout,
    current_view,
    fact_status,
    fact_summary,
)

WIDTH, HEIGHT = 1200, 630
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PREVIEW_VALUES = 3  # value columns on a fact's preview; more are counted ("and 2 more values")
PREVIEW_SOURCES = 3  # sources named under a value; more are counted ("and 4 more")

# The light theme's colours (templates/assets/factcompare.css): previews are shown on any background.
INK, MUTED, RULE, PAPER = (0x1b, 0x1d, 0x21), (0x4f, 0x55, 0x61), (0xc9, 0xce, 0xd6), (0xff, 0xff, 0xff)
STATUS_COLOURS: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {  # key -> background, line
    "agree": ((0xe2, 0xf3, 0xe6), (0x1f, 0x7a, 0x3a)),
    "compatible": ((0xe3, 0xed, 0xfb), (0x1d, 0x5f, 0xa8)),
    "updated": ((0xef, 0xe7, 0xfb), (0x6b, 0x3f, 0xb8)),
    "conflict": ((0xfd, 0xe4, 0xe1), (0xb3, 0x26, 0x1e)),
    "single_source": ((0xec, 0xee, 0xf1), (0x5b, 0x62, 0x70)),
}


class PreviewValue(View):
    value: str = Field(description="The value, short: '1,000+'.")
    sources: tuple[str, ...] = Field(description="The first sources stating it, by label.")
    more: int = Field(description="How many more sources state it.")


class FactPreview(View):
    """Everything a fact's preview image shows: equal models, equal images."""

    site: str
    story: str
    title: str
    status: str
    kind: str
    summary: str
    current: str | None = Field(description="An updated fact's current value and since when.")
    values: tuple[PreviewValue, ...]
    more_values: int
    sources: int


class StoryPreview(View):
    site: str
    title: str
    counts: tuple[tuple[str, int], ...] = Field(description="Facts per status key, in STATUS_ORDER, none zero.")
    facts: int
    sources: int
    dates: str | None


def fact_preview(story: Story, fact: Fact, site_name: str) -> FactPreview:
    """The preview of one fact: its most stated values (in order of first mention) and their sources,
    grouped as its page groups them (`views._layout`)."""
    index = _index(story)
    layout = _layout(index, fact)
    groups = [(key, [c for part in (cards, listed) for c in part], unlisted)
              for key, cards, listed, unlisted in layout.groups]
    ranked = sorted(range(len(groups)), key=lambda i: -(len(groups[i][1]) + groups[i][2]))[:PREVIEW_VALUES]
    values = []
    for i in sorted(ranked):
        key, claims, unlisted = groups[i]
        labels = tuple(dict.fromkeys(_label(index.docs[c.article]) for c in claims))
        values.append(PreviewValue(value=key, sources=labels[:PREVIEW_SOURCES],
                                   more=max(0, len(labels) - PREVIEW_SOURCES) + unlisted))
    current = current_view(fact)
    return FactPreview(
        site=site_name, story=story.title, title=fact.title, status=fact_status(fact), kind=KIND_LABELS[fact.kind],
        summary=fact_summary(fact), current=f"{current.value} ({current.since})" if current else None,
        values=tuple(values), more_values=len(groups) + len(layout.others) - len(values),
        sources=len({c.article for c in fact.claims}),
    )


def story_preview(card: StoryCard, site_name: str) -> StoryPreview:
    return StoryPreview(site=site_name, title=card.title,
                        counts=tuple((s, card.counts[s]) for s in STATUS_ORDER if card.counts.get(s)),
                        facts=card.facts, sources=card.sources, dates=date_range(card.first, card.last))


# --- drawing ---------------------------------------------------------------------------------


@functools.cache
def _font_file(bold: bool) -> str:
    import matplotlib  # only for its fonts: importing the package does not load pyplot or a backend

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return str(Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf" / name)


@functools.cache
def _font(size: int, bold: bool = False):  # -> ImageFont.FreeTypeFont
    from PIL import ImageFont

    return ImageFont.truetype(_font_file(bold), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _covered() -> frozenset[int]:
    """The code points DejaVu Sans (regular and bold) draws."""
    from fontTools.ttLib import TTFont

    points: set[int] | None = None
    for bold in (False, True):
        with TTFont(_font_file(bold), lazy=True) as font:
            cmap = set(font.getBestCmap())
        points = cmap if points is None else points & cmap
    return frozenset(points or ())


def drawable(text: str) -> str:
    """`text` with every character the font lacks replaced by its transliteration (or dropped)."""
    covered = _covered()
    if all(ord(ch) in covered for ch in text):
        return text
    from unidecode import unidecode

    def drawn(ch: str) -> str:
        if ord(ch) in covered:
            return ch
        if ch.isspace():
            return " "
        return "".join(t for t in unidecode(ch) if ord(t) in covered)  # a control character: nothing

    return "".join(map(drawn, text))


def _width(text: str, size: int, bold: bool) -> float:
    return _font(size, bold).getlength(text)


def _fit(text: str, size: int, bold: bool, width: float) -> str:
    """`text` cut to fit `width`, ending in an ellipsis where it was cut."""
    if _width(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if _width(text[:mid].rstrip() + "…", size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def wrap(text: str, size: int, bold: bool, width: float, lines: int) -> list[str]:
    """`text` broken into at most `lines` lines of at most `width` pixels; the last cut with an ellipsis."""
    words, out = text.split(), []
    k = 0
    while k < len(words) and len(out) < lines:
        line = words[k]
        k += 1
        while k < len(words) and _width(line + " " + words[k], size, bold) <= width:
            line += " " + words[k]
            k += 1
        out.append(line)
    if k < len(words):
        out[-1] = _fit(out[-1] + " " + " ".join(words[k:]), size, bold, width)
    return [_fit(line, size, bold, width) for line in out]  # a single word wider than the line


class _Canvas:
    def __init__(self, status: str | None) -> None:
        from PIL import Image, ImageDraw

        self.image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
        self.draw = ImageDraw.Draw(self.image)
        if status is not None:  # the verdict's colour down the left edge: what the eye meets first
            self.draw.rectangle((0, 0, 23, HEIGHT), fill=STATUS_COLOURS[status][1])

    def text(self, xy: tuple[float, float], text: str, size: int, bold: bool = False,
             fill: tuple[int, int, int] = INK) -> None:
        self.draw.text(xy, text, font=_font(size, bold), fill=fill)

    def lines(self, x: float, y: float, lines: list[str], size: int, bold: bool = False,
              fill: tuple[int, int, int] = INK, leading: float = 1.22) -> float:
        """Draw the lines from the top at `y`; returns the y under the last."""
        for line in lines:
            self.text((x, y), line, size, bold, fill)
            y += size * leading
        return y

    def badge(self, x: float, y: float, status: str, size: int) -> float:
        """The verdict as the page shows it: symbol and word on the status colour; returns its right edge."""
        view = STATUS_VIEWS[status]
        bg, line = STATUS_COLOURS[status]
        label = f"{view.symbol}  {view.label}"
        w = _width(label, size, True) + size * 1.2
        h = size * 1.6
        self.draw.rounded_rectangle((x, y, x + w, y + h), radius=h / 2, fill=bg, outline=line, width=4)
        self.text((x + size * 0.6, y + size * 0.28), label, size, True, line)
        return x + w

    def png(self) -> bytes:
        return encode_png(self.image)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(image) -> bytes:  # image: PIL.Image.Image in mode RGB
    """The image as a PNG (8-bit RGB, rows unfiltered, zlib level 3, no date chunk: byte-identical
    from build to build).

    Pillow's encoder tries five filters on every row, whatever the level: for flat colour and
    anti-aliased text that buys little and took two thirds of a preview's time (an image encoded in
    3.8 ms, not 9.7, and 61 KB, not 70)."""
    import numpy as np

    width, height = image.size
    rows = np.asarray(image, dtype=np.uint8).reshape(height, width * 3)
    unfiltered = np.hstack([np.zeros((height, 1), dtype=np.uint8), rows])  # filter type 0 before each row
    return (PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(unfiltered.tobytes(), 3)) + _chunk(b"IEND", b""))


MARGIN = 72  # from the coloured edge's right
RIGHT = WIDTH - 56


def _header(canvas: _Canvas, site: str, context: str) -> None:
    line = drawable(f"{site} · {context}" if context and context != site else site)
    canvas.text((MARGIN, 44), _fit(line, 26, False, RIGHT - MARGIN), 26, fill=MUTED)


def _footer(canvas: _Canvas, text: str) -> None:
    canvas.draw.line((MARGIN, HEIGHT - 78, RIGHT, HEIGHT - 78), fill=RULE, width=2)
    canvas.text((MARGIN, HEIGHT - 58), _fit(drawable(text), 26, False, RIGHT - MARGIN), 26, fill=MUTED)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def draw_fact(p: FactPreview) -> bytes:
    canvas = _Canvas(p.status)
    _header(canvas, p.site, p.story)
    width = RIGHT - MARGIN
    title = wrap(drawable(p.title), 50, True, width, 2)
    y = canvas.lines(MARGIN, 92, title, 50, True)
    y += 14
    right = canvas.badge(MARGIN, y, p.status, 32)
    note = p.current and f"Now {p.current}" or p.summary
    if note:
        canvas.text((right + 24, y + 10), _fit(drawable(note), 28, False, RIGHT - right - 24), 28, fill=MUTED)
    y += 32 * 1.6 + 34
    _values(canvas, p, y, HEIGHT - 100)
    _footer(canvas, f"{p.kind} · {_plural(p.sources, 'source')} · the comparison, source by source")
    return canvas.png()


def _values(canvas: _Canvas, p: FactPreview, top: float, bottom: float) -> None:
    """The values side by side, each over the sources that state it."""
    n = len(p.values)
    if n == 0:
        return
    more = f"and {_plural(p.more_values, 'more value')}" if p.more_values else ""
    gap = 24
    width = RIGHT - MARGIN
    column = (width - gap * (n - 1)) / n
    bg, line = STATUS_COLOURS[p.status]
    if more:
        bottom -= 40
    value_size = 44 if n < 3 else 38
    for k, v in enumerate(p.values):
        x = MARGIN + k * (column + gap)
        canvas.draw.rounded_rectangle((x, top, x + column, bottom), radius=14, fill=bg if n > 1 else PAPER,
                                      outline=line if n > 1 else RULE, width=2)
        inner = column - 48
        canvas.text((x + 24, top + 18), _fit(drawable(v.value), value_size, True, inner), value_size, True)
        names = list(v.sources)
        room = int((bottom - top - value_size * 1.3 - 40) // (26 * 1.3))
        sources = ", ".join(names) + (f" and {v.more} more" if v.more else "")
        canvas.lines(x + 24, top + 30 + value_size * 1.25, wrap(drawable(sources), 26, False, inner, max(1, room)),
                     26, fill=MUTED, leading=1.3)
    if more:
        canvas.text((MARGIN, bottom + 8), more, 26, fill=MUTED)


def draw_story(p: StoryPreview) -> bytes:
    top = next((s for s in STATUS_ORDER if dict(p.counts).get(s)), None)  # the most telling status present
    canvas = _Canvas(top)
    _header(canvas, p.site, "")
    width = RIGHT - MARGIN
    y = canvas.lines(MARGIN, 96, wrap(drawable(p.title), 58, True, width, 3), 58, True)
    y += 20
    facts = f"{_plural(p.facts, 'fact')} compared across {_plural(p.sources, 'source')}"
    canvas.text((MARGIN, y), facts, 32, fill=MUTED)
    y += 70
    x = MARGIN
    for status, count in p.counts:
        view = STATUS_VIEWS[status]
        bg, line = STATUS_COLOURS[status]
        label = f"{view.symbol} {count} {view.label.lower()}"
        w = _width(label, 30, True) + 36
        if x + w > RIGHT:
            x, y = MARGIN, y + 66
        canvas.draw.rounded_rectangle((x, y, x + w, y + 50), radius=25, fill=bg, outline=line, width=3)
        canvas.text((x + 18, y + 8), label, 30, True, line)
        x += w + 16
    _footer(canvas, p.dates or "Fact by fact: what each source said")
    return canvas.png()
