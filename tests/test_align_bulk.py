"""Bulk alignment against what it replaces: `Vectoriser.scores` against the scalar `Vectoriser.score`,
the batched agglomeration against one merge test at a time, the array candidate pairs against sets.
Equal means equal to the bit: the facts of a story must not depend on how the pairs were weighed."""

import dataclasses
import math
from collections import defaultdict
from itertools import combinations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_story import forked_children

from factcompare import align as A
from factcompare import blocking as B
from factcompare import cluster as C
from factcompare import rules as R
from factcompare.alignscore import ClaimFields, Vectoriser, distinct, distinct_first_inverse, group_sums, term_features
from factcompare.models import Claim, DateValue, NameValue, QuantityValue, Subject

# Words of three stories that are not the seed story: a factory fire, a court case, an earthquake.
WORDS = ("fire", "Fire", "factory", "worker", "blaze", "court", "judge", "fine", "prison", "quake", "magnitude",
         "rescue", "building", "kill", "sentence")


def claim(article: str, sentence: int, subject: Subject, kind: str = "quantity", unit: str | None = None,
          category: str = "other", start: int = 0) -> Claim:
    if kind == "quantity":
        value = QuantityValue(display="12", low=12, high=12, unit=unit)
    elif kind == "date":
        value = DateValue(display="Tuesday", earliest=None, latest=None, weekday=1)
    else:
        value = NameValue(display="Claire Martin", canonical="claire martin", category=category)  # type: ignore[arg-type]
    return Claim(id=f"{article}-{sentence}-{start}", article=article, sentence=sentence, quote="...",
                 span=(start, start + 2), value=value, subject=subject)


subjects = st.builds(
    Subject,
    event=st.sampled_from([None, "kill", "injure", "measure", "sentence", "disaster"]),
    holder=st.sampled_from([None, "mayor", "former mayor", "judge", "fire chief"]),
    focus=st.sampled_from([None, "police", "workers"]),
    noun=st.sampled_from([None, "people", "worker", "rescue worker", "aid worker", "fine", "magnitude", "kg"]),
    noun_class=st.sampled_from([None, "person", "money", "unit:magnitude"]),
    entities=st.lists(st.sampled_from(["lyon", "MX", "monterrey", "izmir"]), max_size=3).map(tuple),
    anchors=st.lists(st.sampled_from(["tuesday", "2020", "march 2021"]), max_size=2).map(tuple),
    terms=st.lists(st.sampled_from(WORDS), max_size=6).map(tuple),
    context=st.lists(st.sampled_from(WORDS), max_size=5).map(tuple),
)


@st.composite
def stories(draw, kinds=("quantity", "date", "name"), min_size=2, max_size=14):
    """Claims of one kind from a few articles, several per sentence at times, with unique ids."""
    kind = draw(st.sampled_from(kinds))
    n = draw(st.integers(min_size, max_size))
    claims = []
    for k in range(n):
        article = draw(st.sampled_from("abcde"))
        sentence = draw(st.integers(0, 3))
        unit = draw(st.sampled_from([None, None, "kg", "USD", "magnitude"])) if kind == "quantity" else None
        category = draw(st.sampled_from(["person", "rank"])) if kind == "name" else "other"
        claims.append(claim(article, sentence, draw(subjects), kind, unit, category, start=k))
    return claims


def scalar_scores(vec: Vectoriser, claims: list[Claim], pairs: list[tuple[int, int]]) -> list[float]:
    return [vec.score(vec.profile(claims[i]), vec.profile(claims[j]), claims[i].value.kind) for i, j in pairs]


# --- scores -------------------------------------------------------------------------------------------


FIRE = dict(event="kill", noun="worker", noun_class="person", anchors=("tuesday",), entities=("monterrey", "MX"))
COURT = dict(event="sentence", holder="former mayor", noun="prison", entities=("lyon",))


