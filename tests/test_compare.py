"""Agreement semantics: pairwise relations per value kind and the verdict a reader sees."""

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcompare.compare import compare, quantity_interval, relate, rounding_half_width
from factcompare.models import (
    Claim,
    DateValue,
    Fact,
    NameValue,
    PlaceValue,
    QuantityValue,
    Subject,
    TimeValue,
)


def q(display, low, high, approximate=False, unit=None, low_inclusive=True, high_inclusive=True):
    return QuantityValue(display=display, low=low, high=high, approximate=approximate, unit=unit,
                         low_inclusive=low_inclusive, high_inclusive=high_inclusive)


MORE_THAN_1000 = q("more than 1000", 1000, None, low_inclusive=False)
OVER_1200 = q("over 1,200", 1200, None, low_inclusive=False)
AS_MANY_AS_500 = q("as many as 500", 0, 500)
SOME_500 = q("some 500", 500, 500, approximate=True)
HUNDREDS = q("hundreds", 200, 999, approximate=True)
ABOUT_1200 = q("about 1,200", 1200, 1200, approximate=True)
ABOUT_1400 = q("about 1,400", 1400, 1400, approximate=True)
EXACTLY_1400 = q("1,400", 1400, 1400)
AT_LEAST_240 = q("at least 240", 240, None)
EXACTLY_240 = q("240", 240, 240)
FEWER_THAN_240 = q("fewer than 240", None, 240, high_inclusive=False)


@pytest.mark.parametrize(
    "a, b, relation",
    [
        (MORE_THAN_1000, OVER_1200, "compatible"),
        (MORE_THAN_1000, q("more than 1,000", 1000, None, low_inclusive=False), "same"),
        (AS_MANY_AS_500, SOME_500, "compatible"),
        (AS_MANY_AS_500, HUNDREDS, "compatible"),
        (SOME_500, HUNDREDS, "compatible"),
        (SOME_500, q("about 500", 500, 500, approximate=True), "same"),
        (ABOUT_1200, ABOUT_1400, "conflict"),
        (EXACTLY_1400, ABOUT_1200, "conflict"),
        (q("1,200", 1200, 1200), q("1,240", 1240, 1240), "compatible"),  # 1,200 is a rounding
        (q("20", 20, 20), q("22", 22, 22), "conflict"),  # small counts are counts
        (AT_LEAST_240, EXACTLY_240, "compatible"),
        (FEWER_THAN_240, EXACTLY_240, "conflict"),  # open bound excludes its end
        (MORE_THAN_1000, q("1,000", 1000, 1000), "compatible"),  # 1,000 may mean 1,000-1,500
        (q("$13.1 billion", 13.1e9, 13.1e9, unit="USD"), q("$50 billion", 50e9, 50e9, unit="USD"), "conflict"),
        (q("€2m", 2e6, 2e6, unit="EUR"), q("$2m", 2e6, 2e6, unit="USD"), "compatible"),
        (q("46 to 48 degrees", 46, 48, unit="degree"), q("47 degrees", 47, 47, unit="degree"), "compatible"),
        (q("46 to 48 degrees", 46, 48, unit="degree"), q("50 degrees", 50, 50, unit="degree"), "conflict"),
    ],
)
def test_quantity_relations(a, b, relation):
    assert relate(a, b) == relation
    assert relate(b, a) == relation


@pytest.mark.parametrize("n, half", [(1200, 50), (500, 50), (1000, 500), (13.1, 0.05), (1250, 5), (7, 0.5)])
def test_rounding_half_width_is_half_the_last_significant_digit(n, half):
    assert rounding_half_width(n) == pytest.approx(half)


def test_about_widens_but_never_joins_1200_and_1400():
    a, b = quantity_interval(ABOUT_1200), quantity_interval(ABOUT_1400)
    assert a.low < 1150 and a.high > 1250
    assert a.high < b.low


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_quantity_relation_is_symmetric(x, y):
    a, b = q(str(x), x, x), q(f"about {y}", y, y, approximate=True)
    assert relate(a, b) == relate(b, a)


