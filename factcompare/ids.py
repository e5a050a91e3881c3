"""Fact ids that never change as articles come and go, kept in `corpus/facts.lock.json`.

An automatic fact's id is made from what it is about, and what it is about shifts a little when a
new article joins it. So, like a package lock file, the build records which claims each fact id
held; the next build gives a fact the id of the recorded fact it shares most claims with. An id
whose claims all went to another fact becomes that fact's alias, and its URL redirects there; an
id is never handed to a different fact. Claim ids ('<article>-<sentence>-<offset>') do not move
when other articles are added or removed.
"""

from __future__ import annotations

import filecmp
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .corpus import SLUG_RE
from .curation import SLUG
from .models import Fact, Problem

log = logging.getLogger(__name__)

LOCK_FILE = "facts.lock.json"


class IdLock(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    facts: dict[str, tuple[str, ...]] = Field(default_factory=dict, description="Fact id -> its claim ids.")
    retired: tuple[str, ...] = Field(default=(), description="Ids no fact holds any more; never reused.")
    paged: tuple[str, ...] = Field(default=(), description="Ids that ever had a page of their own.")
    addresses: tuple[str, ...] = Field(default=(), description=(
        "The site folders the story's pages have lived in: '' (the site's root) or '<story-id>/'."))

    @property
    def former_addresses(self) -> tuple[str, ...]:
        """Where the story's pages have lived; a lock from before a site could hold many stories
        (facts but no addresses) was written by a story at the site's root."""
        return self.addresses or (("",) if self.facts else ())

    @field_validator("facts", "retired", "paged")
    @classmethod
    def _slugs(cls, value: dict[str, tuple[str, ...]] | tuple[str, ...]) -> object:
        # An id becomes a folder of the site (a redirect page): '../x' would point outside it.
        bad = next((fid for fid in value if not SLUG.match(fid)), None)
        if bad is not None:
            raise ValueError(f"fact id {bad!r} is not a URL slug")
        return value

    @field_validator("addresses")
    @classmethod
    def _folders(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = next((a for a in value if a and not (a.endswith("/") and SLUG_RE.match(a[:-1]))), None)
        if bad is not None:
            raise ValueError(f"address {bad!r} is neither '' nor a story folder such as 'story-id/'")
        return value


def read_lock(path: Path) -> tuple[IdLock, list[Problem]]:
    if not path.exists():
        return IdLock(), []
    try:
        return IdLock.model_validate_json(path.read_text(encoding="utf-8")), []
    except (ValidationError, ValueError, OSError) as exc:
        first = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc).splitlines()[0]
        return IdLock(), [Problem(path=str(path), severity="warning", message=f"unreadable id lock ({first}).",
                                  hint="Delete it: the next build writes a new one (automatic fact ids may change).")]


class Held(NamedTuple):
    """What the lock keeps of a fact: a few strings, where the fact is a tree of models."""

    id: str
    claims: tuple[str, ...]  # the claims' ids, sorted
    aliases: tuple[str, ...]

    @classmethod
    def of(cls, fact: Fact) -> Held:
        return cls(fact.id, tuple(sorted(c.id for c in fact.claims)), fact.aliases)


def lock_of(facts: Sequence[Fact | Held], previous: IdLock, published: Sequence[Fact] = (),
            paged: Sequence[str] = (), address: str = "") -> IdLock:
    """The lock after a build: every fact's claims, every id ever used that no fact holds now, and
    every id that ever had a page.

    `facts` are the facts before the editor's overrides (a rename or a merge applies anew on every
    build); `published` the facts as the site shows them, whose ids (a rename's target) are never
    given to another fact either; `paged` the ids of the facts that have a page of their own now;
    `address` the story's folder in the site now.
    """
    records = [f if isinstance(f, Held) else Held.of(f) for f in facts]
    held = {f.id: f.claims for f in records}
    aliases = {a for f in [*records, *published] for a in (f.id, *f.aliases)}
    retired = (set(previous.facts) | set(previous.retired) | aliases) - set(held)
    # A fact whose every claim went with its articles keeps its record, so that it takes its id back
    # when they return (an article removed and restored); one whose claims another fact holds is
    # that fact's now (its old address redirects there).
    now_held = {claim for f in records for claim in f.claims}
    held.update({fid: claims for fid, claims in previous.facts.items()
                 if fid not in held and fid not in aliases and now_held.isdisjoint(claims)})
    # Made of ids that are slugs already: validating them again would copy every tuple (10 MB at 10,000).
    return IdLock.model_construct(facts=dict(sorted(held.items())), retired=tuple(sorted(retired)),
                                  paged=tuple(sorted({*previous.paged, *paged})),
                                  addresses=tuple(sorted({*previous.former_addresses, address})))


def write_lock(path: Path, lock: IdLock) -> None:
    """Write the lock a fact a line (easy to diff), streamed: at 10,000 articles it is 16 MB. An
    unchanged lock is left as it was."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        out.writelines(_lock_lines(lock))
    if path.exists() and filecmp.cmp(tmp, path, shallow=False):
        tmp.unlink()
        return
    tmp.replace(path)


def _lock_lines(lock: IdLock) -> Iterator[str]:
    def text(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    yield '{"facts": {'
    separator = "\n"
    for fact_id, claims in sorted(lock.facts.items()):
        yield f"{separator}{text(fact_id)}: {text(claims)}"
        separator = ",\n"
    yield "\n},\n"
    yield f'"addresses": {text(sorted(lock.addresses))},\n'
    yield f'"paged": {text(sorted(lock.paged))},\n"retired": {text(sorted(lock.retired))}}}\n'


def stabilise(facts: list[Fact], lock: IdLock) -> list[Fact]:
    """Automatic facts take the id of the recorded fact they share most claims with.

    Curated facts keep the id the editor gave them. Greedy by overlap, ties broken by id, so the
    result does not depend on the order facts come in.
    """
    fixed = {f.id for f in facts if f.curated}
    claim_owner = {claim: old for old, claims in lock.facts.items() if old not in fixed for claim in claims}
    overlaps: list[tuple[int, str, str]] = []
    for f in facts:
        if f.curated:
            continue
        counts: dict[str, int] = {}
        for c in f.claims:
            old = claim_owner.get(c.id)
            if old:
                counts[old] = counts.get(old, 0) + 1
        overlaps += [(-n, old, f.id) for old, n in counts.items()]
    overlaps.sort()
    new_id: dict[str, str] = {}
    taken: set[str] = set()
    for _, old, fid in overlaps:
        if fid in new_id or old in taken:
            continue
        new_id[fid] = old
        taken.add(old)
    # The rest keep their fresh ids unless one is in use or was ever used by another fact.
    reserved = set(lock.facts) | set(lock.retired) | fixed | taken
    out: list[Fact] = []
    for f in facts:
        if f.curated or f.id in new_id:
            fid = new_id.get(f.id, f.id)
        else:
            fid, n = f.id, 2
            while fid in reserved:
                fid, n = f"{f.id}-{n}", n + 1
            reserved.add(fid)
        out.append(f if fid == f.id else f.model_copy(update={"id": fid}))
    return _redirect_vanished(out, lock)


def _redirect_vanished(facts: list[Fact], lock: IdLock) -> list[Fact]:
    """An old id no fact took: its URL redirects to the fact that now holds most of its claims."""
    now = {f.id for f in facts} | {a for f in facts for a in f.aliases}
    owner = {c.id: f.id for f in facts for c in f.claims}
    extra: dict[str, list[str]] = {}
    for old, claims in sorted(lock.facts.items()):
        if old in now:
            continue
        counts: dict[str, int] = {}
        for claim in claims:
            if claim in owner:
                counts[owner[claim]] = counts.get(owner[claim], 0) + 1
        if counts:
            target = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            extra.setdefault(target, []).append(old)
    if not extra:
        return facts
    return [f.model_copy(update={"aliases": tuple(sorted({*f.aliases, *extra[f.id]}))}) if f.id in extra else f
            for f in facts]
