"""Master data, stock and one picked order for inspection on a real database."""

from __future__ import annotations

from wms_tui.core import stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.inspection.state import StationRules
from wms_tui.core.model import (
    Barcode,
    BarcodeKind,
    Location,
    LocationKind,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
)
from wms_tui.core.ports import UnitOfWorkFactory

RULES = StationRules("S1", "PACK-1", "DOCK", "QUAR", replacement_location="SPARE-1")
RULES_2 = StationRules("S2", "PACK-2", "DOCK", "QUAR", replacement_location="SPARE-1")
SUPERVISOR = Operator("B-SUP", "Boss", frozenset({Role.SUPERVISOR}))
TEE_EAN = "6901234567892"
TEE_PACK = "16901234567899"  # a pack of 2
MUG_EAN = "6909876543210"
LOCATIONS = (
    Location("PACK-1", LocationKind.PACKING, station_id="S1"),
    Location("PACK-2", LocationKind.PACKING, station_id="S2"),
    Location("DOCK", LocationKind.DOCK),
    Location("QUAR", LocationKind.QUARANTINE),
    Location("SPARE-1", LocationKind.BIN, 2),
)


def seed(factory: UnitOfWorkFactory, *, remark: str = "") -> None:
    with factory() as uow:
        for place in LOCATIONS:
            uow.locations.add(place)
        uow.skus.add(Sku("TEE", "白色T恤", "White tee", "XL", unit_weight_g=200))
        uow.skus.add(Sku("MUG", "马克杯", "Mug"))
        uow.skus.add_barcode(Barcode(TEE_EAN, "TEE"))
        uow.skus.add_barcode(Barcode(TEE_PACK, "TEE", BarcodeKind.PACKAGING, 2))
        uow.skus.add_barcode(Barcode(MUG_EAN, "MUG"))
        uow.operators.add(SUPERVISOR)
        uow.orders.add(
            Order(
                "T1",
                "taobao",
                "店",
                OrderStatus.PICKED,
                [OrderLine(1, "TEE", 3)],
                waybill="YT1",
                buyer_remark=remark,
            )
        )
        for sku in ("TEE", "MUG"):
            for location in ("PACK-1", "PACK-2", "SPARE-1"):
                stock.receive(
                    uow,
                    SystemClock(),
                    sku_code=sku,
                    qty=10,
                    location=location,
                    operator="setup",
                    station_id="S0",
                )
        uow.commit()
