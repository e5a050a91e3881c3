"""map_articles: results in input order and identical whichever executor ran them."""

from __future__ import annotations

import functools
import io
import os
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from site_story import forked_children

from factcompare import parallel
from factcompare.models import Article, QuantityValue
from factcompare.parallel import ExecutorSpec, ExecutorSpecError, map_articles, parse_executor

EXECUTORS = ("serial", "process", "thread")


def square(x: int) -> int:
    return x * x


def slow_first(x: int) -> int:
    """Early items finish last, so an executor that returned results as they finish would reorder."""
    time.sleep(0.002 if x < 5 else 0)
    return x


def headline_length(article: Article) -> QuantityValue:
    """Models in, models out: what a real stage does."""
    n = len(article.title or "")
    return QuantityValue(display=f"{n} characters", low=n, high=n, unit="character")


def pid_of(_: int) -> int:
    return os.getpid()


def fail_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven is bad")
    return x


def scaled(x: int, factor: int) -> int:
    return x * factor


class ChunkAtOnce:
    """A stage with a function of many items: each result says how many items came with it."""

    def __call__(self, x: int) -> tuple[int, int]:
        return x * x, 1

    def many(self, items: list[int]) -> list[tuple[int, int]]:
        if -7 in items:
            raise ValueError("minus seven is bad")
        return [(x * x, len(items)) for x in items]


ARTICLES = [
    Article(id=f"fire-{i}", source=f"corpus/fire-{i}.md", title="Factory fire kills " + "x" * i, body="Text.")
    for i in range(40)
]


@pytest.fixture(autouse=True)
def _many_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers even on a one-CPU runner, so the parallel paths really run."""
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)


@pytest.mark.parametrize("executor", EXECUTORS)
@pytest.mark.parametrize("n", [0, 1, 31, 32, 33, 100])
def test_results_in_input_order(executor: str, n: int) -> None:
    assert map_articles(square, range(n), executor=executor) == [x * x for x in range(n)]


@pytest.mark.parametrize("executor", EXECUTORS)
def test_order_survives_uneven_work(executor: str) -> None:
    assert map_articles(slow_first, list(range(60)), executor=executor, workers=2) == list(range(60))


def test_models_same_serial_process_thread() -> None:
    results = {e: map_articles(headline_length, ARTICLES, executor=e) for e in EXECUTORS}
    assert results["serial"] == results["process"] == results["thread"]
    assert results["serial"][3].low == len("Factory fire kills xxx")


def test_partial_of_top_level_function_works_in_processes() -> None:
    fn = functools.partial(scaled, factor=3)
    assert map_articles(fn, range(50), executor="process") == [3 * x for x in range(50)]


def test_process_really_uses_other_processes() -> None:
    pids = map_articles(pid_of, range(64), executor="process", workers=2)
    # None here: what a stage loads once per process (a gazetteer) would stay in this one.
    assert os.getpid() not in set(pids)


@pytest.mark.parametrize("n", [1, parallel.MIN_PROCESS_ITEMS - 1])
def test_small_inputs_run_serially(n: int) -> None:
    assert set(map_articles(pid_of, range(n), executor="process")) == {os.getpid()}


def test_one_worker_runs_serially() -> None:
    assert set(map_articles(pid_of, range(64), executor="process", workers=1)) == {os.getpid()}


@pytest.mark.parametrize("executor", EXECUTORS)
def test_exception_propagates_with_item_position(executor: str) -> None:
    with pytest.raises(ValueError, match="seven is bad") as caught:
        map_articles(fail_on_seven, range(40), executor=executor)
    assert "while running fail_on_seven on item 7" in caught.value.__notes__


@pytest.mark.parametrize("executor", EXECUTORS)
def test_a_stage_of_many_items_gets_a_chunk_at_once_in_a_pool_and_one_item_here(executor: str) -> None:
    results = map_articles(ChunkAtOnce(), range(100), executor=executor)
    assert [square for square, _ in results] == [x * x for x in range(100)]
    together = {n for _, n in results}
    assert together == {1} if executor == "serial" else 1 < min(together) <= parallel.MAX_CHUNK


def test_a_failing_chunk_names_its_items() -> None:
    with pytest.raises(ValueError, match="minus seven is bad") as caught:
        map_articles(ChunkAtOnce(), range(-10, 30), executor="process")
    assert any(" on items 0 to " in note for note in caught.value.__notes__)


def test_meanwhile_overlaps_a_few_items_computed_in_a_worker() -> None:
    """A rebuild's one changed article is analysed in a worker while this process reads the cache."""
    during: list[int] = []
    pids = map_articles(pid_of, range(2), executor="process", meanwhile=lambda: during.append(os.getpid()))
    assert during == [os.getpid()]
    assert os.getpid() not in pids


@pytest.mark.parametrize("executor", EXECUTORS)
@pytest.mark.parametrize("n", [0, 1, 40])
def test_meanwhile_runs_once_whatever_runs_the_items(executor: str, n: int) -> None:
    calls: list[int] = []
    assert map_articles(square, range(n), executor=executor, meanwhile=lambda: calls.append(1)) == [
        x * x for x in range(n)]
    assert calls == [1]


