"""Precision first: which claims may stand side by side as a conflict, and which firm frames meet."""

from datetime import date

from factcompare.firm import firm_groups, merge_agreeing_counts, merge_by_frame, merge_same_values
from factcompare.models import Claim, DateValue, Frame, NameValue, QuantityValue, Subject

KILLED = Frame(event="kill", noun="people", state="dead", firm=True)


def count(article: str, n: int, frame: Frame = KILLED, focus: str | None = None, noun: str | None = "people") -> Claim:
    v = QuantityValue(display=str(n), low=n, high=n)
    return Claim(id=f"{article}-0-0", article=article, sentence=0, quote=f"{n} ...", span=(0, len(str(n))), value=v,
                 subject=Subject(event=frame.event, noun=noun, focus=focus), frame=frame)


def day(article: str, d: int, frame: Frame, focus: str | None) -> Claim:
    v = DateValue(display=f"June {d}", earliest=date(2023, 6, d), latest=date(2023, 6, d))
    return Claim(id=f"{article}-0-0", article=article, sentence=0, quote="...", span=(0, 3), value=v,
                 subject=Subject(event=frame.event, focus=focus), frame=frame)


def test_firm_frames_may_conflict():
    assert firm_groups([count("a", 179), count("b", 62)]) == [[0, 1]]


def test_a_doubtful_reading_never_makes_a_conflict():
    loose = Frame(event="kill", noun="people", state="dead", firm=False)
    assert firm_groups([count("a", 179), count("b", 62, loose)]) == [[0], [1]]
    # ... but it may agree
    assert firm_groups([count("a", 179), count("b", 179, loose)]) == [[0, 1]]


def test_counts_in_other_states_or_of_other_nouns_do_not_conflict():
    aboard = Frame(event="aboard", noun="people", state="aboard", firm=True)
    assert firm_groups([count("a", 179), count("b", 181, aboard)]) == [[0], [1]]
    assert firm_groups([count("a", 179), count("b", 175, noun="passenger")]) == [[0], [1]]


def test_a_figure_that_reached_a_number_is_the_count_of_its_state():
    reached = Frame(event="measure", noun="people", state="missing", firm=True)
    missing = Frame(event="missing", noun="people", state="missing", firm=True)
    # 'the number of missing reached 10,100' and 'as many as 10,000 are missing' answer one question
    assert firm_groups([count("a", 10100, reached), count("b", 9000, missing)]) == [[0, 1]]
    # without a state the count says nothing of what it counts: two questions
    stateless = Frame(event="measure", noun="people", firm=True)
    assert firm_groups([count("a", 10100, stateless), count("b", 9000, missing)]) == [[0], [1]]


def test_earlier_events_are_one_only_when_they_name_one_participant():
    earlier = Frame(event="kill", firm=True, earlier=True)
    # 'a similar disaster in 2016' and one 'in 2019': nothing says they are one event
    assert firm_groups([day("a", 18, earlier, None), day("b", 19, earlier, None)]) == [[0], [1]]
    named = [day("a", 18, earlier, "qassem soleimani"), day("b", 19, earlier, "qassem soleimani")]
    assert firm_groups(named) == [[0, 1]]
    # an earlier event is never the story's own
    now = Frame(event="kill", firm=True)
    assert firm_groups([day("a", 18, earlier, "qassem soleimani"), day("b", 19, now, "qassem soleimani")]) == [[0], [1]]


def test_named_participants_must_be_one_common_nouns_may_differ():
    killed = Frame(event="kill", firm=True)
    assert firm_groups([day("a", 18, killed, "razi mousavi"), day("b", 19, killed, "qassem soleimani")]) == [[0], [1]]
    crash = Frame(event="crash", firm=True)
    assert firm_groups([day("a", 18, crash, "the plane"), day("b", 19, crash, "the aircraft")]) == [[0, 1]]


def test_a_disaster_named_by_one_place_it_hit_is_the_disaster_another_source_dates():
    flood = Frame(event="flood", firm=True)
    assert firm_groups([day("a", 11, flood, "the region"), day("b", 10, flood, "darnah")]) == [[0, 1]]
    # two places named: two floods, each with its own day
    assert firm_groups([day("a", 11, flood, "benghazi"), day("b", 10, flood, "darnah")]) == [[0], [1]]
    # the flood's dates meet by their frames whatever place each names; what conflicts is weighed above
    assert merge_by_frame([[0], [1]], [day("a", 11, flood, "the region"), day("b", 10, flood, "darnah")]) == [[0, 1]]


def test_statements_by_unnamed_speakers_are_not_one_statement():
    said = Frame(event="say", firm=True)
    assert firm_groups([day("a", 18, said, "the official"), day("b", 19, said, "the official")]) == [[0], [1]]
    assert firm_groups([day("a", 18, said, "jamie frederick"), day("b", 19, said, "jamie frederick")]) == [[0, 1]]


