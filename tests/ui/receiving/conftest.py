"""The `receiving` fixture: a station over the fakes seeded with open purchase orders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import Station, seed, start_station
from tests.ui.receiving.harness import seed_receiving


@pytest.fixture
def receiving() -> Iterator[Station]:
    db, clock = FakeDatabase(), FixedClock()
    seed(db, clock)
    seed_receiving(db)
    started = start_station(Station, db, clock, station_id="RCV-A", station_name="收货台")
    yield started
    started.pipeline.stop()
