"""Alignment on hand-made claims: what joins a fact is the subject, never the value."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import numpy as np

from factcompare.align import align
from factcompare.alignscore import Vectoriser
from factcompare.curation import Cues, Curation, FactDefinition
from factcompare.models import Claim, DateValue, Frame, PlaceValue, QuantityValue, Subject
from factcompare.titles import describe, slugify

#: Hand-made claims are read as firmly as a parse can: clustering is what these tests are about
#: (`test_firm.py` tests what a doubtful reading changes).
FIRM = Frame(firm=True)


def quantity(article, n, subject, sentence=0, unit=None, quote=None, frame=FIRM):
    v = QuantityValue(display=str(n), low=n, high=n, unit=unit)
    return Claim(id=f"{article}-{sentence}-0", article=article, sentence=sentence, quote=quote or f"{n} ...",
                 span=(0, len(str(n))), value=v, subject=subject, frame=frame)


TOLL = dict(event="kill", noun_class="person", anchors=("october 7",), entities=("israel", "militants"),
            terms=("kill", "massacre", "border"))


def test_claims_about_one_thing_join_one_fact_whatever_their_values():
    a = quantity("a", 1000, Subject(noun="people", **TOLL))
    b = quantity("b", 1400, Subject(noun="people", **TOLL))
    facts = align([a, b])
    assert [sorted(c.article for c in f.claims) for f in facts] == [["a", "b"]]


def test_a_number_about_something_else_stays_apart():
    toll_a = quantity("a", 1000, Subject(noun="people", **TOLL))
    toll_b = quantity("b", 1200, Subject(noun="people", **TOLL))
    other = quantity("c", 600, Subject(event="kill", noun="american", noun_class="person", anchors=("2020-01",),
                                       entities=("iraq", "united states"), terms=("death", "attack", "personnel")))
    facts = align([toll_a, toll_b, other])
    assert sorted(sorted(c.article for c in f.claims) for f in facts) == [["a", "b"], ["c"]]


def test_money_about_different_things_stays_apart():
    invest = Subject(event="pay", noun_class="money", entities=("proxy network",), terms=("develop", "network", "proxy"))
    relief = Subject(event="pay", noun_class="money", entities=("treasury",), terms=("relief", "sanction", "provide"))
    facts = align([quantity("a", 13.1e9, invest, unit="USD"), quantity("b", 50e9, relief, unit="USD")])
    assert len(facts) == 2


def test_different_counted_things_never_join():
    people = quantity("a", 12, Subject(event="kill", noun_class="person", terms=("fire", "factory")))
    money = quantity("b", 12, Subject(event="kill", noun_class="money", terms=("fire", "factory")), unit="USD")
    assert len(align([people, money])) == 2


def test_one_article_never_gives_two_claims_to_one_fact():
    a1 = quantity("a", 10, Subject(noun="people", **TOLL), sentence=1)
    a2 = quantity("a", 30, Subject(noun="people", **TOLL), sentence=5)
    b = quantity("b", 10, Subject(noun="people", **TOLL))
    facts = align([a1, a2, b])
    for f in facts:
        articles = [c.article for c in f.claims]
        assert len(articles) == len(set(articles))
    assert sum(len(f.claims) for f in facts) == 3  # the conflicting repeat is kept, as its own fact


def test_a_sentence_that_repeats_a_figure_makes_no_new_fact():
    a1 = quantity("a", 1200, Subject(noun="people", **TOLL), sentence=1)
    a2 = quantity("a", 1200, Subject(noun="people", **TOLL), sentence=7)
    b = quantity("b", 1200, Subject(noun="people", **TOLL))
    facts = align([a1, a2, b])
    assert len(facts) == 1
    assert [c.id for c in facts[0].claims] == ["a-1-0", "b-0-0"]


def test_a_sentence_that_counts_the_same_thing_again_in_other_words_makes_no_new_fact():
    survived = dict(event="survive", noun_class="person", entities=("jeju air",), terms=("survive", "crash", "runway"))
    lead = quantity("a", 2, Subject(noun="crew", **survived), sentence=0)  # "all but two crew members died"
    other = quantity("b", 2, Subject(noun="crew", **survived))
    again = quantity("a", 2, Subject(noun="crew", noun_class="person", terms=("pull", "hospital", "woman")),
                     sentence=4)  # "two of the crew had been pulled from the plane"
    thai = quantity("a", 2, Subject(noun="national", noun_class="person", terms=("thai", "passenger")), sentence=6)
    facts = align([lead, other, again, thai])
    assert sorted(c.id for f in facts for c in f.claims) == ["a-0-0", "a-6-0", "b-0-0"]


def test_curated_cues_select_claims_before_automatic_alignment():
    toll = quantity("a", 1000, Subject(noun="people", **TOLL), quote="On October 7, militants killed 1000 people.")
    unrelated = quantity("b", 5, Subject(event="kill", noun_class="person", terms=("crash",)),
                         quote="Five people died in a crash.")
    definition = FactDefinition(id="toll", title="How many were killed?", kind="quantity",
                                cues=Cues(event="kill", any=("October 7", "Oct. 7")))
    facts = align([toll, unrelated], Curation(facts=(definition,)))
    assert facts[0].id == "toll" and facts[0].curated
    assert [c.article for c in facts[0].claims] == ["a"]
    assert [c.article for c in facts[1].claims] == ["b"]


def test_curated_cues_can_read_the_sentence_before():
    claim = quantity("a", 500, Subject(event="train", noun_class="person"), quote="They trained 500 men.")
    definition = FactDefinition(id="trained", title="How many trained?", kind="quantity",
                                cues=Cues(event="train", all=("Tehran",)))
    assert align([claim], Curation(facts=(definition,)))[0].claims == ()
    facts = align([claim], Curation(facts=(definition,)), previous={claim.id: "Camps near Tehran opened."})
    assert [c.id for c in facts[0].claims] == ["a-0-0"]


def test_automatic_titles_ask_a_question_and_ids_are_slugs():
    labelled = dict(TOLL, labels=(("israel", "Israel"),))
    claims = [quantity("a", 10, Subject(noun="worker", **labelled)), quantity("b", 12, Subject(noun="jew", **labelled))]
    title = describe(claims)
    assert title == "How many people were killed? (October 7, Israel)"
    assert slugify("quantity " + title) == "quantity-people-killed-october-7-israel"


def test_a_count_of_things_names_them_in_the_plural():
    s = Subject(event="destroy", noun="building", noun_class="building", terms=("quake",))
    assert describe([quantity("a", 30, s)]) == "How many buildings were destroyed?"


def test_place_fact_title_names_the_holder_or_entity():
    v = PlaceValue(display="Valencia", name="Valencia", country="ES", lineage=("ES", "ES/2509954"))
    s = Subject(event="destroy", entities=("es", "valencia city council"),
                labels=(("valencia city council", "Valencia City Council"),))
    c = Claim(id="a-0-0", article="a", sentence=0, quote="Floods destroyed homes in Valencia.", span=(28, 36),
              value=v, subject=s)
    assert describe([c]) == "Where was the destruction? (Valencia City Council)"


def test_alignment_is_deterministic_under_input_order():
    claims = [quantity(a, n, Subject(noun="people", **TOLL)) for a, n in (("a", 1), ("b", 2), ("c", 3))]
    assert align(claims) == align(list(reversed(claims)))


# --- typed evidence, hand-made stories of other kinds ----------------------------------------

FIRE = dict(noun_class="person", anchors=("tuesday",), entities=("monterrey", "MX"), terms=("fire", "factory", "worker"))


def test_the_killed_and_the_injured_of_one_event_are_two_counts():
    killed = quantity("a", 12, Subject(event="kill", noun="worker", **FIRE))
    injured = quantity("b", 30, Subject(event="injure", noun="worker", **FIRE))
    assert len(align([killed, injured])) == 2


def test_claims_without_an_event_still_meet_by_their_counted_noun():
    a = quantity("a", 150, Subject(noun="firefighter", noun_class="person", terms=("firefighter", "fight", "flame")))
    b = quantity("b", 120, Subject(noun="firefighter", noun_class="person", terms=("firefighter", "deploy")))
    assert [sorted(c.article for c in f.claims) for f in align([a, b])] == [["a", "b"]]


def test_a_bare_number_that_names_its_unit_meets_one_that_carries_it():
    quake = dict(event="disaster", noun="magnitude", terms=("quake", "strike"))
    a = quantity("a", 6.4, Subject(noun_class="unit:magnitude", anchors=("tuesday",), **quake), unit="magnitude")
    b = quantity("b", 6.4, Subject(noun_class="unit:magnitude", **quake), unit="magnitude")
    c = quantity("c", 6.4, Subject(event="measure", noun="magnitude", terms=("magnitude", "put", "official")))
    facts = align([a, b, c])
    assert [sorted(x.article for x in f.claims) for f in facts] == [["a", "b", "c"]]


def date_claim(article, day, subject, sentence=0):
    v = DateValue(display=day.strftime("%A"), earliest=day, latest=day, weekday=day.weekday())
    return Claim(id=f"{article}-{sentence}-0", article=article, sentence=sentence, quote=f"{v.display} ...",
                 span=(0, len(v.display)), value=v, subject=subject, frame=FIRM)


def test_dates_of_one_kind_of_disaster_meet_however_they_are_worded():
    a = date_claim("a", date(2023, 9, 10), Subject(event="storm", terms=("make", "landfall", "coast")))
    b = date_claim("b", date(2023, 9, 10), Subject(event="storm", terms=("strike", "afternoon")))
    assert [sorted(c.article for c in f.claims) for f in align([a, b])] == [["a", "b"]]


def test_dates_of_two_kinds_of_disaster_are_two_events():
    words = dict(terms=("strike", "coast", "city"), entities=("port city",))
    storm = date_claim("a", date(2023, 9, 10), Subject(event="storm", **words))
    flood = date_claim("b", date(2023, 9, 11), Subject(event="flood", **words))
    assert len(align([storm, flood])) == 2


def test_a_noun_said_of_which_meets_the_bare_noun():
    words = dict(noun_class="time", terms=("remain", "vessel"))
    a = quantity("a", 41, Subject(noun="emergency oxygen", **words), unit="hour")
    b = quantity("b", 40, Subject(noun="oxygen", **words), unit="hour")
    c = quantity("c", 40, Subject(noun="diesel oxygen", **words), unit="hour")
    vec = Vectoriser([a, b, c])
    assert vec.similarity(a, b) > vec.similarity(a, c)
    assert vec.scores(np.array([0, 0]), np.array([1, 2])).tolist() == [vec.similarity(a, b), vec.similarity(a, c)]


def test_a_former_mayor_and_a_mayor_are_one_role():
    from factcompare.alignscore import role
    assert role("former mayor") == role("ex-mayor") == role("mayor") == "mayor"
    assert role("acting mayor") != "mayor"


def test_a_figure_pinned_to_another_year_stays_apart():
    toll = dict(event="kill", noun="people", noun_class="person", entities=("TR", "izmir"), terms=("quake", "kill", "people"))
    a = quantity("a", 38, Subject(anchors=("tuesday",), **toll))
    b = quantity("b", 41, Subject(anchors=("tuesday",), **toll))
    old = quantity("b", 117, Subject(anchors=("2020",), **toll), sentence=6)
    facts = align([a, b, old])
    assert sorted(sorted(c.value.low for c in f.claims) for f in facts) == [[38, 41], [117]]


def test_a_different_figure_of_the_same_article_is_never_lost():
    a1 = quantity("a", 240, Subject(noun="people", **TOLL), sentence=1)
    a2 = quantity("a", 1000, Subject(noun="people", **TOLL), sentence=5)  # compatible, not the same
    b = quantity("b", 1200, Subject(noun="people", **TOLL))
    facts = align([a1, a2, b])
    assert sorted(c.id for f in facts for c in f.claims) == ["a-1-0", "a-5-0", "b-0-0"]


@pytest.mark.parametrize("subject, unit, title", [
    (Subject(event="sentence", noun="fine", noun_class="money"), "EUR", "How much was the fine?"),
    (Subject(event="sentence", noun="prison", noun_class="unit:year"), "year", "How many years of prison?"),
    (Subject(event="disaster", noun="magnitude", noun_class="unit:magnitude"), "magnitude", "What was the magnitude?"),
    (Subject(noun="submersible", noun_class="unit:ft"), "ft", "How many feet?"),
    (Subject(noun="crew", noun_class="person"), None, "How many crew?"),
    (Subject(event="kill", noun="body", noun_class="person"), None, "How many bodies?"),
    (Subject(noun="firefighter", noun_class="person"), None, "How many firefighters?"),
    (Subject(event="sentence", noun_class="person"), None, "How many people were sentenced?"),
])
def test_titles_say_what_was_counted_or_measured(subject, unit, title):
    assert describe([quantity("a", 6, subject, unit=unit), quantity("b", 5, subject, unit=unit)]) == title


def test_a_duration_title_names_what_lasted_not_the_verb():
    went = Frame(firm=True, predicate="go")  # "the aircraft went down three minutes later"
    claims = [quantity(a, 3, Subject(noun="go", noun_class="unit:minute"), unit="minute", frame=went) for a in "ab"]
    assert describe(claims) == "How many minutes?"


# --- scale ----------------------------------------------------------------------------------

ALIGN_IN_A_PROCESS = """
import sys
from pathlib import Path
from factcompare.align import align
from factcompare.corpus import read_corpus
from factcompare.pipeline import BuildSettings, analyse_all
claims = []
for folder in sys.argv[1:]:
    articles, _ = read_corpus(Path(folder))
    claims += [c for r in analyse_all([(a, ()) for a in articles], BuildSettings(executor="serial")) for c in r.claims]
