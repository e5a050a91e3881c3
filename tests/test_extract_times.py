"""Clock times: points, hedged points, windows and ranges, with time zones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.extract.base import ExtractContext
from factcompare.extract.times import TimeExtractor, times_in
from factcompare.models import Article, Document, Sentence


def only(text: str):
    found = times_in(text)
    assert len(found) == 1, [f.value.display for f in found]
    f = found[0]
    assert text[f.start : f.end] == f.value.display
    return f.value


# (sentence, display, earliest, latest, timezone, approximate)
TABLE = [
    ("The quake struck at about 1:30 a.m. on Sunday", "about 1:30 a.m.", "01:30", "01:30", None, True),
    ("around 1:30 a.m. local time", "around 1:30 a.m. local time", "01:30", "01:30", "local", True),
    ("the speech begins at 7:30 p.m. ET tonight", "7:30 p.m. ET", "19:30", "19:30", "ET", False),
    ("the vote closes at noon", "noon", "12:00", "12:00", None, False),
    ("the curfew starts at midnight", "midnight", "00:00", "00:00", None, False),
    ("the launch is at 14:00 GMT", "14:00 GMT", "14:00", "14:00", "GMT", False),
    ("the office is open between 2 and 4 p.m. daily", "between 2 and 4 p.m.", "14:00", "16:00", None, False),
    ("from 10 a.m. to 2 p.m. the road was shut", "from 10 a.m. to 2 p.m.", "10:00", "14:00", None, False),
    ("the blast came shortly after 1 a.m.", "shortly after 1 a.m.", "01:00", "01:30", None, True),
    ("the fire broke out at 7pm", "7pm", "19:00", "19:00", None, False),
    ("doors open at 7.30pm", "7.30pm", "19:30", "19:30", None, False),
    ("the storm made landfall at 3 p.m. Eastern Time", "3 p.m. Eastern Time", "15:00", "15:00", "ET", False),
    ("the verdict is due at 9 a.m. UTC+3", "9 a.m. UTC+3", "09:00", "09:00", "UTC+3", False),
    ("troops moved in at 0800 hours", "0800 hours", "08:00", "08:00", None, False),
    ("the shooting happened on Monday morning", "morning", "06:00", "11:59", None, True),
    ("the train left in the late afternoon", "late afternoon", "15:00", "17:59", None, True),
    ("he rang at 9 o'clock in the evening", "9 o'clock in the evening", "21:00", "21:00", None, False),
    ("the polls closed at 8 p.m. PST", "8 p.m. PST", "20:00", "20:00", "PST", False),
    ("between 11 and 1 p.m. the line was down", "between 11 and 1 p.m.", "11:00", "13:00", None, False),
    ("the raid ended before 6 a.m.", "before 6 a.m.", "00:00", "06:00", None, False),
]


@pytest.mark.parametrize("text,display,earliest,latest,tz,approx", TABLE)
def test_time_table(text, display, earliest, latest, tz, approx):
    v = only(text)
    assert (v.display, v.earliest, v.latest, v.timezone, v.approximate) == (display, earliest, latest, tz, approx)


def test_reuters_style_gives_both_times():
    found = times_in("at 2:30 p.m. (1230 GMT)")
    assert [(f.value.earliest, f.value.timezone) for f in found] == [("14:30", None), ("12:30", "GMT")]


@pytest.mark.parametrize(
    "text",
    [
        "John 3:16 says so",
        "the ratio was 3:1",
        "46 to 48 degrees",
        "between 10 and 20 people",
        "a good morning to all",
        "I am 5 years old",
        "7 o'clock",  # morning or evening: not a value
        "killed 1230 people",
    ],
)
def test_not_times(text):
    assert times_in(text) == []


def test_extractor_mentions():
    text = "It began at about 1:30 a.m. Firefighters arrived at 2 a.m."
    s1, s2 = "It began at about 1:30 a.m.", "Firefighters arrived at 2 a.m."
    doc = Document(
        article=Article(id="a", source="a.md", title="t", body=text),
        text=text,
        sentences=(
            Sentence(index=0, start=0, end=len(s1), text=s1, paragraph=0),
            Sentence(index=1, start=len(s1) + 1, end=len(text), text=s2, paragraph=0),
        ),
        headline="t",
    )
    mentions = TimeExtractor().find(doc, ExtractContext())
    assert [(m.sentence, m.value.earliest, m.value.approximate) for m in mentions] == [(0, "01:30", True), (1, "02:00", False)]


@pytest.mark.parametrize("sentence, claims", [
    ("The quake struck at 11:11 p.m. (2211 GMT) on Friday.", [True, False]),
    ("The attack began at about 20:00 local time (17:00 GMT).", [True, False]),
    ("Police arrived at 9 p.m. and left at 11 p.m.", [True, True]),
])
def test_a_time_converted_to_another_zone_is_one_claim(sentence, claims):
    doc = Document(article=Article(id="a", source="a.md", title="t", body=sentence), text=sentence, headline="t",
                   sentences=(Sentence(index=0, start=0, end=len(sentence), text=sentence, paragraph=0),))
    assert [m.claim for m in TimeExtractor().find(doc, ExtractContext())] == claims


VOCAB = ["at", "about", "1:30", "a.m.", "p.m.", "ET", "GMT", "noon", "midnight", "between", "and", "to", "2", "4",
         "14:00", "1230", "-", "shortly", "after", "morning", "Monday", "in", "the", "late", "12", "o'clock", "23:59"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(VOCAB), max_size=10).map(" ".join)))
def test_never_crashes_and_windows_are_ordered(text):
    for f in times_in(text):
        v = f.value
        assert text[f.start : f.end] == v.display
        assert len(v.earliest) == len(v.latest) == 5
        assert "00:00" <= v.earliest <= v.latest <= "23:59"
