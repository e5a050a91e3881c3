"""End to end: build the bundled seed corpus and read what a reader and a program would read.

Facts are found by the sentences their claims quote, never by id, so these tests check alignment
itself: the claims named here must land in one fact, whatever the fact is called.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

from factcompare.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A copy of the bundled corpus: a build updates the corpus' id lock, and tests leave the repo alone."""
    folder = tmp_path_factory.mktemp("seed") / "corpus"
    shutil.copytree(ROOT / "corpus", folder)
    return folder


@pytest.fixture(scope="module")
def site(corpus) -> Path:
    out = corpus.parent / "site"
    code = main(["--corpus", str(corpus), "--out", str(out), "--no-cache", "--executor", "serial", "--quiet"])
    assert code == 0
    return out


@pytest.fixture(scope="module")
def data(site) -> dict:
    return json.loads((site / "facts.json").read_text(encoding="utf-8"))


def articles_by_text(data: dict, words: str) -> str:
    """The id of the article whose claims quote these words (ids are the editor's choice)."""
    ids = {c["article"] for f in data["facts"] for c in f["claims"] if words in c["quote"]}
    assert len(ids) == 1, f"{words!r} quoted by {sorted(ids)}"
    return ids.pop()


def fact_with(data: dict, kind: str, quote_words: str, display: str | None = None) -> dict:
    """The one fact of this kind holding a claim whose quote has these words (and display, if given)."""
    found = [
        f for f in data["facts"] if f["kind"] == kind
        and any(quote_words in c["quote"] and (display is None or display.lower() in c["value"]["display"].lower())
                for c in f["claims"])
    ]
    assert len(found) == 1, f"{len(found)} {kind} facts quote {quote_words!r}"
    return found[0]


def claim_in(fact: dict, quote_words: str) -> dict:
    matches = [c for c in fact["claims"] if quote_words in c["quote"]]
    assert matches, f"no claim quoting {quote_words!r} in fact {fact['id']}: {[c['quote'] for c in fact['claims']]}"
    return matches[0]


def test_contract_shape(data):
    assert set(data) == {"articles", "facts"}
    for a in data["articles"]:
        assert {"id", "title", "outlet", "author", "published", "url", "page"} <= set(a)
        assert a["page"] == f"articles/{a['id']}/"
    kind_fields = {"quantity": {"low", "high", "approximate", "unit"}, "date": {"earliest", "latest"},
                   "time": {"earliest", "latest"}, "place": {"name", "country"}, "name": {"canonical"}}
    article_ids = {a["id"] for a in data["articles"]}
    for f in data["facts"]:
        assert {"id", "title", "kind", "status", "summary", "page", "silent", "claims"} <= set(f)
        assert f["page"] == f"facts/{f['id']}/"
        assert f["status"] in {"agree", "compatible", "conflict", "single_source"}
        assert set(f["silent"]) | {c["article"] for c in f["claims"]} == article_ids
        for c in f["claims"]:
            start, end = c["span"]
            assert 0 <= start < end <= len(c["quote"])
            assert {"display"} | kind_fields[f["kind"]] <= set(c["value"])


def test_october_7_death_toll_is_one_compatible_fact_of_two_lower_bounds(data):
    fact = fact_with(data, "quantity", "more than 1000 Jews were killed")
    first = claim_in(fact, "more than 1000")
    second = claim_in(fact, "over 1,200 people")
    assert (first["value"]["low"], first["value"]["high"]) == (1000, None)
    assert (second["value"]["low"], second["value"]["high"]) == (1200, None)
    assert fact["status"] == "compatible"
    assert "1,000+" in fact["summary"] and "1,200+" in fact["summary"]
    quotes = " ".join(c["quote"] for c in fact["claims"])
    assert "600 Americans" not in quotes and "240 people" not in quotes


def test_number_trained_in_iran_is_one_fact_that_does_not_conflict(data):
    fact = fact_with(data, "quantity", "as many as 500 men")
    upper = claim_in(fact, "as many as 500")
    some = claim_in(fact, "some 500 member")
    assert upper["value"]["high"] == 500 and upper["value"]["low"] in (0, None)
    assert some["value"]["approximate"] is True and some["value"]["low"] == some["value"]["high"] == 500
    assert fact["status"] in ("agree", "compatible")


