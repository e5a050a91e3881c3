"""What an editor would curate next, from a built Story (no rendering)."""

from __future__ import annotations

from .compare import short_value
from .models import Fact, Story

UNCERTAIN_HEDGES = {"alleged", "allegedly", "suspected", "reportedly", "unconfirmed", "apparently", "possibly"}
LIMIT = 15


def _line(fact: Fact) -> str:
    status = fact.verdict.status if fact.verdict else "?"
    return f"  {fact.id} [{status}] {fact.title}"


def curation_report(story: Story) -> str:
    single = [f for f in story.facts if f.verdict and f.verdict.status == "single_source"]
    contested = [f for f in story.facts if f.verdict and f.verdict.status in ("conflict", "compatible")]
    shaky = [f for f in contested if _rests_on_uncertain_claim(f)]
    lines = [f"{len(story.facts)} facts from {len(story.documents)} articles."]
    if contested:
        lines.append(f"Facts where sources differ ({len(contested)}): check that each claim belongs.")
        lines += [_line(f) + f"\n    {f.verdict.summary if f.verdict else ''}" for f in contested[:LIMIT]]
    if shaky:
        lines.append(f"Facts whose status rests on a hedged or attributed claim ({len(shaky)}):")
        lines += [_line(f) for f in shaky[:LIMIT]]
    if single:
        lines.append(f"Facts with one source ({len(single)}): merge them into a fact, or hide them.")
        for f in single[:LIMIT]:
            claim = f.claims[0]
            lines.append(f"  {f.id}: {short_value(claim.effective_value)} — claim {claim.id}")
        if len(single) > LIMIT:
            lines.append(f"  … and {len(single) - LIMIT} more.")
    return "\n".join(lines)


def _rests_on_uncertain_claim(fact: Fact) -> bool:
    return any(set(c.hedges) & UNCERTAIN_HEDGES for c in fact.claims)