@given(st.integers(min_value=0, max_value=10**12))
def test_a_value_is_the_same_as_itself(n):
    for v in (q(str(n), n, n), q(f"over {n}", n, None, low_inclusive=False), q(f"up to {n}", 0, n)):
        assert relate(v, v) == "same"


def d(display, earliest=None, latest=None, weekday=None):
    return DateValue(display=display, earliest=earliest, latest=latest or earliest, weekday=weekday)


MONDAY_RESOLVED = d("on Monday", date(2023, 12, 25), weekday=0)
MONDAY_UNRESOLVED = d("on Monday", weekday=0)
THIS_WEEK = d("this week", date(2023, 12, 25), date(2023, 12, 29))
JANUARY_2020 = d("January 2020", date(2020, 1, 1), date(2020, 1, 31))
YEAR_2020 = d("2020", date(2020, 1, 1), date(2020, 12, 31))


@pytest.mark.parametrize(
    "a, b, relation",
    [
        (MONDAY_RESOLVED, MONDAY_UNRESOLVED, "same"),  # the unresolved one names the same weekday
        (MONDAY_UNRESOLVED, MONDAY_UNRESOLVED, "same"),
        # A date not on the calendar never conflicts: two undated articles' Monday and Tuesday may be weeks apart.
        (MONDAY_UNRESOLVED, d("Tuesday", weekday=1), "compatible"),
        (d("Wednesday", weekday=2), d("on Wednesday", date(2023, 12, 27), weekday=2), "same"),
        (MONDAY_RESOLVED, THIS_WEEK, "compatible"),
        (MONDAY_UNRESOLVED, THIS_WEEK, "compatible"),
        (d("this week"), MONDAY_RESOLVED, "compatible"),  # unresolved words without a weekday: can't tell
        (JANUARY_2020, YEAR_2020, "compatible"),
        (JANUARY_2020, JANUARY_2020, "same"),
        (JANUARY_2020, d("January 3, 2020", date(2020, 1, 3)), "compatible"),
        (JANUARY_2020, d("March 2020", date(2020, 3, 1), date(2020, 3, 31)), "conflict"),
        (d("Friday", weekday=4), MONDAY_RESOLVED, "compatible"),  # nor against a placed one
    ],
)
def test_date_relations(a, b, relation):
    assert relate(a, b) == relation
    assert relate(b, a) == relation


@pytest.mark.parametrize(
    "a, b, relation",
    [
        (TimeValue(display="1:30 a.m.", earliest="01:30", latest="01:30"),
         TimeValue(display="around 1:30 a.m.", earliest="01:30", latest="01:30", approximate=True), "same"),
        (TimeValue(display="around 1:30 a.m.", earliest="01:30", latest="01:30", approximate=True),
         TimeValue(display="1:40 a.m.", earliest="01:40", latest="01:40"), "compatible"),
        (TimeValue(display="1:30 a.m.", earliest="01:30", latest="01:30"),
         TimeValue(display="3 a.m.", earliest="03:00", latest="03:00"), "conflict"),
        (TimeValue(display="7:30 p.m. ET", earliest="19:30", latest="19:30", timezone="ET"),
         TimeValue(display="00:30 GMT", earliest="00:30", latest="00:30", timezone="GMT"), "same"),
        (TimeValue(display="11:50 p.m.", earliest="23:50", latest="23:50", approximate=True),
         TimeValue(display="00:02", earliest="00:02", latest="00:02"), "compatible"),  # across midnight
        # a bound is no part of the day: 'by 6 a.m.' and '7:08 a.m.' cannot both be true of one moment
        (TimeValue(display="by 6 a.m.", earliest="00:00", latest="06:00"),
         TimeValue(display="7:08 a.m.", earliest="07:08", latest="07:08"), "conflict"),
        (TimeValue(display="by 1 p.m.", earliest="00:00", latest="13:00"),
         TimeValue(display="11:30 a.m.", earliest="11:30", latest="11:30"), "compatible"),
        (TimeValue(display="early morning", earliest="04:00", latest="08:00"),
         TimeValue(display="9:10 a.m.", earliest="09:10", latest="09:10"), "compatible"),  # a part of the day
    ],
)
def test_time_relations(a, b, relation):
    assert relate(a, b) == relation
    assert relate(b, a) == relation


