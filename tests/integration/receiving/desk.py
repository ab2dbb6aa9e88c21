"""A receiving station on a real database: SKUs, bins and open purchase orders, and one
receiving desk behind a real ScanPipeline."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from wms_tui.core import codes, stock
from wms_tui.core.imports.service import ensure_virtual_locations
from wms_tui.core.model import (
    Barcode,
    BarcodeKind,
    Location,
    LocationKind,
    Operator,
    Role,
    Sku,
)
from wms_tui.core.outcome import Outcome
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.receiving.handler import CONTEXT, ReceivingDesk
from wms_tui.core.receiving.records import PoLine, PurchaseOrder
from wms_tui.core.receiving.rules import Places, Rules
from wms_tui.core.scans import KEY_SOURCE, Scan, key_command

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
AREA, QUAR = "RCV-01", "QUA-01"
RULES = Rules(Places(AREA, QUAR), over_percent=10, min_shelf_days=30)
SUPERVISOR = Operator("SUP-1", "Wang", frozenset({Role.SUPERVISOR}))
RECEIVER = Operator("RCV-1", "Li", frozenset({Role.RECEIVER}))


def ean(n: int) -> str:
    body = f"694{n:09d}"
    return body + codes.gs1_check_digit(body)


TEE, CAP, MUG, WINE = ean(1), ean(2), ean(3), ean(5)  # MUG is on no PO; WINE needs a lot
CASE_OF_6 = ean(4)  # a case of six tees


def seed_receiving(factory: SqlUnitOfWorkFactory, pos: int = 3) -> list[str]:
    """`pos` open purchase orders (PO0001 ...), each 10 tees and 5 caps (and 4 wines), from
    "义乌百货"; delivery note DN0001 ...; the cap already lives in A-02, A-01 holds nothing."""
    made: list[str] = []
    with factory() as uow:
        ensure_virtual_locations(uow)
        uow.locations.add(Location(AREA, LocationKind.RECEIVING))
        uow.locations.add(Location(QUAR, LocationKind.QUARANTINE))
        for n, code in enumerate(("A-01", "A-02", "A-03"), start=1):
            uow.locations.add(Location(code, LocationKind.BIN, n))
        uow.locations.add(Location("Z-09", LocationKind.BIN, 99, frozen=True))
        uow.locations.add(Location("TOTE-1", LocationKind.TOTE))
        skus = (
            ("TEE", TEE, "白色T恤", "White tee", False), ("CAP", CAP, "棒球帽", "Cap", False),
            ("MUG", MUG, "杯子", "Mug", False), ("WINE", WINE, "红酒", "Wine", True),
        )  # fmt: skip
        for sku, barcode, zh, en, lot in skus:
            uow.skus.add(Sku(sku, zh, en, "XL", requires_lot=lot))
            uow.skus.add_barcode(Barcode(barcode, sku))
        uow.skus.add_barcode(Barcode(CASE_OF_6, "TEE", BarcodeKind.PACKAGING, 6))
        uow.operators.add(SUPERVISOR)
        uow.operators.add(RECEIVER)
        stock.receive(
            uow, FixedClock(), sku_code="CAP", qty=3, location="A-02", operator="seed",
            station_id="S0",
        )  # fmt: skip
        heads, lines = [], []
        for n in range(1, pos + 1):
            po_no = f"PO{n:04d}"
            heads.append(PurchaseOrder(po_no, "义乌百货", f"DN{n:04d}", date(2026, 12, 8),
                                       imported_at=AT))  # fmt: skip
            lines += [PoLine(po_no, 1, "TEE", 10), PoLine(po_no, 2, "CAP", 5),
                      PoLine(po_no, 3, "WINE", 4)]  # fmt: skip
            made.append(po_no)
        uow.receiving.add_pos(heads, lines)
        uow.commit()
    return made


class ReceivingStation:
    """One receiving station: its desk behind a real ScanPipeline (journal, apply, commit)."""

    def __init__(
        self, factory: SqlUnitOfWorkFactory, station: str = "RCV-A", operator: str = "RCV-1",
        rules: Rules = RULES,
    ) -> None:  # fmt: skip
        self.factory = factory
        self.operator = operator
        self.clock = FixedClock(AT)
        self.desk = ReceivingDesk(station, rules, self.clock)
        self.pipeline = ScanPipeline(factory.for_scans(), FixedClock(AT), station)
        self.pipeline.register(CONTEXT, self.desk.handle_scan)
        self.pipeline.activate(CONTEXT)

    def scan(self, data: str, *, key: bool = False) -> Outcome:
        source = KEY_SOURCE if key else "test"
        scan = Scan(str(uuid.uuid4()), source, data, received_at=AT, operator=self.operator)
        return self.pipeline.process(scan)

    def key(self, *parts: object) -> Outcome:
        return self.scan(key_command(*parts), key=True)

    def level(self, sku: str, location: str) -> int:
        with self.factory() as uow:
            return uow.ledger.level(sku, location)
