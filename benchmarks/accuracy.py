"""Accuracy on the dev set: build each story of /work/shared/devset alone and score it against its gold.

    python benchmarks/accuracy.py [DEVSET_DIR] [--json] [--story NAME] [--verbose]

DEVSET_DIR defaults to ../shared/devset beside the repository. Each story folder (one holding a
gold.json) is built alone: its article files are copied to a temporary folder (no facts.yaml, no id
lock, no cache), so nothing is ever written into the dev set. Scoring follows the dev set's README:

- matched fact: for each gold fact, the built fact of one of its kinds that holds the most of its
  claims; ties go to the fact with fewest other claims, then the smallest id. A gold fact none of
  whose claims was found has no matched fact.
- claim recall: gold claims found in their matched fact / all gold claims.
- status accuracy: gold facts whose matched fact's status is in the gold list (no matched fact: wrong).
- intruders: one per (gold fact, excluded number) that its matched fact holds, and one per (built
  fact, `apart` pair) whose two numbers it holds. A fact holds a number when one of its quantity
  claims is exactly that number: low == high == number (hedged or not), or its display is that numeral.
- false conflicts: built facts judged `conflict` holding a gold claim of a gold fact whose status list
  does not allow `conflict`, or gold claims of two gold facts. Each built fact counts once.

Origins (issue 20), against benchmarks/devset_origins.json (who each gold claim's figure comes from, as
a careful reader says; 'self' for the article's own reporting), over the gold claims found in their
matched fact: claims whose built origin is the labelled one; matched facts whose number of independent
origins among those claims is the labelled number; and precision and recall of the pairs of claims put
under one origin. Printed after the table; in --json under "origins".

A built claim is "gold claim (F, article)" when it comes from that article and its value fits the
spec (see `value_fits`). When several built claims of the article fit, those whose sentence holds the
gold quote (compared on letters and digits only, so typography does not matter) are the gold claim;
the others are not. When none holds the quote, every fitting claim is.

Value specs, as `value_fits` reads them:

- quantity `point` N: an exact built value, low == high == N and not hedged, or a display that is
  the numeral N ("11,300"). A hedged "about N" does not fit an exact gold value.
- `approx` N: a bounded built interval that contains N (exact N fits; an open "more than" does not).
- `min` N: low == N with no upper bound. `max` N: high == N. `hundreds`: within 100..999.
- date `date` D: a single resolved day, D. `date_or_text` [D, words]: that day, or an unresolved date
  whose display or sentence contains the words (case-insensitive). `month` YYYY-MM, `year` YYYY: a
  resolved interval within that month or year.
- time `time` HH:MM: within earliest..latest, and the interval at most an hour wide or its display
  naming that hour ("morning", 06:00-11:59, fits neither 09:07 nor 06:00; "by 6 a.m.", 00:00-06:00,
  fits 06:00).
- place `place`: the gazetteer name or the display equals it, ignoring case and accents.
- name `name`: every gold word is a word of the display or of the canonical name.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from factcompare.models import Claim, Fact, Story  # noqa: E402

DEFAULT_DEVSET = REPO.parent / "shared" / "devset"
GOLD_FILE = "gold.json"
SPEC_KEYS = ("point", "approx", "min", "max", "hundreds", "date", "date_or_text", "month", "year", "time",
             "place", "name")
TIME_WIDTH_MINUTES = 60


# --- matching one value against one spec ----------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def letters(text: str) -> str:
    """Only the letters and digits, folded: typography, spacing and punctuation do not count."""
    return re.sub(r"[\W_]+", "", fold(text))


def numeral(display: str) -> float | None:
    """The number a display is when it is a bare numeral ('11,300', '96'), else None."""
    text = display.strip().replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    return float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None


def holds_number(claim: Claim, n: float) -> bool:
    """The claim is exactly the number n (for `exclude` and `apart`): hedged or not."""
    v = claim.value
    if v.kind != "quantity":
        return False
    return (v.low is not None and v.low == v.high == n) or numeral(v.display) == n


def _contains(v: Any, n: float) -> bool:
    above = v.low is None or v.low < n or (v.low == n and v.low_inclusive)
    below = v.high is None or n < v.high or (v.high == n and v.high_inclusive)
    return above and below


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _single_day(v: Any) -> date | None:
    return v.earliest if v.earliest is not None and v.earliest == v.latest else None


def value_fits(claim: Claim, spec: dict[str, Any]) -> bool:
    """Whether the built claim's value fits a gold claim's value spec (see the module's docstring)."""
    v = claim.value
    key = next((k for k in SPEC_KEYS if k in spec), None)
    if key is None:
        raise ValueError(f"gold claim without a value spec: {spec}")
    want = spec[key]
    if key in ("point", "approx", "min", "max", "hundreds"):
        if v.kind != "quantity":
            return False
        if key == "point":
            return (v.low == v.high == want and not v.approximate) or numeral(v.display) == want
        if key == "approx":
            return v.low is not None and v.high is not None and _contains(v, want)
        if key == "min":
            return v.low == want and v.high is None
        if key == "max":
            return v.high == want
        return v.low is not None and v.high is not None and 100 <= v.low and v.high <= 999
    if key in ("date", "date_or_text", "month", "year"):
        if v.kind != "date":
            return False
        if key == "date":
            return _single_day(v) == date.fromisoformat(want)
        if key == "date_or_text":
            day, words = want
            if v.earliest is None:
                return fold(words) in fold(v.display) or fold(words) in fold(claim.quote)
            return _single_day(v) == date.fromisoformat(day)
        if v.earliest is None or v.latest is None:
            return False
        first, last = v.earliest.isoformat(), v.latest.isoformat()
        return first.startswith(str(want)) and last.startswith(str(want))
    if key == "time":
        if v.kind != "time":
            return False
        t, lo, hi = _minutes(want), _minutes(v.earliest), _minutes(v.latest)
        hours = {t // 60, t // 60 % 12 or 12}
        says_hour = any(int(h) in hours for h in re.findall(r"\d+", v.display)[:1])
        return lo <= t <= hi and (hi - lo <= TIME_WIDTH_MINUTES or says_hour)
    if key == "place":
        return v.kind == "place" and fold(want) in (fold(v.name), fold(v.display))
    # name
    if v.kind != "name":
        return False
    words = fold(want).split()
    return any(all(w in fold(text).split() for w in words) for text in (v.display, v.canonical))


def spec_text(spec: dict[str, Any]) -> str:
    key = next(k for k in SPEC_KEYS if k in spec)
    want = spec[key]
    return f"{key} {'/'.join(map(str, want)) if isinstance(want, list) else want}"


# --- scoring one story ------------------------------------------------------------------------


Where = tuple[int, int]  # (index of the built fact, index of the claim in it)


@dataclass
class Miss:
    key: str  # short article key
    spec: str
    elsewhere: list[str]  # ids of the built facts that hold the gold claim instead
    sentence: list[str]  # when none does: what was built from the quote's sentence ("'display' in fact-id")


@dataclass
class FactScore:
    gold: str
    statuses: list[str]
    total: int
    matched: str | None = None  # built fact id
    status: str | None = None
    found: list[str] = field(default_factory=list)  # short article keys
    missed: list[Miss] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # found claims with no as-of time (short keys)

    @property
    def changes(self) -> bool:
        """The gold says the figure changed over time."""
        return "updated" in self.statuses

    @property
    def placeable(self) -> bool:
        """A figure that changed, found in two sources or more, each claim placed in time: it must be `updated`."""
        return self.changes and len(self.found) >= 2 and not self.unplaced

    @property
    def status_right(self) -> bool:
        return self.status is not None and self.status in self.statuses


@dataclass
class Intruder:
    fact: str  # built fact id
    reason: str  # "exclude from <gold fact>" or "apart"
    values: list[tuple[float, list[str]]]  # (number, articles holding it)


@dataclass
class FalseConflict:
    fact: str
    reason: str
    claims: list[tuple[str, str, list[str]]]  # (article, display, gold facts it is a claim of)


@dataclass
class OriginScore:
    """Origins found per fact against the labels (benchmarks/devset_origins.json), over the gold claims
    found in their matched fact (a claim not found has no built origin to judge)."""

    claims: int = 0  # found gold claims with a label
    named: int = 0  # ... whose built origin is the labelled one ('self': the article's own)
    facts: int = 0  # matched gold facts with two or more found claims
    counted: int = 0  # ... whose number of independent origins among those claims is the labelled one
    pairs_built: int = 0  # pairs of found claims the build puts under one origin
    pairs_labelled: int = 0  # pairs the labels put under one origin
    pairs_both: int = 0
    wrong: list[str] = field(default_factory=list)  # '<fact> <key>: built X, labelled Y'


@dataclass
class StoryScore:
    name: str
    facts: list[FactScore]
    intruders: list[Intruder]
    false_conflicts: list[FalseConflict]
    false_updates: list[FalseConflict] = field(default_factory=list)  # judged updated: not a figure that changed
    origins: OriginScore | None = None  # against benchmarks/devset_origins.json, when scored

    @property
    def claims_found(self) -> int:
        return sum(len(f.found) for f in self.facts)

    @property
    def claims_total(self) -> int:
        return sum(f.total for f in self.facts)

    @property
    def statuses_right(self) -> int:
        return sum(f.status_right for f in self.facts)

    @property
    def statuses_total(self) -> int:
        return len(self.facts)


def status_of(fact: Fact) -> str:
    """The status a reader sees (as factcompare.site.views.fact_status)."""
    if fact.verdict is not None:
        return fact.verdict.status
    return "single_source" if len({c.article for c in fact.claims}) <= 1 else "compatible"


def gold_claims(gold: dict[str, Any], facts: Sequence[Fact]) -> dict[tuple[int, str], set[Where]]:
    """(gold fact index, article key) -> where the built claims that are that gold claim stand."""
    stems = {key: a["id"] for key, a in gold["articles"].items()}
    by_article: dict[str, list[Where]] = {}
    for i, fact in enumerate(facts):
        for j, claim in enumerate(fact.claims):
            by_article.setdefault(claim.article, []).append((i, j))
    found = {}
    for g, gfact in enumerate(gold["facts"]):
        for key, spec in gfact["claims"].items():
            fits = [(i, j) for i, j in by_article.get(stems[key], []) if value_fits(facts[i].claims[j], spec)]
            quote = letters(spec.get("quote", ""))
            quoted = [(i, j) for i, j in fits if quote and _holds_quote(facts[i].claims[j].quote, quote)]
            found[g, key] = set(quoted or fits)
    return found


def _holds_quote(sentence: str, quote: str) -> bool:
    s = letters(sentence)
    return quote in s or (len(s) >= 20 and s in quote)  # a sentence split may cut the quote


def _from_sentence(gold: dict[str, Any], facts: Sequence[Fact], g: int, key: str) -> list[str]:
    """What the build made of the sentence holding a gold claim's quote: its claims of the fact's kinds."""
    gfact = gold["facts"][g]
    stem, quote = gold["articles"][key]["id"], letters(gfact["claims"][key].get("quote", ""))
    made = []
    for fact in sorted(facts, key=lambda f: f.id):
        for c in fact.claims:
            if c.article == stem and c.value.kind in gfact["kinds"] and quote and _holds_quote(c.quote, quote):
                unresolved = " unresolved" if c.value.kind == "date" and c.value.earliest is None else ""
                made.append(f"{c.value.kind} {c.value.display!r}{unresolved} in {fact.id}")
    return made


def score_story(gold: dict[str, Any], facts: Sequence[Fact], name: str = "") -> StoryScore:
    """Score built facts against a story's gold (both as read: gold.json's dict, the Story's facts)."""
    facts = list(facts)
    short = {a["id"]: key for key, a in gold["articles"].items()}
    found = gold_claims(gold, facts)
    owners: dict[Where, set[int]] = {}  # built claim -> gold facts it is a claim of
    for (g, _), places in found.items():
        for where in places:
            owners.setdefault(where, set()).add(g)

    scores, matched_index = [], {}
    for g, gfact in enumerate(gold["facts"]):
        keys = list(gfact["claims"])
        held: dict[int, list[str]] = {}
        for key in keys:
            for i in sorted({i for i, _ in found[g, key]}):
                if facts[i].kind in gfact["kinds"]:
                    held.setdefault(i, []).append(key)
        score = FactScore(gold=gfact["name"], statuses=list(gfact["status"]), total=len(keys))
        if held:
            best = min(held, key=lambda i: (-len(held[i]), len(facts[i].claims) - len(held[i]), facts[i].id))
            matched_index[g] = best
            score.matched, score.status, score.found = facts[best].id, status_of(facts[best]), held[best]
            placed = {short.get(c.article) for c in facts[best].claims if c.as_of is not None}
            score.unplaced = [key for key in held[best] if key not in placed]
        for key in keys:
            if key not in score.found:
                elsewhere = sorted({facts[i].id for i, _ in found[g, key]})
                score.missed.append(Miss(key, spec_text(gfact["claims"][key]), elsewhere,
                                         [] if elsewhere else _from_sentence(gold, facts, g, key)))
        scores.append(score)

    def holding(fact: Fact, n: float) -> list[str]:
        return [short.get(c.article, c.article) for c in fact.claims if holds_number(c, n)]

    intruders = []
    for g, gfact in enumerate(gold["facts"]):
        if g in matched_index:
            fact = facts[matched_index[g]]
            values = [(n, holding(fact, n)) for n in gfact.get("exclude", [])]
            values = [(n, arts) for n, arts in values if arts]
            intruders += [Intruder(fact.id, f"exclude from {gfact['name']}", [v]) for v in values]
    for fact in sorted(facts, key=lambda f: f.id):
        for a, b in gold.get("apart", []):
            if (in_a := holding(fact, a)) and (in_b := holding(fact, b)):
                intruders.append(Intruder(fact.id, "apart", [(a, in_a), (b, in_b)]))

    def false_verdicts(status: str) -> list[FalseConflict]:
        """Facts judged `status` that hold gold claims of a fact whose gold forbids it, or of two gold facts."""
        out = []
        for i, fact in sorted(enumerate(facts), key=lambda item: item[1].id):
            if status_of(fact) != status:
                continue
            mine = [(j, owners.get((i, j), set())) for j in range(len(fact.claims))]
            forbidding = sorted({gold["facts"][g]["name"] for _, gs in mine for g in gs
                                 if status not in gold["facts"][g]["status"]})
            two = any(a != b for (j, gs) in mine for (k, hs) in mine if j != k for a in gs for b in hs)
            reasons = []
            if forbidding:
                reasons.append(f"gold status of {', '.join(forbidding)} forbids {status}")
            if two:
                reasons.append("claims of two gold facts")
            if reasons:
                claims = [(short.get(c.article, c.article), c.value.display,
                           sorted(gold["facts"][g]["name"] for g in gs)) for c, (_, gs) in zip(fact.claims, mine)]
                out.append(FalseConflict(fact.id, "; ".join(reasons), claims))
        return out

    return StoryScore(name, scores, intruders, false_verdicts("conflict"), false_verdicts("updated"))


# --- origins (issue 20) --------------------------------------------------------------------------

ORIGIN_LABELS = Path(__file__).resolve().parent / "devset_origins.json"


def _origin_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[^\W_]+", fold(name)) if w not in ("the", "of", "and", "s"))


def origin_matches(built: str, label: str) -> bool:
    """A built origin name is a labelled one: 'self' for the article's own, else the words of one
    name hold the other's ('Ministry of Land' is 'Ministry of Land, Infrastructure and Transport')."""
    for alt in label.split("|"):
        if alt == "self" or built == "self":
            if alt == built:
                return True
            continue
        a, b = _origin_words(built), _origin_words(alt)
        if a and b and (a <= b or b <= a):
            return True
    return False


def built_origin(story: Story, fact: Fact, claim: Claim) -> str:
    """The built origin of a claim as the labels name it: 'self' when it is the article itself (its own
    text, or the agency that is its outlet), else the origin's name."""
    from factcompare.origins import canonical_agency

    origin = next((o for o in fact.origins if claim.id in o.claims), None)
    if origin is None:
        return "?"
    if origin.kind == "article" and origin.articles == (claim.article,):
        return "self"
    outlet = next((d.article.outlet for d in story.documents if d.article.id == claim.article), None)
    if origin.kind == "credit" and outlet and canonical_agency(outlet) == origin.name:
        return "self"
    return origin.name


def score_origins(gold: dict[str, Any], labels: dict[str, dict[str, str]], story: Story,
                  score: StoryScore) -> OriginScore:
    """Each matched gold fact's found claims: their built origins against the labelled ones."""
    facts = {f.id: f for f in story.facts}
    stems = {key: a["id"] for key, a in gold["articles"].items()}
    found = gold_claims(gold, list(story.facts))
    index = {f.id: i for i, f in enumerate(story.facts)}
    out = OriginScore()
    for g, (gfact, fscore) in enumerate(zip(gold["facts"], score.facts)):
        wanted = labels.get(gfact["name"], {})
        if fscore.matched is None or not wanted:
            continue
        fact = facts[fscore.matched]
        built: dict[str, str] = {}
        for key in fscore.found:
            if key not in wanted:
                continue
            j = min(j for i, j in found[g, key] if i == index[fact.id])
            claim = fact.claims[j]
            assert claim.article == stems[key]
            built[key] = built_origin(story, fact, claim)
            out.claims += 1
            if origin_matches(built[key], wanted[key]):
                out.named += 1
            else:
                out.wrong.append(f"{gfact['name']} {key}: built {built[key]!r}, labelled {wanted[key]!r}")

        def same_built(a: str, b: str) -> bool:
            return built[a] != "self" and built[a] == built[b]

        def same_labelled(a: str, b: str) -> bool:
            return wanted[a] != "self" and wanted[a].split("|")[0] == wanted[b].split("|")[0]

        keys = sorted(built)
        if len(keys) >= 2:
            out.facts += 1
            n_built = len({built[k] if built[k] != "self" else f"self:{k}" for k in keys})
            n_labelled = len({wanted[k].split("|")[0] if wanted[k] != "self" else f"self:{k}" for k in keys})
            out.counted += n_built == n_labelled
        for x, a in enumerate(keys):
            for b in keys[x + 1:]:
                sb, sl = same_built(a, b), same_labelled(a, b)
                out.pairs_built += sb
                out.pairs_labelled += sl
                out.pairs_both += sb and sl
    return out


def origin_figures(scores: Iterable[StoryScore]) -> dict[str, Any] | None:
    """The origins' headline figures of the stories scored against labels (None: none was)."""
    parts = [s.origins for s in scores if s.origins is not None]
    if not parts:
        return None
    total = OriginScore()
    for p in parts:
        for name in ("claims", "named", "facts", "counted", "pairs_built", "pairs_labelled", "pairs_both"):
            setattr(total, name, getattr(total, name) + getattr(p, name))
    return {"claims": total.claims, "named": total.named,
            "named_share": round(total.named / total.claims, 4) if total.claims else 0.0,
            "facts": total.facts, "counted": total.counted,
            "count_accuracy": round(total.counted / total.facts, 4) if total.facts else 0.0,
            "pair_precision": round(total.pairs_both / total.pairs_built, 4) if total.pairs_built else 1.0,
            "pair_recall": round(total.pairs_both / total.pairs_labelled, 4) if total.pairs_labelled else 1.0,
            "pairs_built": total.pairs_built, "pairs_labelled": total.pairs_labelled}


def origins_table(scores: list[StoryScore]) -> str:
    lines = []
    for name, group in [(s.name, [s]) for s in scores] + [("overall", scores)]:
        f = origin_figures(group)
        if f is None:
            continue
        lines.append(f"{name:8} origins: claims named {f['named']}/{f['claims']} ({f['named_share']:.1%}), "
                     f"independent origins counted right {f['counted']}/{f['facts']} ({f['count_accuracy']:.1%}), "
                     f"same-origin pairs precision {f['pair_precision']:.1%} ({f['pairs_built']} built), "
                     f"recall {f['pair_recall']:.1%} ({f['pairs_labelled']} labelled)")
    return "\n".join(lines)


# --- figures and text ----------------------------------------------------------------------------


def figures(scores: Iterable[StoryScore]) -> dict[str, Any]:
    """The headline figures of one or more stories taken together."""
    scores = list(scores)
    found, total = sum(s.claims_found for s in scores), sum(s.claims_total for s in scores)
    right, judged = sum(s.statuses_right for s in scores), sum(s.statuses_total for s in scores)
    return {"claims_found": found, "claims_total": total, "claim_recall": round(found / total, 4) if total else 0.0,
            "statuses_right": right, "statuses_total": judged,
            "status_accuracy": round(right / judged, 4) if judged else 0.0,
            "intruders": sum(len(s.intruders) for s in scores),
            "false_conflicts": sum(len(s.false_conflicts) for s in scores),
            # figures that changed over time: judged `updated` where every claim's time is placed
            "updated_total": sum(f.changes for s in scores for f in s.facts),
            "updated_placeable": sum(f.placeable for s in scores for f in s.facts),
            "updated_right": sum(f.placeable and f.status == "updated" for s in scores for f in s.facts),
            "false_updates": sum(len(s.false_updates) for s in scores)}


def report(scores: list[StoryScore]) -> dict[str, Any]:
    out: dict[str, Any] = {"stories": {s.name: figures([s]) for s in scores}, "overall": figures(scores)}
    origins = origin_figures(scores)
    if origins is not None:
        out["origins"] = origins
    return out


def table(scores: list[StoryScore]) -> str:
    rows = [("story", "claims", "recall", "statuses", "right", "intruders", "false conflicts",
             "updated (placed/all)", "false updates")]
    for name, f in [(s.name, figures([s])) for s in scores] + [("overall", figures(scores))]:
        rows.append((name, f"{f['claims_found']}/{f['claims_total']}", f"{f['claim_recall']:.1%}",
                     f"{f['statuses_right']}/{f['statuses_total']}", f"{f['status_accuracy']:.1%}",
                     str(f["intruders"]), str(f["false_conflicts"]),
                     f"{f['updated_right']}/{f['updated_placeable']}/{f['updated_total']}", str(f["false_updates"])))
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(r, widths)))
                     for r in rows)


