"""The demo warehouse's plan: what to create, drawn from a seeded random generator."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from wms_tui.bootstrap.demo.catalog import (
    BUYER_REMARKS,
    BUYERS,
    HOLD_REASONS,
    PRODUCTS,
    SELLER_REMARKS,
    STATUS_PLAN,
    waybill_for,
)
from wms_tui.bootstrap.demo.specs import spec_en
from wms_tui.core.codes import gs1_check_digit
from wms_tui.core.imports import SkuRecord, expand_line
from wms_tui.core.model import (
    VIRTUAL_LOCATIONS,
    Barcode,
    BarcodeKind,
    KitComponent,
    KitMode,
    Location,
    LocationKind,
    Order,
    OrderLine,
    OrderStatus,
    Role,
    Sku,
)

SEED = 20261123
DEMO_NS = uuid.UUID("0f6a3c1e-2b7d-4e59-8c11-6d0a9e7b3f42")
ROLE_TAGS = {
    Role.PICKER: "PIC", Role.INSPECTOR: "INS", Role.STOCKTAKER: "STK",
    Role.RECEIVER: "RCV", Role.SUPERVISOR: "SUP", Role.ADMIN: "ADM", Role.DOCK: "DOC",
    Role.COURIER: "COU",  # the couriers' drivers: their badges sign for parcels at the dock
    Role.SERVICE: "SVC",  # customer service: the order desk
    Role.RETURNS: "RET",  # the returns clerk
}  # fmt: skip
# Supervisors and admins need six digits at least (operators.STRONG_PIN).
PINS = {Role.SUPERVISOR: "123456", Role.ADMIN: "246802", Role.SERVICE: "1357"}
AISLES, RACKS, LEVELS = "ABCDE", 5, 2
OUT_OF_STOCK = 3  # the last few SKUs have none: their orders wait on hold


@dataclass(frozen=True)
class DemoOperator:
    badge: str
    name: str
    role: Role
    pin: str | None


@dataclass(frozen=True)
class DemoInfo:
    created: bool
    operators: list[DemoOperator]
    inspect_waybill: str  # an order in status picked: scan it at a packing station
    released_order: str  # on a wave, ready to pick
    count_location: str
    sku_barcode: str
    packaging_barcode: str
    kit_barcode: str
    purchase_order: str = ""  # open, on its way: scan it at a receiving station


@dataclass
class _PlannedOrder:
    order: Order
    target: OrderStatus
    raw_lines: list[tuple[str, int, bool]]
    station: str = "PACK-01"
    hold_reason: str = ""


@dataclass
class _Plan:
    skus: list[SkuRecord] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    stock: list[tuple[str, str, int]] = field(default_factory=list)
    orders: list[_PlannedOrder] = field(default_factory=list)
    home: dict[str, str] = field(default_factory=dict)


def _ean(rng: random.Random, used: set[str]) -> str:
    while True:
        body = f"69{rng.randrange(10)}" + "".join(str(rng.randrange(10)) for _ in range(9))
        code = body + gs1_check_digit(body)
        if code not in used:
            used.add(code)
            return code


def _skus(rng: random.Random) -> list[SkuRecord]:
    used: set[str] = set()
    records: list[SkuRecord] = []
    for p, (prefix, zh, en, specs, weight, price) in enumerate(PRODUCTS, start=1):
        for v, spec in enumerate(specs, start=1):
            code = f"{prefix}{p:02d}-{v:02d}"
            sku = Sku(code, zh, en, spec, weight, unit_price_cents=price, spec_en=spec_en(spec))
            ean = _ean(rng, used)
            barcodes = [Barcode(ean, code)]
            if len(records) % 10 == 3:
                barcodes.append(Barcode(_ean(rng, used), code))
            if len(records) % 10 == 7:
                gtin = "1" + ean[:-1]  # GTIN-14: packaging indicator 1, then the unit's digits
                barcodes.append(
                    Barcode(gtin + gs1_check_digit(gtin), code, BarcodeKind.PACKAGING, 6)
                )  # fmt: skip
            records.append(SkuRecord(0, sku, barcodes, []))
    face = [r.sku.code for r in records if r.sku.code.startswith("CO")][:3]
    snacks = [r.sku.code for r in records if r.sku.code.startswith("SN")][:4]
    kit1 = Sku("KIT-01", "护肤三件套", "Skincare trio", "礼盒装", 0, True, KitMode.KIT_BARCODE,
               unit_price_cents=19900, spec_en=spec_en("礼盒装"))  # fmt: skip
    kit2 = Sku("KIT-02", "零食大礼包", "Snack gift box", "4 袋", 0, True,
               KitMode.EACH_COMPONENT, unit_price_cents=8800, spec_en=spec_en("4 袋"))  # fmt: skip
    records.append(SkuRecord(0, kit1, [Barcode(_ean(rng, used), "KIT-01")],
                             [KitComponent("KIT-01", c, 1) for c in face]))  # fmt: skip
    records.append(SkuRecord(0, kit2, [], [KitComponent("KIT-02", c, 1) for c in snacks]))
    return records


def _locations() -> list[Location]:
    locations = [Location(code, LocationKind.VIRTUAL) for code in VIRTUAL_LOCATIONS]
    walk = 0
    for a, aisle in enumerate(AISLES):
        racks = range(1, RACKS + 1) if a % 2 == 0 else range(RACKS, 0, -1)  # snake the aisles
        for rack in racks:
            for level in range(1, LEVELS + 1):
                walk += 10
                locations.append(Location(f"{aisle}-{rack:02d}-{level}", LocationKind.BIN,
                                          walk, aisle))  # fmt: skip
    locations += [
        Location("RCV-01", LocationKind.RECEIVING, 0, "IN"),
        Location("PACK-01", LocationKind.PACKING, 900, "OUT", station_id="PACK-01"),
        Location("PACK-02", LocationKind.PACKING, 910, "OUT", station_id="PACK-02"),
        Location("DOCK-01", LocationKind.DOCK, 950, "OUT"),
        Location("RET-01", LocationKind.RETURNS, 960, "IN"),
        Location("QUA-01", LocationKind.QUARANTINE, 970, "IN"),
        # Totes (周转箱): received or returned goods loaded at the desk, put away later.
        Location("TOTE-01", LocationKind.TOTE, 980, "IN"),
        Location("TOTE-02", LocationKind.TOTE, 981, "IN"),
    ]
    return locations


def plan(now: datetime, stations: tuple[str, ...]) -> _Plan:
    # Anchored on the day, so example files written the same day re-import as unchanged.
    now = now.replace(hour=0, minute=0, second=0, microsecond=0)
    rng = random.Random(SEED)
    plan = _Plan(skus=_skus(rng), locations=_locations())
    bins = [loc.code for loc in plan.locations if loc.kind is LocationKind.BIN]
    sellable = [r.sku.code for r in plan.skus if not r.sku.is_kit]
    for i, code in enumerate(sellable[:-OUT_OF_STOCK]):
        plan.home[code] = bins[i * len(bins) // len(sellable)]
        plan.stock.append((code, plan.home[code], rng.randrange(60, 160)))
    plan.stock += [(sellable[0], "RCV-01", 24), (sellable[5], "QUA-01", 2)]
    in_stock = [*sellable[: -OUT_OF_STOCK - 1], "KIT-01", "KIT-02"]
    gift = sellable[-OUT_OF_STOCK - 1]  # a sample sachet given away with some orders
    components = {r.sku.code: r.components for r in plan.skus}
    waybills: set[str] = set()
    number = 100000
    for status, count in STATUS_PLAN:
        for _ in range(count):
            number += 1
            plan.orders.append(
                _order(rng, now, number, status, in_stock, gift, components, waybills, stations)
            )
    for po in plan.orders[::37][:6]:  # merged orders name the platform orders they absorbed
        po.order.merged_from = f"{po.order.platform_order_no}1,{po.order.platform_order_no}2"
    return plan


def _order(
    rng: random.Random,
    now: datetime,
    number: int,
    status: OrderStatus,
    in_stock: list[str],
    gift: str,
    components: dict[str, list[KitComponent]],
    waybills: set[str],
    stations: tuple[str, ...],
) -> _PlannedOrder:
    platform = rng.choice(("taobao", "taobao", "tmall", "jd", "pdd", "amazon"))
    picked = rng.sample(in_stock, rng.choice((1, 1, 2, 3)))
    raw = [(code, rng.choice((1, 1, 1, 2, 3)), False) for code in picked]
    if rng.random() < 0.15:
        raw.append((gift, 1, True))
    hold = ""
    if status is OrderStatus.ON_HOLD:
        hold = rng.choice(HOLD_REASONS)
    lines: list[OrderLine] = []
    for code, qty, is_gift in raw:
        lines += expand_line(len(lines) + 1, code, qty, is_gift, lambda k: components.get(k, []))
    with_waybill = status not in (OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.ON_HOLD)
    courier, waybill, platform_no = waybill_for(rng, platform, waybills)
    order = Order(
        order_no=f"SO{number}", platform=platform,
        shop={"taobao": "悦享生活淘宝店", "tmall": "悦享天猫旗舰店", "jd": "悦享京东自营店",
              "pdd": "悦享拼多多店", "amazon": "Yuexiang Amazon"}[platform],
        status=OrderStatus.PENDING, lines=lines, platform_order_no=platform_no,
        buyer=rng.choice(BUYERS) + str(rng.randrange(10, 99)),
        courier=courier if with_waybill else "", waybill=waybill if with_waybill else "",
        buyer_remark=rng.choice(BUYER_REMARKS), seller_remark=rng.choice(SELLER_REMARKS),
        # Drawn here, after the remarks: the demo's random draws keep their order.
        paid_at=(paid := (now - timedelta(minutes=rng.randrange(30, 4320))).replace(microsecond=0)),
        priority=1 if rng.random() < 0.1 else 0,
        # The shop's export brought it in a few minutes after it was paid.
        imported_at=min(now, paid + timedelta(minutes=5)),
    )  # fmt: skip
    station = rng.choice(stations)
    if status is OrderStatus.PICKED:
        # Orders waiting for inspection sit at the first station, the one `make demo` runs.
        station = stations[0]
    return _PlannedOrder(order, status, raw, station, hold)
