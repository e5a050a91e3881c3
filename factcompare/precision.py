"""How precisely a value says what it says, as a key that sorts the more precise value first.

An article may state one fact twice: "hundreds" in the lead, "about 500" further down; "this week",
then "on Monday". A fact shows one claim per article, and the reader is better served by the
precise one (`cluster.one_per_article` asks this module which that is). Precision is only ever
compared between values of one kind about one thing; it says nothing about which value is right.
"""

from __future__ import annotations

import math

from .compare import _days, is_vague, quantity_interval, relate, time_interval
from .models import DateValue, NameValue, PlaceValue, QuantityValue, TimeValue, Value

MINUTES_A_DAY = 24 * 60


def may_be_one(a: Value, b: Value) -> bool:
    """Whether two values one article gives may be one statement, made more and less precisely.

    They must not conflict (`compare.relate`), and spans of numbers, days or clock times must meet.
    `relate` is lenient with two sources whose spans merely lie near each other ('earlier this week'
    and the Saturday after it; 'late November' and 'next week'; a part of the day and any clock time):
    their edges are loose. One article that gives both is not saying one thing twice: the narrower
    may be about something else (a visit on Saturday, beside a sinking earlier this week).
    """
    if relate(a, b) == "conflict":
        return False
    if isinstance(a, QuantityValue) and isinstance(b, QuantityValue):
        if is_vague(a) or is_vague(b) or (a.unit and b.unit and a.unit != b.unit):
            return True  # an order of magnitude, or amounts in two currencies: nothing to hold them to
        return quantity_interval(a).overlaps(quantity_interval(b))
    if isinstance(a, DateValue) and isinstance(b, DateValue):
        da, db = _days(a), _days(b)
        return da is None or db is None or da.overlaps(db)  # an unresolved date is on no calendar
    if isinstance(a, TimeValue) and isinstance(b, TimeValue):
        if a.timezone and b.timezone and a.timezone.upper() != b.timezone.upper():
            return True  # read against two clocks: `relate` has shifted them
        (low_a, high_a), (low_b, high_b) = _window(a), _window(b)
        # Clock times wrap at midnight: on three consecutive days, as `relate` compares them.
        return any(low_a <= high_b + day and low_b + day <= high_a for day in (-MINUTES_A_DAY, 0, MINUTES_A_DAY))
    return True  # places and names that do not conflict are one, or one lies within the other


def _window(v: TimeValue) -> tuple[float, float]:
    """The clock window in minutes, its end past midnight when it wraps ('11 p.m. to 1 a.m.')."""
    window = time_interval(v)
    assert window.low is not None and window.high is not None
    return window.low, window.high if window.high >= window.low else window.high + MINUTES_A_DAY


def precision_key(value: Value) -> tuple[int, float]:
    """(rank, spread): the smaller, the more precise, for values of one kind.

    - quantity: a bounded interval by its width ("1,240" before "1,200", 1,150-1,250, before "about
      1,200"), then one with an open bound ("more than 1,000"), then a vague amount ("hundreds");
    - date: a resolved interval by its length in days (a single day first, then "this week"), then an
      unresolved date naming a weekday, then any other unresolved date;
    - time: the clock window by its width in minutes (hedges widen it);
    - place, name: the deeper in its hierarchy the better (Damascus before Syria, Major General before
      General); a name without a hierarchy has nothing to compare.
    """
    if isinstance(value, QuantityValue):
        if is_vague(value):
            return (2, 0.0)
        interval = quantity_interval(value)
        if interval.low is None or interval.high is None or math.isinf(interval.low) or math.isinf(interval.high):
            return (1, 0.0)
        return (0, float(interval.high - interval.low))
    if isinstance(value, DateValue):
        days = _days(value)
        if days is None:
            return (1, 0.0) if value.weekday is not None else (2, 0.0)
        assert days.low is not None and days.high is not None
        return (0, float(days.high - days.low))
    if isinstance(value, TimeValue):
        low, high = _window(value)
        return (0, float(high - low))
    if isinstance(value, (PlaceValue, NameValue)):
        return (0, float(-len(value.lineage)))
    raise TypeError(f"no precision for a {value.kind}")
