"""Suite-wide ordering."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The Dask tests run last: distributed keeps its event-loop threads alive once a client has run,
    and they draw on `random` while later property tests generate their examples, which Hypothesis
    then reports as a strategy using `random`."""
    items.sort(key=lambda item: item.path.name == "test_dask.py")
