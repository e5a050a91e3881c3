"""What a value is about, read from its sentence and the one before.

Alignment never looks at values (two sources with different numbers must still meet), so
everything it knows comes from here: the nearest event word, the counted noun, the entities and
dates that pin the event, and the content words around the value.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from .lexicon import EVENT_CLASSES, SPEECH_WORDS, STOPWORDS, noun_class
from .models import DateValue, Mention, NameValue, PlaceValue, QuantityValue, Subject

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
# A relative or appositive clause ("X, who was close to Y, was killed") puts Y between X and its verb;
# words inside one count as further away.
ASIDE = re.compile(r",\s+(?:who|which|whose|whom)\b[^,;]*,|\([^)]*\)|\s[—–]\s[^—–]*\s[—–]\s")
EVENT_WINDOW = 14  # tokens: the event word of "as many as 500 men affiliated with ... underwent training"
TERM_WINDOW = 10
ASIDE_PENALTY = 6


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    return simplemma.lemmatize(lower, lang="en")


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def content_lemmas(text: str) -> tuple[str, ...]:
    out = []
    for _, _, word in tokens(text):
        lem = lemma(word)
        if lem not in STOPWORDS and len(lem) > 2 and word.lower() not in STOPWORDS:
            out.append(lem)
    return tuple(out)


def _aside_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in ASIDE.finditer(text)]


def _distance(tok_index: int, ref_index: int, positions: list[tuple[int, int, str]], asides) -> float:
    """Token distance, with words inside an aside clause pushed further away."""
    d = float(abs(tok_index - ref_index))
    start = positions[tok_index][0]
    if any(a <= start < b for a, b in asides):
        d += ASIDE_PENALTY
    return d


def build_subject(sentence: str, previous: str | None, mention: Mention, others: list[Mention]) -> Subject:
    """The subject of one mention, given the other mentions found in the same sentence."""
    toks = tokens(sentence)
    asides = _aside_spans(sentence)
    # The token index where the value stands: the first token at or after the mention start.
    ref = next((i for i, (s, e, _) in enumerate(toks) if e > mention.start), len(toks) - 1 if toks else 0)
    ref_end = next((i for i, (s, e, _) in enumerate(toks) if s >= mention.end), len(toks))
    inside = set(range(ref, ref_end))

    event, best = None, float("inf")
    terms: list[str] = []
    for i, (_, _, word) in enumerate(toks):
        if i in inside:
            continue
        lem = lemma(word)
        if lem in SPEECH_WORDS or word.lower() in SPEECH_WORDS:
            continue
        d = _distance(i, ref if i < ref else ref_end - 1, toks, asides)
        cls = EVENT_CLASSES.get(lem) or EVENT_CLASSES.get(word.lower())
        if cls and d <= EVENT_WINDOW and d < best:
            event, best = cls, d
        if d <= TERM_WINDOW and lem not in STOPWORDS and word.lower() not in STOPWORDS and len(lem) > 2:
            terms.append(lem)

    value = mention.value
    noun_lemma = lemma(mention.noun) if mention.noun else None
    cls = noun_class(mention.noun, value.unit) if isinstance(value, QuantityValue) else None

    entities: set[str] = set()
    anchors: set[str] = set()
    for other in others:
        if other is mention or (other.start, other.end) == (mention.start, mention.end):
            continue
        v = other.value
        if isinstance(v, NameValue) and v.category != "rank":
            entities.add(v.canonical.lower())
        elif isinstance(v, PlaceValue):
            entities.add(v.lineage[0] if v.lineage else v.name.lower())
            entities.add(v.name.lower())
        elif isinstance(v, DateValue):
            anchors.add(_date_anchor(v))
    return Subject(
        event=event,
        holder=mention.about,
        noun=noun_lemma,
        noun_class=cls,
        entities=tuple(sorted(entities)),
        anchors=tuple(sorted(anchors)),
        terms=tuple(sorted(set(terms))),
        context=tuple(sorted(set(content_lemmas(previous or "")))),
    )


MONTHS = "january february march april may june july august september october november december".split()
MONTH_DAY = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b"
                       r"|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*", re.I)


def _date_anchor(v: DateValue) -> str:
    """A date that pins an event, written the same whether or not the article's year was known:
    'October 7th' in an undated article and 'Oct. 7' in a dated one are one anchor."""
    m = MONTH_DAY.search(v.display)
    if m:
        month = (m.group(1) or m.group(4)).lower()
        day = int(m.group(2) or m.group(3))
        return f"{next(name for name in MONTHS if name.startswith(month))} {day}"
    if v.earliest and v.latest:
        return v.earliest.isoformat() if v.earliest == v.latest else f"{v.earliest}/{v.latest}"
    return v.display.lower()
