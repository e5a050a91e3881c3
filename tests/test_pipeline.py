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
