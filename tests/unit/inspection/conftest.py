"""The seeded database the inspection service tests share."""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase
from tests.unit.inspection.desk import seeded


@pytest.fixture
def db() -> FakeDatabase:
    return seeded()
