"""Grouping claims from different articles into facts: curated definitions first, then automatic.

Clustering never looks at values: two claims about the same thing with different numbers must land
in one fact, or conflicts disappear. What a claim is about is its Subject (event word, counted noun,
entities, dates that pin the event, nearby words). Claims are blocked by keys of that subject before
any pairwise comparison, so the cost grows with the corpus, not with its square.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Callable, Iterable, TypeVar

from unidecode import unidecode

from .compare import relate
from .curated import matching_claims
from .curation import Curation, FactDefinition
from .lexicon import EVENT_FAMILIES, EVENT_NOUNS, NOUN_CLASS_WORDS
from .models import Claim, Fact, NameValue, QuantityValue

log = logging.getLogger(__name__)

T = TypeVar("T")

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
    "anchor": 0.35,  # a date in the sentence pins the same day or year
    "entity": 0.25,  # names and places shared (weighted overlap)
    "term": 0.8,     # the words around the value (weighted cosine, nearest first)
}
CONTEXT_SHARE = 0.25  # a word of the sentence before counts this much of a word of the claim's own
TERM_DECAY = 3.0  # the third-nearest word counts half as much as the nearest
IDF_POWER = 0.5  # tiny corpora: damp IDF so one idiosyncratic word does not outweigh everything shared
PAIR_THRESHOLD = {"quantity": 0.35, "date": 0.35, "time": 0.3, "place": 0.35, "name": 0.35}
MERGE_THRESHOLD = 0.2  # mean similarity of two clusters across all their pairs
REPEAT_THRESHOLD = 0.55  # a same-article claim this close to a fact member is a repeat, not a new fact
CLOSE_CONNECTION = 1.0  # an article's claim this nearly as close to a fact as its best is as good a pick
# A blocking key shared by more than this share of a kind's claims (and by more than MAX_BLOCK) is too
# common to say anything ("said"). A share, not a count: in a story ten times bigger, the words that
# tie its main facts together ("killed", "people") are shared by ten times more claims, and must
# still be compared (in windows, below) or the biggest facts fall apart into single sources.
MAX_BLOCK = 400
MAX_BLOCK_SHARE = 0.05
# Blocks up to this size are compared pair by pair. A larger one (a word shared by many facts of a
# big corpus) is sorted by each member's rarest other key and only neighbours in that order are
# compared: claims sharing a telling key sit together, and the pairs grow as size * WINDOW, not size².
FULL_BLOCK = 16
WINDOW = 6
# Merging two clusters compares every cross-article pair of members up to this many pairs; beyond it,
# evenly spaced samples stand for the clusters (the larger side is thinned first), so one merge test
# costs at most this much however large the clusters grow.
MERGE_PAIRS = 64
# An article's claim in a large cluster is weighed against a spaced sample of this many other members.
CONNECTION_SAMPLE = 120
OTHER_FOCUS_FACTOR = 0.6  # two claims about what happened to different people are seldom one fact
OTHER_ANCHOR_FACTOR = 0.7  # two claims pinned to different days or years are seldom one fact
NO_EVENT_FACTOR = 0.5  # a date of a sentence with no event word ("mayor from 2008") is about a state, not an event
MIN_SPECIFIC = 0.08  # part of the similarity that must come from specific evidence
GENERIC_NOUNS = frozenset({"people", "person"})
NEUTRAL_EVENTS = frozenset({"measure"})  # counted nouns too common to tell facts apart


def term_features(claim: Claim) -> dict[str, float]:
    """The words around the value, nearest first, and (a little) those of the sentence before."""
    s = claim.subject
    f: defaultdict[str, float] = defaultdict(float)
    for rank, t in enumerate(s.terms):
        f[t.lower()] += 1.0 / (1.0 + rank / TERM_DECAY)
    for c in s.context:
        # The sentence before speaks of the same things in other words: it counts as distant terms.
        f[c.lower()] += CONTEXT_SHARE
    return f


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


def blocking_keys(claim: Claim) -> set[str]:
    """Keys two claims must share one of to be compared at all."""
    s = claim.subject
    keys = set()
    if s.focus:
        keys.add(f"f:{s.focus}")
    if s.holder:
        keys.add("h:" + role(s.holder))
    if s.event:
        keys.add(f"e:{s.event}|{s.noun_class}")
        keys.update(f"e:{_family(s.event)}|a:{a}" for a in s.anchors)
        keys.update(f"e:{_family(s.event)}|n:{e}" for e in s.entities)
    if s.noun and s.noun not in GENERIC_NOUNS:
        keys.add(f"n:{s.noun}")
    if s.noun_class:
        keys.update(f"c:{s.noun_class}|n:{e}" for e in s.entities)
    keys.update(f"a:{a}|n:{e}" for a in s.anchors for e in s.entities)
    keys.update(f"t:{t}" for t in s.terms[:3])
    return keys


def _unit(claim: Claim) -> str | None:
    assert isinstance(claim.value, QuantityValue)
    return claim.value.unit or None


def _names_unit(claim: Claim, unit: str) -> bool:
    """A number without a unit whose nearest words name one: 'put the magnitude at 6.4'."""
    return claim.subject.noun == unit.lower() or unit.lower() in claim.subject.terms[:3]


def _measured_in(claim: Claim) -> str | None:
    """The physical unit a quantity is measured in, carried by its value or named by its noun.

    Money, time and percentages are too common in any story to say which thing was measured."""
    assert isinstance(claim.value, QuantityValue)
    unit = claim.value.unit or claim.subject.noun
    if not unit or unit in MONEY_UNITS or unit in TIME_UNITS or unit == "%" or not claim.value.unit and not _is_unit(unit):
        return None
    return unit.lower()


def _is_unit(word: str) -> bool:
    return word.lower() in PHYSICAL_UNITS


def compatible_subjects(a: Claim, b: Claim) -> bool:
    """Hard rules no similarity can overrule."""
    if a.value.kind != b.value.kind:
        return False
    if a.article == b.article and a.sentence == b.sentence:
        return False  # two values of one sentence are two different things
    sa, sb = a.subject, b.subject
    if a.value.kind == "quantity":
        if sa.noun_class != sb.noun_class and sa.noun_class and sb.noun_class:
            return False
        ua, ub = _unit(a), _unit(b)
        if ua != ub and not (ua is None and _names_unit(a, ub or "")) and not (ub is None and _names_unit(b, ua or "")):
            return False
    if sa.holder or sb.holder:
        if role(sa.holder or "") != role(sb.holder or ""):
            return False
    if a.value.kind == "name":
        assert isinstance(a.value, NameValue) and isinstance(b.value, NameValue)
        if a.value.category != b.value.category:
            return False
    ea, eb = _event(sa.event), _event(sb.event)
    if ea and eb and _family(ea) != _family(eb):
        return False
    if a.value.kind == "quantity" and ea and eb and ea != eb:
        return False  # the killed and the injured of one attack are two counts
    return True


def _event(event: str | None) -> str | None:
    """An event that can tell facts apart: measuring ("put the magnitude at 6.4") says nothing of which."""
    return None if event in NEUTRAL_EVENTS else event


def _family(event: str) -> str:
    return EVENT_FAMILIES.get(event, event)


def _norm(v: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in v.values()))


@dataclass(frozen=True, slots=True)
class _Profile:
    """What `Vectoriser.similarity` reads of one claim, computed once per claim rather than once per pair."""

    role: str | None
    focus: str | None
    event: str | None
    family: str | None
    telling_event: bool  # an event word that tells facts apart (not a neutral one like "measure")
    noun: str | None
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


class Vectoriser:
    """Similarity of two claims from typed evidence; words and names weighted by damped IDF.

    A word every claim shares says little; on a tiny corpus a word only one claim has is not
    therefore telling, so IDF is damped (IDF_POWER) rather than taken whole.
    """

    def __init__(self, claims: list[Claim]) -> None:
        terms = [term_features(c) for c in claims]
        df: Counter[str] = Counter()
        for c, t in zip(claims, terms):
            df.update("term:" + k for k in t)
            df.update("entity:" + e for e in set(c.subject.entities))
            df.update("anchor:" + a for a in set(c.subject.anchors))
        n = max(len(claims), 1)
        # Each weight once per distinct feature, not once per claim that has it.
        idf = {key: (math.log((1 + n) / (1 + count)) + 1) ** IDF_POWER for key, count in df.items()}
        # Specificity: 1 for a feature of one claim, falling towards 0 for one every claim has.
        specific = {key: max(0.1, 1 - math.log(count) / math.log(n + 1)) if n > 1 else 1.0
                    for key, count in df.items()}
        self.profiles = {c.id: self._profile(c, t, idf.__getitem__, specific.__getitem__)
                         for c, t in zip(claims, terms)}

    @staticmethod
    def _profile(c: Claim, term_weights: dict[str, float], idf: Callable[[str], float] = lambda key: 1.0,
                 specificity: Callable[[str], float] = lambda key: 1.0) -> _Profile:
        s = c.subject
        terms = {t: w * idf("term:" + t) for t, w in term_weights.items()}
        entities = {e: idf("entity:" + e) for e in s.entities}
        return _Profile(
            role=role(s.holder) if s.holder else None, focus=s.focus or None, event=s.event or None,
            family=_family(s.event) if s.event else None, telling_event=bool(_event(s.event)),
            noun=s.noun or None, measured_in=_measured_in(c) if c.value.kind == "quantity" else None,
            anchors={a: specificity("anchor:" + a) for a in s.anchors},
            entities={e: specificity("entity:" + e) for e in s.entities},
            entity_weights=entities, entity_norm=_norm(entities),
            terms=terms, term_keys=frozenset(terms), term_norm=_norm(terms),
        )

    def profile(self, c: Claim) -> _Profile:
        found = self.profiles.get(c.id)
        return found if found is not None else self._profile(c, term_features(c))

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
        if pa.measured_in and pa.measured_in == pb.measured_in:
            specific += EVIDENCE["unit"]
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
        if pa.focus and pb.focus and pa.focus != pb.focus:
            total *= OTHER_FOCUS_FACTOR
        if anchors is not None and not anchors:
            total *= OTHER_ANCHOR_FACTOR
        if pa.telling_event != pb.telling_event and kind in ("date", "time"):
            total *= NO_EVENT_FACTOR
        return total


def candidate_pairs(claims: list[Claim]) -> set[tuple[int, int]]:
    """Pairs (i < j) of claims sharing a blocking key: every pair of a small block, neighbours in a large one."""
    keys_of = [sorted(blocking_keys(c)) for c in claims]
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(keys_of):
        for key in keys:
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) > max(MAX_BLOCK, MAX_BLOCK_SHARE * len(claims)):
            log.debug("blocking key %s too common (%d claims); skipped", key, len(members))
            continue
        if len(members) <= FULL_BLOCK:
            pairs.update(combinations(members, 2))
            continue
        pairs.update(_window_pairs(key, members, keys_of, blocks))
    return pairs


def _window_pairs(key: str, members: list[int], keys_of: list[list[str]],
                  blocks: dict[str, list[int]]) -> Iterable[tuple[int, int]]:
    """Sorted neighbourhood: members ordered by their rarest other key (then by position), each paired
    with the next WINDOW; claims that share a telling key end up side by side."""
    def rarest(i: int) -> tuple[int, str]:
        others = [(len(blocks[k]), k) for k in keys_of[i] if k != key and len(blocks[k]) > 1]
        return min(others) if others else (len(keys_of) + 1, "")

    ordered = sorted(members, key=lambda i: (rarest(i), i))
    for n, i in enumerate(ordered):
        for j in ordered[n + 1 : n + 1 + WINDOW]:
            yield (i, j) if i < j else (j, i)


def cluster(claims: list[Claim], vec: Vectoriser) -> list[list[Claim]]:
    """Average-linkage agglomeration over candidate pairs, then one claim per article per cluster.

    An article may say the same thing twice (a caption and the body); both may join the cluster,
    and `one_per_article` keeps the better connected one.
    """
    profiles = [vec.profile(c) for c in claims]
    clusters = _Clusters(claims)  # one claim each so far: `compatible` is the hard rules for one pair
    scored = []
    for i, j in candidate_pairs(claims):
        if not clusters.compatible(i, j):
            continue
        a, b = claims[i], claims[j]
        sim = vec.score(profiles[i], profiles[j], a.value.kind)
        if sim >= PAIR_THRESHOLD.get(a.value.kind, 0.4):
            scored.append((-sim, a.id, b.id, i, j))
    scored.sort()
    refused: set[tuple[int, int, int, int]] = set()  # clusters only grow: same ids and sizes, same answer
    for _, _, _, i, j in scored:
        ci, cj = clusters.owner[i], clusters.owner[j]
        if ci == cj:
            continue
        mi, mj = clusters.members[ci], clusters.members[cj]
        state = (ci, len(mi), cj, len(mj))
        if state in refused:
            continue
        if not clusters.compatible(ci, cj) or _mean_cross(claims, profiles, mi, mj, vec) < MERGE_THRESHOLD:
            refused.add(state)
            continue
        clusters.merge(ci, cj)
    out: list[list[Claim]] = []
    for _, m in sorted(clusters.members.items()):
        out.extend(one_per_article([claims[k] for k in m], vec))
    return [sorted(cs, key=_order) for cs in out]


def _compat_signature(c: Claim) -> tuple[object, ...]:
    """Everything `compatible_subjects` reads but the article and sentence."""
    s = c.subject
    value = c.value
    unit = value.unit if isinstance(value, QuantityValue) else None
    category = value.category if isinstance(value, NameValue) else None
    return (value.kind, s.noun_class, unit, s.noun, tuple(s.terms[:3]), s.holder, category, s.event)


class _Clusters:
    """Clusters of claim indices as agglomeration grows them, with what the hard rules need kept up to date.

    `compatible_subjects` must hold for every pair across two clusters. Claims of one sentence never
    share a fact, and otherwise the rules read only a claim's subject shape (`_compat_signature`), so a
    cluster keeps its sentences and one member per shape, and each pair of shapes is judged once.
    """

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = claims
        shape_ids: dict[tuple[object, ...], int] = {}
        shape = [shape_ids.setdefault(_compat_signature(c), len(shape_ids)) for c in claims]
        self.owner = list(range(len(claims)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
        self.sentences = {i: {(c.article, c.sentence)} for i, c in enumerate(claims)}
        self.shapes: dict[int, dict[int, int]] = {i: {shape[i]: i} for i in range(len(claims))}
        self.judged: dict[tuple[int, int], bool] = {}

    def compatible(self, ci: int, cj: int) -> bool:
        if not self.sentences[ci].isdisjoint(self.sentences[cj]):
            return False
        for a, x in self.shapes[ci].items():
            for b, y in self.shapes[cj].items():
                key = (a, b) if a <= b else (b, a)
                ok = self.judged.get(key)
                if ok is None:
                    ok = self.judged[key] = compatible_subjects(self.claims[x], self.claims[y])
                if not ok:
                    return False
        return True

    def merge(self, ci: int, cj: int) -> None:
        """The larger cluster absorbs the smaller (on a tie, the first)."""
        keep, drop = (ci, cj) if len(self.members[ci]) >= len(self.members[cj]) else (cj, ci)
        for k in self.members[drop]:
            self.owner[k] = keep
        self.members[keep].extend(self.members.pop(drop))
        self.sentences[keep] |= self.sentences.pop(drop)
        shapes = self.shapes[keep]
        for a, x in self.shapes.pop(drop).items():
            shapes.setdefault(a, x)


def _spaced(members: list[T], count: int) -> list[T]:
    """At most `count` items, evenly spaced, in order; all of them when there are few."""
    if len(members) <= count:
        return members
    step = len(members) / count
    return [members[int(k * step)] for k in range(count)]


def _merge_sample(mi: list[int], mj: list[int]) -> tuple[list[int], list[int]]:
    """Members standing for two clusters in a merge test: all of them, or spaced samples within MERGE_PAIRS."""
    if len(mi) * len(mj) <= MERGE_PAIRS:
        return mi, mj
    swap = len(mi) > len(mj)
    small, large = (mj, mi) if swap else (mi, mj)
    side = math.isqrt(MERGE_PAIRS)
    if len(small) > side:
        small, large = _spaced(small, side), _spaced(large, side)
    else:
        large = _spaced(large, MERGE_PAIRS // len(small))
    return (large, small) if swap else (small, large)


def _mean_cross(claims: list[Claim], profiles: list[_Profile], mi: list[int], mj: list[int], vec: Vectoriser) -> float:
    """Mean similarity across the clusters' cross-article pairs (sampled for large clusters); -1 if none."""
    mi, mj = _merge_sample(mi, mj)
    kind = claims[mi[0]].value.kind
    cross = [vec.score(profiles[x], profiles[y], kind) for x in mi for y in mj if claims[x].article != claims[y].article]
    return sum(cross) / len(cross) if cross else -1.0


