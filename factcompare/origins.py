"""Where each article and each claim comes from: reprint groups, credit lines, cited sources.

Five reprints of one wire story are one source, and five reporters quoting one ministry are one
confirmation. This stage reads, over the analysed documents and the facts already judged:

- **reprint groups**: articles whose text is largely the same. Candidates come from MinHash LSH over
  word shingles (datasketch), so that 1,000 articles are not compared pair by pair; each candidate
  pair is then measured sentence by sentence with rapidfuzz. The earliest article of a group (by
  publication date, then id) is its origin.
- **credit lines**: "(AP)", "SEOUL (Yonhap) --", "Source: Qatar News Agency", "via Reuters" standing
  as a line of their own join an article to that agency. A photo credit at the end of a caption
  ("... at the scene. (via Xinhua News Agency)") does not: it credits the picture, not the text.
- **cited sources**: the claim's attribution phrase ("according to the National Fire Agency", "the
  interior ministry said") reduced to one name per origin, the story's aliases applied.

A claim's origin is its cited source when the sentence names one, else its article's: the agency
credited, or the reprint group's origin, or the article itself. Nothing here changes which claims form
a fact or its status: it only names origins and qualifies the verdict line (`trace`).
"""

from __future__ import annotations

import base64
import functools
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from .models import ArticleOrigin, Claim, Document, Fact, Origin

log = logging.getLogger(__name__)

# --- news agencies (data, not story knowledge) -------------------------------------------------

