"""Whether the sources of one fact agree: the pairwise relation of values, and the line a reader sees.

Statuses follow DESIGN.md: `agree` when every pair states the same value, `compatible` when every
pair can be true together, `conflict` when some pair cannot, `single_source` for one article.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from .changes import may_change, steps
from .changes import summary as changes_summary
from .models import (
    Claim,
    DateValue,
    Fact,
    NameValue,
    Number,
    PlaceValue,
    QuantityValue,
    TimeValue,
    Value,
    Verdict,
)

log = logging.getLogger(__name__)

Relation = Literal["same", "compatible", "conflict"]
RELATION_ORDER = {"same": 0, "compatible": 1, "conflict": 2}

# "about" widens a round number's rounding band by this much: enough that "about 500" admits 430,
# never so much that "about 1,200" (1,125-1,275) meets "about 1,400" (1,325-1,475).
APPROXIMATE_WIDENING = 1.5
# A bare number is read as rounded only when it ends in two zeros or more: "500 people" is a rounding,
# "20 people" and "240 people" are counts.
ROUNDING_FROM = 100


@dataclass(frozen=True)
class Interval:
    """A closed or open interval on a number line; None is unbounded."""

    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def overlaps(self, other: "Interval") -> bool:
        return _before(self, other) and _before(other, self)

    def contains(self, other: "Interval") -> bool:
        return _le_low(self, other) and _ge_high(self, other)


def _before(a: Interval, b: Interval) -> bool:
    """True when a's low end is not past b's high end."""
    if a.low is None or b.high is None:
        return True
    if a.low < b.high:
        return True
    return a.low == b.high and not a.low_open and not b.high_open


def _le_low(a: Interval, b: Interval) -> bool:
    if a.low is None:
        return True
    if b.low is None:
        return False
    return a.low < b.low or (a.low == b.low and (not a.low_open or b.low_open))


def _ge_high(a: Interval, b: Interval) -> bool:
    if a.high is None:
        return True
    if b.high is None:
        return False
    return a.high > b.high or (a.high == b.high and (not a.high_open or b.high_open))


# --- quantities --------------------------------------------------------------------------


def rounding_half_width(n: Number) -> float:
    """Half a unit of the last significant digit: 1,200 -> 50, 500 -> 50, 13.1 -> 0.05, 1000 -> 500."""
    d = Decimal(str(n)).normalize()
    exponent = d.as_tuple().exponent
    assert isinstance(exponent, int)
    return float(Decimal(5) * Decimal(10) ** (exponent - 1))


@lru_cache(maxsize=1 << 16)  # values repeat across claims: each is read once
def quantity_interval(v: QuantityValue) -> Interval:
    """The values a quantity claim admits, rounding and hedging included. Bounds are taken as stated."""
    is_point = v.low is not None and v.low == v.high
    if is_point:
        n = v.low
        assert n is not None
        half = 0.0
        if v.approximate or (n == int(n) and abs(n) >= ROUNDING_FROM and int(n) % 100 == 0):
            half = rounding_half_width(n)
        if v.approximate:
            half = max(half * APPROXIMATE_WIDENING, abs(n) * 0.02)
        return Interval(n - half, n + half)
    return Interval(v.low, v.high, not v.low_inclusive, not v.high_inclusive)


def same_quantity(a: QuantityValue, b: QuantityValue) -> bool:
    return (a.low, a.high, a.low_inclusive, a.high_inclusive) == (b.low, b.high, b.low_inclusive, b.high_inclusive)


VAGUE_WORDS = re.compile(r"\b(?:hundreds|thousands|millions|billions|dozens|scores|tens|several|few|handful|couple|many|numerous)\b", re.I)


def is_vague(v: QuantityValue) -> bool:
    """'hundreds', 'several', 'dozens of': an order of magnitude, not a figure."""
    return v.approximate and not any(ch.isdigit() for ch in v.display) and bool(VAGUE_WORDS.search(v.display))


def relate_quantities(a: QuantityValue, b: QuantityValue) -> Relation:
    if a.unit and b.unit and a.unit != b.unit:
        # Different units (dollars and euros) cannot be weighed against each other without data we do
        # not have; calling that a conflict would accuse a source of an error it did not make.
        return "compatible"
    if same_quantity(a, b):
        return "same"
    if quantity_interval(a).overlaps(quantity_interval(b)) or is_vague(a) or is_vague(b):
        return "compatible"  # an order of magnitude ('hundreds') is never held against a figure
    return "conflict"


def format_number(n: Number) -> str:
    if n == int(n):
        return f"{int(n):,}"
    return f"{n:,.6g}" if abs(n) < 1e15 else f"{n:g}"


def short_quantity(v: QuantityValue) -> str:
    """Compact display for summaries: 1,000+, ≤500, ~500, 46–48."""
    unit = {"USD": "$", "EUR": "€", "GBP": "£"}.get(v.unit or "")
    suffix = "%" if v.unit == "%" else ""

    def fmt(n: Number) -> str:
        return f"{unit or ''}{format_number(n)}{suffix}"

    if v.low is not None and v.low == v.high:
        return ("~" if v.approximate else "") + fmt(v.low)
    if v.high is None and v.low is not None:
        return fmt(v.low) + "+"
    if v.low in (None, 0) and v.high is not None:
        return ("<" if not v.high_inclusive else "≤") + fmt(v.high)
    if v.low is not None and v.high is not None:
        return f"{fmt(v.low)}–{fmt(v.high)}"
    return v.display


# --- dates and times ---------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # values repeat across claims: each is read once
def _days(v: DateValue) -> Interval | None:
    if v.earliest is None or v.latest is None:
        return None
    return Interval(v.earliest.toordinal(), v.latest.toordinal())


def _weekdays_in(v: DateValue) -> set[int]:
    assert v.earliest is not None and v.latest is not None
    span = (v.latest - v.earliest).days
    if span >= 6:
        return set(range(7))
    return {(v.earliest + timedelta(days=i)).weekday() for i in range(span + 1)}


#: Relative spans whose edges a reader does not hold a source to: 'this week' may be the calendar
#: week or the last seven days.
LOOSE_SPAN = re.compile(r"\b(?:week|weekend|days|recently|recent|month|months)\b", re.I)


def relate_dates(a: DateValue, b: DateValue) -> Relation:
    da, db = _days(a), _days(b)
    if (LOOSE_SPAN.search(a.display) or LOOSE_SPAN.search(b.display)) and da is not None and db is not None:
        if da == db:
            return "same"
        return "compatible" if da.overlaps(db) or _near(da, db) else "conflict"
    if da is None or db is None:
        # An unresolved date (no publication date to count from) is not on the calendar: it may agree
        # by the weekday it names, and never conflicts ("Monday" of an undated article may be any Monday).
        if da is None and db is None:
            if a.weekday is not None and b.weekday is not None and a.weekday == b.weekday:
                return "same"
            return "same" if a.display.lower() == b.display.lower() else "compatible"
        unresolved, resolved = (a, b) if da is None else (b, a)
        if unresolved.weekday is not None and _weekdays_in(resolved) == {unresolved.weekday}:
            return "same"
        return "compatible"
    if da == db:
        return "same"
    return "compatible" if da.overlaps(db) else "conflict"


LOOSE_SPAN_DAYS = 7


def _near(a: Interval, b: Interval) -> bool:
    """Within a week of each other: what a loose span's edges may be off by."""
    assert a.low is not None and a.high is not None and b.low is not None and b.high is not None
    return a.low - LOOSE_SPAN_DAYS <= b.high and b.low - LOOSE_SPAN_DAYS <= a.high