def place(name, lineage, country=None):
    return PlaceValue(display=name, name=name, country=country, lineage=lineage)


DAMASCUS = place("Damascus", ("SY", "SY/170654"), "SY")
SYRIA = place("Syria", ("SY",), "SY")
BAGHDAD = place("Baghdad", ("IQ", "IQ/98182"), "IQ")
# Regions outside the gazetteer's hierarchy: one spanning countries, one within a country without a code.
NORTH_SEA = place("North Sea", ("~north-sea",))
SIBERIA = place("Siberia", ("RU", "RU/~siberia"), "RU")
NORILSK = place("Norilsk", ("RU", "RU/24", "RU/24/1497337"), "RU")


@pytest.mark.parametrize(
    "a, b, relation",
    [(DAMASCUS, SYRIA, "compatible"), (DAMASCUS, DAMASCUS, "same"), (DAMASCUS, BAGHDAD, "conflict"),
     (SYRIA, BAGHDAD, "conflict"),
     # a region the hierarchy cannot place may hold or border the other place: never a conflict
     (NORTH_SEA, SYRIA, "compatible"), (NORTH_SEA, NORTH_SEA, "same"), (SIBERIA, NORILSK, "compatible"),
     (SIBERIA, BAGHDAD, "conflict")],
)
def test_place_relations(a, b, relation):
    assert relate(a, b) == relation
    assert relate(b, a) == relation


def rank(display, lineage):
    return NameValue(display=display, canonical=lineage[-1], category="rank", lineage=lineage)


@pytest.mark.parametrize(
    "a, b, relation",
    [
        (rank("Major General", ("general", "major general")), rank("Brig. Gen.", ("general", "brigadier general")),
         "conflict"),
        (rank("General", ("general",)), rank("Maj. Gen.", ("general", "major general")), "compatible"),
        (NameValue(display="Ramezan Sharif", canonical="rmzn shrf", category="person"),
         NameValue(display="Ramazan Sharif", canonical="rmzn shrf", category="person"), "same"),
        (NameValue(display="Jane Doe", canonical="jane doe", category="person"),
         NameValue(display="John Roe", canonical="john roe", category="person"), "conflict"),
    ],
)
def test_name_relations(a, b, relation):
    assert relate(a, b) == relation


def fact(*values, articles=None):
    articles = articles or [f"a{i}" for i in range(len(values))]
    claims = tuple(
        Claim(id=f"{art}-0-0", article=art, sentence=0, quote=v.display, span=(0, len(v.display)), value=v,
              subject=Subject())
        for art, v in zip(articles, values)
    )
    return Fact(id="f", title="?", kind=values[0].kind, claims=claims)


def test_verdict_compatible_lower_bounds_says_how_they_differ():
    verdict = compare(fact(MORE_THAN_1000, OVER_1200))
    assert verdict.status == "compatible"
    assert verdict.summary == "Sources differ in precision: 1,000+ vs 1,200+ (all lower bounds); all can be true together."


def test_verdict_agree_counts_sources():
    verdict = compare(fact(SOME_500, SOME_500, SOME_500))
    assert verdict.status == "agree"
    assert verdict.summary == "All 3 sources agree: ~500."


def test_verdict_conflict_names_the_pair():
    verdict = compare(fact(ABOUT_1200, EXACTLY_1400))
    assert verdict.status == "conflict"
    assert verdict.summary == "Sources conflict: ~1,200 vs 1,400 cannot both be true."


def test_verdict_single_source_when_one_article_only():
    verdict = compare(fact(AT_LEAST_240))
    assert verdict.status == "single_source"
    assert verdict.summary == "Only one source: 240+."


def test_verdict_places_says_which_lies_in_which():
    verdict = compare(fact(SYRIA, DAMASCUS, SYRIA, DAMASCUS))
    assert verdict.status == "compatible"
    assert verdict.summary == "Sources differ in precision: Damascus lies in Syria; both can be true."


def test_corrected_value_is_what_is_compared():
    f = fact(ABOUT_1200, EXACTLY_1400)
    fixed = f.model_copy(update={"claims": (f.claims[0], dataclasses.replace(f.claims[1], corrected=ABOUT_1200))})
    assert compare(fixed).status == "agree"
