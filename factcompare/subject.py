"""What a value is about, read from its sentence and the one before.

Alignment never looks at values (two sources with different numbers must still meet), so
everything it knows comes from here: the nearest event word, the counted noun, the entities and
dates that pin the event, and the content words around the value.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from .lexicon import ABBREVIATIONS, EVENT_CLASSES, SPEECH_WORDS, STOPWORDS, noun_class
from .models import DateValue, Mention, NameValue, PlaceValue, QuantityValue, Subject, TimeValue

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
    if lower in ABBREVIATIONS:
        return ABBREVIATIONS[lower]
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


RELATIVE = frozenset({"that", "which", "who", "whom", "whose", "while", "when", "where"})


def _distance(tok_index: int, ref_index: int, positions: list[tuple[int, int, str]], asides, attaches_back: bool) -> float:
    """Token distance, with words inside an aside clause, or past a new clause, pushed further away.

    A place or a date ("in Damascus", "on Monday") modifies what stands before it; when
    `attaches_back`, words after the value count as further away than words before it.
    """
    d = float(abs(tok_index - ref_index))
    start, ref_start = positions[tok_index][0], positions[ref_index][0]
    if any((a <= start < b) != (a <= ref_start < b) for a, b in asides):
        d += ASIDE_PENALTY  # one inside an aside, the other outside it
    if tok_index > ref_index:
        if attaches_back:
            d = d * 1.5 + 1
        if any(positions[k][2].lower() in RELATIVE for k in range(ref_index + 1, tok_index)):
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

    # For a date or a time, saying is often the event itself: "said Wednesday" dates the statement.
    speech_is_event = isinstance(mention.value, (DateValue, TimeValue))
    attaches_back = isinstance(mention.value, (DateValue, TimeValue, PlaceValue))
    event, best, event_at = None, float("inf"), None
    terms: list[tuple[float, str]] = []
    for i, (_, _, word) in enumerate(toks):
        if i in inside:
            continue
        lem = lemma(word)
        d = _distance(i, ref if i < ref else ref_end - 1, toks, asides, attaches_back)
        if lem in SPEECH_WORDS or word.lower() in SPEECH_WORDS:
            if speech_is_event and d < best and d <= EVENT_WINDOW / 2:
                event, best, event_at = "say", d, i
            continue
        cls = EVENT_CLASSES.get(lem) or EVENT_CLASSES.get(word.lower())
        if cls and d <= EVENT_WINDOW and d < best:
            event, best, event_at = cls, d, i
        if d <= TERM_WINDOW and lem not in STOPWORDS and word.lower() not in STOPWORDS and len(lem) > 2:
            terms.append((d, lem))

    value = mention.value
    noun_lemma = lemma(mention.noun) if mention.noun else None
    cls = noun_class(mention.noun, value.unit) if isinstance(value, QuantityValue) else None
    if isinstance(value, QuantityValue) and cls is None and COUNTS_PEOPLE.search(sentence):
        cls = "person"  # "the death toll rose to 45": a count of people with no noun after it

    entities: set[str] = set()
    labels: dict[str, str] = {}
    anchors: set[str] = set()
    for other in others:
        if other is mention or (other.start, other.end) == (mention.start, mention.end):
            continue
        v = other.value
        if isinstance(v, NameValue) and v.category != "rank":
            entities.add(v.canonical.lower())
            labels.setdefault(v.canonical.lower(), v.display)
        elif isinstance(v, PlaceValue):
            # The country too, so that "in Damascus" and "in Syria" share something.
            entities.update({v.lineage[0] if v.lineage else v.name.lower(), v.name.lower()})
            labels.setdefault(v.name.lower(), v.name)
        elif isinstance(v, DateValue):
            anchors.add(_date_anchor(v))
    focus = _focus(toks, asides, event_at if event_at is not None else ref, others, mention)
    return Subject(
        event=event,
        focus=focus,
        holder=mention.about,
        noun=noun_lemma,
        noun_class=cls,
        entities=tuple(sorted(entities)),
        labels=tuple(sorted(labels.items())),
        anchors=tuple(sorted(anchors)),
        terms=_nearest_first(terms),
        context=tuple(sorted(set(content_lemmas(previous or "")))),
    )


def _focus(toks, asides, at: int, others: list[Mention], mention: Mention) -> str | None:
    """The person or organisation standing nearest the event word, outside asides: the one it is about."""
    best, found = float("inf"), None
    for other in others:
        v = other.value
        if other is mention or not isinstance(v, NameValue) or v.category not in ("person", "organisation"):
            continue
        index = next((i for i, (s, e, _) in enumerate(toks) if e > other.start), None)
        end = next((i for i, (s, e, _) in enumerate(toks) if s >= other.end), len(toks)) - 1
        if index is None:
            continue
        d = min(abs(at - index), abs(at - end))
        if any(a <= toks[index][0] < b for a, b in asides):
            d += ASIDE_PENALTY
        if d < best or (d == best and found is not None and v.canonical.lower() < found):
            best, found = d, v.canonical.lower()
    return found if best <= EVENT_WINDOW else None


def _nearest_first(terms: list[tuple[float, str]]) -> tuple[str, ...]:
    """Each term once, nearest to the value first: alignment weighs near words more."""
    seen: dict[str, float] = {}
    for d, term in terms:
        seen[term] = min(d, seen.get(term, d))
    return tuple(t for t, _ in sorted(seen.items(), key=lambda kv: (kv[1], kv[0])))


COUNTS_PEOPLE = re.compile(r"\b(?:death|casualty|casualties|fatalit(?:y|ies)|injur(?:y|ies))\s+(?:toll|count|figure)\b"
                           r"|\bnumber of (?:dead|deaths|people|victims|casualties)\b", re.I)
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
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
    if v.weekday is not None:
        return WEEKDAYS[v.weekday]  # "Monday" pins the same day whether or not it could be resolved
    if v.earliest and v.latest:
        return v.earliest.isoformat() if v.earliest == v.latest else f"{v.earliest}/{v.latest}"
    return v.display.lower()
