"""A dock on a real database: verified parcels for two couriers at the dock, and one dock
station's handover desk behind a real ScanPipeline."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from wms_tui.core import stock
from wms_tui.core.handover.handler import CONTEXT, HandoverDesk
from wms_tui.core.model import Location, LocationKind, Order, OrderLine, OrderStatus, Sku
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import KEY_SOURCE, Scan, key_command

AT = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
DOCK = "DOCK-01"
COURIERS = {"SF": "顺丰", "YT": "圆通"}


def waybill(n: int, courier: str = "SF") -> str:
    return f"{courier}{n:012d}"


def seed_dock(factory: SqlUnitOfWorkFactory, parcels: int = 6) -> list[str]:
    """`parcels` verified orders (two units each) alternating 顺丰 / 圆通, units at the dock."""
    orders: list[str] = []
    with factory() as uow:
        uow.locations.add(Location(DOCK, LocationKind.DOCK))
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL"))
        stock.receive(
            uow, FixedClock(), sku_code="TEE", qty=2 * parcels, location=DOCK,
            operator="seed", station_id="S0",
        )  # fmt: skip
        for n in range(1, parcels + 1):
            prefix = "SF" if n % 2 else "YT"
            order_no = f"H{n:04d}"
            uow.orders.add(
                Order(
                    order_no, "taobao", "店", OrderStatus.VERIFIED, [OrderLine(1, "TEE", 2)],
                    courier=COURIERS[prefix], waybill=waybill(n, prefix),
                    platform_order_no=f"P{n:06d}",
                )
            )  # fmt: skip
            uow.inspections.mark_verified(order_no, AT, "INS-1", "PACK-01")
            orders.append(order_no)
        uow.commit()
    return orders


class Dock:
    """One dock station: its desk behind a real ScanPipeline (journal, apply, commit)."""

    def __init__(self, factory: SqlUnitOfWorkFactory, station: str = "DOCK-A") -> None:
        self.factory = factory
        self.desk = HandoverDesk(station, DOCK, FixedClock())
        self.pipeline = ScanPipeline(factory.for_scans(), FixedClock(), station)
        self.pipeline.register(CONTEXT, self.desk.handle_scan)
        self.pipeline.activate(CONTEXT)

    def scan(self, data: str, *, key: bool = False) -> Outcome:
        source = KEY_SOURCE if key else "test"
        scan = Scan(str(uuid.uuid4()), source, data, received_at=AT, operator="DOCK-1")
        return self.pipeline.process(scan)

    def key(self, *parts: object) -> Outcome:
        return self.scan(key_command(*parts), key=True)
