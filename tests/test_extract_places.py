"""Places: gazetteer look-ups, ambiguity, hierarchy keys and the claim/reference distinction."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.extract.base import ExtractContext
from factcompare.extract.gazetteer import gazetteer, key
from factcompare.extract.places import PlaceExtractor
from factcompare.models import Article, Document, Sentence


def make_doc(*sentences: str) -> Document:
    out, offset = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(index=i, start=offset, end=offset + len(s), text=s, paragraph=0))
        offset += len(s) + 1
    text = " ".join(sentences)
    return Document(article=Article(id="a", source="a.md", body=text), text=text, sentences=tuple(out), headline="h")


def places(*sentences: str):
    return PlaceExtractor().find(make_doc(*sentences), ExtractContext())


def only(sentence: str, display: str, *context: str):
    found = [m for m in places(*context, sentence) if m.value.display == display and m.sentence == len(context)]
    assert len(found) == 1, [m.value.display for m in places(*context, sentence)]
    return found[0]


@pytest.mark.parametrize(
    "sentence, display, country, lineage_len, claim",
    [
        ("Brig. Gen. Razi Mousavi was killed in a strike on his home in Damascus on Monday.", "Damascus", "SY", 3, True),
        ("He was killed in a suspected Israeli airstrike in Syria this week.", "Syria", "SY", 1, True),
        ("As many as 500 men underwent training in Iran prior to the massacre.", "Iran", "IR", 1, True),
        ("Iran admits its involvement in the attack.", "Iran", "IR", 1, False),
        ("Terrorists burst through Israel's border with the Gaza Strip.", "Israel", "IL", 1, False),
        ("Terrorists burst through Israel's border with the Gaza Strip.", "Gaza Strip", "PS", 2, False),
        ("Soleimani was killed in a U.S. airstrike at the airport in Baghdad, Iraq, in January.", "Baghdad, Iraq", "IQ", 3, True),
        ("The river burst its banks in Valencia, Spain, on Tuesday night.", "Valencia, Spain", "ES", 3, True),
        ("Flash floods killed dozens in Spain.", "Spain", "ES", 1, True),
        ("A tornado struck Paris, Texas, overnight.", "Paris, Texas", "US", 3, False),
        ("The summit opened in Paris on Monday.", "Paris", "FR", 3, True),
        ("The factory fire broke out in Khan Younis late on Friday.", "Khan Younis", "PS", 3, True),
        ("Rescuers searched the rubble in Khān Yūnis.", "Khān Yūnis", "PS", 3, True),
        ("The quake was felt across southern Turkey.", "Turkey", "TR", 1, True),
        ("Protests spread in Syria and Yemen.", "Yemen", "YE", 1, True),
        ("The jury sat in Reading for three weeks.", "Reading", "GB", 3, True),
        ("Officials in the Syrian capital Damascus said so.", "Damascus", "SY", 3, True),
        # a country's possessive before the place does not hide the preposition
        ("The dam broke in Libya's eastern city of Derna.", "Derna", "LY", 3, True),
        ("It was on its way back from Thailand's Bangkok.", "Bangkok", "TH", 3, True),
        ("It was on its way back from Thailand's Bangkok.", "Thailand", "TH", 1, False),
        ("The sub vanished off the coast of southeast Canada.", "Canada", "CA", 1, True),
        # where a journey started or ended
        ("The flight, inbound from Bangkok, overran the runway.", "Bangkok", "TH", 3, True),
        ("The jet had been flying from Bangkok to Seoul.", "Bangkok", "TH", 3, True),
        ("The jet had been flying from Bangkok to Seoul.", "Seoul", "KR", 3, True),
        ("The ferry, en route from Piraeus to Crete, sank.", "Piraeus", "GR", 3, True),
        ("The ship was bound for Rome when it sank.", "Rome", "IT", 3, True),
        ("Thousands fled to Egypt within days.", "Egypt", "EG", 1, True),
        ("Ana Ruiz, 43, from Benghazi, lost her home.", "Benghazi", "LY", 3, True),
        # 'from' and 'to' of a source or a party are no journey
        ("A statement from Iran denied it.", "Iran", "IR", 1, False),
        ("Aid from Egypt arrived on Monday.", "Egypt", "EG", 1, False),
        ("According to Israel, the talks failed.", "Israel", "IL", 1, False),
        ("It poses a threat to Syria.", "Syria", "SY", 1, False),
        ("The strike hit 30 kilometres away from Damascus.", "Damascus", "SY", 3, False),
    ],
)
def test_place_values(sentence, display, country, lineage_len, claim):
    m = only(sentence, display)
    assert m.value.country == country
    assert len(m.value.lineage) == lineage_len
    assert m.value.lineage[0] == country
    assert m.claim is claim
    assert sentence[m.start : m.end] == display


@pytest.mark.parametrize(
    "sentence",
    [
        "Jordan Smith scored twice in the final.",
        "The Washington Post reported the figure.",
        "Mobile phones were banned at the trial.",
        "Reading the verdict took an hour.",
        "The Israel Defense Forces declined to comment.",
        "Sharif said the attack was revenge.",
        "The court sat in March and again on Monday.",
        "The IRGC said the ISNA report was wrong.",
        "The Hamas statement came late.",
    ],
)
def test_no_false_places(sentence):
    assert [m.value.display for m in places(sentence)] == []


def test_demonyms_are_context_not_claims():
    m = only("An Iranian general was killed.", "Iranian")
    assert (m.value.country, m.value.lineage, m.claim) == ("IR", ("IR",), False)


def test_adjectival_country_is_not_where():
    assert only("He died in a US raid near the border.", "US").claim is False


def test_ambiguous_city_follows_document_countries():
    # Valencia, Venezuela is larger; a document about Spain means the Spanish city
    m = only("The river burst its banks in Valencia.", "Valencia", "Spain declared a national day of mourning.")
    assert m.value.country == "ES"
    # a namesake twenty times larger beats a merely mentioned country (US outlets name the US everywhere)
    m = only("A general was killed in Damascus on Monday.", "Damascus", "The US condemned the strike.")
    assert m.value.country == "SY"
    assert only("A tornado hit Damascus, Maryland.", "Damascus, Maryland").value.country == "US"


@pytest.mark.parametrize(
    "inner, outer",
    [
        ("Damascus", "Syria"),
        ("Gaza", "Gaza Strip"),
        ("Gaza Strip", "Palestine"),
        ("Reading", "England"),
        ("Houston", "Texas"),
        ("Texas", "United States"),
    ],
)
def test_lineage_prefix_means_inside(inner, outer):
    g = gazetteer()
    a, b = g.lookup(inner)[0].lineage, g.lookup(outer)[0].lineage
    assert a[: len(b)] == b and a != b


@pytest.mark.parametrize("a, b", [("Damascus", "Baghdad"), ("Syria", "Iraq"), ("Gaza Strip", "West Bank"), ("Paris", "Texas")])
def test_lineage_disjoint_places(a, b):
    g = gazetteer()
    la, lb = g.lookup(a)[0].lineage, g.lookup(b)[0].lineage
    assert la[: len(lb)] != lb and lb[: len(la)] != la


def test_same_place_same_lineage_across_spellings():
    g = gazetteer()
    assert g.lookup("Khan Younis")[0].lineage == g.lookup("Khān Yūnis")[0].lineage == g.lookup("Khan Yunis")[0].lineage


def test_a_region_spanning_countries_is_where_something_happened():
    m = only("The trawler went missing in the North Atlantic on Monday.", "North Atlantic")
    assert m.value.country is None and m.claim is True
    assert only("Tensions are rising in the Middle East.", "Middle East").claim is True


def test_key_transliterates():
    assert key("Khān Yūnis") == "khan yunis"
    assert key("Be’er Sheva") == "beer sheva"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120))
def test_never_crashes_and_offsets_slice(text):
    for m in places(text):
        assert text[m.start : m.end] == m.value.display


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(["in", "Damascus", "Syria", "Paris,", "Texas", "the", "US", "Iranian", "Gaza", "Strip", "of", "Old", "City", "Jordan", "Smith", "."]),
        max_size=12,
    )
)
def test_offsets_slice_on_place_words(words):
    text = " ".join(words)
    for m in places(text):
        assert text[m.start : m.end] == m.value.display


@pytest.mark.parametrize("sentence, display, claim", [
    ("The epicentre was near the town of Ighil in the High Atlas.", "Ighil", True),
    ("Most of the deaths were in Al Haouz province.", "Al Haouz", True),
    ("In the village of Talat N'Yaaqoub, nearly all the buildings were damaged.", "Talat N'Yaaqoub", True),
    ("Footage showed further bodies in Martouba, a village lying to the southeast.", "Martouba", True),
    ("The governor of the province of Al Haouz spoke on Sunday.", "Al Haouz", False),
])
def test_a_place_too_small_for_the_gazetteer_is_read_by_the_noun_that_names_it(sentence, display, claim):
    m = only(sentence, display)
    assert m.claim is claim
    assert m.value.lineage[0].startswith("~")  # in no hierarchy: it never conflicts with a place


def test_an_unlisted_place_is_one_place_whatever_its_article_and_never_conflicts():
    from factcompare.compare import relate

    a, b = only("Most of the deaths were in Al Haouz province.", "Al Haouz"), only(
        "Residents waited in the al-Haouz province.", "al-Haouz")
    marrakech = only("The quake struck near Marrakech in Morocco.", "Marrakech")
    assert relate(a.value, b.value) == "same"
    assert relate(a.value, marrakech.value) == "compatible"


@pytest.mark.parametrize("sentence", [
    "The Department of Justice said Monday Region officials agreed.",
    "Region officials in the capital said the count was wrong.",
])
def test_no_unlisted_place_without_a_name(sentence):
    assert [m.value.display for m in places(sentence) if m.value.lineage[0].startswith("~")] == []
