"""Grouping claims from different articles into facts: curated definitions first, then automatic.

Clustering never looks at values: two claims about the same thing with different numbers must land
in one fact, or conflicts disappear. What a claim is about is its Subject (event word, counted noun,
entities, dates that pin the event, nearby words). Claims are blocked by keys of that subject before
any pairwise comparison, so the cost grows with the corpus, not with its square. How alike two
claims are is `alignscore`'s business; pairs are weighed there in bulk, as arrays.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain
from typing import Callable, Iterable, Sequence, TypeVar

import numpy as np
from unidecode import unidecode

from .alignscore import (  # noqa: F401  (role, term_features, EVIDENCE: part of this module's interface)
    EVIDENCE, GENERIC_NOUNS, MONEY_UNITS, TIME_UNITS, ClaimFields, Vectoriser, _event, _family, group_sums, distinct,
    distinct_first_inverse, role, term_features,
)
from .compare import relate
from .curated import matching_claims
from .firm import firm_groups, merge_by_frame
from .frames import GENERIC_COUNTED
from .curation import Curation, FactDefinition
from .lexicon import EVENT_NOUNS, NOUN_CLASS_WORDS
from .models import Claim, Fact, NameValue, QuantityValue
from .parallel import fork_map

log = logging.getLogger(__name__)

T = TypeVar("T")

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
# Merge tests are weighed in batches of this many, each assumed to pass (nearly all do) so that the
# next ones can be drawn up; a test found failing undoes the merges after it. See `_Agglomeration`.
FIRST_BATCH, MAX_BATCH = 8, 1024
# Each time the walk has gone this share of the pairs left, it counts the pairs ahead now inside one
# cluster (they will be skipped); when that is this share of them, they are dropped.
PRUNE_SHARE = 0.25
# The walk reads the pairs ahead as Python lists (fast to index), this many at a time: a big story has
# about a million pairs, and lists of all of them would take about 100 MB.
WALK_SEGMENT = 1 << 16


def blocking_keys(claim: Claim) -> set[str]:
    """Keys two claims must share one of to be compared at all."""
    s = claim.subject
    return {*_subject_keys(s.focus, s.holder, s.event, s.noun_class, s.anchors, s.entities, s.noun),
            *_term_keys(s.terms)}


def _term_keys(terms: tuple[str, ...]) -> list[str]:
    """The blocking keys of the nearest words, 't:<word>': the last keys in sorted order."""
    return ["t:" + t for t in terms[:3]]


def _subject_keys(focus: str | None, holder: str | None, event: str | None, noun_class: str | None,
                  anchors: tuple[str, ...], entities: tuple[str, ...], noun: str | None) -> list[str]:
    """The other blocking keys of a subject with these fields (a key may come twice)."""
    keys = []
    if focus:
        keys.append(f"f:{focus}")
    if holder:
        keys.append("h:" + role(holder))
    if event:
        keys.append(f"e:{event}|{noun_class}")
        if anchors or entities:
            family = _family(event)
            keys += [f"e:{family}|a:{a}" for a in anchors]
            keys += [f"e:{family}|n:{e}" for e in entities]
    if noun and noun not in GENERIC_NOUNS:
        keys.append(f"n:{noun}")
    if entities:
        if noun_class:
            keys += [f"c:{noun_class}|n:{e}" for e in entities]
        if anchors:
            keys += [f"a:{a}|n:{e}" for a in anchors for e in entities]
    return keys


def _unit(claim: Claim) -> str | None:
    assert isinstance(claim.value, QuantityValue)
    return claim.value.unit or None


def _names_unit(claim: Claim, unit: str) -> bool:
    """A number without a unit whose nearest words name one: 'put the magnitude at 6.4'."""
    return claim.subject.noun == unit.lower() or unit.lower() in claim.subject.terms[:3]


def specific_noun(noun: str | None) -> str | None:
    """The counted noun when it says whom it counts: 'passenger', not 'people' or 'whom'."""
    return None if noun is None or noun in GENERIC_COUNTED else noun


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
        na, nb = specific_noun(sa.noun), specific_noun(sb.noun)
        if na and nb and na != nb:
            return False  # "181 people aboard" and "175 passengers": two counts
        if a.frame.state and b.frame.state and a.frame.state != b.frame.state:
            return False  # the people aboard and the dead; the oxygen at the start and what remains
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


def candidate_pairs(claims: Sequence[Claim] | ClaimFields) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j, ascending) of claims sharing a blocking key: every pair of a small block,
    neighbours in a large one. Keys are numbered in their sorted order, so that comparing numbers
    compares keys."""
    f = claims if isinstance(claims, ClaimFields) else ClaimFields(claims)
    n = len(f)
    key, row = _memberships(f)
    if not len(key):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # Each block's members, ascending, blocks in key order; a key a claim has twice counts once.
    members = distinct(key * n + row)
    del key, row
    key, row = members // n, members % n
    del members
    size = np.bincount(key)
    block = size[key]
    too_common = block > max(MAX_BLOCK, MAX_BLOCK_SHARE * n)
    if too_common.any():
        log.debug("%d blocking keys too common; skipped", len(distinct(key[too_common])))
    # Pairs as codes i * n + j, each batch without repeats: a pair two blocks share is kept once early.
    codes = [_block_pair_codes(row[block == m], m, n) for m in range(2, FULL_BLOCK + 1)]
    windowed = (block > FULL_BLOCK) & ~too_common
    del block, too_common
    if windowed.any():
        codes += _window_pair_codes(key, row, size, windowed, n)
    del key, row, size, windowed
    pairs = _distinct_of_all(codes)
    return pairs // n, pairs % n


