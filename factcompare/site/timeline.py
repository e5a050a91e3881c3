"""A figure that changed over time (an `updated` fact), drawn and worded for its page.

The timeline is a static SVG like the interval chart (`charts.py`): no script, the same picture in
every browser, colours from CSS classes so dark mode applies, and the chart's text sizes. Its viewBox
is narrower (and its figure as much narrower in CSS), so on a desktop its text is the interval
chart's size and on a phone, where both fill the screen's width, a third larger.

The x axis is the as-of time, the y axis the value. Each source is a dot at the time its figure was
true, and a step line runs through each stage's value, the current stage drawn thick and named in
words (not by colour alone). What the picture says is also in its <desc>; claims without an as-of
time are listed under it, not drawn, since nothing places them on the axis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from ..changes import when
from ..compare import format_number, quantity_interval, short_value
from ..models import AsOf, Claim, Fact, QuantityValue, Step
from .charts import MARGIN, date_label, nice_ticks

WIDTH = 360  # charts.WIDTH is 480: the figure's CSS max-width is narrower in the same proportion
HEIGHT = 248
TOP = 34  # room above the highest stage for its value's label
BOTTOM = 218  # the x axis
DAY = 1440  # minutes
#: Tick steps in minutes, finest first: a story told within a day gets hours, a longer one days.
TICK_STEPS = (60, 120, 180, 360, 720, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 61 * DAY, 91 * DAY,
              182 * DAY, 365 * DAY)
TICKS = 5
NAMES_IN_DESC = 12  # sources named per stage in <desc>; the rest are counted (the cards name them all)


# --- words -----------------------------------------------------------------------------------


def with_year(claims: tuple[Claim, ...]) -> bool:
    """Name the year when the figures' as-of days fall in more than one."""
    return len({c.as_of.day.year for c in claims if c.as_of is not None}) > 1


def as_of_line(as_of: AsOf | None, year: bool = False) -> str | None:
    """A source card's line saying when its figure was true, and how that is known."""
    if as_of is None:
        return None
    stamp = when(as_of, year)
    quoted = f" — from the sentence: “{as_of.words}”" if as_of.words else ""
    if as_of.source == "earlier":
        return f"An earlier figure, {stamp}{quoted}"
    if as_of.source == "sentence":
        return f"As of {stamp}{quoted}"
    if as_of.source == "editor":
        return f"As of {stamp} (set by the site’s editor)"
    return f"As of {stamp} (publication date)"


def since(step: Step, year: bool = False) -> str:
    """When the current stage began: 'since 30 Dec', 'since 29 Dec, 12:13'."""
    return f"since {when(step.first, year)}"


def undated(fact: Fact, labels: dict[str, str]) -> tuple[str, ...]:
    """The claims with no as-of time, as 'Source (value)': listed under the chart, not drawn."""
    return tuple(f"{labels.get(c.article, c.article)} ({short_value(c.effective_value)})"
                 for c in fact.claims if c.as_of is None)


def _names(said: list[Claim], labels: dict[str, str], year: bool) -> str:
    """'Source: “12”, as of 16 Sep, 12:00; ...' for the first NAMES_IN_DESC claims, the rest counted."""
    parts = []
    for c in said[:NAMES_IN_DESC]:
        stamp = ""
        if c.as_of is not None:
            stamp = ", " + ("" if c.as_of.source == "earlier" else "as of ") + when(c.as_of, year)
        parts.append(f"{labels.get(c.article, c.article)}: “{c.effective_value.display}”{stamp}")
    more = len(said) - NAMES_IN_DESC
    return "; ".join(parts) + (f"; and {more} more source{'s' if more > 1 else ''}" if more > 0 else "")


def description(fact: Fact, labels: dict[str, str]) -> str:
    """The chart's <desc>: every stage with its value, start and sources, then the undated sources."""
    assert fact.verdict is not None
    steps = fact.verdict.steps
    claims = {c.id: c for c in fact.claims}
    year = with_year(fact.claims)
    out = []
    for n, stage in enumerate(steps):
        which = f"Stage {n + 1} of {len(steps)}" + (", the current value" if n == len(steps) - 1 else "")
        said = [claims[i] for i in stage.claims if i in claims]
        out.append(f"{which}: {short_value(stage.value)}, from {when(stage.first, year)} "
                   f"({_names(said, labels, year)}).")
    unplaced = [c for c in fact.claims if c.as_of is None]
    if unplaced:
        out.append(f"Not dated, not drawn: {_names(unplaced, labels, year)}.")
    return " ".join(out)


# --- geometry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One source's figure at its as-of time, in axis units (minutes, value)."""

    x: float
    y: float
    low: float | None  # the value's interval, None where open
    high: float | None
    day: tuple[float, float] | None  # dated to a day but not an hour: the day it covers
    earlier: bool  # an earlier figure the article quotes: true before this time
    current: bool  # in the current stage


