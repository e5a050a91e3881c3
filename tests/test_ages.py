"""Ages: a named person's age is a value sources compare; an age no one holds is no claim, and never a count."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcompare.align import align
from factcompare.compare import judge
from factcompare.extract.ages import ages_in
from factcompare.lexicon import AGE, is_age
from factcompare.models import Article
from factcompare.pipeline import analyse


def claims(article: str, body: str):
    return list(analyse(Article(id=article, source=f"{article}.md", title="t", body=body)).claims)


@pytest.mark.parametrize("text, display", [
    ("A 73-year-old French explorer was aboard.", "73-year-old"),
    ("He is 77 years old.", "77 years old"),
    ("Suleman, aged 19, was aboard.", "aged 19"),
    ("Aboard was Hamish Harding, 58, a British billionaire.", "58"),
    ("Aboard was Paul-Henri Nargeolet, 77.", "77"),
])
def test_ages_in_their_usual_forms(text, display):
    assert [text[s:e] for s, e, _ in ages_in(text)] == [display]


@pytest.mark.parametrize("text", [
    "In 2023, 15 people died.",  # a count after a year
    "On Monday, 30 of them left.",  # a count, not set off by commas
    "Flight 2216, 181 people aboard, crashed.",  # beyond any age
])
def test_numbers_that_are_not_ages(text):
    assert ages_in(text) == []


@given(st.text(alphabet="Ab ,.-0123456789yearoldg", max_size=60))
def test_an_age_is_a_whole_number_a_person_may_reach(text):
    for start, end, value in ages_in(text):
        assert 0 < value.low == value.high <= 120 and value.unit == AGE
        assert str(int(value.low)) in text[start:end]


@pytest.mark.parametrize("body, person", [
    ("Aboard was 73-year-old French explorer Paul-Henry Nargeolet.", "Paul-Henry Nargeolet"),
    ("Aboard was Paul-Henri Nargeolet, 77.", "Paul-Henri Nargeolet"),
    ("Among them were Hamish Harding, 58, and Shahzada Dawood, 48.", "Hamish Harding"),
])
def test_an_age_is_the_named_persons_next_to_it(body, person):
    ages = [c for c in claims("a", body) if is_age(c.value)]
    assert ages and ages[0].subject.holder == next(c for c in claims("a", body)
                                                   if c.value.kind == "name" and c.value.display == person
                                                   ).value.lineage[0]


def test_an_age_no_one_holds_is_no_claim_and_no_count():
    found = claims("a", "Shahzada Dawood and his 19-year-old son were aboard.")
    assert not any(c.value.kind == "quantity" for c in found)


def test_two_sources_giving_one_person_two_ages_conflict_under_a_question_of_age():
    found = (claims("a", "Aboard was 73-year-old French explorer Paul-Henry Nargeolet.")
             + claims("b", "Among the five aboard was Paul-Henri Nargeolet, 77.")
             + claims("c", "Among them was Hamish Harding, 58, the chairman."))
    facts = judge([f for f in align(found) if f.kind == "quantity"])
    nargeolet = next(f for f in facts if {c.article for c in f.claims} == {"a", "b"})
    assert nargeolet.title in ("How old is Paul-Henry Nargeolet?", "How old is Paul-Henri Nargeolet?")
    assert nargeolet.verdict.status == "conflict"
    assert all(len(f.claims) == 1 for f in facts if f is not nargeolet)  # Harding's age stays his own
