"""Spelling variants of one name: a transliteration skeleton, plus fuzzy matching within a document.

Names transliterated from Arabic, Persian, Russian... reach English in several spellings
(Muhammad / Mohammed / Mohamed, Qaddafi / Kadhafi / Qadhafi, Zelensky / Zelenskyy). The
skeleton folds what transliterations disagree on: case, accents, doubled letters, vowels after
the first letter, and consonant classes (q~k~c, z~d~dh, v~w, ph~f, y~i). It is a pure function
of the spelling, so two documents that never see each other still give one name the same key;
the key itself serves as `NameValue.canonical`.
"""

from __future__ import annotations

import functools
import logging
import re

from rapidfuzz import fuzz
from unidecode import unidecode

log = logging.getLogger(__name__)

#: Arabic-style articles written variously as a separate word or a hyphenated prefix.
ARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "ar", "as", "ash", "at", "az", "an", "ibn", "bin", "ben"})
#: Applied in order after doubled letters collapse.
_DIGRAPHS = (("ph", "f"), ("dh", "z"), ("ck", "k"), ("kh", "x"), ("gh", "g"), ("ou", "u"), ("oo", "u"))
_LETTERS = str.maketrans({"q": "k", "c": "k", "d": "z", "w": "v", "y": "i", "j": "j"})
#: Below this length two skeletons are never merged by fuzzy matching: "j bdn" and "jl bdn" are
#: Joe and Jill, not one spelling of one name.
FUZZY_MIN_LENGTH = 8
FUZZY_MIN_RATIO = 90


def _collapse(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def _word(word: str) -> str:
    if word.isdigit():
        return word
    w = _collapse(word)
    if w in ARTICLES:  # collapsed first: "Add-Din" is "ad-Din" typed with a doubled letter
        return {"el": "al", "ul": "al", "ben": "bin"}.get(w, w)
    for a, b in _DIGRAPHS:
        w = w.replace(a, b)
    if w.startswith("ch"):
        w = "C" + w[2:]
    w = w.replace("ch", "C").replace("sh", "S")
    head, tail = w[0], w[1:]
    if head == "y" and tail[:1] in "aeiou":
        head = "Y"  # a consonant y ("Yunis") is not the vowel y ("Raisy")
    tail = tail.translate(_LETTERS)
    if head in "aeiouy":
        head = "a"
    head = head.translate(_LETTERS)
    tail = re.sub(r"[aeiou]", "", tail)
    out = _collapse(head + tail)
    return out.replace("C", "ch").replace("S", "sh").replace("Y", "y")


@functools.lru_cache(maxsize=16384)
def skeleton(text: str) -> str:
    """The variant-insensitive key of a name: 'Hussein Ali' and 'Hossein Aly' -> 'hsn al'.

    Cached: a document names the same people over and over, and the name extractor asks for the
    key of each name several times."""
    text = unidecode(text).lower()
    text = re.sub(r"['`\u2019\u02bc\u02bf\u02be]", "", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    if words and re.sub(r"(.)\1+", r"\1", words[0]) == "the":  # "The", and "Tthe" typed in haste
        words = words[1:]
    return " ".join(_word(w) for w in words if w)


@functools.lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """Lower-case, transliterated, single-spaced: for exact alias look-ups."""
    text = unidecode(text).lower().replace("\u2019", "'")
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[\s\-]+", " ", text)


class VariantIndex:
    """The canonical keys seen so far in one document (and the editor's aliases), for near matches."""

    def __init__(self, aliases: tuple[tuple[str, str], ...] = ()) -> None:
        self.aliases: dict[str, str] = {}
        self.known: list[str] = []
        for variant, canonical in aliases:
            key = skeleton(canonical)
            self.aliases[plain(variant)] = key
            self.aliases[plain(canonical)] = key
            self.aliases.setdefault(skeleton(variant), key)
            self.remember(key)

    def remember(self, key: str) -> None:
        if key and key not in self.known:
            self.known.append(key)

    def canonical(self, name: str) -> str:
        """Editor aliases first, then the skeleton, then a near match to a key already seen."""
        if plain(name) in self.aliases:
            return self.aliases[plain(name)]
        key = skeleton(name)
        if key in self.aliases:
            return self.aliases[key]
        if key in self.known or len(key) < FUZZY_MIN_LENGTH:
            return key
        words = len(key.split())
        best, best_score = key, 0.0
        for other in self.known:
            if len(other.split()) != words or len(other) < FUZZY_MIN_LENGTH:
                continue
            score = fuzz.ratio(key, other)
            if score >= FUZZY_MIN_RATIO and score > best_score:
                best, best_score = other, score
        if best != key:
            log.debug("name %r joins %r (%.0f)", name, best, best_score)
        return best
