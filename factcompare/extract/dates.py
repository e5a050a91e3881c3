"""Dates as news text writes them, resolved to a day interval.

Our own patterns find the expressions ('October 7', 'late October', 'on Monday', 'this week',
'in 2020'); the standard library resolves them against the publication date. dateparser is not
used to find dates: it reads '35%' and bare numbers as years and drops 'late' from 'late October'
(see DESIGN.md). Expressions that need the publication date keep earliest = latest = None when
it is unknown, so the words still show and a weekday still compares.
"""

from __future__ import annotations

import calendar
import functools
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from ..lexicon import DISASTERS, EVENT_CLASSES
from ..models import DateValue, Document, Mention
from .base import SENTENCE_CACHE, ExtractContext, Extractor, has_any, longest_first, register
from .numbers import words_value

log = logging.getLogger(__name__)

MONTH_NAMES = (
    "January February March April May June July August September October November December".split()
)
MONTHS: dict[str, int] = {}
for _i, _name in enumerate(MONTH_NAMES, start=1):
    MONTHS[_name.lower()] = _i
    MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9
WEEKDAYS: dict[str, int] = {
    d.lower(): i for i, d in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
}
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}

#: How far past the publication date a year-less 'October 7' may still fall (datelines drift a little).
YEARLESS_SLACK_DAYS = 3

# Capitalised month names only: 'march' and 'may' are verbs.
MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
WEEKDAY = r"(?P<weekday>(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
WEEKDAY_PREFIX = (
    r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?,?\s+)?"
)
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
DAY2 = r"(?:\s*(?:-|–|to)\s*(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\b)?"
YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)(?![\d,.]\d)\b"
PART = r"(?P<part>(?i:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of))"

