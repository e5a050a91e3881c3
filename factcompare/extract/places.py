"""Places: countries, first-level divisions, cities and well-known regions, in a hierarchy.

A place is a claim (`Mention.claim`) when the sentence says something happened there: a locative
preposition governs it ("killed in a strike on his home in Aleppo", "training in Iran"), or it is
where a journey started or ended ("flying from Lisbon to Porto", "inbound from Lisbon", "bound for
Rome", "Jane Doe, 43, from Martuba"); the parse stage tells an origin from a location by the
preposition. Otherwise ("Iran admits", "Israel's border", "a statement from Iran") it is a context
entity for other claims, and so are demonyms ("Iranian"), which name a country but never say where
something happened.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from ..models import Document, Mention, PlaceValue
from .base import SENTENCE_CACHE, ExtractContext, Extractor, register
from .gazetteer import MAX_KEY_WORDS, Place, gazetteer, key

log = logging.getLogger(__name__)

#: Capitalised tokens, with abbreviations like "U.S." kept whole and inner apostrophes and
#: hyphens left to the caller (the key normaliser treats them as spaces).
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['\u2019]\w+)*")
POSSESSIVE = re.compile(r"['\u2019]s$")
#: What no place name spans: a clause mark, brackets, quotes, a line break.
SPAN_BREAK = re.compile(r"[,;:()\"\u201c\u201d\n]")

LOCATIVES = frozenset(
    "in at near outside across inside throughout within into around off".split()
)
#: Words allowed between a locative and its place: "in the Peruvian capital Lima",
#: "in southwestern Israel", "near the town of Rafah".
LOCATIVE_FILLERS = frozenset(
    """the a an its his her their northern southern eastern western central north south east west
    northeastern northwestern southeastern southwestern northeast northwest southeast southwest
    capital city town village province region state country nearby neighbouring neighboring of
    occupied coastal border coast coastline shore shores outskirts suburbs heart centre center edge
    remote""".split()
)
#: Words of going somewhere: after them 'from' names where a journey started and 'to' where it ended
#: ("flying from Lisbon", "inbound from Lisbon", "en route to Rome", "fled to Egypt"). Elsewhere
#: 'from' and 'to' name a source or a party ("a statement from Iran", "a threat to Israel",
#: "according to Israel"), not a place where anything happened.
MOTION_WORDS = frozenset(
    """fly flies flying flew flown flight flights travel travels travelled traveled travelling traveling
    trip journey voyage route way back return returns returned returning inbound outbound bound service
    services arrive arrives arrived arriving depart departs departed departing come comes came coming
    go goes went going flee flees fled fleeing escape escaped escaping evacuate evacuated evacuating
    withdraw withdrew withdrawn withdrawing deported expelled sail sails sailed sailing drive drove
    driving walk walked walking march marched marching move moved moving transfer transferred
    transferring airlifted relocated head heads headed heading left leave leaves leaving sent brought
    smuggled diverted crossed crossing""".split()
)
#: Words before 'for' that make it a destination: "bound for Rome", "left for Cairo".
FOR_DESTINATION = frozenset("bound headed heading left leaving departed departing sailed set".split())
MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept
    oct nov dec""".split()
)
#: City names that are common English words or given names: taken only with a locative or a
#: ", Country" qualifier ("in Reading", "Mobile, Alabama"), never bare.
COMMON_WORDS = frozenset(
    """of mobile reading police union nice split bath temple general deal hope opportunity independence
    liberty victory providence orange phoenix mercedes florence victoria elizabeth marion lincoln
    hamilton jackson franklin washington bristol wells derby march may august university college
    university park home center centre mount newport sale battle cork concord surprise
    enterprise commerce aurora chase asia""".split()
)
#: A bare city with nothing else for it must be this large ("Kerman", "Baghdad").
BARE_MIN_POPULATION = 100_000
#: A city in a country the document names loses to a namesake this many times larger: an American
#: outlet mentions the US everywhere, yet its "Paris" is the French capital, not the Texas town.
CONTEXT_POPULATION_RATIO = 20
#: Words that may follow a place noun; any other lower-case word after "US" makes it an adjective
#: ("a US drone strike", "at US bases"), which names who acted, not where.
FOLLOWERS = frozenset(
    """in on at by for with from to into of and or but nor before after during since until ahead this
    last next that which who whom whose where when while as over under near is was were are be been has
    had have said says say told reported claimed earlier later today yesterday tonight itself""".split()
)


