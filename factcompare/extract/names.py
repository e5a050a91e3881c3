"""Names: persons, organisations, named operations, and the ranks and roles people hold.

A name's `canonical` is its transliteration skeleton (see `spelling.py`), so spelling variants
agree across documents without seeing each other; the editor's aliases and near matches to names
already seen in the same document come first. A bare surname ("Ellis said") takes the canonical
of the full name the document uses elsewhere.

What becomes a claim (`Mention.claim`): a rank ("Major General" vs "Brigadier General", about the
person), a person filling a role ("FEMA spokeswoman Dana Holt", about the role), and a named
operation. Plain person and organisation references are context entities for other claims.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from ..models import Document, Mention, NameValue
from .base import SENTENCE_CACHE, ExtractContext, Extractor, register
from .gazetteer import COUNTRY_ABBREVIATIONS, gazetteer
from .numbers import SCALES, SMALL, TENS
from .spelling import VariantIndex, skeleton

log = logging.getLogger(__name__)

TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['\u2019]\w+)*(?:-\w+(?:['\u2019]\w+)*)*")
ABBREVIATIONS = frozenset(
    "gen maj brig lt col capt adm cmdr cdr sgt cpl pvt lieut dr mr mrs ms prof sen rep gov st jr sr rev".split()
)
#: Rank words and their abbreviations.
RANK_FORMS: dict[str, tuple[str, ...]] = {
    "general": ("general", "gen"), "major": ("major", "maj"), "brigadier": ("brigadier", "brig"),
    "lieutenant": ("lieutenant", "lt", "lieut"), "colonel": ("colonel", "col"), "captain": ("captain", "capt"),
    "admiral": ("admiral", "adm"), "sergeant": ("sergeant", "sgt"), "corporal": ("corporal", "cpl"),
    "private": ("private", "pvt"), "vice": ("vice",), "rear": ("rear",), "field": ("field",),
    "marshal": ("marshal",), "air": ("air",), "first": ("first", "1st"), "second": ("second", "2nd"),
    "staff": ("staff",), "master": ("master",), "commodore": ("commodore",),
}
#: (words, canonical, lineage from generic to specific), longest first. A lineage prefix is a less
#: precise but compatible rank ("General" vs "Major General"); siblings conflict.
RANKS: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = tuple(
    sorted(
        [
            (("lieutenant", "general"), "lieutenant general", ("general", "lieutenant general")),
            (("major", "general"), "major general", ("general", "major general")),
            (("brigadier", "general"), "brigadier general", ("general", "brigadier general")),
            (("brigadier",), "brigadier general", ("general", "brigadier general")),
            (("general",), "general", ("general",)),
            (("lieutenant", "colonel"), "lieutenant colonel", ("colonel", "lieutenant colonel")),
            (("colonel",), "colonel", ("colonel",)),
            (("major",), "major", ("major",)),
            (("captain",), "captain", ("captain",)),
            (("first", "lieutenant"), "first lieutenant", ("lieutenant", "first lieutenant")),
            (("second", "lieutenant"), "second lieutenant", ("lieutenant", "second lieutenant")),
            (("lieutenant",), "lieutenant", ("lieutenant",)),
            (("vice", "admiral"), "vice admiral", ("admiral", "vice admiral")),
            (("rear", "admiral"), "rear admiral", ("admiral", "rear admiral")),
            (("admiral",), "admiral", ("admiral",)),
            (("staff", "sergeant"), "staff sergeant", ("sergeant", "staff sergeant")),
            (("master", "sergeant"), "master sergeant", ("sergeant", "master sergeant")),
            (("sergeant",), "sergeant", ("sergeant",)),
            (("corporal",), "corporal", ("corporal",)),
            (("private",), "private", ("private",)),
            (("field", "marshal"), "field marshal", ("marshal", "field marshal")),
            (("air", "marshal"), "air marshal", ("marshal", "air marshal")),
            (("marshal",), "marshal", ("marshal",)),
            (("commodore",), "commodore", ("commodore",)),
        ],
        key=lambda r: -len(r[0]),
    )
)
#: RANKS by the forms of their first word, in RANKS order: most tokens start no rank.
_RANKS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]] = {}
for _rank in RANKS:
    for _form in RANK_FORMS[_rank[0][0]]:
        _RANKS_BY_FIRST.setdefault(_form, []).append(_rank)
ROLE_WORDS = frozenset(
    """spokesman spokeswoman spokesperson president minister premier chancellor secretary ambassador envoy
    governor mayor senator sen representative rep judge justice chief commander director chairman chairwoman
    chair ceo head leader king queen prince princess pope ayatollah sheikh sheik emir sultan official officer
    adviser advisor prosecutor founder editor correspondent analyst professor rabbi imam cardinal bishop
    archbishop""".split()
)
ROLE_PREFIXES = frozenset(
    """foreign defense defence prime interior finance health vice deputy supreme attorney economy energy
    education culture trade military national security intelligence police state""".split()
)
HONORIFICS = frozenset("mr mrs ms miss dr sir dame lord lady prof mx".split())
_ROLE_OR_PREFIX = ROLE_WORDS | ROLE_PREFIXES
_ROLE_PREFIX_OR_HONORIFIC = ROLE_WORDS | ROLE_PREFIXES | HONORIFICS
ORG_WORDS = frozenset(
    """corps agency ministry party force forces army navy council institute institution foundation committee
    commission association organisation organization group university college school company corporation
    corp inc ltd court department office guard guards police service services news journal post times
    telegraph tv television radio press administration union front brigades brigade movement jihad authority
    federation league network media center centre fund board bureau assembly parliament congress senate
    cabinet government regime club team airlines airways republic""".split()
)
FACILITY_WORDS = frozenset(
    """mosque church temple synagogue mount mountain mountains street road square city airport hospital bridge
    strip river lake sea island islands valley desert park palace tower building station prison camp kibbutz
    gate plaza avenue port harbour harbor base crossing border""".split()
)
#: Capitalised words that open sentences or headlines but never begin a name.
STOP = frozenset(
    """the a an and or but however in on at of for to from by with as if when while after before since until
    this that these those there here it its he she they we i you his her their our my your what which who
    why how where also yet so not no yes although though because despite during meanwhile furthermore
    further moreover then thus still even just only all some many most more other another each every both
    such former late top senior new old according said says reports report reported file photo watch read
    more related breaking update updated exclusive analysis opinion editorial""".split()
)
MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_ORG_OR_FACILITY = ORG_WORDS | FACILITY_WORDS
#: Runs that a connector ('of', 'for', 'the') may continue: "Foundation for the Defense of Democracies".
_CONNECTED_RUNS = _ORG_OR_FACILITY | {"secretary", "chief"}
_NOT_A_NAME_ALONE = STOP | _ROLE_PREFIX_OR_HONORIFIC
#: What may stand right before a sentence-opening word (after spaces): its end, a colon, a quote.
_OPENERS = frozenset(".!?:\"\u201c\u2018(")
CONNECTORS = frozenset("of for the de del della di da du van von der den la le bin ibn bint dos das".split())
OPERATION_CUE_BEFORE = re.compile(
    r"\b(?:dubbed|codenamed|code-named|nicknamed|referred\s+to(?:\s+by\s+[^,.;:\"\u201c]{1,40}?)?\s+as)"
    r"[\s\"'\u201c\u2018]*$"
)
#: A word of each OPERATION_CUE_BEFORE alternative: most text before a name holds none, and the
#: pattern (anchored at the end) scans all of it.
OPERATION_CUES = ("dubbed", "named", "referred")
OPERATION_CUE_AFTER = re.compile(r"^[\"'\u201d\u2019,]*\s+(?:is|was|being)\s+the\s+name\s+given\b")
ROLE_AFTER = re.compile(
    r"^,\s+(?:the|a|an)\s+((?:[\w'\u2019.-]+\s+){0,3}?)(" + "|".join(sorted(ROLE_WORDS)) + r")\b", re.I
)
#: A role in apposition without an article, always of something named: "Jane Doe, CEO of Acme",
#: "Tom Reyes, head of delegation of the Red Cross,". What it is of is part of the role: many people
#: in a story are a 'spokesman' or a 'head', one is "spokesman for the red crescent".
ROLE_AFTER_BARE = re.compile(
    r"^,\s+((?:[a-z][\w-]*\s+){0,2}?)(?i:(" + "|".join(sorted(ROLE_WORDS)) + r"))\s+(?P<prep>of|for|at)\s+"
    r"(?P<of>(?:the\s+)?(?:[a-z]+\s+(?:of|for)\s+(?:the\s+)?)?[A-Z][\w'\u2019&.-]*(?:\s+[\w'\u2019&.-]+){0,9})"
)
#: Where the organisation after a bare role ends: a clause mark, or a lower-case word that is no connector.
_ORG_END = re.compile(r"[,;:()\"\u201c\u201d]|\s(?!(?:of|for|and|the|de|du|al)\b)[a-z]")


def _bare_role(after: str) -> str | None:
    """The role in "..., head of delegation of the Red Cross," right after a name (see ROLE_AFTER_BARE)."""
    m = ROLE_AFTER_BARE.match(after)
    if m is None:
        return None
    of = m.group("of")
    end = _ORG_END.search(of)
    words = [w for w in (of[: end.start()] if end else of).lower().split() if w != "the"]
    return " ".join([*(m.group(1) + m.group(2)).lower().split(), m.group("prep"), *words])


#: A maker's model designation: '737-800', '777-300ER', 'A320', 'A320neo', 'F-16', 'Su-27', 'MiG-29',
#: 'C-130J', 'A330-300'. Not a plain number ('Flight 370', 'Unit 8200'), not a short code without a
#: hyphen ('G20', 'M23', 'Q3'), not a range or a score: the first part of a number-number designation
#: does not end in 0 ('700-800') and the second is round hundreds or, after three digits, one digit
#: ('21-7', '112-108' are scores).
MODEL_DESIGNATION = re.compile(
    r"(?:(?P<family>\d?\d[1-9])-(?:[1-9]00|(?<=\d\d\d-)[1-9])"
    r"|(?P<lettered>[A-Z][A-Za-z]{0,2}(?:-\d{1,4}|\d{3,4}))(?:-[1-9]\d{0,3})?)(?:[A-Z]{1,3}|neo)?"
)
#: A maker's name: one title-case word ('Boeing', 'Airbus', 'McDonnell').
MAKER = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)?")
#: Capitalised words before a designation that make it a label, not a model: 'Flight MH370', 'Gate B12'.
LABEL_WORDS = frozenset(
    """flight route highway interstate motorway gate terminal platform room unit section article chapter clause
    paragraph resolution rule phase stage round level category grade item line exit lane pier bay seat row
    district ward precinct volume part episode season version model number act bill proposition law code form
    schedule class type group series zone sector block building apartment suite tier channel page verse step
    title vitamin size""".split()
)


def model_designation(token: str) -> str | None:
    """The family of a model designation ('737' of '737-800', 'a320' of 'A320neo', 'f-16' of 'F-16C'),
    or None when the token is not one."""
    m = MODEL_DESIGNATION.fullmatch(token)
    if m is None:
        return None
    return (m.group("family") or m.group("lettered")).lower()


def _maker(tok: "_Token") -> bool:
    """Whether a word can be the maker before a model designation: a title-case word that opens no
    sentence by habit, is no count, label, place, people, month, role, rank or organisation word."""
    return (
        MAKER.fullmatch(tok.text) is not None
        and not tok.possessive
        and tok.word not in STOP
        and tok.word not in MONTHS_AND_DAYS
        and tok.word not in LABEL_WORDS
        and tok.word not in _ROLE_PREFIX_OR_HONORIFIC
        and tok.word not in _ORG_OR_FACILITY  # 'Coast Guard C-130', 'Air Force F-16': whose, not whose make
        and tok.word not in RANK_FORMS
        and tok.word not in _COUNT_WORDS  # 'Two F-16 jets'
        and not _place(tok.text)
    )


_DIGIT = re.compile(r"\d")
_COUNT_WORDS = frozenset([*SMALL, *TENS, *SCALES, "dozen", "dozens", "several", "few", "many"])


def _models(text: str, toks: list["_Token"]) -> list[tuple[int, int, str]]:
    """(maker token, designation token, family) of each 'Maker Model' in a sentence: 'Boeing 737-800',
    'Airbus A320'. A designation that could be a score ('Lakers 105-100') wants a maker not in the plural."""
    out = []
    for b in range(1, len(toks)):
        family = model_designation(toks[b].text)
        if family is None or text[toks[b - 1].end : toks[b].start] != " " or not _maker(toks[b - 1]):
            continue
        if family[:1].isdigit() and toks[b - 1].word.endswith("s"):
            continue
        out.append((b - 1, b, family))
    return out


def _cut(spans: list[tuple[int, int]], models: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Name spans without the tokens of maker-and-model names: 'Acme Air Boeing' is 'Acme Air'."""
    for a, b, _ in models:
        cut = []
        for i, j in spans:
            if j < a or i > b:
                cut.append((i, j))
                continue
            if i <= a - 1:
                cut.append((i, a - 1))
            if b + 1 <= j:
                cut.append((b + 1, j))
        spans = cut
    return spans


