"""Normalisation: typography, page furniture, duplicates, sentences with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcompare.corpus import read_corpus
from factcompare.models import Article
from factcompare.normalise import headline_for, normalise, paragraphs_of, split_sentences, strip_markdown, typography

CORPUS = Path(__file__).parents[1] / "corpus"


def article(body: str, title: str | None = None, author: str | None = None, source: str = "x.txt") -> Article:
    return Article(id="x", source=source, title=title, author=author, body=body)


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


# --- typography -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Iran’s “complicit” ‘very aware’", "Iran's \"complicit\" 'very aware'"),
        ("dubbed ““Operation Al-Aqsa Deluge,”", 'dubbed "Operation Al-Aqsa Deluge,"'),
        ("the ''quoted'' word", 'the "quoted" word'),
        ("Israel – which it accused", "Israel \u2014 which it accused"),
        ("a break -- here and---there", "a break \u2014 here and\u2014there"),
        ("46–48 degrees", "46-48 degrees"),
        ("state‑run and −5", "state-run and -5"),
        ("wait… what . . . now", "wait... what ... now"),
        ("12\u00a0000 people\u202fhere\u200b", "12 000 people here"),
        ("  many   spaces\there  ", "many spaces here"),
        ("soft\u00adhyphen", "softhyphen"),
        ("Cafe\u0301", "Café"),
        ("a\r\nb\rc\u2029d", "a\nb\nc\n\nd"),
    ],
)
def test_typography(raw: str, clean: str) -> None:
    assert typography(raw) == clean


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("## Heading", "Heading"),
        ("> quoted line", "quoted line"),
        ("a [link](https://example.org) here", "a link here"),
        ("an ![photo](a.jpg) here", "an here"),
        ("**bold** and *italic* and __strong__", "bold and italic and strong"),
        ("Required fields are marked *", "Required fields are marked *"),
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("***", ""),
    ],
)
def test_strip_markdown(raw: str, clean: str) -> None:
    assert strip_markdown(raw) == clean


# --- paragraphs and furniture -------------------------------------------------------------------


def test_each_line_is_a_paragraph_unless_hard_wrapped() -> None:
    pasted = "First paragraph, as pasted.\nSecond paragraph.\n\nThird."
    assert paragraphs_of(pasted) == ["First paragraph, as pasted.", "Second paragraph.", "Third."]
    wrapped = ("The fire started in the east wing of the plant shortly\n"
               "after the night shift began, and within an hour it had\n"
               "spread to the warehouse next door, officials said.")
    assert paragraphs_of(wrapped) == [" ".join(wrapped.split("\n"))]
    assert paragraphs_of("Twelve workers were hurt when the roof of the\nwarehouse collapsed.") == [
        "Twelve workers were hurt when the roof of the warehouse collapsed."]


FURNITURE = [
    ("Submit a Comment", "boilerplate"),
    ("Your email address will not be published. Required fields are marked *", "boilerplate"),
    ("Related Posts", "boilerplate"),
    ("Login", "boilerplate"),
    ("Please let us know if you're having issues with commenting.", "boilerplate"),
    ("Sign up for our daily newsletter", "boilerplate"),
    ("Share this article", "boilerplate"),
    ("Follow us on Facebook and Twitter", "boilerplate"),
    ("Support the Riverside Gazette - Donate today", "boilerplate"),
    ("The Associated Press contributed to this report.", "boilerplate"),
    ("Copyright 2024 Valley News. All rights reserved.", "boilerplate"),
    ("READ MORE: Council approves new budget", "related link"),
    ("WATCH: Firefighters battle the blaze", "related link"),
    ("ATTA KENARE/AFP via Getty Images", "photo credit"),
    ("Photo by Maria Lopez", "photo credit"),
    ("John Smith / Reuters", "photo credit"),
    ("(Photo by Jane Roe/AP)", "photo credit"),
]


@pytest.mark.parametrize("line, reason", FURNITURE, ids=[f[0][:30] for f in FURNITURE])
def test_page_furniture_is_removed_with_a_reason(line: str, reason: str) -> None:
    lead = "The factory fire injured 12 workers on Monday, the fire service said."
    tail = "Investigators said the cause of the blaze was not yet known."
    doc = normalise(article(f"{lead}\n\n{line}\n\n{tail}"))
    assert doc.text == f"{lead}\n\n{tail}"
    assert [(r.text, r.reason) for r in doc.removed] == [(typography(line), reason)]


@pytest.mark.parametrize(
    "line",
    [
        "BEIRUT: The explosion at the port killed at least 200 people, officials said.",
        "Police said the donation box was stolen on Monday night.",
        "He shared the photo with reporters after the court hearing on Tuesday.",
        "The court's ruling, 5-4, is final.",
    ],
)
def test_article_text_that_resembles_furniture_is_kept(line: str) -> None:
    doc = normalise(article(f"First sentence here today.\n\n{line}\n\nLast sentence here today."))
    assert doc.removed == ()
    assert line in doc.text


def test_trailing_credits_are_cut_from_captions_and_repeats_dropped() -> None:
    caption = "Rescuers search the rubble in Antakya on February 7, 2023."
    body = (f"{caption} (Photo by Jane Roe/AFP via Getty Images)\n"
            f"{caption} (Jane Roe/AFP)\n\n"
            "FILE \u2013 Rescuers carry a survivor in Antakya on February 6, 2023 (Reuters TV screenshot)\n\n"
            "The 7.8 earthquake struck at 4:17 a.m.")
    doc = normalise(article(body))
    assert doc.text.split("\n\n") == [caption, "Rescuers carry a survivor in Antakya on February 6, 2023",
                                      "The 7.8 earthquake struck at 4:17 a.m."]
    assert [(r.text, r.reason) for r in doc.removed] == [
        ("(Photo by Jane Roe/AFP via Getty Images)", "photo credit"),
        ("(Jane Roe/AFP)", "photo credit"),
        (caption, "duplicate paragraph"),
        ("FILE \u2014", "photo caption marker"),
        ("(Reuters TV screenshot)", "photo credit"),
    ]


def test_near_duplicate_caption_keeps_the_first() -> None:
    first = ("Residents gather outside the courthouse in Springfield on March 3, 2024, awaiting the verdict "
             "in the trial of former mayor Dan Ortiz (centre) and two aides.")
    second = "Residents gather outside the courthouse in Springfield on March 3, 2024, awaiting the verdict."
    doc = normalise(article(f"{first}\n\nThe jury deliberated for 9 hours.\n\n{second}"))
    assert second not in doc.text.split("\n\n") and first in doc.text
    assert doc.removed[-1].reason == "duplicate paragraph"


def test_author_bio_and_trailing_widgets_are_removed() -> None:
    body = ("The council approved the $4.5 million budget on Tuesday.\n\n"
            "The vote was 7 to 2.\n\n"
            "Maria Lopez\n\n"
            "Maria Lopez covers city hall for the Gazette. She has reported on local politics since 2015.\n\n"
            "Tags: budget, council\n\nMost Popular\n\nread more:")
    doc = normalise(article(body, author="Maria Lopez"))
    assert doc.text == "The council approved the $4.5 million budget on Tuesday.\n\nThe vote was 7 to 2."
    assert [r.reason for r in doc.removed] == ["boilerplate", "boilerplate", "boilerplate", "author bio", "author bio"]


def test_the_document_keeps_the_articles_metadata_but_not_its_raw_body() -> None:
    source = Article(id="x", source="x.md", title="Budget", outlet="Gazette", published="2024-03-05",
                     body="The council’s vote was 7 to 2.", body_line=4)
    doc = normalise(source)
    assert doc.article.model_dump() == source.model_dump(exclude={"body"})
    assert "body" not in doc.model_dump()["article"]  # the text is kept once, normalised
    assert doc.text == "The council's vote was 7 to 2."


def test_headings_stay_in_the_text_but_are_not_sentences() -> None:
    doc = normalise(article("The dam burst at dawn.\n\nWhat happened next:\n\nWater reached 3 villages."))
    assert "What happened next:" in doc.text
    assert [s.text for s in doc.sentences] == ["The dam burst at dawn.", "Water reached 3 villages."]
    assert [s.paragraph for s in doc.sentences] == [0, 2]


# --- sentences -------------------------------------------------------------------------------

SPLITS = [
    ("IRGC spokesman Brig. Gen. Ramezan Sharif claimed it. Hamas denied it.",
     ["IRGC spokesman Brig. Gen. Ramezan Sharif claimed it.", "Hamas denied it."]),
    ("Iran: Oct. 7 attack was revenge. Hamas disagreed.", ["Iran: Oct. 7 attack was revenge.", "Hamas disagreed."]),
    ("Iran has invested 13.1 billion since 2012. Critics objected.",
     ["Iran has invested 13.1 billion since 2012.", "Critics objected."]),
    ("It was revenge by the U.S. and the Zionists.", ["It was revenge by the U.S. and the Zionists."]),
    ("The plant is in the U.S. The owner is in Canada.", ["The plant is in the U.S.", "The owner is in Canada."]),
    ('He said, "We will rebuild." Then he left.', ['He said, "We will rebuild."', "Then he left."]),
    ('"We will respond. We always do," the mayor said. Nobody replied.',
     ['"We will respond. We always do," the mayor said.', "Nobody replied."]),
    ("The fire began at 3 a.m. and spread. Dr. Lee said 12 were hurt.",
     ["The fire began at 3 a.m. and spread.", "Dr. Lee said 12 were hurt."]),
    ("Joel B. Pollak wrote it. It was read.", ["Joel B. Pollak wrote it.", "It was read."]),
    ("Is it safe? Nobody knows! Mr. Smith declined.", ["Is it safe?", "Nobody knows!", "Mr. Smith declined."]),
    ("Bill No. 5 passed. It was signed.", ["Bill No. 5 passed.", "It was signed."]),
    ('"Is it over?" she asked. "Yes."', ['"Is it over?" she asked.', '"Yes."']),
    ("Temperatures hit 46.5 degrees... Schools closed.", ["Temperatures hit 46.5 degrees...", "Schools closed."]),
    ("A quote opens \"and never closes. So we split.", ['A quote opens "and never closes.', "So we split."]),
    ("No final punctuation", ["No final punctuation"]),
]


@pytest.mark.parametrize("text, expected", SPLITS, ids=[s[0][:30] for s in SPLITS])
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "title, lead, expected",
    [
        ("Iran’s  Confession", "ignored", "Iran's Confession"),
        (None, "The storm cut power to homes.", "The storm cut power to homes."),
        (None, "Thursday, December 28, 2023 \u2014 The Islamic Republic of Iran has claimed that the attacks were in revenge.",
         "The Islamic Republic of Iran has claimed that the attacks were in revenge."),
        (None, "A court in the capital sentenced two former ministers and three senior officials to seven years in prison.",
         "A court in the capital sentenced two former ministers and three senior officials to seven\u2026"),
        (None, None, "fallback-id"),
    ],
)
def test_headline(title, lead, expected: str) -> None:
    assert headline_for(title, lead, "fallback-id") == expected


def test_headline_is_at_most_about_90_chars() -> None:
    doc = normalise(article("word " * 60 + "end."))
    assert len(doc.headline) <= 91 and doc.headline.endswith("\u2026")


# --- the seeds ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> dict[str, object]:
    articles, problems = read_corpus(CORPUS)
    if not articles:
        pytest.skip("corpus not present")
    assert [p for p in problems if p.severity == "error"] == []
    return {a.id: normalise(a) for a in articles}


def test_seed_values_survive_in_whole_sentences(seeds) -> None:
    texts = {s.text for doc in seeds.values() for s in doc.sentences}
    assert ("Iran admits its involvement in the October 7 massacre that occurred in southwestern Israel, in which more "
            "than 1000 Jews were killed by the terrorist group Hamas.") in texts
    assert "Brig. Gen. Razi Mousavi, who was close to Soleimani, was killed in a strike on his home in Damascus on Monday." in texts
    assert "At least 240 people were abducted as hostages into Gaza." in texts
    assert any("some 500 member of Hamas" in t for t in texts)
    assert any("as many as 500 men" in t for t in texts)


def test_seed_furniture_removed(seeds) -> None:
    removed = {(r.reason, r.text) for doc in seeds.values() for r in doc.removed}
    for reason, text in [
        ("boilerplate", "Submit a Comment"), ("boilerplate", "Related Posts"), ("boilerplate", "Login"),
        ("photo credit", "ATTA KENARE/AFP via Getty Images"), ("author bio", "Farrukh Saif"),
        ("boilerplate", "Please let us know if you're having issues with commenting."),
        ("boilerplate", "Agencies contributed to this report."), ("boilerplate", "read more:"), ("boilerplate", "ECSPE - Donate for Needy"),
    ]:
        assert (reason, text) in removed
    all_text = "\n".join(doc.text for doc in seeds.values())
    assert "Getty" not in all_text and "Donate" not in all_text and "courageous" not in all_text


def test_seed_headlines(seeds) -> None:
    headlines = sorted(doc.headline for doc in seeds.values())
    assert "The Islamic Republic of Iran has claimed that Hamas's October 7 attacks were in revenge\u2026" in headlines
    assert all(len(h) <= 100 for h in headlines)


# --- properties -----------------------------------------------------------------------------

_words = st.sampled_from(["Dr.", "U.S.", "a.m.", "Oct.", "7", "13.1", "fire", "The", "said", '"', "'", "“", "”", "…",
                          "--", "–", "\u00a0", "Photo", "by", "AFP", "Related", "Posts", "\n", "\n\n", ".", "?", "(", ")",
                          "#", "*", "[x](y)", "Login", "B.", "No.", "comment", "e\u0301", "\u200b", "\r\n"])
_bodies = st.one_of(st.text(max_size=300), st.lists(_words, max_size=60).map(" ".join),
                    st.lists(_words, max_size=60).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bodies, st.sampled_from(["x.txt", "x.md"]))
def test_sentence_offsets_slice_exactly(body: str, source: str) -> None:
    doc = normalise(article(body, source=source))
    paragraphs = doc.text.split("\n\n")
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert doc.text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.text in paragraphs[s.paragraph]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_bodies, st.sampled_from(["x.txt", "x.md"]), st.one_of(st.none(), st.text(max_size=40)))
def test_normalisation_is_idempotent(body: str, source: str, title: str | None) -> None:
    once = normalise(article(body, title=title, source=source))
    twice = normalise(article(once.text, title=title, source=source))
    assert twice.text == once.text
    assert twice.sentences == once.sentences
    assert twice.headline == once.headline
    assert twice.removed == ()


@pytest.mark.parametrize(
    "body, removed, lead",
    [
        ("Thursday, December 28, 2023 – The council voted on Monday.", "Thursday, December 28, 2023 —",
         "The council voted on Monday."),
        ("March 3, 2025 - Fire crews worked through the night.", "March 3, 2025 -", "Fire crews worked through the night."),
    ],
)
def test_a_dateline_leaves_the_text_and_is_listed_as_removed(body, removed, lead):
    doc = normalise(Article(id="a", source="a.md", body=body))
    assert [(r.text, r.reason) for r in doc.removed] == [(removed, "dateline")]
    assert doc.sentences[0].text == lead


def test_a_sentence_that_starts_with_a_date_is_not_a_dateline():
    doc = normalise(Article(id="a", source="a.md", body="December 28, 2023 was the coldest day of the year."))
    assert doc.removed == ()
    assert doc.sentences[0].text.startswith("December 28, 2023")