def one_per_article(cluster_claims: list[Claim], vec: Vectoriser) -> list[list[Claim]]:
    """The cluster with one claim per article: the one most like the other articles' claims.

    A second claim that restates its article's value is a repeat and is dropped; one that
    differs from it stays, as a fact of its own, so that no conflict is hidden and no claim lost.
    """
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in cluster_claims:
        by_article[c.article].append(c)
    if all(len(cs) == 1 for cs in by_article.values()):
        return [cluster_claims]
    chosen: list[Claim] = []
    leftovers: list[list[Claim]] = []
    # A large cluster is represented by one spaced sample, drawn once: not one list per article.
    sample = _spaced(cluster_claims, CONNECTION_SAMPLE) if len(cluster_claims) > 2 * CONNECTION_SAMPLE else cluster_claims
    for article in sorted(by_article):
        candidates = by_article[article]
        if len(candidates) == 1:
            chosen.append(candidates[0])
            continue
        others = _spaced([c for c in sample if c.article != article], CONNECTION_SAMPLE)

        def connection(c: Claim) -> float:
            return sum(vec.similarity(c, o) for o in others) / max(len(others), 1)

        scores = {c.id: connection(c) for c in candidates}
        top = max(scores.values())
        # Nearly as well connected, the earlier claim wins: news says the main thing first.
        best, *rest = sorted(candidates, key=lambda c: (scores[c.id] < top * CLOSE_CONNECTION, _order(c)))
        chosen.append(best)
        # Not a mere repeat: it goes back as a fact of its own (and `_drop_repeats` weighs it again).
        leftovers.extend([c] for c in rest if relate(best.value, c.value) != "same")
    return [chosen, *leftovers]


