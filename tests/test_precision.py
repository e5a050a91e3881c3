"""How precise a value is, and which of one article's statements of a fact the fact shows."""

from datetime import date

import pytest

from factcompare.cluster import _most_precise
from factcompare.models import DateValue, NameValue, PlaceValue, QuantityValue, TimeValue
from factcompare.precision import precision_key


def q(display, low, high, approximate=False, low_inclusive=True):
    return QuantityValue(display=display, low=low, high=high, approximate=approximate, low_inclusive=low_inclusive)


def day(display, first, last=None, weekday=None):
    return DateValue(display=display, earliest=first, latest=last or first, weekday=weekday)


MONDAY = date(2023, 12, 25)


@pytest.mark.parametrize("values", [
    # most precise first
    [q("1,240", 1240, 1240), q("1,200", 1200, 1200), q("about 1,200", 1200, 1200, approximate=True),
     q("as many as 1,500", 0, 1500), q("more than 1,000", 1000, None, low_inclusive=False),
     q("hundreds", 200, 999, approximate=True)],
    [day("Monday", MONDAY, weekday=0), day("this week", MONDAY, date(2023, 12, 31)),
     day("December", date(2023, 12, 1), date(2023, 12, 31)),
     DateValue(display="Monday", earliest=None, latest=None, weekday=0),
     DateValue(display="recently", earliest=None, latest=None)],
    [TimeValue(display="9:03 a.m.", earliest="09:03", latest="09:03"),
     TimeValue(display="around 9:07 a.m.", earliest="09:07", latest="09:07", approximate=True),
     TimeValue(display="between 11 p.m. and 1 a.m.", earliest="23:00", latest="01:00"),
     TimeValue(display="morning", earliest="06:00", latest="11:59", approximate=True)],
    [PlaceValue(display="Damascus", name="Damascus", country="SY", lineage=("SY", "SY/170654")),
     PlaceValue(display="Syria", name="Syria", country="SY", lineage=("SY",))],
    [NameValue(display="Major General", canonical="major general", category="rank",
               lineage=("general", "major general")),
     NameValue(display="General", canonical="general", category="rank", lineage=("general",))],
])
def test_precision_keys_put_the_more_precise_value_first(values):
    keys = [precision_key(v) for v in values]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


def test_two_open_bounds_and_two_unresolved_weekdays_are_equally_precise():
    assert precision_key(q("more than 1,000", 1000, None)) == precision_key(q("at least 240", 240, None))
    assert precision_key(DateValue(display="Monday", earliest=None, latest=None, weekday=0)) == \
        precision_key(DateValue(display="Friday", earliest=None, latest=None, weekday=4))


HUNDREDS = q("hundreds", 200, 999, approximate=True)
ABOUT_500 = q("about 500", 500, 500, approximate=True)
EXACT_620 = q("620", 620, 620)  # more precise than 'about 500', and in conflict with it


@pytest.mark.parametrize("ranked, shown", [
    ([HUNDREDS, ABOUT_500], ABOUT_500),  # compatible: the more precise, however connected
    ([ABOUT_500, HUNDREDS], ABOUT_500),
    ([HUNDREDS, ABOUT_500, EXACT_620], ABOUT_500),  # 620 conflicts with the better connected 'about 500'
    ([HUNDREDS, EXACT_620, ABOUT_500], EXACT_620),  # and the other way round
    ([ABOUT_500, q("some 500", 500, 500, approximate=True)], ABOUT_500),  # as precise: the better connected
])
def test_an_article_shows_its_most_precise_statement_that_no_better_connected_one_contradicts(ranked, shown):
    assert ranked[_most_precise(list(range(len(ranked))), ranked)] == shown


EARLIER_THIS_WEEK = day("earlier this week", date(2023, 11, 27), date(2023, 12, 1))
SATURDAY = day("Saturday", date(2023, 12, 2), weekday=5)
MORNING = TimeValue(display="in the morning", earliest="06:00", latest="11:59", approximate=True)
NINE = TimeValue(display="9 a.m.", earliest="09:00", latest="09:00")
THREE_PM = TimeValue(display="3 p.m.", earliest="15:00", latest="15:00")


@pytest.mark.parametrize("ranked, shown", [
    # Sources' loose edges make these compatible (`relate`), yet they do not meet: one article that
    # gives both says two things (a sinking earlier this week, a visit on Saturday).
    ([EARLIER_THIS_WEEK, SATURDAY], EARLIER_THIS_WEEK),
    ([SATURDAY, EARLIER_THIS_WEEK], SATURDAY),
    ([MORNING, THREE_PM], MORNING),
    ([MORNING, NINE], NINE),  # within the morning: the clock time
    ([q("over 10,000", 10000, None, low_inclusive=False), q("10,100", 10100, 10100)], q("10,100", 10100, 10100)),
    ([q("thousands", 2000, 9999, approximate=True), q("10,100", 10100, 10100)], q("10,100", 10100, 10100)),
])
def test_statements_that_only_lie_near_each_other_are_left_to_connection(ranked, shown):
    assert ranked[_most_precise(list(range(len(ranked))), ranked)] == shown