@pytest.mark.parametrize("a, b, joined", [
    (Subject(**FIRE, terms=("fire", "factory", "kill")), Subject(**FIRE, terms=("blaze", "factory"),
                                                                  context=("fire",)), True),
    (Subject(**FIRE, terms=("fire",)), Subject(event="injure", noun="building", terms=("rescue",)), False),
    (Subject(**COURT, terms=("court", "prison")), Subject(**COURT, terms=("Court", "sentence"), anchors=("2020",)), True),
    (Subject(noun="magnitude", terms=("quake",)), Subject(event="measure", noun="magnitude", terms=("magnitude",)), True),
    (Subject(terms=("fire",)), Subject(terms=("judge",)), False),
])
def test_bulk_scores_are_the_scalar_scores_of_hand_made_claims(a, b, joined):
    claims = [claim("a", 0, a), claim("b", 0, b), claim("c", 1, Subject(terms=("building",)))]
    vec = Vectoriser(claims)
    pairs = [(0, 1), (1, 0), (0, 2), (1, 2), (0, 0)]
    bulk = vec.scores(np.array([i for i, _ in pairs]), np.array([j for _, j in pairs])).tolist()
    assert bulk == scalar_scores(vec, claims, pairs)
    assert (bulk[0] > 0.3) == joined
    assert bulk[0] == bulk[1]  # symmetric, to the bit


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories())
def test_bulk_scores_equal_the_scalar_definition_to_the_bit(claims):
    vec = Vectoriser(claims)
    pairs = [(i, j) for i in range(len(claims)) for j in range(len(claims))]
    a, b = np.array([i for i, _ in pairs]), np.array([j for _, j in pairs])
    bulk = vec.scores(a, b)
    assert bulk.tolist() == scalar_scores(vec, claims, pairs)
    assert np.all(np.abs(bulk - np.array(scalar_scores(vec, claims, pairs))) <= 1e-12)
    # Without the words' evidence: a lower bound, which settles merge tests early.
    assert np.all(vec.scores(a, b, words=False) <= bulk)
    assert vec.pair_scores([claims[i] for i, _ in pairs], [claims[j] for _, j in pairs]) == bulk.tolist()


@settings(max_examples=60, deadline=None)
@given(stories(min_size=3))
def test_profiles_read_from_the_arrays_are_the_profiles_of_the_claims(claims):
    vec = Vectoriser(claims)
    c = claims[0]
    assert vec.profile(c).terms.keys() == term_features(c).keys()
    assert vec.similarity(claims[0], claims[1]) == vec.scores(np.array([0]), np.array([1]))[0]


def test_a_claim_the_vectoriser_does_not_know_is_weighed_with_plain_weights():
    known = [claim("a", 0, Subject(**FIRE, terms=("fire",))), claim("b", 0, Subject(**FIRE, terms=("fire",)))]
    stranger = claim("c", 0, Subject(**FIRE, terms=("fire",)))
    vec = Vectoriser(known)
    assert vec.pair_scores([known[0]], [stranger]) == [vec.similarity(known[0], stranger)]
    assert vec.similarity(known[0], stranger) > 0


def test_one_per_article_weighs_claims_the_vectoriser_does_not_know():
    """Curated facts pick one claim per article with the vectoriser of their kind's claims."""
    fire = Subject(**FIRE, terms=("fire", "factory"))
    near, far, other = claim("a", 0, fire), claim("a", 3, Subject(**FIRE, terms=("court",))), claim("b", 0, fire)
    chosen, *leftovers = C.one_per_article([near, far, other], Vectoriser([other]))
    assert [c.id for c in chosen] == [near.id, other.id] and leftovers == []  # `far` repeats 12: dropped


# --- exact sums -----------------------------------------------------------------------------------------

positive = st.floats(min_value=1e-6, max_value=1e6, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(positive, min_size=0, max_size=12), min_size=1, max_size=20))
def test_group_sums_round_as_fsum_and_add_as_sum(groups):
    values = np.array([v for g in groups for v in g])
    labels = np.array([n for n, g in enumerate(groups) for _ in g], dtype=np.int64)
    assert group_sums(values, labels, len(groups), exact=True).tolist() == [math.fsum(g) for g in groups]
    assert group_sums(values, labels, len(groups), exact=False).tolist() == [float(sum(g)) for g in groups]


@pytest.mark.parametrize("values", [
    [1.0, 2.0 ** -53],  # a tie: half-way between 1 and the next float, rounded to even
    [1.0, 2.0 ** -53, 2.0 ** -80],  # just above half-way: rounds up, where a plain sum would not
    [1.0, 2.0 ** -53, 2.0 ** -53],
    [0.1, 0.2, 0.3, 0.4, 1e-17, 1e-17, 1e-17],
    [1e16, 1.0, 1.0, 1.0, 1.0],
    [3.0, 2.0 ** -52, 2.0 ** -53, 2.0 ** -54, 2.0 ** -106],
])
def test_group_sums_are_exact_where_a_plain_sum_is_not(values):
    exact = group_sums(np.array(values), np.zeros(len(values), dtype=np.int64), 1, exact=True)[0]
    assert exact == math.fsum(values)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-5, 40), max_size=60))
