"""The hard rules no similarity can overrule, for two claims and for two whole clusters.

Two claims of one sentence, of different kinds, units, noun classes, roles, name categories or
event families never share a fact, however alike their words. Agglomeration asks whether two
clusters may merge millions of times; what the rules need of a cluster is kept in one small record
(`Rules`), so that the answer for two clusters is the answer for every pair of their members.
"""

from __future__ import annotations

from dataclasses import dataclass

from .alignscore import ClaimFields, _event, _family, role
from .frames import GENERIC_COUNTED
from .lexicon import DISASTERS
from .models import Claim, NameValue, QuantityValue


def _unit(claim: Claim) -> str | None:
    assert isinstance(claim.value, QuantityValue)
    return claim.value.unit or None


def _names_unit(claim: Claim, unit: str) -> bool:
    """A number without a unit whose nearest words name one: 'put the magnitude at 6.4'."""
    return claim.subject.noun == unit.lower() or unit.lower() in claim.subject.terms[:3]


def specific_noun(noun: str | None) -> str | None:
    """The counted noun when it says whom it counts: 'passenger', not 'people' or 'whom'."""
    return None if noun is None or noun in GENERIC_COUNTED else noun


def same_thing(a: str, b: str) -> bool:
    """Whether two counted nouns may count the same things: equal, or one the other with a noun before
    it that says which ('river dam' and 'dam': a river dam is a dam; 'river dam' and 'flood dam' differ)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return " " not in short and "+" not in long and long.endswith(" " + short)


def narrower(a: str | None, b: str | None) -> str | None:
    """Of two nouns that may count the same things (`same_thing`), the one that says more."""
    return a if b is None or (a is not None and len(a) >= len(b)) else b


def compatible_subjects(a: Claim, b: Claim) -> bool:
    """Hard rules no similarity can overrule."""
    if a.value.kind != b.value.kind:
        return False
    if a.article == b.article and a.sentence == b.sentence:
        return False  # two values of one sentence are two different things
    sa, sb = a.subject, b.subject
    if a.value.kind == "quantity":
        if sa.noun_class != sb.noun_class and sa.noun_class and sb.noun_class:
            return False
        na, nb = specific_noun(sa.noun), specific_noun(sb.noun)
        if na and nb and not same_thing(na, nb):
            return False  # "181 people aboard" and "175 passengers": two counts
        if a.frame.state and b.frame.state and a.frame.state != b.frame.state:
            return False  # the people aboard and the dead; the oxygen at the start and what remains
        ua, ub = _unit(a), _unit(b)
        if ua != ub and not (ua is None and _names_unit(a, ub or "")) and not (ub is None and _names_unit(b, ua or "")):
            return False
    if sa.holder or sb.holder:
        if role(sa.holder or "") != role(sb.holder or ""):
            return False
    if a.value.kind == "name":
        assert isinstance(a.value, NameValue) and isinstance(b.value, NameValue)
        if a.value.category != b.value.category:
            return False
    ea, eb = _event(sa.event), _event(sb.event)
    if ea and eb and _family(ea) != _family(eb):
        return False
    if a.value.kind == "quantity" and ea and eb and ea != eb:
        return False  # the killed and the injured of one attack are two counts
    da, db = disaster(a.value.kind, ea), disaster(b.value.kind, eb)
    if da and db and da != db:
        return False  # the storm made landfall on Sunday, the flood struck on Monday: two days
    return True


TIMED_KINDS = ("date", "time")


def disaster(kind: str, event: str | None) -> str | None:
    """The kind of disaster a date or time is of: two kinds (a storm and the flood it brought, a
    quake and the fire after it) are two events, each with its own day and hour."""
    return event if kind in TIMED_KINDS and event in DISASTERS else None


def compat_signature(c: Claim) -> tuple[object, ...]:
    """Everything `compatible_subjects` reads but the article and sentence."""
    s = c.subject
    value = c.value
    unit = value.unit if isinstance(value, QuantityValue) else None
    category = value.category if isinstance(value, NameValue) else None
    return (value.kind, s.noun_class, unit, s.noun, tuple(s.terms[:3]), s.holder, category, s.event,
            (c.frame.earlier, c.frame.modal), c.frame.state)


def compat_signatures(f: ClaimFields) -> list[tuple[object, ...]]:
    """`compat_signature` of each claim."""
    return list(zip(f.kinds, f.noun_classes, f.units, f.nouns, [t[:3] for t in f.terms], f.holders, f.categories,
                    f.events, [(c.frame.earlier, c.frame.modal) for c in f.claims], [c.frame.state for c in f.claims]))


@dataclass(frozen=True, slots=True)
class Rules:
    """What the hard rules (`compatible_subjects`) need to know of a whole cluster.

    Every pair of one cluster's members obeys the rules (clusters merge only then), so a cluster has
    at most one noun class, one unit, one role (among members with a holder), one name category, one
    family of telling events and (quantities) one telling event; those decide most rules for all its
    members at once. The one rule that is no equality, a bare number naming the unit of a number
    that carries it, needs the words every unit-less member names (`named`, intersected)."""

    kind: str
    noun_class: str | None  # quantities only
    unit: str | None  # quantities only: the unit some member carries
    named: frozenset[str] | None  # quantities only: words all unit-less members name; None: there are none
    has_holder: bool
    role: str  # role(holder or ""): the same for all members when some member has a holder
    category: str | None  # names only
    family: str | None  # of the members' telling events
    event: str | None  # quantities only: the telling event
    noun: str | None  # quantities only: the specific counted noun (`specific_noun`)
    earlier: tuple[bool, bool]  # (`Frame.earlier`, `Frame.modal`): an earlier event, or what may be
    state: str | None  # quantities only: which of the counted (`Frame.state`)
    disaster: str | None = None  # dates and times only: the kind of disaster (`disaster`)

    @staticmethod
    def of(signature: tuple[object, ...]) -> Rules:
        """The rules of one claim, from its `compat_signature`."""
        kind, noun_class, unit, noun, terms, holder, category, event, earlier, state = signature
        assert isinstance(kind, str) and isinstance(terms, tuple)
        assert holder is None or isinstance(holder, str)
        quantity = kind == "quantity"
        telling = _event(event)  # type: ignore[arg-type]
        unit = (unit or None) if quantity else None
        return Rules(
            kind=kind, noun_class=noun_class or None if quantity else None, unit=unit,  # type: ignore[arg-type]
            named=frozenset(w for w in (noun, *terms) if w is not None) if quantity and unit is None else None,
            has_holder=bool(holder), role=role(holder or ""),
            category=category if kind == "name" else None,  # type: ignore[arg-type]
            family=_family(telling) if telling else None, event=telling or None if quantity else None,
            noun=specific_noun(noun) if quantity else None,  # type: ignore[arg-type]
            earlier=earlier, state=state if quantity else None,  # type: ignore[arg-type]
            disaster=disaster(kind, telling),
        )

    def allows(self, other: Rules) -> bool:
        """`compatible_subjects` of every pair of members across the two clusters (of two sentences)."""
        if self.kind != other.kind:
            return False
        if self.kind == "quantity":
            if self.noun_class and other.noun_class and self.noun_class != other.noun_class:
                return False
            if self.unit and other.unit and self.unit != other.unit:
                return False
            # A member without a unit meets a member with one only if it names it.
            if other.unit and self.named is not None and other.unit.lower() not in self.named:
                return False
            if self.unit and other.named is not None and self.unit.lower() not in other.named:
                return False
            if self.event and other.event and self.event != other.event:
                return False
            if self.noun and other.noun and not same_thing(self.noun, other.noun):
                return False
            if self.state and other.state and self.state != other.state:
                return False
        if self.disaster and other.disaster and self.disaster != other.disaster:
            return False
        if self.earlier != other.earlier:
            return False
        if (self.has_holder or other.has_holder) and self.role != other.role:
            return False
        if self.kind == "name" and self.category != other.category:
            return False
        return not (self.family and other.family and self.family != other.family)

    def joined(self, other: Rules) -> Rules:
        """The rules of the merged cluster (the two allow each other)."""
        named = self.named if other.named is None else other.named if self.named is None else self.named & other.named
        return Rules(
            kind=self.kind, noun_class=self.noun_class or other.noun_class, unit=self.unit or other.unit, named=named,
            has_holder=self.has_holder or other.has_holder, role=self.role if self.has_holder else other.role,
            category=self.category, family=self.family or other.family, event=self.event or other.event,
            noun=narrower(self.noun, other.noun), earlier=self.earlier, state=self.state or other.state,
            disaster=self.disaster or other.disaster,
        )


class RuleBook:
    """`Rules` by number, with each pair's `allows` and `joined` worked out once."""

    def __init__(self) -> None:
        self.rules: list[Rules] = []
        self.numbers: dict[Rules, int] = {}
        self.allowed: dict[tuple[int, int], bool] = {}
        self.join: dict[tuple[int, int], int] = {}

    def number(self, rules: Rules) -> int:
        found = self.numbers.get(rules)
        if found is None:
            found = self.numbers[rules] = len(self.rules)
            self.rules.append(rules)
        return found

    def allows(self, a: int, b: int) -> bool:
        found = self.allowed.get((a, b))
        if found is None:
            found = self.allowed[a, b] = self.rules[a].allows(self.rules[b])
        return found

    def joined(self, a: int, b: int) -> int:
        found = self.join.get((a, b))
        if found is None:
            found = self.join[a, b] = self.number(self.rules[a].joined(self.rules[b]))
        return found
