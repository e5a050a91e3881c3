"""map_articles on a local Dask cluster gives what a serial run gives.

Helpers for the site-level test (a Dask-built site is byte-identical to a local one):

    def test_dask_site_is_identical(tmp_path, dask_executor):
        build(corpus, tmp_path / "local", executor="serial")
        build(corpus, tmp_path / "dask", executor=dask_executor)
        assert tree_differences(tmp_path / "local", tmp_path / "dask") == []

`dask_executor` is a module-scoped fixture: the "dask://HOST:PORT" spec of a two-worker local cluster
whose workers are separate processes (so everything really travels by pickle); the test is skipped when
distributed is not installed.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import operator
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from factcompare import cache, parallel
from factcompare.models import Article
from factcompare.parallel import map_articles


def tree_digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by POSIX path relative to it."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def tree_differences(a: Path, b: Path) -> list[str]:
    """Relative paths that are only in one tree or whose bytes differ; [] when the trees are identical."""
    left, right = tree_digests(a), tree_digests(b)
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[str]:
    distributed = pytest.importorskip("distributed", reason="Dask extra not installed: pip install 'factcompare[dask]'")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        yield f"dask://{cluster.scheduler_address.removeprefix('tcp://')}"


# Stages built from importable functions only: worker processes unpickle them by reference, and the
# tests folder is not importable there.
ARTICLES = [
    Article(id=f"trial-{i}", source=f"corpus/trial-{i}.md", title=f"Jury hears day {i} of fraud trial", body="Text. " * i)
    for i in range(50)
]


@pytest.mark.parametrize("n", [1, 7, 50])
def test_dask_models_same_as_serial(dask_executor: str, n: int) -> None:
    stage = Article.model_dump_json
    assert map_articles(stage, ARTICLES[:n], executor=dask_executor) == map_articles(
        stage, ARTICLES[:n], executor="serial"
    )


def test_dask_order_with_many_items(dask_executor: str) -> None:
    fn = functools.partial(operator.mul, 3)
    assert map_articles(fn, range(1000), executor=dask_executor) == [3 * x for x in range(1000)]


def test_dask_exception_propagates(dask_executor: str) -> None:
    with pytest.raises(ZeroDivisionError) as caught:
        map_articles(functools.partial(operator.truediv, 1), [2, 1, 0, 4], executor=dask_executor)
    assert "on item 2" in " ".join(getattr(caught.value, "__notes__", []))


def test_dask_workers_with_other_code_are_refused(dask_executor: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "not what the workers have")
    with pytest.raises(RuntimeError, match="run different factcompare code or library versions"):
        map_articles(len, ["a"], executor=dask_executor)


def test_unreachable_scheduler(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr(parallel, "DASK_CONNECT_TIMEOUT", "0.5s")
    with pytest.raises(ConnectionError, match="cannot reach the Dask scheduler at 127.0.0.1:9"):
        map_articles(len, ["a"], executor="dask://127.0.0.1:9")


def test_missing_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    with pytest.raises(ImportError, match=r"pip install 'factcompare\[dask\]'"):
        map_articles(len, ["a"], executor="dask://127.0.0.1:8786")


def test_tree_differences(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "facts" / "toll").mkdir(parents=True)
        (root / "index.html").write_text("<h1>Flood</h1>")
        (root / "facts" / "toll" / "index.html").write_text("12 dead")
    assert tree_differences(a, b) == []
    (b / "facts" / "toll" / "index.html").write_text("13 dead")
    (b / "extra.json").write_text("{}")
    assert tree_differences(a, b) == ["extra.json", "facts/toll/index.html"]


BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _generated_corpus(folder: Path, articles: int) -> Path:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from generate import generate_corpus
    finally:
        sys.path.remove(str(BENCHMARKS))
    generate_corpus(folder, articles, seed=7)
    return folder


def _build(corpus: Path, out: Path, executor: str) -> None:
    from factcompare.cli import main

    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--executor", executor,
                 "--no-cache", "--quiet"]) == 0


def test_dask_site_is_identical(tmp_path: Path, dask_executor: str) -> None:
    """40 articles: enough for the local build to use its process pool (MIN_PROCESS_ITEMS)."""
    assert 40 >= parallel.MIN_PROCESS_ITEMS
    source = _generated_corpus(tmp_path / "source", 40)
    for name in ("local", "dask"):  # each build writes an id lock beside its corpus: one corpus each
        shutil.copytree(source, tmp_path / f"corpus-{name}")
    _build(tmp_path / "corpus-local", tmp_path / "local", "process")
    _build(tmp_path / "corpus-dask", tmp_path / "dask", dask_executor)
    assert len(list((tmp_path / "dask" / "articles").iterdir())) == 40
    assert tree_differences(tmp_path / "local", tmp_path / "dask") == []


def test_dask_cached_map_writes_entries_here(tmp_path: Path, dask_executor: str) -> None:
    """Dask workers may run on other machines: the entries they compute are written by this process."""
    from factcompare.cache import StageCache, cached_map

    store = StageCache(tmp_path / "cache", "salt", str)
    items = ARTICLES[:7]
    result = cached_map(store, Article.model_dump_json, items, key=lambda a: a.id, executor=dask_executor)
    assert result == [a.model_dump_json() for a in items]
    again = StageCache(tmp_path / "cache", "salt", str)
    assert [again.get(a.id) for a in items] == result
