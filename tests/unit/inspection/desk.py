"""One inspection desk over in-memory ports, committing like the scan pipeline: the
service tests' station and its seeded database."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from tests.fakes import FakeDatabase, FakeUnitOfWork, FixedClock
from tests.fakes.inspection import add_locations, fake_resolve
from wms_tui.core.inspection.handler import InspectionDesk
from wms_tui.core.inspection.rules import StationRules
from wms_tui.core.model import (
    Barcode,
    BarcodeKind,
    MoveReason,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
    StockMove,
)
from wms_tui.core.outcome import Outcome

RULES = StationRules("S1", "PACK-1", "DOCK", "QUAR", replacement_location="SPARE-1")
SUPERVISOR = Operator("B-SUP", "Boss", frozenset({Role.SUPERVISOR}))


@dataclass(frozen=True)
class FakeScan:
    scan_id: str
    text: str
    symbology: str = ""
    operator: str = "op1"  # the inspector logged in when it was scanned
    source: str = ""


def seeded() -> FakeDatabase:
    db = FakeDatabase()
    with db.uow() as uow:
        add_locations(uow)
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL", unit_weight_g=200))
        uow.skus.add(Sku("MUG", "马克杯", "Mug"))
        uow.skus.add_barcode(Barcode("6901234567892", "TEE"))
        uow.skus.add_barcode(Barcode("16901234567899", "TEE", BarcodeKind.PACKAGING, 2))
        uow.skus.add_barcode(Barcode("6909876543210", "MUG"))
        uow.operators.add(SUPERVISOR)
        uow.orders.add(
            Order("T1", "taobao", "店", OrderStatus.PICKED, [OrderLine(1, "TEE", 3)], waybill="YT1")
        )
        for n, (sku, qty) in enumerate((("TEE", 10), ("MUG", 5)), start=1):
            for location in ("PACK-1", "SPARE-1"):
                uow.ledger.post(
                    StockMove(
                        f"m{n}{location}", sku, qty, "@supplier", location, MoveReason.RECEIPT
                    )
                )
        uow.commit()
    return db


class Station:
    """A station that commits what its handler accepted, as the scan pipeline does."""

    _ids = itertools.count(1)

    def __init__(self, db: FakeDatabase, rules: StationRules = RULES) -> None:
        self.db = db
        self.desk = InspectionDesk(rules, FixedClock(), resolver=fake_resolve)

    def scan(self, text: str) -> Outcome:
        with self.db.uow() as uow:
            outcome = self.desk.handle_scan(uow, FakeScan(f"s{next(self._ids)}", text))
            uow.commit()
        return outcome

    def uow(self) -> FakeUnitOfWork:
        return self.db.uow()
