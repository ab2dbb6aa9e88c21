"""The `returns` fixture: a station over the fakes seeded with a handed-over order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import Station, seed, start_station
from tests.ui.returns.harness import seed_returns


@pytest.fixture
def returns() -> Iterator[Station]:
    db, clock = FakeDatabase(), FixedClock()
    seed(db, clock)
    seed_returns(db)
    started = start_station(Station, db, clock, station_id="RET-A", station_name="退货台")
    yield started
    started.pipeline.stop()
