"""The pipeline's handling of the garbage collector around a build."""

from __future__ import annotations

import gc

from factcompare.pipeline import collector_paused


def test_what_a_paused_build_made_is_not_scanned_again_when_the_collector_resumes() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        made = [[k] for k in range(1000)]  # stands for a story: containers the collector tracks
    assert gc.isenabled()
    # In the oldest generation, not the youngest: the next pass of the young generations skips them.
    # Read while `fresh` is alive (an id is unique only among live objects) and with no pass that
    # could promote it meanwhile.
    gc.disable()
    try:
        fresh = [[k] for k in range(3)]
        oldest = {id(o) for o in gc.get_objects(generation=2)}
    finally:
        gc.enable()
    assert all(id(item) in oldest for item in made)
    assert not any(id(item) in oldest for item in fresh)  # new objects start young


def test_a_pause_inside_a_pause_leaves_the_collector_off() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_undated_article_s_long_past_date_is_of_an_earlier_event(tmp_path) -> None:
    from factcompare.pipeline import build_story

    (tmp_path / "dated.md").write_text("---\ntitle: Channels open\npublished: 2024-04-05\n---\n"
                                       "Two temporary channels opened this week for tugs and barges.\n")
    (tmp_path / "undated.md").write_text("---\ntitle: The bridge\n---\n"
                                         "The bridge opened in 1977 and carried 30,000 vehicles a day.\n")
    story = build_story(tmp_path)
    dates = {c.value.display: c for f in story.facts for c in f.claims if c.value.kind == "date"}
    assert dates["1977"].frame.earlier and not dates["this week"].frame.earlier
    assert all(f.verdict is None or f.verdict.status != "conflict" for f in story.facts)
