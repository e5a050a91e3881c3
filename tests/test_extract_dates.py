"""Dates: absolute and relative expressions, resolved against the publication date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.extract.base import ExtractContext
from factcompare.extract.dates import DateExtractor, dates_in
from factcompare.models import Article, Document, Sentence

PUB = date(2023, 12, 28)  # a Thursday, the seed story's publication date
D = date


def make_doc(sentences: list[str], published: date | None) -> Document:
    text = " ".join(sentences)
    out, offset = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(index=i, start=offset, end=offset + len(s), text=s, paragraph=0))
        offset += len(s) + 1
    article = Article(id="a", source="a.md", title="t", published=published, body=text)
    return Document(article=article, text=text, sentences=tuple(out), headline="t")


def only(text: str, published: date | None = PUB):
    found = dates_in(text, published)
    assert len(found) == 1, [f.value.display for f in found]
    f = found[0]
    assert text[f.start : f.end] == f.value.display
    return f.value


# (sentence, display, earliest, latest, weekday)
TABLE = [
    # seed story, published Thu 2023-12-28
    ("was killed in Damascus on Monday.", "Monday", D(2023, 12, 25), D(2023, 12, 25), 0),
    ("the spokesman said Wednesday that", "Wednesday", D(2023, 12, 27), D(2023, 12, 27), 2),
    ("the agency reported on Tuesday that", "Tuesday", D(2023, 12, 26), D(2023, 12, 26), 1),
    # A week counts from Sunday (US, Korea, Japan) or from Monday (ISO): its span holds both.
    ("an airstrike in Syria this week.", "this week", D(2023, 12, 24), D(2023, 12, 28), None),
    ("another officer earlier this week", "earlier this week", D(2023, 12, 24), D(2023, 12, 27), None),
    ("the October 7 massacre", "October 7", D(2023, 10, 7), D(2023, 10, 7), None),
    ("before the October 7th massacre", "October 7th", D(2023, 10, 7), D(2023, 10, 7), None),
    ("The Journal reported in late October that", "late October", D(2023, 10, 21), D(2023, 10, 31), None),
    ("the exercises took place in September", "September", D(2023, 9, 1), D(2023, 9, 30), None),
    ("a response to the 2020 killing of", "2020", D(2020, 1, 1), D(2020, 12, 31), None),
    ("began easing sanctions in 2012.", "2012", D(2012, 1, 1), D(2012, 12, 31), None),
    ("was killed in January 2020 for his", "January 2020", D(2020, 1, 1), D(2020, 1, 31), None),
    ("a ceremony on January 3, 2022, commemorating", "January 3, 2022", D(2022, 1, 3), D(2022, 1, 3), None),
    ("in his hometown in September 2022.", "September 2022", D(2022, 9, 1), D(2022, 9, 30), None),
    ("Thursday, December 28, 2023 – The Republic", "Thursday, December 28, 2023", D(2023, 12, 28), D(2023, 12, 28), 3),
    ("the IRGC today also addressed", "today", PUB, PUB, None),
    # other stories
    ("The quake struck on 3 January 2020 at dawn", "3 January 2020", D(2020, 1, 3), D(2020, 1, 3), None),
    ("the trial opened Jan. 3 in Denver", "Jan. 3", D(2023, 1, 3), D(2023, 1, 3), None),
    ("the fire started in mid-October", "mid-October", D(2023, 10, 11), D(2023, 10, 20), None),
    ("the plant closed in early March 2021", "early March 2021", D(2021, 3, 1), D(2021, 3, 10), None),
    ("the jury met yesterday", "yesterday", D(2023, 12, 27), D(2023, 12, 27), None),
    ("the verdict came two days ago", "two days ago", D(2023, 12, 26), D(2023, 12, 26), None),
    ("the storm hit last week", "last week", D(2023, 12, 17), D(2023, 12, 24), None),
    ("prices rose last month", "last month", D(2023, 11, 1), D(2023, 11, 30), None),
    ("the factory reopened this month", "this month", D(2023, 12, 1), PUB, None),
    ("the company went bankrupt last year", "last year", D(2022, 1, 1), D(2022, 12, 31), None),
    ("the ruling of last Wednesday", "last Wednesday", D(2023, 12, 20), D(2023, 12, 27), 2),
    ("the hearing will resume on Friday", "Friday", D(2023, 12, 29), D(2023, 12, 29), 4),
    ("the levee failed on 2023-08-30", "2023-08-30", D(2023, 8, 30), D(2023, 8, 30), None),
    ("the fire of 28/08/2021 destroyed", "28/08/2021", D(2021, 8, 28), D(2021, 8, 28), None),
    ("the drought of the 1990s", "1990s", D(1990, 1, 1), D(1999, 12, 31), None),
    ("the Agadir earthquake of 1960 killed", "1960", D(1960, 1, 1), D(1960, 12, 31), None),
    ("the floods in the summer of 2019", "summer of 2019", D(2019, 6, 1), D(2019, 8, 31), None),
    ("it rained from 2017 to 2020", "from 2017 to 2020", D(2017, 1, 1), D(2020, 12, 31), None),
    ("the festival on the 7th of October", "the 7th of October", D(2023, 10, 7), D(2023, 10, 7), None),
    ("the floods of 7-8 October 2023", "7-8 October 2023", D(2023, 10, 7), D(2023, 10, 8), None),
    ("the attacks of Sept. 11, 2001", "Sept. 11, 2001", D(2001, 9, 11), D(2001, 9, 11), None),
    ("the airline confirmed (29-Dec-2024) that", "29-Dec-2024", D(2024, 12, 29), D(2024, 12, 29), None),
    ("the levee broke on 3-September-2023.", "3-September-2023", D(2023, 9, 3), D(2023, 9, 3), None),
    # a day of the month alone: this month's, or last month's while that day is still to come
    ("the plane crashed on the morning of the 27th, killing", "the 27th", D(2023, 12, 27), D(2023, 12, 27), None),
    ("the talks ended on the 2nd.", "the 2nd", D(2023, 12, 2), D(2023, 12, 2), None),
    ("no rain has fallen since the 10th", "the 10th", D(2023, 12, 10), D(2023, 12, 10), None),
]


@pytest.mark.parametrize("text,display,earliest,latest,weekday", TABLE)
def test_date_table(text, display, earliest, latest, weekday):
    v = only(text)
    assert (v.display, v.earliest, v.latest, v.weekday) == (display, earliest, latest, weekday)


@pytest.mark.parametrize(
    "published,weekday,expected",
    [
        (D(2023, 12, 28), "Monday", D(2023, 12, 25)),
        (D(2023, 12, 28), "Wednesday", D(2023, 12, 27)),
        (D(2023, 12, 28), "Tuesday", D(2023, 12, 26)),
        (D(2023, 12, 28), "Thursday", D(2023, 12, 28)),
        (D(2023, 12, 28), "Friday", D(2023, 12, 22)),
        (D(2024, 1, 1), "Sunday", D(2023, 12, 31)),
    ],
)
def test_weekday_is_the_most_recent_on_or_before_publication(published, weekday, expected):
    v = only(f"the strike on {weekday} killed", published)
    assert v.earliest == v.latest == expected
    assert v.earliest.weekday() == v.weekday


@pytest.mark.parametrize(
    "text,display,weekday",
    [("killed on Monday", "Monday", 0), ("earlier this week", "earlier this week", None), ("October 7", "October 7", None)],
)
def test_relative_dates_stay_unresolved_without_publication(text, display, weekday):
    v = only(text, None)
    assert (v.display, v.earliest, v.latest, v.weekday) == (display, None, None, weekday)


def test_absolute_dates_resolve_without_publication():
    v = only("on January 3, 2022", None)
    assert v.earliest == v.latest == D(2022, 1, 3)


@pytest.mark.parametrize(
    "text",
    [
        "uranium enriched to 60% and 35% of voters",
        "Black Friday sales were strong",
        "They may be right and march on",
        "the 2000 protesters marched",
        "between 1500 and 1800 people",
        "killed 1500 people",
        "the ratio 12/11/2023 is ambiguous",  # could be 12 Nov or 11 Dec: no guess
        "over 1,200 people",
        "the fire on the 29th floor",
        "on the 50th anniversary of the war",
        "she finished 29th in the race",
        "the 3rd Infantry Division",
        "on 31-Feb-2024",
        "a death toll of 1960 people",  # a count of an event, not the event
        "a total of 1500 were evacuated",
    ],
)
def test_not_dates(text):
    assert dates_in(text, PUB) == []


def test_yearless_date_near_new_year_belongs_to_the_year_it_has_happened_in():
    assert only("the October 7 attack", D(2024, 1, 2)).earliest == D(2023, 10, 7)
    assert only("the December 30 attack", D(2024, 1, 2)).earliest == D(2023, 12, 30)


def test_extractor_uses_context_publication_date():
    doc = make_doc(["He was killed on Monday.", "The attack came in late October."], PUB)
    mentions = DateExtractor().find(doc, ExtractContext(published=PUB))
    assert [(m.sentence, m.value.earliest) for m in mentions] == [(0, D(2023, 12, 25)), (1, D(2023, 10, 21))]
    unknown = DateExtractor().find(doc, ExtractContext())
    assert [m.value.earliest for m in unknown] == [None, None]


VOCAB = [
    "on", "Monday", "last", "this", "week", "October", "7", "7th", "2020", "in", "late", "early", "mid-",
    "January", "3,", "2022", "May", "the", "of", "ago", "two", "days", "yesterday", "today", "-", "to",
    "from", "1990s", "summer", "29", "February", "Sept.", "12/31/2023", "2023-02-29", "31", "April",
]


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=80), st.lists(st.sampled_from(VOCAB), max_size=12).map(" ".join)),
    st.one_of(st.none(), st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31))),
)
def test_never_crashes_and_intervals_are_ordered(text, published):
    for f in dates_in(text, published):
        assert text[f.start : f.end] == f.value.display
        v = f.value
        assert (v.earliest is None) == (v.latest is None)
        if v.earliest is not None:
            assert v.earliest <= v.latest
            assert v.latest - v.earliest <= timedelta(days=366 * 61)


def test_day_of_the_month_stays_unresolved_without_publication():
    v = only("the plane crashed on the morning of the 29th, killing 179", None)
    assert (v.display, v.earliest, v.latest) == ("the 29th", None, None)


def test_day_of_the_month_skips_months_without_it():
    assert only("the dam broke on the 31st.", D(2023, 3, 2)).earliest == D(2023, 1, 31)


@given(published=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_this_week_holds_every_day_since_the_week_began_in_either_custom(published):
    """A Sunday before publication is 'this week' where weeks start on Sunday, and every day since
    Monday is where they start on Monday: the span holds both, and no day of the week before."""
    v = only("the ship sank this week", published)
    monday = published - timedelta(days=published.weekday())
    sunday = published - timedelta(days=(published.weekday() + 1) % 7)
    assert v.earliest == min(monday, sunday) and v.latest == published
    assert (v.latest - v.earliest).days <= 6
    last = only("the ship sank last week", published)
    assert last.earliest == min(monday, sunday) - timedelta(days=7) and last.latest < published
    assert last.latest == max(monday, sunday) - timedelta(days=1)