#: Words before a bare year that make it read as a time: 'in 2020', 'since 2012', 'the 2020 killing'.
YEAR_CUES = frozenset(
    "in since by during until till before after from through throughout the a an back early mid late "
    "spring summer autumn fall winter of".split()
)
PERIOD_OF = re.compile(
    r"(?:end|start|beginning|middle|summer|spring|autumn|fall|winter|half|quarter)\s+of\s*$", re.IGNORECASE
)
#: Plural nouns after 'the 2020' that are still events, not a count ('the 2020 elections').
EVENT_PLURALS = frozenset(
    "elections polls games olympics protests riots floods fires wildfires talks midterms killings "
    "strikes attacks accords negotiations primaries championships finals hearings sanctions".split()
)
FULL_MONTHS = frozenset(n.lower() for n in MONTH_NAMES)
#: Words before 'May' or 'March' alone that make it the month, not the verb or the name.
MONTH_CUES = frozenset(
    "in since by until till during of from through before after early late mid last next this".split()
)
#: Words after a number that make it a count, not a year: 'in 2000 homes' is rare, '2000 people' common.
COUNT_NOUNS = frozenset("people men women children police personnel troops soldiers homes acres".split())
#: A weekday name inside a proper name is not a date.
NAMED_DAYS = frozenset(
    "black good cyber super ash easter palm holy maundy bloody giving shrove ruby man small".split()
)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: DateValue


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_num(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _yearless_year(month: int, day: int, published: date | None) -> int | None:
    """The year that puts month/day most recently on or before publication (plus a little slack)."""
    if published is None:
        return None
    limit = published + timedelta(days=YEARLESS_SLACK_DAYS)
    year = limit.year
    # 29 February needs a leap year; walk back until the day exists and is not after the limit.
    for y in range(year, year - 9, -1):
        if _valid_day(y, month, day) and date(y, month, day) <= limit:
            return y
    return None


def _yearless_month_year(month: int, published: date | None) -> int | None:
    if published is None:
        return None
    limit = published + timedelta(days=YEARLESS_SLACK_DAYS)
    return limit.year if (limit.year, month) <= (limit.year, limit.month) else limit.year - 1


def _part_of_month(part: str | None, year: int, month: int) -> tuple[date, date]:
    last = _month_end(year, month)
    p = re.sub(r"\s+", " ", (part or "").lower())
    if p in ("early", "the beginning of", "the start of"):
        return date(year, month, 1), date(year, month, 10)
    if p in ("mid", "the middle of"):
        return date(year, month, 11), date(year, month, 20)
    if p in ("late", "the end of"):
        return date(year, month, 21), last
    return date(year, month, 1), last


def _part_of_year(part: str | None, year: int) -> tuple[date, date]:
    p = (part or "").lower()
    if p == "early":
        return date(year, 1, 1), date(year, 4, 30)
    if p == "mid":
        return date(year, 5, 1), date(year, 8, 31)
    if p == "late":
        return date(year, 9, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


def _previous_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z’']+)[\s-]*$", text[:pos])
    return m.group(1).lower() if m else ""


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s*([A-Za-z’']+)", text[pos:])
    return m.group(1) if m else ""


def _counts_something(text: str, end: int, prev: str) -> bool:
    """'the 2000 protesters', '1500 people': a number before a counted noun is not a year."""
    nxt = _next_word(text, end).lower()
    if nxt in COUNT_NOUNS:
        return True
    plural = nxt.endswith("s") and not nxt.endswith("'s") and nxt not in EVENT_PLURALS
    return prev in ("the", "a", "an", "") and plural


def _future_context(text: str, pos: int) -> bool:
    """'will meet on Monday' points forward; the clause before the weekday says so."""
    clause = re.split(r"[.;:,“”\"]", text[:pos])[-1]
    return bool(re.search(r"\b(?:will|shall|scheduled|set to|due to|plans? to|expected to)\b", clause, re.I))


# --- handlers: one per pattern, each returns a DateValue or None (not a date after all) ----


def _h_month_day(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    month = _month_num(m.group("month"))
    day = int(m.group("day"))
    day2 = int(m.group("day2")) if m.group("day2") else day
    if day2 < day:
        return None
    weekday = _weekday_of(m.group("wd"))
    year = int(m.group("year")) if m.group("year") else _yearless_year(month, day, pub)
    if year is None:
        if not 1 <= day <= 31:
            return None
        return DateValue(display=m.group(), earliest=None, latest=None, weekday=weekday)
    if not (_valid_day(year, month, day) and _valid_day(year, month, day2)):
        return None
    first, last = date(year, month, day), date(year, month, day2)
    return DateValue(display=m.group(), earliest=first, latest=last, weekday=weekday)


def _weekday_of(token: str | None) -> int | None:
    if not token:
        return None
    t = token.rstrip(".").lower()
    return WEEKDAYS.get(t, WEEKDAY_ABBREVIATIONS.get(t))


def _h_day_month_year(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    """'29-Dec-2024', '29-December-2024': a day, a month and a year joined by hyphens."""
    year, month, day = int(m.group("year")), _month_num(m.group("month")), int(m.group("day"))
    if not _valid_day(year, month, day):
        return None
    return DateValue(display=m.group(), earliest=date(year, month, day), latest=date(year, month, day))


#: After 'the 29th' these make it a day of the month ('on the 29th, 179 people', 'the 29th and 30th').
ORDINAL_DAY_FOLLOWERS = frozenset(
    "and or when while as at in on after before since until till through between".split()
)


def _h_ordinal_day(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    """'on the 29th', 'on the morning of the 29th': a day of the month its article was written in (or
    the month before, when that day is still to come), never 'the 29th anniversary' or 'the 29th floor'."""
    day = int(m.group("day"))
    if not 1 <= day <= 31:
        return None
    follower = re.match(r"\s*([A-Za-z]+)", text[m.end():])  # a word right after it, no mark between
    if follower and follower.group(1).lower() not in ORDINAL_DAY_FOLLOWERS:
        return None  # 'the 29th floor'; 'the 29th of December' is the day-month pattern's
    if pub is None:
        return DateValue(display=m.group("date"), earliest=None, latest=None)
    limit = pub + timedelta(days=YEARLESS_SLACK_DAYS)
    year, month = limit.year, limit.month
    for _ in range(3):  # the most recent such day on or before the limit ('the 31st' skips short months)
        if _valid_day(year, month, day) and date(year, month, day) <= limit:
            return DateValue(display=m.group("date"), earliest=date(year, month, day), latest=date(year, month, day))
        year, month = _shift_month(year, month, -1)
    return None


def _h_month(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    token = m.group("month")
    month = _month_num(token)
    part = m.group("part")
    mod = (m.group("mod") or "").lower()
    if m.group("year"):
        year: int | None = int(m.group("year"))
    else:
        # A bare month name must read as time: abbreviations and 'May'/'March' need a cue.
        prev = _previous_word(text, m.start())
        if not part and not mod:
            if token.rstrip(".").lower() not in FULL_MONTHS:
                return None
            if token in ("May", "March") and prev not in MONTH_CUES:
                return None
        year = _yearless_month_year(month, pub)
        if year is not None and mod == "last" and pub is not None and month >= pub.month:
            year = pub.year - 1
        if year is not None and mod == "next" and pub is not None:
            year = pub.year if month > pub.month else pub.year + 1
    if year is None:
        return DateValue(display=m.group(), earliest=None, latest=None)
    first, last = _part_of_month(part, year, month)
    return DateValue(display=m.group(), earliest=first, latest=last)


def _h_year(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    year = int(m.group("year"))
    part = m.group("part")
    if not part:
        prev = _previous_word(text, m.start())
        if prev not in YEAR_CUES:
            return None
        if prev == "of" and not PERIOD_OF.search(text[: m.start()]) and not _event_of(text[: m.start()]):
            return None  # 'a total of 1500' is a count; 'the end of 2020', 'the earthquake of 1960' are dates
        if _counts_something(text, m.end(), prev):
            return None
    first, last = _part_of_year(part.lower() if part else None, year)
    return DateValue(display=m.group(), earliest=first, latest=last)


_NOUN_OF = re.compile(r"([A-Za-z]+)\s+of\s*$")


#: Classes of events that happen at a time (not counts of them: 'a death toll of 1960').
DATED_EVENTS = frozenset({*DISASTERS, "attack", "abduct", "destroy", "protest", "vote", "ceremony"})


def _event_of(before: str) -> bool:
    """Whether the words before 'of' end with the noun of an event: 'the Agadir earthquake of 1960'."""
    m = _NOUN_OF.search(before)
    word = m.group(1).lower() if m else ""
    return (EVENT_CLASSES.get(word) or EVENT_CLASSES.get(word[:-1] if word.endswith("s") else "")) in DATED_EVENTS


def _h_season(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    year = int(m.group("year"))
    season = m.group("season").lower()
    if season == "winter":
        return DateValue(display=m.group(), earliest=date(year, 12, 1), latest=_month_end(year + 1, 2))
    a, b = SEASONS[season]
    return DateValue(display=m.group(), earliest=date(year, a, 1), latest=_month_end(year, b))


def _h_decade(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    year = int(m.group("decade"))
    return DateValue(display=m.group(), earliest=date(year, 1, 1), latest=date(year + 9, 12, 31))


def _h_year_range(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    y1 = int(m.group("year"))
    tail = m.group("year2")
    y2 = int(tail) if len(tail) == 4 else (y1 // 100) * 100 + int(tail)
    if not y1 < y2 <= y1 + 60:
        return None
    prev = _previous_word(text, m.start())
    if not m.group("from") and re.search(r"[a-z]", m.group("sep")) and prev not in YEAR_CUES:
        return None
    if _counts_something(text, m.end(), prev if m.group("from") is None else "from"):
        return None
    return DateValue(display=m.group(), earliest=date(y1, 1, 1), latest=date(y2, 12, 31))


def _h_iso(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    y, mo, d = int(m.group("y")), int(m.group("mo")), int(m.group("d"))
    if not (1 <= mo <= 12 and _valid_day(y, mo, d)):
        return None
    return DateValue(display=m.group(), earliest=date(y, mo, d), latest=date(y, mo, d))


def _h_slash(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    """'28/12/2023' or '12/28/2023' only when one reading is impossible: a guess would invent a date."""
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
    if y < 100:
        y += 2000
    readings = {(mo, d) for mo, d in ((a, b), (b, a)) if 1 <= mo <= 12 and 1 <= d <= 31 and _valid_day(y, mo, d)}
    if len(readings) != 1 and not (a == b):
        return None
    if not readings:
        return None
    mo, d = readings.pop()
    return DateValue(display=m.group(), earliest=date(y, mo, d), latest=date(y, mo, d))


def _h_weekday(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    prev_raw = re.search(r"([A-Za-z]+)\s+$", text[: m.start("weekday")])
    if prev_raw and prev_raw.group(1)[:1].isupper() and prev_raw.group(1).lower() in NAMED_DAYS:
        return None  # 'Black Friday', 'Super Tuesday'
    wd = WEEKDAYS[m.group("weekday").lower()]
    mod = (m.group("mod") or "").lower()
    if pub is None:
        return DateValue(display=m.group(), earliest=None, latest=None, weekday=wd)
    back = (pub.weekday() - wd) % 7  # days back to the most recent such weekday, 0 = publication day
    if mod == "last":
        # 'last Wednesday' is read either as the most recent one or as the one of the week before.
        latest = pub - timedelta(days=back or 7)
        return DateValue(display=m.group(), earliest=latest - timedelta(days=7), latest=latest, weekday=wd)
    if mod == "next":
        ahead = (wd - pub.weekday()) % 7 or 7
        day = pub + timedelta(days=ahead)
        return DateValue(display=m.group(), earliest=day, latest=day + timedelta(days=7), weekday=wd)
    if mod == "this":
        day = pub - timedelta(days=pub.weekday()) + timedelta(days=wd)
    elif _future_context(text, m.start()):
        day = pub + timedelta(days=(wd - pub.weekday()) % 7)
    else:
        day = pub - timedelta(days=back)
    return DateValue(display=m.group(), earliest=day, latest=day, weekday=wd)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def _h_relative(m: re.Match[str], text: str, pub: date | None) -> DateValue | None:
    phrase = re.sub(r"\s+", " ", m.group().lower())
    if pub is None:
        return DateValue(display=m.group(), earliest=None, latest=None)
    span = _relative_span(phrase, pub)
    if span is None:
        return None
    return DateValue(display=m.group(), earliest=span[0], latest=span[1])


def _week(pub: date, offset: int) -> tuple[date, date]:
    """The week holding `pub`, `offset` weeks on, as either custom counts it: from Monday (ISO,
    most of Europe) or from Sunday (the United States, Canada, Japan, Korea). A crash on Sunday is
    'this week' to a paper that writes on Tuesday in Seoul, and last week's to one in Berlin."""
    monday = pub - timedelta(days=pub.weekday())
    sunday = pub - timedelta(days=(pub.weekday() + 1) % 7)
    shift = timedelta(days=7 * offset)
    return min(monday, sunday) + shift, max(monday, sunday) + timedelta(days=6) + shift


def _relative_span(phrase: str, pub: date) -> tuple[date, date] | None:
    day = timedelta(days=1)
    monday = pub - timedelta(days=pub.weekday())
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return pub, pub
    if phrase == "yesterday":
        return pub - day, pub - day
    if phrase == "the day before yesterday":
        return pub - 2 * day, pub - 2 * day
    if phrase == "tomorrow":
        return pub + day, pub + day
    if phrase == "last night":
        return pub - day, pub
    if phrase in ("this week", "earlier this week", "later this week", "last week", "next week"):
        first, last = _week(pub, {"last week": -1, "next week": 1}.get(phrase, 0))
        if phrase == "this week":
            return first, pub
        if phrase == "earlier this week":
            return first, max(first, pub - day)
        if phrase == "later this week":
            return pub, last
        return first, last
    if phrase in ("this weekend",):
        return monday + 5 * day, monday + 6 * day
    if phrase == "last weekend":
        return monday - 2 * day, monday - day
    if phrase == "this month":
        return pub.replace(day=1), pub
    if phrase == "earlier this month":
        return pub.replace(day=1), max(pub.replace(day=1), pub - day)
    if phrase == "last month":
        y, mo = _shift_month(pub.year, pub.month, -1)
        return date(y, mo, 1), _month_end(y, mo)
    if phrase == "next month":
        y, mo = _shift_month(pub.year, pub.month, 1)
        return date(y, mo, 1), _month_end(y, mo)
    if phrase in ("this year", "earlier this year"):
        return date(pub.year, 1, 1), pub
    if phrase == "last year":
        return date(pub.year - 1, 1, 1), date(pub.year - 1, 12, 31)
    if phrase == "next year":
        return date(pub.year + 1, 1, 1), date(pub.year + 1, 12, 31)
    m = re.fullmatch(r"(.+?) (day|week|month|year)s? ago", phrase)
    if m:
        n = _count(m.group(1))
        if n is None:
            return None
        unit = m.group(2)
        if unit == "day":
            return pub - n * day, pub - n * day
        if unit == "week":
            # 'two weeks ago' is a round figure: give it the surrounding week.
            centre = pub - 7 * n * day
            return centre - 3 * day, centre + 3 * day
        if unit == "month":
            y, mo = _shift_month(pub.year, pub.month, -n)
            return date(y, mo, 1), _month_end(y, mo)
        return date(pub.year - n, 1, 1), date(pub.year - n, 12, 31)
    return None


def _count(words: str) -> int | None:
    if words.isdigit():
        return int(words)
    if re.fullmatch(r"a\s+couple\s+of", words):
        return 2
    value = words_value(words)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


COUNT = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+couple\s+of)"
RELATIVE = (
    r"\b(?i:the\s+day\s+before\s+yesterday|today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)"
    r"|last\s+night|(?:earlier\s+|later\s+)?this\s+(?:week|month|year)|(?:last|next)\s+(?:week|month|year|weekend)"
    r"|this\s+weekend|" + COUNT + r"\s+(?:day|week|month|year)s?\s+ago)\b"
)

PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str, date | None], DateValue | None]], ...] = (
    (re.compile(rf"\b{WEEKDAY_PREFIX}{MONTH}\s+{DAY}{DAY2}(?:,?\s+{YEAR})?"), _h_month_day),
    (re.compile(rf"\b{WEEKDAY_PREFIX}(?:the\s+)?{DAY}{DAY2}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?"), _h_month_day),
    (re.compile(rf"\b(?P<day>[0-3]?\d)-{MONTH}-{YEAR}"), _h_day_month_year),
    (
        re.compile(
            r"\b(?i:on|since|until|till|by|before|after|from)\s+(?:the\s+(?i:morning|afternoon|evening|night)\s+of\s+)?"
            r"(?P<date>the\s+(?P<day>[1-3]?\d)(?:st|nd|rd|th))\b"
        ),
        _h_ordinal_day,
    ),
    (re.compile(rf"\b(?:{PART}[\s-]+|(?P<mod>(?i:last|next|this))\s+)?{MONTH}(?:,?\s+(?:of\s+)?{YEAR})?"), _h_month),
    (
        re.compile(r"\b(?P<season>(?i:spring|summer|autumn|fall|winter))\s+(?:of\s+)?(?P<year>1[5-9]\d\d|20\d\d)\b"),
        _h_season,
    ),
    (re.compile(r"\b(?P<decade>1[5-9]\d0|20\d0)[’']?s\b"), _h_decade),
    (
        re.compile(
            rf"\b(?:(?P<from>(?i:from|between))\s+)?{YEAR}\s*(?P<sep>-|–|(?i:to|and|until|through))\s*"
            r"(?P<year2>1[5-9]\d\d|20\d\d|\d\d)\b(?![\d,.%])"
        ),
        _h_year_range,
    ),
    (re.compile(rf"\b(?:(?P<part>(?i:early|mid|late))[\s-]+)?{YEAR}(?!\s*(?:%|per\s*cent|percent))"), _h_year),
    (re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)\b"), _h_iso),
    (re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d\d)(?![\d/])"), _h_slash),
    (re.compile(rf"\b(?:(?P<mod>(?i:last|next|this))\s+)?{WEEKDAY}"), _h_weekday),
    (re.compile(RELATIVE), _h_relative),
)


_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
_MONTHISH = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_WEEKDAYISH = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")
_RELATIVE_WORDS = ("today", "tonight", "yesterday", "tomorrow", "this", "last", "next", "ago")
_RELATIVEISH = re.compile("|".join(_RELATIVE_WORDS), re.IGNORECASE)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b")


def _possible(text: str) -> tuple[bool, ...]:
    """For each of PATTERNS, whether it can match at all: what it cannot do without (a digit, four
    digits, a month or weekday name, a relative word) is looked for once, and most sentences lack it.
    The patterns are slow on long text; these tests are not."""
    digit = _DIGIT.search(text) is not None
    four = digit and _FOUR_DIGITS.search(text) is not None
    month = _MONTHISH.search(text) is not None
    return (
        digit and month,  # month day
        digit and month,  # day month
        four and month,  # day-month-year
        digit and _ORDINAL.search(text) is not None,  # on the 29th
        month,
        four,  # season year
        four,  # decade
        four,  # year range
        four,  # year
        four,  # ISO date
        digit and "/" in text,
        _WEEKDAYISH.search(text) is not None,
        has_any(text, _RELATIVE_WORDS, _RELATIVEISH),
    )


EARLIEST, LATEST = date(1000, 1, 1), date(2999, 12, 31)
"""Days a news story can report; beyond them ('9999-12-31') a date is junk, and date arithmetic
on the site (axes, 'the day after') would leave Python's calendar."""


def _out_of_range(v: DateValue) -> bool:
    return any(d is not None and not EARLIEST <= d <= LATEST for d in (v.earliest, v.latest))


@functools.lru_cache(maxsize=1024)
def _matches(text: str) -> tuple[tuple[int, re.Match[str]], ...]:
    """(pattern order, match) of every pattern in a sentence, whatever the publication date.

    Kept for the last sentences seen: the quantity extractor asks for the dates of every sentence
    again (to leave their numbers alone), without the publication date."""
    return tuple(
        (order, m)
        for order, (pattern, possible) in enumerate(zip(PATTERNS, _possible(text)))
        if possible
        for m in pattern[0].finditer(text)
    )


#: The handlers that read the publication date: a month and day or a month without a year, a weekday,
#: a relative date ('yesterday'). The others read only the text.
_READS_PUBLISHED = frozenset({_h_month_day, _h_month, _h_weekday, _h_relative, _h_ordinal_day})


def _reads_published(matches: tuple[tuple[int, re.Match[str]], ...]) -> bool:
    """Whether reading these matches depends on the publication date (see _READS_PUBLISHED)."""
    for order, m in matches:
        handler = PATTERNS[order][1]
        if handler in _READS_PUBLISHED and not (handler in (_h_month_day, _h_month) and m.group("year")):
            return True
    return False


def dates_in(text: str, published: date | None = None) -> list[Found]:
    """Every date expression in one sentence; overlapping readings resolved longest first."""
    if published is not None and not _reads_published(_matches(text)):
        published = None  # the same dates whatever the publication date: one reading for all articles
    return list(_dates_in(text, published))


@functools.lru_cache(maxsize=SENTENCE_CACHE)
def _dates_in(text: str, published: date | None) -> tuple[Found, ...]:
    """dates_in, kept for the last sentences seen (see SENTENCE_CACHE), by publication date only
    where the reading depends on it."""
    candidates: list[tuple[int, int, int, DateValue]] = []
    for order, m in _matches(text):
        try:
            value = PATTERNS[order][1](m, text, published)
        except (ValueError, OverflowError) as exc:  # an impossible date written in the text
            log.debug("not a date %r: %s", m.group(), exc)
            value = None
        if value is not None and not _out_of_range(value):
            start, end = m.span("date") if "date" in m.re.groupindex else m.span()  # 'on the 29th': 'the 29th'
            candidates.append((start, end, order, value))
    return tuple(Found(start, end, value) for start, end, value in longest_first(candidates))


@register
class DateExtractor(Extractor):
    """Dates first: the '7' of 'October 7' and the year in 'in 2020' are not quantities."""

    kind = "date"
    priority = 10

    def find(self, doc: Document, context: ExtractContext) -> list[Mention]:
        published = context.published
        out = []
        for s in doc.sentences:
            for f in dates_in(s.text, published):
                out.append(Mention(sentence=s.index, start=f.start, end=f.end, value=f.value))
        return out