def _number(n: float) -> str:
    return f"{n:g}" if n != int(n) else f"{int(n):,}"


def details(score: StoryScore) -> str:
    """What an engineer reads to improve the pipeline: every gold fact, intruder and false conflict."""
    lines = [f"== {score.name}"]
    for f in score.facts:
        mark = "ok" if f.status_right else "WRONG"
        where = f"{f.matched} [{f.status}]" if f.matched else "no fact"
        lines.append(f"  {f.gold}: {len(f.found)}/{f.total} in {where}, status {mark} "
                     f"(gold {'|'.join(f.statuses)})")
        if f.changes:
            lines.append("      over time: " + (
                f"judged {f.status}" if f.placeable else
                f"not placed: {', '.join(f.unplaced)} give no date or time for the figure" if f.unplaced else
                "fewer than two of its claims found"))
        for m in f.missed:
            where = (f"in {', '.join(m.elsewhere)}" if m.elsewhere else
                     f"no fit; its sentence gave {', '.join(m.sentence)}" if m.sentence else "not extracted")
            lines.append(f"      missed {m.key} {m.spec}: {where}")
    for x in score.intruders:
        held = "; ".join(f"{_number(n)} ({', '.join(arts)})" for n, arts in x.values)
        lines.append(f"  intruder {x.fact} ({x.reason}): {held}")
    for verdict, wrong in (("conflict", score.false_conflicts), ("update", score.false_updates)):
        for c in wrong:
            lines.append(f"  false {verdict} {c.fact}: {c.reason}")
            lines.append("      " + "; ".join(f"{art} {display!r}" + (f" = {', '.join(gs)}" if gs else "")
                                            for art, display, gs in c.claims))
    return "\n".join(lines)