def _memberships(f: ClaimFields) -> tuple[np.ndarray, np.ndarray]:
    """Every (key, claim) membership, claims' keys then their words' keys ('t:<word>'), a key a claim
    has twice listed twice; keys numbered in sorted order.

    Keys are numbered as they are made: only the distinct ones are kept as strings. The words' keys
    sort after all others and among themselves as their words: they are numbered from their words,
    without being written out."""
    n = len(f)
    keys_of = map(_subject_keys, f.focuses, f.holders, f.events, f.noun_classes, f.anchors, f.entities, f.nouns)
    name, name_counts, names = _numbered(keys_of, n)
    word, word_counts, words = _numbered((t[:3] for t in f.terms), n)
    key = np.concatenate([_sorted_numbers(names, 0)[name], _sorted_numbers(words, len(names))[word]])
    del name, word
    row = np.concatenate([np.repeat(np.arange(n), name_counts), np.repeat(np.arange(n), word_counts)])
    return key, row


def _numbered(keys_of: Iterable[Sequence[str]], n: int) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Each key of each of the n claims as a number (in order of first appearance), how many keys each
    claim has, and the numbers of the keys."""
    numbers: dict[str, int] = {}
    counts: list[int] = []

    def number(keys: Sequence[str]) -> list[int]:
        counts.append(len(keys))
        return [numbers.setdefault(key, len(numbers)) for key in keys]

    found = np.fromiter(chain.from_iterable(map(number, keys_of)), dtype=np.int64)
    return found, np.array(counts, dtype=np.int64), numbers


def _sorted_numbers(numbers: dict[str, int], start: int) -> np.ndarray:
    """For each key's number in `numbers`, its place among the keys in sorted order, counted from `start`."""
    ordered = sorted(numbers)
    place = np.empty(len(ordered), dtype=np.int64)
    place[np.fromiter(map(numbers.__getitem__, ordered), dtype=np.int64, count=len(ordered))] = \
        np.arange(start, start + len(ordered))
    return place


def _block_pair_codes(members: np.ndarray, m: int, n: int) -> np.ndarray:
    """Every pair (i < j) of each block of m members, as distinct codes i * n + j.
    `members`: the blocks' members one block after the other, each block's ascending."""
    members = members.reshape(-1, m)
    upper = np.triu_indices(m, 1)
    return distinct((members[:, upper[0]] * n + members[:, upper[1]]).ravel())


def _distinct_of_all(codes: list[np.ndarray]) -> np.ndarray:
    """The distinct codes of all the arrays, ascending; sorted in place, the list emptied as it is joined."""
    every = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    codes.clear()
    every.sort()
    keep = np.ones(len(every), dtype=bool)
    np.not_equal(every[1:], every[:-1], out=keep[1:])
    return every[keep]


def _window_pair_codes(key: np.ndarray, row: np.ndarray, size: np.ndarray, windowed: np.ndarray,
                       n: int) -> list[np.ndarray]:
    """Sorted neighbourhood: a large block's members ordered by their rarest other key (then by
    position), each paired with the next WINDOW; claims that share a telling key end up side by side.
    The pairs as codes i * n + j (i < j), distinct for each distance in the window.

    `key`, `row`: every (key, claim) membership, sorted by key then claim; `size`: members per key."""
    members, block = _window_order(key, row, size, windowed, n)
    codes = []
    for d in range(1, WINDOW + 1):
        same = block[:-d] == block[d:]
        a, b = members[:-d][same], members[d:][same]
        codes.append(distinct(np.minimum(a, b) * n + np.maximum(a, b)))
    return codes


def _window_order(key: np.ndarray, row: np.ndarray, size: np.ndarray, windowed: np.ndarray,
                  n: int) -> tuple[np.ndarray, np.ndarray]:
    """The members of the large blocks and their blocks, blocks in key order, each block's members by
    their rarest other key (fewest members, then first in key order), then by position."""
    shared = size[key] > 1
    shared_rows, shared_keys = row[shared], key[shared]
    by_rarity = np.lexsort((shared_keys, size[shared_keys], shared_rows))
    rows, keys = shared_rows[by_rarity], shared_keys[by_rarity]
    del shared, shared_rows, shared_keys, by_rarity
    # Each claim's two rarest keys of those shared at all.
    starts = np.searchsorted(rows, np.arange(n))
    ends = np.searchsorted(rows, np.arange(n), side="right")
    none = np.int64(-1)
    best = np.where(ends > starts, keys[np.minimum(starts, len(keys) - 1)], none)
    second = np.where(ends > starts + 1, keys[np.minimum(starts + 1, len(keys) - 1)], none)
    members, block = row[windowed], key[windowed]
    rarest = np.where(best[members] == block, second[members], best[members])  # -1: no other key
    rarest_size = np.where(rarest >= 0, size[np.maximum(rarest, 0)], n + 1)
    order = np.lexsort((members, rarest, rarest_size, block))
    return members[order], block[order]


