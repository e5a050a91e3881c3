"""Which claims are compared at all: claims sharing a blocking key of their subjects.

Comparing every pair of a story's claims costs its square; a pair of claims about one thing shares
at least one telling key (an event with a date, a counted noun, a holder), so only pairs sharing a
key are weighed, and the cost grows with the corpus. A key shared by very many claims is compared in
sorted windows, or not at all.
"""

from __future__ import annotations

import logging
from itertools import chain
from typing import Iterable, Sequence

import numpy as np

from .alignscore import GENERIC_NOUNS, ClaimFields, _family, distinct, role
from .models import Claim

log = logging.getLogger(__name__)

# A blocking key shared by more than this share of a kind's claims (and by more than MAX_BLOCK) is too
# common to say anything ("said"). A share, not a count: in a story ten times bigger, the words that
# tie its main facts together ("killed", "people") are shared by ten times more claims, and must
# still be compared (in windows, below) or the biggest facts fall apart into single sources.
MAX_BLOCK = 400
MAX_BLOCK_SHARE = 0.05
# Blocks up to this size are compared pair by pair. A larger one (a word shared by many facts of a
# big corpus) is sorted by each member's rarest other key and only neighbours in that order are
# compared: claims sharing a telling key sit together, and the pairs grow as size * WINDOW, not size².
FULL_BLOCK = 16
WINDOW = 6


def blocking_keys(claim: Claim) -> set[str]:
    """Keys two claims must share one of to be compared at all."""
    s = claim.subject
    return {*_subject_keys(s.focus, s.holder, s.event, s.noun_class, s.anchors, s.entities, s.noun),
            *_term_keys(s.terms)}


def _term_keys(terms: tuple[str, ...]) -> list[str]:
    """The blocking keys of the nearest words, 't:<word>': the last keys in sorted order."""
    return ["t:" + t for t in terms[:3]]


def _subject_keys(focus: str | None, holder: str | None, event: str | None, noun_class: str | None,
                  anchors: tuple[str, ...], entities: tuple[str, ...], noun: str | None) -> list[str]:
    """The other blocking keys of a subject with these fields (a key may come twice)."""
    keys = []
    if focus:
        keys.append(f"f:{focus}")
    if holder:
        keys.append("h:" + role(holder))
    if event:
        keys.append(f"e:{event}|{noun_class}")
        if anchors or entities:
            family = _family(event)
            keys += [f"e:{family}|a:{a}" for a in anchors]
            keys += [f"e:{family}|n:{e}" for e in entities]
    if noun and noun not in GENERIC_NOUNS:
        keys.append(f"n:{noun}")
    if entities:
        if noun_class:
            keys += [f"c:{noun_class}|n:{e}" for e in entities]
        if anchors:
            keys += [f"a:{a}|n:{e}" for a in anchors for e in entities]
    return keys


def candidate_pairs(claims: Sequence[Claim] | ClaimFields) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j, ascending) of claims sharing a blocking key: every pair of a small block,
    neighbours in a large one. Keys are numbered in their sorted order, so that comparing numbers
    compares keys."""
    f = claims if isinstance(claims, ClaimFields) else ClaimFields(claims)
    n = len(f)
    key, row = _memberships(f)
    if not len(key):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # Each block's members, ascending, blocks in key order; a key a claim has twice counts once.
    members = distinct(key * n + row)
    del key, row
    key, row = members // n, members % n
    del members
    size = np.bincount(key)
    block = size[key]
    too_common = block > max(MAX_BLOCK, MAX_BLOCK_SHARE * n)
    if too_common.any():
        log.debug("%d blocking keys too common; skipped", len(distinct(key[too_common])))
    # Pairs as codes i * n + j, each batch without repeats: a pair two blocks share is kept once early.
    codes = [_block_pair_codes(row[block == m], m, n) for m in range(2, FULL_BLOCK + 1)]
    windowed = (block > FULL_BLOCK) & ~too_common
    del block, too_common
    if windowed.any():
        codes += _window_pair_codes(key, row, size, windowed, n)
    del key, row, size, windowed
    pairs = _distinct_of_all(codes)
    return pairs // n, pairs % n


def _memberships(f: ClaimFields) -> tuple[np.ndarray, np.ndarray]:
    """Every (key, claim) membership, claims' keys then their words' keys ('t:<word>'), a key a claim
    has twice listed twice; keys numbered in sorted order.

    Keys are numbered as they are made: only the distinct ones are kept as strings. The words' keys
    sort after all others and among themselves as their words: they are numbered from their words,
    without being written out."""
    n = len(f)
    keys_of = map(_subject_keys, f.focuses, f.holders, f.events, f.noun_classes, f.anchors, f.entities, f.nouns)
    name, name_counts, names = _numbered(keys_of, n)
    word, word_counts, words = _numbered((t[:3] for t in f.terms), n)
    key = np.concatenate([_sorted_numbers(names, 0)[name], _sorted_numbers(words, len(names))[word]])
    del name, word
    row = np.concatenate([np.repeat(np.arange(n), name_counts), np.repeat(np.arange(n), word_counts)])
    return key, row


def _numbered(keys_of: Iterable[Sequence[str]], n: int) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Each key of each of the n claims as a number (in order of first appearance), how many keys each
    claim has, and the numbers of the keys."""
    numbers: dict[str, int] = {}
    counts: list[int] = []

    def number(keys: Sequence[str]) -> list[int]:
        counts.append(len(keys))
        return [numbers.setdefault(key, len(numbers)) for key in keys]

    found = np.fromiter(chain.from_iterable(map(number, keys_of)), dtype=np.int64)
    return found, np.array(counts, dtype=np.int64), numbers