for fact in align(claims):
    print(fact.model_dump_json())
"""


def test_alignment_does_not_depend_on_the_hash_seed(tmp_path):
    """Sets of words decide similarities: their order must never change a sum, nor a fact."""
    stories = Path(__file__).parent / "data" / "stories"
    folders = [str(p) for p in sorted(stories.iterdir()) if p.is_dir()]
    runs = [subprocess.run([sys.executable, "-c", ALIGN_IN_A_PROCESS, *folders], capture_output=True, text=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
            for seed in ("1", "2")]
    assert runs[0].count("\n") > 10
    assert runs[0] == runs[1]


@pytest.mark.parametrize("sizes", [(1, 1), (1, 64), (1, 65), (3, 500), (8, 8), (9, 9), (400, 700), (700, 2)])
def test_a_merge_test_weighs_a_bounded_spaced_sample_of_each_cluster(sizes):
    from factcompare.cluster import MERGE_PAIRS, _merge_sample

    mi, mj = list(range(sizes[0])), list(range(1000, 1000 + sizes[1]))
    si, sj = _merge_sample(mi, mj)
    assert len(si) * len(sj) <= MERGE_PAIRS
    assert si and sj and set(si) <= set(mi) and set(sj) <= set(mj)
    assert si == sorted(si) and sj == sorted(sj)
    if sizes[0] * sizes[1] <= MERGE_PAIRS:
        assert (si, sj) == (mi, mj)
    else:  # the smaller side is thinned only when the larger alone cannot bring the pairs within bounds
        small, small_sample = min((mi, si), (mj, sj), key=lambda pair: len(pair[0]))
        assert small_sample == small or len(small) * len(small) > MERGE_PAIRS


# --- one claim per article: the most precise ------------------------------------------------


def stated(article, value, subject, sentence=0, frame=FIRM):
    """A hand-made claim of any value, its words the value's display."""
    return Claim(id=f"{article}-{sentence}-0", article=article, sentence=sentence, quote=f"{value.display} ...",
                 span=(0, len(value.display)), value=value, subject=subject, frame=frame)


