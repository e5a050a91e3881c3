"""How sources spell one person's name: a fact only where they spell it differently.

A name transliterated or misheard reaches print in several spellings ("Paul-Henri" and "Paul-Henry"
Nargeolet, "Kim E-bae" and "Kim Yi-bae"); a reader comparing sources wants to know. Each article's
first full writing of a person's name is a spelling claim: its value is the name as written, its
lineage the name's transliteration skeleton (`spelling.skeleton`), which is what makes two writings
one person's. Spelling claims skip clustering: they meet by skeleton, and only people whose name
two sources write differently make a fact (a name every source writes alike has nothing to compare).
Two spellings are never a conflict (`compare.relate_names`): the fact says they differ, not that one
source is wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz.fuzz import ratio

from .models import Claim, Document, Fact, Mention, NameValue, Subject
from .titles import fold, slugify, unique_slug

#: Subject.holder of a spelling claim: this and the name's skeleton.
SPELLING = "spelling of "
#: How alike (rapidfuzz ratio, 0-100) two writings with one skeleton must be to be one name: the
#: skeleton drops vowels, so "Karim Hassan" and "Karim Hussein" share one (80), and are two people;
#: "Kim E-bae" and "Kim Yi-bae" (84), "Mohammed Ali" and "Muhammad Ali" (83) are one.
ALIKE = 82
#: What the fact page says grouped them (`grounds`).
GROUNDS = "Grouped because every source names the same person, in spellings that read alike."


def is_spelling(claim: Claim) -> bool:
    return (claim.subject.holder or "").startswith(SPELLING)


def spelling_claims(doc: Document, mentions: Sequence[Mention]) -> list[Claim]:
    """The first writing in `doc` of each person named in full (two words or more)."""
    claims: list[Claim] = []
    seen: set[str] = set()
    for m in mentions:
        v = m.value
        if not isinstance(v, NameValue) or v.category != "person" or m.about or len(fold(v.display).split()) < 2:
            continue  # a person filling a role is that role's claim; a bare surname says too little
        if v.canonical in seen:
            continue
        seen.add(v.canonical)
        sentence = doc.sentences[m.sentence]
        claims.append(Claim(
            id=f"{doc.article.id}-{m.sentence}-{m.start}", article=doc.article.id, sentence=m.sentence,
            quote=sentence.text, span=(m.start, m.end),
            value=NameValue(display=v.display, canonical=fold(v.display), category="person", lineage=(v.canonical,)),
            subject=Subject(holder=SPELLING + v.canonical, entities=(v.canonical,)),
        ))
    return claims


def spelling_facts(claims: Sequence[Claim], used_ids: set[str]) -> list[Fact]:
    """A fact for each person two articles name in different spellings; ids unique among `used_ids`."""
    by_person: dict[str, list[Claim]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.article, c.sentence, c.span[0])):
        by_person[c.value.lineage[0]].append(c)  # type: ignore[union-attr]
    facts = []
    tried: dict[str, int] = {}
    for person in sorted(by_person):
        group = _one_name(by_person[person])
        if len({c.article for c in group}) < 2 or len({c.value.canonical for c in group}) < 2:  # type: ignore[union-attr]
            continue
        name = _most_written(group)
        title = f"How do sources spell {name}’s name?"
        facts.append(Fact(id=unique_slug(slugify(f"name spelling {name}"), used_ids, tried), title=title,
                          kind="name", claims=tuple(group)))
    return facts


def _one_name(group: list[Claim]) -> list[Claim]:
    """The claims whose writing reads like the first article's: one person, however each spells it."""
    first = fold(group[0].value.display)  # type: ignore[union-attr]
    return [c for c in group if ratio(first, fold(c.value.display)) >= ALIKE]  # type: ignore[union-attr]


def _most_written(group: list[Claim]) -> str:
    """The writing most sources use; on a tie, the first in order."""
    counts: dict[str, int] = defaultdict(int)
    for c in group:
        counts[c.value.display] += 1  # type: ignore[union-attr]
    return max(counts, key=lambda d: counts[d])
