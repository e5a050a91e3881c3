"""The fast paths of rendering give exactly what the plain ones gave: links, JSON text, data files."""

from __future__ import annotations

import json
import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcompare.models import Story
from factcompare.site import views
from factcompare.site.data import DataFiles, dumps, fact_json, facts_json, record_in
from factcompare.site.jsontext import encode
from factcompare.site.urls import Links, relative
from site_story import build_hostile_story, build_tiny_story


def relpath_relative(target: str, base: str) -> str:
    """`relative` as it was written first, with posixpath.relpath: the reference."""
    path, hash_, fragment = target.partition("#")
    base_dir = base if base.endswith("/") or base == "" else posixpath.dirname(base)
    base_dir = base_dir.strip("/") or "."
    is_dir = path == "" or path.endswith("/")
    rel = posixpath.relpath(path.strip("/") or ".", base_dir)
    if is_dir:
        rel = "./" if rel == "." else rel + "/"
    return rel + hash_ + fragment


segment = st.sampled_from(["facts", "articles", "x", "y", "x.json", "index.html", "a-b", "method", ".", "..", "",
                           ".x", "..x", "x."])
address = st.builds(lambda parts, slash, frag: "/".join(parts) + ("/" if slash and parts else "") + frag,
                    st.lists(segment, max_size=4), st.booleans(), st.sampled_from(["", "#s-1", "#source-a"]))


@given(address, address.map(lambda a: a.partition("#")[0]))
def test_relative_matches_relpath(target: str, base: str) -> None:
    assert relative(target, base) == relpath_relative(target, base)


@given(address.map(lambda a: a.partition("#")[0]), segment | st.just("index") | st.text(max_size=6), st.booleans(),
       st.sampled_from([None, "a", "b-c"]), st.sampled_from([None, 0, 12]))
def test_links_to_facts_and_articles_match_the_general_way(base: str, name: str, directory_urls: bool,
                                                          source: str | None, sentence: int | None) -> None:
    links = Links(base, directory_urls)
    assert links.fact(name, source) == links.page(f"facts/{name}", f"source-{source}" if source else None)
    assert links.article(name, sentence) == links.page(
        f"articles/{name}", f"s-{sentence}" if sentence is not None else None)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
@pytest.mark.parametrize("indent", ["  ", " "])
def test_encode_matches_json_dumps(indent: str, value: object) -> None:
    assert encode(value, indent=indent) == json.dumps(value, ensure_ascii=False, sort_keys=True, indent=len(indent))


def test_encode_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        encode({"a": {1, 2}})
    with pytest.raises(TypeError):
        encode({1: "a"})


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("make", [build_tiny_story, build_hostile_story])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_data_files_are_the_dumped_records(make: object, directory_urls: bool, big: bool,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    if big:  # a big story's records count the silent articles instead of listing them
        monkeypatch.setattr(views, "BIG_STORY", 1)
    story: Story = make()  # type: ignore[operator]
    assert views.is_big(story) == big
    data = DataFiles(story, directory_urls)
    assert_records_by_line(data.facts_file(), facts_json(story, directory_urls))
    for fact in story.facts:
        text = data.fact_file(fact)
        assert_records_by_line(text, fact_json(story, fact, directory_urls))
        assert record_in(text) == data.fact_text(fact)  # what a rebuild lends to facts.json


def assert_records_by_line(text: str, document: dict) -> None:
    """The data file holds `document`, one record a line, each line the record as `dumps` writes it."""
    assert json.loads(text) == document
    frame = {'{"articles": [', '{"articles": [],', "],", '"facts": [', '"facts": []}', "]}"}
    records = [dumps(r) for key in ("articles", "facts") for r in document[key]]
    assert [line.rstrip(",") + "\n" for line in text.splitlines() if line not in frame] == records


def test_data_files_of_an_empty_story() -> None:
    story = Story(title="Nothing yet", documents=(), facts=())
    assert DataFiles(story).facts_file() == '{"articles": [],\n"facts": []}\n'