HUNDREDS = QuantityValue(display="hundreds", low=200, high=999, approximate=True)
ABOUT_500 = QuantityValue(display="about 500", low=500, high=500, approximate=True)
TRAINED = dict(event="train", noun="fighter", noun_class="person", entities=("iran",), terms=("train", "camp", "iran"))


def test_an_article_that_states_a_count_twice_gives_the_fact_its_more_precise_statement():
    lead = stated("a", HUNDREDS, Subject(**TRAINED), sentence=1)
    below = stated("a", ABOUT_500, Subject(**TRAINED), sentence=6)
    other = stated("b", QuantityValue(display="as many as 500", low=0, high=500), Subject(**TRAINED))
    facts = align([lead, below, other])
    shared, = [f for f in facts if len(f.claims) > 1]
    assert [c.value.display for c in shared.claims] == ["about 500", "as many as 500"]
    # 'hundreds' is not a repeat of 'about 500': it stays with its article, as a fact of its own.
    assert sorted(c.id for f in facts for c in f.claims) == ["a-1-0", "a-6-0", "b-0-0"]


MOUSAVI = dict(event="kill", entities=("damascus", "razi mousavi"), terms=("strike", "kill", "adviser"))


def test_an_article_that_dates_an_event_twice_gives_the_fact_its_resolved_day():
    this_week = DateValue(display="this week", earliest=date(2023, 12, 25), latest=date(2023, 12, 31))
    monday = DateValue(display="Monday", earliest=date(2023, 12, 25), latest=date(2023, 12, 25), weekday=0)
    facts = align([stated("a", this_week, Subject(**MOUSAVI), sentence=0),
                   stated("a", monday, Subject(**MOUSAVI), sentence=4),
                   stated("b", monday, Subject(**MOUSAVI), sentence=2)])
    shared, = [f for f in facts if len(f.claims) > 1]
    assert [(c.article, c.value.display) for c in shared.claims] == [("a", "Monday"), ("b", "Monday")]
    assert sorted(c.id for f in facts for c in f.claims) == ["a-0-0", "a-4-0", "b-2-0"]


