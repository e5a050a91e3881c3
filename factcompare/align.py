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
from .lexicon import EVENT_FAMILIES, EVENT_NOUNS
from .models import Claim, Fact, NameValue, QuantityValue

log = logging.getLogger(__name__)

# Feature weights: what a claim is about is told first by its holder and event, then by the dates
# and names that pin the event, then by the words around it.
WEIGHTS = {"holder": 4.0, "focus": 3.0, "event": 3.0, "family": 1.5, "anchor": 2.0, "class": 2.0, "noun": 1.0, "entity": 1.5, "term": 1.5}
CONTEXT_SHARE = 0.25  # a word of the sentence before counts this much of a word of the claim's own
PAIR_THRESHOLD = 0.34  # cosine similarity for two claims of different articles to be one fact
MERGE_THRESHOLD = 0.2  # mean similarity of two clusters across all their pairs
REPEAT_THRESHOLD = 0.5  # a same-article claim this close to a fact member is a repeat, not a new fact
TERM_DECAY = 3.0  # the third-nearest word counts half as much as the nearest
MAX_BLOCK = 400  # a blocking key shared by more claims is too common to say anything
SPECIFIC = ("holder:", "focus:", "entity:", "anchor:", "term:")
OTHER_FOCUS_FACTOR = 0.5  # two claims about what happened to different people are seldom one fact
MIN_SPECIFIC = 0.04  # part of the similarity that must come from specific features


def features(claim: Claim) -> dict[str, float]:
    s = claim.subject
    f: defaultdict[str, float] = defaultdict(float)
    if s.holder:
        f["holder:" + s.holder.lower()] += 1
    if s.focus:
        f["focus:" + s.focus] += 1
    if s.event:
        f["event:" + s.event] += 1
        f["family:" + _family(s.event)] += 1
    if s.noun_class:
        f["class:" + s.noun_class] += 1
    if s.noun:
        f["noun:" + s.noun] += 1
    for e in s.entities:
        f["entity:" + e] += 1
    for a in s.anchors:
        f["anchor:" + a] += 1
    for rank, t in enumerate(s.terms):
        f["term:" + t] += 1.0 / (1.0 + rank / TERM_DECAY)
    for c in s.context:
        # The sentence before speaks of the same things in other words: it counts as distant terms.
        f["term:" + c] += CONTEXT_SHARE
    return f


def blocking_keys(claim: Claim) -> set[str]:
    """Keys two claims must share one of to be compared at all."""
    s = claim.subject
    keys = set()
    if s.focus:
        keys.add(f"f:{s.focus}|{s.event}")
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
    if a.value.kind != b.value.kind:
        return False
    if a.article == b.article and a.sentence == b.sentence:
        return False  # two values of one sentence are two different things
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
    if sa.event and sb.event and _family(sa.event) != _family(sb.event):
        return False
    return True


