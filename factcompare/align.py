"""The align stage: claims from different articles grouped into facts, curated ones first, then automatic.

The editor's curated definitions take their claims first (`curated`); the claims they leave are
clustered kind by kind (`cluster`, over the pairs `blocking` draws up, within the hard `rules`), in
parallel processes; lone claims that merely repeat their article's figure are dropped, clusters whose
values would conflict on weak evidence are split (`firm`), and each automatic fact gets a question
for a title and a unique id (`titles`). Which claims meet never depends on their values, or
conflicts would vanish; values only decide what is a repeat, what is split off, and which of an
article's statements of one fact is shown (`precision`).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .alignscore import GENERIC_NOUNS, ClaimFields, Vectoriser
from .cluster import cluster_positions, orders
from .compare import relate
from .curated import select_curated
from .curation import Curation
from .firm import firm_groups, merge_agreeing_counts, merge_by_frame, merge_same_values
from .models import Claim, Fact
from .parallel import fork_map
from .spellings import is_spelling, spelling_facts
from .titles import describe_positions, slugify, unique_slug

REPEAT_THRESHOLD = 0.55  # a same-article claim this close to a fact member is a repeat, not a new fact


def align(claims: list[Claim], curation: Curation | None = None, previous: dict[str, str] | None = None,
          workers: int | None = 1) -> list[Fact]:
    """All facts of a story: curated ones with their cues, then automatic clusters of the rest.

    `previous` maps claim id -> the sentence before the claim's, which curated cues may read.
    Claims of different kinds are never compared, so each kind is clustered on its own, in up to
    `workers` processes (None: one per CPU); the result does not depend on how many.
    """
    spelled = [c for c in claims if is_spelling(c)]  # they meet by the name they write, not by clustering
    facts, groups = _curated_facts([c for c in claims if not is_spelling(c)], curation or Curation(), previous or {})
    used_ids = {f.id for f in facts}
    facts += _automatic_facts(groups, used_ids, workers)
    return facts + spelling_facts(spelled, used_ids)


def _curated_facts(claims: list[Claim], curation: Curation,
                   previous: dict[str, str]) -> tuple[list[Fact], list[ClaimFields]]:
    """The curated facts, and the fields of the claims they leave, by kind (in order of kind), each
    kind's in order of article, sentence and position. The fields of all claims are read once and let go here: the groups are
    subsets, and the whole would stay in memory through clustering (40 MB at 10,000 articles)."""
    fields = ClaimFields(claims)
    order = _in_order(fields)
    claims = [fields.claims[k] for k in order]
    facts: list[Fact] = []
    taken: set[str] = set()
    vectors: dict[str, Vectoriser] = {}  # curated facts weigh candidates against every claim of their kind
    for definition in curation.facts:
        if definition.kind not in vectors:
            vectors[definition.kind] = Vectoriser(fields.subset([k for k in order if fields.kinds[k] == definition.kind]))
        pool = [c for c in claims if c.id not in taken]
        chosen, took = select_curated(definition, pool, previous, vectors[definition.kind])
        taken |= took
        facts.append(Fact(id=definition.id, title=definition.title, kind=definition.kind, claims=tuple(chosen),
                          curated=True, pinned=definition.pin, aliases=definition.renamed_from))
    by_kind: dict[str, list[int]] = defaultdict(list)
    for k in order:
        if not taken or fields.ids[k] not in taken:
            by_kind[fields.kinds[k]].append(k)
    return facts, [fields.subset(by_kind[kind]) for kind in sorted(by_kind)]


def _automatic_facts(groups: list[ClaimFields], used_ids: set[str], workers: int | None) -> list[Fact]:
    """The automatic facts of each group of claims of one kind, ids unique among `used_ids` (which grows)."""
    automatic: list[tuple[tuple[int, tuple[str, int, int]], ClaimFields, list[int], str]] = []
    for group, described in zip(groups, fork_map(_automatic, groups, weight=len, workers=workers)):
        order_of, articles = orders(group), group.articles
        for members, title in described:
            # Facts many sources give first, then in the order of their first claim.
            automatic.append(((-len({articles[k] for k in members}), order_of[members[0]]), group, members, title))
    automatic.sort(key=lambda item: item[0])
    facts = []
    tried: dict[str, int] = {}
    for _, group, members, title in automatic:
        kind = group.kinds[members[0]]
        facts.append(Fact(id=unique_slug(slugify(f"{kind} {title}"), used_ids, tried), title=title, kind=kind,
                          claims=tuple([group.claims[k] for k in members])))
    return facts


def _automatic(group: ClaimFields) -> list[tuple[list[int], str]]:
    """The automatic facts of claims of one kind, as the positions of their claims in `group`, each
    with its title (made where the kind is clustered, in parallel with the other kinds)."""
    vec = Vectoriser(group)
    rows = np.arange(len(group))
    clusters = _firm_parts(_drop_repeats(cluster_positions(group, rows, vec), group, rows, vec), group)
    clusters = merge_by_frame(clusters, group.claims)
    clusters = merge_agreeing_counts(merge_same_values(clusters, group.claims), group.claims)
    clusters = _firm_parts(clusters, group)  # what the merges joined obeys the same test
    return [(members, describe_positions(group, members)) for members in clusters]


def _firm_parts(clusters: list[list[int]], group: ClaimFields) -> list[list[int]]:
    """Each cluster split so that none of its claims conflict on weak evidence (`firm_groups`)."""
    return [[members[k] for k in part] for members in clusters
            for part in firm_groups([group.claims[k] for k in members])]


def _in_order(fields: ClaimFields) -> list[int]:
    """Positions of the claims sorted by article, sentence and position (a stable sort, as
    `sorted(claims, key=claim_order_key)`)."""
    names = sorted(set(fields.articles))
    rank = dict(zip(names, range(len(names))))
    article = np.fromiter(map(rank.__getitem__, fields.articles), dtype=np.int64, count=len(fields))
    sentence = np.array(fields.sentences, dtype=np.int64)
    start = np.array([span[0] for span in fields.spans], dtype=np.int64)
    return np.lexsort((start, sentence, article)).tolist()


def _drop_repeats(clusters: list[list[int]], fields: ClaimFields, rows: np.ndarray,
                  vec: Vectoriser) -> list[list[int]]:
    """A lone claim that restates a value its own article already gave in a larger fact, in words
    close to those or counting the same thing, is a repeat.

    It would otherwise make a one-source fact out of a sentence that merely repeats a figure.
    Claims by position in `fields`.
    """
    articles, values = fields.articles, fields.values
    multi: dict[str, list[int]] = defaultdict(list)  # members of multi-source clusters by article, in order
    for members in clusters:
        if len({articles[k] for k in members}) > 1:
            for k in members:
                multi[articles[k]].append(k)
    lone = [n for n, members in enumerate(clusters) if len(members) == 1]
    xs: list[int] = []  # each lone claim's article's members
    ys: list[int] = []  # the lone claim, as many times
    for n in lone:
        same_article = multi.get(articles[clusters[n][0]], [])
        xs += same_article
        ys += clusters[n] * len(same_article)
    # The lone claim first: its row is looked up again and again (scores are symmetric).
    similar = vec.scores(rows[np.array(ys, dtype=np.int64)], rows[np.array(xs, dtype=np.int64)]) >= REPEAT_THRESHOLD
    # ... or one that counts the same thing: "all but two crew members died", "two of the crew were pulled out".
    nouns = fields.nouns
    similar |= np.array([nouns[x] is not None and nouns[x] == nouns[y] and nouns[x] not in GENERIC_NOUNS
                         for x, y in zip(xs, ys)], dtype=bool)
    repeats = set()
    owner = np.repeat(np.array(lone, dtype=np.int64), [len(multi.get(articles[clusters[n][0]], [])) for n in lone])
    # Of those, one that states the same value is a repeat.
    for n, member, claim in zip(*(np.array(v)[similar].tolist() for v in (owner, xs, ys))):
        if n not in repeats and relate(values[member], values[claim]) == "same":
            repeats.add(n)
    return [members for n, members in enumerate(clusters) if n not in repeats]