def test_an_article_that_gives_a_current_and_an_earlier_figure_gives_the_fact_its_current_one():
    """'had previously put the toll at 1,200' and 'the toll is now 1,400' in one article: the fact
    shows the current figure (the earlier one keeps a fact of its own), however precise the earlier."""
    toll = Subject(noun="people", **TOLL)
    earlier = stated("a", QuantityValue(display="1,200", low=1200, high=1200), toll, sentence=1,
                     frame=Frame(firm=True, previous=True))
    now = stated("a", QuantityValue(display="more than 1,400", low=1400, high=None), toll, sentence=5)
    other = quantity("b", 1400, toll)
    facts = align([earlier, now, other])
    shared, = [f for f in facts if len(f.claims) > 1]
    assert [c.id for c in shared.claims] == ["a-5-0", "b-0-0"]
    assert sorted(c.id for f in facts for c in f.claims) == ["a-1-0", "a-5-0", "b-0-0"]


def test_between_conflicting_statements_of_one_article_connection_still_decides():
    """'240' is more precise than '1000' (a round thousand: 500 to 1,500), but they cannot both be
    true: the one most like the other article's claim is shown, the other keeps its own fact."""
    far = stated("a", QuantityValue(display="240", low=240, high=240),
                 Subject(event="kill", noun="people", noun_class="person", anchors=("october 7",),
                         entities=("israel",), terms=("kill", "hostage", "gaza")), sentence=1)
    near = quantity("a", 1000, Subject(noun="people", **TOLL), sentence=5)
    other = quantity("b", 1200, Subject(noun="people", **TOLL))
    facts = align([far, near, other])
    shared, = [f for f in facts if len(f.claims) > 1]
    assert [c.id for c in shared.claims] == ["a-5-0", "b-0-0"]
    assert sorted(c.id for f in facts for c in f.claims) == ["a-1-0", "a-5-0", "b-0-0"]