class _Token:
    """One word of a sentence (a plain slotted class: sentences have many, and a frozen dataclass
    is slow to build)."""

    __slots__ = ("start", "end", "text", "possessive", "capitalised")

    def __init__(self, start: int, end: int, text: str, possessive: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.possessive = possessive
        self.capitalised = text[:1].isupper()


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in TOKEN.finditer(text):
        s, e = m.span()
        t = m.group()
        poss = len(t) > 2 and t.endswith(_POSSESSIVE_ENDINGS)  # POSSESSIVE, without a regex per word
        if poss:
            e -= 2
            t = t[:-2]
        out.append(_Token(s, e, t, poss))
    return out


_POSSESSIVE_ENDINGS = ("'s", "\u2019s")


def _capitalised(tok: _Token) -> bool:
    return tok.capitalised


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    first: int  # token indices, inclusive
    last: int
    places: tuple[Place, ...]
    exact: bool


def _candidates(text: str, toks: list[_Token]) -> list[_Candidate]:
    """Longest gazetteer matches starting at capitalised tokens, left to right, not overlapping."""
    gaz = gazetteer()
    out: list[_Candidate] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not _capitalised(tok):
            i += 1
            continue
        if tok.text in gaz.exact:
            out.append(_Candidate(tok.start, tok.end, i, i, (gaz.exact[tok.text],), True))
            i += 1
            continue
        if tok.text.isupper() and len(tok.text) > 1:
            i += 1  # acronyms ("NATO", "FEMA") are organisations, never a town's alternate spelling
            continue
        found = None
        # A span may not run past a possessive word or a punctuation mark: find both once.
        top = min(len(toks), i + MAX_KEY_WORDS) - 1
        top = next((k for k in range(i, top) if toks[k].possessive), top)
        stop = SPAN_BREAK.search(text, tok.start)
        limit = stop.start() if stop else len(text)
        for j in range(top, i - 1, -1):
            if not toks[j].capitalised or toks[j].end > limit:
                continue
            gap = text[tok.start : toks[j].end]
            places = gaz.lookup(gap)
            if places:
                found = _Candidate(tok.start, toks[j].end, i, j, tuple(places), False)
                break
        if found:
            out.append(found)
            i = found.last + 1
        else:
            i += 1
    return out


def _joined(text: str, a: int, b: int) -> bool:
    """Whether two tokens are separated only by spaces or a hyphen on one line (one proper name)."""
    return text[a:b] in (" ", "  ")  # re.fullmatch(r" {1,2}", ...)


#: What may stand before a sentence-opening word, spaces aside: an end, a colon, a quote, a dash.
_ENDS_BEFORE_START = frozenset(".!?:\"\u201c\u2018(\u2013\u2014-")


def _sentence_start(text: str, toks: list[_Token], i: int) -> bool:
    if i == 0:
        return True
    between = text[toks[i - 1].end : toks[i].start]
    return between.rstrip()[-1:] in _ENDS_BEFORE_START or "\n" in between


def _part_of_longer_name(text: str, toks: list[_Token], c: _Candidate) -> bool:
    """'Washington Post', 'Jordan Smith', 'Kibbutz Be'eri', 'Israel Defense Forces': not places.

    Also 'Old City of Jerusalem': a name followed by 'of <Place>' is a part of that place.
    """
    if c.last + 2 < len(toks) and toks[c.last + 1].text == "of" and not toks[c.last].possessive:
        if _capitalised(toks[c.last + 2]) and gazetteer().lookup(toks[c.last + 2].text):
            return True
    if c.last + 1 < len(toks) and not toks[c.last].possessive:
        nxt = toks[c.last + 1]
        if _capitalised(nxt) and _joined(text, toks[c.last].end, nxt.start) and nxt.text.lower() not in MONTHS_AND_DAYS:
            return True
    if c.first > 0 and not _sentence_start(text, toks, c.first):
        prev = toks[c.first - 1]
        if (
            _capitalised(prev)
            and not prev.possessive
            and _joined(text, prev.end, toks[c.first].start)
            and prev.text.lower() not in LOCATIVES | LOCATIVE_FILLERS | {"and", "or", "to", "from"}
            and not gazetteer().lookup(prev.text)
        ):
            return True
    return False


def _preposition(toks: list[_Token], first: int) -> int | None:
    """The token of the preposition that governs the place, skipping 'the', compass words, 'capital',
    a demonym and a country's possessive ("in Portugal's northern city of Porto"); None when none does."""
    gaz = gazetteer()
    k = first - 1
    skipped = 0
    while k >= 0 and skipped <= 4:
        tok = toks[k]
        word = tok.text.lower()
        if not tok.possessive and (word in LOCATIVES or word in _DIRECTIONS):
            return k
        if (not tok.possessive and word in LOCATIVE_FILLERS) or any(
            p.kind == "demonym" or (tok.possessive and p.kind in ("country", "state", "region"))
            for p in gaz.lookup(tok.text)
        ):
            k -= 1
            skipped += 1
            continue
        return None
    return None


_DIRECTIONS = frozenset(("from", "to", "for"))


def _journey(text: str, toks: list[_Token], k: int | None) -> bool:
    """Whether the preposition at token k makes its place where a journey started or ended: 'from',
    'to' or 'for' after a word of going ("flying from", "en route to", "bound for"), or 'from' in an
    apposition after a person ("Jane Doe, 43, from Martuba")."""
    if k is None or k == 0:
        return False
    word = toks[k].text.lower()
    before = toks[k - 1].text.lower()
    if word == "for":
        return before in FOR_DESTINATION
    if word not in _DIRECTIONS:
        return False
    if before in MOTION_WORDS and not toks[k - 1].possessive:
        return True
    return word == "from" and text[toks[k - 1].end : toks[k].start].strip() == ","


def _qualifier(text: str, toks: list[_Token], c: _Candidate, cands: list[_Candidate]) -> _Candidate | None:
    """The ', Country' or ', State' right after a city: 'Paris, Texas'."""
    for other in cands:
        if other.first == c.last + 1 and re.fullmatch(r",\s*", text[c.end : other.start]):
            if any(p.kind in ("country", "state", "region") for p in other.places):
                return other
    return None


def _choose(c: _Candidate, within: tuple[str, ...] | None, context: set[str]) -> Place | None:
    """The entry a name denotes: inside the qualifier if any, else in a context country, else largest."""
    places = list(c.places)
    if within is not None:
        inside = [p for p in places if p.lineage[: len(within)] == within and p.lineage != within]
        return inside[0] if inside else None
    primary = [p for p in places if p.primary] or places
    in_context = [p for p in primary if p.country in context]
    if in_context and primary[0].population <= CONTEXT_POPULATION_RATIO * max(in_context[0].population, 1):
        return in_context[0]
    return primary[0]


def _adjectival(text: str, toks: list[_Token], c: _Candidate) -> bool:
    """'in a US raid', 'at US bases': the place qualifies a noun, it is not where."""
    if c.first > 0 and toks[c.first - 1].text.lower() in ("a", "an"):
        return True
    if c.exact and c.last + 1 < len(toks):
        nxt = toks[c.last + 1]
        return nxt.text[:1].islower() and nxt.text.lower() not in FOLLOWERS and _joined(text, toks[c.last].end, nxt.start)
    return False


#: What may stand between two places that one preposition governs: "in Syria and Yemen", "in Iraq,
#: Syria or Lebanon".
_CARRIES = re.compile(r"(?:,\s*|\s+)(?:(?:and|or)\s+)?")
#: Between where a journey started and where it ended: "from Lisbon to Porto".
_FROM_TO = re.compile(r"\s+to\s+(?:the\s+)?")


@functools.lru_cache(maxsize=SENTENCE_CACHE)
def _read(text: str) -> tuple[list[_Token], tuple[_Candidate, ...]]:
    """The words of one sentence and its place names, read from its text alone (which of a name's
    places it means depends on the document); kept for the last sentences seen, so the words are
    only read, never changed."""
    toks = _tokens(text)
    return toks, tuple(c for c in _candidates(text, toks) if not _part_of_longer_name(text, toks, c))


#: Nouns of a settlement or a division that name the place after them or before them: "the town of
#: Ighil", "the commune of Ighil", "Al Haouz province", "Martouba, a village". Places too small for the
#: gazetteer are read by these alone.
SETTLEMENTS = r"village|town|city|commune|hamlet|municipality|settlement"
DIVISIONS = r"province|region|district|county|governorate|prefecture|oblast|department"
#: Arabic articles a transliterated name may start with, in lower case: "al-Haouz" is "Al Haouz".
_ARTICLES = r"al|el|ad|as|ar|an"
_NAME = rf"(?:(?:{_ARTICLES})-)?[A-Z][\w'\u2019-]*(?:\s(?:(?:al|el)-)?[A-Z][\w'\u2019-]*){{0,3}}"
UNLISTED = (
    re.compile(rf"\b(?:{SETTLEMENTS}|{DIVISIONS})\s+of\s+(?P<name>{_NAME})"),
    re.compile(rf"(?P<name>{_NAME})\s+(?:{DIVISIONS})\b"),
    re.compile(rf"(?P<name>{_NAME}),\s+an?\s+(?:(?:small|tiny|remote|mountain|coastal|rural|nearby)\s+)*"
               rf"(?:{SETTLEMENTS})\b"),
)
_ARTICLE = re.compile(r"^(?:The|A|An)\s+")
_BEFORE = re.compile(r"(\w+)\W+(?:(?:the|a|an)\s+)?$")


def _unlisted(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, bool]]:
    """Places the gazetteer does not know, named with a noun of a settlement or a division: (start,
    end, name, whether a locative puts something there). Spans already read as places are left alone."""
    found: list[tuple[int, int, str, bool]] = []
    for pattern in UNLISTED:
        for m in pattern.finditer(text):
            start, end = m.span("name")
            article = _ARTICLE.match(m.group("name"))
            if article:
                start += article.end()
            name = text[start:end]
            if (not key(name) or name.split()[0].lower() in MONTHS_AND_DAYS or _sentence_start_word(text, start, name)
                    or any(a < end and start < b for a, b in [*taken, *((f[0], f[1]) for f in found)])):
                continue
            before = _BEFORE.search(text, 0, m.start())
            found.append((start, end, name, bool(before) and before.group(1).lower() in LOCATIVES))
    return sorted(found)


