"""When a figure was true: the as-of time of each count, from its sentence or its article's date.

A death toll rises over the first days of a disaster; an official figure is revised weeks later. To
tell such a change from a contradiction, each count carries the time it was true as of: words of its
own sentence that date the figure ("As of 12:13 p.m.", "By late Tuesday", "the ministry said on
Saturday that"), else the article's publication date. A figure the article quotes as an earlier one
("previously put at 2,300", "up from 176") stands just before the time the article gives. Nothing is
guessed: a weekday in an article with no date, or a clock time with no day, leaves the figure unplaced.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Sequence

from .frames import text_of, value_head
from .lexicon import FIGURE_VERBS, SPEECH_WORDS
from .models import AsOf, Claim, DateValue, Document, Mention, QuantityValue, TimeValue
from .subject import lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Words that put a date on a figure rather than on an event: "As of noon", "by late Tuesday".
DATING_CUE = re.compile(r"\b(?:as\s+of|as\s+at|by|until|up\s+to)\s+(?:(?:late|early|mid|around|about)\s+)?$", re.I)
#: Verbs that give a figure out or change it: the day they happen on is the day the figure is from
#: ("the ministry said on Saturday that", "on Tuesday the toll climbed to"). The day of an event
#: ("the storm killed 170 on Sunday") says when it happened, not as of when its toll is counted.
REPORTING_VERBS = SPEECH_WORDS | FIGURE_VERBS | frozenset(
    "confirm estimate announce release publish register record give place".split())
#: Words that make a figure an earlier one than the article's: "the toll, earlier put at 62, rose".
EARLIER_WORDS = frozenset({"earlier", "previously", "initially", "originally", "previous", "initial", "original"})
#: "rose from 62 to 179", "up from 176": the first figure is the earlier one.
FROM_BEFORE = re.compile(r"\bfrom\s+(?:about|around|some|roughly|nearly|almost)?\s*$", re.I)
ON_BETWEEN = re.compile(r"\s*(?:on|,)?\s*", re.I)
OWN_CUE = re.compile(r"(?:as\s+of|as\s+at|by|until)\b", re.I)
TO_AFTER = re.compile(r"^\S*\s+(?:\S+\s+){0,3}?to\b", re.I)


def _up(token: "Token") -> list["Token"]:
    """The token and every token above it, up to the root."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i:
        chain.append(chain[-1].head)
    return chain


def _governor(token: "Token") -> tuple["Token", bool]:
    """The verb a value's phrase hangs on ('on Saturday' -> 'put'), and whether it hangs on it
    directly: "Tuesday's earthquake" hangs on a noun first, and dates the quake, not the verb."""
    direct = True
    for t in _up(token)[1:]:
        if t.pos_ in ("VERB", "AUX"):
            return t, direct
        if t.pos_ in ("NOUN", "PROPN"):
            direct = False
    return token, False


def _is_earlier(doc: "Doc", head: "Token", mention: Mention) -> bool:
    text = text_of(doc)
    if FROM_BEFORE.search(text[:mention.start]) and TO_AFTER.match(text[mention.end:]):
        return True
    if any(c.dep_ == "amod" and c.lower_ in EARLIER_WORDS for c in head.head.children):
        return True  # "the previous toll of 62", "an initial 62 deaths"
    return any(c.dep_ == "advmod" and c.lower_ in EARLIER_WORDS and not _of_the_day(c)
               for t in _up(head) for c in t.children)


#: Words after "earlier" that make it a time of the day the sentence is about: "earlier on Monday".
DAY_WORDS = frozenset("on today tonight this in yesterday monday tuesday wednesday thursday friday saturday sunday".split())


def _of_the_day(word: "Token") -> bool:
    """'Earlier on Monday, officials said': earlier that day, not an earlier figure."""
    after = word.doc[word.i + 1:word.i + 2]
    return bool(after) and after[0].lower_ in DAY_WORDS


def _words(text: str, spans: list[tuple[int, int]]) -> str:
    """The sentence's dating words: one phrase when they stand together ('By Wednesday morning')."""
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if end - start <= 40:
        return text[start:end]
    return "; ".join(text[s:e] for s, e in sorted(spans))


