"""Curated facts: the editor's cues select claims before automatic alignment sees them.

Cues are words, never values: a source that gives a different number must still be selected, or
the conflict the editor wants to show would vanish. Of the claims an article gives that meet the
cues, the fact takes one, chosen as automatic alignment chooses (`cluster.one_per_article`).
"""

from __future__ import annotations

from typing import Iterable


from .alignscore import Vectoriser
from .cluster import one_per_article
from .compare import claim_order_key, relate
from .curation import Cues, FactDefinition
from .lexicon import EVENT_CLASSES, EVENT_FAMILIES
from .models import Claim
from .titles import fold

NEAR_WORDS = 12  # how many words from the value a `near` cue may stand


def cue_text(claim: Claim, previous: str | None) -> str:
    s = claim.subject
    parts = [claim.quote, previous or "", *s.entities, *s.anchors, s.holder or ""]
    return f" {fold(' '.join(parts))} "


def near_text(claim: Claim) -> str:
    """The words around the value, NEAR_WORDS on each side."""
    start, end = claim.span
    before = claim.quote[:start].split()[-NEAR_WORDS:]
    after = claim.quote[end:].split()[:NEAR_WORDS]
    return f" {fold(' '.join(before + after))} "


def _near(claim: Claim, word: str) -> bool:
    """A `near` cue names what the value is about: the predicate its frame hangs it on ('killed',
    'the killing'), not any word that stands close to it. A value the parse hung on nothing is
    read by the words around it."""
    if claim.frame.predicate is None:
        return _has(near_text(claim), word)
    from .subject import lemma  # here: importing it imports simplemma (20 ms)

    parts = [lemma(part) for part in fold(word).split()]
    return any(part == claim.frame.predicate or (claim.frame.event and EVENT_CLASSES.get(part) == claim.frame.event)
               for part in parts)


def _has(text: str, word: str) -> bool:
    return f" {fold(word)} " in text


def same_holder(holder: str | None, wanted: str) -> bool:
    """A cue names a person as the editor writes it; a claim holds a spelling-independent key."""
    if not holder:
        return False
    from .extract.spelling import skeleton  # here: importing it imports every extractor (30 ms)

    return fold(holder) == fold(wanted) or holder.lower() == skeleton(wanted)


def cue_hits(cues: Cues, claim: Claim, previous: str | None) -> int | None:
    """How many cues a claim meets, or None when it fails one."""
    s = claim.subject
    if cues.event and cues.event not in (s.event, EVENT_FAMILIES.get(s.event or "")):
        return None
    if cues.noun_class and s.noun_class != cues.noun_class:
        return None
    if cues.holder and not same_holder(s.holder, cues.holder):
        return None
    text = cue_text(claim, previous)
    if not all(_has(text, w) for w in cues.all) or any(_has(text, w) for w in cues.none):
        return None
    hits = sum(_has(text, w) for w in cues.any)
    if cues.any and not hits:
        return None
    near_hits = sum(_near(claim, w) for w in cues.near)
    if cues.near and not near_hits:
        return None
    return hits + len(cues.all) + near_hits


def matching_claims(definition: FactDefinition, claims: Iterable[Claim], previous: dict[str, str]) -> list[Claim]:
    """Every claim of the definition's kind that meets all its cues."""
    return [
        c for c in claims
        if c.value.kind == definition.kind and cue_hits(definition.cues, c, previous.get(c.id)) is not None
    ]


def select_curated(definition: FactDefinition, claims: list[Claim], previous: dict[str, str],
                   vec: Vectoriser) -> tuple[list[Claim], set[str]]:
    """The claims of one curated fact, one per article, and the ids it takes from the pool.

    Every claim meeting the cues is a candidate; from each article one is chosen as in automatic
    alignment: the most precise of those that no candidate more like the other articles'
    candidates contradicts ('about 500' rather than 'hundreds'). A candidate that repeats its
    article's chosen value is taken too (it must not make a second fact); one that states a
    different value stays in the pool, so no claim is lost.
    """
    candidates = matching_claims(definition, claims, previous)
    if not candidates:
        return [], set()
    chosen, *_ = one_per_article(candidates, vec)
    by_article = {c.article: c for c in chosen}
    taken = {c.id for c in candidates if relate(by_article[c.article].value, c.value) == "same"}
    return sorted(chosen, key=claim_order_key), taken | {c.id for c in chosen}
