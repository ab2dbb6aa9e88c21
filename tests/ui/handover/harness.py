"""A dock over the fakes: a dock worker, verified parcels for two couriers (one cancelled
after it passed), and the helper that opens the handover screen from home."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.fakes import FakeDatabase
from tests.ui.harness import Station, open_from_home
from wms_tui.core.model import (
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
from wms_tui.ui.handover.screen import HandoverScreen

DOCKER = "OP-DOC-1"
SF = ("SF100000000001", "SF100000000002")
YT = "YT200000000001"
CANCELLED = "SF100000000009"


def seed_dock(db: FakeDatabase) -> None:
    with db.uow() as uow:
        uow.operators.add(Operator(DOCKER, "马超", frozenset({Role.DOCK})))
        uow.locations.add(Location("DOCK-01", LocationKind.DOCK))
        uow.locations.add(Location("@supplier", LocationKind.VIRTUAL))
        uow.locations.add(Location("@customer", LocationKind.VIRTUAL))
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL"))
        uow.ledger.post(StockMove("d1", "TEE", 10, "@supplier", "DOCK-01", MoveReason.RECEIPT))
        for n, (code, courier) in enumerate(
            ((SF[0], "顺丰"), (SF[1], "顺丰"), (YT, "圆通"), (CANCELLED, "顺丰")), start=1
        ):
            status = OrderStatus.CANCELLED if code == CANCELLED else OrderStatus.VERIFIED
            uow.orders.add(
                Order(f"D{n}", "taobao", "店", status, [OrderLine(1, "TEE", 1)],
                      courier=courier, waybill=code)
            )  # fmt: skip
        uow.commit()
    db.handover_store.verified.add("D4")


async def open_handover(pilot: Pilot[None], station: Station) -> HandoverScreen:
    return await open_from_home(pilot, station, DOCKER, "f5", HandoverScreen)
