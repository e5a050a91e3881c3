"""Reading the corpus: one edge case per file under tests/data/corpus_edge/, exact messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare import corpus
from factcompare.corpus import (
    MarkdownReader,
    TextReader,
    decode,
    read_corpus,
    read_text_header,
    reads_as_sentence,
    slugify,
    split_front_matter,
)

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"


def write_corpus(folder: Path, files: dict[str, str | bytes]) -> Path:
    """A corpus in a temporary folder (MkDocs' tempdir(files=...) habit)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


@pytest.fixture
def edge(monkeypatch: pytest.MonkeyPatch) -> tuple[list, list[str]]:
    monkeypatch.chdir(DATA)
    articles, problems = read_corpus(Path("corpus_edge"))
    return articles, [str(p) for p in problems]


EDGE_PROBLEMS = [
    ("Not A Slug.md", "corpus_edge/Not A Slug.md: error: the file name 'Not A Slug' is not a URL slug, so it cannot be an "
     "article id. Rename it to not-a-slug.md (lower-case letters, digits and hyphens)."),
    ("bad_yaml.md", "corpus_edge/bad_yaml.md:4: error: front matter is not valid YAML: expected ',' or ']', but got ':'. "
     'Write one "key: value" per line; put values containing ": " or "#" in quotes.'),
    ("binary.md", "corpus_edge/binary.md:3: error: this is not a text file (it contains binary data). Only .md and .txt "
     "articles belong in the corpus folder: move it elsewhere."),
    ("duplicate_id.txt", "corpus_edge/duplicate_id.txt: error: the article id 'duplicate_id' is already used by "
     "corpus_edge/duplicate_id.md. Rename one of the files: an id is the file name without extension."),
    ("duplicate_key.md", "corpus_edge/duplicate_key.md:3: warning: front matter key 'title' appears twice; the last one "
     "is used. Delete one of them."),
    ("empty_with_bom.md", "corpus_edge/empty_with_bom.md:4: error: the article has no text. Paste the article text below "
     "the metadata, or delete the file."),
    ("front_matter_not_mapping.md", 'corpus_edge/front_matter_not_mapping.md:2: error: front matter must be "key: value" '
     "lines. Write e.g. title: ..., author: ..., published: 2024-01-31."),
    ("invalid_calendar_date.md", "corpus_edge/invalid_calendar_date.md:3: error: published: '2023-02-30' is not a real "
     "date. Check the day and month."),
    ("latin1.txt", "corpus_edge/latin1.txt:1: warning: the file is not UTF-8; it was read as cp1252. Check the accented "
     "letters, then save it as UTF-8."),
    ("non_iso_date.md", "corpus_edge/non_iso_date.md:3: error: published must be an ISO date (YYYY-MM-DD), not "
     "'December 28, 2023'. Write it as published: 2023-12-28."),
    ("saved_page.html", "corpus_edge/saved_page.html: warning: ignored: no reader for .html. Turn it into a corpus "
     "article with: python build.py import corpus_edge/saved_page.html"),
    ("title_not_string.md", 'corpus_edge/title_not_string.md:2: error: title must be text, not a number. Put it in '
     'quotes: title: "1984".'),
    ("unclosed_front_matter.md", "corpus_edge/unclosed_front_matter.md:1: error: front matter starts with --- but has "
     "no closing --- line. Add a line with only --- after the last metadata line."),
    ("undecodable.txt", "corpus_edge/undecodable.txt:1: error: the text cannot be decoded: it is neither UTF-8 nor a "
     "known encoding. Open it in an editor and save it as UTF-8."),
    ("unknown_key.md", "corpus_edge/unknown_key.md:3: warning: unknown front matter key 'authr' is ignored. Did you "
     "mean 'author'? Known keys: title, outlet, author, published, url, language."),
    ("utf16_bom.txt", "corpus_edge/utf16_bom.txt: warning: the file is not UTF-8; it was read as UTF-16. Check the "
     "accented letters, then save it as UTF-8."),
]


@pytest.mark.parametrize("name, message", EDGE_PROBLEMS, ids=[n for n, _ in EDGE_PROBLEMS])
def test_edge_case_message(edge, name: str, message: str) -> None:
    assert message in edge[1]


def test_edge_folder_reports_every_problem_once_and_nothing_else(edge) -> None:
    assert sorted(edge[1]) == sorted(m for _, m in EDGE_PROBLEMS)


def test_edge_folder_reads_the_good_articles_sorted_and_skips_non_articles(edge) -> None:
    ids = [a.id for a in edge[0]]
    assert ids == sorted(ids)
    assert ids == ["all_metadata", "crlf", "dateline_lead", "duplicate_id", "duplicate_key", "invalid_calendar_date",
                   "latin1", "no_title", "non_iso_date", "title_not_string", "unknown_key", "utf16_bom"]
    assert not {"README", "facts", ".hidden"} & set(ids)


@pytest.mark.parametrize(
    "article_id, fields",
    [
        ("all_metadata", dict(title="Wildfire contained", outlet="The Valley Herald", author="Kim Park",
                              published=date(2024, 8, 14), url="https://example.org/wildfire", language="en",
                              body_line=10, body="Firefighters contained the 1,200-hectare blaze on Wednesday.")),
        ("crlf", dict(title="Factory fire injures 12", author="Ana Ruiz", published=date(2024, 3, 3), body_line=6,
                      body="Twelve workers were hurt when a fire broke out at 2:30 p.m.")),
        ("latin1", dict(title="Fire at the Klöckner plant", body_line=3,
                        body="The café next door in München was evacuated at 3 a.m. after the fire spread.")),
        ("utf16_bom", dict(title="Flood warning lifted", body="The river fell below 4.2 metres on Monday.")),
        ("no_title", dict(title=None, body_line=1)),
        ("dateline_lead", dict(title=None, published=date(2024, 3, 1), body_line=1,
                               body="Friday, March 1, 2024 – A court in the capital sentenced two former ministers to 7 "
                               "years in prison.\n\nThe verdict can be appealed.")),
        ("duplicate_key", dict(title="Second")),
        # A bad value is reported and left empty; the article still reads.
        ("non_iso_date", dict(title="Storm closes schools", published=None)),
        ("title_not_string", dict(title=None)),
    ],
)
def test_edge_articles(edge, article_id: str, fields: dict) -> None:
    article = next(a for a in edge[0] if a.id == article_id)
    for key, value in fields.items():
        assert getattr(article, key) == value, key


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "SIZE_LIMIT", 100)
    write_corpus(tmp_path, {"big.txt": "Title\n\n" + "word " * 1000})
    articles, problems = read_corpus(tmp_path)
    assert articles == []
    assert [p.message for p in problems if p.severity == "error"] == [
        "the file is too large for an article (5,007 bytes; the limit is 100)."
    ]


