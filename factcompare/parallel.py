"""Run a per-article stage over many articles, serially, in processes, threads or on Dask.

Per-article stages (normalise, extract) are pure functions of one article, so they can run anywhere
and in any order; `map_articles` only has to hand the results back in input order so that the output
stays byte-identical whatever executor built it.

Executor specs:

- ``"serial"``: a plain loop in this process.
- ``"process"``: a `ProcessPoolExecutor` fed in chunks. Inputs shorter than `MIN_PROCESS_ITEMS` run
  serially: starting the workers costs more than a few articles take (measured: see `MIN_PROCESS_ITEMS`).
- ``"thread"``: a `ThreadPoolExecutor`; only useful when the stage releases the GIL (I/O, C code).
- ``"dask://HOST:PORT"``: the scheduler of a Dask cluster, through the distributed client's
  concurrent.futures interface; needs the optional extra ``pip install 'factcompare[dask]'``.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

EXECUTOR_KINDS: tuple[str, ...] = ("serial", "process", "thread", "dask")

# Below this many items "process" runs serially. Measured on the 2-core build machine: starting a
# 2-worker pool and shipping a trivial function costs about 10-20 ms, i.e. about what a few dozen
# articles take to extract; below that a pool only adds latency (and memory for the forked workers).
MIN_PROCESS_ITEMS = 32
# A progress bar for shorter inputs would flash by and only clutter the log.
MIN_PROGRESS_ITEMS = 100
# Chunks per worker: several, so a slow article does not leave the other workers idle at the end,
# few enough that per-chunk overhead (pickling the function, a round trip) stays small.
CHUNKS_PER_WORKER = 4
# ... and at most this many items a chunk: a chunk of articles takes about 4 ms an article, so a
# worker that finishes first waits at most about 0.1 s for the last chunk of the other, and results
# reach this process (and its cache) while the workers go on; a round trip costs well under 1 ms.
MAX_CHUNK = 25
DASK_HINT = "pip install 'factcompare[dask]'"
DASK_CONNECT_TIMEOUT = "10s"


class ExecutorSpecError(ValueError):
    """The executor spec is not one we know: the message lists the valid ones."""


@dataclass(frozen=True)
class ExecutorSpec:
    """A parsed executor spec: its kind and, for Dask, the scheduler address."""

    kind: str
    address: str | None = None

    def __str__(self) -> str:
        return f"dask://{self.address}" if self.kind == "dask" else self.kind


def parse_executor(spec: str) -> ExecutorSpec:
    """Read an executor spec such as "process" or "dask://10.0.0.5:8786"; raise a clear error otherwise."""
    valid = "'serial', 'process', 'thread' or 'dask://HOST:PORT'"
    if not isinstance(spec, str):
        raise ExecutorSpecError(f"executor must be a string, one of {valid}; got {spec!r}")
    text = spec.strip()
    if text.lower() in ("serial", "process", "thread"):
        return ExecutorSpec(text.lower())
    if text.lower().startswith("dask://"):
        address = text[len("dask://") :]
        host, sep, port = address.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ExecutorSpecError(
                f"bad Dask executor {spec!r}: write the scheduler address as 'dask://HOST:PORT', "
                "e.g. 'dask://127.0.0.1:8786'"
            )
        return ExecutorSpec("dask", address)
    raise ExecutorSpecError(f"unknown executor {spec!r}: use {valid}")


def default_workers() -> int:
    """CPUs this process may use (respects taskset/cgroup affinity, unlike os.cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_articles(
    fn: Callable[[T], R],
    items: Sequence[T],
    executor: str = "process",
    workers: int | None = None,
    progress: bool = False,
    sink: Callable[[int, list[R]], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[R]:
    """Apply `fn` to each item and return the results in input order, whatever ran them.

    `fn` must be a top-level function (or a functools.partial of one) for "process" and Dask, since it
    travels to the workers by pickle. When `fn` has a `many` attribute, a function of a list of items
    returning their results in order, a worker hands it its whole chunk at once (a stage whose cost
    per call is better paid once a chunk); run serially, `fn` takes one item at a time. An exception in
    `fn` propagates unchanged, with a note naming the item's position (the chunk's, with `many`).
    `sink(start, results)`, when given, is called in this process with each run of results as they
    come in, in input order (at most MAX_CHUNK of them at a time), so that they can be stored while
    the workers go on. `meanwhile()`, when given, is work of this process's own, done
    while the workers compute (before the items, when nothing else runs them): with it, "process"
    sends even a few items to a worker, so that the two overlap (a rebuild analyses its one changed
    article while the cached ones are read).
    """
    spec = parse_executor(executor)
    items = list(items)
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    n_workers = workers or default_workers()
    kind = spec.kind
    overlap = meanwhile is not None and kind == "process" and bool(items) and _forks()
    if kind == "process" and ((len(items) < MIN_PROCESS_ITEMS and not overlap) or n_workers == 1):
        kind = "serial"
    if kind == "thread" and n_workers == 1:
        kind = "serial"
    meanwhile = meanwhile or _nothing
    if not items:
        meanwhile()
        return []
    if kind in ("process", "dask"):
        _check_picklable(fn, spec)
    log.debug("mapping %s over %d items with %s (%d workers)", _name(fn), len(items), kind, n_workers)
    sink = sink or _no_sink
    with progress_bar(len(items), progress) as bar:
        if kind == "serial":
            meanwhile()
            return _run_serial(fn, items, bar, sink)
        if kind == "dask":
            with _dask_executor(spec.address or "") as (pool, cluster_threads):
                chunks = _chunks(len(items), workers or cluster_threads)
                return _run_chunks(pool, fn, items, chunks, bar, sink, meanwhile)
        # Whatever the stage loads once per process (a gazetteer, a lemmatiser: 0.8 s, 50 MB) each
        # worker loads for itself, at the same time as the others: loaded here first and inherited,
        # it would take as long and then stay in this process, which holds the whole story to the end.
        n_workers = min(n_workers, len(items))
        pool_cls = ProcessPoolExecutor if kind == "process" else ThreadPoolExecutor
        with pool_cls(max_workers=n_workers) as pool:
            return _run_chunks(pool, fn, items, _chunks(len(items), n_workers), bar, sink, meanwhile)


# Work handed to forked processes by reference: a child finds it here, in the memory it inherited.
_INHERITED: dict[int, Callable[[], Any]] = {}


def can_fork() -> bool:
    """Whether work can go to a process forked from this one: on Linux (macOS' system libraries are
    not safe to use in a forked child, Windows cannot fork), with no other thread running (a fork
    copies only the calling thread: a lock another one holds stays locked)."""
    return sys.platform.startswith("linux") and not _other_threads()


class Forked(Generic[R]):
    """`fn()` running in a child forked from this process as it is now: start it, do other work, then
    take its `result()`. The child inherits `fn` and everything it reaches as they are in memory,
    where `map_articles` would pickle them to send them; only the result travels back, pickled, so
    it should be small. Start one only where `can_fork()`."""

    def __init__(self, fn: Callable[[], R]) -> None:
        self._token = max(_INHERITED, default=0) + 1
        _INHERITED[self._token] = fn
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        try:
            self._future = self._pool.submit(_call_inherited, self._token)
        except BaseException:
            self.abandon()
            raise

    def result(self) -> R:
        """What `fn()` returned, once the child is done; what it raised is raised here."""
        try:
            return self._future.result()
        finally:
            self._pool.shutdown()
            _INHERITED.pop(self._token, None)

    def abandon(self) -> None:
        """Not wait for the result (this process failed meanwhile): the child ends on its own."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        _INHERITED.pop(self._token, None)


def fork_map(fn: Callable[[T], R], items: Sequence[T], weight: Callable[[T], float],
             workers: int | None = None) -> list[R]:
    """`[fn(item) for item in items]`, shared between this process and children forked from it
    (`Forked`): for a few heavy jobs over data this process holds (the alignment of each kind of
    claim). Items go heaviest first (by `weight`) to the least loaded process, this one included.
    Runs here alone on one CPU or where forking is unavailable or unsafe (`can_fork`).
    """
    items = list(items)
    n = min(workers or default_workers(), len(items))
    if n < 2 or not can_fork():
        return [fn(item) for item in items]
    loads, shares = [0.0] * n, [[] for _ in range(n)]  # share 0 is this process's
    for k in sorted(range(len(items)), key=lambda k: -weight(items[k])):
        p = loads.index(min(loads))
        shares[p].append(k)
        loads[p] += weight(items[k])
    children = [Forked(functools.partial(_compute_share, fn, [items[k] for k in share])) for share in shares[1:]]
    results: list[Any] = [None] * len(items)
    try:
        for k in shares[0]:
            results[k] = fn(items[k])
    except BaseException:
        for child in children:
            child.abandon()
        raise
    for share, child in zip(shares[1:], children):
        for k, result in zip(share, child.result()):
            results[k] = result
    return results


def _other_threads() -> bool:
    import threading

    return threading.active_count() > 1


def _compute_share(fn: Callable[[T], R], items: list[T]) -> list[R]:
    return [fn(item) for item in items]


def _call_inherited(token: int) -> Any:
    return _INHERITED[token]()


def _no_sink(start: int, results: list[Any]) -> None:
    pass


def _nothing() -> None:
    pass


def _forks() -> bool:
    """True when a new ProcessPoolExecutor's workers are forked from this process (Linux' default)."""
    return multiprocessing.get_start_method(allow_none=False) == "fork"


def run_chunk(fn: Callable[[T], R], items: Sequence[T], offset: int) -> list[R]:
    """Apply `fn` to a slice of the input in a worker, all at once with its `many` when it has one
    (see `map_articles`); top level so that it pickles."""
    many = getattr(fn, "many", None)
    if many is not None:
        try:
            return many(items)
        except Exception as error:
            error.add_note(f"while running {_name(fn)} on items {offset} to {offset + len(items) - 1}")
            raise
    results = []
    for i, item in enumerate(items):
        try:
            results.append(fn(item))
        except Exception as error:
            error.add_note(f"while running {_name(fn)} on item {offset + i}")
            raise
    return results


def _run_serial(fn: Callable[[T], R], items: list[T], bar: Any, sink: Callable[[int, list[R]], None]) -> list[R]:
    results: list[R] = []
    done = 0  # results handed to the sink so far
    for i, item in enumerate(items):
        try:
            results.append(fn(item))
        except Exception as error:
            error.add_note(f"while running {_name(fn)} on item {i}")
            raise
        bar.update(1)
        if len(results) - done == MAX_CHUNK:
            sink(done, results[done:])
            done = len(results)
    if done < len(results):
        sink(done, results[done:])
    return results


def _run_chunks(
    pool: Executor, fn: Callable[[T], R], items: list[T], chunks: list[tuple[int, int]], bar: Any,
    sink: Callable[[int, list[R]], None], meanwhile: Callable[[], None] = _nothing,
) -> list[R]:
    """Submit every chunk, then collect them in order: the order of results never depends on timing."""
    futures: list[Future[list[R]]] = [pool.submit(run_chunk, fn, items[a:b], a) for a, b in chunks]
    results: list[R] = []
    try:
        meanwhile()
        for (start, _), future in zip(chunks, futures):
            part = future.result()
            results.extend(part)
            bar.update(len(part))
            sink(start, part)
    finally:
        for future in futures:
            future.cancel()
    return results


def _chunks(n: int, workers: int) -> list[tuple[int, int]]:
    """Cut range(n) into contiguous [start, end) slices of near-equal size."""
    count = max(1, min(n, max(workers * CHUNKS_PER_WORKER, -(-n // MAX_CHUNK))))
    size, extra = divmod(n, count)
    bounds, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        bounds.append((start, end))
        start = end
    return bounds


def _check_picklable(fn: Callable[..., Any], spec: ExecutorSpec) -> None:
    """Fail before starting any worker, with a message that says what to change."""
    try:
        pickle.dumps(fn)
    except Exception as error:
        raise TypeError(
            f"executor {str(spec)!r} sends {_name(fn)} to other processes, so it must be picklable "
            f"(a top-level function or a functools.partial of one, not a lambda or closure): {error}"
        ) from error


class _dask_executor:
    """Connect to a Dask scheduler for one map, and make sure its workers run the same code."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.client: Any = None

    def __enter__(self) -> tuple[Executor, int]:
        try:
            import distributed
        except ImportError as error:
            raise ImportError(
                f"the Dask executor needs the 'distributed' package: {DASK_HINT}"
            ) from error
        try:
            self.client = distributed.Client(
                self.address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False
            )
        except OSError as error:
            raise ConnectionError(
                f"cannot reach the Dask scheduler at {self.address}: {error}. "
                "Start one with `dask scheduler` (and workers with `dask worker HOST:PORT`) "
                "or use executor 'process'."
            ) from error
        _check_workers(self.client)
        threads = sum(self.client.nthreads().values())
        return self.client.get_executor(pure=False), max(1, threads)

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()


def _check_workers(client: Any) -> None:
    """Refuse workers whose factcompare code or libraries differ: their results would differ too."""
    local = worker_fingerprint()
    try:
        remote = client.run(worker_fingerprint)
    except ModuleNotFoundError as error:
        raise RuntimeError(
            "the Dask workers cannot import factcompare: install the same version there "
            f"(pip install 'factcompare[dask]'): {error}"
        ) from error
    if not remote:
        raise RuntimeError(f"the Dask scheduler at {client.scheduler.address} has no workers")
    stale = sorted(worker for worker, fingerprint in remote.items() if fingerprint != local)
    if stale:
        raise RuntimeError(
            f"Dask workers {', '.join(stale)} run different factcompare code or library versions "
            "than this build; install the same versions there, or results would differ"
        )


def worker_fingerprint() -> str:
    """The code fingerprint where this runs; top level so that Dask ships it by reference, not by value."""
    from factcompare import cache

    return cache.code_fingerprint()


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def progress_bar(total: int, wanted: bool, unit: str = "article") -> Any:
    """A tqdm bar on stderr for long inputs when stderr is a terminal; otherwise one that does nothing."""
    if not wanted or total < MIN_PROGRESS_ITEMS or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit=unit, leave=False)


def _name(fn: Callable[..., Any]) -> str:
    inner = getattr(fn, "func", fn)  # functools.partial
    return getattr(inner, "__qualname__", repr(inner))