def _sentence_start_word(text: str, start: int, name: str) -> bool:
    """A one-word name that opens its sentence may be any capitalised word: 'Officials in the region'."""
    return " " not in name and not text[:start].strip()


def _unlisted_value(name: str) -> PlaceValue:
    """A place in no hierarchy the gazetteer has ('~'): it never conflicts with a place (`compare`)."""
    folded = re.sub(rf"^(?:{_ARTICLES})\s", "", key(name))
    return PlaceValue(display=name, name=name, country=None, lineage=("~" + folded.replace(" ", "-"),))


@register
class PlaceExtractor(Extractor):
    """Countries, divisions, cities and regions, resolved against the document's countries."""

    kind = "place"
    priority = 40

    def find(self, doc: Document, context: ExtractContext) -> list[Mention]:
        per_sentence = []
        countries: set[str] = set()
        for sent in doc.sentences:
            toks, cands = _read(sent.text)
            per_sentence.append((sent, toks, cands))
            for c in cands:
                best = c.places[0]
                if best.kind in ("country", "demonym", "state") and best.country:
                    countries.add(best.country)
        mentions: list[Mention] = []
        for sent, toks, cands in per_sentence:
            qualifiers = {
                id(q)
                for c in cands
                if any(p.kind == "city" for p in c.places) and (q := _qualifier(sent.text, toks, c, cands))
            }
            # the last token index of the previous place, its claim, whether it is where a journey started
            previous: tuple[int, bool, bool] = (-9, False, False)
            for c in cands:
                # "in Syria and Yemen", "in Iraq, Syria or Lebanon": the locative carries over, and
                # "from Lisbon to Porto" goes on to where the journey ended.
                gap = sent.text[toks[previous[0]].end : c.start] if previous[0] >= 0 else ""
                carried = previous[1] and (
                    _CARRIES.fullmatch(gap) is not None or (previous[2] and _FROM_TO.fullmatch(gap) is not None)
                )
                k = _preposition(toks, c.first)
                m = self._mention(sent, toks, c, cands, countries, id(c) in qualifiers, carried, k)
                if m is not None:
                    mentions.append(m)
                    previous = (c.last, m.claim, k is not None and toks[k].text.lower() == "from")
            for start, end, name, claim in _unlisted(sent.text, [(c.start, c.end) for c in cands]):
                mentions.append(Mention(sentence=sent.index, start=start, end=end, value=_unlisted_value(name),
                                        claim=claim))
        return sorted(mentions, key=lambda m: (m.sentence, m.start))

    def _mention(self, sent, toks, c, cands, countries, is_qualifier, carried=False, k=None) -> Mention | None:
        """The mention of one candidate; k is the token of the preposition that governs it, if any."""
        text = sent.text
        display = text[c.start : c.end]
        lowered = display.lower()
        if lowered in MONTHS_AND_DAYS:
            return None
        locative = (
            (k is not None and toks[k].text.lower() in LOCATIVES) or carried or _journey(text, toks, k)
        ) and not _adjectival(text, toks, c)
        qualifier = _qualifier(text, toks, c, cands)
        end = c.end
        if qualifier is not None and any(p.kind == "city" for p in c.places):
            within = qualifier.places[0].lineage
            place = _choose(c, within, countries)
            if place is None:
                return None
            end = qualifier.end
        else:
            place = _choose(c, None, countries)
            if place is None:
                return None
            if place.kind == "city" and not is_qualifier:
                strong = locative or place.country in countries
                if not place.primary and not strong:
                    return None  # an alternate spelling alone (a surname that is also a German town) is too weak
                if lowered in COMMON_WORDS and not locative:
                    return None
                if not strong and (place.population < BARE_MIN_POPULATION or _sentence_start(text, toks, c.first)):
                    return None
        if is_qualifier:
            return None  # "Texas" in "Paris, Texas" is part of the city's mention
        claim = (
            locative
            and not toks[c.last].possessive
            and place.kind != "demonym"
        )
        value = PlaceValue(
            display=text[c.start : end],
            name=place.name,
            country=place.country,
            lineage=place.lineage,
        )
        return Mention(sentence=sent.index, start=c.start, end=end, value=value, claim=claim)