def test_missing_folder(tmp_path: Path) -> None:
    articles, problems = read_corpus(tmp_path / "nope")
    assert articles == []
    assert problems[0].message == "the corpus folder does not exist."
    assert problems[0].hint == "Create it and put articles in it, or choose another with --corpus DIR."


def test_empty_folder_warns(tmp_path: Path) -> None:
    _, problems = read_corpus(write_corpus(tmp_path, {"README.md": "# notes", "facts.yaml": "facts: []"}))
    assert [(p.severity, p.message) for p in problems] == [("warning", "the corpus has no articles.")]


def test_body_is_kept_word_for_word(tmp_path: Path) -> None:
    body = "He said “no”  —  twice.\n\n\nSecond  paragraph, with trailing space. \nThird line."
    write_corpus(tmp_path, {"court-case.md": f"---\ntitle: Court\n---\n\n{body}\n"})
    (article,), problems = read_corpus(tmp_path)
    assert problems == []
    assert article.body == body.rstrip()
    assert article.body_line == 5


@pytest.mark.parametrize(
    "text, title, author, published, body_line",
    [
        ("Headline here\n\nBy Jane Doe\n\nJanuary 5, 2024\n\nBody.", "Headline here", "Jane Doe", date(2024, 1, 5), 7),
        ("Headline here\nMarch 3, 2024\nJane Doe\nBody text.", "Headline here", "Jane Doe", date(2024, 3, 3), 4),
        ("Headline here\n5 March 2024\nBody text.", "Headline here", None, date(2024, 3, 5), 3),
        ("Headline here\nPublished: 2024-03-05\nBody text.", "Headline here", None, date(2024, 3, 5), 3),
        ("Headline here\nThursday, December 28, 2023 at 10:15 a.m. EST\nBody.", "Headline here", None, date(2023, 12, 28), 3),
        # the lead sentence is not a title
        ("The storm cut power to 40,000 homes on Sunday night, officials said.\nMore.", None, None, None, 1),
        # a date opening the lead gives the date but stays in the body
        ("Monday, May 6, 2024 — Rescuers found 3 survivors.\n", None, None, date(2024, 5, 6), 1),
        # a shouted label or a long line is not a byline
        ("Headline\nBREAKING NEWS\nBody.", "Headline", None, None, 2),
        ("", None, None, None, 1),
    ],
)
def test_text_header(text: str, title, author, published, body_line: int) -> None:
    parsed = read_text_header(text)
    assert parsed.metadata.get("title") == title
    assert parsed.metadata.get("author") == author
    assert parsed.metadata.get("published") == published
    assert parsed.body_line == body_line


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Iran's Revolutionary Guards have claimed responsibility for the October 7th massacre by Hamas.", True),
        ("Iran: Oct. 7 attack was revenge for killing of Soleimani in 2020; Hamas: No it wasn't", False),
        ("Factory fire injures 12", False),
        ("Is the dam safe?", False),
    ],
)
def test_reads_as_sentence(line: str, expected: bool) -> None:
    assert reads_as_sentence(line) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Iran’s Confession: The Tragic October 7 Massacre", "irans-confession-the-tragic-october-7-massacre"),
        ("Not A Slug", "not-a-slug"),
        ("Zürich — café  fire!", "zurich-cafe-fire"),
        ("", ""),
        ("word " * 30, "word-" * 11 + "word"),
    ],
)
def test_slugify(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_markdown_reader_reads_one_file(tmp_path: Path) -> None:
    path = tmp_path / "quake.md"
    path.write_text("---\ntitle: 'Quake: 6.1'\npublished: 2024-02-11\n---\nA 6.1 quake hit.\n", encoding="utf-8")
    article, problems = MarkdownReader().read(path)
    assert problems == []
    assert (article.id, article.title, article.published, article.body, article.body_line) == (
        "quake", "Quake: 6.1", date(2024, 2, 11), "A 6.1 quake hit.", 5)


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_seed_text_files_read_without_problems(name: str) -> None:
    article, problems = TextReader().build((SEEDS / name).read_text(encoding="utf-8"), "seed", name)
    assert problems == []
    assert article is not None and article.body.strip()


def test_seed_metadata() -> None:
    if not SEEDS.is_dir():
        pytest.skip("seeds not present")
    seeds = {p.name[:3]: read_text_header(p.read_text(encoding="utf-8")).metadata for p in SEEDS.glob("*.txt")}
    assert seeds["000"] == {"title": "Iran’s Confession: The perpetrator of the Tragic October 7 Massacre In Israel",
                            "author": "Farrukh Saif", "published": date(2023, 12, 29)}
    assert seeds["001"] == {}
    assert seeds["004"] == {"published": date(2023, 12, 28)}


def test_decode_strips_bom_and_normalises_newlines() -> None:
    assert decode("\ufeffa\r\nb\rc\n".encode("utf-8"), "x") == ("a\nb\nc\n", [])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_front_matter_parsing_never_raises(text: str) -> None:
    parsed = split_front_matter(text, "x.md")
    assert isinstance(parsed.problems, list)
    MarkdownReader().build(text, "x", "x.md")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "author", "published", "url", "extra", "outlet"]),
                       st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.lists(st.text()))),
       st.text(min_size=1))
