"""Static SVG interval charts: each source's value of a quantity or date fact on one axis.

Drawn on the server, so the chart needs no script and looks the same in every browser and in a
screenshot. Shapes carry the meaning, not colour alone: an exact value is a dot, an approximate one
a band, a range a bar, an open bound an arrow running off the axis, an excluded bound a hollow end.
Colours come from CSS classes so the page's dark mode applies.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TypeVar

from ..compare import format_number, quantity_interval, short_value
from ..models import DateValue, Fact, QuantityValue

log = logging.getLogger(__name__)

V = TypeVar("V", QuantityValue, DateValue)

WIDTH = 480
MARGIN = 16
ROW = 44
TOP = 20
LABEL_CHARS = 54
CHART_ROWS = 12  # more claims than this: one row per distinct value, the most stated first


@dataclass(frozen=True)
class Row:
    """One source's interval, in axis units; None bounds are open (unbounded)."""

    label: str
    text: str
    low: float | None
    high: float | None
    low_excluded: bool = False
    high_excluded: bool = False
    band: bool = False
    resolved: bool = True

    @property
    def point(self) -> bool:
        return self.low is not None and self.low == self.high and not self.band


def quantity_row(label: str, v: QuantityValue) -> Row:
    text = f"{label}: {v.display} ({short_value(v)})"
    label = _label(label, short_value(v))
    if v.low is not None and v.low == v.high and v.approximate:
        iv = quantity_interval(v)
        return Row(label, text, _finite(iv.low), _finite(iv.high), band=True)
    if v.low is None and v.high is None:
        return Row(label, text, None, None, resolved=False)
    return Row(label, text, v.low, v.high, low_excluded=not v.low_inclusive, high_excluded=not v.high_inclusive,
               band=v.approximate and v.low != v.high)


def date_row(label: str, v: DateValue) -> Row:
    if v.earliest is None or v.latest is None:
        return Row(_label(label, f"“{v.display}”"), f"{label}: {v.display} (not resolved to a day)", None, None,
                   resolved=False)
    text = f"{label}: {v.display} ({short_value(v)})"
    label = _label(label, short_value(v))
    return Row(label, text, v.earliest.toordinal(), v.latest.toordinal())


def _label(source: str, value: str) -> str:
    """'Source: value', the source name shortened so the whole label fits the chart's width."""
    room = max(12, LABEL_CHARS - len(value) - 2)
    if len(source) > room:
        source = source[: room - 1].rstrip() + "…"
    return f"{source}: {value}"


def _finite(x: float | None) -> float | None:
    return None if x is None or math.isinf(x) else x


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick positions (1, 2, 2.5, 5 times a power of ten) inside [lo, hi]."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 2.5, 5, 10)), key=lambda st: abs(math.log(st / raw)))
    first = math.ceil(lo / step) * step
    ticks = []
    k = 0
    while first + k * step <= hi + step * 1e-9:
        ticks.append(round(first + k * step, 10))
        k += 1
    return ticks


def date_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    span = hi - lo
    step = next((s for s in (1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826) if s * count >= span), 3652)
    first = math.ceil(lo)
    if step == 7:  # weeks start on Monday
        first += (7 - date.fromordinal(first).weekday()) % 7
    return [float(t) for t in range(first, math.floor(hi) + 1, step)]


def date_label(ordinal: float) -> str:
    d = date.fromordinal(int(ordinal))
    return f"{d.day} {d.strftime('%b')}" if d.month != 1 or d.day != 1 else str(d.year)


def domain(rows: list[Row], single_pad: float | None = None, min_pad: float = 0.0) -> tuple[float, float] | None:
    """The axis range: every stated bound, some margin, and room for arrows when a bound is open."""
    values = [x for r in rows for x in (r.low, r.high) if x is not None]
    if not values:
        return None
    lo, hi = min(values), max(values)
    if hi > lo:
        pad = max((hi - lo) * 0.08, min_pad)
    else:
        pad = single_pad if single_pad is not None else max(abs(lo) * 0.1, 1.0)
    open_high = any(r.resolved and r.high is None for r in rows)
    open_low = any(r.resolved and r.low is None for r in rows)
    return lo - pad * (3 if open_low else 1), hi + pad * (3 if open_high else 1)


