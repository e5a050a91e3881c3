"""Article -> Document: clean typography, drop page furniture, cut sentences with offsets.

Extractors compare values across outlets, so the text they see must not depend on an outlet's
typography (curly or straight quotes, non-breaking spaces) or on what its page wrapped around
the article (comment prompts, photo credits, repeated captions, author bios). Everything dropped
is kept as a `Removal`, so the article page can show what was taken out and why.

Choices:
- Quotes become straight (' and "), spaced dashes an em dash, '…' three dots: one spelling each.
- Each non-blank line of a block is a paragraph (pasted text has one line per paragraph), unless
  the block is hard-wrapped prose, which is joined.
- Headings (short lines without sentence punctuation) stay in the text as paragraphs but are not
  sentences: they state no values, and a heading such as "Tensions are on the rise:" would
  otherwise become a claim's quote.
- Patterns are about page furniture in general, never about one outlet or story.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from typing import Iterator

from rapidfuzz import fuzz, process

from .corpus import BYLINE_RE, match_dateline
from .models import Article, Document, Removal, Sentence

log = logging.getLogger(__name__)

HEADLINE_LENGTH = 90
HEADING_MAX_WORDS = 10
BOILERPLATE_MAX_WORDS = 25

# --- typography -----------------------------------------------------------------------------

_CHAR_MAP = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011", "-"),
    "\u2212": "-",
    **dict.fromkeys("\u2012\u2015", "\u2014"),
    "\u2026": "...",
    **dict.fromkeys("\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t", " "),
    **dict.fromkeys("\u200b\u00ad\ufeff\u2060", ""),
    **dict.fromkeys("\u2028\x0b\x0c\x85", "\n"),
    "\u2029": "\n\n",
}
# One regex over the rare characters beats str.translate with a dict (5x on news text).
_SPECIAL = re.compile("[" + "".join(sorted(_CHAR_MAP)) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Patterns start with a literal or a group, not a look-behind, so the regex engine can skip ahead.
_SPACED_DASH = re.compile(r"(\S) +(?:[\u2013\u2014]|-{2,3}) +(?=\S)")
_DIGIT_DASH = re.compile(r"(\d)\u2013(?=\d)")
_DOUBLE_HYPHEN = re.compile(r"(\w)-{2,3}(?=\w)")


_SPACES = re.compile(r" {2,}")
_SPACED_DOTS = re.compile(r"\.(?: \.){2,}")
_SINGLE_QUOTES = re.compile(r"'{2,}")
_DOUBLE_QUOTES = re.compile(r'"{2,}')


def typography(text: str) -> str:
    """One spelling for quotes, dashes, ellipses and spaces; NFC; lines stripped.

    Each rewrite runs only when the text holds what it rewrites (a plain substring test, far
    cheaper than a regex scan of the whole article, and most articles hold none of it)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _SPECIAL.sub(lambda m: _CHAR_MAP[m.group(0)], text))
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if ". ." in text:
        text = _SPACED_DOTS.sub("...", text)
    if "''" in text:
        text = _SINGLE_QUOTES.sub('"', text)
    if '""' in text:
        text = _DOUBLE_QUOTES.sub('"', text)
    if "\u2013" in text:
        text = _DIGIT_DASH.sub(r"\1-", text)
    if "--" in text:
        text = _DOUBLE_HYPHEN.sub("\\1\u2014", text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if "\u2013" in text or "\u2014" in text or "--" in text:
        text = _SPACED_DASH.sub("\\1 \u2014 ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return unicodedata.normalize("NFC", text)


# --- Markdown syntax (only for .md sources) ----------------------------------------------------

#: (pattern, replacement, what the text must hold for the pattern to match: one of these strings).
_MD_RULES = [
    (re.compile(r"(?m)^(?:[-*_][ ]?){3,}$"), "", ("-", "*", "_")),
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), "", ("![",)),
    (re.compile(r"\[([^\]\n]+)\]\([^)\s]+\)"), r"\1", ("](",)),
    (re.compile(r"\*\*(\S(?:[^*\n]*\S)?)\*\*"), r"\1", ("**",)),
    (re.compile(r"__(\S(?:[^_\n]*\S)?)__"), r"\1", ("__",)),
    (re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*\S)?)\*(?![\w*])"), r"\1", ("*",)),
    (re.compile(r"(?m)^(?:#{1,6}[ ]+|>[ ]?)+"), "", ("#", ">")),
    (re.compile(r" {2,}"), " ", ("  ",)),
]


