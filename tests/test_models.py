"""The models' memory habits, without changing what pydantic validates or writes: models share their
sets of given field names; records (the small types a story holds by the hundred thousand) have none."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from pydantic import TypeAdapter, ValidationError

from factcompare.models import Claim, Mention, Problem, QuantityValue, Sentence, Subject, Value


def problem(**given: object) -> Problem:
    return Problem(path="corpus/a.md", message="no title", **given)  # type: ignore[arg-type]


def test_instances_given_the_same_fields_share_one_set() -> None:
    a, b = problem(line=3), problem(line=4)
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    assert a.model_fields_set == {"path", "message", "line"}
    c = problem()
    assert c.model_fields_set == {"path", "message"} and "line" in a.model_fields_set


def test_a_copy_with_changes_leaves_the_shared_set_alone() -> None:
    a, b = problem(), problem()
    changed = a.model_copy(update={"line": 7})
    assert changed.model_fields_set == {"path", "message", "line"}
    assert a.model_fields_set == b.model_fields_set == {"path", "message"}


def test_unpickled_and_json_read_instances_share_too() -> None:
    p = problem(line=3)
    from_pickle = pickle.loads(pickle.dumps(p))
    from_json = Problem.model_validate_json(p.model_dump_json())
    assert from_pickle == p and from_json == p
    assert from_pickle.__pydantic_fields_set__ is p.__pydantic_fields_set__
    assert from_json.model_fields_set == set(Problem.model_fields)  # JSON spells out every field


def claim(**changes: object) -> Claim:
    c = Claim(id="a-0-0", article="a", sentence=0, quote="12 people died.", span=(0, 2),
              value=QuantityValue(display="12", low=12, high=12), subject=Subject(event="die", noun="people"))
    return dataclasses.replace(c, **changes)  # type: ignore[arg-type]


def test_records_keep_no_dictionary_an_instance() -> None:
    mention = Mention(sentence=0, start=0, end=2, value=claim().value)
    for record in (Sentence(index=0, start=0, end=3, text="Yes", paragraph=0), claim(), claim().value, claim().subject,
                   mention):
        assert not hasattr(record, "__dict__"), type(record).__name__


def test_records_read_and_write_json_as_models_do() -> None:
    adapter = TypeAdapter(Claim)
    text = adapter.dump_json(claim(hedges=("reportedly",)))
    assert text.startswith(b'{"id":"a-0-0","article":"a","sentence":0,"quote":"12 people died.","span":[0,2],'
                           b'"value":{"kind":"quantity","display":"12","low":12,"high":12,')
    assert adapter.validate_json(text) == claim(hedges=("reportedly",))
    assert pickle.loads(pickle.dumps(claim())) == claim()
    # The value's kind still picks its type.
    assert TypeAdapter(Value).validate_python({"kind": "date", "display": "today", "earliest": None,
                                               "latest": None}).kind == "date"


def test_records_refuse_what_models_refuse() -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Sentence).validate_python({"index": 0, "start": 0, "end": 1, "text": "a", "paragraph": 0,
                                               "extra": 1})
    with pytest.raises(ValidationError):
        claim(span="nowhere")
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim().quote = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Sentence(0, 0, 1, "a", 0)  # type: ignore[misc]  # fields are keyword-only, as a model's
