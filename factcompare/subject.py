"""What a value is about, read from its sentence and the one before.

Alignment never looks at values (two sources with different numbers must still meet), so
everything it knows comes from here: the nearest event word, the counted noun, the entities and
dates that pin the event, and the content words around the value.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache


from .lexicon import (ABBREVIATIONS, EVENT_CLASSES, LIGHT_EVENT_WORDS, MEASURE_CLASSES, NOUN_CLASS_WORDS, NUMBER_WORDS,
                      SPEECH_WORDS, STOPWORDS, SURFACE_EVENTS, noun_class)
from .models import DateValue, Mention, NameValue, PlaceValue, QuantityValue, Subject, TimeValue

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
# A relative or appositive clause ("X, who was close to Y, was killed") puts Y between X and its verb;
# words inside one count as further away.
ASIDE = re.compile(r",\s+(?:who|which|whose|whom)\b[^,;]*,|\([^)]*\)|\s[—–]\s[^—–]*\s[—–]\s")
EVENT_WINDOW = 14  # tokens: the event word of "as many as 500 men affiliated with ... underwent training"
TERM_WINDOW = 10
ASIDE_PENALTY = 6
# k tokens after a value that attaches back are at least 1.5 k + 1 away: beyond this k, past EVENT_WINDOW.
AFTER_WINDOW = int((EVENT_WINDOW - 1) / 1.5)
LIGHT_MARGIN = 4  # a word naming the event this much further than a light verb still wins over it


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    lower = word.lower().replace("’", "'")
    if lower.endswith("'s"):
        lower = lower[:-2]
    if lower in ABBREVIATIONS:
        return ABBREVIATIONS[lower]
    import simplemma  # here: a build whose analyses are all cached never needs it (20 ms to import)

    return simplemma.lemmatize(lower, lang="en")


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def _aside_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in ASIDE.finditer(text)]


RELATIVE = frozenset({"that", "which", "who", "whom", "whose", "while", "when", "where"})


@dataclass(frozen=True)
class _Reading:
    """What `build_subject` needs of a sentence's words, whatever the value: computed once per
    sentence, since a sentence with several values is read once for each."""

    toks: list[tuple[int, int, str]]
    starts: list[int]  # of each token, increasing
    ends: list[int]
    asides: list[tuple[int, int]]
    aside_of: list[int]  # the aside each token stands in, -1 for none (asides never overlap)
    relatives: list[int]  # relatives[k]: how many relative words stand before token k
    lemmas: list[str]
    speech: list[bool]  # a verb of saying
    classes: list[str | None]  # the event class of each token, given the one before
    light: list[bool]  # a light event word
    term: list[bool]  # a content word, a term of the subject
    telling: list[int]  # the tokens that are a verb of saying, an event word or a term, increasing
    context: tuple[str, ...]  # its content lemmas, sorted, once each: the `context` of the next sentence's values


@lru_cache(maxsize=16)
def _read(sentence: str) -> _Reading:
    """The reading of one sentence; the few last ones are kept: a document's values are taken
    sentence by sentence, and each sentence is also the context of the next one."""
    toks = tokens(sentence)
    asides = _aside_spans(sentence)
    # One look-up per word, then one list per property (zip(*) turns rows into columns).
    rows = [_word(w) for _, _, w in toks]
    columns = [list(column) for column in zip(*rows)] if rows else [[] for _ in range(7)]
    lemmas, relative, speech, light, term, events, fire = columns
    relatives = [0]
    for r in relative:
        relatives.append(relatives[-1] + r)
    # The word alone decides its event class, but for 'fire': "opened fire" is an attack.
    classes = [cls if not (f and i and lemmas[i - 1] == "open") else "attack"
               for i, (cls, f) in enumerate(zip(events, fire))]
    return _Reading(
        toks=toks,
        starts=[s for s, _, _ in toks],
        ends=[e for _, e, _ in toks],
        asides=asides,
        aside_of=[_aside_at(asides, s) for s, _, _ in toks] if asides else [-1] * len(toks),
        relatives=relatives,
        lemmas=lemmas,
        speech=speech,
        classes=classes,
        light=light,
        term=term,
        telling=[i for i, (s, c, t) in enumerate(zip(speech, classes, term)) if s or c or t],
        context=tuple(sorted({lem for lem, t in zip(lemmas, term) if t})),
    )


@lru_cache(maxsize=32768)
def _word(word: str) -> tuple[str, bool, bool, bool, bool, str | None, bool]:
    """What a sentence reading needs of one word, whatever the sentence: its lemma; whether it is a
    relative word (a new clause), a verb of saying, a light event word, a content word (a term);
    its event class alone, and whether its lemma is 'fire' (whose class the word before decides)."""
    lower = word.lower()
    lem = lemma(word)
    event, fire = _word_class(word)
    return (
        lem,
        lower in RELATIVE,
        lem in SPEECH_WORDS or lower in SPEECH_WORDS,
        lem in LIGHT_EVENT_WORDS or lower in LIGHT_EVENT_WORDS,
        lem not in STOPWORDS and lower not in STOPWORDS and len(lem) > 2,
        event,
        fire,
    )


def _aside_at(asides: list[tuple[int, int]], position: int) -> int:
    return next((k for k, (a, b) in enumerate(asides) if a <= position < b), -1)


def build_subject(sentence: str, previous: str | None, mention: Mention, others: list[Mention]) -> Subject:
    """The subject of one mention, given the other mentions found in the same sentence."""
    reading = _read(sentence)
    toks = reading.toks
    asides = reading.asides
    # The token index where the value stands: the first token at or after the mention start.
    # A value of digits only ("6.4") has no word token: ref == ref_end is then the word after it.
    ref = bisect_right(reading.ends, mention.start)
    ref_end = bisect_left(reading.starts, mention.end)
    relatives = reading.relatives
    lemmas, classes = reading.lemmas, reading.classes
    aside_of, speech, light, term = reading.aside_of, reading.speech, reading.light, reading.term

    # For a date or a time, saying is often the event itself: "said Wednesday" dates the statement.
    speech_is_event = isinstance(mention.value, (DateValue, TimeValue))
    attaches_back = isinstance(mention.value, (DateValue, TimeValue, PlaceValue))
    candidates: list[tuple[float, int, str, bool]] = []  # (distance, token, class, light)
    noun_at = _noun_token(toks, ref_end, mention.noun)
    terms: list[tuple[float, str]] = []
    mention_aside = _aside_at(asides, mention.start)
    # A word further than EVENT_WINDOW is neither an event nor a term (penalties only add distance).
    after = AFTER_WINDOW if attaches_back else EVENT_WINDOW
    telling = reading.telling
    # Only words that can be an event or a term are looked at: the others add nothing.
    window = telling[bisect_left(telling, max(ref - EVENT_WINDOW, 0)):bisect_left(telling, min(ref_end + after, len(toks)))]
    for i in window:
        if ref <= i < ref_end:
            continue  # inside the value
        # Token distance, with words inside an aside clause, or past a new clause, pushed further away.
        # A place or a date ("in Damascus", "on Monday") modifies what stands before it: when it
        # `attaches_back`, words after the value count as further away than words before it.
        ref_index = ref if i < ref else ref_end - 1
        d = float(abs(i - ref_index))
        if aside_of[i] != mention_aside:
            d += ASIDE_PENALTY  # one inside an aside, the other outside it
        if i > ref_index:
            if attaches_back:
                d = d * 1.5 + 1
            if relatives[i] > relatives[max(ref_index + 1, 0)]:  # a relative word between them
                d += ASIDE_PENALTY
        if speech[i]:
            if speech_is_event and d <= EVENT_WINDOW / 2:
                candidates.append((d, i, "say", False))
            continue
        cls = classes[i]
        if cls and noun_at is not None and ref_end <= i < noun_at:
            d += ASIDE_PENALTY / 2  # "two injured workers died": what happened to them is the verb, not the modifier
        if cls and d <= EVENT_WINDOW:
            candidates.append((d, i, cls, light[i]))
        if d <= TERM_WINDOW and term[i]:
            terms.append((d, lemmas[i]))
    event, event_at = _choose_event(candidates)

    value = mention.value
    noun_lemma = lemma(mention.noun) if mention.noun else None
    cls = noun_class(mention.noun, value.unit) if isinstance(value, QuantityValue) else None
    if isinstance(value, QuantityValue):
        toll = COUNTS_PEOPLE.search(sentence)
        if toll and mention.noun is None and value.unit is None:
            # "the death toll rose to 45": the toll is what is counted, and its word is the event.
            cls = "person"
            event = EVENT_CLASSES.get(lemma(toll.group(1) or toll.group(2)), event)
        head = governing_noun(sentence, toks, ref, ref_end, mention)
        if head and (noun_lemma is None or cls in MEASURE_CLASSES or (cls or "").startswith("unit:")):
            noun_lemma = head  # "a fine of 300,000 euros", "six years in prison": what the number measures

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
            anchors.update(_date_anchors(v))
    # Without an event word there is nobody it happens to: "Girard had been mayor from 2008" is about a state.
    focus = _focus(sentence, reading, event_at, event, others, mention) if event else None
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
        context=_read(previous).context if previous else (),
    )


PASSIVE_LINKS = frozenset("who which that was were is are has have had been being be".split())
ARTICLES = frozenset("the a an his her their its".split())


def _name_spans(reading: _Reading, others: list[Mention], mention: Mention):
    """(first token, last token, canonical) of each person or organisation named in the sentence."""
    for other in others:
        v = other.value
        if other is mention or not isinstance(v, NameValue) or v.category not in ("person", "organisation"):
            continue
        index = bisect_right(reading.ends, other.start)  # the first token ending after its start
        if index == len(reading.ends):
            continue
        end = bisect_left(reading.starts, other.end) - 1  # the last token starting before its end
        yield index, max(end, index), v.canonical.lower()


def _gap(sentence: str, toks, i: int, j: int) -> str:
    """The text between the end of token i and the start of token j."""
    return sentence[toks[i][1]:toks[j][0]]


def _patient(sentence: str, toks, at: int, index: int, end: int) -> bool:
    """Whether the name at tokens index..end is what happens to, in the ways news writes it:
    'the killing (in Iraq) of (top commander) X', 'X was (reportedly) killed', 'X, who was killed',
    'X, killed in', 'killed (former mayor) X'."""
    if at < index:
        between = [toks[k][2].lower() for k in range(at + 1, index)]
        if "," in _gap(sentence, toks, at, index) or ";" in _gap(sentence, toks, at, index):
            return False
        if "of" in between:
            k = at + 1 + len(between) - 1 - between[::-1].index("of")  # the last "of" before the name
            modifiers = [toks[m][2] for m in range(k + 1, index)]
            return k - at <= 4 and all(w.lower() in ARTICLES or w.lower() not in STOPWORDS for w in modifiers)
        return len(between) <= 4 and all(w in ARTICLES or w not in STOPWORDS for w in between)
    if at > end:
        between = [toks[k][2].lower() for k in range(end + 1, at)]
        if any(c in _gap(sentence, toks, end, at) for c in ";:("):
            return False
        if not between:
            return "," in _gap(sentence, toks, end, at)  # "X, killed in a strike"
        return all(w in PASSIVE_LINKS or w.endswith("ly") for w in between) and any(
            w in PASSIVE_LINKS - {"who", "which", "that"} for w in between)
    return False


def _after_by(toks, index: int) -> bool:
    """'by X', 'by President X': the name is an agent ("killed by X")."""
    k = index - 1
    while k >= 0 and index - k <= 3 and toks[k][2][:1].isupper():
        k -= 1  # titles before the name
    return k >= 0 and toks[k][2].lower() == "by"


def _focus(sentence: str, reading: _Reading, at: int | None, event: str | None, others: list[Mention],
           mention: Mention) -> str | None:
    """Who the event is about: the one it happens to ("X was killed", "the killing of X", "killed X"),
    else the person or organisation nearest the event word outside asides. The agent of a passive
    ("by X") is not what the event is about; the speaker of a statement is."""
    toks, asides = reading.toks, reading.asides
    speech = event in ("say", "announce")
    ref = at if at is not None else next((i for i, (s, e, _) in enumerate(toks) if e > mention.start), 0)
    best, found = (2, float("inf")), None
    # "the killing of a general", "assassinated another top general": what it happened to is not named.
    unnamed_patient = (at is not None and not speech and at + 2 < len(toks)
                       and (toks[at + 1][2].lower() == "of" or toks[at + 1][2].lower() in ("a", "an", "another"))
                       and toks[at + 2][2][:1].islower())
    for index, end, canonical in _name_spans(reading, others, mention):
        if at is not None and not speech and _patient(sentence, toks, at, index, end):
            rank = (0, min(abs(at - index), abs(at - end)))
        elif not speech and _after_by(toks, index):
            continue  # "killed by X": X did it; the fact is about what happened to someone else
        elif unnamed_patient:
            continue  # "the killing of a general": about someone the sentence does not name
        else:
            d = float(min(abs(ref - index), abs(ref - end)))
            if any(a <= toks[index][0] < b for a, b in asides):
                d += ASIDE_PENALTY
            if d > EVENT_WINDOW:
                continue
            rank = (1, d)
        if rank < best or (rank == best and found is not None and canonical < found):
            best, found = rank, canonical
    return found


def _nearest_first(terms: list[tuple[float, str]]) -> tuple[str, ...]:
    """Each term once, nearest to the value first: alignment weighs near words more."""
    # Sorted by (distance, term), each term first shows at its least distance, in the order wanted.
    return tuple(dict.fromkeys(term for _, term in sorted(terms)))


COUNTS_PEOPLE = re.compile(r"\b(death|casualty|casualties|fatalit(?:y|ies)|injur(?:y|ies))\s+(?:toll|count|figure)\b"
                           r"|\bnumber of (dead|deaths|people|victims|casualties|injured|wounded)\b", re.I)


def _noun_token(toks: list[tuple[int, int, str]], ref_end: int, noun: str | None) -> int | None:
    """The token of the counted noun, a few words after the value ("12 injured workers")."""
    if not noun:
        return None
    last = noun.split()[-1].lower()
    for k in range(ref_end, min(ref_end + 5, len(toks))):
        if toks[k][2].lower() == last:
            return k
    return None


def event_class(word: str, previous: str | None = None) -> str | None:
    """The event class of one word; its form decides where its lemma is ambiguous ("fired" vs "a fire")."""
    cls, fire = _word_class(word)
    if fire and previous and lemma(previous) == "open":
        return "attack"  # "opened fire"
    return cls


def _word_class(word: str) -> tuple[str | None, bool]:
    """event_class of a word alone, and whether it is 'fire' (whose class the word before decides)."""
    lower = word.lower()
    if lower in SURFACE_EVENTS:
        return SURFACE_EVENTS[lower], False
    lem = lemma(word)
    return EVENT_CLASSES.get(lem) or EVENT_CLASSES.get(lower), lem == "fire"


def _choose_event(candidates: list[tuple[float, int, str, bool]]) -> tuple[str | None, int | None]:
    """The nearest event word; but a light verb ("the quake struck") yields to a word naming the event nearby."""
    if not candidates:
        return None, None
    ranked = sorted(candidates)
    best = ranked[0]
    if best[3]:
        strong = [c for c in ranked if not c[3] and c[0] <= best[0] + LIGHT_MARGIN]
        if strong:
            best = strong[0]
    return best[2], best[1]


LEFT_LINKS = frozenset("of at worth totalling totaling valued".split())
QUALIFIERS = frozenset("about around some nearly almost least more than over under up to as many much few "
                       "roughly approximately estimated fewer less at".split())


def _content(word: str) -> bool:
    lower = word.lower()
    return (word[:1].islower() and lower not in STOPWORDS and lower not in QUALIFIERS and lower not in NUMBER_WORDS
            and lemma(word) not in SPEECH_WORDS and len(lower) > 2)


def _noun_like(word: str) -> bool:
    """A content word that does not read as a verb form: what a number can measure."""
    lower = word.lower()
    return _content(word) and not lower.endswith(("ed", "ing")) and lower not in LIGHT_EVENT_WORDS


def governing_noun(sentence: str, toks: list[tuple[int, int, str]], ref: int, ref_end: int, mention: Mention) -> str | None:
    """What a number measures when no counted noun says it, in the ways news writes it:
    'magnitude 6.4' and '6.2-magnitude' (inside the value), 'a fine of 300,000 euros',
    'the magnitude at 6.4', 'bribes worth 2.4 million' (before it), 'six years in prison',
    '2.4 million euros in kickbacks', 'a six-year prison sentence' (after it)."""
    for i in range(ref, ref_end):
        word = toks[i][2]
        parts = word.lower().split("-")
        if any(p in NUMBER_WORDS or NOUN_CLASS_WORDS.get(p) in MEASURE_CLASSES for p in parts):
            continue  # "six-year": the number and its unit, not what they measure
        if _noun_like(word):
            return lemma(word)
    if ref >= 2 and toks[ref - 1][2].lower() in LEFT_LINKS and _noun_like(toks[ref - 2][2]):
        if not sentence[toks[ref - 2][1]:toks[ref - 1][0]].strip():
            return lemma(toks[ref - 2][2])
    if ref_end < len(toks):
        gap = sentence[max(mention.end, toks[ref_end - 1][1] if ref_end > ref else 0):toks[ref_end][0]]
        word = toks[ref_end][2]
        if gap.strip() == "" and word.lower() == "in" and ref_end + 1 < len(toks):
            run = []
            for k in range(ref_end + 1, min(ref_end + 4, len(toks))):
                if not _noun_like(toks[k][2]) or sentence[toks[k - 1][1]:toks[k][0]].strip():
                    break
                run.append(toks[k][2])
            if run:
                return lemma(run[-1])  # "in emergency aid": the last word of the compound
        elif gap.strip() == "" and re.search(r"[-\s]$", sentence[:mention.end]) is None and _noun_like(word):
            if re.search(r"-[A-Za-z]+$", sentence[mention.start:mention.end]):
                return lemma(word)  # "a six-year prison sentence": the hyphened number is an adjective
    return None


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
