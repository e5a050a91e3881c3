"""Quantities: seed-story phrases and phrases from unrelated stories, plus property tests."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.extract.base import ExtractContext
from factcompare.extract.numbers import parse_number
from factcompare.extract.quantities import QuantityExtractor, counted_noun, quantities_in
from factcompare.models import Article, Document, QuantityValue, Sentence

INF = None


def make_doc(text: str, published: date | None = None) -> Document:
    """A Document cut on '. ': enough for extractor tests (the real normaliser lives elsewhere)."""
    parts = [p for p in re.split(r"(?<=\.) ", text) if p]
    sentences, offset = [], 0
    for i, part in enumerate(parts):
        start = text.index(part, offset)
        sentences.append(Sentence(index=i, start=start, end=start + len(part), text=part, paragraph=0))
        offset = start + len(part)
    article = Article(id="a", source="a.md", title="t", published=published, body=text)
    return Document(article=article, text=text, sentences=tuple(sentences), headline="t")


def only(text: str):
    found = quantities_in(text)
    assert len(found) == 1, [(f.value.display, f.noun) for f in found]
    return found[0]


# (sentence, display, low, high, low_inclusive, high_inclusive, approximate, unit, noun)
SEED = [
    ("in which more than 1000 Jews were killed", "more than 1000", 1000, INF, False, True, False, None, "Jews"),
    ("killing over 1,200 people, mostly civilians", "over 1,200", 1200, INF, False, True, False, None, "people"),
    ("At least 240 people were abducted as hostages", "At least 240", 240, INF, True, True, False, None, "people"),
    ("as many as 500 men affiliated with the group", "as many as 500", 0, 500, True, True, False, None, "men"),
    ("some 500 member of the group trained", "some 500", 500, 500, True, True, True, None, "member"),
    ("hundreds of Hamas terrorists and others", "hundreds", 200, 999, True, True, True, None, "terrorists"),
    ("provided up to $50 billion in relief", "up to $50 billion", 0, 50_000_000_000, True, True, False, "USD", None),
    ("Iran has invested 13.1 billion in developing", "13.1 billion", 13_100_000_000, 13_100_000_000, True, True, False, None, None),
    ("enrichment of uranium to 60%, a development", "60%", 60, 60, True, True, False, "%", None),
    ("resulting in the deaths of over 600 Americans.", "over 600", 600, INF, False, True, False, None, "Americans"),
    ("causing dozens of brain concussion injuries but", "dozens", 24, 99, True, True, True, None, "injuries"),
    ("thousands of Hamas-led terrorists burst through", "thousands", 2000, 9999, True, True, True, None, "terrorists"),
    ("the Quds Force, which he led for twenty years", "twenty years", 20, 20, True, True, False, "year", None),
]

OTHER = [
    # earthquake
    ("A magnitude 7.8 earthquake struck the region", "magnitude 7.8", 7.8, 7.8, True, True, False, "magnitude", None),
    ("a 6.3-magnitude aftershock hit", "6.3-magnitude", 6.3, 6.3, True, True, False, "magnitude", None),
    ("The quake killed more than 50,000 people", "more than 50,000", 50000, INF, False, True, False, None, "people"),
    ("tens of thousands of people were left homeless", "tens of thousands", 20000, 99999, True, True, True, None, "people"),
    ("Rescuers pulled about 1,200 survivors from the rubble", "about 1,200", 1200, 1200, True, True, True, None, "survivors"),
    # wildfire
    ("The wildfire has burned 5,000 acres of forest", "5,000 acres", 5000, 5000, True, True, False, "acre", "forest"),
    ("the fire scorched nearly 12,500 hectares", "nearly 12,500 hectares", 12500, 12500, True, True, True, "hectare", None),
    ("destroyed nearly two dozen homes", "nearly two dozen", 24, 24, True, True, True, None, "homes"),
    ("forced 3,000 residents to evacuate", "3,000", 3000, 3000, True, True, False, None, "residents"),
    # court
    ("The court fined the company €2m on Tuesday", "€2m", 2_000_000, 2_000_000, True, True, False, "EUR", None),
    ("a penalty of £1.2bn was imposed", "£1.2bn", 1_200_000_000, 1_200_000_000, True, True, False, "GBP", None),
    ("a fine of 13.1 billion dollars was upheld", "13.1 billion dollars", 13_100_000_000, 13_100_000_000, True, True, False, "USD", None),
    ("He was sentenced to 15 years in prison", "15 years", 15, 15, True, True, False, "year", None),
    ("the jury heard from a dozen witnesses", "a dozen", 12, 12, True, True, False, None, "witnesses"),
    # heat and weather
    ("Temperatures reached 46 to 48 degrees in the city", "46 to 48 degrees", 46, 48, True, True, False, "degree", None),
    ("the low was minus 5 degrees overnight", "minus 5 degrees", -5, -5, True, True, False, "degree", None),
    ("It was 40°C in the shade", "40°C", 40, 40, True, True, False, "degree C", None),
    ("temperatures stayed under 5 degrees", "under 5 degrees", INF, 5, True, False, False, "degree", None),
    ("winds of 120 mph tore roofs off", "120 mph", 120, 120, True, True, False, "mph", None),
    # factory fire and counts
    ("Six workers died in the blaze", "Six", 6, 6, True, True, False, None, "workers"),
    ("between 10 and 20 people were treated", "between 10 and 20", 10, 20, True, True, False, None, "people"),
    ("10-20 people were treated", "10-20", 10, 20, True, True, False, None, "people"),
    ("two or three firefighters were hurt", "two or three", 2, 3, True, True, True, None, "firefighters"),
    ("fewer than 10 survivors were found", "fewer than 10", 0, 10, True, False, False, None, "survivors"),
    ("1,000 or more refugees crossed", "1,000 or more", 1000, INF, True, True, False, None, "refugees"),
    ("several hundred protesters gathered", "several hundred", 300, 900, True, True, True, None, "protesters"),
    ("scores of police officers were deployed", "scores", 40, 99, True, True, True, None, "officers"),
    ("the plant produces 1.5 million barrels a day", "1.5 million barrels", 1_500_000, 1_500_000, True, True, False, "barrel", None),
    ("Roughly 60 percent of voters backed it", "Roughly 60 percent", 60, 60, True, True, True, "%", "voters"),
    ("support fell to 45 per cent", "45 per cent", 45, 45, True, True, False, "%", None),
    ("an estimated 300 migrants were aboard", "an estimated 300", 300, 300, True, True, True, None, "migrants"),
    ("a handful of residents refused to leave", "a handful of", 2, 6, True, True, True, None, "residents"),
    ("killed 1500 people in the region", "1500", 1500, 1500, True, True, False, None, "people"),
    ("The 2000 protesters marched", "2000", 2000, 2000, True, True, False, None, "protesters"),
    ("at least 1,000 of its members resigned", "at least 1,000", 1000, INF, True, True, False, None, "members"),
    ("About 5m people were displaced", "About 5m", 5_000_000, 5_000_000, True, True, True, None, "people"),
    ("the wave was 3m high", "3m", 3, 3, True, True, False, "m", None),
    ("the insurer paid USD 7 million", "USD 7 million", 7_000_000, 7_000_000, True, True, False, "USD", None),
    ("it cost the city 13bn", "13bn", 13_000_000_000, 13_000_000_000, True, True, False, None, None),
    ("ticket sales reached $5k", "$5k", 5000, 5000, True, True, False, "USD", None),
    ("1,000+ fans attended", "1,000+", 1000, INF, True, True, False, None, "fans"),
    ("between 2 and 3 million people lost power", "between 2 and 3 million", 2_000_000, 3_000_000, True, True, False, None, "people"),
    ("the damage is $10-20 million", "$10-20 million", 10_000_000, 20_000_000, True, True, False, "USD", None),
    # a count made an adjective
    ("a sub and its five-man crew vanished", "five-man", 5, 5, True, True, False, None, "people"),
    ("during a five-person expedition", "five-person", 5, 5, True, True, False, None, "people"),
    ("a 12-member jury found him guilty", "12-member", 12, 12, True, True, False, None, "members"),
    ("a 200-strong force crossed", "200-strong", 200, 200, True, True, False, None, "force"),
    # a model in the same sentence takes nothing from the count
    ("the Boeing 737-800 carried 181 people", "181", 181, 181, True, True, False, None, "people"),
    ("about 700-800 people gathered", "about 700-800", 700, 800, True, True, True, None, "people"),
    # a bound after the number
    ("no quakes of magnitude 6 or above in a century", "magnitude 6 or above", 6, INF, True, True, False, "magnitude",
     None),
    ("winds of 100 km/h or higher", "100 km/h or higher", 100, INF, True, True, False, "km/h", None),
    # a duration in two units is one duration, in the smaller
    ("contact was lost about 1 hour 45 minutes into the dive", "about 1 hour 45 minutes", 105, 105, True, True, True,
     "minute", None),
    ("the flight took 2 hours and 30 minutes", "2 hours and 30 minutes", 150, 150, True, True, False, "minute", None),
    ("the shaking lasted 1 minute, 30 seconds", "1 minute, 30 seconds", 90, 90, True, True, False, "second", None),
    ("he spent more than 2 years and 3 months in jail", "more than 2 years and 3 months", 27, INF, False, True, False,
     "month", None),
    ("the repairs take up to 1 hour 30 minutes", "up to 1 hour 30 minutes", 0, 90, True, True, False, "minute", None),
]


@pytest.mark.parametrize("text,display,low,high,low_inc,high_inc,approx,unit,noun", SEED + OTHER)
def test_quantity_table(text, display, low, high, low_inc, high_inc, approx, unit, noun):
    f = only(text)
    v = f.value
    assert text[f.start : f.end] == display == v.display
    assert (v.low, v.high) == (low, high)
    assert (v.low_inclusive, v.high_inclusive) == (low_inc, high_inc)
    assert v.approximate is approx
    assert v.unit == unit
    assert f.noun == noun


@pytest.mark.parametrize(
    "text",
    [
        "It happened in 2020 and again since 2012.",
        "a response to the 2020 killing of the commander",
        "the October 7 massacre",
        "on 7 October the attack began",
        "the Oct. 7th attack",
        "the October 7th massacre",
        "on December 28, 2023",
        "at 7:30 p.m. ET",
        "at about 1:30 a.m.",
        "between 2 and 4 p.m.",
        "it was one of the acts of revenge",
        "COVID-19 spread quickly",
        "two F-16 jets flew over",  # 'two' is a count; checked separately below
        "a Boeing 737 crashed",
        "used under Clause 27a of the law",
        "a 23-year-old man was arrested",
        "the 9/11 attacks",
        "coverage 24/7",
        "the 1990s were different",
        "No one was hurt",
        "on page 5 of the report",
        "the 7th floor",
        "the score was 3-1",
        "the killing was planned from way back 2017",
        "two days ago",
        "a two-state solution",
        "Many Windows 10 users complained",
        "the victim, aged 45, was named",
        "she was 30 years old",
        "a 5k run through the park",
        # models, flight numbers and phone numbers are identifiers
        "JEJU air says 737-800 crashed while landing",
        "Boeing 737-800 Crashes In South Korea",
        "a Boeing 777-300ER landed",
        "Jeju Air flight 7C 2216 crashed",
        "Flight 7C2216 had been flying",
        "customers can call 080-898-1500.",
        "dial +44 20 7946 0958 for help",
        "the helpline 0800 123 456 is open",
        "those in the United States can use 1-833-892-0197.",
        # 'one' as the first of a series
        "One levee gave way, followed by a second one an hour later.",
    ],
)
def test_not_quantities(text):
    found = [f for f in quantities_in(text) if f.value.display.lower() != "two"]
    assert found == [], [f.value.display for f in found]


@pytest.mark.parametrize("text, displays", [
    ("they waited 3 hours, then 20 minutes more", ["3 hours", "20 minutes"]),  # not one duration
    ("it lasted 30 minutes 2 hours ago", ["30 minutes", "2 hours"]),  # the larger unit second
    ("searchers worked 1-2 hours 30 minutes", ["1-2 hours", "30 minutes"]),  # a range has no one sum
    ("in 3 days 40 people died", ["3 days", "40"]),  # a count, not a duration
])
def test_durations_that_are_not_one_stay_apart(text, displays):
    assert [f.value.display for f in quantities_in(text)] == displays


def test_two_jets_is_a_count_but_f16_is_not():
    [f] = quantities_in("two F-16 jets flew over")
    assert f.value.display == "two" and f.value.low == 2 and f.noun == "jets"


def test_money_from_to_is_two_values():
    found = quantities_in("revenue rose from $10 billion to $12 billion")
    assert [(f.value.low, f.value.unit) for f in found] == [(10_000_000_000, "USD"), (12_000_000_000, "USD")]


def test_title_case_headline_still_counts():
    [f] = quantities_in("Iran Says 500 Fighters Trained In Tehran")
    assert f.value.low == 500 and f.noun == "Fighters"


@pytest.mark.parametrize(
    "text,pos,noun",
    [
        ("500 men affiliated with", 3, "men"),
        ("240 people were abducted", 3, "people"),
        ("500 Hamas terrorists and others", 3, "terrorists"),
        ("12 police officers were hurt", 2, "officers"),
        ("5 killed", 1, None),
        ("one man died", 3, "man"),
    ],
)
def test_counted_noun(text, pos, noun):
    assert counted_noun(text, pos) == noun


def test_extractor_returns_mentions_with_offsets_in_sentences():
    doc = make_doc("The blaze started at night. More than 40 workers were inside. About 12 were hurt.")
    mentions = QuantityExtractor().find(doc, ExtractContext())
    assert [(m.sentence, doc.sentences[m.sentence].text[m.start : m.end], m.noun) for m in mentions] == [
        (1, "More than 40", "workers"),
        (2, "About 12", None),
    ]
    assert all(isinstance(m.value, QuantityValue) for m in mentions)


# --- properties --------------------------------------------------------------------------

VOCAB = [
    "more than", "about", "at least", "up to", "nearly", "hundreds", "dozens", "of", "people", "$", "€",
    "1,200", "500", "13.1", "billion", "million", "%", "percent", "degrees", "to", "-", "and", "between",
    "October", "7", "2020", "in", "Monday", "1:30", "a.m.", "p.m.", "ET", "one", "a dozen", "COVID-19",
    "F-16", "or more", "+", "minus", "°C", "acres", "magnitude", "7.8", "the", ",", ".", "or", "twenty-five",
]
sentences = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(VOCAB), max_size=14).map(" ".join),
    st.lists(st.sampled_from(VOCAB), max_size=14).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(sentences)
def test_never_crashes_and_values_are_consistent(text):
    for f in quantities_in(text):
        v = f.value
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start : f.end] == v.display
        if v.low is not None and v.high is not None:
            assert v.low <= v.high
        assert v.low is not None or v.high is not None


@given(st.integers(min_value=0, max_value=10**15))
def test_number_formatting_round_trips(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.booleans())
def test_numbers_in_a_sentence_round_trip(n, commas):
    written = f"{n:,}" if commas else str(n)
    [f] = quantities_in(f"The flood destroyed {written} homes.")
    assert f.value.low == f.value.high == n
    assert f.noun == "homes"