PARTICLE = re.compile(r"(?:al|el|ul|ad|ed|ar|as|ash|at|az|an|ad-din)-[A-Z\u00c0-\u00de]\w*.*")


class _Token:
    """One word of a sentence, with what the rules ask of it computed once: a sentence's tokens
    are looked at many times over (spans, ranks, roles)."""

    __slots__ = ("start", "end", "text", "possessive", "word", "capitalised", "nameish")

    def __init__(self, start: int, end: int, text: str, possessive: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.possessive = possessive
        self.word, self.capitalised, self.nameish = _word_of(text)


@functools.lru_cache(maxsize=32768)
def _word_of(text: str) -> tuple[str, bool, bool]:
    """(word, capitalised, nameish) of a token's text: the same words recur in every sentence."""
    word = text.rstrip(".").lower()
    capitalised = text[:1].isupper()
    return word, capitalised, (capitalised or _particle(text)) and word not in MONTHS_AND_DAYS


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in TOKEN.finditer(text):
        s, e = m.span()
        t = m.group()
        if t[-1] == "s" or text[e : e + 1] in _MARKS_AFTER:
            out.append(_marked_token(text, s, e, t))
        else:  # most words: neither possessive nor an abbreviation with its dot
            out.append(_Token(s, e, t, False))
    return out


#: What may follow a possessive or an abbreviation ("the US' slaying", "Gen."); text[e:e+1] at the end is "".
_MARKS_AFTER = frozenset(("'", "\u2019", ".", ""))


def _marked_token(text: str, s: int, e: int, t: str) -> _Token:
    """A token that ends in 's' or stands before an apostrophe or a dot: maybe possessive, maybe
    an abbreviation whose dot belongs to it."""
    poss = False
    if len(t) > 2 and t.endswith(("'s", "\u2019s")):
        e, t, poss = e - 2, t[:-2], True
    elif text.startswith(("' ", "\u2019 "), e) and t.endswith("s") and t[:1].isupper():
        poss = True  # "the US' slaying"
    if not poss and text.startswith(".", e) and (t.lower() in ABBREVIATIONS or (len(t) == 1 and "A" <= t <= "Z")):
        e, t = e + 1, t + "."
    return _Token(s, e, t, poss)


def _particle(text: str) -> bool:
    """'al-Muhandis', 'bin', 'de': lower-case parts of a name."""
    return "-" in text and PARTICLE.fullmatch(text) is not None


def _nameish(tok: _Token) -> bool:
    return tok.nameish


def _spans(text: str, toks: list[_Token]) -> list[tuple[int, int]]:
    """Runs of capitalised tokens on one line, joined by single spaces, with connectors ('of', 'bin')
    only inside organisation-like runs ("Foundation for the Defense of Democracies")."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not _nameish(toks[i]) or (toks[i].word in STOP and not (toks[i].text.isupper() and len(toks[i].text) > 1)):
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and not toks[j].possessive:
            if text[toks[j].end : toks[j + 1].start] not in (" ",):
                break
            nxt = toks[j + 1]
            if _nameish(nxt) and nxt.word not in STOP:
                j += 1
                continue
            if nxt.word == "to" and toks[j].word in ("ambassador", "envoy") and j + 2 < len(toks) and _nameish(toks[j + 2]):
                j += 2  # "Ambassador to Syria Hossein Akbari"
                continue
            if nxt.word in CONNECTORS:
                # skip a run of connectors if a capitalised token follows and the run so far is an
                # organisation or a role, or the connector is a name particle ("bin", "de", "van")
                k = j + 1
                while k < len(toks) and toks[k].word in CONNECTORS and text[toks[k - 1].end : toks[k].start] == " ":
                    k += 1
                particle = nxt.word not in ("of", "for", "the")
                if (
                    k < len(toks)
                    and text[toks[k - 1].end : toks[k].start] == " "
                    and _nameish(toks[k])
                    and toks[k].word not in STOP
                    and (particle or any(t.word in _CONNECTED_RUNS for t in toks[i : j + 1]))
                ):
                    j = k
                    continue
            break
        spans.extend(_split_at_role(toks, i, j))
        i = j + 1
    return spans


def _split_at_role(toks: list[_Token], i: int, j: int) -> list[tuple[int, int]]:
    """'... Coast Guard Commander Ana Ruiz': the organisation and the titled person apart."""
    for p in range(j - 1, i, -1):
        w = toks[p].word
        if (w in ROLE_WORDS or _rank_at(toks, p, j + 1)) and not any(
            t.word in _ORG_OR_FACILITY for t in toks[p + 1 : j + 1]
        ):
            q = p
            while q > i and (toks[q - 1].word in ROLE_PREFIXES or _rank_at(toks, q - 1, p + 1)):
                q -= 1
            if q > i:
                return [(i, q - 1), (q, j)]
    return [(i, j)]


def _rank_at(toks: list[_Token], i: int, stop: int) -> tuple[int, str, tuple[str, ...]] | None:
    """The longest rank starting at token i: (tokens used, canonical, lineage)."""
    if i >= stop:
        return None
    for words, canonical, lineage in _RANKS_BY_FIRST.get(toks[i].word, ()):
        if i + len(words) > stop:
            continue
        # any case: "Peruvian major general Ana Ruiz"; spans already require a capitalised name after it
        if all(toks[i + k].word in RANK_FORMS[w] for k, w in enumerate(words) if k):
            return len(words), canonical, lineage
    return None


def _demonym(tok: _Token) -> bool:
    return any(p.kind == "demonym" for p in gazetteer().lookup(tok.text))


def _place(text: str) -> bool:
    return text in COUNTRY_ABBREVIATIONS or bool(gazetteer().lookup(text))


def _country_like(text: str) -> bool:
    """A country, state, region or demonym (not any town that shares a given name like 'Abu')."""
    return text in COUNTRY_ABBREVIATIONS or any(p.kind != "city" for p in gazetteer().lookup(text))


@dataclass(frozen=True)
class _Item:
    """One name found in a sentence, before document-wide resolution (shared by every sentence with
    the same text: see `_items`)."""

    start: int
    end: int
    core: str  # the name without 'Operation'
    category: str
    sentence_start: bool
    role: str | None = None
    rank: tuple[int, int, str, tuple[str, ...]] | None = None  # start, end, canonical, lineage
    multi: bool = False
    model: tuple[str, ...] | None = None  # a maker-and-model name: the designation's lineage


#: Role words too descriptive to name an office on their own ("terror chief", "a senior official"):
#: a role only with an organisation's acronym before them ("CIA official").
WEAK_ROLES = frozenset("chief head leader official officer commander director adviser advisor analyst".split())


def _role_before(text: str, toks: list[_Token], i: int) -> str | None:
    """A lower-case role right before a name: 'FEMA spokesman', 'foreign minister', 'CIA official'."""
    if i == 0 or toks[i - 1].word not in ROLE_WORDS or text[toks[i - 1].end : toks[i].start] != " ":
        return None
    words = [toks[i - 1].word]
    k = i - 2
    while k >= 0 and toks[k].word in ROLE_PREFIXES and len(words) < 3:
        words.insert(0, toks[k].word)
        k -= 1
    qualified = (
        k >= 0 and toks[k].text.isupper() and len(toks[k].text) > 1 and toks[k].text not in COUNTRY_ABBREVIATIONS
    )
    if qualified:
        words.insert(0, toks[k].text.lower())
    elif words == [toks[i - 1].word] and words[0] in WEAK_ROLES:
        return None
    return " ".join(words)


@functools.lru_cache(maxsize=SENTENCE_CACHE)
def _items(text: str) -> tuple[_Item, ...]:
    """The names of one sentence, read from its text alone; kept for the last sentences seen."""
    toks = _tokens(text)
    items: list[_Item] = []
    spans = _spans(text, toks)
    models = _models(text, toks) if _DIGIT.search(text) else []
    for a, b, family in models:
        full = toks[b].text.lower()
        items.append(_Item(start=toks[a].start, end=toks[b].end, core=text[toks[a].start : toks[b].end],
                           category="other", sentence_start=False, multi=True,
                           model=(family, full) if family != full else (full,)))
    if models:
        spans = _cut(spans, models)
    for i, j in spans:
        at_start = i == 0 or text[: toks[i].start].rstrip()[-1:] in _OPENERS
        if at_start and i < j and toks[i].word.endswith("ing"):
            i += 1  # "Considering Acme to be ...": a sentence-opening participle
        if all(_place(part) for part in toks[i].text.split("-")) and i == j:
            continue  # "Israeli-Palestinian", "Iran-backed" (a place part), left to the place extractor
        k = i
        role: str | None = None
        rank = None
        honorific = False
        operation = False
        # peel what stands before the name: demonym, 'Former', acronym qualifier, roles, ranks, titles
        role_words: list[str] = []
        while k <= j:
            w = toks[k].word
            r = _rank_at(toks, k, j + 1)
            if r and k + r[0] <= j:
                rank = (toks[k].start, toks[k + r[0] - 1].end, r[1], r[2])
                k += r[0]
                continue
            if w in ROLE_WORDS or w in ROLE_PREFIXES and k < j and toks[k + 1].word in _ROLE_OR_PREFIX:
                role_words.append(w)
                k += 1
                if w == "ambassador" and k + 1 <= j and toks[k].word == "to":
                    role_words += ["to", toks[k + 1].text.lower()]
                    k += 2
                continue
            if w in HONORIFICS or w in ("former", "late", "top") or (k < j and _demonym(toks[k]) and (
                _rank_at(toks, k + 1, j + 1) or toks[k + 1].word in _ROLE_PREFIX_OR_HONORIFIC
            )):
                honorific = honorific or w in HONORIFICS
                k += 1
                continue
            if w == "operation" and k < j:
                operation = True
                k += 1
                continue
            if (
                toks[k].text.isupper()
                and k < j
                and (toks[k + 1].word in ROLE_WORDS or _rank_at(toks, k + 1, j + 1))
            ):
                role_words.append(toks[k].text.lower())  # "FEMA Spokesman"
                k += 1
                continue
            break
        if k > j:
            continue
        if role_words and role_words[-1] in ROLE_WORDS | {toks[k - 1].text.lower()}:
            role = " ".join(role_words)
        core_toks = toks[k : j + 1]
        core = text[core_toks[0].start : core_toks[-1].end]
        words = {t.word for t in core_toks}
        if role is None:
            role = _role_before(text, toks, i)
            if role is None:
                m = ROLE_AFTER.match(text[core_toks[-1].end :])
                if m:
                    role = " ".join((m.group(1) + m.group(2)).lower().split())
                else:
                    role = _bare_role(text[core_toks[-1].end :])
        before = text[: toks[i].start]
        after = text[toks[j].end :]
        cued = any(cue in before for cue in OPERATION_CUES) and OPERATION_CUE_BEFORE.search(before)
        if cued or OPERATION_CUE_AFTER.match(after):
            operation = True
        start = toks[i].start if operation and toks[i].word == "operation" else core_toks[0].start
        if operation:
            category = "operation"
        elif _place(core):
            continue  # the place extractor's
        elif words & ORG_WORDS or (len(core_toks) > 1 and _demonym(core_toks[0])):
            category = "organisation"
        elif words & FACILITY_WORDS:
            category = "other"
        elif len(core_toks) == 1 and core_toks[0].text.isupper() and len(core_toks[0].text) > 1:
            category = "organisation"
        elif rank or role or honorific or (len(core_toks) > 1 and all(
            t.word not in STOP and not _country_like(t.text) for t in core_toks
        )):
            category = "person"
        else:
            category = "other"
        if len(core_toks) == 1 and core_toks[0].word in _NOT_A_NAME_ALONE:
            continue
        items.append(
            _Item(
                start=start,
                end=core_toks[-1].end,
                core=core,
                category=category,
                sentence_start=at_start and k == i,
                role=role if category == "person" else None,
                rank=rank if category == "person" else None,
                multi=len(core_toks) > 1,
            )
        )
    return tuple(items)


@register
class NameExtractor(Extractor):
    """Persons, organisations, operations and ranks, with spelling variants made one canonical."""

    kind = "name"
    priority = 45

    def find(self, doc: Document, context: ExtractContext) -> list[Mention]:
        index = VariantIndex(context.aliases)
        found = [(s.index, it) for s in doc.sentences for it in _items(s.text)]
        items = [it for _, it in found]
        # Document-wide memory: operations named once with a cue are operations everywhere;
        # a full person name lends its canonical to a later (or earlier) bare surname.
        operations = {index.canonical(it.core) for it in items if it.category == "operation"}
        surnames: dict[str, str] = {}
        known_single: set[str] = set()
        singles: dict[str, int] = {}
        for it in items:
            if not it.multi:
                singles[skeleton(it.core)] = singles.get(skeleton(it.core), 0) + 1
        for it in items:
            if it.model is not None:
                continue
            if it.category == "operation":
                index.remember(index.canonical(it.core))
            elif it.category == "person" and it.multi:
                canonical = index.canonical(it.core)
                index.remember(canonical)
                surnames.setdefault(canonical.split()[-1], canonical)
            elif not it.sentence_start:
                known_single.add(skeleton(it.core))
        mentions: list[Mention] = []
        for sentence, it in found:
            if it.model is not None:
                # a maker's model ('Boeing 737-800') is a claim: which aircraft, which weapon. Its key is
                # the designation (the maker adds nothing a designation does not say); a variant is a
                # more precise value of its family ('A320neo' of 'A320'), two variants conflict.
                mentions.append(Mention(
                    sentence=sentence, start=it.start, end=it.end, claim=True,
                    value=NameValue(display=it.core, canonical=it.model[-1], category="other", lineage=it.model),
                ))
                continue
            key = skeleton(it.core)
            category = it.category
            if index.canonical(it.core) in operations and category in ("person", "other", "operation"):
                category = "operation"
            if category == "person" and not it.multi and key in surnames:
                canonical = surnames[key]
            elif category in ("other", "person") and not it.multi and key in surnames:
                category, canonical = "person", surnames[key]
            else:
                if not it.multi and category == "other" and (key not in known_single or singles[key] < 2):
                    continue  # one lone capitalised word is no evidence of a name (headlines, sentence starts)
                if it.core.isupper() and not it.multi:
                    canonical = it.core.lower()  # an acronym is its own key: 'CIA' is not 'k'
                else:
                    canonical = index.canonical(it.core)
                index.remember(canonical)
            text = doc.sentences[sentence].text
            display = text[it.start : it.end]
            if it.rank is not None and category == "person":
                rs, re_, rcanon, lineage = it.rank
                mentions.append(
                    Mention(
                        sentence=sentence,
                        start=rs,
                        end=re_,
                        value=NameValue(display=text[rs:re_], canonical=rcanon, category="rank", lineage=lineage),
                        about=canonical,
                        claim=True,
                    )
                )
            claim = category == "operation" or (category == "person" and it.role is not None)
            mentions.append(
                Mention(
                    sentence=sentence,
                    start=it.start,
                    end=it.end,
                    value=NameValue(display=display, canonical=canonical, category=category),  # type: ignore[arg-type]
                    about=it.role if category == "person" else None,
                    claim=claim,
                )
            )
        mentions.sort(key=lambda m: (m.sentence, m.start, m.end))
        return mentions