def test_day_of_the_killing_is_monday_from_every_article_that_gives_it(data):
    fact = fact_with(data, "date", "killed in a strike on his home in Damascus on Monday", "Monday")
    dated = articles_by_text(data, "high-ranking Iranian general in Damascus on Monday")
    mondays = [c for c in fact["claims"] if "monday" in c["value"]["display"].lower()]
    assert len({c["article"] for c in mondays}) == 3
    resolved = claim_in(fact, "high-ranking Iranian general in Damascus on Monday")
    assert resolved["article"] == dated
    assert resolved["value"]["earliest"] == resolved["value"]["latest"] == "2023-12-25"
    assert fact["status"] in ("agree", "compatible")


def test_place_of_the_killing_is_damascus_in_two_and_syria_in_two(data):
    fact = fact_with(data, "place", "Razi Mousavi in an alleged Israeli airstrike in Syria")
    names = {}
    for c in fact["claims"]:
        names.setdefault(c["value"]["name"], set()).add(c["article"])
    assert len(names.get("Damascus", ())) >= 2 and len(names.get("Syria", ())) >= 2
    assert {c["value"]["country"] for c in fact["claims"]} == {"SY"}
    assert fact["status"] == "compatible"


def test_rank_of_the_killed_general_conflicts(data):
    fact = fact_with(data, "name", "Brig. Gen. Razi Mousavi", "Brig")
    ranks = {c["value"]["canonical"] for c in fact["claims"]}
    assert len(ranks) == 2
    assert sum("Major General" in c["value"]["display"] for c in fact["claims"]) == 2
    assert fact["status"] == "conflict"


def test_day_of_the_statement_is_wednesday_and_agrees(data):
    dated = articles_by_text(data, "On Wednesday, IRGC spokesman Ramazan Sharif")
    fact = fact_with(data, "date", "On Wednesday, IRGC spokesman Ramazan Sharif")
    resolved = next(c for c in fact["claims"] if c["article"] == dated)
    assert resolved["value"]["earliest"] == "2023-12-27"
    assert len(fact["claims"]) >= 2
    assert fact["status"] == "agree"


def test_soleimani_killed_in_january_2020_agrees(data):
    fact = fact_with(data, "date", "eliminated by President Donald Trump in January 2020")
    assert len({c["article"] for c in fact["claims"]}) >= 2
    assert fact["status"] in ("agree", "compatible")


def test_hostages_figure_is_single_source(data):
    fact = fact_with(data, "quantity", "At least 240 people were abducted")
    value = claim_in(fact, "At least 240")["value"]
    assert (value["low"], value["high"]) == (240, None)
    assert fact["status"] == "single_source"


def test_money_figures_stay_apart(data):
    assert fact_with(data, "quantity", "13.1 billion")["id"] != fact_with(data, "quantity", "$50 billion")["id"]


def test_every_fact_and_article_has_its_page(site, data):
    for f in data["facts"]:
        assert (site / f["page"] / "index.html").is_file()
        assert (site / "facts" / f"{f['id']}.json").is_file()
    for a in data["articles"]:
        assert (site / a["page"] / "index.html").is_file()
    assert (site / "index.html").is_file() and (site / ".nojekyll").is_file() and (site / "404.html").is_file()


def test_rebuild_is_byte_identical(site, corpus, tmp_path):
    again = tmp_path / "site"
    assert main(["--corpus", str(corpus), "--out", str(again), "--no-cache", "--executor", "serial",
                 "--quiet"]) == 0
    first = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_each_fact_of_several_sources_says_why_its_claims_were_grouped(site, data):
    shared = [f for f in data["facts"] if len({c["article"] for c in f["claims"]}) > 1]
    assert shared and all(f["grounds"] for f in shared)
    fact = next(f for f in shared if not f["curated"])
    page = (site / fact["page"] / "index.html").read_text(encoding="utf-8")
    assert f"<p class=\"grounds\">{fact['grounds']}</p>" in html.unescape(page)


def test_the_method_page_names_the_parser_that_read_the_sentences(site):
    from factcompare.parse import model_id

    assert f"<code>{model_id()}</code>" in (site / "method" / "index.html").read_text(encoding="utf-8")
