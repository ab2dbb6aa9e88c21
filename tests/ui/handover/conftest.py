"""The `dock` fixture: a station over the fakes seeded with parcels at the dock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.handover.harness import seed_dock
from tests.ui.harness import Station, seed, start_station


@pytest.fixture
def dock() -> Iterator[Station]:
    db, clock = FakeDatabase(), FixedClock()
    seed(db, clock)
    seed_dock(db)
    started = start_station(Station, db, clock, station_id="DOCK-A", station_name="发货台")
    yield started
    started.pipeline.stop()
