"""The `desk` fixture: a station over the fakes seeded with orders to find."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import Station, seed, start_station
from tests.ui.orders.harness import seed_desk


@pytest.fixture
def desk() -> Iterator[Station]:
    db, clock = FakeDatabase(), FixedClock()
    seed(db, clock)
    seed_desk(db)
    started = start_station(Station, db, clock, station_id="DESK-1", station_name="客服台")
    yield started
    started.pipeline.stop()
