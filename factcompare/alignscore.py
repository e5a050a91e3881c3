"""How alike two claims are: typed evidence that they are about one thing, for one pair or millions.

Alignment weighs hundreds of thousands of pairs on a big story, and reruns whole on every build (one
article's words change the IDF weights every similarity reads). `Vectoriser.scores` weighs any
number of pairs in a few numpy passes over arrays of interned features; `Vectoriser.score` weighs
one pair of `_Profile`s and is the readable definition the arrays must follow. Both compute every
float with the same operations in the same order, and both round a sum over shared keys exactly
(as math.fsum does; `group_sums`), so they agree to the last bit and so do the facts built from them.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter, is_
from typing import Callable, Iterable, Sequence

import numpy as np

from .lexicon import DISASTERS, EVENT_FAMILIES, NEUTRAL_EVENTS, TIME_UNITS
from .models import Claim, NameValue, QuantityValue
from .frames import is_named

# Evidence that two claims of different articles are about one thing, and how much each counts.
# Similarity is built from typed evidence rather than one cosine over every feature: on a story of
# five articles, document frequencies are too small for IDF alone to tell a telling word from noise.
EVIDENCE = {
    "holder": 0.5,   # both qualify the same entity ("the fire chief", "Jane Doe")
    "focus": 0.3,    # the event happens to the same person or organisation
    "event": 0.25,   # the same event word class ("killed", "slain")
    "family": 0.12,  # close event classes ("killed in a strike")
    "noun": 0.25,    # the same counted or governing noun ("firefighters", "a fine of")
    "unit": 0.15,    # the same physical unit, carried or named ("magnitude 6.4", "the magnitude at 6.4")
    "disaster": 0.25,  # dates or times of the same kind of disaster ("the storm struck on Sunday", "made landfall")
    "anchor": 0.35,  # a date in the sentence pins the same day or year
    "entity": 0.25,  # names and places shared (weighted overlap)
    "term": 0.8,     # the words around the value (weighted cosine, nearest first)
}
CONTEXT_SHARE = 0.25  # a word of the sentence before counts this much of a word of the claim's own
TERM_DECAY = 3.0  # the third-nearest word counts half as much as the nearest
IDF_POWER = 0.5  # tiny corpora: damp IDF so one idiosyncratic word does not outweigh everything shared
OTHER_FOCUS_FACTOR = 0.6  # two claims about what happened to differently named people are seldom one fact
OTHER_ANCHOR_FACTOR = 0.7  # two claims pinned to different days or years are seldom one fact
NO_EVENT_FACTOR = 0.5  # a date of a sentence with no event word ("mayor from 2008") is about a state, not an event
MIN_SPECIFIC = 0.08  # part of the similarity that must come from specific evidence
GENERIC_NOUNS = frozenset({"people", "person"})
NARROWED_NOUN = 0.5  # share of the noun's evidence when one noun is the other with a noun before it
UNTIMED_KINDS = ("date", "time")  # kinds whose claims without an event word are about a state (NO_EVENT_FACTOR)

PHYSICAL_UNITS = frozenset({"magnitude", "degree", "degree c", "degree f", "km", "mile", "km2", "sq mi", "km/h", "mph",
                            "m", "cm", "mm", "kg", "tonne", "ton", "litre", "liter", "metre", "meter"})
MONEY_UNITS = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "INR", "ILS", "RUB", "AUD", "CAD", "HKD", "NZD"})

# Pairs are weighed this many at a time: the arrays of one chunk stay small (a 10,000-article story
# weighs millions of pairs, each expanding to a dozen shared-word probes). Half as many as 1 << 17 weigh
# as fast and take half the memory: about 35 MB a chunk.
SCORE_CHUNK = 1 << 16


def term_features(claim: Claim) -> dict[str, float]:
    """The words around the value, nearest first, and (a little) those of the sentence before."""
    s = claim.subject
    f: defaultdict[str, float] = defaultdict(float)
    for rank, t in enumerate(s.terms):
        f[t.lower()] += _rank_weight(rank)
    for c in s.context:
        # The sentence before speaks of the same things in other words: it counts as distant terms.
        f[c.lower()] += CONTEXT_SHARE
    return f


def _rank_weight(rank: int) -> float:
    return 1.0 / (1.0 + rank / TERM_DECAY)


ROLE_MODIFIERS = ("former ", "ex-", "ex ", "then-", "then ", "late ")


@functools.lru_cache(maxsize=65536)
def role(holder: str) -> str:
    """A role without the words that only date it: 'former mayor' and 'mayor' name one role."""
    h = holder.lower().strip()
    changed = True
    while changed:
        changed = False
        for m in ROLE_MODIFIERS:
            if h.startswith(m) and len(h) > len(m):
                h, changed = h[len(m):].strip(), True
    return h


def _event(event: str | None) -> str | None:
    """An event that can tell facts apart: measuring ("put the magnitude at 6.4") says nothing of which."""
    return None if event in NEUTRAL_EVENTS else event


def _noun_head(noun: str | None) -> str | None:
    """A counted noun without the nouns before it, so that 'emergency oxygen' meets 'oxygen' (one is
    the other, said of which); None for a noun of several kinds ('crew+passenger')."""
    return noun.split()[-1] if noun and "+" not in noun else None


def _timed_disaster(kind: str, event: str | None) -> bool:
    """A date or time of a disaster: in one story a storm or a flood is one event, so two dates of the
    same kind of disaster are about one day, whatever else their sentences say."""
    return kind in UNTIMED_KINDS and event in DISASTERS


def _family(event: str) -> str:
    return EVENT_FAMILIES.get(event, event)


def _measured_in(claim: Claim) -> str | None:
    """The physical unit a quantity is measured in, carried by its value or named by its noun.

    Money, time and percentages are too common in any story to say which thing was measured."""
    assert isinstance(claim.value, QuantityValue)
    return _measured(claim.value.unit, claim.subject.noun)


def _measured(carried: str | None, noun: str | None) -> str | None:
    """`_measured_in` of a quantity whose value carries unit `carried` and whose noun is `noun`."""
    unit = carried or noun
    if not unit or unit in MONEY_UNITS or unit in TIME_UNITS or unit == "%" or not carried and not _is_unit(unit):
        return None
    return unit.lower()


def _is_unit(word: str) -> bool:
    return word.lower() in PHYSICAL_UNITS


def _norm(v: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in v.values()))


@dataclass(frozen=True, slots=True)
class _Profile:
    """What `Vectoriser.score` reads of one claim."""

    role: str | None
    focus: str | None
    event: str | None
    family: str | None
    telling_event: bool  # an event word that tells facts apart (not a neutral one like "measure")
    timed_disaster: bool  # a date or time of a disaster: the disaster says which day or hour is meant
    noun: str | None
    noun_head: str | None  # the noun without the nouns before it ('emergency oxygen' -> 'oxygen')
    measured_in: str | None
    anchors: dict[str, float]  # each anchoring date, with how specific it is to few claims
    entities: dict[str, float]  # each name, with how specific it is
    entity_weights: dict[str, float]  # each name, IDF-weighted
    entity_norm: float
    terms: dict[str, float]
    term_keys: frozenset[str]
    term_norm: float


def _dot(va: dict[str, float], vb: dict[str, float], shared: Iterable[str]) -> float:
    """Dot product over the shared keys; fsum makes it independent of the (hash-seeded) set order."""
    return math.fsum([va[k] * vb[k] for k in shared])


_CLAIM = attrgetter("id", "article", "sentence", "span", "value", "subject")
_SUBJECT = attrgetter("event", "holder", "focus", "noun", "noun_class", "entities", "anchors", "terms", "context",
                      "labels")


class ClaimFields:
    """What alignment reads of many claims, read once, as lists: item k is the k-th claim's.

    Claims are pydantic objects scattered in memory: on a big story, reading one attribute of every
    claim costs more than the arithmetic done with it, so each is read once, here, two getters a claim.
    """

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = list(claims)
        head = list(map(_CLAIM, self.claims))
        self.ids: list[str] = [h[0] for h in head]
        self.articles: list[str] = [h[1] for h in head]
        self.sentences: list[int] = [h[2] for h in head]
        self.spans: list[tuple[int, int]] = [h[3] for h in head]
        self.values = [h[4] for h in head]
        self.kinds: list[str] = [v.kind for v in self.values]
        self.units: list[str | None] = [v.unit if isinstance(v, QuantityValue) else None for v in self.values]
        self.categories: list[str | None] = [v.category if isinstance(v, NameValue) else None for v in self.values]
        subject = list(map(_SUBJECT, [h[5] for h in head]))
        self.events: list[str | None] = [x[0] for x in subject]
        self.holders: list[str | None] = [x[1] for x in subject]
        self.focuses: list[str | None] = [x[2] for x in subject]
        self.nouns: list[str | None] = [x[3] for x in subject]
        self.noun_classes: list[str | None] = [x[4] for x in subject]
        self.entities: list[tuple[str, ...]] = [x[5] for x in subject]
        self.anchors: list[tuple[str, ...]] = [x[6] for x in subject]
        self.terms: list[tuple[str, ...]] = [x[7] for x in subject]
        self.contexts: list[tuple[str, ...]] = [x[8] for x in subject]
        self.labels: list[tuple[tuple[str, str], ...]] = [x[9] for x in subject]

    def __len__(self) -> int:
        return len(self.claims)

    def subset(self, positions: Sequence[int]) -> ClaimFields:
        """The fields of the claims at these positions, in this order (nothing is read again)."""
        out = ClaimFields.__new__(ClaimFields)
        positions = positions.tolist() if isinstance(positions, np.ndarray) else positions
        for name, items in vars(self).items():
            setattr(out, name, list(map(items.__getitem__, positions)))
        return out

    def same_claims(self, claims: Sequence[Claim]) -> bool:
        """Whether `claims` are these claims, in this order (the very objects: nothing is read)."""
        return len(claims) == len(self.claims) and all(map(is_, claims, self.claims))


class Vectoriser:
    """Similarity of claims from typed evidence; words and names weighted by damped IDF.

    A word every claim shares says little; on a tiny corpus a word only one claim has is not
    therefore telling, so IDF is damped (IDF_POWER) rather than taken whole.

    The claims given are the rows of `scores`; their evidence is held as arrays (`_Features`), and
    the per-claim `_Profile`s of `score` are only made when asked for.
    """

    def __init__(self, claims: Sequence[Claim] | ClaimFields) -> None:
        self.fields = claims if isinstance(claims, ClaimFields) else ClaimFields(claims)
        self.claims = self.fields.claims
        self.rows = {name: k for k, name in enumerate(self.fields.ids)}
        self.features = _Features(self.fields)
        self._profiles: dict[str, _Profile] = {}
        self._lookups: tuple[dict[str, float], dict[str, float]] | None = None

    def profile(self, c: Claim) -> _Profile:
        found = self._profiles.get(c.id)
        if found is None:
            if c.id in self.rows:
                if self._lookups is None:
                    self._lookups = self.features.lookups()
                idf, specific = self._lookups
                found = self._profile(c, term_features(c), idf.__getitem__, specific.__getitem__)
            else:
                found = self._profile(c, term_features(c))
            self._profiles[c.id] = found
        return found

    @staticmethod
    def _profile(c: Claim, term_weights: dict[str, float], idf: Callable[[str], float] = lambda key: 1.0,
                 specificity: Callable[[str], float] = lambda key: 1.0) -> _Profile:
        s = c.subject
        terms = {t: w * idf("term:" + t) for t, w in term_weights.items()}
        entities = {e: idf("entity:" + e) for e in s.entities}
        return _Profile(
            role=role(s.holder) if s.holder else None, focus=s.focus or None, event=s.event or None,
            family=_family(s.event) if s.event else None, telling_event=bool(_event(s.event)),
            timed_disaster=_timed_disaster(c.value.kind, s.event),
            noun=s.noun or None, noun_head=_noun_head(s.noun), measured_in=_measured_in(c) if c.value.kind == "quantity" else None,
            anchors={a: specificity("anchor:" + a) for a in s.anchors},
            entities={e: specificity("entity:" + e) for e in s.entities},
            entity_weights=entities, entity_norm=_norm(entities),
            terms=terms, term_keys=frozenset(terms), term_norm=_norm(terms),
        )

    def similarity(self, a: Claim, b: Claim) -> float:
        return self.score(self.profile(a), self.profile(b), a.value.kind)

    def score(self, pa: _Profile, pb: _Profile, kind: str) -> float:
        """Weighted evidence that two claims are about one thing; 0 unless some of it is specific
        (a name, a date, a word, a telling noun).

        The event word and the kind of thing counted alone do not make two claims one fact:
        every story has many killings and many sums of money.
        """
        specific = 0.0
        if pa.role and pa.role == pb.role:
            specific += EVIDENCE["holder"]
        if pa.focus and pa.focus == pb.focus:
            specific += EVIDENCE["focus"]
        if pa.noun and pa.noun == pb.noun:
            specific += EVIDENCE["noun"] * (0.5 if pa.noun in GENERIC_NOUNS else 1.0)
        elif pa.noun_head and pa.noun_head == pb.noun_head and (pa.noun == pa.noun_head or pb.noun == pb.noun_head):
            specific += EVIDENCE["noun"] * NARROWED_NOUN
        if pa.measured_in and pa.measured_in == pb.measured_in:
            specific += EVIDENCE["unit"]
        if pa.timed_disaster and pa.event == pb.event:
            specific += EVIDENCE["disaster"]
        # Shared names and dates count by the most specific one shared.
        anchors = pa.anchors.keys() & pb.anchors.keys() if pa.anchors and pb.anchors else None
        if anchors:
            specific += EVIDENCE["anchor"] * max([pa.anchors[x] for x in anchors])
        if pa.entities and pb.entities:
            entities = pa.entities.keys() & pb.entities.keys()
            if entities:  # no shared name: the cosine is 0 and so is the product
                cosine = _dot(pa.entity_weights, pb.entity_weights, entities) / (pa.entity_norm * pb.entity_norm)
                specific += EVIDENCE["entity"] * cosine * max([pa.entities[x] for x in entities])
        terms = pa.term_keys & pb.term_keys
        if terms:
            specific += EVIDENCE["term"] * _dot(pa.terms, pb.terms, terms) / (pa.term_norm * pb.term_norm)
        if specific < MIN_SPECIFIC:
            return 0.0
        total = specific
        if pa.event and pa.event == pb.event:
            total += EVIDENCE["event"]
        elif pa.family and pa.family == pb.family:
            total += EVIDENCE["family"]
        if pa.focus and pb.focus and pa.focus != pb.focus and (is_named(pa.focus) or is_named(pb.focus)):
            total *= OTHER_FOCUS_FACTOR
        if anchors is not None and not anchors:
            total *= OTHER_ANCHOR_FACTOR
        if pa.telling_event != pb.telling_event and kind in UNTIMED_KINDS:
            total *= NO_EVENT_FACTOR
        return total

    def scores(self, a: np.ndarray, b: np.ndarray, words: bool = True) -> np.ndarray:
        """`score` of each pair of rows (a[k], b[k]) of the claims given, the kind being a[k]'s.

        words=False leaves out the evidence of words around the value, the costly part: what remains
        is never more than the score (every step adds or multiplies non-negative numbers, and float
        rounding keeps order), a lower bound that settles most merge tests."""
        a = np.asarray(a, dtype=np.int64)
        b = np.asarray(b, dtype=np.int64)
        if len(a) <= SCORE_CHUNK:
            return self.features.scores(a, b, words)
        return np.concatenate([self.features.scores(a[k:k + SCORE_CHUNK], b[k:k + SCORE_CHUNK], words)
                               for k in range(0, len(a), SCORE_CHUNK)])

    def rows_of(self, claims: Sequence[Claim]) -> np.ndarray:
        """The row of each claim (all must be among the claims given)."""
        rows = self.rows
        return np.array([rows[c.id] for c in claims], dtype=np.int64)

    def pair_scores(self, a: Sequence[Claim], b: Sequence[Claim]) -> list[float]:
        """`similarity` of each pair (a[k], b[k]); at once when every claim is one of the rows."""
        rows = self.rows
        if all(c.id in rows for c in a) and all(c.id in rows for c in b):
            return self.scores(np.array([rows[c.id] for c in a], dtype=np.int64),
                               np.array([rows[c.id] for c in b], dtype=np.int64)).tolist()
        return [self.similarity(x, y) for x, y in zip(a, b)]


# --- the evidence of many claims as arrays ---------------------------------------------------


def _interned(values: list[str | None], transform: Callable[[str], str | None] | None = None,
              vocabulary: dict[str, int] | None = None) -> np.ndarray:
    """A number per value, equal for equal (transformed) values. Without a `vocabulary` a missing value
    (None or empty) is -1, which equals nothing; with one, every value is a word or name, numbered in
    `vocabulary`. Each distinct value is transformed once."""
    numbers: dict[str, int] = {} if vocabulary is None else vocabulary
    code = {}
    for v in dict.fromkeys(values):
        t = transform(v) if transform is not None and v is not None else v
        code[v] = numbers.setdefault(t, len(numbers)) if t or vocabulary is not None else -1
    return np.fromiter(map(code.__getitem__, values), dtype=np.int64, count=len(values))


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending (np.unique, by sorting: numpy 2.4's hashing np.unique is a
    hundred times slower on millions of integers)."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def distinct_first_inverse(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """np.unique(values, return_index=True, return_inverse=True), by a stable sort."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.ones(len(values), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    unique, first = ordered[new], order[new]
    del ordered  # few arrays of the values' size at once: they may be millions
    place = np.cumsum(new)
    place -= 1
    inverse = np.empty(len(values), dtype=np.int64)
    inverse[order] = place
    return unique, first, inverse


