"""A returns station over the fakes: a returns clerk, handed-over orders with the
customer, and the helper that opens the returns screen from home."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.fakes import FakeDatabase
from tests.ui.harness import Station, ean13, open_from_home
from wms_tui.core.model import (
    Barcode,
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
from wms_tui.ui.returns.screen import ReturnsScreen

CLERK = "OP-RET-1"
WAYBILL = "YT300000000001"
TEE, CAP, MUG = ean13("693100000001"), ean13("693100000002"), ean13("693100000003")


def seed_returns(db: FakeDatabase) -> None:
    with db.uow() as uow:
        uow.operators.add(Operator(CLERK, "冯瑶", frozenset({Role.RETURNS})))
        places = (("RET-01", LocationKind.RETURNS), ("QUA-01", LocationKind.QUARANTINE),
                  ("DOCK-01", LocationKind.DOCK), ("@supplier", LocationKind.VIRTUAL),
                  ("@customer", LocationKind.VIRTUAL), ("A-01-1", LocationKind.BIN))  # fmt: skip
        for code, kind in places:
            uow.locations.add(Location(code, kind))
        skus = (("TEE", TEE, "白色T恤", "White tee"), ("CAP", CAP, "棒球帽", "Cap"),
                ("MUG", MUG, "陶瓷杯", "Mug"))  # fmt: skip
        for sku, code, zh, en in skus:
            uow.skus.add(Sku(sku, zh, en, "XL"))
            uow.skus.add_barcode(Barcode(code, sku))
            uow.ledger.post(
                StockMove(f"r-{sku}", sku, 9, "@supplier", "DOCK-01", MoveReason.RECEIPT)
            )
        uow.ledger.post(StockMove("home", "TEE", 4, "@supplier", "A-01-1", MoveReason.RECEIPT))
        lines = [OrderLine(1, "TEE", 2), OrderLine(2, "CAP", 1)]
        uow.orders.add(
            Order("R1", "taobao", "店", OrderStatus.HANDED_OVER, lines, buyer="小鱼儿",
                  platform_order_no="2449341841793916892", waybill=WAYBILL)
        )  # fmt: skip
        for line in lines:
            shipped = StockMove(f"h-{line.line_no}", line.sku_code, line.qty, "DOCK-01",
                                "@customer", MoveReason.HANDOVER, f"R1/{line.line_no}")  # fmt: skip
            uow.ledger.post(shipped)
        uow.commit()


async def open_returns(pilot: Pilot[None], station: Station) -> ReturnsScreen:
    return await open_from_home(pilot, station, CLERK, "f5", ReturnsScreen)
