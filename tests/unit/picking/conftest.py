"""The picking unit tests' fixtures: a fake database with bins, SKUs, people, three orders."""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.unit.picking.seed import seeded_db


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def db(clock: FixedClock) -> FakeDatabase:
    return seeded_db(clock)