class _Sparse:
    """A sparse matrix of claims by keys (words, names, dates): row k holds entries ptr[k]:ptr[k+1],
    keys ascending. Only what weighing pairs reads is kept: a big story has millions of entries."""

    def __init__(self, n_rows: int, rows: np.ndarray, keys: np.ndarray, addends: np.ndarray | None,
                 weight: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        """`rows`, `keys`: one item per occurrence, rows ascending; a key named twice in a row adds its
        `addends` in order of occurrence (as `term_features` does), or counts once.

        With a `weight` (of each key, from the number of rows having it), each entry's value is its
        addends' sum (or 1) times its key's weight, and `norm` is the length of each row's values;
        without one, entries have no values."""
        self.n_keys = int(keys.max()) + 1 if len(keys) else 1
        unique, first, inverse = distinct_first_inverse(rows * self.n_keys + keys)
        self.composite = unique  # (row, key) of each entry as one number, ascending
        entry_rows = unique // self.n_keys
        self.keys = (unique % self.n_keys).astype(np.int32 if self.n_keys <= np.iinfo(np.int32).max else np.int64)
        self.ptr = np.searchsorted(entry_rows, np.arange(n_rows + 1))
        self.lengths = np.diff(self.ptr)
        self.df = np.bincount(self.keys, minlength=self.n_keys)
        if weight is None:
            return
        if addends is None:
            self.values = np.ones(len(unique))
        else:
            self.values = np.zeros(len(unique))
            np.add.at(self.values, inverse, addends)  # in order of occurrence, from 0.0, as `+=` does
        del inverse
        self.values *= weight(self.df)[self.keys]
        self.norm = self._norms(entry_rows, first, n_rows)

    def _norms(self, entry_rows: np.ndarray, first: np.ndarray, n_rows: int) -> np.ndarray:
        """math.sqrt(sum(w * w ...)) of each row's values, summed in the order the claim named them
        (`first`: where each entry's key first occurs). Rows came in ascending, so entries in order
        of occurrence still have their rows ascending: `entry_rows` as they are."""
        squares = self.values[np.argsort(first, kind="stable")]
        squares *= squares
        return np.sqrt(group_sums(squares, entry_rows, n_rows, exact=False))

    def shared(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each pair of rows: which entry of a's row meets which of b's on one key, as
        (pair, entry in a's row, entry in b's row), pairs ascending.

        Each key of b's row is looked up in a's row, by binary search among all entries sorted by
        (row, key): give as `a` the side whose rows come in runs (one claim weighed against many),
        so that consecutive searches end in one place, already in the cache."""
        lengths = self.lengths
        both = (lengths[a] > 0) & (lengths[b] > 0)
        pairs = np.flatnonzero(both)  # only pairs with keys on both sides can share one
        a, b = a[pairs], b[pairs]
        counts = lengths[b]
        pair = np.repeat(np.arange(len(b)), counts)
        theirs = np.repeat(self.ptr[b] - (np.cumsum(counts) - counts), counts) + np.arange(len(pair))
        wanted = a[pair] * self.n_keys + self.keys[theirs]
        mine = np.minimum(np.searchsorted(self.composite, wanted), max(len(self.composite) - 1, 0))
        hit = self.composite[mine] == wanted if len(self.composite) else np.zeros(len(wanted), dtype=bool)
        return pairs[pair[hit]], mine[hit], theirs[hit]


def group_sums(values: np.ndarray, groups: np.ndarray, n: int, exact: bool) -> np.ndarray:
    """The sum of each group's values, for n groups at once (`groups` ascending, each group's values
    in the order to add them).

    exact=False: Python's sum(), from 0, adding in order. exact=True: math.fsum, the exact sum
    rounded once (the values must be positive). Either way the k-th values of all groups are added
    in one step: groups are ordered by size, largest first, so the groups still adding at step k
    are the first ones, a slice.

    The exact sum adds with error-free additions (TwoSum: a + b == s + e exactly), keeping the
    errors e apart, and their own errors f apart again, so that the exact sum is s + c + Σf. When
    every f is 0 (nearly always) rounding s + c rounds the exact sum. Otherwise it still does unless
    the exact sum lies within Σ|f| (some ulp² of it) of a half-way point between two floats; such
    rare groups are summed by fsum itself.
    """
    counts = np.bincount(groups, minlength=n)
    out = np.zeros(n)
    if not len(groups):
        return out
    starts = np.cumsum(counts) - counts
    by_size = np.argsort(-counts.astype(np.int16 if counts.max() < 1 << 15 else np.int64), kind="stable")
    at = starts[by_size]
    still = np.bincount(counts, minlength=int(counts.max()) + 1)[::-1].cumsum()[::-1]  # groups of size > k: still[k + 1]
    total = values[at[:still[1]]]
    error = np.zeros(len(total))
    lost = np.zeros(len(total))  # Σ|f|
    for k in range(1, len(still) - 1):
        m = int(still[k + 1])
        s, x = total[:m], values[at[:m] + k]
        t = s + x
        if exact:
            back = t - s
            e = (s - (t - back)) + (x - back)
            c = error[:m]
            u = c + e
            back = u - c
            lost[:m] += np.abs((c - (u - back)) + (e - back))
            error[:m] = u
        total[:m] = t
    if not exact:
        out[by_size[:len(total)]] = total
        return out
    rounded = total + error
    doubtful = np.flatnonzero(lost > 0)
    if len(doubtful):
        r = rounded[doubtful]
        rest = np.abs((total[doubtful] - r) + error[doubtful])  # how far s + c lies from r (total - r is exact)
        gap = np.minimum(np.nextafter(r, np.inf) - r, r - np.nextafter(r, -np.inf))
        for g in doubtful[rest * (1 + 2.0 ** -50) + lost[doubtful] >= gap / 2].tolist():
            rounded[g] = math.fsum(values[at[g]:at[g] + counts[by_size[g]]].tolist())
    out[by_size[:len(total)]] = rounded
    return out


class _Features:
    """The evidence `Vectoriser.score` reads, for every claim at once: interned ids of the one-word
    evidence, sparse rows of words, names and dates, and their weights as the scalar code computes them."""

    def __init__(self, fields: ClaimFields) -> None:
        n = len(fields)
        self.size = max(n, 1)
        self.role = _interned(fields.holders, lambda h: role(h) if h else None)
        self.focus = _interned(fields.focuses)
        # Only a name identifies whom an event happened to: 'the plane' and 'the aircraft' may be one.
        self.named_focus = np.array([is_named(f) for f in fields.focuses], dtype=bool)
        self.event = _interned(fields.events)
        self.family = _interned(fields.events, lambda e: _family(e) if e else None)
        self.telling = _interned(fields.events, lambda e: "telling" if _event(e) else None) >= 0
        self.noun = _interned(fields.nouns)
        self.noun_head = _interned(fields.nouns, _noun_head)
        self.bare_noun = np.array([n is not None and n == _noun_head(n) for n in fields.nouns], dtype=bool)
        self.generic_noun = _interned(fields.nouns, lambda w: "generic" if w in GENERIC_NOUNS else None) >= 0
        measured = [_measured(unit, noun) if kind == "quantity" else None
                    for kind, unit, noun in zip(fields.kinds, fields.units, fields.nouns)]
        self.measured_in = _interned(measured)
        self.untimed = _interned(fields.kinds, lambda kind: "untimed" if kind in UNTIMED_KINDS else None) >= 0
        self.timed_disaster = np.array([_timed_disaster(kind, event) for kind, event in zip(fields.kinds, fields.events)],
                                       dtype=bool)

        self.term_vocabulary: dict[str, int] = {}
        self.terms = self._words(fields.terms, fields.contexts, self.term_vocabulary)
        self.term_norm = self.terms.norm
        self.entity_vocabulary: dict[str, int] = {}
        self.entities = self._names(fields.entities, self.entity_vocabulary, self._idf)
        self.entity_norm = self.entities.norm
        self.anchor_vocabulary: dict[str, int] = {}
        self.anchors = self._names(fields.anchors, self.anchor_vocabulary)
        self.entity_specific = self._specificity(self.entities.df)
        self.anchor_specific = self._specificity(self.anchors.df)

    def _words(self, terms: list[tuple[str, ...]], contexts: list[tuple[str, ...]],
               vocabulary: dict[str, int]) -> _Sparse:
        """Each claim's words, IDF-weighted: its terms, nearest first, then the words of the sentence before."""
        n = len(terms)
        n_terms = np.fromiter(map(len, terms), dtype=np.int64, count=n)
        n_words = n_terms + np.fromiter(map(len, contexts), dtype=np.int64, count=n)
        words = list(chain.from_iterable(chain.from_iterable(zip(terms, contexts))))
        tokens = _interned(words, str.lower, vocabulary)
        del words
        row = np.repeat(np.arange(n), n_words)
        place = np.arange(len(tokens)) - np.repeat(np.cumsum(n_words) - n_words, n_words)
        ranks = np.array([_rank_weight(r) for r in range(int(n_terms.max()) if n else 0)] or [0.0])
        addends = np.where(place < n_terms[row], ranks[np.minimum(place, len(ranks) - 1)], CONTEXT_SHARE)
        del place
        return _Sparse(n, row, tokens, addends, self._idf)

    @staticmethod
    def _names(names: list[tuple[str, ...]], vocabulary: dict[str, int],
               weight: Callable[[np.ndarray], np.ndarray] | None = None) -> _Sparse:
        counts = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
        keys = _interned(list(chain.from_iterable(names)), vocabulary=vocabulary)
        return _Sparse(len(names), np.repeat(np.arange(len(names)), counts), keys, None, weight)

    def _by_count(self, df: np.ndarray, weight: Callable[[int], float]) -> np.ndarray:
        """weight(count) for each key, computed once per distinct count (with math, as the scalar code)."""
        table = np.zeros(int(df.max()) + 1 if len(df) else 1)
        for count in distinct(df).tolist():
            if count:
                table[count] = weight(count)
        return table[df]

    def _idf(self, df: np.ndarray) -> np.ndarray:
        n = self.size
        return self._by_count(df, lambda count: (math.log((1 + n) / (1 + count)) + 1) ** IDF_POWER)

    def _specificity(self, df: np.ndarray) -> np.ndarray:
        """1 for a feature of one claim, falling towards 0 for one every claim has."""
        n = self.size
        return self._by_count(df, lambda count: max(0.1, 1 - math.log(count) / math.log(n + 1)) if n > 1 else 1.0)

    def lookups(self) -> tuple[dict[str, float], dict[str, float]]:
        """The IDF and specificity of each feature by name ('term:fire', 'entity:lyon'), for `_Profile`s."""
        idf: dict[str, float] = {}
        specific: dict[str, float] = {}
        term_idf = self._idf(self.terms.df).tolist()
        for word, k in self.term_vocabulary.items():
            idf["term:" + word] = term_idf[k]
        entity_idf = self._idf(self.entities.df).tolist()
        for name, k in self.entity_vocabulary.items():
            idf["entity:" + name] = entity_idf[k]
            specific["entity:" + name] = float(self.entity_specific[k])
        for name, k in self.anchor_vocabulary.items():
            specific["anchor:" + name] = float(self.anchor_specific[k])
        return idf, specific

    def scores(self, a: np.ndarray, b: np.ndarray, words: bool = True) -> np.ndarray:
        """`Vectoriser.score` of each pair of rows, every step as the scalar code takes it."""
        n = len(a)
        specific = np.zeros(n)
        role, focus, noun = self.role, self.focus, self.noun
        specific = specific + np.where((role[a] >= 0) & (role[a] == role[b]), EVIDENCE["holder"], 0.0)
        specific = specific + np.where((focus[a] >= 0) & (focus[a] == focus[b]), EVIDENCE["focus"], 0.0)
        same_noun = (noun[a] >= 0) & (noun[a] == noun[b])
        noun_weight = EVIDENCE["noun"] * np.where(self.generic_noun[a], 0.5, 1.0)
        narrowed = (self.noun_head[a] >= 0) & (self.noun_head[a] == self.noun_head[b]) & (self.bare_noun[a] | self.bare_noun[b])
        specific = specific + np.where(same_noun, noun_weight, np.where(narrowed, EVIDENCE["noun"] * NARROWED_NOUN, 0.0))
        unit = self.measured_in
        specific = specific + np.where((unit[a] >= 0) & (unit[a] == unit[b]), EVIDENCE["unit"], 0.0)
        specific = specific + np.where(self.timed_disaster[a] & (self.event[a] == self.event[b]), EVIDENCE["disaster"], 0.0)

        pair, mine, _ = self.anchors.shared(a, b)
        shared_anchors = np.bincount(pair, minlength=n)
        most = np.zeros(n)
        np.maximum.at(most, pair, self.anchor_specific[self.anchors.keys[mine]])
        specific = specific + np.where(shared_anchors > 0, EVIDENCE["anchor"] * most, 0.0)
        unpinned = (self.anchors.lengths[a] > 0) & (self.anchors.lengths[b] > 0) & (shared_anchors == 0)

        pair, mine, theirs = self.entities.shared(a, b)
        weights = self.entities.values
        dot = group_sums(weights[mine] * weights[theirs], pair, n, exact=True)
        most = np.zeros(n)
        np.maximum.at(most, pair, self.entity_specific[self.entities.keys[mine]])
        norms = self.entity_norm[a] * self.entity_norm[b]
        with np.errstate(divide="ignore", invalid="ignore"):
            cosine = dot / norms
        specific = specific + np.where(most > 0, EVIDENCE["entity"] * cosine * most, 0.0)

        if words:
            pair, mine, theirs = self.terms.shared(a, b)
            weights = self.terms.values
            dot = group_sums(weights[mine] * weights[theirs], pair, n, exact=True)
            met = np.bincount(pair, minlength=n) > 0
            norms = self.term_norm[a] * self.term_norm[b]
            with np.errstate(divide="ignore", invalid="ignore"):
                term = EVIDENCE["term"] * dot / norms
            specific = specific + np.where(met, term, 0.0)

        total = specific
        event, family = self.event, self.family
        same_event = (event[a] >= 0) & (event[a] == event[b])
        same_family = (family[a] >= 0) & (family[a] == family[b])
        total = total + np.where(same_event, EVIDENCE["event"], np.where(same_family, EVIDENCE["family"], 0.0))
        named = self.named_focus
        total = total * np.where((focus[a] >= 0) & (focus[b] >= 0) & (focus[a] != focus[b]) & (named[a] | named[b]),
                                 OTHER_FOCUS_FACTOR, 1.0)
        total = total * np.where(unpinned, OTHER_ANCHOR_FACTOR, 1.0)
        total = total * np.where((self.telling[a] != self.telling[b]) & self.untimed[a], NO_EVENT_FACTOR, 1.0)
        return np.where(specific < MIN_SPECIFIC, 0.0, total)
