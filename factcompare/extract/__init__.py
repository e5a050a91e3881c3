"""Extraction: every registered extractor over a document, then one subject per claim.

Importing this package registers the built-in extractors, the same way a new one registers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ..models import AsOf, Claim, DateValue, Document, Frame, Mention, NameValue, QuantityValue
from ..asof import as_of, long_before, previous_figure
from ..lexicon import is_age
from ..frames import event_tokens, figure_referred_to, frame_of, name_tokens, text_of, value_head
from ..parse import parse
from ..spellings import spelling_claims
from ..subject import build_subject
from . import dates, names, places, quantities, times  # noqa: F401  (registration)
from .ages import attach
from .attribution import attribution_and_hedges
from .base import REGISTRY, ExtractContext, Extractor, register

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["REGISTRY", "ExtractContext", "Extractor", "Reading", "claims_of", "extract", "find_mentions", "read_values",
           "register"]


def find_mentions(doc: Document, context: ExtractContext) -> list[Mention]:
    """All mentions of all kinds, overlaps resolved in favour of the extractor with lower priority."""
    taken: dict[int, list[tuple[int, int]]] = {}
    found: list[Mention] = []
    for cls in sorted(REGISTRY.values(), key=lambda c: (c.priority, c.kind)):
        for m in cls().find(doc, context):
            spans = taken.setdefault(m.sentence, [])
            if any(m.start < e and s < m.end for s, e in spans):
                continue
            spans.append((m.start, m.end))
            found.append(m)
    found.sort(key=lambda m: (m.sentence, m.start, m.end, m.value.kind))
    return found


DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|his|her|their|our|this|that)|['’]s)\s*$", re.I)
NOUN_AFTER = re.compile(r"^\s*(?:-\s*)?([a-z][a-z-]+)")
FUNCTION_WORDS = frozenset(
    "and or but to that when while as at in on of for with by from was were is are has have had be been "
    "the a an this which who after before since until than".split()
)


def is_attributive_date(sentence: str, m: Mention) -> bool:
    """'the October 7 massacre', "the party's 2020 victory": the date names an event, it asserts no day.

    Such a date is kept as context for the sentence's other claims (an anchor), not made a claim.
    """
    if not isinstance(m.value, DateValue):
        return False
    after = NOUN_AFTER.match(sentence[m.end:])
    if not after or after.group(1) in FUNCTION_WORDS:
        return False
    before = sentence[: m.start]
    return bool(DETERMINER_BEFORE.search(before)) or not before.strip() or before.rstrip().endswith(":")


NO_FRAME = Frame()


#: "the deadliest since 1960", "since 2019 the group has killed 300": a date a span runs from, to now.
_SINCE = re.compile(r"\bsince\s+$", re.I)


def _dates_long_before(m: Mention, text: str, published: date) -> bool:
    """A date a month or more before the article that dates the event of the predicate it is on: not
    the start of a span that runs to now."""
    return long_before(m.value, published) and not _SINCE.search(text, 0, m.start)


def _dates_an_earlier_event(doc: "Doc | None", frame: Frame, m: Mention, others: list[Mention],
                            frames: dict[int, Frame], published: date) -> bool:
    """Whether a date a month or more before the article dates the event the value's predicate names."""
    if doc is None or frame.at < 0:
        return False
    old = [o for o in others if o is not m and _dates_long_before(o, text_of(doc), published)]
    if not old:
        return False
    tokens = event_tokens(doc, frame.at)
    head = value_head(doc, m.start, m.end)
    verb = next((t for t in head.ancestors if t.pos_ in ("VERB", "AUX")), None) if head is not None else None
    if verb is not None:  # "in 1960, a magnitude 5.8 tremor struck": the clause the value's phrase is part of
        tokens |= event_tokens(doc, verb.i)
    return any(id(o) in frames and frames[id(o)].at in tokens for o in old) or any(
        (token := value_head(doc, o.start, o.end)) is not None and token.i in tokens for o in old)


def _names(other: Mention, entity: str | None) -> bool:
    """Whether a mention is a name of the entity a value is about: what a title calls it by."""
    return entity is not None and isinstance(other.value, NameValue) and other.value.canonical == entity


@dataclass(frozen=True)
class Reading:
    """A document's values, read before any parse, and the sentences whose parse says what they are about."""

    mentions: list[Mention]
    claim_mentions: list[Mention]
    wanted: list[int]  # the sentences to parse, by index

    def to_parse(self, doc: Document) -> list[str]:
        return [doc.sentences[i].text for i in self.wanted]


