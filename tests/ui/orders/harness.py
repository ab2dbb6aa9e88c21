"""An order desk over the fakes: customer service, orders of three buyers, and the helper
that opens the desk from home and waits for its reads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from textual.pilot import Pilot

from tests.fakes import FakeDatabase
from tests.ui.harness import Station, open_from_home, scan, settle
from wms_tui.core.model import (
    AuditEvent,
    Location,
    LocationKind,
    MoveReason,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
    StockMove,
)
from wms_tui.ui.orders.desk import OrderDeskScreen

SERVICE = "OP-SVC-1"
PAID = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
BUYERS = ("张三", "张三丰", "tb_lily")


def seed_desk(db: FakeDatabase) -> None:
    with db.uow() as uow:
        uow.operators.add(Operator(SERVICE, "宋佳", frozenset({Role.SERVICE})))
        uow.locations.add(Location("A-01-1", LocationKind.BIN, walk_order=1))
        uow.locations.add(Location("PACK-01", LocationKind.PACKING))
        uow.locations.add(Location("@supplier", LocationKind.VIRTUAL))
        uow.locations.add(Location("QUAR-01", LocationKind.QUARANTINE))
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL"))
        uow.skus.add(Sku("MUG", "马克杯", "Mug", "350ml"))
        uow.ledger.post(StockMove("r1", "TEE", 20, "@supplier", "A-01-1", MoveReason.RECEIPT))
        for n in range(1, 8):
            held = n == 4
            status = OrderStatus.ON_HOLD if held else OrderStatus.PICKED
            order = Order(
                f"SO{n:05d}", "taobao", "旗舰店", status,
                [OrderLine(1, "TEE", 1), OrderLine(2, "MUG", 1, is_gift=True)],
                buyer=BUYERS[n % 3], courier="SF", waybill=f"SF{n:012d}",
                platform_order_no=f"4{n:018d}", paid_at=PAID + timedelta(hours=n),
                buyer_remark="请不要放发票" if n == 7 else "",
                hold_reason="缺货 / out of stock" if held else "",
            )  # fmt: skip
            uow.orders.add(order)
        uow.orders.add(Order("SO00008", "taobao", "旗舰店", OrderStatus.PENDING,
                             [OrderLine(1, "TEE", 1)], buyer="tb_lily"))  # fmt: skip
        uow.ledger.post(StockMove("p7", "TEE", 1, "A-01-1", "PACK-01", MoveReason.PICK,
                                  reference="SO00007/1", operator="OP-PIC-1", station_id="PICK-1",
                                  at=PAID + timedelta(hours=8)))  # fmt: skip
        uow.ledger.post(StockMove("q7", "TEE", 1, "A-01-1", "QUAR-01", MoveReason.QUARANTINE,
                                  reference="SO00007/1", operator="OP-INS-1",
                                  station_id="PACK-01", at=PAID + timedelta(hours=9)))  # fmt: skip
        uow.audit.record(AuditEvent("inspection_problem", "OP-INS-1", "PACK-01",
                                    subject="SO00007", detail="TEE: 破损",
                                    at=PAID + timedelta(hours=9)))  # fmt: skip
        uow.commit()


async def open_desk(pilot: Pilot[None], station: Station) -> OrderDeskScreen:
    return await open_from_home(pilot, station, SERVICE, "f5", OrderDeskScreen)


async def read(pilot: Pilot[None], station: Station) -> None:
    """Every scan applied and every read of the desk's workers shown."""
    for _round in range(3):
        await settle(pilot, station)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def search(pilot: Pilot[None], station: Station, text: str) -> None:
    pilot.app.post_message(scan(text))
    await read(pilot, station)