def short_date(v: DateValue) -> str:
    if v.earliest is None or v.latest is None:
        return f"“{v.display}” (date not stated)"
    if v.earliest == v.latest:
        return _day(v.earliest)
    if v.earliest.day == 1 and (v.latest + timedelta(days=1)).day == 1 and v.earliest.month == v.latest.month:
        return v.earliest.strftime("%B %Y")
    if (v.earliest.month, v.earliest.day, v.latest.month, v.latest.day) == (1, 1, 12, 31) and (
        v.earliest.year == v.latest.year
    ):
        return str(v.earliest.year)
    return f"{_day(v.earliest)} – {_day(v.latest)}"


def _day(d: date) -> str:
    return f"{d.day} {d.strftime('%b %Y')}"


TIMEZONE_OFFSETS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180, "IST": 330,
    "ET": -300, "EST": -300, "EDT": -240, "CT": -360, "CST": -360, "CDT": -300, "MT": -420, "MST": -420,
    "MDT": -360, "PT": -480, "PST": -480, "PDT": -420, "JST": 540, "AEST": 600, "AEDT": 660,
}
TIME_APPROXIMATION_MINUTES = 15


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


@lru_cache(maxsize=1 << 16)  # values repeat across claims: each is read once
def time_interval(v: TimeValue) -> Interval:
    low, high = _minutes(v.earliest), _minutes(v.latest)
    if v.approximate:
        low, high = low - TIME_APPROXIMATION_MINUTES, high + TIME_APPROXIMATION_MINUTES
    return Interval(low, high)