def position(a: AsOf) -> tuple[float, tuple[float, float] | None]:
    """Where an as-of time sits on the axis, and the day it covers when it gives no hour."""
    start, end, _ = a.key
    if start == end:
        return float(start), None
    return (start + end + 1) / 2, (float(start), float(end + 1))


def bounds(v: QuantityValue) -> tuple[float | None, float | None, float]:
    """The value's interval (an approximate one widened as it is compared) and the point for it."""
    iv = quantity_interval(v) if v.approximate and v.low is not None and v.low == v.high else None
    low, high = (iv.low, iv.high) if iv is not None else (v.low, v.high)
    low = None if low is None or math.isinf(low) else float(low)
    high = None if high is None or math.isinf(high) else float(high)
    if v.low is not None and v.low == v.high:
        return low, high, float(v.low)
    finite = [b for b in (low, high) if b is not None]
    return low, high, sum(finite) / len(finite) if finite else 0.0


def point(c: Claim, as_of: AsOf, current: bool) -> Point:
    x, day = position(as_of)
    low, high, y = bounds(c.effective_value)  # type: ignore[arg-type]
    return Point(x, y, low, high, day, as_of.source == "earlier", current)


def time_ticks(lo: float, hi: float) -> list[float]:
    """Round times inside [lo, hi]: hours for a short story, days or weeks for a longer one."""
    step = next((s for s in TICK_STEPS if s * TICKS >= hi - lo), TICK_STEPS[-1])
    first = math.ceil(lo / step) * step
    return [float(t) for t in range(int(first), int(hi) + 1, step)]


def time_label(minutes: float) -> str:
    """'16 Sep' at midnight, '12:00' otherwise."""
    day, rest = divmod(int(minutes), DAY)
    return date_label(day) if rest == 0 else f"{rest // 60:02d}:{rest % 60:02d}"


@dataclass(frozen=True)
class Axes:
    """The two scales: minutes to x, value to y, in viewBox units."""

    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float
    left: float
    right: float = WIDTH - MARGIN

    def x(self, v: float) -> float:
        return round(self.left + (v - self.x_lo) / (self.x_hi - self.x_lo) * (self.right - self.left), 1)

    def y(self, v: float) -> float:
        return round(BOTTOM - (v - self.y_lo) / (self.y_hi - self.y_lo) * (BOTTOM - TOP), 1)


def axes(points: list[Point], levels: list[float], y_label_chars: int) -> Axes:
    """Whole days when the story spans one or more (so their ticks show), the value axis from zero."""
    xs = [x for p in points for x in (p.day if p.day else (p.x,))]
    x_lo, x_hi = min(xs), max(xs)
    if x_hi - x_lo >= DAY:
        x_lo, x_hi = math.floor(x_lo / DAY) * DAY, math.ceil(x_hi / DAY) * DAY
    pad = max((x_hi - x_lo) * 0.04, 60.0)
    ys = [y for p in points for y in (p.low, p.high, p.y) if y is not None] + levels
    y_lo, y_hi = min(0.0, min(ys)), max(ys)
    return Axes(x_lo - pad, x_hi + pad, y_lo, y_hi + max((y_hi - y_lo) * 0.12, 1.0),
                left=MARGIN + 8 * y_label_chars + 8)


# --- drawing ---------------------------------------------------------------------------------


def _grid(ax: Axes, y_ticks: list[float], y_label, x_ticks: list[float]) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for t in y_ticks:
        out.append(f'<line class="chart-grid" x1="{ax.left}" x2="{ax.right}" y1="{ax.y(t)}" y2="{ax.y(t)}"/>')
        out.append(f'<text class="chart-tick" x="{ax.left - 6}" y="{ax.y(t) + 4.5}" text-anchor="end">'
                   f'{escape(y_label(t))}</text>')
    out += [f'<line class="chart-grid" x1="{ax.x(t)}" x2="{ax.x(t)}" y1="{TOP - 8}" y2="{BOTTOM}"/>'
            for t in x_ticks]
    return out


def _steps(ax: Axes, starts: list[float], levels: list[float]) -> list[str]:
    """Each stage's value from its first source to the next stage's, the last to the edge; the
    current stage drawn again, thick."""
    ends = starts[1:] + [ax.x_hi]
    d = [f"M{ax.x(starts[0])} {ax.y(levels[0])}"]
    for n in range(len(starts)):
        d.append(("" if n == 0 else f"V{ax.y(levels[n])} ") + f"H{ax.x(ends[n])}")
    now = len(starts) - 1
    return [f'<path class="timeline-step" d="{" ".join(d)}"/>',
            (f'<line class="timeline-current" x1="{ax.x(starts[now])}" x2="{ax.x(ends[now])}" '
             f'y1="{ax.y(levels[now])}" y2="{ax.y(levels[now])}"/>')]


