"""Why a fact's claims were put together, in one line a reader can check against the quotes.

Read from the claims' frames once alignment has grouped them: what every claim shares (the event,
what is counted and in which state, the person it is about) is what the grouping rests on.
"""

from __future__ import annotations

from collections.abc import Sequence

from .frames import is_named
from .lexicon import AGE, EVENT_NOUNS
from .models import Claim, Fact
from .spellings import GROUNDS as SPELLING_GROUNDS, is_spelling

#: How a count's state reads in the line: "people on board", "people who died".
STATE_WORDS = {"aboard": "on board", "dead": "dead", "alive": "alive", "injured": "injured", "missing": "missing",
               "identified": "identified", "remaining": "remaining", "other": "besides the main count"}


def _shared(values: Sequence[str | None]) -> str | None:
    first = values[0] if values else None
    return first if first and all(v == first for v in values) else None


def grounds(fact: Fact) -> str:
    """The one line: what the claims share, or why a curated fact holds them."""
    if fact.curated:
        return "Chosen by the editor's cues in facts.yaml."
    claims: Sequence[Claim] = fact.claims
    if len({c.article for c in claims}) < 2:
        return ""
    if all(map(is_spelling, claims)):
        return SPELLING_GROUNDS
    frames = [c.frame for c in claims]
    parts = []
    event = _shared([f.event for f in frames])
    if event:
        parts.append(f"the same event ({EVENT_NOUNS.get(event, event)})")
    noun = _shared([f.noun for f in frames]) if fact.kind == "quantity" else None
    state = _shared([f.state for f in frames]) if fact.kind == "quantity" else None
    if noun == AGE:
        noun = None  # an age counts nothing: whose it is, is the grounds (below)
    if noun:
        counted = noun.replace("+", " and ")
        parts.append(f"the same thing counted ({counted}{' ' + STATE_WORDS.get(state, state) if state else ''})")
    elif state:
        parts.append(f"the same state of what is counted ({STATE_WORDS.get(state, state)})")
    holders = _shared([c.subject.holder for c in claims])
    if holders:
        parts.append("the same person or role the value belongs to")
    focus = _shared([f.patient if is_named(f.patient) else None for f in frames])
    if focus:
        parts.append("the same named person or organisation it happened to")
    if not parts:
        return "Grouped by the words around each value: no single event or counted noun is shared by all sources."
    return "Grouped because every source's sentence gives " + _joined(parts) + "."


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