#: A window this wide is a part of the day ('early morning'): it is compared at that precision and
#: never conflicts with a clock time, which may be of another day or read against another clock.
PART_OF_DAY_MINUTES = 120


#: A clock time given as a bound ('by 6 a.m.', 'before 9 p.m.'): as precise at its end as the time itself.
TIME_BOUND = re.compile(r"(?:by|before|until|till|no\s+later\s+than)\b", re.I)


def is_part_of_day(v: TimeValue) -> bool:
    if TIME_BOUND.match(v.display):
        return False  # 'by 6 a.m.' (00:00-06:00) says when at the latest, not which part of the day
    return _minutes(v.latest) - _minutes(v.earliest) >= PART_OF_DAY_MINUTES


def relate_times(a: TimeValue, b: TimeValue) -> Relation:
    ia, ib = time_interval(a), time_interval(b)
    if is_part_of_day(a) or is_part_of_day(b):
        return "same" if (a.earliest, a.latest) == (b.earliest, b.latest) else "compatible"
    tza, tzb = (a.timezone or "").upper(), (b.timezone or "").upper()
    shift = 0
    if tza and tzb and tza != tzb:
        if tza not in TIMEZONE_OFFSETS or tzb not in TIMEZONE_OFFSETS:
            return "compatible"
        shift = TIMEZONE_OFFSETS[tzb] - TIMEZONE_OFFSETS[tza]
    start_a, end_a = _minutes(a.earliest) + shift, _minutes(a.latest) + shift
    if (start_a - _minutes(b.earliest)) % 1440 == 0 and (end_a - _minutes(b.latest)) % 1440 == 0:
        return "same"
    assert ia.low is not None and ia.high is not None and ib.low is not None and ib.high is not None
    shifted = Interval(ia.low + shift, ia.high + shift)
    # Clock times wrap at midnight; compare on three consecutive days.
    for day in (-1440, 0, 1440):
        if shifted.overlaps(Interval(ib.low + day, ib.high + day)):
            return "compatible"
    return "conflict"


def short_time(v: TimeValue) -> str:
    span = v.earliest if v.earliest == v.latest else f"{v.earliest}–{v.latest}"
    return ("~" if v.approximate else "") + span + (f" {v.timezone}" if v.timezone else "")


# --- places and names: values in a hierarchy ---------------------------------------------


def relate_lineages(a: tuple[str, ...], b: tuple[str, ...]) -> Relation:
    """Places in one hierarchy: the same, one within the other (compatible), or apart (conflict). A
    region the gazetteer places in no hierarchy ('~': 'the North Atlantic', a province it has no code
    for) may hold or border the other place: nothing says they are apart."""
    if a == b:
        return "same"
    shorter, longer = sorted((a, b), key=len)
    if shorter and longer[: len(shorter)] == shorter:
        return "compatible"
    first = next((x, y) for x, y in zip(a, b) if x != y) if shorter else ("", "")
    return "compatible" if "~" in first[0] or "~" in first[1] else "conflict"


def relate_names(a: NameValue, b: NameValue) -> Relation:
    if a.canonical == b.canonical:
        return "same"
    if a.category == b.category == "person" and (a.lineage and a.lineage == b.lineage
                                                 or spelling_variants(a.display, b.display)):
        return "compatible"  # "Kim E-bae" and "Kim Lee-bae": one name romanised two ways
    if a.lineage and b.lineage:
        return relate_lineages(a.lineage, b.lineage)
    return "conflict"


#: How alike two given names must be (rapidfuzz ratio, 0-100) for one surname's names to be variants.
GIVEN_NAME_LIKENESS = 60


def spelling_variants(a: str, b: str) -> bool:
    """Two writings of one person's name: the same family name, given names spelled alike."""
    from rapidfuzz.fuzz import ratio
    from unidecode import unidecode

    wa, wb = unidecode(a).lower().split(), unidecode(b).lower().split()
    if len(wa) < 2 or len(wb) < 2:
        return False
    # Family name first (Korean, Chinese) or last: either end may be the one they share.
    for fa, fb, ga, gb in ((wa[-1], wb[-1], wa[:-1], wb[:-1]), (wa[0], wb[0], wa[1:], wb[1:])):
        if fa == fb and ratio(" ".join(ga), " ".join(gb)) >= GIVEN_NAME_LIKENESS:
            return True
    return False


