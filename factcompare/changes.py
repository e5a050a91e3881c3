"""Figures that change over time: a revised toll is news, not a contradiction.

Ordered by their as-of times (`asof.py`), a fact's claims fall into stages that agree or are
compatible within themselves, each later stage replacing the one before: 62 bodies at noon, 179
dead the next day. The fact is then `updated`, and its current value is the last stage's. Two claims
that disagree at overlapping times (the same day, when either gives no hour) are a conflict, and so
is a claim with no as-of time that fits no stage: nothing places it, so nothing explains it.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import AsOf, Claim, Fact, QuantityValue, Step, Value

Relate = Callable[[Value, Value], str]

#: Which of the counted a figure that moves with the story counts: the dead, the missing, the rescued.
CHANGING_STATES = frozenset({"dead", "injured", "missing", "alive", "identified", "unidentified", "remaining"})
#: Events whose counts move with the story: a toll, the displaced, the arrested.
CHANGING_EVENTS = frozenset({"kill", "injure", "rescue", "displace", "abduct", "arrest", "infect", "missing",
                             "release", "destroy"})
#: Counts that only grow as a story moves: a fall is a revision, and a story revises a toll down once,
#: not step after step ("62 bodies, then 33, then 5" counts different bodies, not one changing toll).
CUMULATIVE_STATES = frozenset({"dead", "injured", "identified", "alive"})

#: More stages than this are summarised by their ends: "Rose from 62 (29 Dec) to 179 (1 Jan) in 5 steps".
NAMED_STEPS = 3


def may_change(fact: Fact) -> bool:
    """Whether time may explain the fact's differences: the editor's word in facts.yaml, else a count
    (no unit: a length or a distance does not move with the story) of what an event did, in every claim."""
    if fact.over_time is not None:
        return fact.over_time
    return fact.kind == "quantity" and all(
        isinstance(c.value, QuantityValue) and c.value.unit is None
        and (c.frame.state in CHANGING_STATES or c.frame.event in CHANGING_EVENTS) for c in fact.claims)


def _falls(values: list[Value]) -> int:
    return sum(_middle(b) < _middle(a) for a, b in zip(values, values[1:])
               if isinstance(a, QuantityValue) and isinstance(b, QuantityValue))


def _fits(claim: Claim, stage: list[Claim], relate: Relate) -> bool:
    return all(relate(claim.effective_value, other.effective_value) != "conflict" for other in stage)


def stages(claims: tuple[Claim, ...], relate: Relate) -> list[list[Claim]] | None:
    """The claims in time-ordered stages, or None when time does not explain their differences."""
    placed = sorted((c for c in claims if c.as_of is not None),
                    key=lambda c: (c.as_of.key, c.article, c.sentence))  # type: ignore[union-attr]
    found: list[list[Claim]] = []
    for claim in placed:
        assert claim.as_of is not None
        if found and _fits(claim, found[-1], relate):
            found[-1].append(claim)
            continue
        if found and claim.as_of.key[0] <= max(c.as_of.key[1] for c in found[-1]):  # type: ignore[union-attr]
            return None  # sources disagree at the same time
        found.append([claim])
    if len(found) < 2:
        return None
    unplaced = [c for c in claims if c.as_of is None]
    if not all(any(_fits(c, stage, relate) for stage in found) for c in unplaced):
        return None
    cumulative = all(c.frame.state in CUMULATIVE_STATES for c in claims)
    if cumulative and _falls([most_precise([c.effective_value for c in s]) for s in found]) > 1:
        return None
    return found


def most_precise(values: list[Value]) -> Value:
    """The most precise value of a stage (`precision.precision_key`), the first stated among equals."""
    from .precision import precision_key  # precision imports compare, which imports this module

    return min(values, key=precision_key)


def steps(claims: tuple[Claim, ...], relate: Relate) -> tuple[Step, ...]:
    """The fact's stages as Steps, or () when its differences are not explained by time."""
    found = stages(claims, relate)
    if not found:
        return ()
    return tuple(
        Step(value=most_precise([c.effective_value for c in stage]), claims=tuple(c.id for c in stage),
             first=stage[0].as_of, last=stage[-1].as_of)  # type: ignore[arg-type]
        for stage in found)


def when(as_of: AsOf, with_year: bool = False) -> str:
    """'29 Dec, 12:13', '30 Dec' (and the year when stages span more than one)."""
    day = f"{as_of.day.day} {as_of.day.strftime('%b')}" + (f" {as_of.day.year}" if with_year else "")
    text = f"{day}, {as_of.time}" if as_of.time else day
    return f"before {text}" if as_of.source == "earlier" else text


def summary(found: tuple[Step, ...], claims: tuple[Claim, ...], label: Callable[[Value], str]) -> str:
    """The verdict line of an updated fact: how the figure moved, and what the latest reports say."""
    years = {d.year for s in found for d in (s.first.day, s.last.day)}
    first, last = found[0], found[-1]
    moved = _direction(first.value, last.value)

    def stamp(step: Step) -> str:
        return f"{label(step.value)} ({when(step.first, len(years) > 1)})"

    if len(found) <= NAMED_STEPS:
        path = " to ".join(stamp(s) for s in found)
        text = f"{moved} from {path}"
    else:
        text = f"{moved} from {stamp(first)} to {stamp(last)} in {len(found) - 1} steps"
    by_id = {c.id: c for c in claims}
    n = len(last.claims)
    alike = len({by_id[i].effective_value for i in last.claims}) == 1
    latest = (f"the latest report gives {label(last.value)}" if n == 1
              else f"the latest {n} reports agree on {label(last.value)}" if alike
              else f"the latest {n} reports are compatible with {label(last.value)}")
    text = f"{text}; {latest}"
    unplaced = sum(c.as_of is None for c in claims)
    if unplaced:
        text += f" ({unplaced} undated source{'s' if unplaced > 1 else ''} fit{'' if unplaced > 1 else 's'} these figures)"
    return text + "."


def _middle(v: QuantityValue) -> float:
    low = v.low if v.low is not None else v.high
    high = v.high if v.high is not None else v.low
    return ((low or 0) + (high or 0)) / 2


def _direction(a: Value, b: Value) -> str:
    if isinstance(a, QuantityValue) and isinstance(b, QuantityValue):
        if _middle(b) > _middle(a):
            return "Rose"
        if _middle(b) < _middle(a):
            return "Fell"
    return "Changed"