def _family(event: str) -> str:
    return EVENT_FAMILIES.get(event, event)


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
        if specific < MIN_SPECIFIC:
            return 0.0
        if a.subject.focus and b.subject.focus and a.subject.focus != b.subject.focus:
            total *= OTHER_FOCUS_FACTOR
        return total


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
    """Average-linkage agglomeration over candidate pairs, then one claim per article per cluster.

    An article may say the same thing twice (a caption and the body); both may join the cluster,
    and `one_per_article` keeps the better connected one.
    """
    scored = []
    for i, j in candidate_pairs(claims):
        a, b = claims[i], claims[j]
        if not compatible_subjects(a, b):
            continue
        sim = vec.similarity(a, b)
        if sim >= PAIR_THRESHOLD:
            scored.append((-sim, a.id, b.id, i, j))
    scored.sort()
    owner = list(range(len(claims)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    for _, _, _, i, j in scored:
        ci, cj = owner[i], owner[j]
        if ci == cj:
            continue
        mi, mj = members[ci], members[cj]
        if not all(compatible_subjects(claims[x], claims[y]) for x in mi for y in mj):
            continue
        cross = [vec.similarity(claims[x], claims[y]) for x in mi for y in mj if claims[x].article != claims[y].article]
        if not cross or sum(cross) / len(cross) < MERGE_THRESHOLD:
            continue
        keep, drop = (ci, cj) if len(mi) >= len(mj) else (cj, ci)
        for k in members[drop]:
            owner[k] = keep
        members[keep].extend(members.pop(drop))
    out: list[list[Claim]] = []
    for _, m in sorted(members.items()):
        out.extend(one_per_article([claims[k] for k in m], vec))
    return [sorted(cs, key=_order) for cs in out]


def one_per_article(cluster_claims: list[Claim], vec: Vectoriser) -> list[list[Claim]]:
    """The cluster with one claim per article: the one most like the other articles' claims.

    A second claim that restates its article's value is a repeat and is dropped; one that
    contradicts it stays, as a fact of its own, so that no conflict is hidden.
    """
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in cluster_claims:
        by_article[c.article].append(c)
    if all(len(cs) == 1 for cs in by_article.values()):
        return [cluster_claims]
    chosen: list[Claim] = []
    leftovers: list[list[Claim]] = []
    for article in sorted(by_article):
        candidates = by_article[article]
        others = [c for c in cluster_claims if c.article != article]

        def connection(c: Claim) -> tuple[float, tuple[str, int, int]]:
            score = sum(vec.similarity(c, o) for o in others) / max(len(others), 1)
            return (-score, _order(c))

        best, *rest = sorted(candidates, key=connection)
        chosen.append(best)
        leftovers.extend([c] for c in rest if relate(best.value, c.value) == "conflict")
    return [chosen, *leftovers]


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
    "enrich": "enriched", "measure": "measured", "announce": "announced", "say": "said", "disaster": "",
}


def _top(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def describe(claims: list[Claim]) -> str:
    """A question for an automatic fact, from what its claims are about, in the sources' words."""
    kind = claims[0].value.kind
    labels = {key: label for c in claims for key, label in c.subject.labels}
    event = _top(c.subject.event or "" for c in claims)
    holder = _top(c.subject.holder or "" for c in claims)
    anchor = _top(a for c in claims for a in c.subject.anchors if not re.match(r"^\d{4}-", a))
    anchor = anchor[:1].upper() + anchor[1:] if anchor else None
    entity = _top(e for c in claims for e in c.subject.entities if e in labels and e != (holder or "").lower())
    context = [x for x in (anchor, labels.get(entity or "")) if x]
    suffix = f" ({', '.join(context)})" if context else ""
    verb = PARTICIPLES.get(event or "", "")
    if kind == "quantity":
        value = claims[0].value
        assert isinstance(value, QuantityValue)
        classes = {c.subject.noun_class for c in claims} - {None}
        if value.unit in {"USD", "EUR", "GBP"}:
            return f"How much money{' was ' + verb if verb else ''}?{suffix}"
        if value.unit == "%":
            return f"What percentage{' was ' + verb if verb else ''}?{suffix}"
        noun = _top(c.subject.noun or "" for c in claims)
        what = "people" if classes == {"person"} else (_plural(noun) if noun else "")
        if not what:
            return f"How many{', ' + verb if verb else ''}?{suffix}"
        return f"How many {what}{' were ' + verb if verb else ''}?{suffix}"
    if kind == "name":
        value = claims[0].value
        assert isinstance(value, NameValue)
        if value.category == "rank" and holder:
            return f"What rank does {labels.get(holder.lower(), holder.title())} hold?"
        if holder:
            return f"Who is the {holder}?"
        if value.category == "operation":
            return f"What is the operation called?{suffix}"
        return f"Which name?{suffix}"
    question = {"date": "When", "time": "At what time", "place": "Where"}[kind]
    noun = EVENT_NOUNS.get(event or "")
    who = labels.get((holder or "").lower()) or labels.get(entity or "")
    rest = f" ({', '.join(x for x in (anchor, who) if x)})" if (anchor or who) else ""
    if noun:
        return f"{question} was the {noun}?{rest}"
    return f"{question}?{rest}"


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
