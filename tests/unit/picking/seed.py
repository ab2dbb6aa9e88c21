"""The picking unit tests' data: when the orders were paid, and the seeded fake database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fakes import FakeDatabase, FixedClock
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

PAID = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def seeded_db(clock: FixedClock) -> FakeDatabase:
    """Bins A-01 (5 TEE), B-01 and C-01 (5 CAP each), packing areas of ST1 and ST2, people
    SUP, P1 and P2, and three confirmed orders M1, M2 and M3 (9 TEE: more than there is)."""
    db = FakeDatabase()
    with db.uow() as uow:
        for code in VIRTUAL_LOCATIONS:
            uow.locations.add(Location(code, LocationKind.VIRTUAL))
        uow.locations.add(Location("A-01", LocationKind.BIN, 1))
        uow.locations.add(Location("B-01", LocationKind.BIN, 2))
        uow.locations.add(Location("C-01", LocationKind.BIN, 3))
        uow.locations.add(Location("PACK-1", LocationKind.PACKING, station_id="ST1"))
        uow.locations.add(Location("PACK-2", LocationKind.PACKING, station_id="ST2"))
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL"))
        uow.skus.add(Sku("CAP", "棒球帽", "Cap"))
        uow.skus.add_barcode(Barcode("6901234567892", "TEE"))
        uow.operators.add(Operator("SUP", "Wang", frozenset({Role.SUPERVISOR})))
        uow.operators.add(Operator("P1", "Li", frozenset({Role.PICKER})))
        uow.operators.add(Operator("P2", "Zhao", frozenset({Role.PICKER})))
        for sku, loc, qty in [("TEE", "A-01", 5), ("CAP", "B-01", 5), ("CAP", "C-01", 5)]:
            stock.receive(
                uow, clock, sku_code=sku, qty=qty, location=loc, operator="SUP", station_id="ST1"
            )
        orders = [
            Order(
                "M1",
                "tmall",
                "店A",
                OrderStatus.PENDING,
                [OrderLine(1, "TEE", 2), OrderLine(2, "CAP", 1)],
                paid_at=PAID,
            ),
            Order(
                "M2",
                "tmall",
                "店A",
                OrderStatus.PENDING,
                [OrderLine(1, "TEE", 1), OrderLine(2, "CAP", 1)],
                paid_at=PAID + timedelta(hours=1),
            ),
            Order(
                "M3",
                "jd",
                "店B",
                OrderStatus.PENDING,
                [OrderLine(1, "TEE", 9), OrderLine(2, "CAP", 1)],
                paid_at=PAID + timedelta(hours=2),
            ),
        ]
        for order in orders:
            uow.orders.add(order)
            stock.confirm_order(uow, order.order_no)
        uow.commit()
    return db