def cluster(claims: list[Claim], vec: Vectoriser) -> list[list[Claim]]:
    """Average-linkage agglomeration over candidate pairs, then one claim per article per cluster.

    An article may say the same thing twice (a caption and the body); both may join the cluster,
    and `one_per_article` keeps the better connected one. `vec` must know every claim.
    """
    fields, rows = _fields_and_rows(claims, vec)
    return [[fields.claims[k] for k in members] for members in _cluster(fields, rows, vec)]


def _fields_and_rows(claims: Sequence[Claim], vec: Vectoriser) -> tuple[ClaimFields, np.ndarray]:
    """The claims' fields and their rows in `vec` (read again only if `vec` was made of other claims)."""
    if vec.fields.same_claims(claims):
        return vec.fields, np.arange(len(claims))
    fields = ClaimFields(claims)
    return fields, vec.rows_of(fields.claims)


def _cluster(fields: ClaimFields, rows: np.ndarray, vec: Vectoriser) -> list[list[int]]:
    """`cluster`, of claims by position."""
    def weigh(xs: np.ndarray, ys: np.ndarray) -> list[float]:
        return vec.scores(rows[xs], rows[ys]).tolist()

    out = _one_per_article(_agglomerate(fields, rows, vec), fields, weigh)
    order_of = _orders(fields)
    return [sorted(members, key=order_of.__getitem__) for parts in out for members in parts]


def _agglomerate(fields: ClaimFields, rows: np.ndarray, vec: Vectoriser) -> list[list[int]]:
    """The clusters of average-linkage agglomeration (claims by position), ordered by their first claim."""
    i, j = candidate_pairs(fields)
    clusters = _Clusters(fields)  # one claim each so far: `compatible` is the hard rules for one pair
    keep = clusters.compatible_pairs(i, j)
    i, j = i[keep], j[keep]
    del keep
    sim = vec.scores(rows[i], rows[j])
    weighed = (i * len(fields) + j, sim)  # every candidate pair's score, by pair code (ascending)
    del i, j, sim  # read again from `weighed`: on a big story, these are tens of MB
    _Agglomeration(fields, rows, vec, clusters, weighed).run(*_merge_order(fields, *weighed))
    return [clusters.members[k] for k in clusters.live()]


