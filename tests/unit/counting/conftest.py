"""The count service tests run on the in-memory fake here and on both engines in
tests/integration/counting (whose conftest gives `count_db` and `db` on a real database)."""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase
from tests.unit.counting.helpers import CountDb, seed_counts


@pytest.fixture
def count_db() -> CountDb:
    return FakeDatabase()


@pytest.fixture
def db(count_db: CountDb) -> CountDb:
    """`count_db` with the count tests' warehouse and plan P1 (helpers.seed_counts)."""
    seed_counts(count_db)
    return count_db
