"""Master data, stock and three confirmed orders for picking on a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from wms_tui.core import stock
from wms_tui.core.model import (
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
from wms_tui.core.picking.records import Allocation, Wave, WaveKind, WaveStatus
from wms_tui.core.ports import UnitOfWorkFactory

PAID = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
TEE_EAN = "6901234567892"


def seed(factory: UnitOfWorkFactory, clock: FixedClock) -> None:
    """Bins A-01 (5 TEE), B-01 and C-01 (5 CAP each); M1, M2 fit, M3 wants 9 TEE."""
    with factory() as uow:
        uow.locations.add(Location("A-01", LocationKind.BIN, 1))
        uow.locations.add(Location("B-01", LocationKind.BIN, 2))
        uow.locations.add(Location("C-01", LocationKind.BIN, 3))
        uow.locations.add(Location("PACK-1", LocationKind.PACKING, station_id="ST1"))
        uow.locations.add(Location("PACK-2", LocationKind.PACKING, station_id="ST2"))
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL"))
        uow.skus.add(Sku("CAP", "棒球帽", "Cap"))
        uow.skus.add_barcode(Barcode(TEE_EAN, "TEE"))
        uow.operators.add(Operator("SUP", "Wang", frozenset({Role.SUPERVISOR})))
        uow.operators.add(Operator("P1", "Li", frozenset({Role.PICKER})))
        uow.operators.add(Operator("P2", "Zhao", frozenset({Role.PICKER})))
        for sku, loc, qty in [("TEE", "A-01", 5), ("CAP", "B-01", 5), ("CAP", "C-01", 5)]:
            stock.receive(
                uow, clock, sku_code=sku, qty=qty, location=loc, operator="SUP", station_id="ST1"
            )
        lines = {"M1": (2, 1), "M2": (1, 1), "M3": (9, 1)}
        for n, (order_no, (tees, caps)) in enumerate(lines.items()):
            uow.orders.add(
                Order(
                    order_no,
                    "tmall",
                    "店A",
                    OrderStatus.PENDING,
                    [OrderLine(1, "TEE", tees), OrderLine(2, "CAP", caps)],
                    paid_at=PAID + timedelta(hours=n),
                )
            )
            stock.confirm_order(uow, order_no)
        uow.commit()


WAVES = 60


def released_waves(factory: SqlUnitOfWorkFactory) -> list[str]:
    """WAVES released single-order waves, each of one CAP from B-01, none leased; their numbers."""
    numbers = []
    with factory() as uow:
        for n in range(WAVES):
            order_no = f"R{n:03d}"
            uow.orders.add(
                Order(order_no, "jd", "店", OrderStatus.RELEASED, [OrderLine(1, "CAP", 1)])
            )
            wave_no = f"W261123-{n + 1:03d}"
            uow.waves.add(
                Wave(
                    wave_no,
                    WaveKind.SINGLE,
                    WaveStatus.RELEASED,
                    (order_no,),
                    (Allocation(0, order_no, 1, "CAP", "B-01", 2, 1),),
                    priority=n % 3,
                    oldest_paid_at=PAID + timedelta(minutes=n),
                    created_at=PAID,
                    created_by="SUP",
                )
            )
            numbers.append(wave_no)
        uow.commit()
    return numbers
