"""Average-linkage agglomeration of the claims of one kind, then one claim per article per cluster.

Clustering never looks at values: two claims about the same thing with different numbers must land
in one fact, or conflicts disappear. Candidate pairs come from `blocking`, the rules no similarity
overrules from `rules`, how alike two claims are from `alignscore` (in bulk, as arrays). Merge
tests are weighed in batches and undone when one fails, so the clusters are those of one test at
a time. An article that says one thing twice gives a cluster one claim; only that choice, made once
the clusters are, reads the values: the most precise (`precision`) of the article's statements
that no better connected one contradicts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import chain
from typing import Callable, Sequence, TypeVar

import numpy as np

from .alignscore import ClaimFields, Vectoriser, distinct, distinct_first_inverse, group_sums
from .blocking import candidate_pairs
from .compare import relate
from .models import Claim, Value
from .precision import may_be_one, precision_key
from .rules import RuleBook, Rules, compat_signatures, compatible_subjects

T = TypeVar("T")

PAIR_THRESHOLD = {"quantity": 0.35, "date": 0.35, "time": 0.3, "place": 0.35, "name": 0.35}
MERGE_THRESHOLD = 0.2  # mean similarity of two clusters across all their pairs
CLOSE_CONNECTION = 1.0  # an article's claim this nearly as close to a fact as its best is as good a pick
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


def cluster(claims: list[Claim], vec: Vectoriser) -> list[list[Claim]]:
    """Average-linkage agglomeration over candidate pairs, then one claim per article per cluster.

    An article may say the same thing twice (a caption and the body, 'hundreds' in the lead and
    'about 500' below); both may join the cluster, and `one_per_article` keeps the more precise of
    the two, or the better connected one when they conflict. `vec` must know every claim.
    """
    fields, rows = _fields_and_rows(claims, vec)
    return [[fields.claims[k] for k in members] for members in cluster_positions(fields, rows, vec)]


def _fields_and_rows(claims: Sequence[Claim], vec: Vectoriser) -> tuple[ClaimFields, np.ndarray]:
    """The claims' fields and their rows in `vec` (read again only if `vec` was made of other claims)."""
    if vec.fields.same_claims(claims):
        return vec.fields, np.arange(len(claims))
    fields = ClaimFields(claims)
    return fields, vec.rows_of(fields.claims)


def cluster_positions(fields: ClaimFields, rows: np.ndarray, vec: Vectoriser) -> list[list[int]]:
    """`cluster`, of claims by position."""
    def weigh(xs: np.ndarray, ys: np.ndarray) -> list[float]:
        return vec.scores(rows[xs], rows[ys]).tolist()

    out = _one_per_article(_agglomerate(fields, rows, vec), fields, weigh)
    order_of = orders(fields)
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


def orders(fields: ClaimFields) -> list[tuple[str, int, int]]:
    """Where each claim stands: (article, sentence, start), as `compare.claim_order_key`."""
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



class _Clusters:
    """Clusters of claim indices as agglomeration grows them, with what the hard rules need kept up to date.

    `compatible_subjects` must hold for every pair across two clusters: claims of one sentence never
    share a fact, so a cluster keeps its sentences, and the other rules are decided by `Rules`.
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
        signatures = compat_signatures(fields)
        distinct = dict.fromkeys(signatures)
        number = dict(zip(distinct, range(len(distinct))))
        self.shape = np.fromiter(map(number.__getitem__, signatures), dtype=np.int64, count=n)
        self.book = RuleBook()
        rule_of_shape = [self.book.number(Rules.of(signature)) for signature in distinct]
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
    """The cluster with one claim per article: of an article's claims, the most precise of those
    that agree with the claim most like the other articles' claims (`_most_precise`).

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
    articles, values, order_of = fields.articles, fields.values, orders(fields)
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
            ranked = sorted(candidates, key=lambda k: (connection[k] < top * CLOSE_CONNECTION, order_of[k]))
            # The most precise of them, unless a better connected one contradicts it; of an article
            # that gives a current figure and an earlier one ('had previously put it at 11,300'), the current.
            current = [k for k in ranked if not _earlier(fields.claims[k])] or ranked
            best = _most_precise(sorted(current, key=lambda k: -min(connection[k], top * CLOSE_CONNECTION)), values)
            chosen.append(best)
            # Not a mere repeat: it goes back as a fact of its own (and `_drop_repeats` weighs it again).
            leftovers.extend([k] for k in ranked if k != best and relate(values[best], values[k]) != "same")
        out.append([chosen, *leftovers])
    return out


def _earlier(claim: Claim) -> bool:
    """Whether the sentence gives the figure as an earlier one than its article's ('previously put at')."""
    return claim.frame.previous or (claim.as_of is not None and claim.as_of.source == "earlier")


def _most_precise(ranked: list[int], values: Sequence[Value]) -> int:
    """Of one article's candidates for a fact, best connected first, the one the fact shows.

    Walking down the ranking, a candidate is kept if its value may be one statement with every value
    kept before it (`precision.may_be_one`: no conflict, and spans that meet); the best connected is
    always kept. Between values that cannot both be true, or that only lie near each other,
    connection decides. Of those kept, the most precise wins ('about 500' over 'hundreds', 'Monday'
    over 'this week'); of equally precise ones, the better connected."""
    agreeing: list[int] = []
    for k in ranked:
        if all(may_be_one(values[j], values[k]) for j in agreeing):
            agreeing.append(k)
    return min(agreeing, key=lambda k: precision_key(values[k]))  # the first of equals: the better connected


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
