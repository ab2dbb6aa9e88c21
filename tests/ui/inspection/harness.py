"""A station over the fakes for inspection: the rules, the seeded orders T1 and T2, and
the helper that opens the inspection screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.pilot import Pilot

from tests.fakes import FakeDatabase
from tests.fakes.inspection import add_locations
from tests.ui.harness import INSPECTOR, scan, wait_until
from tests.ui.harness import Station as BaseStation
from wms_tui.core.inspection.handler import CONTEXT, InspectionDesk, scan_resolver
from wms_tui.core.inspection.label import LabelRenderer
from wms_tui.core.inspection.records import Scale
from wms_tui.core.inspection.state import StationRules
from wms_tui.core.inspection.supervisor import SUPERVISED_CONTEXT, supervised_handler
from wms_tui.core.model import Barcode, MoveReason, Order, OrderLine, OrderStatus, Sku, StockMove
from wms_tui.ui.app import StationApp
from wms_tui.ui.inspection.screen import InspectScreen
from wms_tui.ui.station.home import HomeScreen

RULES = StationRules("S1", "PACK-1", "DOCK", "QUAR", replacement_location="SPARE-1")
TEE = "6901234500013"
MUG = "6901234500020"
SOCKS = "6901234500037"  # in the catalogue, not in any order
WAYBILL = "YT1234567890"
WAYBILL_2 = "YT2000000002"
REMARK = "请用礼盒包装 [red]不要发票[/]"


def seed_inspection(db: FakeDatabase) -> None:
    with db.uow() as uow:
        add_locations(uow)
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL"))
        uow.skus.add(Sku("MUG", "马克杯", "Mug"))
        uow.skus.add(Sku("SOCKS", "袜子", "Socks"))
        for code, sku in ((TEE, "TEE"), (MUG, "MUG"), (SOCKS, "SOCKS")):
            uow.skus.add_barcode(Barcode(code, sku))
        uow.orders.add(
            Order(
                "T1",
                "taobao",
                "淘宝·旗舰店",
                OrderStatus.PICKED,
                [OrderLine(1, "TEE", 2), OrderLine(2, "MUG", 1, is_gift=True)],
                buyer="李**",
                courier="圆通",
                waybill=WAYBILL,
                buyer_remark=REMARK,
            )
        )
        uow.orders.add(
            Order(
                "T2",
                "jd",
                "京东自营",
                OrderStatus.PICKED,
                [OrderLine(1, "TEE", 1)],
                buyer="王**",
                courier="京东",
                waybill=WAYBILL_2,
            )
        )
        for n, (sku, qty) in enumerate((("TEE", 10), ("MUG", 5)), start=1):
            uow.ledger.post(StockMove(f"m{n}", sku, qty, "@supplier", "PACK-1", MoveReason.RECEIPT))
        uow.commit()


@dataclass
class InspectStation(BaseStation):
    def screen(
        self,
        rules: StationRules = RULES,
        scale: Scale | None = None,
        label: LabelRenderer | None = None,
    ) -> InspectScreen:
        """The inspection screen on a desk with these rules, registered in the pipeline
        in place of the station's own (as bootstrap registers it)."""
        context = self.context
        desk = InspectionDesk(
            rules,
            context.clock,
            resolver=scan_resolver(context.resolver_config),
            scale=scale,
            config=context.resolver_config,
        )
        self.pipeline.register_all(
            {CONTEXT: desk.handle_scan, SUPERVISED_CONTEXT: supervised_handler(desk)}
        )
        return InspectScreen(desk, scale=scale, label=label)


async def open_inspect(
    pilot: Pilot[None], station: InspectStation, label: LabelRenderer | None = None
) -> InspectScreen:
    """Log in as the inspector and bring up the inspection screen."""
    pilot.app.post_message(scan(INSPECTOR))
    await wait_until(pilot, station, lambda: isinstance(pilot.app.screen, HomeScreen))
    screen = station.screen(label=label)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


def app_of(station: InspectStation) -> StationApp:
    return station.app()