def strip_markdown(text: str) -> str:
    """Markdown markup off, words kept; repeated to a fixed point so nesting leaves nothing."""
    for _ in range(10):
        before = text
        for pattern, replacement, needs in _MD_RULES:
            if any(n in text for n in needs):  # a regex scan only where it can match
                text = pattern.sub(replacement, text)
        text = "\n".join(line.strip() for line in text.split("\n"))
        if text == before:
            break
    return text


# --- paragraphs -------------------------------------------------------------------------------

_END_PUNCT = re.compile(r"[.!?][\"')\]]*$")


def _is_wrapped(lines: list[str]) -> bool:
    """A hard-wrapped block: three or more lines of nearly equal length, 40 to 100 chars."""
    if len(lines) < 3:
        return False
    longest = max(len(line) for line in lines)
    return 40 <= longest <= 100 and all(len(line) >= 0.6 * longest for line in lines[:-1])


def paragraphs_of(text: str) -> list[str]:
    """Blank lines separate blocks; inside a block each line is a paragraph unless wrapped."""
    out: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if _is_wrapped(lines):
            out.append(lines)
            continue
        current = [lines[0]]
        for line in lines[1:]:
            # A long line that stops mid-sentence and a next line in lower case: one wrapped paragraph.
            if len(current[-1]) >= 40 and not re.search(r"[.!?:;\"')\]]$", current[-1]) and line[:1].islower():
                current.append(line)
            else:
                out.append(current)
                current = [line]
        out.append(current)
    # Joining lines can make new typography (a "--" that ended a line): clean joined text again.
    return [typography(" ".join(lines)) if len(lines) > 1 else lines[0] for lines in out]


def is_heading(paragraph: str) -> bool:
    """Short and without sentence punctuation: a heading, label or kicker, not a sentence."""
    return len(paragraph.split()) <= HEADING_MAX_WORDS and not _END_PUNCT.search(paragraph)


# --- page furniture ---------------------------------------------------------------------------


def _full(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(patterns) + r")[.:!]?$", re.IGNORECASE)


_BOILERPLATE = _full(
    r"(?:submit|post|leave|add|write|view|show|hide|load|join)(?: a| your| the| all)? (?:comments?|discussion|conversation)",
    r"\d+ (?:comments?|responses?|replies)", r"comments?(?: \(\d+\))?",
    r"your email address will not be published.*", r"required fields are marked.*",
    r"please let us know if you'?re having (?:issues|problems|trouble) with comment(?:ing|s)",
    r"(?:related|recommended|popular|latest|more|similar|top|trending) (?:posts|stories|articles|news|reads?|content|videos?|coverage|topics)",
    r"related", r"you (?:may|might) also (?:like|enjoy|be interested in).*", r"see also", r"also read",
    r"(?:log ?in|log ?out|sign ?in|sign ?up|register|subscribe(?: now| today)?|menu|search|home|share(?: this(?: article| story| post)?)?"
    r"|tweet|e-?mail|print|close|advertisement|advert|sponsored(?: content)?|skip to (?:main )?content|back to top"
    r"|(?:next|previous) (?:article|story|post)|tags?:.*|topics?:.*|filed under:?.*)",
    r"most (?:popular|read|viewed|shared|commented)(?: stories| articles| now)?", r"trending(?: now| stories)?",
    r"editor'?s picks?", r"read (?:more|next|also)\b.*", r"(?:click|tap) here\b.*", r"continue reading.*",
    r"(?:follow|like|join) us on .*", r"(?:share|post) (?:this|on|to) .*", r"(?:sign up|subscribe) (?:for|to) .*",
    r"(?:please )?(?:donate|support (?:our|independent|local) journalism)\b.*",
    r"(?:copyright|\(c\)|©).*", r"all rights reserved",
    r"(?:[\w.'-]+ ){0,6}contributed (?:reporting |to )?(?:to )?this (?:report|story|article)",
)
# Words that mark a widget only in a short line without sentence punctuation ("ECSPE - Donate for
# Needy"); in a sentence they are news ("Police said the donation box was stolen.").
_WIDGET = re.compile(r"\b(?:donat(?:e|ion|ions)|newsletters?|subscribe|subscription|podcast|advertisement)\b", re.I)
_PROMO = re.compile(r"^(?P<label>[A-Z0-9][A-Z0-9'&,-]*(?: [A-Z0-9][A-Z0-9'&,-]*)*):\s+\S")
_PROMO_WORDS = frozenset({"WATCH", "READ", "RELATED", "LISTEN", "MORE", "ALSO", "SEE", "VIDEO", "PHOTOS"})
_AGENCIES = r"(?:AFP|AP|Reuters|EPA|Getty|Bloomberg|Shutterstock|Alamy|Sipa|Anadolu|Xinhua|Pool|Handout|Polaris|ANP|DPA|TASS|WANA)"
_CREDIT_LINE = re.compile(
    rf"via Getty|Getty Images|^\(?(?:photos?|images?|pictures?|credits?|photograph|video|source)s?\b\s*(?:by\b|:)|/\s*{_AGENCIES}\b",
    re.IGNORECASE,
)
_NAME_SLASH_ORG = re.compile(r"^[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,4} / [A-Z][\w.'-]*(?: [\w.'-]+){0,4}$")
_CREDIT_WORDS = re.compile(
    rf"\b(?:photos?|photograph|pictures?|images?|credits?|courtesy|screenshot|screengrab|handout|file|{_AGENCIES})\b|\bvia\s",
    re.IGNORECASE,
)
_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_FILE_MARKER = re.compile(r"^FILE(?: PHOTO)?\s*(?:\u2014|-|:)\s*")