# --- building -------------------------------------------------------------------------------------


def story_folders(devset: Path) -> list[Path]:
    return sorted(p for p in devset.iterdir() if (p / GOLD_FILE).is_file())


def build_facts(folder: Path) -> list[Fact]:
    """Build one story from a temporary copy of its article files alone: serial, no cache, no facts.yaml."""
    return list(build_built(folder).facts)


def build_built(folder: Path) -> Story:
    """`build_facts`, the whole Story (its articles' outlets and origins too)."""
    from factcompare.corpus import NOT_ARTICLES, reader_for
    from factcompare.pipeline import BuildSettings, build_story

    with tempfile.TemporaryDirectory(prefix="fc-accuracy-") as tmp:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name not in NOT_ARTICLES and reader_for(path) is not None:
                shutil.copyfile(path, Path(tmp) / path.name)
        return build_story(Path(tmp), BuildSettings(executor="serial", cache=None))


def run(devset: Path, only: str | None = None, labels: dict[str, Any] | None = None) -> list[StoryScore]:
    """Score each story; with `labels` (devset_origins.json's "stories"), its origins too."""
    scores = []
    for folder in story_folders(devset):
        if only is None or folder.name == only:
            gold = json.loads((folder / GOLD_FILE).read_text(encoding="utf-8"))
            story = build_built(folder)
            score = score_story(gold, story.facts, folder.name)
            if labels is not None and folder.name in labels:
                score.origins = score_origins(gold, labels[folder.name], story, score)
            scores.append(score)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("devset", nargs="?", type=Path, default=DEFAULT_DEVSET,
                        help=f"folder of story folders, each with a gold.json (default: {DEFAULT_DEVSET})")
    parser.add_argument("--json", action="store_true", help="print the figures as a JSON object")
    parser.add_argument("--story", help="score only this story folder")
    parser.add_argument("--verbose", action="store_true", help="list every gold fact, intruder and false conflict")
    args = parser.parse_args(argv)
    if not args.devset.is_dir():
        print(f"accuracy: no dev set at {args.devset} (expected a folder of story folders with a gold.json each)",
              file=sys.stderr)
        return 2
    names = [p.name for p in story_folders(args.devset)]
    if args.story is not None and args.story not in names:
        print(f"accuracy: no story {args.story!r} in {args.devset} (stories: {', '.join(names) or 'none'})",
              file=sys.stderr)
        return 2
    labels = json.loads(ORIGIN_LABELS.read_text(encoding="utf-8"))["stories"] if ORIGIN_LABELS.is_file() else None
    scores = run(args.devset, args.story, labels)
    if args.json:
        print(json.dumps(report(scores), indent=1, sort_keys=True))
        return 0
    if args.verbose:
        for s in scores:
            print(details(s) + "\n")
            if s.origins is not None and s.origins.wrong:
                print("  origins not as labelled:\n" + "\n".join(f"      {w}" for w in s.origins.wrong) + "\n")
    print(table(scores))
    if labels is not None:
        print(origins_table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
