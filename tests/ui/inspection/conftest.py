"""The `istation` fixture: a station over the fakes seeded for inspection (harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import seed, start_station
from tests.ui.inspection.harness import InspectStation, seed_inspection


@pytest.fixture
def istation() -> Iterator[InspectStation]:
    db, clock = FakeDatabase(), FixedClock()
    seed(db, clock)
    seed_inspection(db)
    started = start_station(InspectStation, db, clock, station_id="S1", station_name="验货台 1")
    yield started
    started.pipeline.stop()
