"""Importing .txt and saved .html into corpus Markdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcompare.corpus import MarkdownReader, read_corpus
from factcompare.importer import choose_slug, front_matter, import_file, import_files, import_many

DATA = Path(__file__).parent / "data" / "import"
SEEDS = Path(__file__).parents[2] / "shared" / "seeds"
CORPUS = Path(__file__).parents[1] / "corpus"

pytestmark = pytest.mark.smoke  # also run against the newest allowed versions (.ci/run)

PAGE_TEXT = [
    "Twelve workers were injured on Monday when a fire broke out in a storage building at the Riverside chemical "
    "plant, the county fire service said.",
    "The fire started at about 2:30 p.m. and took more than three hours to bring under control, Fire Chief Dana "
    "Whitfield told reporters at the scene.",
    "Three of the injured were taken to St. Mary's Hospital with serious burns; the others were treated for smoke "
    "inhalation and released, a hospital spokesman said.",
    "Residents within half a mile of the plant were told to keep their windows closed until Tuesday morning as a "
    "precaution.",
    '"We are cooperating fully with the investigation," the plant\'s owner, Harmon Industries, said in a statement.',
    "The cause of the fire is under investigation.",
]


def test_html_page_gives_article_text_and_metadata(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    results, problems = import_many([DATA / "news_page.html"], corpus)
    assert problems == []
    (result,) = results
    assert result.target == str(corpus / "fire-at-riverside-chemical-plant-injures-12-workers.md")
    assert result.found == ("title", "outlet", "author", "published", "url", "language")
    assert result.missing == ()
    (article,), problems = read_corpus(corpus)
    assert problems == []
    assert (article.title, article.outlet, article.author, article.published, article.url, article.language) == (
        "Fire at Riverside chemical plant injures 12 workers", "The Valley Herald", "Maria Lopez", date(2024, 3, 4),
        "https://valleyherald.example/news/2024/03/04/riverside-plant-fire", "en")
    assert article.body.split("\n\n") == PAGE_TEXT
    for furniture in ("Share on", "Sign up", "Comments", "riverwatcher", "Most Popular", "Copyright", "Related",
                      "Log in", "BREAKING", "Photo by"):
        assert furniture not in article.body


def test_text_file_becomes_markdown_with_front_matter(tmp_path: Path) -> None:
    source = tmp_path / "paste.txt"
    source.write_text("Quake: 6.1 tremor shakes coast\n\nBy Ana Ruiz\nFebruary 11, 2024\n\n"
                      "A magnitude 6.1 earthquake struck on Sunday.\nNo deaths were reported.\n", encoding="utf-8")
    written, problems = import_files([source], tmp_path / "corpus")
    assert problems == []
    assert written == [tmp_path / "corpus" / "quake-6-1-tremor-shakes-coast.md"]
    assert written[0].read_text(encoding="utf-8") == (
        "---\ntitle: 'Quake: 6.1 tremor shakes coast'\nauthor: Ana Ruiz\npublished: 2024-02-11\n---\n\n"
        "A magnitude 6.1 earthquake struck on Sunday.\nNo deaths were reported.\n")


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Dam opens\n\nThe dam opened in 2021.\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    import_files([source], corpus)
    target = corpus / "dam-opens.md"
    target.write_text(target.read_text() + "An editor's correction.\n")
    written, problems = import_files([source], corpus)
    assert written == []
    assert [str(p) for p in problems] == [
        f"{source}: error: {target} already exists. Use --force to overwrite it, or edit that file instead."]
    assert "correction" in target.read_text()
    written, problems = import_files([source], corpus, force=True)
    assert (written, problems) == ([target], [])
    assert "correction" not in target.read_text()


def test_same_id_in_another_format_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "dam-opens.txt").write_text("Dam opens\n\nText.\n")
    source = tmp_path / "b.txt"
    source.write_text("Dam opens\n\nThe dam opened in 2021.\n")
    written, problems = import_files([source], corpus, force=True)
    assert written == []
    assert problems[0].message == f"the article id 'dam-opens' is already used by {corpus / 'dam-opens.txt'}."


def test_directories_recurse_and_clashes_in_one_run_are_reported(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "one.txt").write_text("Bridge reopens\n\nThe bridge reopened on Friday.\n")
    (src / "sub" / "two.txt").write_text("Bridge reopens\n\nSame title, other text.\n")
    (src / "notes.pdf").write_bytes(b"%PDF")
    (src / ".hidden.txt").write_text("Hidden\n\nNot imported.\n")
    written, problems = import_files([src], tmp_path / "corpus")
    assert written == [tmp_path / "corpus" / "bridge-reopens.md"]
    assert [p.message for p in problems] == [f"{src / 'one.txt'} is also imported as {tmp_path / 'corpus' / 'bridge-reopens.md'}."]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("notes.pdf", b"%PDF-1.4", "cannot import .pdf files."),
        ("empty.txt", b"\n\n", "the file has no article text."),
        ("blank.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
         "no article text was found in this page."),
        ("bad.md", b"---\ntitle: [x\n---\nBody.\n", "front matter is not valid YAML: expected ',' or ']', but got '<stream end>'."),
        ("date.md", b"---\npublished: 28/12/2023\n---\nBody.\n",
         "published must be an ISO date (YYYY-MM-DD), not '28/12/2023'."),
    ],
)
def test_bad_sources(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    written, problems = import_files([tmp_path / name], tmp_path / "corpus")
    assert written == []
    assert message in [p.message for p in problems]
    assert not (tmp_path / "corpus").exists() or not any((tmp_path / "corpus").iterdir())


def test_missing_path(tmp_path: Path) -> None:
    _, problems = import_files([tmp_path / "nope.txt"], tmp_path / "corpus")
    assert [p.message for p in problems] == ["no such file or folder."]


@pytest.mark.parametrize(
    "title, body, stem, expected",
    [
        ("Iran’s Confession", "x", "000_abc", "irans-confession"),
        (None, "Thursday, December 28, 2023 – The Islamic Republic of Iran has claimed that ...", "f", "the-islamic-republic-of-iran-has-claimed-that"),
        (None, "", "My File", "my-file"),
        (None, "", "---", "article"),
    ],
)
def test_choose_slug(title, body: str, stem: str, expected: str) -> None:
    assert choose_slug(title, body, Path(stem + ".txt")) == expected


def test_front_matter_is_deterministic_and_quoted_safely() -> None:
    fields = {"url": "https://x.example/a#b", "title": "1984: yes", "published": date(2024, 1, 2), "author": "O'Neil",
              "language": None}
    assert front_matter(fields) == (
        "---\ntitle: '1984: yes'\nauthor: O'Neil\npublished: 2024-01-02\nurl: https://x.example/a#b\n---\n")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "outlet", "author", "url", "language"]), st.text(min_size=1)),
       st.dates())
def test_front_matter_round_trips(fields: dict, published: date) -> None:
    fields = {**fields, "published": published}
    article, problems = MarkdownReader().build(front_matter(fields) + "\nBody.\n", "x", "x.md")
    assert [p for p in problems if p.severity == "error"] == []
    for key, value in fields.items():
        expected = " ".join(value.split()) or None if isinstance(value, str) else value
        assert getattr(article, key) == expected


@pytest.mark.skipif(not SEEDS.is_dir() or not CORPUS.is_dir(), reason="seeds or corpus not present")
def test_seed_corpus_files_are_what_the_importer_makes(tmp_path: Path) -> None:
    """corpus/*.md were made by import_file from shared/seeds; re-importing gives the same bytes."""
    made = {p.read_text(encoding="utf-8"): p.name for p in CORPUS.glob("*.md")}
    for seed in sorted(SEEDS.glob("*.txt")):
        result, problems = import_file(seed, tmp_path, slug=f"seed-{seed.stem[:3]}")
        assert problems == [] and result is not None
        assert Path(result.target).read_text(encoding="utf-8") in made
