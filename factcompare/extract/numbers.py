"""Reading numbers as news text writes them: '1,200', '13.1 billion', 'twenty-five', 'a dozen'.

Shared by the quantity, date and time extractors so that all three agree on what a number is.
Arithmetic goes through Decimal: 13.1 billion must be 13100000000 exactly, not 13100000000.000002.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal, InvalidOperation

from ..models import Number

log = logging.getLogger(__name__)

SMALL: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
TENS: dict[str, int] = {
    w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
#: Abbreviated scales as written after money: '€2m', '£1.2bn', '$5bn', '$3k'.
SCALE_ABBREVIATIONS: dict[str, int] = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
    "trn": 1_000_000_000_000,
}
MULTIPLIERS: dict[str, int] = {"dozen": 12, "score": 20}

_WORD = "|".join(sorted([*SMALL, *TENS, *SCALES, "dozen"], key=len, reverse=True))
#: Digits as printed: '1,200', '1200', '13.1'. Groups after a comma are exactly three digits.
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
#: Spelled numbers: 'six', 'twenty-five', 'two hundred and fifty', 'a dozen', 'a hundred', 'half a million'.
WORDS = (
    rf"(?:(?:a|an|half\s+a)\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"\b(?:{_WORD})\b(?:(?:[\s-]+|\s+and\s+)(?:{_WORD})\b)*"
)
SCALE_WORDS = r"(?:hundred|thousand|million|billion|trillion)"
NUMBER_RE = re.compile(rf"(?:{DIGITS})(?:\s+{SCALE_WORDS}\b)?|{WORDS}", re.IGNORECASE)


def to_number(d: Decimal) -> Number:
    """An int when the value is whole (so 1,200 prints as 1200, not 1200.0), else a float."""
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def digits_value(text: str) -> Decimal | None:
    """'1,200' -> 1200, '13.1' -> 13.1; None for anything else."""
    t = text.strip().replace(",", "")
    neg = t.startswith(("-", "−"))
    if neg:
        t = t[1:]
    if not _PLAIN_DIGITS.fullmatch(t):
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:  # pragma: no cover - the regex above rules it out
        return None
    return -d if neg else d


def words_value(text: str) -> Decimal | None:
    """'two hundred and fifty' -> 250, 'a dozen' -> 12, 'half a million' -> 500000."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total = Decimal(0)
    current = Decimal(0)
    seen = False
    if words[:2] == ["half", "a"]:
        current, seen, words = Decimal("0.5"), True, words[2:]
    elif words[0] in ("a", "an"):
        current, seen, words = Decimal(1), True, words[1:]
    for w in words:
        if w in SMALL:
            current += SMALL[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = Decimal(0)
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> Number | None:
    """Any single number as written: digits with separators, a scale word, or spelled out.

    >>> parse_number("13.1 billion"), parse_number("1,200"), parse_number("twenty-five")
    (13100000000, 1200, 25)
    """
    d = parse_decimal(text)
    return None if d is None else to_number(d)


_DECIMAL = re.compile(rf"([-−]?(?:{DIGITS}))\s*({SCALE_WORDS}|[a-z]{{1,3}})?", re.IGNORECASE)
_PLAIN_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def parse_decimal(text: str) -> Decimal | None:
    t = text.strip()
    m = _DECIMAL.fullmatch(t)
    if m:
        d = digits_value(m.group(1))
        if d is None:
            return None
        scale = (m.group(2) or "").lower()
        if not scale:
            return d
        factor = SCALES.get(scale) or SCALE_ABBREVIATIONS.get(scale)
        return d * factor if factor else None
    return words_value(t)