def dating(doc: "Doc", head: "Token", others: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The sentence's dates and times that say when a count was true: those that only date the figure
    (a cue introduces them, 'As of noon on Monday', 'by late Tuesday', or a verb that moves the figure
    does, 'rose to 31 on Tuesday'), and those of a verb that gives the figure out ('said on Saturday',
    itself a statement's date). Returned as (only dating, reported)."""
    above = {t.i for t in _up(head)}
    cued: list[Mention] = []
    reported: list[Mention] = []
    cued_heads: set[int] = set()
    candidates = []
    for other in others:
        if isinstance(other.value, (DateValue, TimeValue)) and (h := value_head(doc, other.start, other.end)) is not None:
            candidates.append((other, h, *_governor(h)))
    for other, h, verb, direct in candidates:
        if verb.i not in above:
            continue
        # "By 6:10 p.m." may be the time's own words: the time extractor reads it as a bound
        verb_lemma = lemma(verb.text) if verb.lower_ not in FIGURE_VERBS else verb.lower_
        if DATING_CUE.search(text_of(doc)[:other.start]) or OWN_CUE.match(other.value.display) or (
                direct and verb_lemma in FIGURE_VERBS):
            cued.append(other)
            cued_heads.add(h.i)
        elif direct and verb_lemma in REPORTING_VERBS:
            reported.append(other)
    for other, h, _, _ in candidates:  # "As of noon on Monday": the day goes with the cued time
        if other in cued or other in reported:
            continue
        if any(t.i in cued_heads for t in _up(h)[1:]) or any(
                ON_BETWEEN.fullmatch(text_of(doc)[c.end:other.start]) for c in cued):
            cued.append(other)
    return cued, reported


def as_of(doc: "Doc", mention: Mention, others: list[Mention], published: date | None) -> tuple[AsOf | None, list[Mention]]:
    """The as-of time of a count in its parsed sentence (`others`: the sentence's other values), and
    the dates and times a cue ties to the figure: they say when it was counted, not when anything happened."""
    if not isinstance(mention.value, QuantityValue):
        return None, []
    head = value_head(doc, mention.start, mention.end)
    if head is None:
        return None, []
    cued, reported = dating(doc, head, others)
    day: date | None = None
    time: str | None = None
    for other in cued + reported:
        value = other.value
        if isinstance(value, DateValue) and value.earliest is not None and value.earliest == value.latest:
            day = day or value.earliest
        elif isinstance(value, TimeValue) and (value.earliest == value.latest or OWN_CUE.match(value.display)):
            time = time or value.latest  # "by 6:10 p.m.": as of its end
    if cued or reported:
        # a clock time without a day is the publication day's: news gives the day when it is another
        day = day or (published if time is not None else None)
        if day is None:
            return None, cued
        spans = [(_cue_start(text_of(doc), m), m.end) for m in cued + reported]
        stated = AsOf(day=day, time=time, source="sentence", words=_words(text_of(doc), spans))
    elif published is not None:
        stated = AsOf(day=published, source="published")
    else:
        return None, cued
    if _is_earlier(doc, head, mention):
        return replace(stated, source="earlier"), cued
    return stated, cued


def previous_figure(doc: "Doc", mention: Mention) -> bool:
    """Whether the sentence gives a count as an earlier figure than its article's ('previously put at
    2,300', 'rose from 62 to 179'), even when the article has no date to place it by."""
    if not isinstance(mention.value, QuantityValue):
        return False
    head = value_head(doc, mention.start, mention.end)
    return head is not None and _is_earlier(doc, head, mention)


def _cue_start(text: str, m: Mention) -> int:
    cue = DATING_CUE.search(text[:m.start])
    return cue.start() if cue else m.start


#: How long before its article a date must be to be of an earlier event than the story's.
EARLIER_DAYS = 31


def long_before(value: object, published: date) -> bool:
    """A placed date a month or more before the article's publication."""
    return isinstance(value, DateValue) and value.latest is not None and (published - value.latest).days >= EARLIER_DAYS


def undated_earlier(claims: list[Claim], documents: Sequence[Document]) -> list[Claim]:
    """The claims, with the dates of articles that carry none marked as of an earlier event when they
    lie a month or more before the story's first dated article: an undated article reports on its
    story's time, and 'the bridge opened in 1977' answers no question about that time. (A dated
    article's are marked as it is read, with the values their predicates tie to them.)"""
    began = min((d.article.published for d in documents if d.article.published), default=None)
    undated = {d.article.id for d in documents if d.article.published is None}
    if began is None or not undated:
        return claims
    return [replace(c, frame=replace(c.frame, earlier=True))
            if c.article in undated and not c.frame.earlier and long_before(c.value, began) else c for c in claims]
