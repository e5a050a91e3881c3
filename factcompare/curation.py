"""The editor's `facts.yaml`: curated facts, aliases and overrides, validated with located errors.

A curated fact selects its claims by cues (the event word, the counted noun, words or names that
must or must not stand in the sentence or the one before), so a curated fact keeps working when
articles are added. Overrides act on facts whatever made them: pin, hide, merge, split, rename,
and correct a value.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .models import Kind, Problem, Value

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
        if not SLUG.match(v):
            raise ValueError(f"fact id {v!r} is not a URL slug; use lower-case words joined by hyphens")
        return v


class Correction(Strict):
    claim: str = Field(description="Claim id, as shown in the check output and in facts.json.")
    value: Value
    note: str = ""


class Split(Strict):
    id: str
    title: str
    claims: tuple[str, ...] = Field(description="Claim ids moved out of their fact into this new one.")


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

    def alias_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((variant, canonical) for canonical, vs in self.aliases.items() for variant in vs))


def load_curation(path: Path, display: str | None = None) -> tuple[Curation, list[Problem]]:
    """Read facts.yaml; a missing file is an empty curation, a bad one a list of located problems."""
    shown = display or str(path)
    if not path.exists():
        return Curation(), []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        return Curation(), [Problem(path=shown, message=f"cannot read facts.yaml ({exc}).", hint="Save it as UTF-8.")]
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        return Curation(), [
            Problem(path=shown, line=line, message=f"invalid YAML: {reason}.", hint="Check indentation and quoting.")
        ]
    if data is None:
        return Curation(), []
    if not isinstance(data, dict):
        return Curation(), [Problem(path=shown, line=1, message="facts.yaml must be a mapping of sections.",
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
        return Curation(), problems
    return curation, _cross_check(curation, node, shown)


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
    for old, new in curation.rename.items():
        if not SLUG.match(new):
            problems.append(Problem(path=shown, line=_line_of(node, ("rename", old)),
                                    message=f"rename target {new!r} is not a URL slug.",
                                    hint="Use lower-case words joined by hyphens."))
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
