"""Precision before recall: a fact puts side by side only values a reader may hold against each other.

Clustering groups claims whose subjects look alike. Two claims whose values cannot both be true
make a `conflict`, the strongest thing the site tells a reader, so they may stay in one fact only
when their frames match firmly: both values hang on a predicate in their own clause, of the same
event class, about the same participant and (for counts) the same counted noun in the same state.
A claim whose values would conflict with a fact's claims on weaker evidence than that is doubtful:
it leaves the fact (it stays on its article page, as a fact of its own or with the claims it
agrees with). Values decide only which doubtful pairing is refused, never that a firm one is.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Callable, NamedTuple, Sequence

from .compare import Interval, is_vague, quantity_interval, relate
from .frames import is_named, person_noun
from .lexicon import DISASTERS, NEUTRAL_EVENTS, is_age
from .models import Claim, NameValue, PlaceValue, QuantityValue
from .subject import PERSON_STATES

SPEECH_EVENTS = frozenset({"say", "announce"})


def counted(c: Claim) -> str | None:
    """What a count counts: its noun, or people when the sentence leaves the noun out of a state
    only people are in ("all five onboard", "176 were confirmed dead")."""
    return c.subject.noun or ("people" if c.frame.state in PERSON_STATES else None)


class Reading(NamedTuple):
    """What `firm_match` reads of a claim: claims with one reading match the same claims."""

    rank_of: str | None  # the holder, for a person's rank or age (`attribute_of`)
    firm: bool
    group: bool
    modal: bool
    event: str | None
    quantity: bool
    state: str | None
    counted: str | None
    focus: str | None
    holder: str | None
    earlier: bool  # of an event a month or more before the article (`Frame.earlier`)


def attribute_of(c: Claim) -> str | None:
    """The person whose rank or age a claim gives: what it is about is its holder, whatever the sentence."""
    return c.subject.holder if getattr(c.value, "category", None) == "rank" or is_age(c.value) else None


def reading(c: Claim) -> Reading:
    f, s = c.frame, c.subject
    return Reading(attribute_of(c), f.firm, f.group, f.modal,
                   s.event, c.value.kind == "quantity", f.state, counted(c), s.focus, s.holder, f.earlier)


def firm_match(a: Claim, b: Claim) -> bool:
    """Whether two claims' frames say, firmly, that they answer one question."""
    return _firm(reading(a), reading(b))


@lru_cache(maxsize=4096)
def _firm(a: Reading, b: Reading) -> bool:
    if a.rank_of and a.rank_of == b.rank_of:
        return True  # the rank or age of one named person: its holder says what it is about
    if (not (a.firm and b.firm) or a.group != b.group or a.modal != b.modal or a.earlier != b.earlier
            or not _same_event(a, b)):
        return False
    if a.quantity:
        # A count is what it counts: the same noun in the same state ('rescue workers', 'people dead');
        # a noun the sentence leaves out ('killing 38 and injuring 400') is the event's. Without an
        # event, only the same named noun says two counts answer one question.
        if a.state != b.state or (a.counted and b.counted and a.counted != b.counted):
            return False
        if not a.event and not (a.counted and a.counted == b.counted):
            return False
    elif not a.event:
        return False
    if a.event in SPEECH_EVENTS and not (is_named(a.focus) and a.focus == b.focus):
        return False  # "officials said" on Sunday and on Monday: two statements, not one dated twice
    if a.earlier and not (is_named(a.focus) and a.focus == b.focus):
        return False  # "a similar disaster in 2016" and another "in 2019": the story names neither
    if a.focus and b.focus and a.focus != b.focus and (is_named(a.focus) or is_named(b.focus)):
        # What happened to two people named differently; 'the plane' and 'the aircraft' may be one.
        # A disaster is one event over the places it hit, named or not: 'struck the region', 'hit Derna'.
        if a.event not in DISASTERS or (is_named(a.focus) and is_named(b.focus)):
            return False
    return a.holder == b.holder


def _same_event(a: Reading, b: Reading) -> bool:
    """One event; for two counts in one state ('dead', 'missing'), a figure that only 'reached' or
    was 'recorded' is the other's: 'the number of missing reached 10,000', '10,100 are missing'."""
    if a.event == b.event:
        return True
    return (a.quantity and a.state is not None and a.state == b.state
            and (a.event in NEUTRAL_EVENTS or b.event in NEUTRAL_EVENTS))


def _strength(c: Claim) -> tuple[int, int, int]:
    """Claims read with more certainty go first: they decide whom the others may join."""
    return (not c.frame.firm, c.subject.event is None, c.subject.focus is None)


