"""A station over counting's fakes: real ScanPipeline, real resolver, fixed clock.

Operators are the count service tests' ones: Ann (S1) and Bob (S2) count, Sue (SV) approves.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.conftest import Station as BaseStation
from tests.ui.conftest import scan, start_station, wait_until
from tests.unit.counting.test_services import seed_counts
from wms_tui.core.model import Barcode, BarcodeKind
from wms_tui.ui.app import StationApp
from wms_tui.ui.base import StationScreen
from wms_tui.ui.station.home import HomeScreen
from wms_tui.ui.station.login import LoginScreen

TEE = "6901234567892"  # SKU-1
SOCKS_PACK = "16901234567899"  # a pack of 6 SKU-2
UNKNOWN = "4006381333931"


@dataclass
class CountStation(BaseStation):
    """The station the count screens run on."""


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


async def log_in(
    pilot: Pilot[None], station: CountStation, badge: str, screen: StationScreen
) -> None:
    """Log in by badge scan (logging out whoever is in) and bring up `screen`."""
    app = pilot.app
    assert isinstance(app, StationApp)
    if app.operator is not None:
        await app.action_logout()
        await wait_until(pilot, station, lambda: isinstance(app.screen, LoginScreen))
    app.post_message(scan(badge))
    await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
    await app.push_screen(screen)
    await pilot.pause()