def render(title: str, rows: list[Row], ticks: list[float], lo: float, hi: float, tick_label) -> str:  # type: ignore[no-untyped-def]
    x0, x1 = MARGIN, WIDTH - MARGIN

    def x(v: float) -> float:
        return round(x0 + (v - lo) / (hi - lo) * (x1 - x0), 1)

    axis_y = TOP + len(rows) * ROW + 4
    height = axis_y + 30
    out = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(" ".join(r.text + "." for r in rows))}</desc>',
    ]
    for t in ticks:
        out.append(f'<line class="chart-grid" x1="{x(t)}" x2="{x(t)}" y1="{TOP - 6}" y2="{axis_y}"/>')
    for i, r in enumerate(rows):
        top = TOP + i * ROW
        # The label names the source and its value; the full quote is in <desc> and the cards below.
        out.append(f'<text class="chart-label" x="{x0}" y="{top + 8}">{escape(r.label)}</text>')
        cy = top + 24
        if not r.resolved:
            out.append(f'<text class="chart-note" x="{x0}" y="{cy + 5}">not resolved to a value</text>')
            continue
        left = x(r.low) if r.low is not None else x0
        right = x(r.high) if r.high is not None else x1
        if r.point:
            out.append(f'<circle class="chart-point" cx="{left}" cy="{cy}" r="6"/>')
            continue
        if r.band:
            out.append(f'<rect class="chart-band" x="{left}" y="{cy - 8}" width="{round(max(right - left, 3), 1)}" '
                       f'height="16" rx="8"/>')
            mid = round((left + right) / 2, 1)
            out.append(f'<line class="chart-mid" x1="{mid}" x2="{mid}" '
                       f'y1="{cy - 8}" y2="{cy + 8}"/>')
            continue
        out.append(f'<line class="chart-bar" x1="{left}" x2="{right}" y1="{cy}" y2="{cy}"/>')
        if r.high is None:
            out.append(f'<path class="chart-arrow" d="M{x1} {cy} l-10 -7 v14 z"/>')
        if r.low is None:
            out.append(f'<path class="chart-arrow" d="M{x0} {cy} l10 -7 v14 z"/>')
        for bound, excluded, pos in ((r.low, r.low_excluded, left), (r.high, r.high_excluded, right)):
            if bound is not None:
                cls = "chart-open" if excluded else "chart-point"
                out.append(f'<circle class="{cls}" cx="{pos}" cy="{cy}" r="5"/>')
    out.append(f'<line class="chart-axis" x1="{x0}" x2="{x1}" y1="{axis_y}" y2="{axis_y}"/>')
    for t in ticks:
        anchor = "start" if x(t) < x0 + 20 else "end" if x(t) > x1 - 20 else "middle"
        out.append(f'<text class="chart-tick" x="{x(t)}" y="{axis_y + 20}" text-anchor="{anchor}">'
                   f'{escape(tick_label(t))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def interval_chart(fact: Fact, labels: dict[str, str]) -> str | None:
    """The chart for a quantity or date fact, or None (other kinds, mixed units, nothing resolved).

    One row per source; a fact of more than CHART_ROWS claims gets one row per distinct value instead
    ('3 sources: ~40'), the CHART_ROWS most stated, so the chart stays readable and light."""
    values = [(labels.get(c.article, c.article), c.effective_value) for c in fact.claims]
    if fact.kind == "quantity":
        qs = [(label, v) for label, v in values if isinstance(v, QuantityValue)]
        if not qs or len({v.unit for _, v in qs}) > 1:
            return None
        rows = _rows(qs, quantity_row)
        dom = domain(rows)
        if dom is None:
            return None
        unit = qs[0][1].unit
        suffix = "%" if unit == "%" else f" {unit}" if unit else ""
        return render(f"{fact.title} {_what(rows, len(qs), 'value')}", rows, nice_ticks(*dom), *dom,
                      lambda t: format_number(int(t) if t == int(t) else t) + suffix)
    if fact.kind == "date":
        ds = [(label, v) for label, v in values if isinstance(v, DateValue)]
        rows = _rows(ds, date_row)
        dom = domain(rows, single_pad=3.0, min_pad=1.0)
        if dom is None:
            return None
        return render(f"{fact.title} {_what(rows, len(ds), 'date')}", rows, date_ticks(*dom), *dom, date_label)
    return None


def _rows(values: list[tuple[str, V]], row: Callable[[str, V], Row]) -> list[Row]:
    """A row per source, or per distinct value (the CHART_ROWS most stated) when there are many."""
    if len(values) <= CHART_ROWS:
        return [row(label, v) for label, v in values]
    by_value: dict[str, list[V]] = {}
    for _, v in values:
        by_value.setdefault(short_value(v), []).append(v)
    ranked = sorted(by_value.values(), key=lambda vs: -len(vs))[:CHART_ROWS]
    return [row(f"{len(vs)} source{'' if len(vs) == 1 else 's'}", vs[0]) for vs in ranked]


def _what(rows: list[Row], sources: int, noun: str) -> str:
    if len(rows) == sources:
        return f"Each source's {noun} on one axis."
    return f"The {len(rows)} {noun}s most stated by the {sources} sources, on one axis."
