"""StageCache: hits, misses, invalidation by salt, corrupt entries, atomic writes; cached_map."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from factcompare import cache as cache_module
from factcompare import parallel
from factcompare.cache import (
    StageCache,
    cache_salt,
    cached_map,
    code_fingerprint,
    default_cache_folder,
)
from factcompare.models import Article, Claim, NameValue, QuantityValue, Subject

QUOTE = "At least 12 workers died when fire swept through the textile factory on Tuesday, police said."


def claim(n: int, article: str = "fire-a") -> Claim:
    return Claim(
        id=f"{article}-0-9",
        article=article,
        sentence=0,
        quote=QUOTE,
        span=(9, 11),
        value=QuantityValue(display=f"at least {n}", low=n, high=None, unit=None),
        subject=Subject(event="die", noun="worker", noun_class="person", entities=("Dhaka",)),
        attribution="police said",
        hedges=("reportedly",),
    )


def new_cache(folder: Path, salt: str = "s1") -> StageCache:
    return StageCache(folder, salt, list[Claim])


def test_miss_then_hit(tmp_path: Path) -> None:
    store = new_cache(tmp_path)
    assert store.get("article one") is None
    store.put("article one", [claim(12), claim(14)])
    assert store.get("article one") == [claim(12), claim(14)]
    assert (store.hits, store.misses) == (1, 1)


def test_values_survive_a_new_process_instance(tmp_path: Path) -> None:
    new_cache(tmp_path).put(b"bytes key", [claim(3)])
    assert new_cache(tmp_path).get(b"bytes key") == [claim(3)]


def test_empty_list_is_a_hit_not_a_miss(tmp_path: Path) -> None:
    store = new_cache(tmp_path)
    store.put("no claims", [])
    assert store.get("no claims") == []


def test_different_content_different_entry(tmp_path: Path) -> None:
    store = new_cache(tmp_path)
    store.put("court case text", [claim(1)])
    assert store.get("court case text!") is None


def test_salt_change_invalidates(tmp_path: Path) -> None:
    new_cache(tmp_path, "code v1").put("quake story", [claim(7)])
    assert new_cache(tmp_path, "code v2").get("quake story") is None
    assert new_cache(tmp_path, "code v1").get("quake story") == [claim(7)]


def test_entries_are_sharded(tmp_path: Path) -> None:
    store = new_cache(tmp_path)
    store.put("x", [claim(1)])
    digest = store.digest("x")
    assert (tmp_path / digest[:2] / digest[2:]).is_file()
    assert len(digest) == 64


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # killed mid-write without the atomic rename
        lambda data: b"",
        lambda data: data.replace(b"at least 12", b"at least 13"),  # payload changed, checksum not
        lambda data: b"garbage\n" + data,
        lambda data: data.split(b"\n", 1)[1],  # header missing
    ],
    ids=["truncated", "empty", "bit-flip", "bad-magic", "no-header"],
)
def test_corrupt_entry_is_a_miss_and_removed(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    store = new_cache(tmp_path)
    store.put("fire", [claim(12)])
    path = store.path("fire")
    path.write_bytes(damage(path.read_bytes()))
    assert store.get("fire") is None
    assert not path.exists()
    store.put("fire", [claim(12)])
    assert store.get("fire") == [claim(12)]


def test_entry_of_another_shape_is_a_miss(tmp_path: Path) -> None:
    """Same salt, different value type (a code change the salt missed): recompute, never mis-read."""
    StageCache(tmp_path, "s", list[NameValue]).put("k", [NameValue(display="Dr Ada Obi", canonical="Ada Obi")])
    assert new_cache(tmp_path, "s").get("k") is None


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that dies before the rename leaves the old entry intact and no stray file."""
    store = new_cache(tmp_path)
    store.put("k", [claim(1)])

    def killed(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_module.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        store.put("k", [claim(2)])
    monkeypatch.undo()
    assert store.get("k") == [claim(1)]
    assert [p.name for p in store.path("k").parent.iterdir()] == [store.path("k").name]


def test_unwritable_folder_is_not_fatal(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = new_cache(blocker)
    store.put("k", [claim(1)])
    assert store.get("k") is None
    assert "cannot write cache entry" in caplog.text


def test_prune_removes_entries_not_used(tmp_path: Path) -> None:
    old = new_cache(tmp_path)
    old.put("gone", [claim(1)])
    old.put("kept", [claim(2)])
    stray = old.path("kept").parent / ".tmp-abc"
    stray.write_bytes(b"half")
    build = new_cache(tmp_path)
    assert build.get("kept") == [claim(2)]
    build.put("new", [claim(3)])
    assert build.prune() == 2  # "gone" and the stray temporary file
    assert new_cache(tmp_path).get("kept") == [claim(2)]
    assert new_cache(tmp_path).get("new") == [claim(3)]
    assert new_cache(tmp_path).get("gone") is None


def test_prune_of_missing_folder(tmp_path: Path) -> None:
    assert new_cache(tmp_path / "none").prune() == 0


def test_code_fingerprint_is_stable_hex() -> None:
    assert code_fingerprint() == code_fingerprint()
    assert len(code_fingerprint()) == 64


def test_fingerprint_follows_library_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    before = code_fingerprint()
    code_fingerprint.cache_clear()
    monkeypatch.setattr(cache_module, "_version", lambda name: "999" if name == "rapidfuzz" else "1")
    try:
        assert code_fingerprint() != before
    finally:
        code_fingerprint.cache_clear()


def test_fingerprint_follows_package_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the fingerprint at a copy of a package and edit one file in it."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("X = 1\n")
    (package / "__pycache__").mkdir()
    monkeypatch.setattr(cache_module, "__file__", str(package / "cache.py"))

    def fingerprint() -> str:
        code_fingerprint.cache_clear()
        return code_fingerprint()

    try:
        first = fingerprint()
        (package / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"compiled")
        assert fingerprint() == first  # bytecode does not count
        (package / "a.py").write_text("X = 2\n")
        assert fingerprint() != first
    finally:
        code_fingerprint.cache_clear()


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("extract", {"lang": "en"}), ("extract", {"lang": "en"}), True),
        (("extract", {"lang": "en", "x": 1}), ("extract", {"x": 1, "lang": "en"}), True),
        (("extract", {"lang": "en"}), ("extract", {"lang": "de"}), False),
        (("extract", None), ("normalise", None), False),
        (("extract", None), ("extract", {}), True),
    ],
)
def test_cache_salt(a: tuple, b: tuple, same: bool) -> None:  # type: ignore[type-arg]
    assert (cache_salt(*a) == cache_salt(*b)) is same


