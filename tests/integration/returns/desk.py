"""A returns station on a real database: handed-over orders whose units are with the
customer, and one returns desk behind a real ScanPipeline."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from wms_tui.core import codes, stock
from wms_tui.core.effects import Actor, Move, apply_effects
from wms_tui.core.model import (
    VIRTUAL_CUSTOMER,
    Barcode,
    BarcodeKind,
    Location,
    LocationKind,
    MoveReason,
    Order,
    OrderLine,
    OrderStatus,
    Sku,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.returns.handler import CONTEXT, ReturnsDesk
from wms_tui.core.returns.rules import Places
from wms_tui.core.scans import KEY_SOURCE, Scan, key_command

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DOCK, AREA, QUAR = "DOCK-01", "RET-01", "QUA-01"
PLACES = Places(AREA, QUAR)


def ean(n: int) -> str:
    body = f"693{n:09d}"
    return body + codes.gs1_check_digit(body)


TEE, CAP, MUG = ean(1), ean(2), ean(3)  # MUG is on no order
PACK_OF_2 = ean(4)  # a pack of two tees


def seed_returns(factory: SqlUnitOfWorkFactory, orders: int = 4) -> list[str]:
    """`orders` handed-over orders (R0001 ...), each 2 tees and 1 cap, with the customer."""
    made: list[str] = []
    with factory() as uow:
        for code, kind in ((DOCK, LocationKind.DOCK), (AREA, LocationKind.RETURNS),
                           (QUAR, LocationKind.QUARANTINE)):  # fmt: skip
            uow.locations.add(Location(code, kind))
        uow.locations.add(Location("A-01", LocationKind.BIN, 1))
        uow.locations.add(Location("B-01", LocationKind.BIN, 2))
        uow.locations.add(Location("TOTE-1", LocationKind.TOTE))
        skus = (("TEE", TEE, "白色T恤", "White tee"), ("CAP", CAP, "棒球帽", "Cap"),
                ("MUG", MUG, "杯子", "Mug"))  # fmt: skip
        for sku, barcode, zh, en in skus:
            uow.skus.add(Sku(sku, zh, en, "XL"))
            uow.skus.add_barcode(Barcode(barcode, sku))
        uow.skus.add_barcode(Barcode(PACK_OF_2, "TEE", BarcodeKind.PACKAGING, 2))
        stock.receive(
            uow, FixedClock(), sku_code="TEE", qty=5, location="A-01", operator="seed",
            station_id="S0",
        )  # fmt: skip
        for sku in ("TEE", "CAP", "MUG"):
            stock.receive(
                uow, FixedClock(), sku_code=sku, qty=10 * orders, location=DOCK,
                operator="seed", station_id="S0",
            )  # fmt: skip
        for n in range(1, orders + 1):
            order_no = f"R{n:04d}"
            lines = [OrderLine(1, "TEE", 2), OrderLine(2, "CAP", 1)]
            uow.orders.add(
                Order(
                    order_no, "taobao", "店", OrderStatus.HANDED_OVER, lines,
                    platform_order_no=f"P{n:06d}", buyer=f"buyer{n}", waybill=f"YT{n:010d}",
                )
            )  # fmt: skip
            moves = [
                Move(uuid.uuid4().hex, line.sku_code, line.qty, DOCK, VIRTUAL_CUSTOMER,
                     MoveReason.HANDOVER, f"{order_no}/{line.line_no}")
                for line in lines
            ]  # fmt: skip
            apply_effects(uow, FixedClock(), moves, Actor("seed", "S0", AT))
            made.append(order_no)
        uow.commit()
    return made


class ReturnsStation:
    """One returns station: its desk behind a real ScanPipeline (journal, apply, commit)."""

    def __init__(
        self, factory: SqlUnitOfWorkFactory, station: str = "RET-A", operator: str = "RET-1"
    ) -> None:
        self.factory = factory
        self.operator = operator
        self.desk = ReturnsDesk(station, PLACES, FixedClock())
        self.pipeline = ScanPipeline(factory.for_scans(), FixedClock(), station)
        self.pipeline.register(CONTEXT, self.desk.handle_scan)
        self.pipeline.activate(CONTEXT)

    def scan(self, data: str, *, key: bool = False) -> Outcome:
        source = KEY_SOURCE if key else "test"
        scan = Scan(str(uuid.uuid4()), source, data, received_at=AT, operator=self.operator)
        return self.pipeline.process(scan)

    def key(self, *parts: object) -> Outcome:
        return self.scan(key_command(*parts), key=True)