class _Kept:
    """The values of the claims kept under one reading, to tell at once whether a value conflicts
    with any of them. Counts are summed up by the interval that ends first and the one that starts
    last (for each unit): a value clear of both is clear of all (`compare.relate_quantities`)."""

    def __init__(self) -> None:
        self.others: set[object] = set()
        self.ends_first: dict[str | None, Interval] = {}
        self.starts_last: dict[str | None, Interval] = {}

    def add(self, v: object) -> None:
        if not isinstance(v, QuantityValue):
            self.others.add(v)
        elif not is_vague(v):  # an order of magnitude conflicts with nothing
            i, unit = quantity_interval(v), v.unit
            if unit not in self.ends_first or _end(i) < _end(self.ends_first[unit]):
                self.ends_first[unit] = i
            if unit not in self.starts_last or _start(i) > _start(self.starts_last[unit]):
                self.starts_last[unit] = i

    def conflicts(self, v: object) -> bool:
        if not isinstance(v, QuantityValue):
            return any(relate(other, v) == "conflict" for other in self.others)  # type: ignore[arg-type]
        if is_vague(v):
            return False
        i = quantity_interval(v)
        # Two different units are not weighed against each other; a number without one is.
        units = [u for u in self.ends_first if v.unit is None or u is None or u == v.unit]
        return any(not i.overlaps(self.ends_first[u]) or not i.overlaps(self.starts_last[u]) for u in units)


def _end(i: Interval) -> tuple[float, int]:
    return (math.inf if i.high is None else i.high, 0 if i.high_open else 1)


def _start(i: Interval) -> tuple[float, int]:
    return (-math.inf if i.low is None else i.low, 1 if i.low_open else 0)


def _loose(r: Reading) -> bool:
    """A reading that matches no other firmly (`_firm` is False whatever the other): not firm, or of
    an earlier event that names no one. Its values are weighed against a group all at once."""
    return r.rank_of is None and (not r.firm or (r.earlier and not is_named(r.focus)))


def firm_groups(claims: Sequence[Claim]) -> list[list[int]]:
    """The claims of one cluster (by position), split so that no two of one group conflict unless
    they match firmly. Each group keeps the cluster's order; the first holds the most certain claims.

    A claim is weighed against the readings kept so far, not against every claim: claims with one
    reading match the same claims, and their values are summed up by `_Kept`. Loose readings
    (`_loose`) match nothing, so their values are summed up together, and a loose claim is weighed
    against all the group's values at once: a cluster of a thousand loose claims splits in linear time."""
    if len(claims) < 2:
        return [list(range(len(claims)))]
    values = [c.effective_value for c in claims]
    readings = [reading(c) for c in claims]
    pending = sorted(range(len(claims)), key=lambda k: (_strength(claims[k]), k))
    groups: list[list[int]] = []
    while pending:
        kept: list[int] = []
        by_reading: dict[Reading, _Kept] = {}  # of firm readings
        loose, everything = _Kept(), _Kept()
        left: list[int] = []
        for k in pending:
            mine, value = readings[k], values[k]
            loose_reading = _loose(mine)
            if loose_reading:
                conflict = everything.conflicts(value)
            else:
                conflict = loose.conflicts(value) or any(
                    not _firm(theirs, mine) and held.conflicts(value) for theirs, held in by_reading.items())
            if conflict:
                left.append(k)
                continue
            kept.append(k)
            (loose if loose_reading else by_reading.setdefault(mine, _Kept())).add(value)
            everything.add(value)
        groups.append(sorted(kept))
        pending = left
    return groups


def frame_key(c: Claim) -> tuple[object, ...] | None:
    """What a firm frame says a claim answers, as a key: claims of different articles with one key
    answer one question whatever the words around them (which is all the similarity weighs).
    None for a claim whose frame says too little: no event, or a statement by an unnamed speaker."""
    f, s = c.frame, c.subject
    person = attribute_of(c)
    if person:
        return ("of", c.value.kind, person)
    if not f.firm:
        return None
    focus = s.focus if is_named(s.focus) else None
    unit = getattr(c.value, "unit", None)
    if c.value.kind == "quantity":
        # A count is of whom it happened to, not of who else the sentence names.
        patient = f.patient if is_named(f.patient) else None
        noun = counted(c)
        if not noun or not (s.event or f.state):
            return None  # "$13.1 billion were paid": paid for what, the frame does not say
        return ("quantity", s.event, noun, f.state, f.group, f.modal, f.earlier, unit, s.holder, patient)
    if not s.event or (s.event in SPEECH_EVENTS and not focus):
        return None
    if s.event in DISASTERS:
        focus = None  # the flood that hit Derna and the one that struck the region: `firm_groups` tells
    category = getattr(c.value, "category", None)
    return (c.value.kind, s.event, focus, f.modal, f.earlier, s.holder, category)


