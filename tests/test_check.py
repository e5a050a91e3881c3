"""`python build.py check`: what an editor should curate next."""

from datetime import date

from factcompare.check import curation_report, shaky_claim, uncertainty
from factcompare.compare import judge
from factcompare.models import Claim, DateValue, Fact, QuantityValue, Story, Subject


def claim(article: str, value, hedges=()) -> Claim:
    return Claim(id=f"{article}-0-0", article=article, sentence=0, quote=value.display, span=(0, len(value.display)),
                 value=value, subject=Subject(), hedges=hedges)


MONDAY = DateValue(display="Monday", earliest=date(2023, 12, 25), latest=date(2023, 12, 25), weekday=0)
TUESDAY_UNRESOLVED = DateValue(display="Tuesday", earliest=None, latest=None, weekday=1)
TWELVE = QuantityValue(display="12", low=12, high=12)
FORTY = QuantityValue(display="40", low=40, high=40)


def test_uncertain_readings_are_named():
    assert uncertainty(claim("a", TUESDAY_UNRESOLVED)) == "date “Tuesday” not placed on the calendar"
    assert uncertainty(claim("a", QuantityValue(display="dozens", low=24, high=99, approximate=True))) == \
        "vague amount “dozens”"
    assert uncertainty(claim("a", TWELVE, hedges=("reportedly",))) == "hedged: reportedly"
    assert uncertainty(claim("a", TWELVE)) is None


def test_a_status_that_rests_on_one_uncertain_claim_is_found():
    # An unplaced date never conflicts (compare.relate_dates); a hedged figure still may.
    [fact] = judge([Fact(id="toll", title="How many?", kind="quantity",
                         claims=(claim("a", TWELVE), claim("b", TWELVE), claim("c", FORTY, hedges=("reportedly",))))])
    assert fact.verdict.status == "conflict"
    found = shaky_claim(fact)
    assert found is not None and found[0].article == "c"


def test_a_status_several_claims_carry_is_not_shaky():
    [fact] = judge([Fact(id="day", title="When?", kind="date", claims=(claim("a", MONDAY), claim("b", MONDAY)))])
    assert shaky_claim(fact) is None


def test_report_lists_sections_with_claim_ids():
    facts = judge([
        Fact(id="toll", title="How many?", kind="quantity",
             claims=(claim("a", TWELVE), claim("b", TWELVE), claim("c", FORTY, hedges=("reportedly",)))),
        Fact(id="day", title="When?", kind="date", claims=(claim("a", MONDAY),)),
    ])
    report = curation_report(Story(title="t", documents=(), facts=tuple(facts)))
    assert report.splitlines() == [
        "2 facts from 0 articles.",
        "Facts where sources differ (1): check that each claim belongs.",
        "  toll [conflict] How many?",
        "    Sources conflict: 12 vs 40 cannot both be true.",
        "Facts whose status rests on one uncertain reading (1): check that claim, or correct it in facts.yaml.",
        "  toll [conflict] How many?",
        "    claim c-0-0: hedged: reportedly",
        "Facts with one source (1): merge them into a fact, or hide them.",
        "  day: 25 Dec 2023 — claim a-0-0",
        "1 claim joined no other source's.",
    ]
