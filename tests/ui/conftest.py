"""The `station` fixture: a station built from fakes (tests/ui/harness.py); and
`shanghai_time`, for screens that show local times."""

from __future__ import annotations

import time
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


@pytest.fixture
def shanghai_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times on screen are local: the zone pinned, so the pictures and the days shown do
    not depend on the machine (`pytestmark = pytest.mark.usefixtures("shanghai_time")`)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
