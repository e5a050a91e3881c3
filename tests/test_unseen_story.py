"""A different kind of story, with no facts.yaml: automatic alignment alone must give useful facts.

tests/data/stories/earthquake holds four short articles written for this test (a Markdown wire story,
a dated and an undated report, a breaking-news item), with distractors: an older quake's toll, two
aid pledges in different currencies, a girl's age.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from factcompare.models import Fact, Story
from factcompare.pipeline import build_story

STORY = Path(__file__).parent / "data" / "stories" / "earthquake"


@pytest.fixture(scope="module")
def story() -> Story:
    return build_story(STORY)


def fact_quoting(story: Story, kind: str, words: str, value: str | None = None) -> Fact:
    """The one fact with a claim quoting these words whose value is written `value` (if given)."""
    found = [f for f in story.facts if f.kind == kind
             and any(words in c.quote and (value is None or c.value.display == value) for c in f.claims)]
    assert len(found) == 1, f"{len(found)} {kind} facts quote {words!r}"
    return found[0]


def sources(fact: Fact) -> list[str]:
    return sorted(c.article for c in fact.claims)


def test_no_errors_reading_the_story(story):
    assert [p for p in story.problems if p.severity == "error"] == []
    assert len(story.documents) == 4


def test_death_toll_gathers_every_source_and_not_the_older_quake(story):
    fact = fact_quoting(story, "quantity", "killing at least 38 people", "at least 38")
    # "The death toll ... rose to 45" names no counted noun: the toll's dead are what it counts.
    assert sources(fact) == ["breaking-quake-off-izmir", "daily-izmir-toll-41", "undated-toll-rises-to-45",
                             "wire-quake-kills-38"]
    assert not any("117" in c.quote for c in fact.claims)
    assert fact.verdict and fact.verdict.status == "compatible"


def test_injured_figures_rise_from_one_day_to_the_next(story):
    fact = fact_quoting(story, "quantity", "390 people were injured")
    assert sources(fact) == ["daily-izmir-toll-41", "undated-toll-rises-to-45", "wire-quake-kills-38"]
    # 390 on the 12th and "more than 400" on the 13th: the count rose; "Hundreds", undated, fits both.
    assert fact.verdict and fact.verdict.status == "updated"
    assert fact.verdict.summary == ("Rose from 390 (12 Mar) to 400+ (13 Mar); the latest report gives 400+ "
                                    "(1 undated source fits these figures).")


def test_rescue_workers_conflict(story):
    fact = fact_quoting(story, "quantity", "1,200 rescue workers")
    assert sources(fact) == ["daily-izmir-toll-41", "wire-quake-kills-38"]
    assert fact.verdict and fact.verdict.status == "conflict"


def test_the_day_of_the_quake_agrees_dated_or_not(story):
    fact = fact_quoting(story, "date", "A magnitude 6.4 earthquake struck western Turkey")
    assert len(fact.claims) >= 3
    assert fact.verdict and fact.verdict.status == "agree"
    resolved = {c.value.earliest for c in fact.claims if c.value.earliest}  # type: ignore[union-attr]
    assert [d.isoformat() for d in resolved] == ["2025-03-11"]


def test_aid_pledges_in_different_currencies_stay_apart(story):
    assert fact_quoting(story, "quantity", "$150 million") is not fact_quoting(story, "quantity", "€20 million")


def test_the_place_is_izmir_in_turkey(story):
    fact = fact_quoting(story, "place", "near Izmir, the country's third-largest city")
    assert len(fact.claims) >= 2
    assert {c.value.country for c in fact.claims} == {"TR"}  # type: ignore[union-attr]
    assert fact.verdict and fact.verdict.status in ("agree", "compatible")
