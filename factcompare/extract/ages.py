"""Ages: how old a named person is, a value sources often give and sometimes disagree on.

"73-year-old French explorer Paul-Henry Nargeolet", "Paul-Henri Nargeolet, 77", "Suleman, aged 19":
the number is an age (unit 'age'), and it is only a claim when the sentence says whose age it is,
a person named next to it (`attach`). An age no one holds stays out of every fact: 'his 19-year-old
son' without a name says too little, and a bare "Nargeolet, 77" must never be read as a count.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from ..lexicon import AGE, is_age
from ..models import Mention, NameValue, QuantityValue

OLDEST = 120

#: 'a 73-year-old', '77 years old', 'aged 19'.
_WORDED = re.compile(r"\b(?P<n>\d{1,3})(?:-year-old\b|-years-old\b|\s+years?\s+old\b)|\baged\s+(?P<m>\d{1,3})\b")
#: 'Hamish Harding, 58,' and 'Paul-Henri Nargeolet, 77.': a number set off by commas after a capitalised word.
_APPOSED = re.compile(r"(?<=[A-Za-z\u00c0-\u024f]), (?P<n>\d{1,3})(?=\s*(?:[,;.)]|and\b|$))")
_WORD_BEFORE = re.compile(r"([\w\u00c0-\u024f'’-]+)$")
#: Between an age and the name it describes: 'French explorer', 'British billionaire and' (no mark of a clause).
_NAME_AFTER = re.compile(r"^[\s\w'’-]{0,60}$")
#: Between a name and the age that describes it: 'Nargeolet, a', 'Suleman, aged', 'Harding, '.
_NAME_BEFORE = re.compile(r"^,?\s*(?:(?:a|an|the)\s+|aged\s+)?$")


def ages_in(text: str) -> list[tuple[int, int, QuantityValue]]:
    """Each age in a sentence: its span and value."""
    found = []
    for m in _WORDED.finditer(text):
        n = int(m.group("n") or m.group("m"))
        if 0 < n <= OLDEST:
            found.append((m.start(), m.end(), n))
    for m in _APPOSED.finditer(text):
        word = _WORD_BEFORE.search(text[: m.start()])
        n = int(m.group("n"))
        if word and word.group(1)[:1].isupper() and 0 < n <= OLDEST:
            found.append((m.start("n"), m.end("n"), n))
    return [(s, e, QuantityValue(display=text[s:e], low=n, high=n, unit=AGE)) for s, e, n in sorted(found)]


def attach(mentions: Sequence[Mention], text_of: Sequence[str]) -> list[Mention]:
    """Each age made about the person named next to it, or no claim at all when none is.
    `text_of`: the sentences' texts, by index."""
    people: dict[int, list[Mention]] = {}
    for m in mentions:
        if isinstance(m.value, NameValue) and m.value.category == "person":
            people.setdefault(m.sentence, []).append(m)
    out = []
    for m in mentions:
        if is_age(m.value):
            person = _whose(m, people.get(m.sentence, []), text_of[m.sentence])
            m = replace(m, about=person, claim=person is not None, noun=AGE)
        out.append(m)
    return out


def _whose(age: Mention, people: list[Mention], text: str) -> str | None:
    """The person an age describes: named right before it ('Harding, 58', 'Nargeolet, a 73-year-old'),
    else after it in the same phrase ('73-year-old French explorer Paul-Henry Nargeolet')."""
    before = [p for p in people if p.end <= age.start and _NAME_BEFORE.match(text[p.end:age.start])]
    if before:
        return before[-1].value.canonical  # type: ignore[union-attr]
    if text[age.end:age.end + 1] in (",", ";", "."):
        return None  # 'Harding, 58,' is Harding's; what follows the comma is another's
    after = [p for p in people if p.start >= age.end and _NAME_AFTER.match(text[age.end:p.start])]
    return after[0].value.canonical if after else None  # type: ignore[union-attr]
