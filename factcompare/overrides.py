"""The editor's overrides from facts.yaml, applied to facts whatever made them.

Order matters and is fixed: split (move claims out), merge, rename, pin, hide, correct, then what
time explains (over_time) and when a claim's figure was true (as_of). A name
that matches no fact is a warning, never silently ignored: the editor may have mistyped it.
"""

from __future__ import annotations

import dataclasses

from .curation import Curation
from .models import Claim, Fact, Problem


def apply_overrides(facts: list[Fact], curation: Curation, source: str) -> tuple[list[Fact], list[Problem]]:
    problems: list[Problem] = []

    def unknown(section: str, fact_id: str, *loc: object) -> None:
        problems.append(
            Problem(path=source, line=curation.line_of(section, *loc), severity="warning",
                    message=f"{section}: no fact has the id {fact_id!r}.",
                    hint="Run 'python build.py check' to list fact ids, or remove the entry.")
        )

    by_id = {f.id: f for f in facts}
    order = [f.id for f in facts]

    for n, split in enumerate(curation.split):
        moved: list[Claim] = []
        if split.id in by_id:
            problems.append(Problem(path=source, line=curation.line_of("split", n, "id"),
                                    message=f"split: {split.id!r} is already a fact's id.",
                                    hint="Give the new fact an id of its own."))
            continue
        for claim_id in split.claims:
            owner = next((fid for fid in order if any(c.id == claim_id for c in by_id[fid].claims)), None)
            if owner is None:
                problems.append(Problem(path=source, line=curation.line_of("split", n, "claims"), severity="warning",
                                        message=f"split {split.id!r}: no claim has the id {claim_id!r}.",
                                        hint="Claim ids are listed by 'python build.py check' and in facts.json."))
                continue
            fact = by_id[owner]
            claim = next(c for c in fact.claims if c.id == claim_id)
            moved.append(claim)
            by_id[owner] = fact.model_copy(update={"claims": tuple(c for c in fact.claims if c.id != claim_id)})
        if moved:
            by_id[split.id] = Fact(id=split.id, title=split.title, kind=moved[0].value.kind,
                                   claims=tuple(sorted(moved, key=lambda c: (c.article, c.sentence))), curated=True,
                                   grounds="Split out by the editor in facts.yaml.")
            order.append(split.id)

    for n, group in enumerate(curation.merge):
        group = tuple(dict.fromkeys(group))  # a fact named twice is merged once
        present = [fid for fid in group if fid in by_id]
        for fid in group:
            if fid not in by_id:
                unknown("merge", fid, n)
        other_kind = next((fid for fid in present if by_id[fid].kind != by_id[present[0]].kind), None)
        if other_kind is not None:
            problems.append(Problem(path=source, line=curation.line_of("merge", n),
                                    message=f"merge: {present[0]!r} is a {by_id[present[0]].kind} fact and "
                                    f"{other_kind!r} a {by_id[other_kind].kind} fact.",
                                    hint="Only facts of one kind can be merged: remove one of them."))
            continue
        if len(present) < 2:
            continue
        target = by_id[present[0]]
        claims = {c.article: c for c in target.claims}
        aliases = list(target.aliases)
        for fid in present[1:]:
            for c in by_id[fid].claims:
                claims.setdefault(c.article, c)
            aliases.append(fid)
            order.remove(fid)
            del by_id[fid]
        by_id[target.id] = target.model_copy(update={
            "claims": tuple(sorted(claims.values(), key=lambda c: (c.article, c.sentence))),
            "aliases": tuple(aliases), "curated": True, "grounds": "Merged by the editor in facts.yaml."})

    for old, new in sorted(curation.rename.items()):
        if old not in by_id:
            unknown("rename", old, old)
            continue
        if old == new:
            continue  # facts.yaml's check warned already
        if new in by_id:
            problems.append(Problem(path=source, line=curation.line_of("rename", old),
                                    message=f"rename: {new!r} is already the id of another fact.",
                                    hint="Choose another id, or merge the two facts with 'merge'."))
            continue
        fact = by_id.pop(old)
        by_id[new] = fact.model_copy(update={"id": new, "aliases": (*fact.aliases, old)})
        order[order.index(old)] = new

    for n, fid in enumerate(curation.pin):
        if fid in by_id:
            by_id[fid] = by_id[fid].model_copy(update={"pinned": True})
        else:
            unknown("pin", fid, n)
    for n, fid in enumerate(curation.hide):
        if fid in by_id:
            order.remove(fid)
            del by_id[fid]
        elif fid not in curation.hide[:n]:
            unknown("hide", fid, n)

    corrections = {c.claim: c for c in curation.corrections}
    correction_line = {c.claim: curation.line_of("corrections", n) for n, c in enumerate(curation.corrections)}
    found: set[str] = set()
    for fid in order:
        fact = by_id[fid]
        if any(c.id in corrections for c in fact.claims):
            claims = []
            for c in fact.claims:
                if c.id in corrections:
                    found.add(c.id)
                    fix = corrections[c.id]
                    if fix.value.kind != c.value.kind:
                        problems.append(Problem(path=source, line=correction_line[c.id],
                                                message=f"corrections: claim {c.id!r} holds a "
                                                f"{c.value.kind}, the correction a {fix.value.kind}.",
                                                hint=f"Give a value with kind: {c.value.kind}."))
                        claims.append(c)
                        continue
                    c = dataclasses.replace(c, corrected=fix.value)
                claims.append(c)
            by_id[fid] = fact.model_copy(update={"claims": tuple(claims)})
    for claim_id in sorted(set(corrections) - found):
        problems.append(Problem(path=source, line=correction_line[claim_id], severity="warning",
                                message=f"corrections: no claim has the id {claim_id!r}.",
                                hint="Claim ids are listed by 'python build.py check' and in facts.json."))

    for fid, changes in sorted(curation.over_time.items()):
        if fid in by_id:
            by_id[fid] = by_id[fid].model_copy(update={"over_time": changes})
        else:
            unknown("over_time", fid, fid)
    dated: set[str] = set()
    for fid in order:
        fact = by_id[fid]
        if any(c.id in curation.as_of for c in fact.claims):
            dated |= {c.id for c in fact.claims} & set(curation.as_of)
            by_id[fid] = fact.model_copy(update={"claims": tuple(
                dataclasses.replace(c, as_of=curation.as_of[c.id]) if c.id in curation.as_of else c
                for c in fact.claims)})
    for claim_id in sorted(set(curation.as_of) - dated):
        problems.append(Problem(path=source, line=curation.line_of("as_of", claim_id), severity="warning",
                                message=f"as_of: no claim has the id {claim_id!r}.",
                                hint="Claim ids are listed by 'python build.py check' and in facts.json."))

    facts_out = [by_id[fid] for fid in order if by_id[fid].claims]
    facts_out.sort(key=lambda f: not f.pinned)  # stable: pinned first, otherwise as aligned
    return facts_out, problems
