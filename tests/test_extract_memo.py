"""Readings kept per sentence (extract.base.SENTENCE_CACHE) must be invisible: the same claims as
a fresh read, and nothing of one document (its date, its people, its countries) in another's."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.extract import ExtractContext, attribution, dates, extract, names, places, quantities, times
from factcompare.models import Article, Document, Sentence

MEMOS = (
    quantities._quantities_in,
    dates._dates_in,
    dates._matches,
    times._times_in,
    names._items,
    places._read,
    attribution._own,
)


def clear() -> None:
    for memo in MEMOS:
        memo.cache_clear()


def make_doc(article_id: str, *sentences: str, published: date | None = None) -> Document:
    out, offset = [], 0
    for i, s in enumerate(sentences):
        out.append(Sentence(index=i, start=offset, end=offset + len(s), text=s, paragraph=0))
        offset += len(s) + 1
    text = " ".join(sentences)
    article = Article(id=article_id, source=f"{article_id}.md", body=text, published=published)
    return Document(article=article, text=text, sentences=tuple(out), headline="h")


def claims(doc: Document) -> list[tuple[str, object, object]]:
    found = extract(doc, ExtractContext(published=doc.article.published))
    return [(c.quote[c.span[0] : c.span[1]], c.value, c.subject) for c in found]


#: Pairs of documents sharing a sentence whose reading depends on the rest of its document.
SHARED = [
    pytest.param(  # the weekday resolves against each article's publication date
        make_doc("quake-a", "The quake struck on Monday, killing 14 people.", published=date(2023, 3, 8)),
        make_doc("quake-b", "The quake struck on Monday, killing 14 people.", published=date(2023, 9, 20)),
        id="weekday",
    ),
    pytest.param(  # a bare surname takes the full name its own document uses
        make_doc("trial-a", "Prosecutor Dana Holt opened the case.", "Holt said 3 witnesses would testify."),
        make_doc("trial-b", "Defence lawyer Mark Holt objected.", "Holt said 3 witnesses would testify."),
        id="surname",
    ),
    pytest.param(  # which Paris: the document's countries decide
        make_doc("fire-a", "Firefighters in Texas battled the blaze.", "Crews from Paris joined them at 4 a.m."),
        make_doc("fire-b", "The factory fire spread fast.", "Crews from Paris joined them at 4 a.m."),
        id="place",
    ),
]


@pytest.mark.parametrize(("first", "second"), SHARED)
def test_shared_sentence_read_for_each_document(first: Document, second: Document) -> None:
    clear()
    fresh = claims(second)
    clear()
    claims(first)  # the shared sentence is now kept, read within the first document
    assert claims(second) == fresh


@pytest.mark.parametrize(("first", "second"), SHARED)
def test_documents_differ_where_their_context_does(first: Document, second: Document) -> None:
    """The pairs above are a real test of the memo only if the shared sentence reads differently."""
    clear()
    assert claims(first)[-1:] != claims(second)[-1:] or first.article.published != second.article.published


def test_repeated_sentences_give_what_a_fresh_read_gives() -> None:
    text = ("Police said at least 12 workers died in Dhaka on Tuesday.", "Officials put the damage at $3 million.")
    docs = [make_doc(f"fire-{i}", *text, published=date(2024, 5, 2 + i)) for i in range(3)]
    expected = []
    for doc in docs:
        clear()
        expected.append(claims(doc))
    clear()
    assert [claims(doc) for doc in docs] == expected


def test_callers_get_their_own_lists() -> None:
    sentence = "Between 40 and 45 homes flooded on March 3, 2021 at 6 p.m."
    for read in (quantities.quantities_in, dates.dates_in, times.times_in):
        first = read(sentence)
        assert first, read.__name__
        first.clear()
        assert read(sentence), read.__name__


DATE_PIECES = [
    " ", ", ", ".", "on ", "in ", "the ", "Monday", "last ", "next ", "this ", "Friday", "yesterday", "two days ago",
    "March", "May", "Oct.", "3", "21", "2020", "2019 to 2021", "1990s", "spring of 1999", "early", "late",
    "will meet ", "2024-03-05", "28/12/2023", "week", "month", "year", "Black Friday", "the end of",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=10).map("".join),
       st.lists(st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), min_size=1, max_size=3))
def test_dates_as_a_fresh_read_whatever_the_publication_dates(text, published):
    """A sentence whose dates do not depend on the publication date is read once for all of them."""
    for pub in published:
        kept = dates.dates_in(text, pub)
        assert kept == list(dates._dates_in.__wrapped__(text, pub))
