"""Grouping claims from different articles into facts: curated definitions first, then automatic.

Clustering never looks at values: two claims about the same thing with different numbers must land
in one fact, or conflicts disappear. What a claim is about is its Subject (event word, counted noun,
entities, dates that pin the event, nearby words). Claims are blocked by keys of that subject before
any pairwise comparison, so the cost grows with the corpus, not with its square.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter, defaultdict
from itertools import combinations
from typing import Iterable

from unidecode import unidecode

from .compare import relate
from .curation import Cues, Curation, FactDefinition
from .models import Claim, Fact, NameValue, QuantityValue

log = logging.getLogger(__name__)

# Feature weights: what a claim is about is told first by its holder and event, then by the dates
# and names that pin the event, then by the words around it.
WEIGHTS = {"holder": 4.0, "event": 3.0, "anchor": 2.0, "class": 2.0, "noun": 1.0, "entity": 1.5, "term": 1.0,
           "context": 0.4}
PAIR_THRESHOLD = 0.34  # cosine similarity for two claims of different articles to be one fact
MERGE_THRESHOLD = 0.28  # mean similarity of two clusters across all their known pairs
REPEAT_THRESHOLD = 0.5  # a same-article claim this close to a fact member is a repeat, not a new fact
MAX_BLOCK = 400  # a blocking key shared by more claims is too common to say anything
SPECIFIC = ("holder:", "entity:", "anchor:", "term:")
MIN_SPECIFIC = 0.08  # part of the similarity that must come from specific features


def features(claim: Claim) -> Counter[str]:
    s = claim.subject
    f: Counter[str] = Counter()
    if s.holder:
        f["holder:" + s.holder.lower()] += 1
    if s.event:
        f["event:" + s.event] += 1
    if s.noun_class:
        f["class:" + s.noun_class] += 1
    if s.noun:
        f["noun:" + s.noun] += 1
    for e in s.entities:
        f["entity:" + e] += 1
    for a in s.anchors:
        f["anchor:" + a] += 1
    for t in s.terms:
        f["term:" + t] += 1
    for c in s.context:
        f["context:" + c] += 1
    return f


def blocking_keys(claim: Claim) -> set[str]:
    """Keys two claims must share one of to be compared at all."""
    s = claim.subject
    keys = set()
    if s.holder:
        keys.add("h:" + s.holder.lower())
    if s.event:
        keys.add(f"e:{s.event}|{s.noun_class}")
        keys.update(f"e:{s.event}|a:{a}" for a in s.anchors)
        keys.update(f"e:{s.event}|n:{e}" for e in s.entities)
    if s.noun_class:
        keys.update(f"c:{s.noun_class}|n:{e}" for e in s.entities)
    keys.update(f"a:{a}|n:{e}" for a in s.anchors for e in s.entities)
    return keys


def compatible_subjects(a: Claim, b: Claim) -> bool:
    """Hard rules no similarity can overrule."""
    if a.value.kind != b.value.kind or a.article == b.article:
        return False
    sa, sb = a.subject, b.subject
    if a.value.kind == "quantity":
        assert isinstance(a.value, QuantityValue) and isinstance(b.value, QuantityValue)
        if sa.noun_class != sb.noun_class and sa.noun_class and sb.noun_class:
            return False
        if (a.value.unit or None) != (b.value.unit or None):
            return False
    if sa.holder or sb.holder:
        if (sa.holder or "").lower() != (sb.holder or "").lower():
            return False
    if a.value.kind == "name":
        assert isinstance(a.value, NameValue) and isinstance(b.value, NameValue)
        if a.value.category != b.value.category:
            return False
    if sa.event and sb.event and sa.event != sb.event:
        return False
    return True


class Vectoriser:
    """Weighted, IDF-scaled feature vectors: a word every claim shares says nothing."""

    def __init__(self, claims: list[Claim]) -> None:
        self.df: Counter[str] = Counter()
        self.vectors: dict[str, dict[str, float]] = {}
        raw = {c.id: features(c) for c in claims}
        for f in raw.values():
            self.df.update(f.keys())
        n = max(len(claims), 1)
        for cid, f in raw.items():
            vec = {}
            for key, count in f.items():
                idf = math.log((1 + n) / (1 + self.df[key])) + 1
                vec[key] = WEIGHTS[key.split(":", 1)[0]] * idf * count
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            self.vectors[cid] = {k: v / norm for k, v in vec.items()}

    def similarity(self, a: Claim, b: Claim) -> float:
        """Cosine similarity; 0 unless the two share something specific (a name, a date, a word).

        The event word and the kind of thing counted alone do not make two claims one fact:
        every story has many killings and many sums of money.
        """
        va, vb = self.vectors[a.id], self.vectors[b.id]
        if len(va) > len(vb):
            va, vb = vb, va
        total = specific = 0.0
        for k, w in va.items():
            if k in vb:
                part = w * vb[k]
                total += part
                if k.startswith(SPECIFIC):
                    specific += part
        return total if specific >= MIN_SPECIFIC else 0.0


def candidate_pairs(claims: list[Claim]) -> set[tuple[int, int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for key in blocking_keys(c):
            blocks[key].append(i)
    pairs: set[tuple[int, int]] = set()
    for key in sorted(blocks):
        members = blocks[key]
        if len(members) > MAX_BLOCK:
            log.debug("blocking key %s too common (%d claims); skipped", key, len(members))
            continue
        pairs.update(combinations(members, 2))
    return pairs


def cluster(claims: list[Claim], vec: Vectoriser) -> list[list[Claim]]:
    """Average-linkage agglomeration over candidate pairs, at most one claim per article per cluster."""
    scored = []
    for i, j in candidate_pairs(claims):
        a, b = claims[i], claims[j]
        if not compatible_subjects(a, b):
            continue
        sim = vec.similarity(a, b)
        if sim >= PAIR_THRESHOLD:
            scored.append((-sim, a.id, b.id, i, j))
    scored.sort()
    sims = {(i, j): -neg for neg, _, _, i, j in scored}
    owner = list(range(len(claims)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    for _, _, _, i, j in scored:
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        mi, mj = members[ci], members[cj]
        if {claims[k].article for k in mi} & {claims[k].article for k in mj}:
            continue
        if not all(compatible_subjects(claims[x], claims[y]) for x in mi for y in mj):
            continue
        total = sum(sims.get((min(x, y), max(x, y)), 0.0) for x in mi for y in mj)
        if total / (len(mi) * len(mj)) < MERGE_THRESHOLD:
            continue
        keep, drop = (ci, cj) if len(mi) >= len(mj) else (cj, ci)
        for k in members[drop]:
            owner[k] = keep
        members[keep].extend(members.pop(drop))
    return [sorted((claims[k] for k in m), key=_order) for _, m in sorted(members.items())]


def _order(c: Claim) -> tuple[str, int, int]:
    return (c.article, c.sentence, c.span[0])


# --- curated facts -------------------------------------------------------------------------


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", unidecode(text).lower()).strip()


def cue_text(claim: Claim, previous: str | None) -> str:
    s = claim.subject
    parts = [claim.quote, previous or "", *s.entities, *s.anchors, s.holder or ""]
    return f" {_fold(' '.join(parts))} "


def cue_hits(cues: Cues, claim: Claim, text: str) -> int | None:
    """How many cues a claim meets, or None when it fails one."""
    s = claim.subject
    if cues.event and s.event != cues.event:
        return None
    if cues.noun_class and s.noun_class != cues.noun_class:
        return None
    if cues.holder and _fold(s.holder or "") != _fold(cues.holder):
        return None
    def has(word: str) -> bool:
        return f" {_fold(word)} " in text
    if not all(has(w) for w in cues.all) or any(has(w) for w in cues.none):
        return None
    hits = sum(has(w) for w in cues.any)
    if cues.any and not hits:
        return None
    return hits + len(cues.all)


def select_curated(definition: FactDefinition, claims: Iterable[Claim], previous: dict[str, str]) -> list[Claim]:
    """The best claim per article for one curated fact: most cues met, then earliest."""
    best: dict[str, tuple[int, tuple[str, int, int], Claim]] = {}
    for c in claims:
        if c.value.kind != definition.kind:
            continue
        hits = cue_hits(definition.cues, c, cue_text(c, previous.get(c.id)))
        if hits is None:
            continue
        rank = (-hits, _order(c))
        if c.article not in best or rank < best[c.article][:2]:
            best[c.article] = (-hits, _order(c), c)
    return sorted((v[2] for v in best.values()), key=_order)


# --- titles and ids ------------------------------------------------------------------------

PARTICIPLES = {
    "kill": "killed", "injure": "injured", "abduct": "abducted", "release": "released", "rescue": "rescued",
    "train": "trained", "attack": "attacked", "arrest": "arrested", "sentence": "sentenced",
    "displace": "displaced", "destroy": "destroyed", "pay": "paid", "earn": "earned", "vote": "voted",
    "protest": "protesting", "infect": "infected", "employ": "employed", "build": "built",
    "enrich": "enriched", "measure": "measured", "announce": "announced",
}


def _top(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _pretty(entity: str) -> str:
    if re.fullmatch(r"[A-Z]{2}", entity):
        return entity
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in entity.split())


def describe(claims: list[Claim]) -> str:
    """A question for an automatic fact, from what its claims are about."""
    kind = claims[0].value.kind
    event = _top(c.subject.event or "" for c in claims)
    holder = _top(c.subject.holder or "" for c in claims)
    noun = _top(c.subject.noun or "" for c in claims)
    anchor = _top(a for c in claims for a in c.subject.anchors if not re.match(r"^\d{4}-", a))
    entity = _top(e for c in claims for e in c.subject.entities if not re.fullmatch(r"[A-Z]{2}", e))
    about = ", ".join(_pretty(x) for x in (anchor, entity) if x)
    suffix = f" ({about})" if about else ""
    verb = PARTICIPLES.get(event or "", "")
    if kind == "quantity":
        value = claims[0].value
        assert isinstance(value, QuantityValue)
        if value.unit in {"USD", "EUR", "GBP"}:
            return f"How much money{' was ' + verb if verb else ''}?{suffix}"
        if value.unit == "%":
            return f"What percentage{' was ' + verb if verb else ''}?{suffix}"
        what = noun or "of them"
        return f"How many {what}{' were ' + verb if verb else ''}?{suffix}"
    if kind == "name":
        value = claims[0].value
        assert isinstance(value, NameValue)
        if value.category == "rank" and holder:
            return f"What is {_pretty(holder)}'s rank?"
        if holder:
            return f"Who is the {holder}?"
        if value.category == "operation":
            return f"What is the operation called?{suffix}"
        return f"Which name?{suffix}"
    subject_name = _pretty(holder) if holder else (_pretty(entity) if entity else None)
    question = {"date": "When", "time": "At what time", "place": "Where"}[kind]
    if verb and subject_name:
        return f"{question} was {subject_name} {verb}?" if event != "attack" else f"{question} was the attack? ({subject_name})"
    if verb:
        return f"{question} was it {verb}?{suffix}"
    return f"{question}?{suffix}"


def slugify(text: str, max_words: int = 8) -> str:
    words = [w for w in _fold(text).split() if w not in {"how", "many", "what", "when", "where", "who", "was",
                                                         "were", "is", "the", "of", "at", "it", "which"}]
    return "-".join(words[:max_words]) or "fact"


def _unique(slug: str, used: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate


# --- the stage -----------------------------------------------------------------------------


def align(claims: list[Claim], curation: Curation | None = None, previous: dict[str, str] | None = None) -> list[Fact]:
    """All facts of a story: curated ones with their cues, then automatic clusters of the rest.

    `previous` maps claim id -> the sentence before the claim's, which curated cues may read.
    """
    curation = curation or Curation()
    previous = previous or {}
    claims = sorted(claims, key=_order)
    used_ids: set[str] = set()
    facts: list[Fact] = []
    taken: set[str] = set()
    for definition in curation.facts:
        chosen = select_curated(definition, (c for c in claims if c.id not in taken), previous)
        taken.update(c.id for c in chosen)
        used_ids.add(definition.id)
        facts.append(Fact(id=definition.id, title=definition.title, kind=definition.kind, claims=tuple(chosen),
                          curated=True, pinned=definition.pin, aliases=definition.renamed_from))

    rest = [c for c in claims if c.id not in taken]
    by_kind: dict[str, list[Claim]] = defaultdict(list)
    for c in rest:
        by_kind[c.value.kind].append(c)
    automatic: list[list[Claim]] = []
    for kind in sorted(by_kind):
        group = by_kind[kind]
        vec = Vectoriser(group)
        automatic.extend(_drop_repeats(cluster(group, vec), vec))
    automatic.sort(key=lambda cs: (-len({c.article for c in cs}), _order(cs[0])))
    for cs in automatic:
        title = describe(cs)
        facts.append(Fact(id=_unique(slugify(f"{cs[0].value.kind} {title}"), used_ids), title=title,
                          kind=cs[0].value.kind, claims=tuple(cs)))
    return facts


def _drop_repeats(clusters: list[list[Claim]], vec: Vectoriser) -> list[list[Claim]]:
    """A lone claim that restates a value its own article already gave in a larger fact is a repeat.

    It would otherwise make a one-source fact out of a sentence that merely repeats a figure.
    """
    multi = [c for c in clusters if len({x.article for x in c}) > 1]
    kept = []
    for cs in clusters:
        if len(cs) == 1 and _is_repeat(cs[0], multi, vec):
            continue
        kept.append(cs)
    return kept


def _is_repeat(claim: Claim, multi: list[list[Claim]], vec: Vectoriser) -> bool:
    for cs in multi:
        for member in cs:
            if member.article != claim.article:
                continue
            if vec.similarity(member, claim) >= REPEAT_THRESHOLD and relate(member.value, claim.value) != "conflict":
                return True
    return False