def test_cache_salt_accepts_settings_model() -> None:
    settings = Article(id="s", source="s", body="b")
    assert cache_salt("x", settings) == cache_salt("x", settings.model_copy())
    assert cache_salt("x", settings) != cache_salt("x", settings.model_copy(update={"body": "c"}))


def test_default_cache_folder(tmp_path: Path) -> None:
    assert default_cache_folder(tmp_path / "story" / "corpus") == tmp_path / "story" / ".cache" / "factcompare"


# --- cached_map ---------------------------------------------------------------------------------

CALLS_FILE = "calls.log"


def count_claims(article: Article) -> list[Claim]:
    """A stand-in stage that records each call in a file, so calls from worker processes count too."""
    with open(Path(os.environ["FACTCOMPARE_TEST_CALLS"]), "a") as log:
        log.write(article.id + "\n")
    return [claim(len(article.body), article.id)]


def articles(n: int, changed: int | None = None) -> list[Article]:
    return [
        Article(id=f"quake-{i}", source=f"corpus/quake-{i}.md", body="x" * (i + (100 if i == changed else 0)))
        for i in range(n)
    ]


@pytest.mark.parametrize("executor", ["serial", "process"])
def test_cached_map_computes_only_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, executor: str) -> None:
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    calls = tmp_path / CALLS_FILE
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(calls))
    store = new_cache(tmp_path / "cache")

    def run(items: list[Article]) -> list[list[Claim]]:
        return cached_map(store, count_claims, items, key=lambda a: a.model_dump_json(), executor=executor)

    first = run(articles(40))
    assert first == [[claim(i, f"quake-{i}")] for i in range(40)]
    assert len(calls.read_text().split()) == 40
    calls.write_text("")
    second = run(articles(40, changed=5))
    assert calls.read_text().split() == ["quake-5"]
    assert second[5] == [claim(105, "quake-5")]
    assert second[:5] == first[:5] and second[6:] == first[6:]


