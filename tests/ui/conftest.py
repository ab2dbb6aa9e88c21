"""The `station` fixture: a station built from fakes (tests/ui/harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import EAN, Station, ean13, seed, start_station


@pytest.fixture
def station() -> Iterator[Station]:
    assert ean13(EAN[:12]) == EAN
    db, clock = FakeDatabase(), FixedClock()
    seed(db, clock)
    started = start_station(Station, db, clock)
    yield started
    started.pipeline.stop()