# --- any pair, any fact ------------------------------------------------------------------


def relate(a: Value, b: Value) -> Relation:
    """How two values of one kind relate; values of different kinds never share a fact."""
    if isinstance(a, QuantityValue) and isinstance(b, QuantityValue):
        return relate_quantities(a, b)
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        return relate_dates(a, b)
    if isinstance(a, TimeValue) and isinstance(b, TimeValue):
        return relate_times(a, b)
    if isinstance(a, PlaceValue) and isinstance(b, PlaceValue):
        return relate_lineages(a.lineage, b.lineage)
    if isinstance(a, NameValue) and isinstance(b, NameValue):
        return relate_names(a, b)
    raise TypeError(f"cannot compare a {a.kind} with a {b.kind}")


def short_value(v: Value) -> str:
    """The value as the summary names it: normalised, short, the same for equal values."""
    if isinstance(v, QuantityValue):
        return short_quantity(v)
    if isinstance(v, DateValue):
        return short_date(v)
    if isinstance(v, TimeValue):
        return short_time(v)
    if isinstance(v, PlaceValue):
        return v.name
    return v.canonical if v.category == "rank" else v.display


@dataclass
class ValueGroup:
    """One distinct value of a fact: where it first (and second) occurs, how often, and its label.

    A fact stated by a thousand sources holds few distinct values; relating and labelling each
    distinct value once keeps a verdict's cost in the number of distinct values, not of claims.
    """

    value: Value
    label: str  # short_value(value), worked out once
    first: int
    second: int | None = None
    count: int = 1


def value_classes(values: Sequence[Value]) -> tuple[list[int], list[tuple[Value, str]]]:
    """Each value's class of equal values (an index), and each class's value and label, in order of
    first occurrence.

    Equal values relate, sort and display the same way, so any one of them stands for all. A
    quantity's key also holds the types of its bounds: 500 and 500.0 are equal, yet
    rounding_half_width reads a number as text, and past 2**53 a float's text is not its int's.
    """
    index: dict[object, int] = {}
    classes: list[int] = []
    members: list[tuple[Value, str]] = []
    for v in values:
        key = (v, type(v.low), type(v.high)) if isinstance(v, QuantityValue) else v
        k = index.get(key)
        if k is None:
            k = index[key] = len(members)
            members.append((v, short_value(v)))
        classes.append(k)
    return classes, members


def groups_of(classes: tuple[list[int], list[tuple[Value, str]]], positions: Iterable[int]) -> list[ValueGroup]:
    """The value groups of the values at `positions` (ascending), from `value_classes` of all of them:
    a fact replayed day by day (the feed) regroups its claims without hashing or labelling again."""
    of, members = classes
    groups: dict[int, ValueGroup] = {}
    for index, position in enumerate(positions):
        k = of[position]
        group = groups.get(k)
        if group is None:
            value, label = members[k]
            groups[k] = ValueGroup(value=value, label=label, first=index)
        else:
            if group.second is None:
                group.second = index
            group.count += 1
    return list(groups.values())


def group_values(values: Sequence[Value]) -> list[ValueGroup]:
    """Equal values grouped, in the order their first occurrences come, each labelled once."""
    return groups_of(value_classes(values), range(len(values)))


def worst_relation(groups: list[ValueGroup]) -> tuple[Relation, tuple[ValueGroup, ValueGroup] | None]:
    """The worst relation among a fact's claim values, and for a conflict the pair to name.

    The pair named is the one all-pairs comparison in claim order meets first: the first claim
    index i, then the first j > i, such that claims i and j conflict. As relate is symmetric, that
    pair always has i the first occurrence of its value and j the first occurrence of another value,
    or the second of the same one. So each group is related to the groups first met after it and,
    when it occurs twice, to itself (at its second occurrence), in order of j; the first conflict
    ends the search. relate(v, v) is 'same' today, but a value met once is never paired with itself.
    """
    firsts = [g.first for g in groups]
    worst: Relation = "same"
    for p, group in enumerate(groups):
        later = groups[p + 1:]
        if group.second is not None:
            later.insert(bisect_left(firsts, group.second, lo=p + 1) - (p + 1), group)
        for other in later:
            relation = relate(group.value, other.value)
            if relation == "conflict":
                return relation, (group, other)
            if relation == "compatible":
                worst = relation
    return worst, None


