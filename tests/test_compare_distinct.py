"""compare() relates distinct values, not all claim pairs, and must give the verdict all pairs gave.

The reference below is the all-pairs algorithm as it stood before values were grouped: every pair of
claim values in claim order (itertools.combinations), the worst pair being the first one met, the
summary helpers walking every value. Hypothesis checks the two agree, word for word, on small facts
full of repeated values, with the real relations and with arbitrary made-up ones (symmetric, as relate
is, but not reflexive) so that the order in which pairs are met is tested, not just today's relations.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare import compare as compare_module
from factcompare.compare import (
    RELATION_ORDER,
    _bound_kind,
    _sort_key,
    compare,
    group_values,
    relate,
    short_value,
)
from factcompare.models import (
    Claim,
    DateValue,
    Fact,
    NameValue,
    PlaceValue,
    QuantityValue,
    Subject,
    TimeValue,
    Value,
    Verdict,
)

# --- the reference: all pairs, as before ---------------------------------------------------


def reference_compare(fact: Fact) -> Verdict:
    values = [c.effective_value for c in fact.claims]
    articles = {c.article for c in fact.claims}
    if len(articles) <= 1:
        return Verdict(status="single_source", summary=f"Only one source: {_ref_distinct(values)}.")
    worst = "same"
    worst_pair = (values[0], values[1])
    for a, b in combinations(values, 2):
        relation = compare_module.relate(a, b)  # looked up at call time, so a patched relate applies
        if RELATION_ORDER[relation] > RELATION_ORDER[worst]:
            worst, worst_pair = relation, (a, b)
    if worst == "same":
        return Verdict(status="agree", summary=_ref_agree_summary(values))
    if worst == "conflict":
        a, b = worst_pair
        return Verdict(
            status="conflict",
            summary=f"Sources conflict: {short_value(a)} vs {short_value(b)} cannot both be true"
            + _ref_others(values, worst_pair)
            + ".",
        )
    return Verdict(status="compatible", summary=_ref_compatible_summary(values))


def _ref_distinct(values: list[Value]) -> str:
    seen: dict[str, int] = {}
    for v in sorted(values, key=_sort_key):
        key = short_value(v)
        seen[key] = seen.get(key, 0) + 1
    return " vs ".join(k if n == 1 else f"{k} ({n} sources)" for k, n in seen.items())


def _ref_others(values: list[Value], pair: tuple[Value, Value]) -> str:
    rest = {short_value(v) for v in values} - {short_value(v) for v in pair}
    return f" (also: {', '.join(sorted(rest))})" if rest else ""


def _ref_agree_summary(values: list[Value]) -> str:
    first = values[0]
    text = f"All {len(values)} sources agree: {short_value(first)}"
    if isinstance(first, NameValue):
        spellings = sorted({v.display for v in values if isinstance(v, NameValue)})
        if len(spellings) > 1:
            text += f" (spelled {', '.join(spellings)})"
    return text + "."


def _ref_compatible_summary(values: list[Value]) -> str:
    first = values[0]
    detail = ""
    if isinstance(first, QuantityValue):
        kinds = {_bound_kind(v) for v in values if isinstance(v, QuantityValue)}
        if len(kinds) == 1 and kinds <= {"lower", "upper"}:
            detail = f" (all {kinds.pop()} bounds)"
    elif isinstance(first, PlaceValue):
        places = sorted({v for v in values if isinstance(v, PlaceValue)}, key=lambda p: (len(p.lineage), p.name))
        broad, narrow = places[0], places[-1]
        return f"Sources differ in precision: {narrow.name} lies in {broad.name}; both can be true."
    elif isinstance(first, DateValue) and any(isinstance(v, DateValue) and v.earliest is None for v in values):
        detail = " (some dates could not be placed on the calendar)"
    return f"Sources differ in precision: {_ref_distinct(values)}{detail}; all can be true together."


# --- small pools of values from unrelated stories: repeats, near-repeats, conflicts --------------


def q(display, low, high, approximate=False, unit=None, low_inclusive=True, high_inclusive=True):
    return QuantityValue(display=display, low=low, high=high, approximate=approximate, unit=unit,
                         low_inclusive=low_inclusive, high_inclusive=high_inclusive)


QUANTITIES = [
    q("41 people", 41, 41), q("45", 45, 45), q("about 40", 40, 40, approximate=True),
    q("dozens", 24, 99, approximate=True), q("more than 40", 40, None, low_inclusive=False),
    q("over 40", 40, None, low_inclusive=False), q("at least 45", 45, None), q("up to 50", 0, 50),
    q("fewer than 45", None, 45, high_inclusive=False), q("500", 500, 500), q("500", 500.0, 500.0),
    q("some 500", 500, 500, approximate=True), q("1,200", 1200, 1200), q("$2m", 2e6, 2e6, unit="USD"),
    q("€2m", 2e6, 2e6, unit="EUR"), q("6 years", 6, 6, unit="year"), q("5.9 magnitude", 5.9, 5.9),
    q("between 5.8 and 6.1", 5.8, 6.1, unit="magnitude"),
]
DATES = [
    DateValue(display="on Monday", earliest=date(2024, 3, 4), latest=date(2024, 3, 4), weekday=0),
    DateValue(display="Monday", earliest=None, latest=None, weekday=0),
    DateValue(display="Tuesday", earliest=None, latest=None, weekday=1),
    DateValue(display="last week", earliest=None, latest=None),
    DateValue(display="this week", earliest=date(2024, 3, 4), latest=date(2024, 3, 8)),
    DateValue(display="March 2024", earliest=date(2024, 3, 1), latest=date(2024, 3, 31)),
    DateValue(display="2024", earliest=date(2024, 1, 1), latest=date(2024, 12, 31)),
    DateValue(display="March 5", earliest=date(2024, 3, 5), latest=date(2024, 3, 5)),
    DateValue(display="April 2023", earliest=date(2023, 4, 1), latest=date(2023, 4, 30)),
]
TIMES = [
    TimeValue(display="3 a.m.", earliest="03:00", latest="03:00"),
    TimeValue(display="around 3 a.m.", earliest="03:00", latest="03:00", approximate=True),
    TimeValue(display="3:10 a.m.", earliest="03:10", latest="03:10"),
    TimeValue(display="11:55 p.m.", earliest="23:55", latest="23:55", approximate=True),
    TimeValue(display="02:00 GMT", earliest="02:00", latest="02:00", timezone="GMT"),
    TimeValue(display="03:00 CET", earliest="03:00", latest="03:00", timezone="CET"),
    TimeValue(display="03:00 XYZ", earliest="03:00", latest="03:00", timezone="XYZ"),
    TimeValue(display="between 2 and 4 a.m.", earliest="02:00", latest="04:00"),
]
PLACES = [
    PlaceValue(display="Turkey", name="Turkey", country="TR", lineage=("TR",)),
    PlaceValue(display="Izmir", name="Izmir", country="TR", lineage=("TR", "TR/311044")),
    PlaceValue(display="the city of Izmir", name="Izmir", country="TR", lineage=("TR", "TR/311044")),
    PlaceValue(display="Bornova", name="Bornova", country="TR", lineage=("TR", "TR/311044", "TR/750269")),
    PlaceValue(display="Ankara", name="Ankara", country="TR", lineage=("TR", "TR/323786")),
    PlaceValue(display="Greece", name="Greece", country="GR", lineage=("GR",)),
]
NAMES = [
    NameValue(display="Anne Girard", canonical="anne girard", category="person"),
    NameValue(display="Ann Girard", canonical="anne girard", category="person"),
    NameValue(display="Paul Mercier", canonical="paul mercier", category="person"),
    NameValue(display="Judge", canonical="judge", category="rank", lineage=("judge",)),
    NameValue(display="Chief Judge", canonical="chief judge", category="rank", lineage=("judge", "chief judge")),
    NameValue(display="Senior Judge", canonical="senior judge", category="rank", lineage=("judge", "senior judge")),
]
POOLS = [QUANTITIES, DATES, TIMES, PLACES, NAMES]


def fact(values: list[Value], articles: list[str]) -> Fact:
    claims = tuple(
        Claim(id=f"{art}-{i}-0", article=art, sentence=i, quote=v.display, span=(0, len(v.display)), value=v,
              subject=Subject())
        for i, (art, v) in enumerate(zip(articles, values))
    )
    return Fact(id="f", title="?", kind=values[0].kind, claims=claims)


@st.composite
def facts(draw: st.DrawFn, max_claims: int = 9) -> Fact:
    pool = draw(st.sampled_from(POOLS))
    # A few values of the pool, then claims drawn from those few: repeats are the point.
    few = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4))
    values = draw(st.lists(st.sampled_from(few), min_size=1, max_size=max_claims))
    articles = draw(st.lists(st.sampled_from("abcdefghij"), min_size=len(values), max_size=len(values)))
    return fact(values, articles)


@settings(max_examples=400, deadline=None)
@given(facts())
def test_verdict_is_the_one_all_pairs_gave(f: Fact) -> None:
    assert compare(f) == reference_compare(f)


RELATIONS = st.sampled_from(["same", "compatible", "conflict"])


CLASS_PAIRS = [(i, j) for i in range(5) for j in range(i, 5)]


@settings(max_examples=400, deadline=None)
@given(facts(), st.fixed_dictionaries({pair: RELATIONS for pair in CLASS_PAIRS}))
def test_the_worst_pair_is_the_first_all_pairs_met_for_any_relation(f: Fact, table: dict) -> None:
    """A made-up symmetric relation, not reflexive: which pair is met first is what counts.

    Values fall into five classes and the table relates classes, so that few values and many
    conflicts (a value with itself included) meet in one small fact.
    """
    ids = {v: i for i, v in enumerate(QUANTITIES + DATES + TIMES + PLACES + NAMES)}

    def made_up(a: Value, b: Value) -> str:
        return table[tuple(sorted((ids[a] % 5, ids[b] % 5)))]

    with mock.patch.object(compare_module, "relate", made_up):
        assert compare(f) == reference_compare(f)


@pytest.mark.parametrize("pool", POOLS, ids=["quantity", "date", "time", "place", "name"])
def test_relate_is_symmetric(pool: list[Value]) -> None:
    """compare relates each pair of distinct values in one order only: the order must not matter."""
    assert [relate(a, b) for a in pool for b in pool] == [relate(b, a) for a in pool for b in pool]


@pytest.mark.parametrize("pool", POOLS, ids=["quantity", "date", "time", "place", "name"])
def test_every_value_is_the_same_as_itself(pool: list[Value]) -> None:
    """Today relate(v, v) is always 'same'; compare does not rely on it, but it is worth knowing."""
    assert {relate(v, v) for v in pool} == {"same"}


@pytest.mark.parametrize(
    "order, named",
    [
        ("aab", "41 vs 41"),  # combinations meets (a, a) before (a, b)
        ("aba", "41 vs 45"),  # ... and (a, b) before (a, a)
        ("baa", "45 vs 41"),
        ("bab", "45 vs 41"),  # b is met once only: never against itself
        ("abb", "41 vs 45"),
    ],
)
def test_a_value_against_itself_is_met_at_its_second_occurrence(order: str, named: str) -> None:
    """A made-up relation in which 41 conflicts with everything, itself included."""
    a, b, c = QUANTITIES[0], QUANTITIES[1], QUANTITIES[9]

    def a_conflicts(x: Value, y: Value) -> str:
        return "conflict" if a in (x, y) else "same"

    values = [{"a": a, "b": b}[letter] for letter in order] + [c]
    with mock.patch.object(compare_module, "relate", a_conflicts):
        verdict = compare(fact(values, list("wxyz")))
    others = {"41", "45", "500"} - set(named.split(" vs "))
    assert verdict.summary == f"Sources conflict: {named} cannot both be true (also: {', '.join(sorted(others))})."


def test_groups_count_occurrences_and_keep_500_and_500_point_0_apart() -> None:
    v500, v500_float, v45 = QUANTITIES[9], QUANTITIES[10], QUANTITIES[1]
    assert v500 == v500_float  # equal to pydantic, but the number is written differently
    groups = group_values([v45, v500, v45, v500_float, v45])
    assert [(g.value, g.first, g.second, g.count, g.label) for g in groups] == [
        (v45, 0, 2, 3, "45"), (v500, 1, None, 1, "500"), (v500_float, 3, None, 1, "500"),
    ]


@pytest.mark.parametrize(
    "values, articles, summary",
    [
        # The first pair met in claim order that conflicts is named, not the widest gap.
        ([QUANTITIES[1], QUANTITIES[3], QUANTITIES[0], QUANTITIES[9]], "abcd",
         "Sources conflict: 45 vs 41 cannot both be true (also: 24–99, 500)."),
        ([QUANTITIES[1]] * 300 + [QUANTITIES[0]] * 200 + [QUANTITIES[9]], "ab" * 250 + "c",
         "Sources conflict: 45 vs 41 cannot both be true (also: 500)."),
        ([QUANTITIES[1]] * 300 + [QUANTITIES[7]] * 200, "ab" * 250,
         "Sources differ in precision: ≤50 (200 sources) vs 45 (300 sources); all can be true together."),
        ([NAMES[0], NAMES[1]] * 150, "ab" * 150,
         "All 300 sources agree: Anne Girard (spelled Ann Girard, Anne Girard)."),
        ([QUANTITIES[4]] * 3, "aaa", "Only one source: 40+ (3 sources)."),
    ],
)
def test_big_facts_read_as_before(values: list[Value], articles: str, summary: str) -> None:
    f = fact(values, list(articles))
    assert compare(f).summary == summary
    assert compare(f) == reference_compare(f)
