"""Quantities as news text writes them, read into an interval with a unit and a counted noun.

'more than 1000 Jews' -> (1000, open), noun 'Jews'; 'as many as 500 men' -> [0, 500];
'hundreds of ... terrorists' -> [200, 999] approximate; '$13.1 billion' -> 13.1e9 USD;
'46 to 48 degrees' -> [46, 48] degree. The value keeps the words as written ('display');
rounding precision is derived later by compare.py, not here.

A number is read only when it is a quantity: years, day numbers of dates and clock times are left
to the date and time extractors (their spans are computed here too, so this extractor is right on
its own), and so are numbers inside identifiers ('COVID-19', 'F-16', 'Boeing 737', 'Clause 27a'),
ordinals, fractions and ages ('a 23-year-old').
"""

from __future__ import annotations

import functools
import logging
import re
import string
from dataclasses import dataclass
from decimal import Decimal

from ..models import Document, Mention, Number, QuantityValue
from .ages import ages_in
from .base import SENTENCE_CACHE, ExtractContext, Extractor, has_any, register
from .dates import YEAR_CUES, dates_in
from .numbers import (DIGITS, SCALE_ABBREVIATIONS, SCALE_WORDS, SCALES, SMALL, TENS, WORDS, parse_decimal, to_number,
                      words_value)
from .times import times_in

log = logging.getLogger(__name__)

# --- vague amounts -----------------------------------------------------------------------