def test_cached_map_without_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(tmp_path / CALLS_FILE))
    result = cached_map(None, count_claims, articles(3), key=lambda a: a.id, executor="serial")
    assert [r[0].article for r in result] == ["quake-0", "quake-1", "quake-2"]


def test_value_type_given_to_get(tmp_path: Path) -> None:
    """The pipeline's way: one cache, the type named where the value is read."""
    store = StageCache(tmp_path, "salt")
    store.put("k", Article(id="flood", source="corpus/flood.md", body="Rivers rose 3 metres."))
    assert store.get("k", Article) == Article(id="flood", source="corpus/flood.md", body="Rivers rose 3 metres.")
    assert store.get("k", list[Claim]) is None  # another shape: a miss


def test_get_without_a_type_says_so(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="StageCache.get needs the value type"):
        StageCache(tmp_path, "salt").get("k")


# --- results of other processes -----------------------------------------------------------------


def test_computed_value_travels_as_its_json() -> None:
    """What a worker sends back is the JSON the entry is stored as, validated again on arrival."""
    value = [claim(12), claim(14)]
    sent = pickle.dumps(cache_module._Computed(value, list[Claim]))
    assert cache_module.to_json(value) in sent
    assert b"Subject" not in sent  # no pickled models: their classes would be named
    arrived = pickle.loads(sent)
    assert arrived.value == value and arrived.value is not value


def test_a_value_that_does_not_validate_fails_on_arrival() -> None:
    sent = pickle.dumps(cache_module._Computed([claim(1)], list[NameValue]))
    with pytest.raises(ValueError):
        pickle.loads(sent)


@pytest.mark.parametrize("executor", ["serial", "thread", "process"])
def test_entries_written_whoever_computes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, executor: str) -> None:
    """Worker processes write the entries they compute; every entry reads back in a new instance."""
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(tmp_path / CALLS_FILE))
    items = articles(40)
    result = cached_map(new_cache(tmp_path / "cache"), count_claims, items, key=lambda a: a.model_dump_json(),
                        executor=executor)
    assert result == [[claim(i, f"quake-{i}")] for i in range(40)]
    again = new_cache(tmp_path / "cache")
    assert [again.get(a.model_dump_json()) for a in items] == result
    leftovers = [p.name for p in (tmp_path / "cache").rglob(".tmp-*")]
    assert leftovers == []


def test_used_entries_survive_prune_after_a_parallel_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(tmp_path / CALLS_FILE))
    old = new_cache(tmp_path)
    old.put("an article no longer in the corpus", [claim(1)])
    store = new_cache(tmp_path)
    cached_map(store, count_claims, articles(40), key=lambda a: a.model_dump_json(), executor="process")
    assert store.prune() == 1
    assert all(new_cache(tmp_path).get(a.model_dump_json()) is not None for a in articles(40))


@pytest.mark.parametrize("executor", ["serial", "process"])
def test_value_type_without_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, executor: str) -> None:
    """No cache, a value type: results still come back (as JSON from other processes)."""
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(tmp_path / CALLS_FILE))
    result = cached_map(None, count_claims, articles(40), key=lambda a: a.id, value_type=list[Claim],
                        executor=executor)
    assert result == [[claim(i, f"quake-{i}")] for i in range(40)]
    assert not any(tmp_path.rglob("??"))  # nothing written anywhere


def test_writer_pickles_as_its_folder(tmp_path: Path) -> None:
    writer = new_cache(tmp_path).writer()
    writer.write("ab" + "0" * 62, b"[]")
    copy = pickle.loads(pickle.dumps(writer))
    assert copy.folder == writer.folder and copy._shards == set()
    assert len(pickle.dumps(writer)) < 200 + len(str(tmp_path))