def _furniture(paragraph: str) -> str | None:
    """Why a whole paragraph is page furniture, or None when it is article text."""
    words = len(paragraph.split())
    ends_sentence = bool(_END_PUNCT.search(paragraph))
    promo = _PROMO.match(paragraph)
    if promo and words <= BOILERPLATE_MAX_WORDS and not ends_sentence:
        label = promo.group("label").split()
        if len(label) >= 2 or label[0] in _PROMO_WORDS:
            return "related link"
    if words <= BOILERPLATE_MAX_WORDS and _BOILERPLATE.match(paragraph):
        return "boilerplate"
    if words <= 8 and not ends_sentence and _WIDGET.search(paragraph):
        return "boilerplate"
    if words <= 12 and not ends_sentence and (_CREDIT_LINE.search(paragraph) or _NAME_SLASH_ORG.match(paragraph)):
        return "photo credit"
    if paragraph.startswith("(") and paragraph.endswith(")") and _CREDIT_WORDS.search(paragraph) and words <= 15:
        return "photo credit"
    return None


def _strip_credits(paragraph: str) -> tuple[str, list[Removal]]:
    """Trailing '(Photo by …)' credits and a leading 'FILE —' off a caption; the caption stays."""
    removed: list[Removal] = []
    while True:
        m = _TRAILING_PAREN.search(paragraph)
        if not m or m.start() == 0:
            break
        inside, before = m.group(1), paragraph[: m.start()]
        after_sentence = bool(_END_PUNCT.search(before))
        if not (_CREDIT_WORDS.search(inside) or (after_sentence and "/" in inside)):
            break
        removed.append(Removal(text=m.group(0).strip(), reason="photo credit"))
        paragraph = before.rstrip()
    removed.reverse()
    marker = _FILE_MARKER.match(paragraph)
    if marker and len(paragraph) > marker.end():
        removed.insert(0, Removal(text=marker.group(0).strip(), reason="photo caption marker"))
        paragraph = paragraph[marker.end():]
    return paragraph, removed


_NUMBER = re.compile(r"\d[\d,.]*")


class _Seen:
    """Paragraphs kept so far, with what the duplicate test needs computed once."""

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.long: list[tuple[str, int, frozenset[str]]] = []
        self._read: tuple[str, int, str, frozenset[str] | None] = ("", 0, "", None)  # the last paragraph read

    def _facts(self, paragraph: str) -> tuple[int, str, frozenset[str] | None]:
        """(words, case-folded text, numbers) of a paragraph; `has` then `add` ask for the same one,
        so the last is kept. Numbers only for long paragraphs, the only ones compared by them."""
        last, words, key, numbers = self._read
        if paragraph is not last:
            words = len(paragraph.split())
            key = paragraph.casefold()
            numbers = frozenset(_NUMBER.findall(paragraph)) if words >= 8 else None
            self._read = (paragraph, words, key, numbers)
        return words, key, numbers

    def add(self, paragraph: str) -> None:
        words, key, numbers = self._facts(paragraph)
        self.exact.add(key)
        if numbers is not None:
            self.long.append((key, len(key), numbers))

    def has(self, paragraph: str) -> bool:
        """The same paragraph again (a caption under two photos, a pull quote), or nearly so.

        Near-repeats must be long (8+ words) and bring no number of their own: "The vote was 7
        to 2." and "The vote was 5 to 4." are two statements, not one caption twice.
        """
        words, key, numbers = self._facts(paragraph)
        if words < 4:
            return False
        if key in self.exact:
            return True
        if numbers is None:
            return False
        n = len(key)
        similar = [other for other, length, other_numbers in self.long
                   if min(length, n) >= 0.4 * max(length, n) and numbers <= other_numbers]
        # Any of them near enough by either score; extractOne scores them all in one call.
        return bool(similar) and (
            process.extractOne(key, similar, scorer=fuzz.ratio, score_cutoff=90) is not None
            or process.extractOne(key, similar, scorer=fuzz.token_set_ratio, score_cutoff=92) is not None
        )


