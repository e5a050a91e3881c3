"""The extractor registry: one class per value kind, registered the way a new one would be."""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar, Mapping, TypeVar

from ..models import Document, Mention, Model

from pydantic import Field


class ExtractContext(Model):
    """What an extractor may know beyond the document: settings and the editor's alias lists."""

    published: date | None = Field(default=None, description="Publication date, to resolve 'on Monday'.")
    aliases: tuple[tuple[str, str], ...] = Field(
        default=(), description="(variant, canonical) pairs from facts.yaml, e.g. translations of a name."
    )

    def alias_map(self) -> Mapping[str, str]:
        return dict(self.aliases)


class Extractor:
    """Finds the values of one kind in a document.

    Subclasses set `kind` and implement `find`; subclassing registers them. An extractor only
    says where values are and what they are worth: what a value is *about* is decided later,
    from the sentence's parse, by `frames.py` and `subject.py`, the same way for every kind.
    """

    kind: ClassVar[str]
    #: Lower runs first; on overlapping spans the earlier extractor's mention wins
    #: (a date's "7" in "October 7" is not a quantity).
    priority: ClassVar[int] = 50

    def find(self, doc: Document, context: ExtractContext) -> list[Mention]:
        raise NotImplementedError


REGISTRY: dict[str, type[Extractor]] = {}


def register(cls: type[Extractor]) -> type[Extractor]:
    """Class decorator; a second extractor for one kind is a programming error caught at import."""
    if cls.kind in REGISTRY:
        raise RuntimeError(f"two extractors for kind {cls.kind!r}: {REGISTRY[cls.kind].__name__} and {cls.__name__}")
    REGISTRY[cls.kind] = cls
    return cls


V = TypeVar("V")

#: How many sentences each extractor keeps its reading of. A big story repeats sentences across
#: articles (wire copy run by many outlets, boilerplate, a story's updates), and what an extractor
#: reads in a sentence depends on its text alone; the document-wide steps (surnames, the countries
#: a document names) still run for every document. Small, so a worker's caches stay a few MB.
SENTENCE_CACHE = 1024


def longest_first(candidates: list[tuple[int, int, int, V]]) -> list[tuple[int, int, V]]:
    """Overlapping readings of one text, (start, end, pattern order, value), resolved: the longest
    reading wins ('January 3, 2020' over 'January 3'), then the earlier pattern; left to right."""
    chosen: list[tuple[int, int, V]] = []
    for start, end, _, value in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[2], c[0])):
        if not any(start < e and s < end for s, e, _ in chosen):
            chosen.append((start, end, value))
    return sorted(chosen, key=lambda c: c[0])


def has_any(text: str, words: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """Whether the text holds one of the words in any case, as `pattern` (the words, case-insensitive)
    would find. For ASCII text lower() folds case as re.IGNORECASE does, and a substring test is far
    cheaper than a case-insensitive scan; other text ('ſ' is an 's' to re.IGNORECASE) is scanned."""
    if text.isascii():
        low = text.lower()
        return any(w in low for w in words)
    return pattern.search(text) is not None
