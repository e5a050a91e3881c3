"""Who a sentence says its claim comes from, and the words that hedge it.

Readers weigh "according to the Wall Street Journal" and "an alleged airstrike" differently from
a bare statement, so both stay on the claim and are shown. The attribution is the phrase as it
stands in the sentence, trimmed to the source and its reporting verb.
"""

from __future__ import annotations

import functools
import logging
import re

from .base import SENTENCE_CACHE

log = logging.getLogger(__name__)

HEDGES = (
    "allegedly", "alleged", "suspected", "reportedly", "claimed", "believed", "unconfirmed", "unverified",
    "apparently", "possibly", "probably", "estimated", "purportedly", "purported", "presumably", "presumed",
    "supposedly", "rumoured", "rumored", "likely",
)
HEDGE_RE = re.compile(r"\b(" + "|".join(HEDGES) + r")\b", re.I)

#: The end of a cited source: a clause boundary or a reporting word that starts the content.
_SOURCE = r"[^,;:.!?\"\u201c\u201d()\u2014\u2013]{2,90}?"
_END = r"(?=\s*(?:[,;:.!?\"\u201c\u201d()\u2014\u2013]|\s(?:that|which|who|when|while|and\s+(?:said|added))\b|$))"
ACCORDING = re.compile(r"\baccording\s+to\s+" + _SOURCE + _END, re.I)
STATEMENT = re.compile(r"\bin\s+(?:a|an|its|his|her|their)\s+(?:statement|interview|post|message)\s+to\s+" + _SOURCE + _END, re.I)
CITING = re.compile(r"\bciting\s+" + _SOURCE + _END, re.I)
VERBS = r"(?:said|says|told|reported|reports|claimed|claims|stated|announced|confirmed|added|wrote|insisted)"
#: Words that end a subject phrase when walking back from the reporting verb.
BOUNDARY_WORDS = frozenset(
    "that and but while which who because after before when as if though although whereas so".split()
)
DETERMINERS = frozenset("the a an these those this that its his her their our my your such any no".split())
VERB_RE = re.compile(r"\b" + VERBS + r"\b")
TOLD_OBJECT = re.compile(r"^\s+((?:the\s+|The\s+)?(?:[A-Z][\w'\u2019.-]*\s*){1,6}|reporters|journalists)")
MAX_SUBJECT_WORDS = 12
REPORTEDLY = re.compile(r"\breportedly\b", re.I)
#: Each citing pattern with the words one of which it cannot match without.
_CITES = (
    (ACCORDING, ("according",)),
    (STATEMENT, ("statement", "interview", "post", "message")),
    (CITING, ("citing",)),
)
#: Every hedge word contains one of these ('alleged' stands for 'allegedly').
_HEDGE_PARTS = tuple(sorted(h for h in HEDGES if not any(o != h and o in h for o in HEDGES)))


def _subject_before(sentence: str, verb_start: int) -> str | None:
    """The speaker of 'X said': the words before the verb back to a clause boundary."""
    head = sentence[:verb_start]
    cut = max(head.rfind(ch) for ch in ",;:\"\u201c\u201d()\u2014\u2013")
    clause = head[cut + 1 :]
    words = clause.split()
    kept: list[str] = []
    for w in reversed(words):
        if w.lower() in BOUNDARY_WORDS:
            break
        kept.insert(0, w)
    if not kept or len(kept) > MAX_SUBJECT_WORDS:
        return None
    last = kept[-1].lower()
    if last in DETERMINERS or re.search(r"['\u2019]s?$", last):
        return None  # "these claims", "Iran's claims": a noun, not a reporting verb
    # a speaker is a name, a pronoun or a noun phrase; a lone adverb ("reportedly claimed") is not
    if len(kept) == 1 and kept[0].lower().endswith("ly"):
        return None
    return " ".join(kept)


def _reporting(sentence: str) -> str | None:
    for m in VERB_RE.finditer(sentence):
        subject = _subject_before(sentence, m.start())
        if subject is None:
            continue
        phrase = f"{subject} {m.group()}"
        if m.group() == "told":
            obj = TOLD_OBJECT.match(sentence[m.end() :])
            if obj:
                phrase += " " + obj.group(1).strip()
        return phrase
    return None


def _clean(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase).strip(" ,;:")


#: A sentence that ends by introducing a quotation ('He said:'): the next one continues it.
_INTRODUCES = re.compile(r"[:,]\s*[\"\u201c]?\s*$")


def attribution_and_hedges(sentence: str, previous: str | None = None) -> tuple[str | None, tuple[str, ...]]:
    """The attribution phrase of a sentence (or None) and its hedge words, lower case, in order.

    `previous` supplies the speaker of a sentence that continues a quotation introduced by the
    sentence before ("He said:" followed by the quoted words).
    """
    attribution, hedges = _own(sentence)
    if attribution is None and previous is not None and _INTRODUCES.search(previous.strip()):
        speaker = _reporting(previous)
        attribution = _clean(speaker) if speaker else None
    return attribution, hedges


@functools.lru_cache(maxsize=SENTENCE_CACHE)
def _own(sentence: str) -> tuple[str | None, tuple[str, ...]]:
    """attribution_and_hedges of a sentence on its own; kept for the last sentences seen (see
    SENTENCE_CACHE), whatever sentence came before them."""
    attribution: str | None = None
    # The case-insensitive patterns are slow on long sentences; most sentences lack the words they
    # need. For ASCII text lower() folds case as re.IGNORECASE does, so a substring test decides;
    # other text (where 'ſ' matches 's') is always searched.
    low = sentence.lower() if sentence.isascii() else None
    for pattern, needs in _CITES:
        m = pattern.search(sentence) if low is None or any(n in low for n in needs) else None
        if m:
            attribution = _clean(m.group())
            break
    if attribution is None:
        attribution = _reporting(sentence)
    if attribution is None and (low is None or "reportedly" in low) and REPORTEDLY.search(sentence):
        attribution = "reportedly"
    attribution = _clean(attribution) if attribution else None
    if low is not None and not any(h in low for h in _HEDGE_PARTS):
        return attribution, ()
    hedges: list[str] = []
    for m in HEDGE_RE.finditer(sentence):
        word = m.group().lower()
        if word not in hedges:
            hedges.append(word)
    return attribution, tuple(hedges)
