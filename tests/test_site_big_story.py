"""In a big story a fact that one source alone states has no page of its own: its address is its entry
on that source's page, and every link and record points there. A small story keeps a page per fact.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from site_story import quake_story

from factcompare.cli import ROOT, render
from factcompare.linkcheck import check_site
from factcompare.models import Story
from factcompare.site.views import BIG_STORY


def with_changes(story: Story, **changes: dict[str, object]) -> Story:
    """The story with some facts' fields changed, by fact id."""
    facts = tuple(f.model_copy(update=changes[f.id]) if f.id in changes else f for f in story.facts)
    return story.model_copy(update={"facts": facts})


def build(story: Story, tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir(exist_ok=True)
    out = tmp_path / "site"
    assert render(story, ROOT / "mkdocs.yml", out, tmp_path / "corpus", incremental=False) == []
    return out


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    story = with_changes(quake_story(BIG_STORY + 4),
                         **{"quantity-survivors-001": {"curated": True},
                            "quantity-survivors-002": {"aliases": ("quantity-rescued-002",)}})
    # survivors-004 had a page in an earlier build (a second source stated it then).
    story = story.model_copy(update={"once_paged": frozenset({"quantity-survivors-004", "quantity-deaths"})})
    return build(story, tmp_path_factory.mktemp("big"))


def records(site: Path) -> dict[str, dict]:
    return {f["id"]: f for f in json.loads((site / "facts.json").read_text(encoding="utf-8"))["facts"]}


def test_a_single_source_fact_has_no_page_and_no_data_file(big_site: Path) -> None:
    assert not (big_site / "facts" / "quantity-survivors-003").exists()
    assert not (big_site / "facts" / "quantity-survivors-003.json").exists()
    record = records(big_site)["quantity-survivors-003"]
    assert record["page"] == "articles/quake-003/#fact-quantity-survivors-003"
    assert record["data"] is None
    assert [c["article"] for c in record["claims"]] == ["quake-003"]  # the data still holds the claim


def test_facts_two_sources_state_and_curated_ones_keep_their_pages(big_site: Path) -> None:
    for fact_id in ("quantity-deaths", "quantity-aftershocks-001", "quantity-survivors-001"):
        assert (big_site / "facts" / fact_id / "index.html").is_file()
        assert (big_site / "facts" / f"{fact_id}.json").is_file()
        assert records(big_site)[fact_id]["page"] == f"facts/{fact_id}/"


def test_the_source_page_is_the_address_of_its_own_facts(big_site: Path) -> None:
    html = (big_site / "articles" / "quake-003" / "index.html").read_text(encoding="utf-8")
    # The entry in the list of facts this source states, linking to the sentence that states it.
    entry = re.search(r'<li id="fact-quantity-survivors-003"><a href="([^"]+)">', html)
    assert entry and entry.group(1) == "./#s-1"
    # The value in the text links to that entry; a value other sources state links to the fact page.
    by_value = {text: href for href, text in re.findall(r'<a class="claim [^"]*" href="([^"]+)"[^>]*><mark>([^<]+)</mark>', html)}
    assert by_value["5"] == "./#fact-quantity-survivors-003"
    assert by_value["120"] == "../../facts/quantity-deaths/#source-quake-003"
    assert "1 of them no other source states" in html


def test_a_renamed_single_source_fact_redirects_to_its_entry(big_site: Path) -> None:
    html = (big_site / "facts" / "quantity-rescued-002" / "index.html").read_text(encoding="utf-8")
    assert 'url=../../articles/quake-002/#fact-quantity-survivors-002"' in html


def test_a_fact_that_lost_its_page_redirects_from_its_old_address(big_site: Path) -> None:
    html = (big_site / "facts" / "quantity-survivors-004" / "index.html").read_text(encoding="utf-8")
    assert 'url=../../articles/quake-004/#fact-quantity-survivors-004"' in html
    assert not (big_site / "facts" / "quantity-survivors-005").exists()  # never had a page: nothing to keep
    assert "This fact moved" not in (big_site / "facts" / "quantity-deaths" / "index.html").read_text(encoding="utf-8")


def test_every_link_and_anchor_of_a_big_site_resolves(big_site: Path) -> None:
    assert check_site(big_site) == []


def test_a_small_story_gives_every_fact_a_page(tmp_path: Path) -> None:
    site = build(quake_story(6), tmp_path)
    assert (site / "facts" / "quantity-survivors-003" / "index.html").is_file()
    assert records(site)["quantity-survivors-003"]["page"] == "facts/quantity-survivors-003/"
    html = (site / "articles" / "quake-003" / "index.html").read_text(encoding="utf-8")
    assert "no other source states" not in html
