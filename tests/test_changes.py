"""Figures that change over time: as-of times from sentences, stages, and the `updated` verdict."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcompare.changes import stages
from factcompare.compare import compare, relate
from factcompare.curation import Curation, load_curation
from factcompare.models import Article, AsOf, Claim, Fact, Frame, QuantityValue, Subject
from factcompare.overrides import apply_overrides
from factcompare.pipeline import analyse, build_story

MON = date(2024, 3, 4)


# --- as-of times from the sentence ------------------------------------------------------------


def as_of_of(text: str, words: str, published: date | None = MON) -> AsOf | None:
    claims = analyse(Article(id="a", source="a.md", title="t", body=text, published=published)).claims
    found = [c for c in claims if c.quote[c.span[0]:c.span[1]] == words]
    assert found, [c.quote[c.span[0]:c.span[1]] for c in claims]
    return found[0].as_of


@pytest.mark.parametrize("sentence, words, day, time, source", [
    ("As of 12:13 p.m., rescuers had recovered 62 bodies.", "62", MON, "12:13", "sentence"),
    ("By 6:10 p.m., 176 were confirmed to have died.", "176", MON, "18:10", "sentence"),
    ("By late Saturday the death toll had climbed to 5,300.", "5,300", date(2024, 3, 2), None, "sentence"),
    ("The ministry said on Sunday that 40 people had died.", "40", date(2024, 3, 3), None, "sentence"),
    # the day of an event is when it happened, not as of when its toll was counted
    ("The storm killed 170 people on Sunday.", "170", MON, None, "published"),
    ("The toll, earlier put at 2,300, rose to 5,000.", "2,300", MON, None, "earlier"),
    ("The death toll rose from 62 to 179.", "62", MON, None, "earlier"),
    ("The death toll rose from 62 to 179.", "179", MON, None, "published"),
    ("Earlier on Sunday, officials said 40 people had died.", "40", date(2024, 3, 3), None, "sentence"),
])
def test_a_count_is_dated_by_its_sentence_or_its_article(sentence, words, day, time, source):
    found = as_of_of(sentence, words)
    assert found is not None and (found.day, found.time, found.source) == (day, time, source)


def test_the_sentence_words_that_date_a_figure_are_kept():
    assert as_of_of("By late Saturday the death toll had climbed to 5,300.", "5,300").words == "By late Saturday"


@pytest.mark.parametrize("sentence, words", [
    ("By Wednesday morning the toll had climbed to 5,300.", "5,300"),  # a weekday with no date to place it
    ("By 6:10 p.m., 176 were confirmed to have died.", "176"),  # a time with no day
    ("The storm killed 170 people.", "170"),
])
def test_nothing_is_guessed_in_an_article_with_no_date(sentence, words):
    assert as_of_of(sentence, words, published=None) is None


# --- stages and the verdict -------------------------------------------------------------------


DEAD = Frame(predicate="kill", event="kill", noun="people", state="dead", firm=True)


def count(article: str, n: int, day: int | None, time: str | None = None, frame: Frame = DEAD,
          unit: str | None = None, approximate: bool = False) -> Claim:
    value = QuantityValue(display=str(n), low=n, high=n, approximate=approximate, unit=unit)
    as_of = AsOf(day=date(2024, 12, day), time=time, source="published") if day else None
    return Claim(id=f"{article}-0-0", article=article, sentence=0, quote=f"{n} died.", span=(0, len(str(n))),
                 value=value, subject=Subject(), frame=frame, as_of=as_of)


def fact(*claims: Claim, over_time: bool | None = None) -> Fact:
    return Fact(id="toll", title="How many died?", kind="quantity", claims=claims, over_time=over_time)


def test_a_toll_that_rises_day_by_day_is_updated_with_its_current_value():
    verdict = compare(fact(count("a", 62, 29, "12:13"), count("b", 176, 29, "18:10"), count("c", 179, 30),
                           count("d", 179, 31)))
    assert verdict.status == "updated"
    assert [s.value.low for s in verdict.steps] == [62, 176, 179] and verdict.current.low == 179
    assert verdict.steps[-1].claims == ("c-0-0", "d-0-0")
    assert verdict.summary == ("Rose from 62 (29 Dec, 12:13) to 176 (29 Dec, 18:10) to 179 (30 Dec); "
                               "the latest 2 reports agree on 179.")


def test_sources_that_disagree_on_the_same_day_conflict():
    # one gives no hour: both may be from any time that day, so time cannot explain the difference
    assert compare(fact(count("a", 62, 29, "12:13"), count("b", 179, 29))).status == "conflict"
    assert compare(fact(count("a", 62, 29), count("b", 179, 29), count("c", 179, 30))).status == "conflict"


def test_an_undated_claim_must_fit_some_stage():
    fits = compare(fact(count("a", 62, 29), count("b", 179, 30), count("c", 179, None)))
    assert fits.status == "updated" and "1 undated source fits these figures" in fits.summary
    assert compare(fact(count("a", 62, 29), count("b", 179, 30), count("c", 120, None))).status == "conflict"


def test_a_length_or_a_group_size_does_not_change_with_the_story():
    feet = Frame(noun="length")
    assert compare(fact(count("a", 22, 20, unit="ft", frame=feet), count("b", 21, 22, unit="ft", frame=feet))
                   ).status == "conflict"
    aboard = Frame(noun="people", state="aboard")
    assert compare(fact(count("a", 181, 29, frame=aboard), count("b", 180, 30, frame=aboard))).status == "conflict"


def test_a_toll_revised_down_once_is_updated_but_not_twice():
    assert compare(fact(count("a", 11300, 14), count("b", 3958, 20))).summary.startswith("Fell from 11,300")
    assert compare(fact(count("a", 62, 29), count("b", 33, 30), count("c", 5, 31))).status == "conflict"


def test_the_editor_decides_what_time_explains():
    rising = (count("a", 62, 29), count("b", 179, 30))
    assert compare(fact(*rising, over_time=False)).status == "conflict"
    aboard = Frame(noun="people", state="aboard")
    revised = (count("a", 181, 29, frame=aboard), count("b", 180, 30, frame=aboard))
    assert compare(fact(*revised, over_time=True)).status == "updated"


@given(st.lists(st.tuples(st.integers(1, 60), st.one_of(st.none(), st.integers(1, 4)),
                          st.one_of(st.none(), st.sampled_from(["09:00", "12:00", "18:00"]))), min_size=2, max_size=7))
def test_stages_never_hide_a_disagreement_at_one_time(rows):
    claims = tuple(count(f"a{k}", n * 10, day, time if day else None) for k, (n, day, time) in enumerate(rows))
    found = stages(claims, relate)
    if found is None:
        return
    assert len(found) >= 2
    for k, stage in enumerate(found):
        for c in stage:  # within a stage, nothing conflicts
            assert all(relate(c.value, o.value) != "conflict" for o in stage)
        if k:  # a later stage starts after every claim of the one before has ended
            assert stage[0].as_of.key[0] > max(c.as_of.key[1] for c in found[k - 1])
    for c in claims:  # every undated claim fits some stage
        if c.as_of is None:
            assert any(all(relate(c.value, o.value) != "conflict" for o in stage) for stage in found)


# --- the editor's facts.yaml ------------------------------------------------------------------


def test_facts_yaml_dates_a_claim_and_says_what_time_explains(tmp_path: Path):
    (tmp_path / "facts.yaml").write_text("over_time:\n  toll: no\n  nothing: yes\n"
                                         "as_of:\n  c-0-0: 2024-12-31 08:00\n  x-9-9: 2024-12-31\n")
    curation, problems = load_curation(tmp_path / "facts.yaml", display="facts.yaml")
    assert problems == []
    facts, problems = apply_overrides([fact(count("a", 62, 29), count("c", 179, None))], curation, "facts.yaml")
    assert facts[0].over_time is False
    assert facts[0].claims[1].as_of == AsOf(day=date(2024, 12, 31), time="08:00", source="editor")
    assert sorted((p.line, p.severity) for p in problems) == [(3, "warning"), (6, "warning")]
    assert "'nothing'" in problems[0].message + problems[1].message


def test_a_bad_as_of_in_facts_yaml_names_its_line(tmp_path: Path):
    (tmp_path / "facts.yaml").write_text("as_of:\n  c-0-0: yesterday\n")
    curation, problems = load_curation(tmp_path / "facts.yaml", display="facts.yaml")
    assert curation == Curation() and problems[0].line == 2 and "YYYY-MM-DD" in problems[0].message


# --- a story built end to end -----------------------------------------------------------------


def story(tmp_path: Path, days: tuple[str, str]) -> str:
    (tmp_path / "a.md").write_text(f"---\ntitle: Ferry sinks off the coast\noutlet: One\npublished: {days[0]}\n---\n\n"
                                   "A passenger ferry sank off the coast on Sunday. Forty people were killed "
                                   "when the ferry capsized, the coast guard said.\n")
    (tmp_path / "b.md").write_text(f"---\ntitle: Ferry toll\noutlet: Two\npublished: {days[1]}\n---\n\n"
                                   "A passenger ferry sank off the coast on Sunday. Sixty-five people were killed "
                                   "when the ferry capsized, the coast guard said.\n")
    built = build_story(tmp_path)
    tolls = [f for f in built.facts if {c.article for c in f.claims} == {"a", "b"} and f.kind == "quantity"]
    assert len(tolls) == 1, [(f.id, [c.value.display for c in f.claims]) for f in built.facts]
    return tolls[0].verdict.status


def test_two_outlets_with_different_tolls_on_the_same_day_conflict(tmp_path: Path):
    assert story(tmp_path, ("2024-03-04", "2024-03-04")) == "conflict"


def test_a_later_outlet_with_a_higher_toll_is_an_update(tmp_path: Path):
    assert story(tmp_path, ("2024-03-04", "2024-03-05")) == "updated"


def test_the_words_that_date_a_figure_make_no_claim_of_their_own():
    text = "As of noon on Monday, 12 people had died, the coast guard said."
    claims = analyse(Article(id="a", source="a.md", title="t", body=text, published=MON)).claims
    assert [c.value.kind for c in claims] == ["quantity"]
    assert claims[0].as_of == AsOf(day=MON, time="12:00", source="sentence", words="As of noon on Monday")


def test_a_date_that_names_the_event_stays_a_claim():
    text = "The death toll from Tuesday's earthquake rose to 45, the minister said."
    claims = analyse(Article(id="a", source="a.md", title="t", body=text, published=MON)).claims
    assert sorted(c.value.kind for c in claims) == ["date", "quantity"]
    assert next(c for c in claims if c.value.kind == "quantity").as_of.source == "published"
