"""The editor's `facts.yaml`: curated facts, aliases and overrides, validated with located errors.

A curated fact selects its claims by cues (the event word, the counted noun, words or names that
must or must not stand in the sentence or the one before), so a curated fact keeps working when
articles are added. Overrides act on facts whatever made them: pin, hide, merge, split, rename,
and correct a value.
"""

from __future__ import annotations

import logging
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from .corpus import read_text, too_deep_line, yaml_error_at

from .models import AsOf, DateValue, Kind, Problem, QuantityValue, TimeValue, Value

log = logging.getLogger(__name__)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Cues(Strict):
    event: str | None = Field(default=None, description="Event class of the claim (kill, train, abduct, ...) or its family (violence, say).")
    noun_class: str | None = Field(default=None, description="Class of the counted noun: person, money, ...")
    holder: str | None = Field(default=None, description="Entity a rank or role belongs to (canonical, any case).")
    all: tuple[str, ...] = Field(default=(), description="Every one must stand in the sentence or the one before.")
    any: tuple[str, ...] = Field(default=(), description="At least one must stand there.")
    none: tuple[str, ...] = Field(default=(), description="None may stand there.")
    near: tuple[str, ...] = Field(
        default=(), description="At least one must stand within twelve words of the value ('killed', 'hostages')."
    )


def _check_slug(v: str) -> str:
    """A fact id names a folder of the site: anything but a slug could point outside it ('../x')."""
    if not SLUG.match(v):
        raise ValueError(f"fact id {v!r} is not a URL slug; use lower-case words joined by hyphens")
    return v


class FactDefinition(Strict):
    id: str
    title: str = Field(description="The question the fact answers.")
    kind: Kind
    cues: Cues = Cues()
    pin: bool = False
    renamed_from: tuple[str, ...] = Field(default=(), description="Former ids: their URLs redirect here.")

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        return _check_slug(v)

    @field_validator("renamed_from")
    @classmethod
    def _slugs(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_check_slug(x) for x in v)


class Correction(Strict):
    claim: str = Field(description="Claim id, as shown in the check output and in facts.json.")
    value: Value
    note: str = ""

    @field_validator("value")
    @classmethod
    def _sane(cls, v: Value) -> Value:
        """The same bounds the extractors keep, so a correction cannot break a comparison or a chart."""
        if isinstance(v, QuantityValue):
            for bound in (v.low, v.high):
                if bound is not None and not (math.isfinite(bound) and abs(bound) <= 1e15):
                    raise ValueError("low and high must be numbers no larger than 10^15 (or null for an open bound)")
            if v.low is not None and v.high is not None and v.low > v.high:
                raise ValueError("low must not be larger than high")
        elif isinstance(v, DateValue):
            for day in (v.earliest, v.latest):
                if day is not None and not date(1000, 1, 1) <= day <= date(2999, 12, 31):
                    raise ValueError("earliest and latest must be dates between 1000 and 2999 (YYYY-MM-DD)")
            if (v.earliest is None) != (v.latest is None) or (v.earliest and v.latest and v.earliest > v.latest):
                raise ValueError("give both earliest and latest, earliest first")
            if v.weekday is not None and not 0 <= v.weekday <= 6:
                raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
        elif isinstance(v, TimeValue):
            for t in (v.earliest, v.latest):
                if not re.fullmatch(r"(?:[01]\d|2[0-3]):[0-5]\d", t):
                    raise ValueError("earliest and latest must be times written HH:MM (24 h)")
            if v.earliest > v.latest:
                raise ValueError("earliest must not be later than latest")
        return v


AS_OF = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]((?:[01]\d|2[0-3]):[0-5]\d))?")


def _editor_as_of(when: Any) -> AsOf:
    """'2024-12-29' (YAML may hand it over as a date) or '2024-12-29 18:10'."""
    if isinstance(when, date):
        return AsOf(day=when, source="editor")
    match = AS_OF.fullmatch(str(when).strip())
    if not match:
        raise ValueError(f"{when!r} is not a date (YYYY-MM-DD) or a date and time (YYYY-MM-DD HH:MM)")
    return AsOf(day=date.fromisoformat(match[1]), time=match[2], source="editor")


class Split(Strict):
    id: str
    title: str
    claims: tuple[str, ...] = Field(description="Claim ids moved out of their fact into this new one.")

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        return _check_slug(v)


class StoryInfo(Strict):
    title: str | None = Field(default=None, description="The story's name, shown on every page.")
    summary: str | None = Field(default=None, description="A paragraph for the home page.")