def test_a_curated_fact_takes_the_more_precise_statement_of_an_article_too():
    definition = FactDefinition(id="trained", title="How many were trained?", kind="quantity",
                                cues=Cues(event="train", any=("Iran",)))
    lead = stated("a", HUNDREDS, Subject(**TRAINED), sentence=1)
    below = stated("a", ABOUT_500, Subject(**TRAINED), sentence=6)
    other = stated("b", QuantityValue(display="some 500", low=500, high=500, approximate=True), Subject(**TRAINED))
    facts = align([lead, below, other], Curation(facts=(definition,)),
                  previous={c.id: "Iran ran the camps." for c in (lead, below, other)})
    assert [c.id for c in facts[0].claims] == ["a-6-0", "b-0-0"]
    assert [[c.id for c in f.claims] for f in facts[1:]] == [["a-1-0"]]  # not lost: left to automatic facts


def test_a_noun_with_a_word_before_it_that_says_which_counts_the_same_things():
    from factcompare.rules import same_thing

    assert same_thing("river dam", "dam") and same_thing("dam", "river dam")
    assert not same_thing("river dam", "flood dam") and not same_thing("dam", "passenger")
    burst = Subject(event="destroy", noun="dam", noun_class="dam", terms=("burst", "dam", "rain"))
    river = Subject(event="destroy", noun="river dam", noun_class="dam", terms=("burst", "dam", "rain"))
    facts = align([quantity("a", 2, burst), quantity("b", 2, river)])
    assert [sorted(c.article for c in f.claims) for f in facts] == [["a", "b"]]