def test_clusters_with_one_firm_frame_meet_unless_an_article_is_in_both():
    claims = [count("a", 179), count("b", 176), count("a", 62)]
    assert merge_by_frame([[0], [1]], claims) == [[0, 1]]
    assert merge_by_frame([[0], [2]], claims) == [[0], [2]]


def test_a_lone_claim_takes_its_articles_place_when_it_says_the_same_more_precisely():
    crash = Frame(event="crash", firm=True)

    def said(article: str, sentence: int, display: str, first: int, last: int) -> Claim:
        v = DateValue(display=display, earliest=date(2023, 6, first), latest=date(2023, 6, last))
        return Claim(id=f"{article}-{sentence}-0", article=article, sentence=sentence, quote="...", span=(0, 3),
                     value=v, subject=Subject(event="crash"), frame=crash)

    claims = [said("a", 0, "June 18", 18, 18), said("b", 0, "this week", 18, 20), said("b", 1, "Sunday", 18, 18)]
    # b's 'Sunday' meets the fact that holds b's 'this week': it shows 'Sunday', 'this week' goes on alone
    assert merge_by_frame([[0, 1], [2]], claims) == [[0, 2], [1]]
    # a lone claim that is less precise, or that cannot be the same statement, does not take the place
    assert merge_by_frame([[0, 2], [1]], claims) == [[0, 2], [1]]
    later = said("b", 1, "June 25", 25, 25)
    assert merge_by_frame([[0, 1], [2]], [*claims[:2], later]) == [[0, 1], [2]]


def test_equal_names_of_a_thing_meet_and_different_ones_do_not():
    def name(article: str, key: str) -> Claim:
        v = NameValue(display=key, canonical=key, category="other")
        return Claim(id=f"{article}-0-0", article=article, sentence=0, quote=key, span=(0, len(key)), value=v,
                     subject=Subject())
    claims = [name("a", "737-800"), name("b", "737-800"), name("c", "a320")]
    assert merge_same_values([[0], [1], [2]], claims) == [[0, 1], [2]]


def test_counts_of_people_meet_across_their_nouns_only_when_they_state_one_number():
    alive = Frame(event=None, noun="crew", state="alive", firm=True)
    claims = [count("a", 2, alive, noun="crew"), count("b", 2, alive, noun="people"), count("c", 5, alive, noun="people")]
    assert merge_agreeing_counts([[0], [1]], claims) == [[0, 1]]
    assert merge_agreeing_counts([[0], [2]], claims) == [[0], [2]]


def _naive_groups(claims):
    """The definition, pair by pair: a claim joins the group unless its value conflicts with a
    member's and their frames do not match firmly."""
    from factcompare.compare import relate
    from factcompare.firm import _strength, firm_match

    pending = sorted(range(len(claims)), key=lambda k: (_strength(claims[k]), k))
    groups = []
    while pending:
        kept, left = [], []
        for k in pending:
            if all(relate(claims[j].value, claims[k].value) != "conflict" or firm_match(claims[j], claims[k])
                   for j in kept):
                kept.append(k)
            else:
                left.append(k)
        groups.append(sorted(kept))
        pending = left
    return groups


from hypothesis import given, settings, strategies as st  # noqa: E402


@st.composite
def counts(draw):
    n = draw(st.integers(1, 9))
    out = []
    for k in range(n):
        low = draw(st.sampled_from([None, 10, 20, 30, 50, 100]))
        high = draw(st.sampled_from([None, 10, 20, 30, 50, 100]))
        if low is not None and high is not None and low > high:
            low, high = high, low
        v = QuantityValue(display=draw(st.sampled_from(["x", "hundreds"])), low=low, high=high,
                          low_inclusive=draw(st.booleans()), high_inclusive=draw(st.booleans()),
                          approximate=draw(st.booleans()), unit=draw(st.sampled_from([None, "USD", "EUR"])))
        frame = Frame(event=draw(st.sampled_from([None, "kill", "measure"])), noun="people",
                      state=draw(st.sampled_from([None, "dead"])), firm=draw(st.booleans()),
                      earlier=draw(st.booleans()))
        out.append(Claim(id=f"a{k}-0-0", article=f"a{k}", sentence=0, quote="x", span=(0, 1), value=v,
                         subject=Subject(event=frame.event, noun=draw(st.sampled_from([None, "people", "crew"])),
                                         focus=draw(st.sampled_from([None, "the crew", "kim e-bae"]))),
                         frame=frame))
    return out


@settings(max_examples=600, deadline=None)
@given(counts())
def test_the_fast_gate_is_the_pairwise_definition(claims):
    assert firm_groups(claims) == _naive_groups(claims)
