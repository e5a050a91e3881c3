"""What a value is about, as alignment reads it: the Subject, made from the value's frame.

Alignment never looks at values (two sources with different numbers must still meet), so
everything it knows comes from here. The frame (`frames.py`, from the sentence's parse) says which
predicate the value hangs on and who takes part; this module turns it into the keys alignment
blocks and weighs on: the event class, the focus, the counted noun and its class, the names and
dates of the same clause, its content words, and those of the sentence before.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import ABBREVIATIONS, MEASURE_CLASSES, PERSON_NOUNS, SPEECH_WORDS, STOPWORDS, noun_class
from .models import DateValue, Frame, Mention, NameValue, PlaceValue, QuantityValue, Subject

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
#: States only people are in: a count in one that names no noun counts people.
PERSON_STATES = frozenset({"aboard", "dead", "alive", "injured", "missing", "resident"})
#: The event a count's state stands for when its verb names none: "181 people aboard", "found alive".
STATE_EVENTS = {"dead": "kill", "alive": "survive", "aboard": "aboard", "injured": "injure", "missing": "missing",
                "identified": "identify", "unidentified": "identify"}


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if lower in ABBREVIATIONS:
        return ABBREVIATIONS[lower]
    import simplemma  # here: a build whose analyses are all cached never needs it (20 ms to import)

    return simplemma.lemmatize(lower, lang="en")


@lru_cache(maxsize=64)
def content_lemmas(text: str) -> tuple[str, ...]:
    """The content words of a text, lemmatised, sorted, once each: the context of the next sentence."""
    return tuple(sorted({lem for w in WORD.findall(text)
                         if (lem := lemma(w)) not in STOPWORDS and w.lower() not in STOPWORDS and len(lem) > 2}))


def build_subject(frame: Frame, mention: Mention, siblings: list[Mention], previous: str | None) -> Subject:
    """The subject of one mention: its frame, and the other values that hang on the same predicate."""
    value = mention.value
    event = frame.event
    if event is None and isinstance(value, QuantityValue):
        event = STATE_EVENTS.get(frame.state or "")
    noun = None
    cls = None
    if isinstance(value, QuantityValue):
        noun = frame.noun
        head = noun.split("+")[0].split()[-1] if noun else None
        cls = noun_class(head, value.unit)  # a unit decides the class: "96 hours of oxygen" measures time
        if cls is None and frame.state in PERSON_STATES:
            cls = "person"  # "the death toll rose to 45", "176 were confirmed dead": the dead are counted
        if (cls in MEASURE_CLASSES or (cls or "").startswith("unit:")) and frame.predicate and not frame.noun:
            noun = frame.predicate  # "a fine of 300,000 euros", "six years in prison": what the number measures
        elif noun and "+" in noun and all(part.split()[-1] in PERSON_NOUNS for part in noun.split("+")):
            noun = "people"  # "179 passengers and crew": a count of several kinds of people counts people
    entities: set[str] = set(frame.entities)
    labels: dict[str, str] = {}
    anchors: set[str] = set()
    for other in siblings:
        v = other.value
        if isinstance(v, NameValue) and v.category != "rank":
            labels.setdefault(v.canonical.lower(), v.display)
        elif isinstance(v, PlaceValue):
            # The country too, so that "in Damascus" and "in Syria" share something.
            if v.name.lower() in entities and v.lineage:
                entities.add(v.lineage[0])
            labels.setdefault(v.name.lower(), v.name)
        elif isinstance(v, DateValue):
            anchors.update(_date_anchors(v))
    own = (value.canonical.lower() if isinstance(value, NameValue) else
           value.name.lower() if isinstance(value, PlaceValue) else None)
    entities.discard(own)
    focus = frame.patient or frame.agent
    if event in ("say", "announce"):
        focus = frame.agent or frame.patient  # who said it
    return Subject(
        event=event,
        focus=focus if event else None,
        holder=mention.about,
        noun=lemma(noun) if noun and " " not in noun and "+" not in noun else noun,
        noun_class=cls,
        entities=tuple(sorted(entities)),
        labels=tuple(sorted(labels.items())),
        anchors=tuple(sorted(anchors)),
        terms=tuple(t for t in frame.clause if t not in SPEECH_WORDS)[:10],
        context=content_lemmas(previous) if previous else (),
    )



WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
MONTHS = "january february march april may june july august september october november december".split()
MONTH_DAY = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b"
                       r"|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*", re.I)


YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _date_anchors(v: DateValue) -> set[str]:
    """The ways a date pins an event, written the same whether or not the article's year was known:
    'October 7th' in an undated article and 'Oct. 7' in a dated one share 'october 7'; 'Monday'
    in an undated article and the resolved Monday of a dated one share 'monday', the resolved
    Monday and an explicit 'December 25' share 'december 25'; 'January 2020' and 'in 2020' share '2020'."""
    out: set[str] = set()
    m = MONTH_DAY.search(v.display)
    if m:
        month = (m.group(1) or m.group(4)).lower()
        day = int(m.group(2) or m.group(3))
        out.add(f"{next(name for name in MONTHS if name.startswith(month))} {day}")
    if v.weekday is not None:
        out.add(WEEKDAYS[v.weekday])  # "Monday" pins the same day whether or not it could be resolved
    if v.earliest and v.earliest == v.latest and (v.weekday is not None or not m):
        # A resolved "Monday" or "today" also pins its calendar day; an explicit "January 3, 2022"
        # is not given a weekday, which would meet every other Monday.
        out.add(f"{MONTHS[v.earliest.month - 1]} {v.earliest.day}")
    year = YEAR.search(v.display)
    if year:
        out.add(year.group(1))
    if not out:
        if v.earliest and v.latest:
            out.add(f"{v.earliest}/{v.latest}")
        else:
            out.add(v.display.lower())
    return out