#: Plural amounts: 'hundreds' is at least two hundred and fewer than a thousand.
VAGUE: dict[str, tuple[int, int]] = {
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "tens of millions": (20_000_000, 99_999_999),
    "hundreds of millions": (200_000_000, 999_999_999),
    "tens of billions": (20_000_000_000, 99_999_999_999),
    "hundreds of billions": (200_000_000_000, 999_999_999_999),
    "dozens": (24, 99),
    "scores": (40, 99),
    "tens": (20, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
    "billions": (2_000_000_000, 9_999_999_999),
}
#: Small vague counts, also as multipliers: 'several hundred' -> [300, 900].
FEW: dict[str, tuple[int, int]] = {
    "a couple of": (2, 3),
    "a few": (2, 5),
    "a handful of": (2, 6),
    "several": (3, 9),
}
LARGEST = Decimal(10) ** 15
"""A quadrillion: larger 'quantities' are serial numbers, junk or typos, and would overflow floats."""
FEW_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE_RE = "|".join(
    re.escape(k).replace(r"\ ", r"\s+") for k in sorted(VAGUE, key=len, reverse=True) if k not in ("scores", "tens")
)
_FEW_RE = r"a\s+couple\s+of|a\s+few|a\s+handful\s+of|several"
VAGUE_CORE = (
    rf"(?P<few>{_FEW_RE})(?:\s+(?P<fewscale>dozen|hundred|thousand|million|billion)\b)?"
    rf"|(?P<vague>{_VAGUE_RE}|(?:scores|tens)(?=\s+of\b))\b"
)
CORE = re.compile(
    rf"\b(?:{VAGUE_CORE})|(?P<digits>(?:{DIGITS})(?:\s+{SCALE_WORDS}\b)?)|(?P<words>{WORDS})",
    re.IGNORECASE,
)
#: CORE for lower-cased ASCII text: the same matches as CORE on the text (its letters are all lower
#: case, and for ASCII lower() folds case as re.IGNORECASE does), found about twice as fast.
CORE_LOWER = re.compile(CORE.pattern)

# --- qualifiers --------------------------------------------------------------------------

#: Words before a number and what they do to it: gt/ge open the top, le/lt close it at the
#: number, approx hedges it. 'nearly'/'almost' read as a hedge around the number (documented).
QUALIFIERS: dict[str, tuple[str, bool]] = {
    "more than": ("gt", False), "over": ("gt", False), "above": ("gt", False), "in excess of": ("gt", False),
    "greater than": ("gt", False), "exceeding": ("gt", False), "upwards of": ("gt", False),
    "well over": ("gt", False), "well above": ("gt", False), "far more than": ("gt", False),
    "well more than": ("gt", False), "just over": ("gt", True), "just above": ("gt", True),
    "slightly more than": ("gt", True), "a little more than": ("gt", True), "a little over": ("gt", True),
    "just more than": ("gt", True),
    "at least": ("ge", False), "no fewer than": ("ge", False), "no less than": ("ge", False),
    "not less than": ("ge", False), "not fewer than": ("ge", False), "a minimum of": ("ge", False),
    "as many as": ("le", False), "up to": ("le", False), "at most": ("le", False), "no more than": ("le", False),
    "not more than": ("le", False), "a maximum of": ("le", False), "as much as": ("le", False),
    "as high as": ("le", False),
    "fewer than": ("lt", False), "less than": ("lt", False), "under": ("lt", False), "below": ("lt", False),
    "just under": ("lt", True), "just below": ("lt", True), "slightly less than": ("lt", True),
    "slightly fewer than": ("lt", True), "just shy of": ("lt", True),
    "about": ("approx", True), "around": ("approx", True), "roughly": ("approx", True), "some": ("approx", True),
    "nearly": ("approx", True), "almost": ("approx", True), "approximately": ("approx", True),
    "an estimated": ("approx", True), "estimated": ("approx", True), "close to": ("approx", True),
    "circa": ("approx", True), "approx.": ("approx", True), "an approximate": ("approx", True),
    "around about": ("approx", True), "somewhere around": ("approx", True), "some estimated": ("approx", True),
    "more or less": ("approx", True), "an approximately": ("approx", True),
}
#: The most words in one qualifier ('a little more than').
QUALIFIER_WORDS = max(len(q.split()) for q in QUALIFIERS)
_QUAL_RE = re.compile(
    r"(?:^|(?<=[^\w]))(?P<q>"
    + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(QUALIFIERS, key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
POSTFIX = [
    (re.compile(r"\s+or\s+(?:more|above|higher|greater|over)\b", re.I), "ge", False),
    (re.compile(r"\s*\+(?![\w\d])|-plus\b", re.I), "ge", False),
    (re.compile(r"\s+or\s+so\b", re.I), "approx", True),
    (re.compile(r"\s+or\s+(?:fewer|less|below|lower|under)\b", re.I), "le", False),
]

# --- units -------------------------------------------------------------------------------

CURRENCY_PREFIX = re.compile(
    r"(?P<cur>US\$|A\$|C\$|HK\$|NZ\$|\$|€|£|¥|₹|₪|(?:USD|EUR|GBP|JPY|CNY|INR|ILS)\s)\s?$"
)
#: How far before a number CURRENCY_PREFIX can start: 'USD' and a space, a space, a final newline.
CURRENCY_REACH = 6
CURRENCY_CODES = {
    "US$": "USD", "$": "USD", "A$": "AUD", "C$": "CAD", "HK$": "HKD", "NZ$": "NZD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₪": "ILS",
}
#: (pattern, unit); tried in order right after the number. Abbreviations are case-sensitive.
UNITS: list[tuple[str, str]] = [
    (r"(?:%|\s?(?i:per\s?cent|percent|pct)\b)", "%"),
    (r"\s(?i:percentage[\s-]points?)\b", "percentage point"),
    (r"\s(?i:(?:US\s+|American\s+)?dollars?)\b", "USD"),
    (r"\s(?i:euros?)\b", "EUR"),
    (r"\s(?i:pounds\s+sterling)\b", "GBP"),
    (r"\s(?i:yen)\b", "JPY"),
    (r"\s(?i:yuan|renminbi)\b", "CNY"),
    (r"\s(?i:rupees?)\b", "INR"),
    (r"\s(?i:shekels?)\b", "ILS"),
    (r"\s(?i:r[ou]bles?)\b", "RUB"),
    (r"\s?°\s?C\b|\s(?i:degrees?)\s+(?i:Celsius|centigrade|C\b)", "degree C"),
    (r"\s?°\s?F\b|\s(?i:degrees?)\s+(?i:Fahrenheit|F\b)", "degree F"),
    (r"\s?°|[\s-](?i:degrees?)\b", "degree"),
    (r"[\s-](?i:magnitude)\b", "magnitude"),
    (r"[\s-]?(?:km2|km²|sq\s?km)\b|[\s-](?i:square\s+(?:kilometres?|kilometers?))\b", "km2"),
    (r"[\s-](?i:square\s+miles?)\b|\ssq\s?mi\b", "sq mi"),
    (r"[\s-]?(?:km/h|kph|km/hr)(?!\w)", "km/h"),
    (r"[\s-]?mph\b|[\s-](?i:miles\s+(?:per|an)\s+hour)\b", "mph"),
    (r"[\s-]?km\b|[\s-](?i:kilometres?|kilometers?|kilometre|kilometer)\b", "km"),
    (r"[\s-](?i:miles?)\b", "mile"),
    (r"[\s-]?(?:cm)\b|[\s-](?i:centimetres?|centimeters?)\b", "cm"),
    (r"[\s-]?(?:mm)\b|[\s-](?i:millimetres?|millimeters?)\b", "mm"),
    (r"m\b|\sm\b(?=\s+(?:tall|high|long|wide|deep|above|below|away)\b)|[\s-](?i:metres?|meters?)\b", "m"),
    (r"[\s-]?ft\b|[\s-](?i:feet|foot)\b", "ft"),
    (r"[\s-](?i:inches|inch)\b", "inch"),
    (r"[\s-](?i:yards?)\b", "yard"),
    (r"[\s-]?kg\b|[\s-](?i:kilograms?|kilos?)\b", "kg"),
    (r"[\s-](?i:metric\s+)?(?i:tonnes?|tons?)\b", "tonne"),
    (r"[\s-]?lbs?\b|[\s-](?i:pounds?)\b", "lb"),
    (r"[\s-](?i:grams?)\b", "g"),
    (r"[\s-](?i:ounces?)\b|[\s-]?oz\b", "oz"),
    (r"[\s-](?i:acres?)\b", "acre"),
    (r"[\s-](?i:hectares?)\b|\sha\b", "hectare"),
    (r"[\s-](?i:knots?)\b", "knot"),
    (r"[\s-](?i:litres?|liters?)\b", "litre"),
    (r"[\s-](?i:gallons?)\b", "gallon"),
    (r"[\s-](?i:barrels?)\b", "barrel"),
    (r"[\s-]?(?:MW|GW|kW|kWh|MWh|GWh)\b", "power"),
    (r"[\s-](?i:seconds?)\b", "second"),
    (r"[\s-](?i:minutes?)\b", "minute"),
    (r"[\s-](?i:hours?)\b", "hour"),
    (r"[\s-](?i:days?)\b", "day"),
    (r"[\s-](?i:weeks?)\b", "week"),
    (r"[\s-](?i:months?)\b", "month"),
    (r"[\s-](?i:years?)\b", "year"),
    (r"[\s-](?i:decades?)\b", "decade"),
    (r"[\s-](?i:centuries|century)\b", "century"),
]
UNIT_PATTERNS = [(re.compile(p), u) for p, u in UNITS]
#: UNITS as one pattern, a named group per unit, in order: an alternation takes its first branch that
#: matches, as a loop over UNIT_PATTERNS would; one regex call instead of up to one per unit.
UNIT_RE = re.compile("|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(UNITS)))
MONEY = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "INR", "ILS", "RUB", "AUD", "CAD", "HKD", "NZD"})
#: Units whose values can be below zero, so 'under 5 degrees' does not mean [0, 5).
SIGNED_UNITS = frozenset({"degree", "degree C", "degree F", "%", "percentage point"})

# --- nouns -------------------------------------------------------------------------------

NOUN_STOP = frozenset(
    """of in on at for with from to by into onto over under about against among between through during
    after before since until as than and or but nor that which who whom whose when where while whereas
    because if were was is are be been being have has had will would could should can may might must
    shall do does did not no also still reportedly allegedly just only even more most less fewer each per
    a an the this these those their its his her our your my they them it he she we you i said says say
    told according there here then so such other another both all any some many much every very too
    across amid toward towards within without via like including""".split()
)
IRREGULAR_PLURALS = frozenset(
    "men women children people police personnel staff cattle feet teeth geese mice crew clergy folk "
    "militia livestock gentlemen policemen gunmen firemen fishermen".split()
)
NOT_PLURAL = frozenset(
    "this was has is as us his its thus hers yours ours whereas perhaps always news series".split()
)
DETERMINERS = frozenset("the these those its their his her our your my them whom which".split())
WORD_RE = re.compile(r"[ \t]*([A-Za-z][\w’'-]*)")

#: Capitalised words before a number that do not make it part of a name ('Over 600', 'Some 500').
_CAPITAL_OK = frozenset(w.split()[0] for w in QUALIFIERS) | frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday the a an and but or in on at of for by "
    "with from to about after before since killing killed leaving injuring including while with "
    "nearly almost another only just all those these usd eur gbp jpy cny inr ils".split()
)


RANGE_TAIL = re.compile(
    r"\s*(?P<sep>-|–|—|to|and|or)\s*[$€£¥₹₪]?(?P<n>" + DIGITS + "|" + WORDS + ")", re.IGNORECASE
)
ONE_AS_PRONOUN = frozenset(
    "no any every each the this that which only last another such someone anyone".split()
)
LABEL_ABBREVIATIONS = frozenset("no. nos. vol. p. pp. art. sec. ch. fig. #".split())
#: Words that make the number after them a label: 'page 5', 'phase 2', 'section 230'.
INDEX_WORDS = frozenset(
    """page pages chapter section article clause paragraph rule room gate platform level category grade
    phase stage round number item line verse step exit terminal route highway flight channel version
    model season episode part volume act scene district ward precinct unit lane pier bay row seat
    no nos number aged age""".split()
)


def _previous_word(text: str, pos: int) -> str:
    """The ASCII word (then maybe a dot) before the spaces that end text[:pos], lower-cased ("" if
    none): what a search for letters, a dot, spaces and the end finds, without scanning from the start."""
    head = text[:pos]
    word = head.rstrip()  # str.rstrip() and \s agree on what a space is
    if len(word) == len(head):
        return ""
    if word.endswith("."):
        word = word[:-1]
    start = len(word)
    while start and word[start - 1] in _ASCII_LETTERS:
        start -= 1
    return word[start:].lower()


_ASCII_LETTERS = frozenset(string.ascii_letters)


def _last_words_start(text: str, end: int, words: int) -> int:
    """Where the last `words` runs of non-spaces before text[:end]'s final spaces start (0 if fewer).

    A pattern anchored at the end of text[:end] whose matches span at most that many words (and
    end in spaces) finds the same there as in all of text[:end]: searching from here is enough."""
    head = text[:end]
    parts = head.rsplit(None, words)
    if len(parts) <= words:
        return 0
    return head.index(parts[1], len(parts[0]))


@dataclass
class _Reading:
    start: int
    end: int
    low: Decimal
    high: Decimal
    approximate: bool = False
    unit: str | None = None
    vague: bool = False
    qualifier: str | None = None
    qualifier_approx: bool = False
    scaled: bool = False
    noun: str | None = None  # what a compound counts: 'a five-person crew' counts people


def _is_plural(word: str) -> bool:
    low = word.lower().replace("’", "'")
    if low in IRREGULAR_PLURALS:
        return True
    if word.isupper() or low in NOT_PLURAL or low.endswith(("'s", "ss", "us", "is")):
        return False
    return len(low) > 3 and low.endswith("s")


def counted_noun(text: str, pos: int) -> str | None:
    """The head of the noun phrase at `pos`: '500 men affiliated with' -> 'men'.

    Adjectives and modifying nouns before the head are skipped ('brain concussion injuries');
    a run stops at a function word, a verb-looking word after a plural, or punctuation.
    """
    words: list[str] = []
    p = pos
    while len(words) < 5:
        m = WORD_RE.match(text, p)
        if not m:
            break
        w = m.group(1).rstrip("-'’")
        low = w.lower()
        if low in NOUN_STOP or (low.endswith("ly") and len(low) > 4):
            break
        if words and _is_plural(words[-1]) and not _is_plural(w):
            break  # '500 men affiliated', '240 people were'
        words.append(w)
        p = m.end()
    words = [w for w in words if len(w) > 1]
    if not words:
        return None
    plural = [w for w in words if _is_plural(w)]
    if plural:
        # The last of the first run of plurals: 'Red Cross volunteers' -> 'volunteers'.
        i = words.index(plural[0])
        while i + 1 < len(words) and _is_plural(words[i + 1]):
            i += 1
        return words[i]
    for w in words:
        if not w.lower().endswith(("ed", "ing")) or len(w) <= 4:
            return w
    return None


_OF_AFTER = re.compile(r"\s+of\s+", re.IGNORECASE)


def noun_after(text: str, pos: int, direct: bool) -> str | None:
    """The counted noun after a quantity: straight after it, or the head after 'of (the)'."""
    m = _OF_AFTER.match(text, pos)
    if m:
        p = m.end()
        d = WORD_RE.match(text, p)
        while d and d.group(1).lower() in DETERMINERS:
            if d.group(1).lower() in ("them", "whom", "which"):
                return None
            p = d.end()
            d = WORD_RE.match(text, p)
        return counted_noun(text, p)
    if not direct or text[pos : pos + 1] not in (" ", "\t"):
        return None
    return counted_noun(text, pos)


# --- reading one number ------------------------------------------------------------------

#: Compiled once: re.match() looks its pattern up again on every call. Those tried at a position
#: (pattern.match(text, pos), no slice of the rest of the text) look neither behind it nor at "^".
_SCALE_WORD = re.compile(SCALE_WORDS, re.I)
_DASH_DIGIT = re.compile(r"[-–]\d")
_DASH_LETTER = re.compile(r"[-–][A-Za-z]")
_SLASH_DIGIT = re.compile(r"[/:]\d")
_POINT_DIGIT = re.compile(r"[.,]\d")
_OLD_AFTER = re.compile(r"[-\s]+old\b")
_PRONOUN_ONE_AFTER = re.compile(r"\s+(?:of|another|and|or|day|time)\b", re.I)
#: A count made an adjective: 'a five-person expedition', 'its 12-member jury', 'a 200-strong force'.
_GROUP_SIZE = re.compile(r"-(?P<w>(?i:man|woman|person|member|strong))\b(?!-)")
#: What such a compound counts ('strong': the noun after it, as for a plain count).
GROUP_NOUNS = {"man": "people", "woman": "women", "person": "people", "member": "members", "strong": None}
#: A maker's model number and its variant ('737-800', '767-300ER'), not the range 737 to 800. The
#: first part has three digits and does not end in 0; the second is round hundreds.
#: 'One dam gave way, followed by a second': 'one' names the first of a series, as 'the first' would.
_ORDINAL_AFTER = re.compile(r"\b(?:a|the)\s+(?:second|third)\b", re.I)
_MODEL_NUMBER = re.compile(r"\d\d[1-9]-[1-9]00(?:[A-Z]{1,3})?\b(?!-)")
#: A short code of capitals and digits ('7C', 'A1'): a number right after it is part of the code
#: ('flight 7C 2216').
_CODE_TOKEN = re.compile(r"(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z\d]{2,4}")
#: A group of digits standing beside another with only a space between: a phone or account number
#: ('0800 123 456', '+44 20 7946 0958'), not an amount.
_DIGITS_AFTER = re.compile(r" \d")
_DIGITS_BEFORE = re.compile(r"(?:^|[\s(+])[+]?\d+ $")


def _title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][A-Za-z’'-]*", text)
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _previous_token(text: str, pos: int) -> str:
    """The run of non-spaces before the spaces that end text[:pos] ("" without such spaces): what a
    regex search for non-spaces, spaces and the end finds, without scanning from the start."""
    head = text[:pos]
    stripped = head.rstrip()
    if len(stripped) == len(head) or not stripped:
        return ""
    return stripped.rsplit(None, 1)[-1]


def _unit_at(text: str, pos: int) -> tuple[str, int] | None:
    m = UNIT_RE.match(text, pos)
    if m is None:
        return None
    return UNITS[int(m.lastgroup[1:])][1], m.end()  # type: ignore[index]


_SCALE_ABBREVIATION = re.compile(r"\s?(bn|mn|mln|trn|tn|m|k|b)\b")


def _scale_abbreviation(text: str, pos: int, currency: str | None) -> tuple[int, int] | None:
    """'€2m', '£1.2bn', '13bn'. A bare 'm' is metres unless money or a counted noun follows ('5m people')."""
    m = _SCALE_ABBREVIATION.match(text, pos)
    if not m:
        return None
    abbr = m.group(1)
    if not currency:
        if abbr in ("k", "b"):
            return None  # '5k run', 'Plan 5b'
        if abbr == "m":
            noun = counted_noun(text, m.end())
            if m.group().startswith(" ") or noun is None or not _is_plural(noun):
                return None
    return SCALE_ABBREVIATIONS[abbr], m.end()


def _core_value(m: re.Match[str]) -> tuple[Decimal, Decimal, bool] | None:
    """(low, high, vague) of the bare number or amount."""
    if m.group("few"):
        key = re.sub(r"\s+", " ", m.group("few").lower())
        a, b = FEW[key]
        scale = FEW_SCALES.get((m.group("fewscale") or "").lower(), 1)
        return Decimal(a * scale), Decimal(b * scale), True
    if m.group("vague"):
        a, b = VAGUE[re.sub(r"\s+", " ", m.group("vague").lower())]
        return Decimal(a), Decimal(b), True
    if m.group("digits"):
        d = parse_decimal(m.group("digits"))
    else:
        d = words_value(m.group("words"))
    if d is None:
        return None
    return d, d, False


def _not_a_quantity_left(text: str, m: re.Match[str]) -> bool:
    """Identifiers, fractions and names with a number, judged from what stands around it."""
    s, e = m.start(), m.end()
    before = text[s - 1] if s else ""
    if m.group("words") is not None:
        if before and before in "-–":
            return True
        if _DASH_LETTER.match(text, e) and not _unit_at(text, e) and not _GROUP_SIZE.match(text, e):
            return True  # 'one-time', 'two-state solution'
        if m.group("words").lower() == "one":
            if _PRONOUN_ONE_AFTER.match(text, e):
                return True  # 'one of the acts': a pronoun
            return _previous_token(text, s).lower() in ONE_AS_PRONOUN
        return False
    if m.group("digits") is None:
        return False
    if before and (before.isalnum() or before in "_/#:"):
        return True
    if before and before in "-–" and s >= 2 and text[s - 2].isalnum():
        return True  # 'COVID-19', 'F-16'
    if text[s:s + 1] == "0" and text[s + 1 : s + 2].isdigit():
        return True  # '0800', '007': a code, not an amount
    if _DIGITS_AFTER.match(text, e) or (before == " " and _DIGITS_BEFORE.search(text, max(0, s - 24), s)):
        return True  # '0800 123 456': a phone number
    if _MODEL_NUMBER.match(text, s):
        return True  # 'a 737-800': a model
    if before == "." and s >= 2 and text[s - 2].isdigit():
        return True
    prev = _previous_token(text, s)
    if prev.lower() in LABEL_ABBREVIATIONS or _CODE_TOKEN.fullmatch(prev):
        return True  # 'No. 5', 'flight 7C 2216'
    sentence_start = text[:s].rstrip()[: -len(prev)].strip() == "" if prev else True
    return (
        not sentence_start
        and prev[:1].isupper()
        and re.fullmatch(r"[A-Za-z][\w-]*", prev) is not None
        and prev.lower() not in _CAPITAL_OK
        and not _title_case(text)  # last: the only test that reads the whole sentence
    )  # 'Boeing 737', 'Clause 27', 'Flight 370'


def _read_range(text: str, r: _Reading, p: int, currency: str | None, blocked: list[tuple[int, int]]) -> int:
    """Extend r over a second number: '10-20', '46 to 48', 'between 2 and 3 million', 'two or three'.

    Returns the new end. 'from 10 to 20' is left alone: it is usually a change, two values.
    """
    rm = RANGE_TAIL.match(text, p)
    if rm is None or r.vague:
        return p
    sep = rm.group("sep").lower()
    between = re.search(r"\bbetween\s+$", text[: r.start], re.IGNORECASE)
    if (sep == "and") != bool(between) or re.search(r"\bfrom\s+$", text[: r.start], re.IGNORECASE):
        return p
    n_start, n_end = rm.start("n"), rm.end("n")
    if any(n_start < b and a < n_end for a, b in blocked):
        return p
    second = parse_decimal(rm.group("n"))
    if second is None:
        return p
    q, factor = n_end, 1
    sc_word = re.match(rf"\s+({SCALE_WORDS})\b", text[q:], re.I)
    sc_abbr = _scale_abbreviation(text, q, currency)
    if sc_word:
        factor, q = SCALES[sc_word.group(1).lower()], q + sc_word.end()
    elif sc_abbr:
        factor, q = sc_abbr
    if text[q : q + 1].isalnum() and not _unit_at(text, q):
        return p  # '10-20a', '3-1st'
    if _DASH_DIGIT.match(text, q):
        return p  # '202-555-0123', '1-800-273-8255': a phone number, not a range
    second *= factor
    first = r.low
    if factor != 1 and not r.scaled and first * factor <= second:
        first *= factor  # 'between 2 and 3 million'
    if sep == "or" and not (first < second <= first + 10 or first * 2 == second):
        return p  # 'two or three' is a range; '5 or 50' is two numbers
    if not first < second:
        return p
    r.low, r.high = first, second
    r.approximate = r.approximate or sep == "or"
    if between:
        r.start = between.start()
    return q


_MAGNITUDE_WORD = re.compile("magnitude", re.I)
_MAGNITUDE_BEFORE = re.compile(r"\b(?i:magnitude)(?:\s+of)?[\s-]+$")
_MINUS_BEFORE = re.compile(r"(?:(?<=\s)|^)(?:minus\s+|[-−])$")


def _read(text: str, m: re.Match[str], blocked: list[tuple[int, int]]) -> _Reading | None:
    """Read the quantity around one number, or None when the number is not a quantity."""
    core = _core_value(m)
    if core is None or _not_a_quantity_left(text, m):
        return None
    low, high, vague = core
    s, e = m.start(), m.end()
    is_digits = m.group("digits") is not None
    r = _Reading(s, e, low, high, approximate=vague, vague=vague)
    r.scaled = bool(is_digits and _SCALE_WORD.search(m.group("digits")))

    currency = None
    cm = CURRENCY_PREFIX.search(text, max(0, s - CURRENCY_REACH), s)  # = .search(text[:s]), scanning less
    if cm and is_digits:
        currency = CURRENCY_CODES.get(cm.group("cur").strip(), cm.group("cur").strip())
        r.start = cm.start()
    p = e
    if is_digits and not r.scaled:
        sc = _scale_abbreviation(text, p, currency)
        if sc:
            r.low, r.high = r.low * sc[0], r.high * sc[0]
            p, r.scaled = sc[1], True

    p = _read_range(text, r, p, currency, blocked)
    if p == e and _DASH_DIGIT.match(text, p):
        return None  # not a range ('3-1'): a score or a code
    group = _GROUP_SIZE.match(text, p) if p == e and not vague else None
    if group:
        r.noun, p = GROUP_NOUNS[group.group("w").lower()], group.end()  # 'a five-person crew'

    unit = currency
    u = _unit_at(text, p)
    if u and (currency is None or u[0] in MONEY):
        unit = unit or u[0]
        p = u[1]
    if unit == "year" and _OLD_AFTER.match(text, p):
        return None  # ages: 'a 23-year-old', '23 years old'
    if is_digits and p == e:
        glued = text[p : p + 2]
        if glued[:1].isalpha():
            return None  # '27a', '1990s', '5G', '7th'
        if _DASH_LETTER.match(glued) and text[p + 1 : p + 5].lower() != "plus":
            return None  # '23-year-old', '10-point plan'
        if _SLASH_DIGIT.match(glued):
            return None  # '24/7', '3:1'
    if is_digits and _POINT_DIGIT.match(text, p):
        return None  # '1,5' or '1.2.3': not a number we can read

    # Each end-anchored search below scans all the text before the number: only where it can matter.
    mag = unit is None and has_any(text, ("magnitude",), _MAGNITUDE_WORD) and _MAGNITUDE_BEFORE.search(text[: r.start])
    if mag:
        unit, r.start = "magnitude", mag.start()  # 'magnitude 7.8', 'a magnitude of 6.8'
    neg = unit in SIGNED_UNITS and _MINUS_BEFORE.search(text[: r.start])
    if neg:
        r.low, r.high = -r.high, -r.low  # '-5 degrees', 'minus 5C'
        r.start = neg.start()

    for pattern, op, approx in POSTFIX:
        pm = pattern.match(text, p)
        if pm:
            r.qualifier, r.qualifier_approx, p = op, approx, pm.end()
            break
    qm = _QUAL_RE.search(text, _last_words_start(text, r.start, QUALIFIER_WORDS), r.start)  # = .search(text[: r.start])
    if qm:
        if r.qualifier is None:  # 'about 500 or so': the hedge is already read
            r.qualifier, r.qualifier_approx = QUALIFIERS[re.sub(r"\s+", " ", qm.group("q").lower())]
        r.start = qm.start("q")
    r.unit = unit
    r.end = p
    return r


def _value(r: _Reading, display: str) -> QuantityValue:
    low: Number | None = to_number(r.low)
    high: Number | None = to_number(r.high)
    low_inc = high_inc = True
    approximate = r.approximate or r.qualifier_approx
    floor: Number | None = None if r.unit in SIGNED_UNITS else 0
    if r.qualifier == "gt":
        high, low_inc = None, False
    elif r.qualifier == "ge":
        high = None
    elif r.qualifier == "le":
        low = floor
    elif r.qualifier == "lt":
        low, high_inc = floor, False
    return QuantityValue(
        display=display,
        low=low,
        high=high,
        low_inclusive=low_inc,
        high_inclusive=high_inc,
        approximate=approximate,
        unit=r.unit,
    )


def _is_yearlike(m: re.Match[str]) -> bool:
    raw = m.group("digits") or ""
    return bool(re.fullmatch(r"1[0-9]\d\d|20\d\d|2100", raw))


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: QuantityValue
    noun: str | None


def _number_parts() -> tuple[str, ...]:
    """Words one of which (or a digit) is in every match of CORE, shortest forms only: 'ten'
    stands for 'tens' and 'often', 'one' for 'someone'."""
    words = {*SMALL, *TENS, *SCALES, "dozen"}  # WORDS
    for phrase in (*FEW, *VAGUE):  # VAGUE_CORE
        words.update(w for w in phrase.split() if w not in ("a", "of"))
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


_NUMBER_PARTS = _number_parts()
_DIGIT = re.compile(r"\d")


def _maybe_quantity(text: str) -> bool:
    """Whether CORE can match in the text at all; most sentences hold no number.

    For ASCII text, lower() changes what re.IGNORECASE ignores and nothing else, so a plain
    substring test decides; other text (where 'ſ' matches 's') is always scanned."""
    if not text.isascii() or _DIGIT.search(text):
        return True
    low = text.lower()
    return any(part in low for part in _NUMBER_PARTS)


def quantities_in(text: str) -> list[Found]:
    """Every quantity in one sentence, left to right, never overlapping a date or a time."""
    return list(_quantities_in(text))


@functools.lru_cache(maxsize=SENTENCE_CACHE)
def _quantities_in(text: str) -> tuple[Found, ...]:
    """quantities_in, kept for the last sentences seen (see SENTENCE_CACHE; Found is immutable)."""
    if not _maybe_quantity(text):
        return ()
    blocked = [(f.start, f.end) for f in dates_in(text)] + [(f.start, f.end) for f in times_in(text)]
    out: list[Found] = []
    taken_until = 0
    # Groups are read case-insensitively below, and what is shown is cut from `text`.
    for m in CORE_LOWER.finditer(text.lower()) if text.isascii() else CORE.finditer(text):
        if m.start() < taken_until:
            continue
        if any(m.start() < b and a < m.end() for a, b in blocked):
            continue
        try:
            r = _read(text, m, blocked)
        except (ArithmeticError, ValueError) as exc:  # pragma: no cover - defensive: never fail a build
            log.debug("could not read %r: %s", m.group(), exc)
            r = None
        if r is None or max(abs(r.low), abs(r.high)) > LARGEST:
            continue  # beyond any count or sum a story reports, and beyond what a float holds exactly
        if any(r.start < b and a < r.end for a, b in blocked):
            continue
        if out and r.start < out[-1].end:
            continue  # its qualifier is the end of the previous quantity: one reading per word
        noun = r.noun or noun_after(text, r.end, direct=r.unit is None)
        if _is_yearlike(m) and r.unit is None and r.qualifier is None and r.low == r.high:
            prev = re.search(r"([A-Za-z]+)\W*$", text[: r.start])
            cue = prev.group(1).lower() if prev else ""
            if (cue in YEAR_CUES and cue not in ("the", "a", "an")) or noun is None or not _is_plural(noun):
                continue  # a year that the date extractor did not want ('way back 2017')
        if m.group("words") and m.group("words").lower() == "one" and noun is None:
            continue  # 'one' without a counted noun is a pronoun
        if m.group("words") and m.group("words").lower() == "one" and _ORDINAL_AFTER.search(text, r.end):
            continue  # 'One dam gave way, followed by a second one': the first of a series, not a count
        if r.unit is None and r.qualifier is None and _previous_word(text, r.start) in INDEX_WORDS:
            continue  # 'page 5', 'section 230': a label, not an amount
        if m.group("few") and noun is None and not r.unit:
            continue  # 'several' alone is not a number anyone reports
        display = text[r.start : r.end]
        out.append(Found(r.start, r.end, _value(r, display), noun))
        taken_until = r.end
    return tuple(_joined_durations(text, out))


#: Units a compound duration ('1 hour 45 minutes', '2 years and 3 months') adds up in, as multiples
#: of the smallest of its scale; months and years are not a whole number of days, so they stay apart.
DURATION_SCALES: tuple[dict[str, int], ...] = (
    {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800},
    {"month": 1, "year": 12},
)
#: What may stand between the parts of a compound duration.
_DURATION_GAP = re.compile(r"\s*(?:,\s*)?(?:and\s+)?")


def _joined_durations(text: str, found: list[Found]) -> list[Found]:
    """'1 hour 45 minutes' as one duration of 105 minutes, not an hour and a separate 45 minutes: read
    apart, the parts would meet other sources' figures as if each were the whole ('45 minutes'
    against another's '105 minutes' would be a conflict no source made). The first part's hedge or
    bound ('about', 'more than') is the whole's; the later parts are plain counts of smaller units."""
    out: list[Found] = []
    for f in found:
        joined = _join_duration(text, out[-1], f) if out else None
        if joined is None:
            out.append(f)
        else:
            out[-1] = joined
    return out


def _join_duration(text: str, first: Found, then: Found) -> Found | None:
    a, b = first.value, then.value
    scale = next((s for s in DURATION_SCALES if a.unit in s and b.unit in s), None)
    if (scale is None or scale[b.unit] >= scale[a.unit] or b.low != b.high or b.low is None
            or b.approximate or not _DURATION_GAP.fullmatch(text, first.end, then.start)):
        return None
    bounds = {x for x in (a.low, a.high) if x is not None and x != 0}  # 0: the floor of 'up to'
    if len(bounds) != 1:
        return None  # a range ('1-2 hours 30 minutes') has no one reading
    factor = scale[a.unit] // scale[b.unit]

    def add(bound: Number | None) -> Number | None:
        return bound if bound is None or bound == 0 else bound * factor + b.low

    value = QuantityValue(display=text[first.start:then.end], low=add(a.low), high=add(a.high),
                          low_inclusive=a.low_inclusive, high_inclusive=a.high_inclusive,
                          approximate=a.approximate, unit=b.unit)
    return Found(first.start, then.end, value, then.noun or first.noun)


@register
class QuantityExtractor(Extractor):
    """Counts, amounts of money, percentages and measures, each with its counted noun."""

    kind = "quantity"
    priority = 30

    def find(self, doc: Document, context: ExtractContext) -> list[Mention]:
        out = []
        for s in doc.sentences:
            ages = ages_in(s.text)  # 'Nargeolet, 77': an age (whose, `ages.attach` decides), not a count
            for start, end, age in ages:
                out.append(Mention(sentence=s.index, start=start, end=end, value=age))
            for f in quantities_in(s.text):
                if not any(f.start < end and start < f.end for start, end, _ in ages):
                    out.append(Mention(sentence=s.index, start=f.start, end=f.end, value=f.value, noun=f.noun))
        return out
