"""The `cstation` fixture: a station over the fakes seeded as the count service tests seed
theirs (tests/unit/counting/helpers.py), plus two barcodes (harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.counting.harness import SOCKS_PACK, TEE, CountStation
from tests.ui.harness import start_station
from tests.unit.counting.helpers import seed_counts
from wms_tui.core.model import Barcode, BarcodeKind


@pytest.fixture
def cstation() -> Iterator[CountStation]:
    db, clock = FakeDatabase(), FixedClock()
    seed_counts(db)
    with db.uow() as uow:
        uow.skus.add_barcode(Barcode(TEE, "SKU-1"))
        uow.skus.add_barcode(Barcode(SOCKS_PACK, "SKU-2", BarcodeKind.PACKAGING, 6))
        uow.commit()
    started = start_station(CountStation, db, clock, station_id="ST-1", station_name="盘点枪 1")
    yield started
    started.pipeline.stop()