def test_distinct_is_np_unique(values):
    x = np.array(values, dtype=np.int64)
    assert distinct(x).tolist() == np.unique(x).tolist()
    unique, first, inverse = distinct_first_inverse(x)
    expected = np.unique(x, return_index=True, return_inverse=True)
    assert [unique.tolist(), first.tolist(), inverse.tolist()] == [e.ravel().tolist() for e in expected]


def test_fields_subset_keeps_each_claims_fields_together():
    claims = [claim(a, 0, Subject(terms=(a,)), start=k) for k, a in enumerate("abc")]
    fields = ClaimFields(claims)
    part = fields.subset([2, 0])
    assert part.claims == [claims[2], claims[0]] and part.terms == [("c",), ("a",)] and part.ids == ["c-0-2", "a-0-0"]
    assert part.same_claims([claims[2], claims[0]]) and not part.same_claims(claims[:2])


# --- the hard rules of whole clusters ---------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stories(kinds=("quantity", "name"), min_size=2, max_size=10), st.randoms(use_true_random=False))
def test_cluster_rules_decide_as_every_pair_of_members(claims, rng):
    """Two clusters grown by allowed merges: `_Rules.allows` says what the rules of every pair say."""
    claims = [dataclasses.replace(c, article=f"x{k}", sentence=k) for k, c in enumerate(claims)]  # apart
    clusters = [([k], R.Rules.of(R.compat_signature(c))) for k, c in enumerate(claims)]
    for _ in range(2 * len(claims)):
        if len(clusters) < 2:
            break
        (mi, ri), (mj, rj) = rng.sample(clusters, 2)
        every_pair = all(R.compatible_subjects(claims[x], claims[y]) for x in mi for y in mj)
        assert ri.allows(rj) == every_pair == rj.allows(ri)
        if every_pair:
            clusters = [c for c in clusters if c[0] is not mi and c[0] is not mj] + [(mi + mj, ri.joined(rj))]


# --- candidate pairs --------------------------------------------------------------------------------------


def reference_candidate_pairs(claims: list[Claim]) -> set[tuple[int, int]]:
    """The set-based blocking `candidate_pairs` replaced: every pair of a small block, windows in a large one."""
    keys_of = [sorted(B.blocking_keys(c)) for c in claims]
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(keys_of):
        for key in keys:
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) > max(B.MAX_BLOCK, B.MAX_BLOCK_SHARE * len(claims)):
            continue
        if len(members) <= B.FULL_BLOCK:
            pairs.update(combinations(members, 2))
            continue

        def rarest(i: int, key: str = key) -> tuple[int, str]:
            others = [(len(blocks[k]), k) for k in keys_of[i] if k != key and len(blocks[k]) > 1]
            return min(others) if others else (len(keys_of) + 1, "")

        ordered = sorted(members, key=lambda i: (rarest(i), i))
        for n, i in enumerate(ordered):
            for j in ordered[n + 1: n + 1 + B.WINDOW]:
                pairs.add((i, j) if i < j else (j, i))
    return pairs


@pytest.mark.parametrize("full_block, window, max_block", [(16, 6, 400), (2, 1, 400), (3, 2, 400), (2, 2, 5)])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=stories(max_size=20))
def test_candidate_pairs_are_the_blocks_pairs(monkeypatch, full_block, window, max_block, claims):
    monkeypatch.setattr(B, "FULL_BLOCK", full_block)
    monkeypatch.setattr(B, "WINDOW", window)
    monkeypatch.setattr(B, "MAX_BLOCK", max_block)
    i, j = B.candidate_pairs(claims)
    assert list(zip(i.tolist(), j.tolist())) == sorted(reference_candidate_pairs(claims))


# --- agglomeration ------------------------------------------------------------------------------------------


