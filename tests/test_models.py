"""Models share their sets of given field names (memory), without changing what pydantic reports."""

from __future__ import annotations

import pickle

from factcompare.models import QuantityValue, Subject


def subject(**given: object) -> Subject:
    return Subject(**given)  # type: ignore[arg-type]


def test_instances_given_the_same_fields_share_one_set() -> None:
    a, b = subject(event="kill", noun="people"), subject(event="injure", noun="workers")
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    assert a.model_fields_set == {"event", "noun"}
    c = subject(event="kill")
    assert c.model_fields_set == {"event"} and a.model_fields_set == {"event", "noun"}


def test_a_copy_with_changes_leaves_the_shared_set_alone() -> None:
    a, b = subject(event="kill"), subject(event="pay")
    changed = a.model_copy(update={"noun": "people"})
    assert changed.model_fields_set == {"event", "noun"}
    assert a.model_fields_set == b.model_fields_set == {"event"}


def test_unpickled_and_json_read_instances_share_too() -> None:
    value = QuantityValue(display="12", low=12, high=12)
    from_pickle = pickle.loads(pickle.dumps(value))
    from_json = QuantityValue.model_validate_json(value.model_dump_json())
    assert from_pickle == value and from_json == value
    assert from_pickle.__pydantic_fields_set__ is value.__pydantic_fields_set__
    assert from_json.model_fields_set == set(QuantityValue.model_fields)  # JSON spells out every field
