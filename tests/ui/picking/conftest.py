"""The `pstation` fixture: a station over the fakes with one released wave (harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import seed, start_station
from tests.ui.picking.harness import PickStation, seed_picking


@pytest.fixture
def pstation() -> Iterator[PickStation]:
    db, clock = FakeDatabase(), FixedClock()
    seed(db, clock)
    seed_picking(db, clock)
    started = start_station(PickStation, db, clock, station_id="S1", station_name="拣货台 1")
    yield started
    started.pipeline.stop()