def _sorted_numbers(numbers: dict[str, int], start: int) -> np.ndarray:
    """For each key's number in `numbers`, its place among the keys in sorted order, counted from `start`."""
    ordered = sorted(numbers)
    place = np.empty(len(ordered), dtype=np.int64)
    place[np.fromiter(map(numbers.__getitem__, ordered), dtype=np.int64, count=len(ordered))] = \
        np.arange(start, start + len(ordered))
    return place


def _block_pair_codes(members: np.ndarray, m: int, n: int) -> np.ndarray:
    """Every pair (i < j) of each block of m members, as distinct codes i * n + j.
    `members`: the blocks' members one block after the other, each block's ascending."""
    members = members.reshape(-1, m)
    upper = np.triu_indices(m, 1)
    return distinct((members[:, upper[0]] * n + members[:, upper[1]]).ravel())


def _distinct_of_all(codes: list[np.ndarray]) -> np.ndarray:
    """The distinct codes of all the arrays, ascending; sorted in place, the list emptied as it is joined."""
    every = np.concatenate(codes) if codes else np.zeros(0, dtype=np.int64)
    codes.clear()
    every.sort()
    keep = np.ones(len(every), dtype=bool)
    np.not_equal(every[1:], every[:-1], out=keep[1:])
    return every[keep]


def _window_pair_codes(key: np.ndarray, row: np.ndarray, size: np.ndarray, windowed: np.ndarray,
                       n: int) -> list[np.ndarray]:
    """Sorted neighbourhood: a large block's members ordered by their rarest other key (then by
    position), each paired with the next WINDOW; claims that share a telling key end up side by side.
    The pairs as codes i * n + j (i < j), distinct for each distance in the window.

    `key`, `row`: every (key, claim) membership, sorted by key then claim; `size`: members per key."""
    members, block = _window_order(key, row, size, windowed, n)
    codes = []
    for d in range(1, WINDOW + 1):
        same = block[:-d] == block[d:]
        a, b = members[:-d][same], members[d:][same]
        codes.append(distinct(np.minimum(a, b) * n + np.maximum(a, b)))
    return codes


def _window_order(key: np.ndarray, row: np.ndarray, size: np.ndarray, windowed: np.ndarray,
                  n: int) -> tuple[np.ndarray, np.ndarray]:
    """The members of the large blocks and their blocks, blocks in key order, each block's members by
    their rarest other key (fewest members, then first in key order), then by position."""
    shared = size[key] > 1
    shared_rows, shared_keys = row[shared], key[shared]
    by_rarity = np.lexsort((shared_keys, size[shared_keys], shared_rows))
    rows, keys = shared_rows[by_rarity], shared_keys[by_rarity]
    del shared, shared_rows, shared_keys, by_rarity
    # Each claim's two rarest keys of those shared at all.
    starts = np.searchsorted(rows, np.arange(n))
    ends = np.searchsorted(rows, np.arange(n), side="right")
    none = np.int64(-1)
    best = np.where(ends > starts, keys[np.minimum(starts, len(keys) - 1)], none)
    second = np.where(ends > starts + 1, keys[np.minimum(starts + 1, len(keys) - 1)], none)
    members, block = row[windowed], key[windowed]
    rarest = np.where(best[members] == block, second[members], best[members])  # -1: no other key
    rarest_size = np.where(rarest >= 0, size[np.maximum(rarest, 0)], n + 1)
    order = np.lexsort((members, rarest, rarest_size, block))
    return members[order], block[order]
