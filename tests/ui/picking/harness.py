"""A station over the fakes for picking: one released wave, and the helpers that open the
pick screen (as the picker) and the waves screen (as the supervisor).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.pilot import Pilot

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import Station as BaseStation
from tests.ui.harness import log_in_supervisor, scan, wait_until
from tests.unit.picking.seed import PAID
from wms_tui.core import stock
from wms_tui.core.model import (
    VIRTUAL_LOCATIONS,
    Barcode,
    Location,
    LocationKind,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
)
from wms_tui.core.picking.service import release_waves
from wms_tui.core.picking.waves import WaveLimits
from wms_tui.ui.picking.screen import PickScreen
from wms_tui.ui.picking.waves import WavesScreen
from wms_tui.ui.station.home import HomeScreen

PICKER = "OP-PCK-1"
BOSS = "OP-BOSS"
TEE = "6901234500013"
CAP = "6901234500020"
WAVE = "W261123-001"


def seed_picking(db: FakeDatabase, clock: FixedClock) -> None:
    """Bins A-01 (TEE), B-01 (CAP); orders M1 (2 TEE + 1 CAP), M2 (1 TEE + 1 CAP): one wave."""
    with db.uow() as uow:
        for code in VIRTUAL_LOCATIONS:
            uow.locations.add(Location(code, LocationKind.VIRTUAL))
        uow.operators.add(Operator(PICKER, "李拣货", frozenset({Role.PICKER})))
        uow.operators.add(Operator(BOSS, "王主管", frozenset({Role.SUPERVISOR})))
        uow.locations.add(Location("A-01", LocationKind.BIN, 1))
        uow.locations.add(Location("B-01", LocationKind.BIN, 2))
        uow.locations.add(Location("PACK-1", LocationKind.PACKING, station_id="S1"))
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL"))
        uow.skus.add(Sku("CAP", "棒球帽 [red]x[/]", "Cap"))
        uow.skus.add_barcode(Barcode(TEE, "TEE"))
        uow.skus.add_barcode(Barcode(CAP, "CAP"))
        for sku, location in (("TEE", "A-01"), ("CAP", "B-01")):
            stock.receive(
                uow, clock, sku_code=sku, qty=5, location=location, operator=BOSS, station_id="S1"
            )
        for order_no, tees in (("M1", 2), ("M2", 1)):
            uow.orders.add(
                Order(
                    order_no,
                    "tmall",
                    "店A",
                    OrderStatus.PENDING,
                    [OrderLine(1, "TEE", tees), OrderLine(2, "CAP", 1)],
                    paid_at=PAID,
                )
            )
            stock.confirm_order(uow, order_no)
        plan = release_waves(uow, clock, limits=WaveLimits(), operator=BOSS, station_id="S1")
        assert [w.wave_no for w in plan.waves] == [WAVE]
        uow.commit()


@dataclass
class PickStation(BaseStation):
    """The station the picking screens run on."""


async def open_pick(pilot: Pilot[None], station: PickStation) -> PickScreen:
    """Log in as the picker and bring up the pick screen."""
    pilot.app.post_message(scan(PICKER))
    await wait_until(pilot, station, lambda: isinstance(pilot.app.screen, HomeScreen))
    screen = PickScreen()
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def open_waves(pilot: Pilot[None], station: PickStation) -> WavesScreen:
    """Log in as the supervisor (badge, then PIN) and bring up the waves screen."""
    app = await log_in_supervisor(pilot, station)
    screen = WavesScreen()
    await app.push_screen(screen)
    await pilot.pause()
    return screen