def _order(c: Claim) -> tuple[str, int, int]:
    return (c.article, c.sentence, c.span[0])


# --- curated facts -------------------------------------------------------------------------


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", unidecode(text).lower()).strip()


def select_curated(definition: FactDefinition, claims: list[Claim], previous: dict[str, str],
                   vec: Vectoriser) -> tuple[list[Claim], set[str]]:
    """The claims of one curated fact, one per article, and the ids it takes from the pool.

    Every claim meeting the cues is a candidate; from each article the one most like the other
    articles' candidates is chosen, as in automatic alignment. A candidate that repeats its
    article's chosen value is taken too (it must not make a second fact); one that states a
    different value stays in the pool, so no claim is lost.
    """
    candidates = matching_claims(definition, claims, previous)
    if not candidates:
        return [], set()
    chosen, *_ = one_per_article(candidates, vec)
    by_article = {c.article: c for c in chosen}
    taken = {c.id for c in candidates if relate(by_article[c.article].value, c.value) == "same"}
    return sorted(chosen, key=_order), taken | {c.id for c in chosen}


# --- titles and ids ------------------------------------------------------------------------

PARTICIPLES = {
    "kill": "killed", "injure": "injured", "abduct": "abducted", "release": "released", "rescue": "rescued",
    "train": "trained", "attack": "attacked", "arrest": "arrested", "sentence": "sentenced",
    "displace": "displaced", "destroy": "destroyed", "pay": "paid", "earn": "earned", "vote": "voted",
    "protest": "protesting", "infect": "infected", "employ": "employed", "build": "built",
    "enrich": "enriched", "measure": "", "announce": "announced", "say": "said", "disaster": "",
    "bribe": "paid in bribes", "ceremony": "",
}