def _dot(ax: Axes, p: Point) -> list[str]:
    cx, cy = ax.x(p.x), ax.y(p.y)
    out = []
    if p.day is not None:  # some time that day: a span across it
        out.append(f'<line class="timeline-day" x1="{ax.x(p.day[0])}" x2="{ax.x(p.day[1])}" y1="{cy}" y2="{cy}"/>')
    if p.low is None or p.low != p.high:  # a range or an approximate figure: its interval
        top = ax.y(p.high) if p.high is not None else TOP - 8
        bottom = ax.y(p.low) if p.low is not None else BOTTOM
        out.append(f'<line class="timeline-range" x1="{cx}" x2="{cx}" y1="{top}" y2="{bottom}"/>')
        if p.high is None:  # no upper bound
            out.append(f'<path class="chart-arrow" d="M{cx} {TOP - 14} l-6 10 h12 z"/>')
    if p.current:
        out.append(f'<circle class="timeline-ring" cx="{cx}" cy="{cy}" r="10"/>')
    out.append(f'<circle class="{"chart-open" if p.earlier else "chart-point"}" cx="{cx}" cy="{cy}" r="6"/>')
    return out


def _stage_labels(ax: Axes, steps: tuple[Step, ...], starts: list[float], levels: list[float]) -> list[str]:
    """Each stage's value above its start; the current one bold and with the word 'now'."""
    out = []
    for n, stage in enumerate(steps):
        now = n == len(steps) - 1
        lx = ax.x(starts[n])
        end = lx > ax.right - 80  # near the right edge: the label ends at the dot
        out.append(f'<text class="chart-label{" timeline-now" if now else ""}" x="{lx - 4 if end else lx + 4}" '
                   f'y="{ax.y(levels[n]) - 12}" text-anchor="{"end" if end else "start"}">'
                   f'{escape(short_value(stage.value) + (" now" if now else ""))}</text>')
    return out


def _x_axis(ax: Axes, x_ticks: list[float]) -> list[str]:
    out = [f'<line class="chart-axis" x1="{ax.left}" x2="{ax.right}" y1="{BOTTOM}" y2="{BOTTOM}"/>']
    for t in x_ticks:
        x = ax.x(t)
        anchor = "start" if x < ax.left + 20 else "end" if x > ax.right - 20 else "middle"
        out.append(f'<text class="chart-tick" x="{x}" y="{BOTTOM + 20}" text-anchor="{anchor}">'
                   f'{escape(time_label(t))}</text>')
    return out


def timeline_chart(fact: Fact, labels: dict[str, str]) -> str | None:
    """The timeline of an updated count, or None (not updated, not counts of one unit, nothing placed)."""
    verdict = fact.verdict
    if verdict is None or verdict.status != "updated" or len(verdict.steps) < 2:
        return None
    claims = {c.id: c for c in fact.claims}
    values = [claims[i].effective_value for s in verdict.steps for i in s.claims if i in claims]
    values += [s.value for s in verdict.steps]
    if not all(isinstance(v, QuantityValue) for v in values):
        return None
    if len({v.unit for v in values}) > 1:  # type: ignore[union-attr]
        return None
    stages = [[point(c, c.as_of, n == len(verdict.steps) - 1) for i in stage.claims
               if (c := claims.get(i)) is not None and c.as_of is not None]
              for n, stage in enumerate(verdict.steps)]
    if not all(stages):
        return None
    levels = [bounds(s.value)[2] for s in verdict.steps]  # type: ignore[arg-type]
    unit = values[0].unit  # type: ignore[union-attr]
    suffix = "%" if unit == "%" else f" {unit}" if unit else ""

    def y_label(t: float) -> str:
        return format_number(int(t) if t == int(t) else t) + suffix

    points = [p for stage in stages for p in stage]
    rough = axes(points, levels, 0)
    y_ticks = nice_ticks(rough.y_lo, rough.y_hi, 4)
    ax = axes(points, levels, max(len(y_label(t)) for t in y_ticks))
    x_ticks = time_ticks(ax.x_lo, ax.x_hi)
    starts = [min(p.x for p in stage) for stage in stages]
    title = f"{fact.title} How the figure changed over time."
    out = [(f'<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            'role="img" aria-labelledby="timeline-title timeline-desc" preserveAspectRatio="xMinYMin meet">'),
           f'<title id="timeline-title">{escape(title)}</title>',
           f'<desc id="timeline-desc">{escape(description(fact, labels))}</desc>']
    out += _grid(ax, y_ticks, y_label, x_ticks)
    out += _steps(ax, starts, levels)
    drawn: set[tuple[float, float, bool, bool]] = set()
    for p in points:  # sources at one time with one figure share a dot; <desc> names them all
        key = (ax.x(p.x), ax.y(p.y), p.earlier, p.day is not None)
        if key not in drawn:
            drawn.add(key)
            out += _dot(ax, p)
    out += _stage_labels(ax, verdict.steps, starts, levels)
    out += _x_axis(ax, x_ticks)
    out.append("</svg>")
    return "\n".join(out)