def merge_by(clusters: list[list[int]], claims: Sequence[Claim],
             key_of: Callable[[Claim], tuple[object, ...] | None], same_value: bool = False) -> list[list[int]]:
    """Clusters (of claims by position) whose claims share a key and no article become one; with
    `same_value`, only when every value of both states the same thing.

    Each key's home is the cluster of most articles that holds it (the first of equals). A cluster
    whose members all have one key joins that key's home; a cluster of several keys is not moved,
    but others may join it by any of them. A lone claim whose article the home already holds takes
    that article's place when it says the same more precisely ('Sunday' for 'this week'), and the
    claim it replaces goes on alone (`swap_for_precise`)."""
    keys_of = [{key_of(claims[k]) for k in members} for members in clusters]
    articles = [{claims[k].article for k in members} for members in clusters]
    home: dict[tuple[object, ...], int] = {}
    for n in sorted(range(len(clusters)), key=lambda n: (-len(articles[n]), n)):
        for key in keys_of[n] - {None}:
            home.setdefault(key, n)  # type: ignore[arg-type]
    out: list[list[int] | None] = [list(members) for members in clusters]
    values = [_one_value([claims[k] for k in members]) if same_value else None for members in clusters]
    for n, members in enumerate(clusters):
        key = next(iter(keys_of[n])) if len(keys_of[n]) == 1 else None
        target = home.get(key) if key is not None else None
        if target is None or target == n:
            continue
        held = out[target]
        assert held is not None  # a home is never moved: it is its own key's home
        if articles[target].isdisjoint(articles[n]) and (
                not same_value or (values[n] is not None and values[target] is not None
                                   and relate(values[n], values[target]) == "same")):  # type: ignore[arg-type]
            held += members
            articles[target] |= articles[n]
            out[n] = None
        elif not same_value and len(members) == 1:
            replaced = swap_for_precise(held, members[0], claims)
            if replaced is not None:
                out[n] = [replaced]
    return [sorted(members) for members in out if members is not None]


def swap_for_precise(cluster: list[int], lone: int, claims: Sequence[Claim]) -> int | None:
    """Put the lone claim in its article's place in the cluster when it may be the same statement made
    more precisely (`precision.may_be_one`, `precision_key`); return the claim it replaced, or None.

    One article that says 'this week' and then 'on Sunday' of one crash is shown by its 'Sunday', as
    it would be had both come to the cluster together (`cluster.one_per_article`)."""
    from .precision import may_be_one, precision_key

    claim = claims[lone]
    held = [k for k in cluster if claims[k].article == claim.article]
    if len(held) != 1 or claim.frame.previous:
        return None
    current = claims[held[0]].effective_value
    if not may_be_one(current, claim.effective_value) or precision_key(claim.effective_value) >= precision_key(current):
        return None
    cluster[cluster.index(held[0])] = lone
    return held[0]


def _one_value(claims: Sequence[Claim]) -> object | None:
    """The value all the claims state, or None when they state more than one."""
    first = claims[0].effective_value
    return first if all(relate(first, c.effective_value) == "same" for c in claims[1:]) else None


def merge_by_frame(clusters: list[list[int]], claims: Sequence[Claim]) -> list[list[int]]:
    """Similarity joins claims whose words look alike; two sources that word one fact differently
    ('181 people aboard', 'a jet with 181 people on board crashed') meet here by their frames."""
    return merge_by(clusters, claims, frame_key)


def _people_key(c: Claim) -> tuple[object, ...] | None:
    """A count's frame key with any noun of people read as 'people'."""
    key = frame_key(c)
    if key is None or key[0] != "quantity" or not person_noun(str(key[2])):
        return None
    return (*key[:2], "people", *key[3:])


def merge_agreeing_counts(clusters: list[list[int]], claims: Sequence[Claim]) -> list[list[int]]:
    """'Two crew members were brought out alive' and 'two people were found alive' say one thing;
    '2 crew' and '5 people' need not disagree (the five may include the two), so only counts of
    people that state the same number join across their nouns."""
    return merge_by(clusters, claims, _people_key, same_value=True)


#: Prepositions that say where someone or something came from, or went: a place after one answers
#: another question than a place after "in".
ORIGIN = frozenset({"from"})
DESTINATION = frozenset({"to", "for", "into", "towards", "toward"})


def place_relation(c: Claim) -> str:
    relation = c.frame.relation
    return "from" if relation in ORIGIN else "to" if relation in DESTINATION else "near" if relation == "near" else "in"


def _same_value_key(c: Claim) -> tuple[object, ...] | None:
    """A name of a thing (a model, an operation) or a place, as its value and its relation: sources
    that name the same aircraft type, or the same city a flight came from, say one thing."""
    v = c.value
    if isinstance(v, NameValue) and v.category in ("other", "operation") and not c.subject.holder:
        return ("name", v.category, v.canonical)
    if isinstance(v, PlaceValue) and place_relation(c) != "in":
        return ("place", place_relation(c), v.lineage)
    return None


def merge_same_values(clusters: list[list[int]], claims: Sequence[Claim]) -> list[list[int]]:
    """These claims carry their subject in their value: "Boeing 737-800" is what was flying, whatever
    the sentence around it. Only equal values are joined, so no disagreement is made or hidden here;
    the claims a source words differently stay where similarity put them."""
    return merge_by(clusters, claims, _same_value_key)