def _is_name_line(paragraph: str, author: str | None) -> bool:
    if author and paragraph.casefold() == author.casefold():
        return True
    return bool(BYLINE_RE.match(paragraph)) and len(paragraph.split()) <= 5 and not paragraph.isupper()


def _bio_start(paras: list[str], author: str | None) -> int | None:
    """Index where an author bio starts: a name line near the end, then a paragraph about that name."""
    for j in range(max(1, len(paras) - 4), len(paras) - 1):
        head, following = paras[j], paras[j + 1]
        if re.match(r"^about the authors?$", head, re.IGNORECASE):
            return j
        if _is_name_line(head, author) and len(paras) - j <= 3:
            surname = re.sub(r"^By\s+", "", head).split()[-1].casefold()
            if surname in [w.strip(",.'\"").casefold() for w in following.split()[:12]]:
                return j
    return None


def remove_furniture(paras: list[str], author: str | None) -> tuple[list[str], list[Removal]]:
    """Drop page furniture, repeats, trailing widgets and author bios, to a fixed point."""
    removed: list[Removal] = []
    for _ in range(10):
        changed = False
        kept: list[str] = []
        seen = _Seen()
        for para in paras:
            para, credits = _strip_credits(para)
            removed += credits
            changed |= bool(credits)
            reason = _furniture(para)
            if reason is None and seen.has(para):
                reason = "duplicate paragraph"
            if reason:
                removed.append(Removal(text=para, reason=reason))
                changed = True
            elif para:
                kept.append(para)
                seen.add(para)
        paras = kept
        start = _bio_start(paras, author)
        if start is not None:
            removed += [Removal(text=p, reason="author bio") for p in paras[start:]]
            paras = paras[:start]
            changed = True
        # Short lines without sentence punctuation at the very end: widgets, tags, sign-offs.
        while len(paras) > 1 and len(paras[-1].split()) <= 6 and not _END_PUNCT.search(paras[-1]):
            removed.append(Removal(text=paras.pop(), reason="trailing boilerplate"))
            changed = True
        if not changed:
            break
    return paras, removed


# --- sentences --------------------------------------------------------------------------------

TITLES = frozenset(
    "mr mrs ms mx dr prof gen brig col lt maj capt cpt sgt cpl pvt adm cmdr cdr gov sen rep rev fr hon pres supt "
    "insp det atty amb gens sens reps messrs mme mlle st mt ft".split()
)
NUMBER_ABBREVIATIONS = frozenset("no nos vol vols art arts fig figs p pp ch sec para ed eds op".split())
MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
OTHER_ABBREVIATIONS = frozenset("inc corp ltd co bros etc vs approx est ave blvd rd jr sr dept univ assn govt".split())
SENTENCE_STARTERS = frozenset(
    "the a an he she it they we i you in on at but and so this that these those his her their its our there after "
    "when while as for according however meanwhile some many officials police if what who why how one two it's "
    "since during last earlier later then now today yesterday".split()
)

_BOUNDARY = re.compile(r"(\.\.\.|[.!?]+)([\"')\]]*)(\s+)(?=[\"'(\[]*(\S))")


def _word_before(text: str, end: int) -> str:
    """The run of word characters, dots, apostrophes and hyphens that ends at `end`, as a search
    for that run before the end of the text finds it, but walking back instead of scanning forward;
    within a window of 80 characters: linear in long paragraphs."""
    window = text[max(0, end - 80):end]
    stop = len(window) - 1 if window.endswith("\n") else len(window)  # '$' also matches before a final newline
    start = stop
    while start and (window[start - 1].isalnum() or window[start - 1] in "_.'-"):  # isalnum() or '_': a word character
        start -= 1
    return window[start:stop].lstrip("'")


