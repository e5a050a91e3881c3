"""Names: persons, organisations, operations, ranks and roles, with spelling variants made one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.extract.base import ExtractContext
from factcompare.extract.names import NameExtractor
from factcompare.extract.spelling import VariantIndex, skeleton
from factcompare.models import Article, Document, Sentence


def make_doc(*sentences: str) -> Document:
    out, offset = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(index=i, start=offset, end=offset + len(s), text=s, paragraph=0))
        offset += len(s) + 1
    text = " ".join(sentences)
    return Document(article=Article(id="a", source="a.md", body=text), text=text, sentences=tuple(out), headline="h")


def names(*sentences: str, aliases=()):
    return NameExtractor().find(make_doc(*sentences), ExtractContext(aliases=aliases))


def by_display(mentions, display):
    found = [m for m in mentions if m.value.display == display]
    assert found, [m.value.display for m in mentions]
    return found[-1]


@pytest.mark.parametrize(
    "variants",
    [
        ("Ramezan Sharif", "Ramazan Sharif", "Ramadan Sharif"),
        ("Qassem Soleimani", "Qasem Soleimani", "Qassim Soleimani", "Qasem Suleimani"),
        ("Razi Mousavi", "Razi Moussavi", "Razi Musawi"),
        ("Muhammad Deif", "Mohammed Deif", "Mohamed Deif"),
        ("Ebrahim Raisi", "Ibrahim Raisi", "Ebrahim Rasi"),
        ("Al-Aqsa Flood", "Al Aqsa Flood", "al-Aqsa Flood"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodimir Zelenskiy"),
        ("Muammar Qaddafi", "Muammar Kadhafi", "Moammar Qadhafi"),
    ],
)
def test_spelling_variants_share_a_skeleton(variants):
    assert len({skeleton(v) for v in variants}) == 1


@pytest.mark.parametrize("a, b", [("Joe Biden", "Jill Biden"), ("Razi Mousavi", "Razi Moussa"), ("Major General", "Brigadier General")])
def test_different_names_differ(a, b):
    assert skeleton(a) != skeleton(b)


@pytest.mark.parametrize(
    "sentence, rank_display, canonical, lineage, person",
    [
        ("IRGC spokesman Brig. Gen. Ramezan Sharif claimed it was revenge.", "Brig. Gen.", "brigadier general", ("general", "brigadier general"), "Ramezan Sharif"),
        ("Brigadier General Ramezan Sharif said so.", "Brigadier General", "brigadier general", ("general", "brigadier general"), "Ramezan Sharif"),
        ("They mourned Iranian Major General Razi Mousavi on Tuesday.", "Major General", "major general", ("general", "major general"), "Razi Mousavi"),
        ("The inquiry heard from Lt. Gen. Jane Doe at length.", "Lt. Gen.", "lieutenant general", ("general", "lieutenant general"), "Jane Doe"),
        ("The inquiry heard from General Jane Doe at length.", "General", "general", ("general",), "Jane Doe"),
        ("The court-martial of Lt. Col. Mark Ellis began.", "Lt. Col.", "lieutenant colonel", ("colonel", "lieutenant colonel"), "Mark Ellis"),
        ("Rear Admiral Ana Ruiz commanded the rescue.", "Rear Admiral", "rear admiral", ("admiral", "rear admiral"), "Ana Ruiz"),
        ("Firefighters led by Captain Tom Reyes reached the plant.", "Captain", "captain", ("captain",), "Tom Reyes"),
    ],
)
def test_ranks(sentence, rank_display, canonical, lineage, person):
    ms = names(sentence)
    rank = by_display(ms, rank_display)
    who = by_display(ms, person)
    assert rank.value.category == "rank" and rank.claim
    assert (rank.value.canonical, rank.value.lineage) == (canonical, lineage)
    assert rank.about == who.value.canonical == skeleton(person)
    assert sentence[rank.start : rank.end] == rank_display


def test_general_is_compatible_with_major_general_but_not_brigadier():
    major = by_display(names("Major General Razi Mousavi died."), "Major General").value.lineage
    general = by_display(names("General Razi Mousavi died."), "General").value.lineage
    brigadier = by_display(names("Brig. Gen. Razi Mousavi died."), "Brig. Gen.").value.lineage
    assert major[: len(general)] == general
    assert brigadier[: len(major)] != major and major[: len(brigadier)] != brigadier


@pytest.mark.parametrize(
    "sentence, person, role",
    [
        ("IRGC spokesman Ramezan Sharif told reporters on Wednesday.", "Ramezan Sharif", "irgc spokesman"),
        ("Foreign Minister Hossein Amir-Abdollahian vowed revenge.", "Hossein Amir-Abdollahian", "foreign minister"),
        ("Officials, including President Ebrahim Rasi, spoke.", "Ebrahim Rasi", "president"),
        ("Iranian Ambassador to Syria Hossein Akbari told a different tale.", "Hossein Akbari", "ambassador to syria"),
        ("Former CIA official Marc Polymeropoulos told the paper.", "Marc Polymeropoulos", "cia official"),
        ("Fire chief spokesman Dana Holt said the blaze was out.", "Dana Holt", "spokesman"),
        ("Maria Lopez, the company spokeswoman, declined to comment.", "Maria Lopez", "company spokeswoman"),
        ("Mayor Anne Hidalgo visited the site.", "Anne Hidalgo", "mayor"),
        # a role in apposition without an article is named with what it is of
        ("Aboard was Mark Ellis, CEO of Acme Expeditions, who ran the trip.", "Mark Ellis", "ceo of acme expeditions"),
        ("Tom Reyes, head of delegation of the Red Cross, said so.", "Tom Reyes", "head of delegation of red cross"),
        ("Ana Ruiz, deputy director of the Acme Institute said so.", "Ana Ruiz", "deputy director of acme institute"),
        ("Dana Holt, spokeswoman for the Coast Guard, declined to comment.", "Dana Holt", "spokeswoman for coast guard"),
    ],
)
def test_roles(sentence, person, role):
    m = by_display(names(sentence), person)
    assert (m.value.category, m.about, m.claim) == ("person", role, True)


def test_bare_surname_refers_back_to_full_name():
    ms = names("IRGC spokesman Ramazan Sharif tied the attack to Soleimani.", "Sharif said the attack was revenge.")
    sharif = [m for m in ms if m.value.display == "Sharif"]
    assert sharif and sharif[0].value.canonical == skeleton("Ramazan Sharif")
    assert sharif[0].value.category == "person"


def test_plain_people_and_organisations_are_context():
    ms = names("The Wall Street Journal said Donald Trump met the Palestinian Islamic Jihad envoy.")
    wsj = by_display(ms, "Wall Street Journal")
    assert (wsj.value.category, wsj.claim) == ("organisation", False)
    trump = by_display(ms, "Donald Trump")
    assert (trump.value.category, trump.claim, trump.about) == ("person", False, None)
    assert by_display(ms, "Palestinian Islamic Jihad").value.category == "organisation"


@pytest.mark.parametrize(
    "sentence, display",
    [
        ("The cross-border attacks, referred to by Hamas as \u201cOperation Al-Aqsa Flood,\u201d were revenge.", "Operation Al-Aqsa Flood"),
        ("On the day of the attack, which Hamas dubbed \u201c\u201cOperation Al-Aqsa Deluge,\u201d the group spoke.", "Operation Al-Aqsa Deluge"),
        ("\u201cAl-Aqsa Flood\u201d is the name given by Hamas to the attack.", "Al-Aqsa Flood"),
        ("The raid, codenamed Neptune Spear, lasted forty minutes.", "Neptune Spear"),
        ("Troops launched Operation Desert Storm in January.", "Operation Desert Storm"),
    ],
)
def test_operations(sentence, display):
    m = by_display(names(sentence), display)
    assert (m.value.category, m.claim, m.about) == ("operation", True, None)


def test_editor_aliases_and_operation_memory():
    aliases = (("Al-Aqsa Deluge", "Al-Aqsa Flood"),)
    ms = names("Hamas dubbed it \u201cOperation Al-Aqsa Deluge.\u201d", "He said Al-Aqsa Flood was revenge.", aliases=aliases)
    deluge = by_display(ms, "Operation Al-Aqsa Deluge")
    flood = by_display(ms, "Al-Aqsa Flood")
    assert deluge.value.canonical == flood.value.canonical == skeleton("Al-Aqsa Flood")
    assert flood.value.category == "operation"


def test_canonical_is_the_same_in_documents_that_never_meet():
    a = by_display(names("IRGC spokesman Ramezan Sharif spoke."), "Ramezan Sharif").value.canonical
    b = by_display(names("IRGC spokesman Ramazan Sharif spoke."), "Ramazan Sharif").value.canonical
    assert a == b


def test_fuzzy_match_within_document_only_for_long_names():
    index = VariantIndex()
    index.remember(skeleton("Marc Polymeropoulos"))
    assert index.canonical("Marc Polymeropolous") == skeleton("Marc Polymeropoulos")
    index.remember(skeleton("Jill Biden"))
    assert index.canonical("Joe Biden") == skeleton("Joe Biden")


@pytest.mark.parametrize(
    "sentence",
    ["Iran admits its involvement.", "On Monday the court met in March.", "The Gaza Strip was sealed."],
)
def test_no_person_from_places_or_dates(sentence):
    assert [m for m in names(sentence) if m.value.category == "person"] == []


NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)


@settings(max_examples=100, deadline=None)
@given(st.lists(NAME, min_size=1, max_size=3), st.data())
def test_skeleton_invariant_under_case_and_doubling(words, data):
    name = " ".join(words)
    i = data.draw(st.integers(0, len(name) - 1))
    doubled = name if name[i] == " " else name[: i + 1] + name[i] + name[i + 1 :]
    assert skeleton(name) == skeleton(name.upper()) == skeleton(name.title()) == skeleton(doubled)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=120))
def test_never_crashes_and_offsets_slice(text):
    for m in names(text):
        assert text[m.start : m.end] == m.value.display


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["IRGC", "spokesman", "Brig.", "Gen.", "Major", "General", "Ramezan", "Sharif", "Operation", "Al-Aqsa",
             "Flood", "dubbed", "\u201c", "of", "the", "Foundation", "said", ",", "Iranian", "Mr.", "al-Muhandis", "Sharif's"]
        ),
        max_size=14,
    )
)
def test_offsets_slice_on_name_words(words):
    text = " ".join(words)
    for m in names(text):
        assert text[m.start : m.end] == m.value.display
        if m.value.category == "rank":
            assert m.about


@pytest.mark.parametrize("doubled, single", [("add", "ad"), ("Ell Baz", "El Baz"), ("Azz-Zawahiri", "Az-Zawahiri")])
def test_an_article_with_a_doubled_letter_keeps_its_key(doubled, single):
    assert skeleton(doubled) == skeleton(single)


@pytest.mark.parametrize(
    "sentence, display, canonical, lineage",
    [
        ("The Boeing 737-800 belly-landed and slid.", "Boeing 737-800", "737-800", ("737", "737-800")),
        ("a Jeju Air Boeing 737-800 slid off the runway", "Boeing 737-800", "737-800", ("737", "737-800")),
        ("The Airbus A320neo was grounded.", "Airbus A320neo", "a320neo", ("a320", "a320neo")),
        ("An Airbus A320 landed.", "Airbus A320", "a320", ("a320",)),
        ("Two Sukhoi Su-27 jets intercepted it.", "Sukhoi Su-27", "su-27", ("su-27",)),
        ("A Lockheed C-130J landed at dawn.", "Lockheed C-130J", "c-130j", ("c-130", "c-130j")),
        ("The Boeing 777-300ER diverted.", "Boeing 777-300ER", "777-300er", ("777", "777-300er")),
    ],
)
def test_maker_and_model_is_a_claim(sentence, display, canonical, lineage):
    m = by_display(names(sentence), display)
    assert (m.value.category, m.value.canonical, m.value.lineage, m.claim) == ("other", canonical, lineage, True)
    assert sentence[m.start : m.end] == display


def test_the_maker_leaves_the_name_before_it():
    ms = names("a Jeju Air Boeing 737-800 slid off the runway")
    assert [m.value.display for m in ms] == ["Jeju Air", "Boeing 737-800"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Jeju Air Flight 7C2216 had been flying from Bangkok.",  # a flight number, not a model
        "A U.S. Coast Guard C-130 searched the area.",  # whose aircraft, not whose make
        "Russian Su-27 jets intercepted it.",  # a nationality is no maker
        "Two F-16 jets flew over.",  # a designation alone
        "The Lakers won 105-100 on Sunday.",  # a score
        "Officials Say 700-800 People Missing",  # a range
        "Western G20 leaders met at Gate B12.",  # a group and a label
        "The fund lost $5 million on Tuesday 21-7.",
        "Unit 8200 and Resolution 2334 were cited.",
    ],
)
def test_not_maker_and_model(sentence):
    ms = names(sentence)
    assert not [m.value.display for m in ms if m.value.lineage and m.value.category == "other"]
    assert not [m.value.display for m in ms if m.claim]