def _merge_order(fields: ClaimFields, codes: np.ndarray,
                 sim: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (i, j) alike enough to merge, and their similarity, most similar first; on a tie, by
    the claims' ids (then positions), as (-sim, a.id, b.id, i, j) sort. `codes`: the pairs as
    i * n + j, of similarity `sim`."""
    n = len(fields)
    threshold = np.array([PAIR_THRESHOLD.get(kind, 0.4) for kind in fields.kinds])
    keep = sim >= threshold[codes // n]
    codes, sim = codes[keep], sim[keep]
    del keep
    i, j = codes // n, codes % n
    del codes
    rank = {name: k for k, name in enumerate(sorted(set(fields.ids)))}
    by_name = np.fromiter(map(rank.__getitem__, fields.ids), dtype=np.int64, count=len(fields))
    order = np.lexsort((j, i, by_name[j], by_name[i], -sim))
    return i[order], j[order], sim[order]


def _orders(fields: ClaimFields) -> list[tuple[str, int, int]]:
    """`_order` of each claim."""
    return list(zip(fields.articles, fields.sentences, [span[0] for span in fields.spans]))


class _Agglomeration:
    """The merges of `cluster`, pair by pair in order of similarity, each tested by the mean
    similarity of the two clusters' members (`_merge_sample`), exactly as if tested one at a time.

    A test depends on every merge before it, yet weighing its pairs in one call each would cost far
    more than weighing them. So tests are drawn up in batches: each is assumed to pass (nearly all
    do), the merge is made and the walk goes on; then the batch's pairs are weighed at once and
    checked in order. The first test that fails undoes every change made after it and is refused;
    the walk resumes from the pair after it, knowing the means already found (a mean depends only
    on the members weighed, whatever came before).

    Most tests are settled without the words' evidence, the costly part of a score: a score
    without it is never more than the score, so a mean of such scores at the threshold proves the
    true mean is too (`Vectoriser.scores(words=False)`). Pairs weighed as candidates are not
    weighed again (`weighed`: pair codes i * n + j, i < j, ascending, and their scores).
    """

    def __init__(self, fields: ClaimFields, rows: np.ndarray, vec: Vectoriser, clusters: _Clusters,
                 weighed: tuple[np.ndarray, np.ndarray]) -> None:
        self.weighed = weighed
        self.articles = fields.articles
        self.article = clusters.article
        self.rows = rows
        self.vec = vec
        self.clusters = clusters
        self.refused: set[tuple[int, int, int, int]] = set()  # clusters only grow: same ids and sizes, same answer
        self.known: dict[tuple[tuple[int, ...], tuple[int, ...]], bool] = {}  # tests of a failed batch: passed?

    def run(self, first: np.ndarray, second: np.ndarray, sim: np.ndarray) -> None:
        """Test the pairs (first[k], second[k]) of similarity sim[k], in this order."""
        pairs = (first, second, sim)
        start, batch, checked = 0, FIRST_BATCH, 0
        offset, lists = 0, _segment(pairs, 0)  # pairs offset + k, as lists
        while start < len(pairs[0]):
            if start >= offset + len(lists[0]):
                offset, lists = start, _segment(pairs, start)
            walked, failed = self._batch(*lists, start - offset, batch)
            start = offset + walked
            batch = max(FIRST_BATCH, batch // 2) if failed else min(MAX_BATCH, batch * 2)
            if start - checked > PRUNE_SHARE * (len(pairs[0]) - checked):
                # Merges before `start` are final, and pairs now inside one cluster stay so: when they
                # are many, they are dropped rather than walked past one by one.
                owner = np.array(self.clusters.owner)
                keep = owner[pairs[0][start:]] != owner[pairs[1][start:]]
                checked = start
                if len(keep) - keep.sum() > PRUNE_SHARE * len(keep):
                    pairs = tuple(p[start:][keep] for p in pairs)
                    start = checked = 0
                    offset, lists = 0, _segment(pairs, 0)

    def _batch(self, first: list[int], second: list[int], sim: list[float], start: int,
               size: int) -> tuple[int, bool]:
        """Walk from pair `start` until `size` tests wait; weigh and check them. Returns where to go on
        from and whether a test failed."""
        clusters, refused, articles, known = self.clusters, self.refused, self.articles, self.known
        owner, members, compatible, merge = clusters.owner, clusters.members, clusters.compatible, clusters.merge
        changes: list[tuple[int, ...]] = []  # merge records (5 items) and refused states (4), in order
        tests: list[tuple[int, int, tuple[int, int, int, int], list[int], int, list[int], int]] = []
        xs: list[int] = []  # the pairs to weigh, test after test
        ys: list[int] = []
        spans: list[int] = []  # where each test's pairs start
        k, end = start, len(first)
        while k < end and len(tests) < size:
            a, b = first[k], second[k]
            k += 1
            ci, cj = owner[a], owner[b]
            if ci == cj:
                continue
            mi, mj = members[ci], members[cj]
            state = (ci, len(mi), cj, len(mj))
            if state in refused:
                continue
            if not compatible(ci, cj):
                refused.add(state)
                changes.append(state)
                continue
            if len(mi) == 1 and len(mj) == 1:
                passed = articles[a] != articles[b] and sim[k - 1] >= MERGE_THRESHOLD  # one pair, weighed already
            else:
                si, sj = (mi, mj) if len(mi) * len(mj) <= MERGE_PAIRS else _merge_sample(mi, mj)
                found = known.get((tuple(si), tuple(sj))) if known else None
                if found is None:
                    # Members lists only grow at their end until undone: their first len() items stay.
                    tests.append((k - 1, len(changes), state, si, len(si), sj, len(sj)))
                    spans.append(len(xs))
                    for x in si:
                        xs += [x] * len(sj)
                    ys += sj * len(si)
                    passed = True  # until weighed
                else:
                    passed = found
            if passed:
                changes.append(merge(ci, cj))
            else:
                refused.add(state)
                changes.append(state)
        known.clear()
        if not tests:
            return k, False
        spans.append(len(xs))
        passed = self._weigh(np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64), np.array(spans))
        if passed.all():
            return k, False
        # Remember every outcome (a mean depends only on the members weighed), undo from the failed test on.
        for (_, _, _, si, ni, sj, nj), ok in zip(tests, passed.tolist()):
            known[tuple(si[:ni]), tuple(sj[:nj])] = ok
        pair, mark, state, *_ = tests[int(np.argmin(passed))]
        for change in reversed(changes[mark:]):
            if len(change) == 4:
                refused.discard(change)  # type: ignore[arg-type]
            else:
                clusters.unmerge(change)  # type: ignore[arg-type]
        refused.add(state)
        return pair + 1, True

    def _weigh(self, xs: np.ndarray, ys: np.ndarray, spans: np.ndarray) -> np.ndarray:
        """Whether each test passes: the mean score of its pairs across two articles (pairs of one
        article count as 0, and not in the number: the sum is the same) reaches MERGE_THRESHOLD.
        `spans`: where each test's pairs start, and the end."""
        test = np.repeat(np.arange(len(spans) - 1), np.diff(spans))
        crossing = self.article[xs] != self.article[ys]
        count = np.bincount(test, weights=crossing, minlength=len(spans) - 1)
        codes, known = self.weighed
        code = np.minimum(xs, ys) * len(self.articles) + np.maximum(xs, ys)
        at = np.minimum(np.searchsorted(codes, code), max(len(codes) - 1, 0))
        found = crossing & (codes[at] == code) if len(codes) else np.zeros(len(xs), dtype=bool)
        scores = np.zeros(len(xs))
        scores[found] = known[at[found]]
        passed = np.zeros(len(spans) - 1, dtype=bool)
        for words in (False, True):
            # First the scores without words (a lower bound); the tests they leave in doubt, in full.
            weigh = crossing & ~found & ~passed[test]
            if not weigh.any() and words:
                break
            scores[weigh] = self.vec.scores(self.rows[xs[weigh]], self.rows[ys[weigh]], words=words)
            total = group_sums(scores, test, len(passed), exact=False)
            with np.errstate(divide="ignore", invalid="ignore"):
                passed |= (count > 0) & (total / count >= MERGE_THRESHOLD)
        return passed


def _segment(pairs: tuple[np.ndarray, ...], start: int) -> list[list]:
    """The next WALK_SEGMENT pairs from `start`, each array as a list."""
    return [p[start:start + WALK_SEGMENT].tolist() for p in pairs]


def _compat_signature(c: Claim) -> tuple[object, ...]:
    """Everything `compatible_subjects` reads but the article and sentence."""
    s = c.subject
    value = c.value
    unit = value.unit if isinstance(value, QuantityValue) else None
    category = value.category if isinstance(value, NameValue) else None
    return (value.kind, s.noun_class, unit, s.noun, tuple(s.terms[:3]), s.holder, category, s.event,
            (c.frame.earlier, c.frame.modal), c.frame.state)


def _compat_signatures(f: ClaimFields) -> list[tuple[object, ...]]:
    """`_compat_signature` of each claim."""
    return list(zip(f.kinds, f.noun_classes, f.units, f.nouns, [t[:3] for t in f.terms], f.holders, f.categories,
                    f.events, [(c.frame.earlier, c.frame.modal) for c in f.claims], [c.frame.state for c in f.claims]))


@dataclass(frozen=True, slots=True)
class _Rules:
    """What the hard rules (`compatible_subjects`) need to know of a whole cluster.

    Every pair of one cluster's members obeys the rules (clusters merge only then), so a cluster has
    at most one noun class, one unit, one role (among members with a holder), one name category, one
    family of telling events and (quantities) one telling event; those decide most rules for all its
    members at once. The one rule that is no equality, a bare number naming the unit of a number
    that carries it, needs the words every unit-less member names (`named`, intersected)."""

    kind: str
    noun_class: str | None  # quantities only
    unit: str | None  # quantities only: the unit some member carries
    named: frozenset[str] | None  # quantities only: words all unit-less members name; None: there are none
    has_holder: bool
    role: str  # role(holder or ""): the same for all members when some member has a holder
    category: str | None  # names only
    family: str | None  # of the members' telling events
    event: str | None  # quantities only: the telling event
    noun: str | None  # quantities only: the specific counted noun (`specific_noun`)
    earlier: tuple[bool, bool]  # (`Frame.earlier`, `Frame.modal`): an earlier event, or what may be
    state: str | None  # quantities only: which of the counted (`Frame.state`)

    @staticmethod
    def of(signature: tuple[object, ...]) -> _Rules:
        """The rules of one claim, from its `_compat_signature`."""
        kind, noun_class, unit, noun, terms, holder, category, event, earlier, state = signature
        assert isinstance(kind, str) and isinstance(terms, tuple)
        assert holder is None or isinstance(holder, str)
        quantity = kind == "quantity"
        telling = _event(event)  # type: ignore[arg-type]
        unit = (unit or None) if quantity else None
        return _Rules(
            kind=kind, noun_class=noun_class or None if quantity else None, unit=unit,  # type: ignore[arg-type]
            named=frozenset(w for w in (noun, *terms) if w is not None) if quantity and unit is None else None,
            has_holder=bool(holder), role=role(holder or ""),
            category=category if kind == "name" else None,  # type: ignore[arg-type]
            family=_family(telling) if telling else None, event=telling or None if quantity else None,
            noun=specific_noun(noun) if quantity else None,  # type: ignore[arg-type]
            earlier=earlier, state=state if quantity else None,  # type: ignore[arg-type]
        )

    def allows(self, other: _Rules) -> bool:
        """`compatible_subjects` of every pair of members across the two clusters (of two sentences)."""
        if self.kind != other.kind:
            return False
        if self.kind == "quantity":
            if self.noun_class and other.noun_class and self.noun_class != other.noun_class:
                return False
            if self.unit and other.unit and self.unit != other.unit:
                return False
            # A member without a unit meets a member with one only if it names it.
            if other.unit and self.named is not None and other.unit.lower() not in self.named:
                return False
            if self.unit and other.named is not None and self.unit.lower() not in other.named:
                return False
            if self.event and other.event and self.event != other.event:
                return False
            if self.noun and other.noun and self.noun != other.noun:
                return False
            if self.state and other.state and self.state != other.state:
                return False
        if self.earlier != other.earlier:
            return False
        if (self.has_holder or other.has_holder) and self.role != other.role:
            return False
        if self.kind == "name" and self.category != other.category:
            return False
        return not (self.family and other.family and self.family != other.family)

    def joined(self, other: _Rules) -> _Rules:
        """The rules of the merged cluster (the two allow each other)."""
        named = self.named if other.named is None else other.named if self.named is None else self.named & other.named
        return _Rules(
            kind=self.kind, noun_class=self.noun_class or other.noun_class, unit=self.unit or other.unit, named=named,
            has_holder=self.has_holder or other.has_holder, role=self.role if self.has_holder else other.role,
            category=self.category, family=self.family or other.family, event=self.event or other.event,
            noun=self.noun or other.noun, earlier=self.earlier, state=self.state or other.state,
        )


class _Clusters:
    """Clusters of claim indices as agglomeration grows them, with what the hard rules need kept up to date.

    `compatible_subjects` must hold for every pair across two clusters: claims of one sentence never
    share a fact, so a cluster keeps its sentences, and the other rules are decided by `_Rules`.
    A cluster is named by one of its claims; what is known of it is kept in lists indexed by that
    name (a claim no longer naming a cluster keeps stale entries, never read). A merge can be undone
    (`unmerge`), for `_Agglomeration`'s merges made ahead of their test.
    """

    def __init__(self, fields: ClaimFields) -> None:
        self.claims = fields.claims
        n = len(fields)
        self.owner = list(range(n))
        self.members = [[i] for i in range(n)]
        self.article = _interned(fields.articles)
        sentence = np.array(fields.sentences, dtype=np.int64)
        sentence -= sentence.min() if n else 0
        self.sentence = self.article * (int(sentence.max()) + 1 if n else 1) + sentence  # one number per sentence
        self.sentences = _Sentences(self.sentence.tolist())
        signatures = _compat_signatures(fields)
        distinct = dict.fromkeys(signatures)
        number = dict(zip(distinct, range(len(distinct))))
        self.shape = np.fromiter(map(number.__getitem__, signatures), dtype=np.int64, count=n)
        self.book = _RuleBook()
        rule_of_shape = [self.book.number(_Rules.of(signature)) for signature in distinct]
        self.rule = list(map(rule_of_shape.__getitem__, self.shape.tolist()))

    def live(self) -> list[int]:
        """The clusters, by name, ascending."""
        return [k for k, owner in enumerate(self.owner) if owner == k]

    def compatible(self, ci: int, cj: int) -> bool:
        return self.sentences[ci].isdisjoint(self.sentences[cj]) and self.book.allows(self.rule[ci], self.rule[cj])

    def compatible_pairs(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """`compatible` of many pairs of one-claim clusters at once: each pair of shapes judged once."""
        claims = self.claims
        ok = self.sentence[i] != self.sentence[j]
        apart = np.flatnonzero(ok)
        si, sj = self.shape[i[apart]], self.shape[j[apart]]
        code = np.minimum(si, sj)  # min * n + max, in place: a big story has about a million pairs
        np.maximum(si, sj, out=sj)
        del si
        code *= len(claims)
        code += sj
        del sj
        _, first, inverse = distinct_first_inverse(code)
        del code
        # Each pair of shapes is judged on a pair of claims of two sentences.
        judged = np.array([compatible_subjects(claims[x], claims[y])
                           for x, y in zip(i[apart[first]].tolist(), j[apart[first]].tolist())], dtype=bool)
        ok[apart] = judged[inverse] if len(judged) else False
        return ok

    def merge(self, ci: int, cj: int) -> tuple[int, int, int, set[int], int]:
        """The larger cluster absorbs the smaller (on a tie, the first). Returns what `unmerge` needs."""
        members = self.members
        keep, drop = (ci, cj) if len(members[ci]) >= len(members[cj]) else (cj, ci)
        kept, dropped = members[keep], members[drop]
        owner = self.owner
        for k in dropped:
            owner[k] = keep
        size = len(kept)
        kept += dropped
        sentences = self.sentences[keep]
        new_sentences = self.sentences[drop] - sentences
        sentences |= new_sentences
        rule = self.rule[keep]
        self.rule[keep] = self.book.joined(rule, self.rule[drop])
        return keep, drop, size, new_sentences, rule

    def unmerge(self, record: tuple[int, int, int, set[int], int]) -> None:
        """Undo a `merge` (the last one not yet undone)."""
        keep, drop, size, new_sentences, rule = record
        owner = self.owner
        for k in self.members[drop]:
            owner[k] = drop
        del self.members[keep][size:]
        self.sentences[keep] -= new_sentences
        self.rule[keep] = rule


class _Sentences(dict[int, set[int]]):
    """The sentences of each cluster, by name, each set made when first asked for: a set per claim
    would take 30 MB on a big story, while pairs are drawn up and weighed, before any is read."""

    def __init__(self, sentence: list[int]) -> None:
        super().__init__()
        self.sentence = sentence  # of each claim

    def __missing__(self, cluster: int) -> set[int]:
        found = self[cluster] = {self.sentence[cluster]}  # a cluster not yet asked for is one claim
        return found


class _RuleBook:
    """`_Rules` by number, with each pair's `allows` and `joined` worked out once."""

    def __init__(self) -> None:
        self.rules: list[_Rules] = []
        self.numbers: dict[_Rules, int] = {}
        self.allowed: dict[tuple[int, int], bool] = {}
        self.join: dict[tuple[int, int], int] = {}

    def number(self, rules: _Rules) -> int:
        found = self.numbers.get(rules)
        if found is None:
            found = self.numbers[rules] = len(self.rules)
            self.rules.append(rules)
        return found

    def allows(self, a: int, b: int) -> bool:
        found = self.allowed.get((a, b))
        if found is None:
            found = self.allowed[a, b] = self.rules[a].allows(self.rules[b])
        return found

    def joined(self, a: int, b: int) -> int:
        found = self.join.get((a, b))
        if found is None:
            found = self.join[a, b] = self.number(self.rules[a].joined(self.rules[b]))
        return found


def _interned(values: Sequence[object]) -> np.ndarray:
    """A number per value, equal for equal values."""
    distinct = dict.fromkeys(values)
    number = dict(zip(distinct, range(len(distinct))))
    return np.fromiter(map(number.__getitem__, values), dtype=np.int64, count=len(values))


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


def one_per_article(cluster_claims: list[Claim], vec: Vectoriser) -> list[list[Claim]]:
    """The cluster with one claim per article: the one most like the other articles' claims.

    A second claim that restates its article's value is a repeat and is dropped; one that
    differs from it stays, as a fact of its own, so that no conflict is hidden and no claim lost.
    """
    fields = ClaimFields(cluster_claims)
    claims = fields.claims

    def weigh(xs: np.ndarray, ys: np.ndarray) -> list[float]:  # claims `vec` does not know, too
        return vec.pair_scores([claims[x] for x in xs.tolist()], [claims[y] for y in ys.tolist()])

    parts = _one_per_article([list(range(len(fields)))], fields, weigh)[0]
    return [[claims[k] for k in part] for part in parts]


def _one_per_article(clusters: list[list[int]], fields: ClaimFields,
                     weigh: Callable[[np.ndarray, np.ndarray], list[float]]) -> list[list[list[int]]]:
    """`one_per_article` of many clusters of claims (by position), their pairs weighed at once by
    `weigh` (the similarity of claims xs[k] and ys[k], for each k)."""
    articles, values, order_of = fields.articles, fields.values, _orders(fields)
    xs: list[int] = []
    ys: list[int] = []
    plans: list[list[tuple[list[int], list[tuple[int, int]]]] | None] = []
    for members, single in zip(clusters, _one_claim_per_article(clusters, fields)):
        if single:
            plans.append(None)
            continue
        by_article: dict[str, list[int]] = defaultdict(list)
        for k in members:
            by_article[articles[k]].append(k)
        if len(by_article) == len(members):
            plans.append(None)
            continue
        # A large cluster is represented by one spaced sample, drawn once: not one list per article.
        sample = _spaced(members, CONNECTION_SAMPLE) if len(members) > 2 * CONNECTION_SAMPLE else members
        plan = []
        for article in sorted(by_article):
            candidates = by_article[article]
            spans = []
            if len(candidates) > 1:
                others = _spaced([k for k in sample if articles[k] != article], CONNECTION_SAMPLE)
                for k in candidates:
                    spans.append((len(xs), len(xs) + len(others)))
                    xs += [k] * len(others)
                    ys += others
            plan.append((candidates, spans))
        plans.append(plan)
    scores = weigh(np.array(xs, dtype=np.int64), np.array(ys, dtype=np.int64))
    out = []
    for members, plan in zip(clusters, plans):
        if plan is None:
            out.append([members])
            continue
        chosen: list[int] = []
        leftovers: list[list[int]] = []
        for candidates, spans in plan:
            if len(candidates) == 1:
                chosen.append(candidates[0])
                continue
            connection = {k: sum(scores[begin:end]) / max(end - begin, 1) for k, (begin, end) in zip(candidates, spans)}
            top = max(connection.values())
            # Nearly as well connected, the earlier claim wins: news says the main thing first.
            best, *rest = sorted(candidates, key=lambda k: (connection[k] < top * CLOSE_CONNECTION, order_of[k]))
            chosen.append(best)
            # Not a mere repeat: it goes back as a fact of its own (and `_drop_repeats` weighs it again).
            leftovers.extend([k] for k in rest if relate(values[best], values[k]) != "same")
        out.append([chosen, *leftovers])
    return out


def _one_claim_per_article(clusters: list[list[int]], fields: ClaimFields) -> list[bool]:
    """Whether each cluster has at most one claim of each article (most have: nothing to choose)."""
    if not clusters:
        return []
    sizes = np.fromiter(map(len, clusters), dtype=np.int64, count=len(clusters))
    members = np.fromiter(chain.from_iterable(clusters), dtype=np.int64, count=int(sizes.sum()))
    article = _interned(fields.articles)[members]
    cluster = np.repeat(np.arange(len(clusters)), sizes)
    articles = np.bincount(distinct(cluster * (int(article.max()) + 1) + article) // (int(article.max()) + 1),
                           minlength=len(clusters))
    return (articles == sizes).tolist()


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


def _top(values: Iterable[str | None]) -> str | None:
    """The most frequent value given (empty ones aside), the first in alphabetical order on a tie."""
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    if len(counts) < 2:
        return next(iter(counts), None)
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


_ISO_DATE = re.compile(r"\d{4}-")


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
    return _describe(ClaimFields(claims), range(len(claims)))


def _describe(fields: ClaimFields, members: Sequence[int]) -> str:
    """`describe` of the claims at these positions."""
    claims = [fields.claims[k] for k in members]
    kind = fields.kinds[members[0]]
    labels = {key: label for k in members for key, label in fields.labels[k]}
    event = _top(fields.events[k] for k in members)
    holder = _top(fields.holders[k] for k in members)
    anchor = _top(a for k in members for a in fields.anchors[k] if not _ISO_DATE.match(a))
    anchor = anchor[:1].upper() + anchor[1:] if anchor else None
    entity = _top(e for k in members for e in fields.entities[k] if e in labels and e != (holder or "").lower())
    context = [x for x in (anchor, labels.get(entity or "")) if x]
    suffix = f" ({', '.join(context)})" if context else ""
    verb = PARTICIPLES.get(event or "", "")
    if kind == "quantity":
        value = claims[0].value
        assert isinstance(value, QuantityValue)
        classes = {fields.noun_classes[k] for k in members} - {None}
        noun = _top(fields.nouns[k] for k in members)
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
        shared = noun if noun and all(fields.nouns[k] == noun for k in members) and noun not in GENERIC_NOUNS else None
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


def align(claims: list[Claim], curation: Curation | None = None, previous: dict[str, str] | None = None,
          workers: int | None = 1) -> list[Fact]:
    """All facts of a story: curated ones with their cues, then automatic clusters of the rest.

    `previous` maps claim id -> the sentence before the claim's, which curated cues may read.
    Claims of different kinds are never compared, so each kind is clustered on its own, in up to
    `workers` processes (None: one per CPU); the result does not depend on how many.
    """
    facts, groups = _curated_facts(claims, curation or Curation(), previous or {})
    return facts + _automatic_facts(groups, {f.id for f in facts}, workers)


def _curated_facts(claims: list[Claim], curation: Curation,
                   previous: dict[str, str]) -> tuple[list[Fact], list[ClaimFields]]:
    """The curated facts, and the fields of the claims they leave, by kind (in order of kind), each
    kind's in `_order`. The fields of all claims are read once and let go here: the groups are
    subsets, and the whole would stay in memory through clustering (40 MB at 10,000 articles)."""
    fields = ClaimFields(claims)
    order = _in_order(fields)
    claims = [fields.claims[k] for k in order]
    facts: list[Fact] = []
    taken: set[str] = set()
    vectors: dict[str, Vectoriser] = {}  # curated facts weigh candidates against every claim of their kind
    for definition in curation.facts:
        if definition.kind not in vectors:
            vectors[definition.kind] = Vectoriser(fields.subset([k for k in order if fields.kinds[k] == definition.kind]))
        pool = [c for c in claims if c.id not in taken]
        chosen, took = select_curated(definition, pool, previous, vectors[definition.kind])
        taken |= took
        facts.append(Fact(id=definition.id, title=definition.title, kind=definition.kind, claims=tuple(chosen),
                          curated=True, pinned=definition.pin, aliases=definition.renamed_from))
    by_kind: dict[str, list[int]] = defaultdict(list)
    for k in order:
        if not taken or fields.ids[k] not in taken:
            by_kind[fields.kinds[k]].append(k)
    return facts, [fields.subset(by_kind[kind]) for kind in sorted(by_kind)]


def _automatic_facts(groups: list[ClaimFields], used_ids: set[str], workers: int | None) -> list[Fact]:
    """The automatic facts of each group of claims of one kind, ids unique among `used_ids` (which grows)."""
    automatic: list[tuple[tuple[int, tuple[str, int, int]], ClaimFields, list[int], str]] = []
    for group, described in zip(groups, fork_map(_automatic, groups, weight=len, workers=workers)):
        order_of, articles = _orders(group), group.articles
        for members, title in described:
            # Facts many sources give first, then in the order of their first claim.
            automatic.append(((-len({articles[k] for k in members}), order_of[members[0]]), group, members, title))
    automatic.sort(key=lambda item: item[0])
    facts = []
    tried: dict[str, int] = {}
    for _, group, members, title in automatic:
        kind = group.kinds[members[0]]
        facts.append(Fact(id=_unique(slugify(f"{kind} {title}"), used_ids, tried), title=title, kind=kind,
                          claims=tuple([group.claims[k] for k in members])))
    return facts


def _automatic(group: ClaimFields) -> list[tuple[list[int], str]]:
    """The automatic facts of claims of one kind, as the positions of their claims in `group`, each
    with its title (made where the kind is clustered, in parallel with the other kinds)."""
    vec = Vectoriser(group)
    rows = np.arange(len(group))
    clusters = _drop_repeats(_cluster(group, rows, vec), group, rows, vec)
    clusters = [[members[k] for k in part] for members in clusters
                for part in firm_groups([group.claims[k] for k in members])]
    clusters = merge_by_frame(clusters, group.claims)
    return [(members, _describe(group, members)) for members in clusters]


def _in_order(fields: ClaimFields) -> list[int]:
    """Positions of the claims sorted by `_order` (a stable sort, as `sorted(claims, key=_order)`)."""
    names = sorted(set(fields.articles))
    rank = dict(zip(names, range(len(names))))
    article = np.fromiter(map(rank.__getitem__, fields.articles), dtype=np.int64, count=len(fields))
    sentence = np.array(fields.sentences, dtype=np.int64)
    start = np.array([span[0] for span in fields.spans], dtype=np.int64)
    return np.lexsort((start, sentence, article)).tolist()


def _drop_repeats(clusters: list[list[int]], fields: ClaimFields, rows: np.ndarray,
                  vec: Vectoriser) -> list[list[int]]:
    """A lone claim that restates a value its own article already gave in a larger fact is a repeat.

    It would otherwise make a one-source fact out of a sentence that merely repeats a figure.
    Claims by position in `fields`.
    """
    articles, values = fields.articles, fields.values
    multi: dict[str, list[int]] = defaultdict(list)  # members of multi-source clusters by article, in order
    for members in clusters:
        if len({articles[k] for k in members}) > 1:
            for k in members:
                multi[articles[k]].append(k)
    lone = [n for n, members in enumerate(clusters) if len(members) == 1]
    xs: list[int] = []  # each lone claim's article's members
    ys: list[int] = []  # the lone claim, as many times
    for n in lone:
        same_article = multi.get(articles[clusters[n][0]], [])
        xs += same_article
        ys += clusters[n] * len(same_article)
    # The lone claim first: its row is looked up again and again (scores are symmetric).
    similar = vec.scores(rows[np.array(ys, dtype=np.int64)], rows[np.array(xs, dtype=np.int64)])
    repeats = set()
    owner = np.repeat(np.array(lone, dtype=np.int64), [len(multi.get(articles[clusters[n][0]], [])) for n in lone])
    # A lone claim close to a member of its article that states the same value is a repeat.
    for n, member, claim in zip(*(np.array(v)[similar >= REPEAT_THRESHOLD].tolist() for v in (owner, xs, ys))):
        if n not in repeats and relate(values[member], values[claim]) == "same":
            repeats.add(n)
    return [members for n, members in enumerate(clusters) if n not in repeats]