def test_fork_map_matches_a_loop_and_uses_another_process(monkeypatch: pytest.MonkeyPatch) -> None:
    forked_children(monkeypatch)
    offset = 10  # a closure: nothing is pickled but the results

    def work(x: int) -> tuple[int, int]:
        return x + offset, os.getpid()

    items = [5, 1, 4, 2, 3]
    results = parallel.fork_map(work, items, weight=float)
    assert [r[0] for r in results] == [x + offset for x in items]
    pids = {r[1] for r in results}
    assert os.getpid() in pids and len(pids) == 2  # the heaviest here, the rest in a forked child


def test_fork_map_runs_here_while_other_threads_run() -> None:
    """A fork copies only the calling thread: a lock another thread holds would stay locked."""
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert set(parallel.fork_map(pid_of, range(4), weight=lambda x: 1)) == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_fork_map_forks_only_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    children = forked_children(monkeypatch)
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert set(parallel.fork_map(pid_of, range(4), weight=lambda x: 1)) == {os.getpid()}
    assert children == []


def test_fork_map_with_one_worker_runs_here() -> None:
    assert set(parallel.fork_map(pid_of, range(4), weight=lambda x: 1, workers=1)) == {os.getpid()}


def test_fork_map_raises_what_a_child_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    children = forked_children(monkeypatch)
    with pytest.raises(ValueError, match="seven is bad"):
        parallel.fork_map(fail_on_seven, [1, 7], weight=lambda x: -x)  # 7 is the lighter: the child's
    assert children == [1] and parallel._INHERITED == {}


def test_lambda_for_process_fails_before_starting_workers() -> None:
    with pytest.raises(TypeError, match="must be picklable .*top-level function"):
        map_articles(lambda x: x, range(100), executor="process")


def test_lambda_is_fine_serially_and_in_threads() -> None:
    assert map_articles(lambda x: x + 1, range(40), executor="thread") == list(range(1, 41))


def test_bad_worker_count() -> None:
    with pytest.raises(ValueError, match="workers must be at least 1, got 0"):
        map_articles(square, range(3), executor="serial", workers=0)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("serial", ExecutorSpec("serial")),
        ("process", ExecutorSpec("process")),
        (" Thread ", ExecutorSpec("thread")),
        ("dask://127.0.0.1:8786", ExecutorSpec("dask", "127.0.0.1:8786")),
        ("dask://scheduler.example:8786", ExecutorSpec("dask", "scheduler.example:8786")),
        ("DASK://tls-host:1", ExecutorSpec("dask", "tls-host:1")),
    ],
)
def test_parse_executor(spec: str, expected: ExecutorSpec) -> None:
    assert parse_executor(spec) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("processes", "unknown executor 'processes': use 'serial', 'process', 'thread' or 'dask://HOST:PORT'"),
        ("", "unknown executor ''"),
        ("dask://", "bad Dask executor 'dask://': write the scheduler address as 'dask://HOST:PORT'"),
        ("dask://host", "bad Dask executor 'dask://host'"),
        ("dask://host:port", "bad Dask executor"),
        ("dask://host:70000", "bad Dask executor"),
        ("tcp://host:8786", "unknown executor 'tcp://host:8786'"),
    ],
)
def test_bad_spec_errors_clearly(spec: str, message: str) -> None:
    with pytest.raises(ExecutorSpecError) as caught:
        map_articles(square, [1], executor=spec)
    assert str(caught.value).startswith(message)


def test_spec_round_trips() -> None:
    assert str(parse_executor("dask://h:1")) == "dask://h:1"
    assert str(parse_executor("process")) == "process"


@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=1, max_value=64))
def test_chunks_cover_input_exactly(n: int, workers: int) -> None:
    chunks = parallel._chunks(n, workers)
    assert chunks[0][0] == 0 and chunks[-1][1] == n
    assert all(a < b for a, b in chunks)
    assert all(chunks[i][1] == chunks[i + 1][0] for i in range(len(chunks) - 1))
    sizes = [b - a for a, b in chunks]
    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) <= parallel.MAX_CHUNK  # short chunks: workers finish together
    assert len(chunks) >= min(n, workers * parallel.CHUNKS_PER_WORKER)


def test_no_progress_bar_when_not_a_tty(capsys: pytest.CaptureFixture[str]) -> None:
    map_articles(square, range(500), executor="serial", progress=True)
    assert capsys.readouterr().err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("n", "progress", "shown"), [(500, True, True), (500, False, False), (10, True, False)])
def test_progress_bar_on_a_terminal_for_long_inputs(
    monkeypatch: pytest.MonkeyPatch, n: int, progress: bool, shown: bool
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert map_articles(square, range(n), executor="thread", progress=progress) == [x * x for x in range(n)]
    assert (f"/{n} [" in terminal.getvalue()) is shown


@pytest.mark.parametrize("executor", EXECUTORS)
@pytest.mark.parametrize("n", [1, 31, 100])
def test_sink_gets_every_result_once_in_order(executor: str, n: int) -> None:
    runs: list[tuple[int, list[int]]] = []
    results = map_articles(square, range(n), executor=executor, sink=lambda start, part: runs.append((start, part)))
    assert [x for _, part in runs for x in part] == results == [x * x for x in range(n)]
    assert all(start == sum(len(p) for _, p in runs[:k]) for k, (start, _) in enumerate(runs))
    assert all(0 < len(part) <= parallel.MAX_CHUNK for _, part in runs)
