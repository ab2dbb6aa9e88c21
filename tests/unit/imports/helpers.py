"""A small warehouse to import into, and tables built in memory."""

from __future__ import annotations

from tests.fakes import FakeDatabase
from wms_tui.core.imports import ImportKind, Table
from wms_tui.core.model import (
    VIRTUAL_LOCATIONS,
    Barcode,
    KitComponent,
    KitMode,
    Location,
    LocationKind,
    Order,
    OrderLine,
    OrderStatus,
    Sku,
)
from wms_tui.core.ports import UnitOfWork, UnitOfWorkFactory

TEE_EAN = "6901234567892"
MUG_EAN = "6920000000012"


def factory(db: FakeDatabase) -> UnitOfWorkFactory:
    return db.uow


def seeded() -> FakeDatabase:
    db = FakeDatabase()
    with factory(db)() as uow:
        seed(uow)
        uow.commit()
    return db


def seed(uow: UnitOfWork) -> None:
    uow.skus.add(Sku("TEE-W-XL", "纯棉圆领T恤", "Cotton crew-neck T-shirt", "白色 XL"))
    uow.skus.add(Sku("MUG-1", "陶瓷马克杯", "Ceramic mug"))
    uow.skus.add(Sku("KIT-1", "T恤马克杯套装", "Tee and mug set", is_kit=True))
    uow.skus.add(Sku("KIT-2", "双杯套装", "Two mugs", is_kit=True, kit_mode=KitMode.EACH_COMPONENT))
    uow.skus.add_barcode(Barcode(TEE_EAN, "TEE-W-XL"))
    uow.skus.add_barcode(Barcode(MUG_EAN, "MUG-1"))
    uow.skus.add_component(KitComponent("KIT-1", "TEE-W-XL", 1))
    uow.skus.add_component(KitComponent("KIT-1", "MUG-1", 2))
    uow.skus.add_component(KitComponent("KIT-2", "MUG-1", 2))
    for code in VIRTUAL_LOCATIONS:
        uow.locations.add(Location(code, LocationKind.VIRTUAL))
    uow.locations.add(Location("A-01-1", LocationKind.BIN, 10, "A"))
    uow.locations.add(Location("A-01-2", LocationKind.BIN, 20, "A"))
    uow.orders.add(
        Order(
            "SO-1",
            "taobao",
            "旗舰店",
            OrderStatus.PENDING,
            [OrderLine(1, "MUG-1", 1)],
            courier="SF",
            waybill="SF100000000001",
        )
    )


def table(header: list[str], *rows: list[str], file: str = "test.csv") -> Table:
    return Table(
        file,
        header,
        [(n, dict(zip(header, row, strict=True))) for n, row in enumerate(rows, start=2)],
    )


SKU_HEADER = ["sku", "name_zh", "name_en", "spec", "barcode", "barcode2", "pack_barcode",
              "pack_qty", "weight_g", "price", "kit_components", "kit_mode"]  # fmt: skip
ORDER_HEADER = ["order_no", "platform", "shop", "courier", "waybill", "status", "paid_at",
                "buyer_remark", "sku", "qty", "is_gift"]  # fmt: skip


def sku_row(**cells: str) -> list[str]:
    values = {"sku": "NEW-1", "name_zh": "新商品", "name_en": "New item"} | cells
    return [values.get(h, "") for h in SKU_HEADER]


def order_row(**cells: str) -> list[str]:
    values = {"order_no": "SO-9", "platform": "jd", "shop": "京东店", "sku": "MUG-1", "qty": "1"}
    values |= cells
    return [values.get(h, "") for h in ORDER_HEADER]


STOCK = ["sku", "location", "qty"]
PO_HEADER = ["po_no", "supplier", "delivery_note", "expected", "sku", "qty", "lot", "expiry"]


def po_row(**cells: str) -> list[str]:
    values = {"po_no": "PO-9", "supplier": "义乌百货", "sku": "MUG-1", "qty": "10"} | cells
    return [values.get(h, "") for h in PO_HEADER]


# One good file of each kind: imported here by test_apply and on both engines by
# tests/integration/imports.
GOOD: list[tuple[ImportKind, Table]] = [
    (ImportKind.SKUS, table(SKU_HEADER, sku_row(barcode="6930000000011", pack_qty="6",
                                                pack_barcode="16930000000018", price="12.5"),
                            sku_row(sku="NEW-2", kit_components="NEW-1*2;MUG-1*1"))),
    (ImportKind.LOCATIONS, table(["code", "kind", "zone", "walk_order"],
                                 ["B-01-1", "bin", "B", "30"], ["QUA-01", "隔离区", "", ""])),
    (ImportKind.STOCK, table(STOCK, ["MUG-1", "A-01-1", "5"], ["MUG-1", "A-01-2", "5"])),
    (ImportKind.ORDERS, table(ORDER_HEADER, order_row(status="confirmed", courier="ZTO",
                                                      waybill="73100000000001"),
                              order_row(sku="KIT-1", qty="2", is_gift="否"))),
    # Two purchase orders; the second line names its SKU by barcode, "as above" for the PO.
    (ImportKind.PURCHASE_ORDERS, table(PO_HEADER,
        po_row(po_no="PO-1", delivery_note="DN-1", expected="2026-12-08", sku="TEE-W-XL"),
        po_row(po_no="PO-1", supplier="", sku=MUG_EAN, qty="5", lot="L1", expiry="2027/6/30"),
        po_row(po_no="PO-2", supplier="广州工厂", expected="20261209", qty="3"))),
]  # fmt: skip