PHYSICAL_UNITS = frozenset({"magnitude", "degree", "degree c", "degree f", "km", "mile", "km2", "sq mi", "km/h", "mph",
                            "m", "cm", "mm", "kg", "tonne", "ton", "litre", "liter", "metre", "meter"})
MONEY_UNITS = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "INR", "ILS", "RUB", "AUD", "CAD", "HKD", "NZD"})
TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})


def _top(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _as_written(words: str, claims: list[Claim]) -> str:
    """Lower-cased words ('nhs spokesman') as a source capitalised them ('NHS spokesman')."""
    pattern = re.compile(r"\b" + r"\W+".join(re.escape(w) for w in words.split()) + r"\b", re.I)
    for c in claims:
        found = pattern.search(c.quote)
        if found:
            written = found.group()
            return written[0].lower() + written[1:] if not written[:2].isupper() else written
    return words


def describe(claims: list[Claim]) -> str:
    """A question for an automatic fact, from what its claims are about, in the sources' words."""
    kind = claims[0].value.kind
    labels = {key: label for c in claims for key, label in c.subject.labels}
    event = _top(c.subject.event or "" for c in claims)
    holder = _top(c.subject.holder or "" for c in claims)
    anchor = _top(a for c in claims for a in c.subject.anchors if not re.match(r"^\d{4}-", a))
    anchor = anchor[:1].upper() + anchor[1:] if anchor else None
    entity = _top(e for c in claims for e in c.subject.entities if e in labels and e != (holder or "").lower())
    context = [x for x in (anchor, labels.get(entity or "")) if x]
    suffix = f" ({', '.join(context)})" if context else ""
    verb = PARTICIPLES.get(event or "", "")
    if kind == "quantity":
        value = claims[0].value
        assert isinstance(value, QuantityValue)
        classes = {c.subject.noun_class for c in claims} - {None}
        noun = _top(c.subject.noun or "" for c in claims)
        if value.unit in MONEY_UNITS or classes == {"money"}:
            if noun and noun not in NOUN_CLASS_WORDS:
                return f"How much was the {noun}?{suffix}"  # "a fine of", "bribes worth", "in aid"
            return f"How much money{' was ' + verb if verb else ''}?{suffix}"
        if value.unit == "%":
            return f"What percentage{' was ' + verb if verb else ''}?{suffix}"
        if value.unit in TIME_UNITS:
            head = f" of {noun}" if noun and noun != value.unit else ""
            return f"How many {_plural(value.unit)}{head}?{suffix}"  # "How many years of prison?"
        if value.unit:
            return f"What was the {value.unit}?{suffix}"  # "What was the magnitude?"
        shared = noun if noun and all(c.subject.noun == noun for c in claims) and noun not in GENERIC_NOUNS else None
        what = _plural(shared) if shared else "people" if classes == {"person"} else (_plural(noun) if noun else "")
        if not what:
            return f"How many{' were ' + verb if verb else ''}?{suffix}"
        return f"How many {what}{' were ' + verb if verb else ''}?{suffix}"
    if kind == "name":
        value = claims[0].value
        assert isinstance(value, NameValue)
        if value.category == "rank" and holder:
            return f"What rank does {labels.get(holder.lower(), holder.title())} hold?"
        if holder:
            return f"Who is the {_as_written(holder, claims)}?"
        if value.category == "operation":
            return f"What is the operation called?{suffix}"
        return f"Which name?{suffix}"
    question = {"date": "When", "time": "At what time", "place": "Where"}[kind]
    noun = EVENT_NOUNS.get(event or "")
    who = labels.get((holder or "").lower()) or labels.get(entity or "")
    rest = f" ({', '.join(x for x in (anchor, who) if x)})" if (anchor or who) else ""
    if noun:
        return f"{question} {'were' if noun.endswith('s') else 'was'} the {noun}?{rest}"
    return f"{question}?{rest}"


def slugify(text: str, max_words: int = 8) -> str:
    words = [w for w in _fold(text).split() if w not in {"how", "many", "what", "when", "where", "who", "was",
                                                         "were", "is", "the", "of", "at", "it", "which"}]
    return "-".join(words[:max_words]) or "fact"


def _unique(slug: str, used: set[str], tried: dict[str, int]) -> str:
    """`slug`, or `slug-2`, `slug-3`... the first one not used. `tried` remembers how far each slug's
    numbering has gone (`used` only grows), so a title thousands of facts share costs no more each time."""
    candidate, n = slug, tried.get(slug, 2)
    if n > 2:
        candidate = f"{slug}-{n - 1}"
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    tried[slug] = n
    used.add(candidate)
    return candidate


# --- the stage -----------------------------------------------------------------------------


def align(claims: list[Claim], curation: Curation | None = None, previous: dict[str, str] | None = None) -> list[Fact]:
    """All facts of a story: curated ones with their cues, then automatic clusters of the rest.

    `previous` maps claim id -> the sentence before the claim's, which curated cues may read.
    """
    curation = curation or Curation()
    previous = previous or {}
    claims = sorted(claims, key=_order)
    used_ids: set[str] = set()
    facts: list[Fact] = []
    taken: set[str] = set()
    vectors: dict[str, Vectoriser] = {}  # curated facts weigh candidates against every claim of their kind
    for definition in curation.facts:
        if definition.kind not in vectors:
            vectors[definition.kind] = Vectoriser([c for c in claims if c.value.kind == definition.kind])
        pool = [c for c in claims if c.id not in taken]
        chosen, took = select_curated(definition, pool, previous, vectors[definition.kind])
        taken |= took
        used_ids.add(definition.id)
        facts.append(Fact(id=definition.id, title=definition.title, kind=definition.kind, claims=tuple(chosen),
                          curated=True, pinned=definition.pin, aliases=definition.renamed_from))

    rest = [c for c in claims if c.id not in taken]
    by_kind: dict[str, list[Claim]] = defaultdict(list)
    for c in rest:
        by_kind[c.value.kind].append(c)
    automatic: list[list[Claim]] = []
    for kind in sorted(by_kind):
        group = by_kind[kind]
        vec = Vectoriser(group)
        automatic.extend(_drop_repeats(cluster(group, vec), vec))
    automatic.sort(key=lambda cs: (-len({c.article for c in cs}), _order(cs[0])))
    tried: dict[str, int] = {}
    for cs in automatic:
        title = describe(cs)
        facts.append(Fact(id=_unique(slugify(f"{cs[0].value.kind} {title}"), used_ids, tried), title=title,
                          kind=cs[0].value.kind, claims=tuple(cs)))
    return facts


def _drop_repeats(clusters: list[list[Claim]], vec: Vectoriser) -> list[list[Claim]]:
    """A lone claim that restates a value its own article already gave in a larger fact is a repeat.

    It would otherwise make a one-source fact out of a sentence that merely repeats a figure.
    """
    multi = _members_by_article([c for c in clusters if len({x.article for x in c}) > 1])
    kept = []
    for cs in clusters:
        if len(cs) == 1 and _is_repeat(cs[0], multi, vec):
            continue
        kept.append(cs)
    return kept


def _is_repeat(claim: Claim, multi: list[list[Claim]] | dict[str, list[Claim]], vec: Vectoriser) -> bool:
    """`multi` is the multi-source clusters, or their members by article (`_members_by_article`)."""
    same_article = multi.get(claim.article, []) if isinstance(multi, dict) else [
        member for cs in multi for member in cs if member.article == claim.article]
    for member in same_article:
        if vec.similarity(member, claim) >= REPEAT_THRESHOLD and relate(member.value, claim.value) == "same":
            return True
    return False


def _members_by_article(clusters: list[list[Claim]]) -> dict[str, list[Claim]]:
    """Members of the clusters by article, in cluster order: `_is_repeat` looks only at its own article's."""
    out: dict[str, list[Claim]] = defaultdict(list)
    for cs in clusters:
        for member in cs:
            out[member.article].append(member)
    return out