class Curation(Strict):
    story: StoryInfo = StoryInfo()
    aliases: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="Canonical name -> variants that mean the same (translations)."
    )
    facts: tuple[FactDefinition, ...] = ()
    pin: tuple[str, ...] = ()
    hide: tuple[str, ...] = ()
    merge: tuple[tuple[str, ...], ...] = Field(default=(), description="Each list of fact ids becomes its first.")
    split: tuple[Split, ...] = ()
    rename: dict[str, str] = Field(default_factory=dict, description="Automatic fact id -> the id to use.")
    corrections: tuple[Correction, ...] = ()
    over_time: dict[str, bool] = Field(default_factory=dict, description=(
        "Fact id -> whether its differences may be read as changes over time (status `updated`)."))
    as_of: dict[str, AsOf] = Field(default_factory=dict, description=(
        "Claim id -> when its figure was true ('2024-12-29' or '2024-12-29 18:10'), for a claim its article does "
        "not date or dates wrongly."))
    _lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, v: Any) -> Any:
        if not isinstance(v, dict):
            return v
        return {claim: _editor_as_of(when) for claim, when in v.items()}

    def alias_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((variant, canonical) for canonical, vs in self.aliases.items() for variant in vs))

    def line_of(self, *loc: Any) -> int | None:
        """The facts.yaml line of an entry ('hide', 0), or of its nearest parent; None without a file."""
        while loc:
            if loc in self._lines:
                return self._lines[loc]
            loc = loc[:-1]
        return None


def _node_lines(node: Any, loc: tuple[Any, ...] = (), out: dict[tuple[Any, ...], int] | None = None,
                depth: int = 0) -> dict[tuple[Any, ...], int]:
    """Every entry's line, keyed by its path: ('rename', 'old') or ('hide', 0)."""
    out = {} if out is None else out
    if node is None or depth > 20:
        return out
    out[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = getattr(k, "value", None)
            if isinstance(key, str):
                out.setdefault((*loc, key), k.start_mark.line + 1)
                _node_lines(v, (*loc, key), out, depth + 1)
                out[(*loc, key)] = k.start_mark.line + 1  # the key's line, also for a value on the next line
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _node_lines(v, (*loc, i), out, depth + 1)
    return out


def load_curation(path: Path, display: str | None = None) -> tuple[Curation, list[Problem]]:
    """Read facts.yaml; a missing file is an empty curation, a bad one a list of located problems."""
    shown = display or str(path)
    if not path.exists():
        return Curation(), []
    text, read_problems = read_text(path, shown)
    if text is None:  # the reader's hint is about articles; this file is the editor's YAML
        return Curation(), [p.model_copy(update={"hint": "facts.yaml must be YAML text: open it in an editor "
                                                 "and save it as UTF-8."}) for p in read_problems]
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line0, reason = yaml_error_at(exc, text)
        line = line0 + 1
        return Curation(), [*read_problems,
            Problem(path=shown, line=line, message=f"invalid YAML: {reason}.", hint="Check indentation and quoting.")
        ]
    except RecursionError:
        return Curation(), [*read_problems, Problem(path=shown, line=(too_deep_line(text) or 0) + 1,
                                                    message="the YAML is nested too deeply to read.",
                                                    hint="Check the brackets: each [ and { needs its ] and }.")]
    if data is None:
        return Curation(), read_problems
    if not isinstance(data, dict):
        return Curation(), [*read_problems, Problem(path=shown, line=1, message="facts.yaml must be a mapping of sections.",
                                                    hint="Start with 'facts:' or 'aliases:'.")]
    try:
        curation = Curation.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append(
                Problem(
                    path=shown,
                    line=_line_of(node, loc),
                    message=f"{'.'.join(str(p) for p in loc) or 'top level'}: {err['msg']}.",
                    hint=_hint(loc),
                )
            )
        return Curation(), [*read_problems, *problems]
    curation._lines = _node_lines(node)
    return curation, [*read_problems, *_cross_check(curation, node, shown)]


def _hint(loc: tuple[Any, ...]) -> str:
    if loc and loc[-1] == "kind":
        return "Use one of: quantity, date, time, place, name."
    if loc and loc[0] == "facts":
        return "Each fact needs id, title and kind; cues are optional (see the README's facts.yaml section)."
    return "See the README's facts.yaml section."


def _cross_check(curation: Curation, node: Any, shown: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for i, fact in enumerate(curation.facts):
        if fact.id in seen:
            problems.append(Problem(path=shown, line=_line_of(node, ("facts", i, "id")),
                                    message=f"fact id {fact.id!r} is defined twice.", hint="Give each fact its own id."))
        seen.add(fact.id)
    for i, fact in enumerate(curation.facts):
        for old in fact.renamed_from:
            if old in seen:
                problems.append(Problem(path=shown, line=_line_of(node, ("facts", i, "renamed_from")),
                                        message=f"{fact.id}: renamed_from {old!r} is the id of a fact.",
                                        hint="An id is either a fact's or a former one, never both: remove it."))
    for old, new in curation.rename.items():
        if not SLUG.match(new):
            problems.append(Problem(path=shown, line=_line_of(node, ("rename", old)),
                                    message=f"rename target {new!r} is not a URL slug.",
                                    hint="Use lower-case words joined by hyphens."))
        elif old == new:
            problems.append(Problem(path=shown, line=_line_of(node, ("rename", old)), severity="warning",
                                    message=f"rename: {old!r} is renamed to itself.", hint="Remove the entry."))
    return problems


def _line_of(node: Any, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location (or of its nearest parent)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == str(key)), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        line = node.start_mark.line + 1
    return line
