"""StageCache: hits, misses, invalidation by salt, corrupt entries, atomic writes; cached_map."""

from __future__ import annotations

import functools
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


def packs(folder: Path) -> list[Path]:
    return sorted((folder / cache_module.PACK_DIR).glob("*" + cache_module.PACK_SUFFIX))


def test_entries_are_packed(tmp_path: Path) -> None:
    store = new_cache(tmp_path)
    store.store([(store.digest(k), cache_module.to_json([claim(n)])) for n, k in enumerate(("x", "y", "z"))])
    assert len(packs(tmp_path)) == 1
    assert [new_cache(tmp_path).get(k) for k in ("x", "y", "z")] == [[claim(0)], [claim(1)], [claim(2)]]
    assert len(store.digest("x")) == 64


def test_a_pack_per_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(tmp_path / CALLS_FILE))
    cached_map(new_cache(tmp_path / "cache"), count_claims, articles(60), key=lambda a: a.id, executor="serial")
    assert len(packs(tmp_path / "cache")) == 3  # 25 + 25 + 10 entries


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # killed mid-write without the atomic rename
        lambda data: b"",
        lambda data: data.replace(b"at least 12", b"at least 13"),  # payload changed, checksum not
        lambda data: b"garbage\n" + data,
        lambda data: data.split(b"\n", 1)[1],  # magic missing
        lambda data: data.replace(b" 0 ", b" 1 ", 1),  # index changed, its checksum not
    ],
    ids=["truncated", "empty", "bit-flip", "bad-magic", "no-magic", "index"],
)
def test_corrupt_entry_is_a_miss_and_computed_again(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    store = new_cache(tmp_path)
    store.put("fire", [claim(12)])
    [pack] = packs(tmp_path)
    pack.write_bytes(damage(pack.read_bytes()))
    assert new_cache(tmp_path).get("fire") is None
    store.put("fire", [claim(12)])
    assert new_cache(tmp_path).get("fire") == [claim(12)]
    pruned = new_cache(tmp_path)
    assert pruned.get("fire") == [claim(12)]
    pruned.prune()
    assert len(packs(tmp_path)) == 1 and new_cache(tmp_path).get("fire") == [claim(12)]


def test_entry_damaged_after_it_was_written_is_a_miss(tmp_path: Path) -> None:
    store = new_cache(tmp_path)
    store.put("fire", [claim(12)])
    [pack] = packs(tmp_path)
    pack.write_bytes(pack.read_bytes().replace(b"at least 12", b"at least 13"))
    assert store.get("fire") is None  # the instance that wrote it checks it too


def test_one_damaged_entry_spoils_only_itself(tmp_path: Path) -> None:
    store = new_cache(tmp_path)
    store.store([(store.digest("quake"), cache_module.to_json([claim(7)])),
                 (store.digest("fire"), cache_module.to_json([claim(12)]))])
    [pack] = packs(tmp_path)
    pack.write_bytes(pack.read_bytes().replace(b"at least 12", b"at least 13"))
    assert new_cache(tmp_path).get("fire") is None
    assert new_cache(tmp_path).get("quake") == [claim(7)]


def test_packs_of_other_salts_are_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_cache(tmp_path, "code v1").put("quake story", [claim(7)])
    new_cache(tmp_path, "code v2").put("fire story", [claim(1)])
    read: list[str] = []
    real = cache_module._read_index
    monkeypatch.setattr(cache_module, "_read_index", lambda path: read.append(path) or real(path))
    assert new_cache(tmp_path, "code v2").get("fire story") == [claim(1)]
    assert len(read) == 1


def test_old_one_file_per_entry_layout_is_ignored_and_pruned(tmp_path: Path) -> None:
    store = new_cache(tmp_path)
    old = tmp_path / store.digest("k")[:2] / store.digest("k")[2:]
    old.parent.mkdir()
    payload = cache_module.to_json([claim(1)])
    old.write_bytes(b"factcompare-cache 1 " + cache_module.hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    (tmp_path / "render").mkdir()  # the site's manifests live beside: not the cache's to prune
    (tmp_path / "render" / "site.json").write_text("{}")
    assert store.get("k") is None
    assert store.prune() == 1
    assert not old.parent.exists() and (tmp_path / "render" / "site.json").exists()


def test_entry_of_another_shape_is_a_miss(tmp_path: Path) -> None:
    """Same salt, different value type (a code change the salt missed): recompute, never mis-read."""
    StageCache(tmp_path, "s", list[NameValue]).put("k", [NameValue(display="Dr Ada Obi", canonical="Ada Obi")])
    assert new_cache(tmp_path, "s").get("k") is None


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that dies before the rename leaves the entries written before and no stray file."""
    store = new_cache(tmp_path)
    store.put("k", [claim(1)])

    def killed(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache_module.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        store.put("k2", [claim(2)])
    monkeypatch.undo()
    assert new_cache(tmp_path).get("k") == [claim(1)]
    assert new_cache(tmp_path).get("k2") is None
    assert [p.name for p in (tmp_path / cache_module.PACK_DIR).iterdir()] == [p.name for p in packs(tmp_path)]


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
    old.store([(old.digest("kept"), cache_module.to_json([claim(2)])),
               (old.digest("gone too"), cache_module.to_json([claim(4)]))])
    stray = tmp_path / cache_module.PACK_DIR / ".tmp-abc"
    stray.write_bytes(b"half")
    build = new_cache(tmp_path)
    assert build.get("kept") == [claim(2)]
    build.put("new", [claim(3)])
    assert build.prune() == 3  # "gone", "gone too" and the stray temporary file
    assert new_cache(tmp_path).get("kept") == [claim(2)]
    assert new_cache(tmp_path).get("new") == [claim(3)]
    assert new_cache(tmp_path).get("gone") is None
    assert len(packs(tmp_path)) == 2
    assert build.get("kept") == [claim(2)]  # the instance that pruned still finds what it kept


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


def test_cached_map_computes_a_miss_in_a_worker_while_it_reads_the_hits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    calls = tmp_path / CALLS_FILE
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(calls))
    cached_map(new_cache(tmp_path / "cache"), count_claims, articles(3), key=lambda a: a.model_dump_json(),
               executor="process")
    store = new_cache(tmp_path / "cache")
    reads: list[int] = []
    get_entry = store.get_entry
    monkeypatch.setattr(store, "get_entry", lambda name: reads.append(os.getpid()) or get_entry(name))
    workers: list[int] = []
    monkeypatch.setattr(parallel, "_run_chunks", functools.partial(_spy_chunks, parallel._run_chunks, workers))
    result = cached_map(store, count_claims, articles(3, changed=1), key=lambda a: a.model_dump_json(),
                        executor="process")
    assert result == [[claim(0, "quake-0")], [claim(101, "quake-1")], [claim(2, "quake-2")]]
    assert reads == [os.getpid()] * 2 and workers == [1]  # the miss went to a worker pool
    assert (store.hits, store.misses) == (2, 1)


@pytest.mark.parametrize("executor", ["serial", "process"])
def test_cached_map_does_the_callers_work_once_here_whatever_the_cache_holds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, executor: str) -> None:
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(tmp_path / CALLS_FILE))
    done: list[int] = []
    expected = [[claim(i, f"quake-{i}")] for i in range(3)]
    for store, items in ((None, articles(3)), (new_cache(tmp_path / "cache"), articles(3)),  # nothing cached
                         (new_cache(tmp_path / "cache"), articles(3)),  # everything cached
                         (new_cache(tmp_path / "cache"), articles(3, changed=1))):  # one miss
        done.clear()
        result = cached_map(store, count_claims, items, key=lambda a: a.model_dump_json(), value_type=list[Claim],
                            executor=executor, meanwhile=lambda: done.append(os.getpid()))
        assert done == [os.getpid()]
        assert result[0] == expected[0] and result[2] == expected[2]


def _spy_chunks(real, seen, pool, fn, items, *args):  # type: ignore[no-untyped-def]
    seen.append(len(items))
    return real(pool, fn, items, *args)


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
    """Every entry reads back in a new instance, in fewer files than entries."""
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    monkeypatch.setenv("FACTCOMPARE_TEST_CALLS", str(tmp_path / CALLS_FILE))
    items = articles(60)
    result = cached_map(new_cache(tmp_path / "cache"), count_claims, items, key=lambda a: a.model_dump_json(),
                        executor=executor)
    assert result == [[claim(i, f"quake-{i}")] for i in range(60)]
    again = new_cache(tmp_path / "cache")
    assert [again.get(a.model_dump_json()) for a in items] == result
    assert len(list((tmp_path / "cache").rglob("*"))) <= 12  # the packs folder and a pack per chunk


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
    assert sorted(p.name for p in tmp_path.iterdir()) == [CALLS_FILE]  # nothing written anywhere


def test_prune_keeps_entries_when_a_kept_part_has_the_content_of_another_pack(tmp_path: Path) -> None:
    """Packs are named by content: the part of one pack that prune keeps may be another pack, and it
    must survive when prune meets that pack after writing it."""
    for n in range(50):  # payloads for which the bigger pack sorts first, as prune meets them
        folder = tmp_path / str(n)
        store = new_cache(folder)
        first = [(store.digest(k), cache_module.to_json([claim(n + i)])) for i, k in enumerate(("a", "b"))]
        store.store(first + [(store.digest("gone"), cache_module.to_json([claim(99)]))])
        bigger = packs(folder)[0]
        store.store(first)
        if packs(folder)[0] == bigger:
            break
    build = new_cache(folder)
    assert build.get("a") == [claim(n)] and build.get("b") == [claim(n + 1)]
    build.prune()
    assert new_cache(folder).get("a") == [claim(n)] and new_cache(folder).get("b") == [claim(n + 1)]
    assert len(packs(folder)) == 1
