"""What an editor would curate next, from a built Story (no rendering)."""

from __future__ import annotations

from .compare import compare, short_value
from .models import Claim, DateValue, Fact, PlaceValue, QuantityValue, Story

HEDGES = {"alleged", "allegedly", "suspected", "reportedly", "unconfirmed", "apparently", "possibly", "claimed"}
LIMIT = 15


def uncertainty(claim: Claim) -> str | None:
    """Why a claim's value may be misread or unsure, in a few words; None when it reads plainly."""
    v = claim.effective_value
    if isinstance(v, DateValue) and v.earliest is None:
        return f"date “{v.display}” not placed on the calendar"
    if isinstance(v, QuantityValue) and v.approximate and v.low != v.high:
        return f"vague amount “{v.display}”"
    if isinstance(v, PlaceValue) and len(v.lineage) == 1 and v.country is None:
        return f"place “{v.display}” not in one country"
    hedges = sorted(set(claim.hedges) & HEDGES)
    if hedges:
        return f"hedged: {', '.join(hedges)}"
    return None


def shaky_claim(fact: Fact) -> tuple[Claim, str] | None:
    """The one uncertain claim without which the fact's status would change, if there is one."""
    if not fact.verdict or len(fact.claims) < 2:
        return None
    for claim in fact.claims:
        why = uncertainty(claim)
        if why is None:
            continue
        rest = fact.model_copy(update={"claims": tuple(c for c in fact.claims if c.id != claim.id)})
        if compare(rest).status != fact.verdict.status:
            return claim, why
    return None


def _line(fact: Fact) -> str:
    status = fact.verdict.status if fact.verdict else "?"
    return f"  {fact.id} [{status}] {fact.title}"


def _more(items: list, shown: int = LIMIT) -> list[str]:
    return [f"  … and {len(items) - shown} more."] if len(items) > shown else []


def curation_report(story: Story) -> str:
    single = [f for f in story.facts if f.verdict and f.verdict.status == "single_source"]
    differing = [f for f in story.facts if f.verdict and f.verdict.status in ("conflict", "compatible")]
    # A change over time is read from as-of dates alone: an editor confirms it is one figure moving.
    updated = [f for f in story.facts if f.verdict and f.verdict.status == "updated"]
    shaky = [(f, found) for f in story.facts if (found := shaky_claim(f))]
    lines = [f"{len(story.facts)} facts from {len(story.documents)} articles."]
    if differing:
        lines.append(f"Facts where sources differ ({len(differing)}): check that each claim belongs.")
        lines += [_line(f) + f"\n    {f.verdict.summary if f.verdict else ''}" for f in differing[:LIMIT]]
        lines += _more(differing)
    if updated:
        lines.append(f"Facts whose figure changed over time ({len(updated)}): check the as-of dates; if the figures "
                     "count different things, list the fact under `over_time:` in facts.yaml as `<fact id>: false`.")
        lines += [_line(f) + f"\n    {f.verdict.summary if f.verdict else ''}" for f in updated[:LIMIT]]
        lines += _more(updated)
    if shaky:
        lines.append(f"Facts whose status rests on one uncertain reading ({len(shaky)}): check that claim, "
                     "or correct it in facts.yaml.")
        lines += [_line(f) + f"\n    claim {c.id}: {why}" for f, (c, why) in shaky[:LIMIT]]
        lines += _more(shaky)
    if single:
        lines.append(f"Facts with one source ({len(single)}): merge them into a fact, or hide them.")
        for f in single[:LIMIT]:
            claim = f.claims[0]
            lines.append(f"  {f.id}: {short_value(claim.effective_value)} — claim {claim.id}")
        lines += _more(single)
    unjoined = sum(len(f.claims) for f in single)
    lines.append(f"{unjoined} claim{'s' if unjoined != 1 else ''} joined no other source's.")
    return "\n".join(lines)