def test_front_matter_yaml_values_never_raise(meta: dict, body: str) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(meta) + "---\n" + body
    MarkdownReader().build(text, "x", "x.md")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decode_never_raises(data: bytes) -> None:
    text, problems = decode(data, "x.txt")
    assert text is not None or problems
    if text is not None:
        assert "\r" not in text and not text.startswith("\ufeff")
        TextReader().build(text, "x", "x.txt")


@pytest.mark.parametrize("text", [
    "title: A fire\npublished: 2024-01-31\noutlet: Harbour Times",
    "title: \"Quoted: with colon\"\npublished: 2023-02-30\nauthor: null",
    "title: 'Single'\nlanguage: en\nurl: https://example.com/a?b=1#c",
    "tags: [a, b]\npublished: 12:30\ncount: 3",
])
def test_libyaml_and_the_careful_reader_read_front_matter_alike(text):
    """Good front matter goes through libyaml; it must mean what the line-reporting reader reads."""
    from factcompare.corpus import _Loader, _fast_load

    loader = _Loader(text)
    loader.duplicates = []
    assert _fast_load(text) == loader.get_single_data()
    assert isinstance(_fast_load(text).get("published", ""), (str, int, type(None)))


def test_duplicate_keys_leave_libyaml_for_the_reader_that_warns():
    from factcompare.corpus import _fast_load

    assert _fast_load("title: a\ntitle: b") is None
