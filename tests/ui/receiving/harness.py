"""A receiving station over the fakes: a receiver, two open purchase orders, bins, and the
helper that opens the receiving screen from home."""

from __future__ import annotations

from datetime import UTC, date, datetime

from textual.pilot import Pilot

from tests.fakes import FakeDatabase
from tests.ui.harness import Station, ean13, open_from_home
from wms_tui.core.model import (
    Barcode,
    BarcodeKind,
    Location,
    LocationKind,
    MoveReason,
    Operator,
    Role,
    Sku,
    StockMove,
)
from wms_tui.core.receiving.records import PoLine, PurchaseOrder
from wms_tui.ui.receiving.screen import ReceivingScreen

RECEIVER = "OP-RCV-1"
TEE, CAP, MUG = ean13("694100000001"), ean13("694100000002"), ean13("694100000003")
CASE_OF_6 = ean13("694100000004")
AT = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


def seed_receiving(db: FakeDatabase) -> None:
    with db.uow() as uow:
        uow.operators.add(Operator(RECEIVER, "曹颖", frozenset({Role.RECEIVER})))
        places = (("RCV-01", LocationKind.RECEIVING, 0), ("QUA-01", LocationKind.QUARANTINE, 0),
                  ("@supplier", LocationKind.VIRTUAL, 0), ("B-01-1", LocationKind.BIN, 5),
                  ("B-01-2", LocationKind.BIN, 6), ("TOTE-01", LocationKind.TOTE, 90))  # fmt: skip
        for code, kind, walk in places:
            uow.locations.add(Location(code, kind, walk))
        skus = (
            ("TEE-W-XL", TEE, "纯棉圆领T恤 白色", "Cotton crew-neck tee, white"),
            ("CAP-01", CAP, "棒球帽", "Baseball cap"), ("MUG-1", MUG, "陶瓷马克杯", "Mug"),
        )  # fmt: skip
        for sku, code, zh, en in skus:
            uow.skus.add(Sku(sku, zh, en, "XL"))
            uow.skus.add_barcode(Barcode(code, sku))
        uow.skus.add_barcode(Barcode(CASE_OF_6, "TEE-W-XL", BarcodeKind.PACKAGING, 6))
        # The cap lives in B-01-2 already: put-away suggests its home.
        uow.ledger.post(StockMove("home", "CAP-01", 2, "@supplier", "B-01-2", MoveReason.RECEIPT))
        uow.receiving.add_pos(
            [PurchaseOrder("PO-2612-001", "义乌百货", "DN-8801", date(2026, 11, 24),
                           imported_at=AT),
             PurchaseOrder("PO-2612-002", "广州服装厂", "", None, imported_at=AT)],
            [PoLine("PO-2612-001", 1, "TEE-W-XL", 8), PoLine("PO-2612-001", 2, "CAP-01", 3),
             PoLine("PO-2612-002", 1, "MUG-1", 12)],
        )  # fmt: skip
        uow.commit()


async def open_receiving(pilot: Pilot[None], station: Station) -> ReceivingScreen:
    return await open_from_home(pilot, station, RECEIVER, "f5", ReceivingScreen)
