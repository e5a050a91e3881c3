"""Attribution phrases and hedge words, on seed sentences and on sentences from other stories."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.extract.attribution import attribution_and_hedges


@pytest.mark.parametrize(
    "sentence, attribution",
    [
        ("The Biden administration has reportedly provided up to $50 billion in sanctions relief to Tehran, "
         "according to the Foundation for the Defense of Democracies, thereby enabling Tehran to fund terror.",
         "according to the Foundation for the Defense of Democracies"),
        ("The Wall Street Journal reported in late October that as many as 500 men underwent training in Iran.",
         "The Wall Street Journal reported"),
        ("Former CIA official Marc Polymeropoulos told The Washington Post that Iran has invested 13.1 billion.",
         "Former CIA official Marc Polymeropoulos told The Washington Post"),
        ("Brigadier General Ramezan Sharif, in a statement to Iran's state-run ISNA news agency, said, \"The attack was revenge.\"",
         "in a statement to Iran's state-run ISNA news agency"),
        ("The IRGC said Mousavi was killed by an Israeli airstrike on Monday.", "The IRGC said"),
        ("Sharif said Hamas's October attack was revenge.", "Sharif said"),
        ("These exercises reportedly took place in September, according to JNS reports.", "according to JNS reports"),
        ("The fire killed 12 workers, citing the regional fire service.", "citing the regional fire service"),
        ("At least 30 people died, the health ministry said.", "the health ministry said"),
        ("The magnitude-6.8 quake reportedly toppled two towers.", "reportedly"),
        ("The plant's owner claimed the alarms had worked.", "The plant's owner claimed"),
        ("Hamas has refuted these claims.", None),
        ("Hamas swiftly denied Iran's claims and insisted on its version.", None),
        ("The river rose by four metres overnight.", None),
    ],
)
def test_attribution(sentence, attribution):
    assert attribution_and_hedges(sentence)[0] == attribution


@pytest.mark.parametrize(
    "sentence, hedges",
    [
        ("Razi Mousavi was killed in an alleged Israeli airstrike in Syria.", ("alleged",)),
        ("He was killed in a suspected Israeli airstrike in Syria this week.", ("suspected",)),
        ("The suspect allegedly set the fire and reportedly fled; the alleged arsonist is believed to be 40.",
         ("allegedly", "reportedly", "alleged", "believed")),
        ("An estimated 2,000 homes, possibly more, were apparently flooded.", ("estimated", "possibly", "apparently")),
        ("Unconfirmed reports put the toll at 30.", ("unconfirmed",)),
        ("The river rose by four metres overnight.", ()),
    ],
)
def test_hedges(sentence, hedges):
    assert attribution_and_hedges(sentence)[1] == hedges


def test_quotation_continues_from_previous_sentence():
    attribution, _ = attribution_and_hedges("\u201cWe will rebuild every house.\u201d", previous="The mayor said:")
    assert attribution == "The mayor said"
    assert attribution_and_hedges("The water receded.", previous="The mayor said it would.")[0] is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=80)))
def test_never_crashes(sentence, previous):
    attribution, hedges = attribution_and_hedges(sentence, previous)
    assert attribution is None or attribution.strip() == attribution
    assert len(set(hedges)) == len(hedges)
    assert all(h == h.lower() for h in hedges)
