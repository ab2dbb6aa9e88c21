"""The count service tests run on the in-memory fake here and on both engines in
tests/integration/counting (which overrides `count_db`)."""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase
from tests.unit.counting.helpers import CountDb


@pytest.fixture
def count_db() -> CountDb:
    return FakeDatabase()