def compare(fact: Fact, groups: list[ValueGroup] | None = None) -> Verdict:
    """The verdict on one fact, from the pairwise relations of its claims' values (`groups`, when
    the caller has them: `group_values` of its claims' effective values)."""
    if groups is None:
        groups = group_values([c.effective_value for c in fact.claims])
    articles = {c.article for c in fact.claims}
    if len(articles) <= 1:
        return Verdict(status="single_source", summary=f"Only one source: {_distinct(groups)}.")
    worst, worst_pair = worst_relation(groups)
    if worst == "same":
        return Verdict(status="agree", summary=_agree_summary(groups))
    if worst == "conflict" and may_change(fact):
        found = steps(fact.claims, relate)
        if found:
            return Verdict(status="updated", summary=changes_summary(found, fact.claims, short_value), steps=found)
    if worst == "conflict":
        assert worst_pair is not None
        a, b = (g.label for g in worst_pair)
        return Verdict(
            status="conflict",
            summary=f"Sources conflict: {a} vs {b} cannot both be true" + _others(groups, (a, b)) + ".",
        )
    return Verdict(status="compatible", summary=_compatible_summary(groups))


def _sort_key(v: Value) -> tuple[float, float, str]:
    """Smaller values first, so a summary reads '1,000+ vs 1,200+'."""
    inf = float("inf")
    if isinstance(v, QuantityValue):
        return (v.low if v.low is not None else -inf, v.high if v.high is not None else inf, "")
    if isinstance(v, DateValue):
        if v.earliest and v.latest:
            return (v.earliest.toordinal(), v.latest.toordinal(), "")
        return (inf, inf, v.display)
    if isinstance(v, TimeValue):
        return (_minutes(v.earliest), _minutes(v.latest), v.timezone or "")
    if isinstance(v, PlaceValue):
        return (len(v.lineage), 0, v.name)
    return (len(v.lineage), 0, v.canonical)


def _distinct(groups: list[ValueGroup]) -> str:
    """'240 vs 300 (2 sources)': labels smallest value first, ties in claim order (a stable sort)."""
    seen: dict[str, int] = {}
    for g in sorted(groups, key=lambda g: _sort_key(g.value)):
        seen[g.label] = seen.get(g.label, 0) + g.count
    return " vs ".join(k if n == 1 else f"{k} ({n} sources)" for k, n in seen.items())


def _others(groups: list[ValueGroup], pair: tuple[str, str]) -> str:
    rest = {g.label for g in groups} - set(pair)
    return f" (also: {', '.join(sorted(rest))})" if rest else ""


def _agree_summary(groups: list[ValueGroup]) -> str:
    first = groups[0].value
    text = f"All {sum(g.count for g in groups)} sources agree: {groups[0].label}"
    if isinstance(first, NameValue):
        spellings = sorted({g.value.display for g in groups if isinstance(g.value, NameValue)})
        if len(spellings) > 1:
            text += f" (spelled {', '.join(spellings)})"
    return text + "."


def _compatible_summary(groups: list[ValueGroup]) -> str:
    values = [g.value for g in groups]
    first = values[0]
    detail = ""
    if isinstance(first, QuantityValue):
        kinds = {_bound_kind(v) for v in values if isinstance(v, QuantityValue)}
        if len(kinds) == 1 and kinds <= {"lower", "upper"}:
            detail = f" (all {kinds.pop()} bounds)"
    elif isinstance(first, PlaceValue):
        places = sorted({v for v in values if isinstance(v, PlaceValue)}, key=lambda p: (len(p.lineage), p.name))
        broad, narrow = places[0], places[-1]
        return f"Sources differ in precision: {narrow.name} lies in {broad.name}; both can be true."
    elif isinstance(first, DateValue) and any(isinstance(v, DateValue) and v.earliest is None for v in values):
        detail = " (some dates could not be placed on the calendar)"
    return f"Sources differ in precision: {_distinct(groups)}{detail}; all can be true together."


def _bound_kind(v: QuantityValue) -> str:
    if v.low is not None and v.low == v.high:
        return "point"
    if v.high is None:
        return "lower"
    if v.low in (None, 0):
        return "upper"
    return "range"


def judge(facts: list[Fact]) -> list[Fact]:
    """Every fact with its verdict filled in."""
    return [f.model_copy(update={"verdict": compare(f)}) for f in facts]


def claim_order_key(claim: Claim) -> tuple[str, int, int]:
    return (claim.article, claim.sentence, claim.span[0])