#: Canonical name -> the ways a credit or an attribution writes it. Short all-capital forms match
#: case-sensitively only ("AP", not "ap"); longer ones in any case.
AGENCIES: dict[str, tuple[str, ...]] = {
    "Associated Press": ("AP", "Associated Press", "The Associated Press", "AP news agency"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "Agence France-Presse": ("AFP", "Agence France-Presse", "Agence France Presse", "France-Presse"),
    "United Press International": ("UPI", "United Press International"),
    "Yonhap": ("Yonhap", "Yonhap News Agency", "Yonhap News"),
    "Xinhua": ("Xinhua", "Xinhua News Agency"),
    "Kyodo News": ("Kyodo", "Kyodo News"),
    "Jiji Press": ("Jiji", "Jiji Press"),
    "Deutsche Presse-Agentur": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "ANSA": ("ANSA",),
    "EFE": ("EFE", "Agencia EFE"),
    "Press Trust of India": ("PTI", "Press Trust of India"),
    "Asian News International": ("ANI", "Asian News International"),
    "Anadolu Agency": ("Anadolu", "Anadolu Agency", "Anadolu Ajansi"),
    "TASS": ("TASS", "ITAR-TASS"),
    "RIA Novosti": ("RIA Novosti", "RIA"),
    "Interfax": ("Interfax",),
    "IRNA": ("IRNA", "Islamic Republic News Agency"),
    "Tasnim News Agency": ("Tasnim", "Tasnim News Agency"),
    "Fars News Agency": ("Fars", "Fars News Agency"),
    "ISNA": ("ISNA", "Iranian Students' News Agency"),
    "Qatar News Agency": ("QNA", "Qatar News Agency"),
    "Saudi Press Agency": ("SPA", "Saudi Press Agency"),
    "Emirates News Agency": ("WAM", "Emirates News Agency"),
    "Middle East News Agency": ("MENA", "Middle East News Agency"),
    "WAFA": ("WAFA", "WAFA news agency"),
    "Libya News Agency": ("LANA", "Libya News Agency", "Libyan News Agency"),
    "Bernama": ("Bernama",),
    "Antara": ("Antara",),
    "Philippine News Agency": ("PNA", "Philippine News Agency"),
    "Central News Agency": ("Central News Agency",),
    "KCNA": ("KCNA", "Korean Central News Agency"),
    "PA Media": ("PA", "PA Media", "Press Association"),
    "Australian Associated Press": ("AAP", "Australian Associated Press"),
    "The Canadian Press": ("Canadian Press", "The Canadian Press"),
    "Europa Press": ("Europa Press",),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "Ukrinform": ("Ukrinform",),
    "Notimex": ("Notimex",),
    "Agência Brasil": ("Agência Brasil", "Agencia Brasil"),
}

_CASED = {}  # written form -> canonical, matched as written (short capitals)
_FOLDED = {}  # lower-cased written form -> canonical
for _canonical, _forms in AGENCIES.items():
    for _form in (_canonical, *_forms):
        if len(_form) <= 4 and _form.upper() == _form or _form == "dpa":
            _CASED[_form] = _canonical
        else:
            _FOLDED[_form.lower()] = _canonical
#: Any "<Name> News Agency" / "<Name> Press Agency" is an agency even when the table does not know it.
_GENERIC_AGENCY = re.compile(r"^(?:the\s+)?((?:[A-Z][\w'’.-]*\s+){1,4}(?:News|Press)\s+Agency)$")


def canonical_agency(name: str) -> str | None:
    """The agency a written name stands for ('AP' -> 'Associated Press'), or None. Idempotent."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:()[]\"'")
    if not name or len(name) > 80:
        return None
    if name in _CASED:
        return _CASED[name]
    folded = name.lower()
    if folded.startswith("the "):
        folded = folded[4:]
    if folded in _FOLDED:
        return _FOLDED[folded]
    if folded.endswith(" news agency") or folded.endswith(" press agency"):
        m = _GENERIC_AGENCY.match(name)
        if m:
            return m.group(1)
    return None


_AGENCY_WORDS = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|news|press|agency|of|the)){0,4}|dpa"
#: A dateline that names an agency: 'SEOUL (Yonhap) —', '(Reuters) -', 'BEIJING, Jan. 3 (Xinhua) --'.
_DATELINE_AGENCY = re.compile(r"^[^()\n]{0,60}?\((" + _AGENCY_WORDS + r")\)\s*(?:[—–-]+|:)")
#: A line that is only a credit: '(AP)', 'Source: Qatar News Agency', 'via Reuters', '— AFP', 'With AFP'.
_CREDIT_LINE = re.compile(
    r"^\s*(?:[—–-]+\s*)?\(?\s*(?:(?:source|sources|credit|courtesy(?:\s+of)?)\s*[:—–-]\s*|via\s+|with\s+|"
    r"(?:additional\s+)?reporting\s+by\s+)?(?:the\s+)?(" + _AGENCY_WORDS + r")\s*\)?\s*[.]?\s*$",
    re.I)
#: Removals (normalise.py) that were whole lines of their own, where a credit line may have stood.
STANDALONE_REMOVALS = frozenset({"trailing boilerplate", "boilerplate"})
#: A 'photo credit' normalisation removed that credits the text: '(AP)', 'Source: Qatar News Agency'; not
#: '(via Xinhua News Agency)' cut off a caption, nor '(Photo: AFP)'.
_PLAIN_CREDIT = re.compile(r"^\s*(?:\(\s*(?:" + _AGENCY_WORDS + r")\s*\)|\(?\s*(?i:sources?)\s*:.*)\s*$")
#: Credit lines are short; a longer paragraph is text, whatever it ends with.
CREDIT_LINE_WORDS = 8


def credit_of(paragraph: str) -> str | None:
    """The agency a credit line names, or None; a paragraph that is more than a credit names none.

    Reads one line (paragraph): its opening dateline ('SEOUL (Yonhap) --'), or the whole line when
    it is only a credit ('Source: Qatar News Agency', '(AP)', 'via Reuters')."""
    line = paragraph.strip()
    if not line:
        return None
    m = _DATELINE_AGENCY.match(line)
    if m:
        found = canonical_agency(m.group(1))
        if found:
            return found
    if len(line.split()) <= CREDIT_LINE_WORDS:
        m = _CREDIT_LINE.match(line)
        if m:
            return canonical_agency(m.group(1))
    return None


def credits(doc: Document) -> tuple[str, ...]:
    """The agencies an article's credit lines name, in order of appearance, each once.

    The first paragraph's dateline (normalisation may have taken it out: see `Removal` 'dateline')
    and every paragraph that is only a credit line are read; the outlet itself counts when it is an
    agency (an article published by Reuters is Reuters' text)."""
    found: list[str] = []
    lines = [r.text for r in doc.removed if r.reason == "dateline"]
    paragraphs = doc.text.split("\n\n")
    lines += [p for i, p in enumerate(paragraphs) if i == 0 or len(p.split()) <= CREDIT_LINE_WORDS]
    # Removed lines that stood alone ('trailing boilerplate'); never a photo credit cut off a caption.
    lines += [r.text for r in doc.removed if r.reason in STANDALONE_REMOVALS
              or (r.reason == "photo credit" and _PLAIN_CREDIT.match(r.text))]
    for line in lines:
        agency = credit_of(line)
        if agency and agency not in found:
            found.append(agency)
    if doc.article.outlet:
        outlet = canonical_agency(doc.article.outlet)
        if outlet and outlet not in found:
            found.insert(0, outlet)
    return tuple(found)


# --- reprint groups ---------------------------------------------------------------------------

SHINGLE_WORDS = 5
NUM_PERM = 128
#: MinHash LSH finds pairs above this Jaccard likeness of word shingles: low, so that a reprint cut to
#: a third of its wire text is still a candidate; each candidate is then measured sentence by sentence.
CANDIDATE_JACCARD = 0.2
#: Two sentences are the same sentence (edited as a copy desk edits) at this rapidfuzz ratio.
SENTENCE_LIKENESS = 88
#: A pair is a reprint when this share of the shorter article's sentences stand in the other ...
SHARED_SHARE = 0.5
#: ... and at least this many (or all of the shorter's, when it has fewer).
SHARED_MIN = 3
#: Sentences shorter than this many words are not compared: 'He said.' is in every article.
SENTENCE_MIN_WORDS = 6
_WORD = re.compile(r"[^\W_]+")
SEED = 1


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(doc: Document) -> set[bytes]:
    words = _words(doc.text)
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


def _sentences(doc: Document) -> list[str]:
    return [" ".join(w) for s in doc.sentences if len(w := _words(s.text)) >= SENTENCE_MIN_WORDS]


def signature(doc: Document) -> str:
    """The document's MinHash over its word shingles, as base64 of NUM_PERM little-endian uint32; ''
    when it has no words. Made with the rest of the article's analysis, in the workers, and cached
    with it: a rebuild does not hash a thousand unchanged articles again."""
    from datasketch import MinHash

    shingles = _shingles(doc)
    if not shingles:
        return ""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch(sorted(shingles))
    return base64.b64encode(minhash.hashvalues.astype("<u4").tobytes()).decode("ascii")


@functools.cache
def _scheme() -> str:
    """The hashing scheme of this datasketch's MinHash, which a signature read back must name."""
    from datasketch import MinHash

    return str(MinHash(num_perm=1, seed=SEED).scheme)


def _minhash(signature: str) -> Any:
    import numpy as np
    from datasketch import LeanMinHash

    return LeanMinHash(seed=SEED, hashvalues=np.frombuffer(base64.b64decode(signature), dtype="<u4"), scheme=_scheme())


def shared_sentences(a: list[str], b: list[str]) -> int:
    """How many of a's sentences stand in b, as written or lightly edited (rapidfuzz ratio)."""
    if not a or not b:
        return 0
    from rapidfuzz import fuzz, process

    scores = process.cdist(a, b, scorer=fuzz.ratio, score_cutoff=SENTENCE_LIKENESS, workers=1)
    return int((scores.max(axis=1) >= SENTENCE_LIKENESS).sum())


def is_reprint(a: list[str], b: list[str]) -> bool:
    """Whether two articles' sentences (see `_sentences`) are largely one text."""
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    shared = shared_sentences(shorter, longer)
    return shared >= min(SHARED_MIN, len(shorter)) and shared >= SHARED_SHARE * len(shorter)


def reprint_groups(docs: Sequence[Document], signatures: Sequence[str] | None = None) -> list[tuple[str, ...]]:
    """Groups of two or more articles whose text is largely the same, each origin first (earliest
    published, then smallest id), the rest by id; groups sorted by their origin's id.

    A group is a connected set of reprint pairs (a copy of a copy is in its original's group). Each
    document meets the earlier ones MinHash LSH finds alike, and a pair is measured only when the two
    are not yet in one group: where one wire text runs through a thousand articles, that is about a
    thousand measures, not the half million candidate pairs. `signatures`: each document's
    `signature`, when the analysis made them."""
    from datasketch import MinHashLSH

    sentences: dict[int, list[str]] = {}
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def sentences_of(i: int) -> list[str]:
        if i not in sentences:
            sentences[i] = _sentences(docs[i])
        return sentences[i]

    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    for j, made in enumerate(signatures if signatures is not None else map(signature, docs)):
        if not made:
            continue
        minhash = _minhash(made)
        for i in sorted(lsh.query(minhash)):
            if find(i) != find(j) and is_reprint(sentences_of(i), sentences_of(j)):
                parent[find(j)] = find(i)
        lsh.insert(j, minhash)
    members: dict[int, list[Document]] = {}
    for i, d in enumerate(docs):
        members.setdefault(find(i), []).append(d)
    groups = []
    for group in members.values():
        if len(group) > 1:
            ordered = sorted(group, key=_age)
            groups.append((ordered[0].article.id, *sorted(d.article.id for d in ordered[1:])))
    return sorted(groups)


def _age(doc: Document) -> tuple[date, int, str]:
    """Earliest first; on one day an agency's own article before its clients' copies; then by id."""
    agency = bool(doc.article.outlet and canonical_agency(doc.article.outlet))
    return (doc.article.published or date.max, 0 if agency else 1, doc.article.id)


#: An article named as an origin by its title (no outlet known) is cut on a word at this length.
LABEL_LENGTH = 60


def _label(doc: Document) -> str:
    label = re.sub(r"\s+", " ", doc.article.outlet or doc.article.title or doc.headline).strip()
    if len(label) <= LABEL_LENGTH:
        return label
    cut = label[:LABEL_LENGTH + 1]
    cut = cut[:cut.rfind(" ")] if " " in cut else label[:LABEL_LENGTH]
    return cut.rstrip(" ,;:\u2014-") + "\u2026"


def article_origins(docs: Sequence[Document], signatures: Sequence[str] | None = None) -> tuple[ArticleOrigin, ...]:
    """Each article's credit, reprint group and origin, in the documents' order."""
    by_id = {d.article.id: d for d in docs}
    credited = {d.article.id: credits(d) for d in docs}
    group_of: dict[str, tuple[str, ...]] = {}
    group_agency: dict[str, str | None] = {}  # by the group's origin: worked out once a group
    for group in reprint_groups(docs, signatures):
        for member in group:
            group_of[member] = group
        # A group's credit is its origin's, else the one most of its members give (ties: by name).
        agency = next(iter(credited[group[0]]), None)
        if agency is None:
            votes = Counter(c for m in group for c in credited[m][:1])
            agency = min(votes, key=lambda c: (-votes[c], c)) if votes else None
        group_agency[group[0]] = agency
    out = []
    for d in docs:
        aid = d.article.id
        group = group_of.get(aid, ())
        agency = group_agency[group[0]] if group else next(iter(credited[aid]), None)
        if agency:
            name, kind = agency, "credit"
        elif group:
            name, kind = _label(by_id[group[0]]), "reprint"
        else:
            name, kind = _label(d), "article"
        out.append(ArticleOrigin(article=aid, credit=next(iter(credited[aid]), None),
                                 first=group[0] if group else None, group_size=len(group),
                                 name=name, kind=kind,
                                 key=f"agency:{agency}" if agency else f"article:{group[0] if group else aid}"))
    return tuple(out)


# --- cited sources ----------------------------------------------------------------------------

_VERB_TAIL = re.compile(
    r"\s+(?:has\s+|have\s+|had\s+)?(?:said|says|told|reported|reports|claimed|claims|stated|announced|confirmed|"
    r"added|wrote|insisted)\b.*$", re.I | re.S)
_LEADS = re.compile(r"^(?:according\s+to|citing|as\s+reported\s+by|reported\s+by)\s+", re.I)
_STATEMENT = re.compile(r"^in\s+(?:a|an|its|his|her|their)\s+\w+\s+to\b", re.I)
_DETERMINER = re.compile(r"^(?:the|a|an|its|his|her|their|our|this|that|these|those)\s+", re.I)
_POSSESSIVE = re.compile(r"^(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*['’]s?\s+(?=\S)")
#: Speakers that name no one a reader could weigh: the claim keeps its article's origin.
VAGUE = frozenset("""
he she they it we i you who one someone somebody others other many some people person sources source reports
report media officials official authorities authority witnesses witness residents resident experts expert
analysts analyst observers spokesman spokeswoman spokesperson representative representatives statement
statements reportedly survivors survivor relatives relative families family locals local rescuers rescuer
workers worker staff members member everyone all both several critics insiders diplomats diplomat
""".split())
#: Head nouns of organisations: 'the interior ministry', 'the National Fire Agency'.
ORGANISATION = frozenset("""
ministry agency service services department office police army military government company coastguard
guard committee council authority centre center crescent cross organization organisation airline airport
hospital board bureau commission institute association union navy command corps administration
agencies ministries court embassy mission party movement group brigade force forces unit station
newspaper journal times post network television radio channel broadcaster outlet daily herald tribune
""".split())
#: Roles whose holder speaks for the organisation named before them ('Acme Airlines CEO ...', 'NATO spokesman ...');
#: an office such as 'Health Minister' names the person's post, not a body of that name.
SPEAKS_FOR = frozenset("""
spokesman spokeswoman spokesperson spokesmen spokespeople official officials representative ceo chairman
chairwoman director head
""".split())
#: Marks a bare organisation word ('the ministry') that only the story's other names can resolve.
GENERIC = "~"
_PRONOUNS = frozenset("he she they it we i you who which that her him them his its their".split())
_AUXILIARIES = frozenset("was were is are be been being has have had".split())
#: Organisation words that name one body in a story even alone: 'police said'.
BODIES = frozenset("police army military navy government coastguard".split())
#: Roles a person speaks in: 'Interior Ministry spokesman Tarek al-Kharraz' speaks for the ministry.
ROLES = frozenset("""
spokesman spokeswoman spokesperson official officials minister chief head director president ceo chairman
chairwoman commander governor mayor secretary general spokesmen spokespeople representative deputy
""".split())
_LOWER_MODIFIERS = frozenset("""
state-run state-owned official local national regional eastern western northern southern eastern-based
western-based government-run semi-official provincial federal municipal city
""".split())


#: Titles and ranks before a name: 'Brig. Gen. Ramezan Sharif' is 'Ramezan Sharif'.
TITLES = frozenset("""
mr mrs ms miss dr prof rear vice sir dame lord lady sheikh sheik imam rev father brig gen general maj major col colonel
lt lieutenant capt captain cmdr commander adm admiral sgt sergeant cpl corporal pvt gov sen rep president
prime minister king queen prince princess crown justice judge chief deputy brigadier marshal field
""".split())
_NAME_PARTICLES = frozenset("al el bin ibn de da del di van von der le la abu abd".split())
_ADVERBS = frozenset("also later earlier then again further previously separately too still yet however".split())


def _name_word(w: str) -> bool:
    return w[:1].isupper() or w.lower().split("-")[0] in _NAME_PARTICLES


def _strip_titles(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return words


def cited_source(attribution: str | None) -> str | None:
    """The one source a claim's attribution phrase names, as a display name, or None.

    'according to the National Fire Agency' -> 'National Fire Agency'; 'the interior ministry said'
    -> 'Interior Ministry'; 'Interior Ministry spokesman Tarek al-Kharraz said' -> 'Interior Ministry';
    'CEO Kim E-bae told reporters' -> 'Kim E-bae'; 'he said', 'officials said', 'reportedly' -> None;
    'the ministry said' -> '~ministry' (GENERIC: `SourceNames` resolves it to the story's one ministry).
    """
    if not attribution:
        return None
    phrase = re.sub(r"\s+", " ", attribution).strip(" ,;:.\"'")
    if _STATEMENT.match(phrase):
        return None
    phrase = _LEADS.sub("", phrase)
    phrase = _VERB_TAIL.sub("", phrase).strip(" ,;:.\"'")
    if not phrase or len(phrase) > 90:
        return None
    agency = _agency_in(phrase)
    if agency:
        return agency
    phrase = _DETERMINER.sub("", phrase)
    words = [w.strip(",") for w in phrase.split()]
    words = [w for w in words if w.lower() not in _ADVERBS and not (w.islower() and w.endswith("ly"))]
    if not words or words[0].lower() in VAGUE and len(words) == 1:
        return None
    if words[0].lower() in _PRONOUNS:
        return None
    if any(any(ch.isdigit() for ch in w) or w.lower() in _AUXILIARIES for w in words):
        return None  # '176 were confirmed': a clause about the figure, not a speaker
    # 'a spokesperson for the US coastguard': the body spoken for
    m = re.match(r"^(?:\w+\s+)?(?:spokes\w+|representative|official)\s+for\s+(?:the\s+)?(.+)$", " ".join(words), re.I)
    if m:
        return cited_source(m.group(1) + " said")
    # A country's or an organisation's possessive ('Libya's interior ministry'): what follows names it.
    if len(words) > 1 and re.search(r"['’]s?$", words[0]) and words[0][:1].isupper():
        words = words[1:]
    while words and words[0] in _LOWER_MODIFIERS and len(words) > 1:
        words = words[1:]
    if len(words) == 1 and words[0].lower() in ORGANISATION and words[0].lower() not in BODIES:
        return GENERIC + words[0].lower()  # 'the ministry': the story's one ministry, if it names one
    lowered = [w.lower().rstrip(".") for w in words]
    heads = [k for k, w in enumerate(lowered) if w in ORGANISATION]
    role_at = next((k for k, w in enumerate(lowered) if w in ROLES), None)
    named = role_at is not None and role_at + 1 < len(words) and all(_name_word(w) for w in words[role_at + 1:])
    if heads and (role_at is None or heads[0] < role_at):
        org = words[:heads[0] + 1]
        k = heads[0] + 1
        # more of the organisation's name: 'Coast Guard Command', 'Ministry of Health'
        while k < len(words) and (role_at is None or k < role_at) and (lowered[k] in ORGANISATION or (
                words[k][:1].isupper() and all(w[:1].isupper() for w in org))):
            org.append(words[k])
            k += 1
        if k + 1 < len(words) and lowered[k] == "of" and words[k + 1][:1].isupper():
            org += words[k:k + 2]
            k += 2
            while k < len(words) and words[k][:1].isupper() and (role_at is None or k < role_at):
                org.append(words[k])
                k += 1
        proper = all(_name_word(w) for w in org)
        if proper or not named:
            if any(re.search(r"['’]s?$", w) for w in org[:-1]):
                return None  # 'the terror group's military': a description, not a name
            return _title(org)
    if role_at is not None:
        before = words[:role_at]
        if before and all(_name_word(w) for w in before) and lowered[role_at] in SPEAKS_FOR:
            return " ".join(before)  # 'NATO spokesman Jan Berg': he speaks for NATO
        if named:
            return " ".join(_strip_titles(words[role_at + 1:]))
        return None  # 'a spokesman', 'the official': no one named
    if lowered[-1] in VAGUE:
        return None
    if len(words) <= 6 and all(_name_word(w) or w.lower() in ("of", "and") for w in words):
        return " ".join(_strip_titles(words))
    if len(words) <= 3 and not any(re.search(r"['’]s?$", w) for w in words):
        return _title(words)  # 'police', 'rescue teams': a body a reader can name
    return None


_SMALL_WORDS = frozenset("of and for the in on at".split())


def _title(words: Sequence[str]) -> str:
    return " ".join(w if any(c.isupper() for c in w) or (k and w in _SMALL_WORDS) else w[:1].upper() + w[1:]
                    for k, w in enumerate(words))


#: A story's claims repeat a few attribution phrases ('officials said') thousands of times.
_cited = functools.lru_cache(maxsize=4096)(cited_source)


def _agency_in(phrase: str) -> str | None:
    """A news agency named in the phrase ('the AP news agency', 'China's state-run Xinhua news agency')."""
    found = canonical_agency(phrase) or canonical_agency(_DETERMINER.sub("", phrase))
    if found:
        return found
    for m in re.finditer(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}", phrase):
        for form in (m.group(), *m.group().split()):
            found = canonical_agency(form)
            if found and (form in _CASED or len(form) > 3):
                return found
    return None


def _key(name: str) -> str:
    return " ".join(_words(name))


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _SMALL_WORDS)


class SourceNames:
    """One name per cited source within a story: the editor's aliases, then a shorter name that is the
    tail or head of exactly one longer name ('Abduljaleel' -> 'Othman Abduljaleel'), then case."""

    def __init__(self, names: Iterable[str], aliases: tuple[tuple[str, str], ...] = ()) -> None:
        self.aliases = {_key(variant): canonical for variant, canonical in aliases}
        self.aliases.update({_key(canonical): canonical for _, canonical in aliases})
        seen: dict[str, str] = {}
        for name in names:
            if not name.startswith(GENERIC):
                seen.setdefault(_key(name), name)
        self.names = seen
        self._canonical: dict[str, str | None] = {}

    def canonical(self, name: str) -> str | None:
        """The story's one name for a cited source; None for a bare 'the ministry' when the story
        names no ministry, or several. Worked out once per name: a big story cites a few names often."""
        if name not in self._canonical:
            self._canonical[name] = self._resolve(name)
        return self._canonical[name]

    def _resolve(self, name: str) -> str | None:
        if name.startswith(GENERIC):
            word = name[len(GENERIC):]
            holding = sorted({n for k, n in self.names.items() if word in k.split() and len(k.split()) > 1})
            return holding[0] if len(holding) == 1 else None
        key = _key(name)
        if key in self.aliases:
            return self.aliases[key]
        words = key.split()
        longer = sorted({k for k in self.names if len(k.split()) > len(words)
                         and (k.split()[-len(words):] == words or k.split()[:len(words)] == words)})
        if len(longer) == 1 and words:
            key = longer[0]
            if key in self.aliases:
                return self.aliases[key]
        if len(words) == 1 and name.isupper() and len(name) >= 2:  # 'WHO': one name whose initials it is
            spelled = sorted(k for k in self.names if _initials(k) == key)
            if len(spelled) == 1:
                key = spelled[0]
        return self.names.get(key, name)


# --- per fact -----------------------------------------------------------------------------------


def claim_origins(claims: Sequence[Claim], articles: dict[str, ArticleOrigin],
                  names: SourceNames) -> list[tuple[Claim, str, str, str]]:
    """(claim, origin key, origin name, kind) per claim: its cited source, else its article's origin."""
    out = []
    for c in claims:
        cited = _cited(c.attribution)
        name = names.canonical(cited) if cited else None
        if name:
            agency = canonical_agency(name)
            out.append((c, f"agency:{agency}" if agency else f"cited:{_key(name)}", agency or name, "cited"))
            continue
        a = articles.get(c.article)
        if a is None:
            out.append((c, f"article:{c.article}", c.article, "article"))
        else:
            out.append((c, a.key, a.name, a.kind))
    return out


def fact_origins(fact: Fact, articles: dict[str, ArticleOrigin], names: SourceNames) -> tuple[Origin, ...]:
    """The fact's independent origins, in order of their first claim: name, kind, claims, articles."""
    grouped: dict[str, list[tuple[Claim, str, str]]] = {}
    for c, key, name, kind in claim_origins(fact.claims, articles, names):
        grouped.setdefault(key, []).append((c, name, kind))
    origins = []
    for key, items in grouped.items():
        _, name, kind = items[0]
        arts: list[str] = []
        for c, _, _ in items:
            if c.article not in arts:
                arts.append(c.article)
        origins.append(Origin(key=key, name=name, kind=kind, claims=tuple(c.id for c, _, _ in items),
                              articles=tuple(arts)))
    return tuple(origins)


def qualify(summary: str, status: str, fact: Fact, origins: tuple[Origin, ...]) -> str:
    """The verdict line with what the origins add: 'all from one origin', or who says what in a conflict."""
    articles = {c.article for c in fact.claims}
    if len(articles) < 2 or not origins:
        return summary
    body = summary[:-1] if summary.endswith(".") else summary
    if len(origins) == 1 and status in ("agree", "compatible"):
        return f"{body} — all from one origin ({origins[0].name})."
    if status == "conflict":
        from .compare import short_value

        value_of = {c.id: short_value(c.effective_value) for c in fact.claims}
        if any(o.kind not in ("cited", "credit") for o in origins):
            return summary  # an article that is its own origin is named on its card already
        says = []
        for o in origins:
            values = sorted({value_of[cid] for cid in o.claims})
            if len(values) != 1:
                return summary
            says.append((o.name, values[0]))
        distinct = {v for _, v in says}
        if len(says) > 4 or len(distinct) < 2 or len({n for n, _ in says}) != len(says):
            return summary
        return f"{body} — " + "; ".join(f"{name} says {value}" for name, value in says) + "."
    return summary


def trace(facts: Sequence[Fact], docs: Sequence[Document], aliases: tuple[tuple[str, str], ...] = (),
          signatures: Sequence[str] | None = None) -> tuple[list[Fact], tuple[ArticleOrigin, ...]]:
    """Every fact with its origins and its verdict line qualified; and each article's origin.

    The facts' claims and statuses are never changed."""
    articles = article_origins(docs, signatures)
    by_article = {a.article: a for a in articles}
    cited = [n for f in facts for c in f.claims if (n := _cited(c.attribution))]
    names = SourceNames(cited, aliases)
    out = []
    for fact in facts:
        origins = fact_origins(fact, by_article, names)
        verdict = fact.verdict
        if verdict is not None:
            verdict = verdict.model_copy(update={"summary": qualify(verdict.summary, verdict.status, fact, origins)})
        out.append(fact.model_copy(update={"origins": origins, "verdict": verdict}))
    return out, articles


def independence_line(fact: Fact) -> str:
    """'7 articles, 3 independent origins (Interior Ministry; Yonhap; National Fire Agency)'."""
    n = len({c.article for c in fact.claims})
    k = len(fact.origins)
    names = "; ".join(o.name for o in fact.origins)
    return (f"{n} article{'' if n == 1 else 's'}, {k} independent origin{'' if k == 1 else 's'}"
            + (f" ({names})" if names else ""))


__all__ = ["AGENCIES", "article_origins", "canonical_agency", "cited_source", "credit_of", "credits",
           "independence_line", "reprint_groups", "trace"]