_NEXT_WORD = re.compile(r"[\"'(\[]*([\w'-]+)")
_INITIAL = re.compile(r"[A-Z]")
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    punct, closing, following = m.group(1), m.group(2), m.group(4)
    if following.islower():
        return False
    if punct != "." or closing:
        return True
    word = _word_before(text, m.start(1))
    bare = word.rstrip(".").lower()
    if bare in TITLES:
        return False
    if following.isdigit() and (bare in MONTHS or bare in NUMBER_ABBREVIATIONS):
        return False
    if _INITIAL.fullmatch(word):  # an initial: "Joel B. Pollak"
        return False
    if _DOTTED.fullmatch(word) or bare in OTHER_ABBREVIATIONS or bare in MONTHS:
        # "U.S.", "a.m.", "Inc." end a sentence only when a typical sentence opening follows.
        next_word = _NEXT_WORD.match(text[m.end():m.end() + 80])
        return (next_word.group(1) if next_word else "").lower() in SENTENCE_STARTERS
    return True


def _inside_quote(quotes: list[int], position: int) -> bool:
    """Within a double-quoted passage that closes later in the paragraph (`quotes`: where the '"' stand).

    A quote of several sentences stays one sentence, so its attribution ('..., he said.') stays
    with every word of it; an unclosed quote (continued in the next paragraph) does not count.
    """
    before = bisect.bisect_left(quotes, position)
    return before % 2 == 1 and before < len(quotes)


MAX_SENTENCE = 1000
"""Characters. News sentences stay far below (the seed corpus: 368 at most); a longer span without a
sentence end is a table, a list or junk, and is cut on a space so that no stage meets a huge sentence."""


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        stop = cut
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            yield start, stop
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if text[start:end].strip():
        yield start, end


_QUOTE = re.compile('"')


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in one paragraph; whitespace around sentences excluded."""
    start = 0
    quotes = [m.start() for m in _QUOTE.finditer(text)] if '"' in text else []
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m) and not _inside_quote(quotes, m.end(2)):
            end = m.end(2)
            if text[start:end].strip():
                yield from _bounded(text, start, end)
            start = m.end(3)
    if text[start:].strip():
        yield from _bounded(text, start, len(text.rstrip()))


# --- the stage --------------------------------------------------------------------------------


def headline_for(title: str | None, lead: str | None, fallback: str) -> str:
    """The title, or the lead sentence (minus an opening dateline) cut on a word at ~90 chars."""
    if title and title.strip():
        return typography(title).replace("\n", " ").strip()
    if not lead:
        return fallback
    dated = match_dateline(lead)
    if dated:
        rest = re.sub(r"^\s*(?:\u2014|-|:|\|)\s*", "", dated[1])
        lead = rest if rest else lead
    if len(lead) <= HEADLINE_LENGTH:
        return lead
    cut = lead[:HEADLINE_LENGTH + 1]
    cut = cut[: cut.rfind(" ")] if " " in cut else lead[:HEADLINE_LENGTH]
    return cut.rstrip(" ,;:\u2014-") + "\u2026"


DATELINE_DASH = re.compile(r"^\s*[—–-]+\s+(?=\S)")


def strip_dateline(paras: list[str]) -> list[Removal]:
    """'Thursday, December 28, 2023 — The Islamic Republic ...': the date is the article's, not a claim.

    The reader takes it as the publication date; here it leaves the text, so that it is not read
    as a date the article reports. Edits `paras` in place.
    """
    if not paras:
        return []
    found = match_dateline(paras[0])
    if not found:
        return []
    dash = DATELINE_DASH.match(found[1])
    if not dash:
        return []
    prefix = paras[0][: len(paras[0]) - len(found[1]) + dash.end()]
    paras[0] = paras[0][len(prefix):]
    return [Removal(text=prefix.strip(), reason="dateline")]


def normalise(article: Article) -> Document:
    """Clean an article's body into text with sentences; record every removal."""
    body = typography(article.body)
    if article.source.lower().endswith((".md", ".markdown")):
        for _ in range(5):  # markup off can bring typography on ("0--*0*"): to a fixed point
            before, body = body, typography(strip_markdown(body))
            if body == before:
                break
    paras, removed = remove_furniture(paragraphs_of(body), article.author)
    removed += strip_dateline(paras)
    text = "\n\n".join(paras)
    sentences: list[Sentence] = []
    offset = 0
    for number, para in enumerate(paras):
        if not is_heading(para):
            for start, end in split_sentences(para):
                sentences.append(Sentence(index=len(sentences), start=offset + start, end=offset + end,
                                          text=para[start:end], paragraph=number))
        offset += len(para) + 2
    lead = sentences[0].text if sentences else (paras[0] if paras else None)
    log.debug("%s: %d paragraphs, %d sentences, %d removals", article.id, len(paras), len(sentences), len(removed))
    return Document(article=article.meta(), text=text, sentences=tuple(sentences), removed=tuple(removed),
                    headline=headline_for(article.title, lead, article.id))