def reference_agglomerate(claims: list[Claim], vec: Vectoriser) -> list[list[int]]:
    """Average-linkage agglomeration one merge test at a time, every rule checked on every pair."""
    def allowed(mi: list[int], mj: list[int]) -> bool:
        return all(R.compatible_subjects(claims[x], claims[y]) for x in mi for y in mj)

    def mean_cross(mi: list[int], mj: list[int]) -> float:
        si, sj = C._merge_sample(mi, mj)
        cross = [vec.similarity(claims[x], claims[y]) for x in si for y in sj if claims[x].article != claims[y].article]
        return sum(cross) / len(cross) if cross else -1.0

    scored = []
    for i, j in sorted(reference_candidate_pairs(claims)):
        if allowed([i], [j]):
            sim = vec.similarity(claims[i], claims[j])
            if sim >= C.PAIR_THRESHOLD[claims[i].value.kind]:
                scored.append((-sim, claims[i].id, claims[j].id, i, j))
    owner = list(range(len(claims)))
    members = {i: [i] for i in range(len(claims))}
    refused = set()
    for _, _, _, i, j in sorted(scored):
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        state = (ci, len(members[ci]), cj, len(members[cj]))
        if state in refused:
            continue
        if not allowed(members[ci], members[cj]) or mean_cross(members[ci], members[cj]) < C.MERGE_THRESHOLD:
            refused.add(state)
            continue
        keep, drop = (ci, cj) if len(members[ci]) >= len(members[cj]) else (cj, ci)
        for k in members[drop]:
            owner[k] = keep
        members[keep].extend(members.pop(drop))
    return [members[k] for k in sorted(members)]


@pytest.mark.parametrize("threshold, batch, segment", [(0.2, (8, 1024), 1 << 16), (0.45, (1, 1), 1 << 16),
                                                       (0.45, (2, 4), 1 << 16), (0.7, (8, 1024), 1 << 16),
                                                       (0.2, (8, 1024), 1), (0.45, (2, 4), 3)])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=stories(kinds=("quantity", "date"), min_size=4, max_size=16))
def test_batched_merge_tests_merge_as_one_test_at_a_time(monkeypatch, threshold, batch, segment, claims):
    """Higher thresholds make tests fail, so that merges drawn up after them must be undone; short
    segments make batches end where the pairs read as lists do."""
    monkeypatch.setattr(C, "MERGE_THRESHOLD", threshold)
    monkeypatch.setattr(C, "FIRST_BATCH", batch[0])
    monkeypatch.setattr(C, "MAX_BATCH", batch[1])
    monkeypatch.setattr(C, "WALK_SEGMENT", segment)
    monkeypatch.setattr(C, "MERGE_PAIRS", 4)  # samples of larger clusters
    vec = Vectoriser(claims)
    got = C._agglomerate(vec.fields, np.arange(len(claims)), vec)
    assert got == reference_agglomerate(claims, vec)


def test_a_failed_merge_test_undoes_the_merges_drawn_up_after_it(monkeypatch):
    """Two facts of one fire: the second's merges are drawn up while the first's failing test waits."""
    monkeypatch.setattr(C, "FIRST_BATCH", 64)
    toll = dict(event="kill", noun="worker", noun_class="person", entities=("monterrey",))
    claims = [claim(a, 0, Subject(**toll, terms=("fire", "factory", "worker")), start=k) for k, a in enumerate("abc")]
    claims += [claim(a, 1, Subject(**toll, terms=("fire", "blaze", "night")), start=k) for k, a in enumerate("abc")]
    claims += [claim(a, 2, Subject(event="sentence", holder="judge", terms=("court",)), start=k)
               for k, a in enumerate("abc")]
    vec = Vectoriser(claims)
    for threshold in (0.2, 0.5, 0.9):
        monkeypatch.setattr(C, "MERGE_THRESHOLD", threshold)
        assert C._agglomerate(vec.fields, np.arange(len(claims)), vec) == reference_agglomerate(claims, vec)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=stories(min_size=3, max_size=16))
def test_facts_do_not_depend_on_the_batch_size(monkeypatch, claims):
    facts = A.align(claims)
    with monkeypatch.context() as patch:
        patch.setattr(C, "FIRST_BATCH", 1)
        patch.setattr(C, "MAX_BATCH", 1)
        patch.setattr(C, "PRUNE_SHARE", 0.0)  # and pairs inside one cluster dropped after every batch
        patch.setattr(C, "WALK_SEGMENT", 2)
        assert A.align(claims) == facts


def test_facts_do_not_depend_on_how_many_processes_cluster_the_kinds(monkeypatch):
    """Each kind is clustered on its own, here and in a forked child: the same facts as in one process."""
    from factcompare import parallel

    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    claims = [claim(f"a{n}", s, Subject(event="kill", noun="people", terms=("killed", f"t{s % 3}")), kind,
                    unit="person" if kind == "quantity" else None)
              for n in range(6) for s, kind in enumerate(["quantity", "quantity", "date", "name"])]
    children = forked_children(monkeypatch)
    facts = A.align(claims, workers=None)
    assert facts == A.align(claims, workers=1)
    assert children == [1]
    assert {f.kind for f in facts if len(f.claims) > 1} == {"quantity", "date", "name"}
