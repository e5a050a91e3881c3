"""Clock times as news text writes them: 'around 1:30 a.m.', '7:30 p.m. ET', 'noon', '14:00 GMT'.

Conventions (compare.py relies on them):
- a hedged time ('about 1:30 a.m.') is one point, earliest = latest, with approximate=True;
  the comparison widens it by its own margin, so the extractor does not guess one;
- 'shortly after 1 a.m.' is the half hour after, 'just before' the half hour before, both approximate;
  'after 10 p.m.' runs to 23:59 and 'before 6 a.m.' from 00:00 (a value never wraps midnight);
- a part of the day ('Monday morning', 'in the late afternoon') is a window, approximate;
  'night' is not read because it wraps midnight;
- a bare 'H:MM' without a.m./p.m. or time zone is read as 24-hour, and only after a cue word
  ('at 7:30') or when the hour can only be 24-hour ('14:00'): 'John 3:16' is not a time.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from ..models import Document, Mention, TimeValue
from .base import SENTENCE_CACHE, ExtractContext, Extractor, has_any, longest_first, register
from .numbers import SMALL

log = logging.getLogger(__name__)

AMPM = r"[aApP]\.?\s?[mM]\b\.?"
_TZ_ABBREVIATIONS = (
    "AEDT AEST CEST CET CDT CST CT EDT EEST EET EST ET BST GMT IST JST MDT MST MT PDT PST PT UTC".split()
)
TZ = (
    r"(?P<tz>(?:GMT|UTC)\s?[+−-]\s?\d{1,2}(?::?\d\d)?|(?:" + "|".join(_TZ_ABBREVIATIONS) + r")\b"
    r"|local\s+time|(?:Eastern|Central|Mountain|Pacific)(?:\s+(?:Standard|Daylight))?(?:\s+[Tt]ime)?\b)"
)
QUAL = (
    r"(?:\b(?=[AaRrSsJjBbCc])(?P<qual>(?i:about|around|approximately|roughly|circa|some|shortly\s+(?:after|before)"
    r"|just\s+(?:after|before)|soon\s+after|sometime\s+(?:after|before)|after|before|by))\s+)?"
)
CLOCK12 = r"(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ampm>" + AMPM + ")"
CLOCK24 = r"(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d)?(?![\d:])(?:\s*(?P<hrs>hrs|h)\b\.?)?"
MILITARY = r"(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)(?:\s*(?P<hrs>hrs|hours)\b)?"
HOUR_WORDS = {w: n for w, n in SMALL.items() if 1 <= n <= 12}
PART_WORD = r"(?P<pod>morning|afternoon|evening)"

#: Words before a bare 'H:MM' that make it a clock time.
CLOCK_CUES = frozenset(
    "at about around by before after until till from since approximately roughly circa shortly just to and "
    "between some".split()
)
PARTS_OF_DAY = {
    ("", "morning"): ("06:00", "11:59"),
    ("early", "morning"): ("04:00", "08:59"),
    ("late", "morning"): ("10:00", "11:59"),
    ("", "afternoon"): ("12:00", "17:59"),
    ("early", "afternoon"): ("12:00", "14:59"),
    ("late", "afternoon"): ("15:00", "17:59"),
    ("", "evening"): ("18:00", "21:59"),
    ("early", "evening"): ("18:00", "19:59"),
    ("late", "evening"): ("20:00", "22:59"),
}
DAY_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday tomorrow today".split())
SHORT_WINDOW = 30  # minutes: 'shortly after', 'just before'


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: TimeValue


def _hhmm(minutes: int) -> str:
    minutes = max(0, min(minutes, 23 * 60 + 59))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(h: int, mi: int, ampm: str | None) -> int:
    if ampm:
        pm = ampm.lower().startswith("p")
        h = h % 12 + (12 if pm else 0)
    return h * 60 + mi


def _timezone(tz: str | None) -> str | None:
    if not tz:
        return None
    t = re.sub(r"\s+", " ", tz.strip())
    if t.lower() == "local time":
        return "local"
    zone = re.match(r"(Eastern|Central|Mountain|Pacific)(?: (Standard|Daylight))?", t)
    if zone:
        letter = zone.group(1)[0]
        middle = {"Standard": "S", "Daylight": "D"}.get(zone.group(2) or "", "")
        return f"{letter}{middle}T"
    return t.replace(" ", "").replace("−", "-")


def _apply_qualifier(qual: str | None, low: int, high: int) -> tuple[int, int, bool]:
    q = re.sub(r"\s+", " ", (qual or "").lower())
    if q in ("about", "around", "approximately", "roughly", "circa", "some"):
        return low, high, True
    if q in ("shortly after", "just after", "soon after", "sometime after"):
        return low, high + SHORT_WINDOW, True
    if q in ("shortly before", "just before", "sometime before"):
        return low - SHORT_WINDOW, high, True
    if q == "after":
        return low, 23 * 60 + 59, False
    if q in ("before", "by"):
        return 0, high, False
    return low, high, False


def _value(m: re.Match[str], low: int, high: int) -> TimeValue:
    groups = m.groupdict()
    low, high, approximate = _apply_qualifier(groups.get("qual"), low, high)
    return TimeValue(
        display=m.group(),
        earliest=_hhmm(low),
        latest=_hhmm(high),
        timezone=_timezone(groups.get("tz")),
        approximate=approximate,
    )


def _previous_word(text: str, pos: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[:pos])
    return m.group(1).lower() if m else ""


def _h_clock12(m: re.Match[str], text: str) -> TimeValue | None:
    t = _minutes(int(m.group("h")), int(m.group("mi") or 0), m.group("ampm"))
    return _value(m, t, t)


def _h_clock24(m: re.Match[str], text: str) -> TimeValue | None:
    h = int(m.group("h"))
    cued = m.group("qual") or m.group("tz") or m.group("hrs") or _previous_word(text, m.start()) in CLOCK_CUES
    if not (cued or h >= 13 or m.group("h").startswith("0") and len(m.group("h")) == 2):
        return None
    if re.match(r"[:.]?\d", text[m.end() :]):
        return None
    t = h * 60 + int(m.group("mi"))
    return _value(m, t, t)


def _h_military(m: re.Match[str], text: str) -> TimeValue | None:
    if not (m.group("tz") or (m.group("hrs") and m.group("h").startswith("0"))):
        return None
    t = int(m.group("h")) * 60 + int(m.group("mi"))
    return _value(m, t, t)


def _h_noon(m: re.Match[str], text: str) -> TimeValue | None:
    t = 12 * 60 if m.group("word").lower() in ("noon", "midday") else 0
    return _value(m, t, t)


def _h_oclock(m: re.Match[str], text: str) -> TimeValue | None:
    raw = m.group("h").lower()
    h = HOUR_WORDS[raw] if raw in HOUR_WORDS else int(raw)
    if not 1 <= h <= 12:
        return None
    part = (m.group("when") or "").lower()
    if not part:
        return None  # '7 o'clock' alone could be morning or evening
    pm = "afternoon" in part or "evening" in part or "night" in part
    t = (h % 12 + (12 if pm else 0)) * 60
    return _value(m, t, t)


def _h_range(m: re.Match[str], text: str) -> TimeValue | None:
    kw = (m.group("kw") or "").lower()
    sep = m.group("sep").lower()
    if (kw == "between") != (sep == "and"):
        return None
    ampm2 = m.group("ampm2")
    h1, h2 = int(m.group("h1")), int(m.group("h2"))
    if ampm2 is None and (m.group("ampm1") or not (m.group("mi1") and m.group("mi2"))):
        return None
    if ampm2 is None and m.group("tz") is None and not kw:
        return None  # '10:15-10:30' alone is too easily a score or a verse
    end = _minutes(h2, int(m.group("mi2") or 0), ampm2)
    start = _minutes(h1, int(m.group("mi1") or 0), m.group("ampm1") or ampm2)
    if start > end and not m.group("ampm1") and ampm2:
        # 'between 11 and 1 p.m.': the first hour is the morning's.
        start = _minutes(h1, int(m.group("mi1") or 0), "am")
    if start > end:
        return None
    return _value(m, start, end)


def _h_part_of_day(m: re.Match[str], text: str) -> TimeValue | None:
    prev = _previous_word(text, m.start())
    if not (m.group("inthe") or prev in DAY_WORDS):
        return None
    key = ((m.group("pmod") or "").lower(), m.group("pod").lower())
    low, high = PARTS_OF_DAY[key]
    return TimeValue(display=m.group("span"), earliest=low, latest=high, approximate=True)


RANGE_END = r"(?P<h2>1[0-2]|0?[1-9]|[01]\d|2[0-3])(?:[:.](?P<mi2>[0-5]\d))?\s*(?P<ampm2>" + AMPM + ")?"
RANGE_START = r"(?P<h1>1[0-2]|0?[1-9]|[01]\d|2[0-3])(?:[:.](?P<mi1>[0-5]\d))?\s*(?P<ampm1>" + AMPM + ")?"

PATTERNS = (
    (
        re.compile(
            rf"(?<![\d.:])(?:(?P<kw>(?i:between|from))\s+)?{RANGE_START}\s*(?P<sep>-|–|(?i:to|and|until|till))\s*"
            rf"{RANGE_END}(?:\s+{TZ})?(?![\d:])"
        ),
        _h_range,
    ),
    (re.compile(rf"{QUAL}(?<![\d.:]){CLOCK12}(?:\s+{TZ})?"), _h_clock12),
    (re.compile(rf"{QUAL}(?<![\d.:]){CLOCK24}(?:\s*{TZ})?"), _h_clock24),
    (re.compile(rf"{QUAL}(?<![\d.:,]){MILITARY}(?:\s*{TZ})?(?![\d,.])"), _h_military),
    (re.compile(rf"{QUAL}(?:12\s+)?\b(?P<word>(?i:noon|midday|midnight))\b(?:\s+{TZ})?"), _h_noon),
    (
        re.compile(
            rf"{QUAL}\b(?P<h>1[0-2]|[1-9]|(?i:{'|'.join(HOUR_WORDS)}))\s+o[’']clock"
            r"(?:\s+(?P<when>(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)))?"
        ),
        _h_oclock,
    ),
    (
        re.compile(
            r"\b(?:(?P<inthe>(?i:in\s+the))\s+)?(?P<span>(?:(?P<pmod>(?i:early|late))[\s-]+)?"
            + r"(?P<pod>(?i:morning|afternoon|evening)))\b"
        ),
        _h_part_of_day,
    ),
)


_MAYBE_TIME = re.compile(r"\d|noon|midday|midnight|morning|afternoon|evening", re.IGNORECASE)
_TIME_WORDS = ("noon", "midday", "midnight", "morning", "afternoon", "evening")
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")
_DIGIT_THEN_OTHER = re.compile(r"\d\D")
_AMPM = re.compile(AMPM)
_NOON_WORDS = ("noon", "midday", "midnight")
_NOONISH = re.compile("|".join(_NOON_WORDS), re.IGNORECASE)
_PART_OF_DAY_WORDS = ("morning", "afternoon", "evening")
_PART_OF_DAYISH = re.compile("|".join(_PART_OF_DAY_WORDS), re.IGNORECASE)


def _possible(text: str) -> tuple[bool, ...]:
    """For each of PATTERNS, whether it can match at all (what it cannot do without is looked for
    once: a digit, a colon, four digits, a word): the patterns are slow, these tests are not."""
    digit = _DIGIT.search(text)
    after = digit and _DIGIT_THEN_OTHER.search(text, digit.start())
    return (
        bool(after and _DIGIT.search(text, after.end())),  # range: a digit, a separator, a digit
        bool(digit and _AMPM.search(text)),  # 12-hour clock
        bool(digit) and ":" in text,  # 24-hour clock
        bool(digit and _FOUR_DIGITS.search(text)),  # military
        has_any(text, _NOON_WORDS, _NOONISH),
        "clock" in text,
        has_any(text, _PART_OF_DAY_WORDS, _PART_OF_DAYISH),
    )


def times_in(text: str) -> list[Found]:
    """Every clock time in one sentence; overlapping readings resolved longest first."""
    return list(_times_in(text))


@functools.lru_cache(maxsize=SENTENCE_CACHE)
def _times_in(text: str) -> tuple[Found, ...]:
    """times_in, kept for the last sentences seen: the quantity extractor asks for the times of every
    sentence again, to leave their numbers alone. (Found and its TimeValue are immutable.)"""
    if not (_DIGIT.search(text) or has_any(text, _TIME_WORDS, _MAYBE_TIME)):  # = _MAYBE_TIME.search(text)
        return ()  # most sentences: skip the patterns, which are slow on long text
    candidates: list[tuple[int, int, int, TimeValue]] = []
    for order, ((pattern, handler), possible) in enumerate(zip(PATTERNS, _possible(text))):
        if not possible:
            continue
        for m in pattern.finditer(text):
            value = handler(m, text)
            if value is None:
                continue
            start, end = (m.start("span"), m.end("span")) if "span" in m.groupdict() else (m.start(), m.end())
            candidates.append((start, end, order, value))
    return tuple(Found(start, end, value) for start, end, value in longest_first(candidates))


@register
class TimeExtractor(Extractor):
    """After dates (a date's day number is never a clock hour), before quantities."""

    kind = "time"
    priority = 20

    def find(self, doc: Document, context: ExtractContext) -> list[Mention]:
        out = []
        for s in doc.sentences:
            previous_end = -1
            for f in times_in(s.text):
                # "at 11:11 p.m. (2211 GMT)", "20:00 local time (17:00 GMT)": the same moment in another
                # zone, which says nothing more (and would otherwise meet the local time as another time)
                conversion = previous_end >= 0 and _CONVERSION.fullmatch(s.text, previous_end, f.start) is not None
                out.append(Mention(sentence=s.index, start=f.start, end=f.end, value=f.value, claim=not conversion))
                previous_end = f.end
        return out


#: What stands between a time and its conversion to another zone.
_CONVERSION = re.compile(r"(?:\s+local\s+time)?\s*[(\[]\s*(?:or\s+)?", re.I)