def read_values(doc: Document, context: ExtractContext) -> Reading:
    """What `extract` reads of a document before it parses: the part of its work that needs no parser,
    so that the sentences of many documents can be parsed together (see `pipeline.analyse_many`)."""
    mentions = attach(find_mentions(doc, context), [s.text for s in doc.sentences])
    claim_mentions = [m for m in mentions if m.claim and not is_attributive_date(doc.sentences[m.sentence].text, m)]
    # A name that qualifies an entity (a rank, a role's holder) or a person's age is about that entity:
    # no parse needed.
    wanted = sorted({m.sentence for m in claim_mentions
                     if not (m.about and (m.value.kind == "name" or is_age(m.value)))})
    return Reading(mentions, claim_mentions, wanted)


def extract(doc: Document, context: ExtractContext | None = None) -> tuple[Claim, ...]:
    """The claims of one document, each with what its sentence says it is about."""
    if context is None:
        context = ExtractContext(published=doc.article.published)
    reading = read_values(doc, context)
    return claims_of(doc, context, reading, parse(reading.to_parse(doc)))


def claims_of(doc: Document, context: ExtractContext, reading: Reading, parses: list["Doc"]) -> tuple[Claim, ...]:
    """`extract`'s claims from what it read of the document and the parses of `reading.to_parse(doc)`, in order."""
    mentions, claim_mentions, wanted = reading.mentions, reading.claim_mentions, reading.wanted
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    parsed = dict(zip(wanted, parses))
    frames: dict[int, Frame] = {}  # by id(mention): every value of a parsed sentence, claims or context
    for i in wanted:
        named = name_tokens(parsed[i], by_sentence[i])
        for m in by_sentence[i]:
            frames[id(m)] = frame_of(parsed[i], m, named)
    for m in claim_mentions:
        if id(m) in frames and m.sentence - 1 in parsed:
            before = [[frames[id(o)] for o in by_sentence[k] if o.claim and id(o) in frames]
                      for k in (m.sentence - 1, m.sentence - 2) if k in parsed]
            frames[id(m)] = figure_referred_to(frames[id(m)], m, before)
    # When each count was true; the dates and times that only say so ('As of noon', 'by late
    # Tuesday') date the figure, not an event, and make no claim of their own.
    as_of_by: dict[int, AsOf | None] = {}
    # Any other claim was true as of its article's date, when the article has one.
    published = AsOf(day=context.published, source="published") if context.published else None
    counting: set[int] = set()
    for m in claim_mentions:
        if m.sentence in parsed and isinstance(m.value, QuantityValue):
            as_of_by[id(m)], cued = as_of(parsed[m.sentence], m, by_sentence[m.sentence], context.published)
            if previous_figure(parsed[m.sentence], m):
                frames[id(m)] = replace(frames[id(m)], previous=True)
            counting |= {id(o) for o in cued}
    claims = []
    said: dict[int, tuple[str | None, tuple[str, ...]]] = {}  # attribution and hedges, once per sentence
    for m in claim_mentions:
        if id(m) in counting:
            continue
        sentence = doc.sentences[m.sentence]
        frame = frames.get(id(m), NO_FRAME)
        siblings = [o for o in by_sentence[m.sentence]  # what only dates a figure says nothing of its event
                    if o is not m and (frame.at >= 0 and frames.get(id(o), NO_FRAME).at == frame.at
                                       or _names(o, m.about)) and id(o) not in counting]
        # A date a month or more before the article, or a value on a predicate such a date places
        # there, is of an earlier event: 'A similar disaster in January 2016 killed 234 people', 'the
        # 1960 Agadir earthquake, which killed about 12,000' (see `event_tokens`).
        if context.published and (long_before(m.value, context.published)
                                  or any(_dates_long_before(o, sentence.text, context.published) for o in siblings)
                                  or _dates_an_earlier_event(parsed.get(m.sentence), frame, m, by_sentence[m.sentence],
                                                             frames, context.published)):
            frame = replace(frame, earlier=True)
        previous = doc.sentences[m.sentence - 1].text if m.sentence > 0 else None
        if m.sentence not in said:
            said[m.sentence] = attribution_and_hedges(sentence.text, previous)
        attribution, hedges = said[m.sentence]
        claims.append(
            Claim(
                id=f"{doc.article.id}-{m.sentence}-{m.start}",
                article=doc.article.id,
                sentence=m.sentence,
                quote=sentence.text,
                span=(m.start, m.end),
                value=m.value,
                subject=build_subject(frame, m, siblings, previous),
                frame=frame,
                attribution=attribution,
                hedges=hedges,
                as_of=as_of_by[id(m)] if id(m) in as_of_by else published,
            )
        )
    return tuple(claims + spelling_claims(doc, mentions))
