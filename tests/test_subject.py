"""What a value is about, read from its sentence: event, focus, governing noun, anchors.

Sentences are hand-made from stories of different kinds (a court case, a factory fire, an
earthquake, a shooting), so that each rule is a rule of news writing, not of one story.
"""

from datetime import date

import pytest

from factcompare.models import DateValue, Mention, NameValue, QuantityValue, TimeValue
from factcompare.subject import build_subject


def at(sentence: str, words: str, value, noun: str | None = None, about: str | None = None) -> Mention:
    start = sentence.index(words)
    return Mention(sentence=0, start=start, end=start + len(words), value=value, noun=noun, about=about)


def number(n, unit=None) -> QuantityValue:
    return QuantityValue(display=str(n), low=n, high=n, unit=unit)


def day(display: str, earliest=None, weekday=None) -> DateValue:
    return DateValue(display=display, earliest=earliest, latest=earliest, weekday=weekday)


def person(sentence: str, words: str, canonical: str | None = None) -> Mention:
    return at(sentence, words, NameValue(display=words, canonical=canonical or words, category="person"))


def subject(sentence: str, mention: Mention, *others: Mention, previous: str | None = None):
    return build_subject(sentence, previous, mention, [mention, *others])


@pytest.mark.parametrize("sentence, words, value, noun, event", [
    # The toll is what is counted, and its word is the event, however far the nearest event word.
    ("The death toll from Tuesday's earthquake in Turkey rose to 45.", "45", number(45), None, "kill"),
    ("The number of injured from the blast climbed to 300.", "300", number(300), None, "injure"),
    # A light verb ("struck") yields to the word that names the event ("quake").
    ("The 6.2-magnitude quake struck at 3:17 a.m.", "3:17 a.m.", TimeValue(display="3:17 a.m.", earliest="03:17", latest="03:17"), None, "disaster"),
    # "a fire" is a disaster; "opened fire" and "fired" are an attack.
    ("A fire swept through the warehouse at 10:40 p.m.", "10:40 p.m.", TimeValue(display="10:40 p.m.", earliest="22:40", latest="22:40"), None, "disaster"),
    ("Gunmen opened fire on the crowd at 10:40 p.m.", "10:40 p.m.", TimeValue(display="10:40 p.m.", earliest="22:40", latest="22:40"), None, "attack"),
    # What happened to the counted is the verb, not a modifier inside their noun phrase.
    ("Two injured workers died in hospital.", "Two", number(2), "workers", "kill"),
    ("Police said 30 people were injured.", "30", number(30), "people", "injure"),
    # "jailed for six years" is a sentence, like "sentenced to six years".
    ("Former mayor Paul Girard was jailed for six years.", "six years", number(6, "year"), None, "sentence"),
    # A ceremony's date is not the date of what it remembers.
    ("Crowds gathered on March 3 to commemorate the anniversary of the bombing.", "March 3", day("March 3"), None, "ceremony"),
])
def test_event_of_a_value(sentence, words, value, noun, event):
    assert subject(sentence, at(sentence, words, value, noun=noun)).event == event


@pytest.mark.parametrize("sentence, words, unit, noun, governing", [
    ("The court also imposed a fine of 300,000 euros.", "300,000 euros", "EUR", None, "fine"),
    ("The court found that Girard took 2.4 million euros in kickbacks.", "2.4 million euros", "EUR", None, "kickback"),
    ("He was convicted of taking bribes worth 2.4 million euros.", "2.4 million euros", "EUR", None, "bribe"),
    ("A court sentenced him to six years in prison.", "six years", "year", None, "prison"),
    ("He will appeal against his six-year prison sentence.", "six-year", "year", None, "prison"),
    ("Officials put the magnitude at 6.4.", "6.4", None, None, "magnitude"),
    ("The government pledged $150 million in emergency aid.", "$150 million", "USD", None, "aid"),
    # A counted noun that is not a measure stays what is counted.
    ("More than 150 firefighters fought the flames.", "More than 150", None, "firefighters", "firefighter"),
])
def test_the_noun_a_number_measures(sentence, words, unit, noun, governing):
    value = number(1, unit)
    assert subject(sentence, at(sentence, words, value, noun=noun)).noun == governing


@pytest.mark.parametrize("sentence, value_words, names, focus", [
    # The one the event happens to, not the nearest name.
    ("Judge Claire Martin sentenced Paul Girard on Wednesday.", "Wednesday", ["Claire Martin", "Paul Girard"], "paul girard"),
    ("Rebels killed Mayor Ana Ruiz in the village on Friday.", "Friday", ["Ana Ruiz"], "ana ruiz"),
    ("Ana Ruiz, who was shot by Officer Dana Holt on Friday, died later.", "Friday", ["Ana Ruiz", "Dana Holt"], "ana ruiz"),
    ("Witnesses saw the killing of Carlos Mena in Lima on Friday.", "Friday", ["Carlos Mena"], "carlos mena"),
    # The agent of a passive is not what the event is about.
    ("The suspect was shot by President Dana Holt on Friday.", "Friday", ["Dana Holt"], None),
    # Nobody named it happened to: no focus rather than a wrong one.
    ("Ana Ruiz condemned the killing of a local judge on Friday.", "Friday", ["Ana Ruiz"], None),
    # No event word, nobody it happens to.
    ("Girard had been mayor from 2008 to 2020.", "2008", ["Girard"], None),
    # The speaker of a statement is what a statement's date is about.
    ("On Wednesday, spokesman Omar Haddad denied the report.", "Wednesday", ["Omar Haddad"], "omar haddad"),
])
def test_focus_is_who_the_event_happens_to(sentence, value_words, names, focus):
    mention = at(sentence, value_words, day(value_words))
    others = [person(sentence, n, n.lower()) for n in names]
    assert subject(sentence, mention, *others).focus == focus


@pytest.mark.parametrize("display, earliest, weekday, anchors", [
    ("Tuesday", None, 1, {"tuesday"}),  # unresolved (undated article): still meets a dated Tuesday
    ("Monday", date(2023, 12, 25), 0, {"monday", "december 25"}),
    ("January 3, 2022", date(2022, 1, 3), None, {"january 3", "2022"}),  # no weekday for an explicit date
    ("October 7th", None, None, {"october 7"}),
    ("today", date(2023, 12, 28), None, {"december 28"}),
])
def test_dates_in_the_sentence_pin_the_event_in_every_form(display, earliest, weekday, anchors):
    sentence = f"Five people were killed {display}."
    count = at(sentence, "Five", number(5), noun="people")
    pin = at(sentence, display, DateValue(display=display, earliest=earliest, latest=earliest, weekday=weekday))
    assert set(subject(sentence, count, pin).anchors) == anchors


def test_a_year_anchor_is_shared_by_a_month_and_a_year():
    a = "A quake in the region killed 117 people in January 2020."
    b = "In 2020, a quake killed 117 people."
    sa = subject(a, at(a, "117", number(117), "people"), at(a, "January 2020", day("January 2020")))
    sb = subject(b, at(b, "117", number(117), "people"), at(b, "2020", day("2020")))
    assert "2020" in set(sa.anchors) & set(sb.anchors)
