"""Checking a whole file before anything is written: every problem is collected.

A file with any bad row is rejected whole, so the operator fixes the file once instead of
finding problems one at a time after half of it went in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from wms_tui.core.couriers import IMPORT_CHOICES
from wms_tui.core.errors import InvalidQuantity
from wms_tui.core.imports.cells import (
    RowReader,
    expand_line,
    map_columns,
    parse_kit,
    rows_of,
    same_order_content,
)
from wms_tui.core.imports.columns import (
    FLAGS,
    IMPORT_STATUSES,
    KIT_MODES,
    LOCATION_KINDS,
    PLATFORMS,
)
from wms_tui.core.imports.purchase_orders import check_purchase_orders
from wms_tui.core.imports.table import (
    ImportKind,
    ImportLookup,
    OrderRecord,
    PoRecord,
    Problem,
    SkuRecord,
    StockRecord,
    Table,
    reject,
)
from wms_tui.core.model import (
    Barcode,
    BarcodeKind,
    KitComponent,
    KitMode,
    Location,
    LocationKind,
    Order,
    OrderLine,
    OrderStatus,
    Sku,
    parse_quantity,
)

R = TypeVar("R")
Record = SkuRecord | Location | StockRecord | OrderRecord | PoRecord


def _run(
    kind: ImportKind,
    table: Table,
    check: Callable[[list[RowReader], list[Problem]], list[R]],
    ignore: frozenset[str] = frozenset(),
) -> list[R]:
    problems = map_columns(kind, table, ignore)[1]
    if problems:
        raise reject(table.file, [table.place(p) for p in problems])
    rows = list(rows_of(table, kind))
    if not rows:
        # A header and nothing else is an export gone wrong, not "0 rows imported".
        raise reject(table.file, [Problem(table.file, 0, "", "", "import.no_rows")])
    records = check(rows, problems)
    for row in rows:
        problems.extend(row.problems)
    if problems:
        problems.sort(key=lambda p: p.row)
        raise reject(table.file, [table.place(p) for p in problems])
    return records


def validate(
    kind: ImportKind, table: Table, lookup: ImportLookup, ignore: frozenset[str] = frozenset()
) -> list[Record]:
    """Raises ImportRejected listing every problem, or returns the records to apply.
    `ignore`: headings the operator said to drop."""
    if kind is ImportKind.SKUS:
        return list(validate_skus(table, lookup, ignore))
    if kind is ImportKind.LOCATIONS:
        return list(validate_locations(table, ignore))
    if kind is ImportKind.STOCK:
        return list(validate_stock(table, lookup, ignore))
    if kind is ImportKind.PURCHASE_ORDERS:
        return list(validate_purchase_orders(table, lookup, ignore))
    return list(validate_orders(table, lookup, ignore))


def validate_purchase_orders(
    table: Table, lookup: ImportLookup, ignore: frozenset[str] = frozenset()
) -> list[PoRecord]:
    def check(rows: list[RowReader], problems: list[Problem]) -> list[PoRecord]:
        return check_purchase_orders(rows, lookup, table.file, problems)

    return _run(ImportKind.PURCHASE_ORDERS, table, check, ignore)


# --- skus ------------------------------------------------------------------------------
def validate_skus(
    table: Table, lookup: ImportLookup, ignore: frozenset[str] = frozenset()
) -> list[SkuRecord]:
    def check(rows: list[RowReader], problems: list[Problem]) -> list[SkuRecord]:
        codes: dict[str, int] = {}
        for row in rows:
            code = row.cells.get("sku", "")
            if code and code in codes:
                row.add("sku", code, "import.duplicate_sku", first_row=codes[code])
            elif code:
                codes[code] = row.row
        kits = {row.row: row.cells.get("kit_components", "").strip() for row in rows}
        kit_codes = {row.cells.get("sku", "") for row in rows if kits[row.row]}
        seen: dict[str, str] = {}
        records = []
        for row in rows:
            record = _sku_row(row, lookup, set(codes), kit_codes, kits[row.row])
            if record is None:
                continue
            for barcode in record.barcodes:
                owner = seen.get(barcode.code) or lookup.barcode_owner(barcode.code)
                if barcode.code in seen or owner not in (None, record.sku.code):
                    row.add(_barcode_column(row, barcode.code), barcode.code,
                            "import.duplicate_barcode", sku=owner)  # fmt: skip
                seen[barcode.code] = record.sku.code
            records.append(record)
        return records

    return _run(ImportKind.SKUS, table, check, ignore)


def _barcode_column(row: RowReader, code: str) -> str:
    return next(
        (c for c in ("barcode", "barcode2", "pack_barcode") if row.cells.get(c) == code), ""
    )


def _sku_row(
    row: RowReader, lookup: ImportLookup, file_codes: set[str], kit_codes: set[str], kit_text: str
) -> SkuRecord | None:
    code = row.code("sku", required=True)
    name_zh, name_en = row.text("name_zh"), row.text("name_en")
    if not name_zh and not name_en and "name_zh" not in {p.column for p in row.problems}:
        row.add("name_zh", "", "import.required")
    spec, spec_en = row.text("spec"), row.text("spec_en")
    weight = row.qty("weight_g", allow_zero=True, default=0)
    price = row.price_cents("price")
    mode = row.choice("kit_mode", KIT_MODES, "import.bad_kit_mode", KitMode.KIT_BARCODE)
    barcodes: list[Barcode] = []
    for column in ("barcode", "barcode2"):
        found = row.barcode(column)
        if found is not None:
            barcodes.append(Barcode(found[0], code or "", found[1]))
    shelf_given = "min_shelf_days" in row.cells
    shelf = (
        row.qty("min_shelf_days", allow_zero=True)
        if row.cells.get("min_shelf_days", "").strip()
        else None
    )
    pack = row.barcode("pack_barcode")
    pack_qty = row.qty("pack_qty", default=0)
    if pack is not None and pack_qty is not None:
        if pack_qty < 2:
            row.add("pack_qty", row.cells.get("pack_qty", ""), "import.bad_pack_qty")
        else:
            barcodes.append(Barcode(pack[0], code or "", BarcodeKind.PACKAGING, pack_qty))
    components = _components(row, lookup, code or "", file_codes, kit_codes, kit_text)
    if code is None or row.problems or weight is None or price is None or mode is None:
        return None
    sku = Sku(code, name_zh, name_en, spec, weight, bool(components),
              mode if components else KitMode.KIT_BARCODE, unit_price_cents=price,
              spec_en=spec_en, min_shelf_days=shelf)  # fmt: skip
    existing = lookup.components(code)
    if existing and sorted(existing, key=_key) != sorted(components, key=_key):
        row.add("kit_components", kit_text, "import.kit_changed")
        return None
    return SkuRecord(row.row, sku, barcodes, components, shelf_given)


def _key(c: KitComponent) -> tuple[str, str, int]:
    return (c.kit_code, c.component_code, c.qty)


def _components(
    row: RowReader,
    lookup: ImportLookup,
    code: str,
    file_codes: set[str],
    kit_codes: set[str],
    text: str,
) -> list[KitComponent]:
    if not text:
        return []
    pairs = parse_kit(text)
    if pairs is None:
        row.add("kit_components", text, "import.bad_kit_format")
        return []
    components: dict[str, KitComponent] = {}
    for part, qty_text in pairs:
        known = lookup.sku(part)
        if part not in file_codes and known is None:
            row.add("kit_components", part, "import.unknown_kit_component")
        elif part == code or part in kit_codes or (known is not None and known.is_kit):
            row.add("kit_components", part, "import.kit_in_kit")
        elif part in components:
            row.add("kit_components", part, "import.bad_kit_format")
        else:
            try:
                components[part] = KitComponent(code, part, parse_quantity(qty_text))
            except InvalidQuantity:
                row.add("kit_components", qty_text, "import.bad_quantity")
    return list(components.values())


# --- locations -----------------------------------------------------------------------
def validate_locations(table: Table, ignore: frozenset[str] = frozenset()) -> list[Location]:
    def check(rows: list[RowReader], problems: list[Problem]) -> list[Location]:
        seen: dict[str, int] = {}
        locations = []
        for row in rows:
            code = row.code("code", required=True)
            kind = row.choice("kind", LOCATION_KINDS, "import.bad_kind", None)
            if kind is None and row.cells.get("kind", "").strip() == "":
                row.add("kind", "", "import.required")
            zone = row.text("zone")
            walk = row.qty("walk_order", allow_zero=True, default=0)
            station = row.code("station_id")
            if code is not None and code in seen:
                row.add("code", code, "import.duplicate_location", first_row=seen[code])
            elif code is not None:
                seen[code] = row.row
            if code is not None and kind is not None and walk is not None and station is not None:
                locations.append(Location(code, kind, walk, zone, station_id=station or None))
        return locations

    return _run(ImportKind.LOCATIONS, table, check, ignore)


# --- stock -----------------------------------------------------------------------------
def validate_stock(
    table: Table, lookup: ImportLookup, ignore: frozenset[str] = frozenset()
) -> list[StockRecord]:
    """A stock file states what is there: a quantity may be 0 (the location is empty)."""

    def check(rows: list[RowReader], problems: list[Problem]) -> list[StockRecord]:
        records = []
        for row in rows:
            sku = row.code("sku", required=True)
            location = row.code("location", required=True, allow_virtual=True)
            qty = row.qty("qty", allow_zero=True)
            found = lookup.location(location) if location else None
            if sku is not None and lookup.sku(sku) is None:
                row.add("sku", sku, "import.unknown_sku")
            elif sku is not None and lookup.components(sku):
                row.add("sku", sku, "import.kit_stock")
            if location is not None and found is None:
                row.add("location", location, "import.unknown_location")
            elif found is not None and found.kind is LocationKind.VIRTUAL:
                row.add("location", location or "", "import.virtual_location")
            elif found is not None and found.frozen:
                # The count decides what is there; a file must not set it underneath.
                row.add("location", location or "", "import.frozen_location")
            if sku and location and qty is not None and not row.problems:
                records.append(StockRecord(row.row, sku, location, qty))
        return records

    return _run(ImportKind.STOCK, table, check, ignore)


# --- orders ----------------------------------------------------------------------------
_HEADER_FIELDS = (
    "platform", "platform_order_no", "shop", "buyer", "courier", "waybill", "status",
    "paid_at", "priority", "buyer_remark", "seller_remark", "merged_from", "receiver",
    "phone", "address", "refunded_at",
)  # fmt: skip


@dataclass
class _Draft:
    row: int
    header: dict[str, object]
    raw: dict[str, str]
    lines: list[OrderLine] = field(default_factory=list)
    bad: bool = False  # some row of it has a problem: nothing is built
    header_bad: bool = False  # its first row's order fields are unusable for comparison


def validate_orders(
    table: Table, lookup: ImportLookup, ignore: frozenset[str] = frozenset()
) -> list[OrderRecord]:
    def check(rows: list[RowReader], problems: list[Problem]) -> list[OrderRecord]:
        drafts: dict[str, _Draft] = {}
        for row in rows:
            _order_row(row, lookup, drafts)
        return _finish_orders(drafts, lookup, table.file, problems)

    return _run(ImportKind.ORDERS, table, check, ignore)


def _order_row(row: RowReader, lookup: ImportLookup, drafts: dict[str, _Draft]) -> None:
    order_no = row.code("order_no", required=True)
    header: dict[str, object] = {
        "platform": row.choice("platform", PLATFORMS, "import.bad_platform", None),
        "platform_order_no": row.code("platform_order_no"),
        "shop": row.text("shop"),
        "buyer": row.text("buyer"),
        "courier": row.choice("courier", IMPORT_CHOICES, "import.bad_courier", ""),
        "waybill": row.code("waybill"),
        "status": row.choice("status", IMPORT_STATUSES, "import.bad_status", OrderStatus.PENDING),
        "paid_at": row.when("paid_at"),
        "refunded_at": row.when("refunded_at"),
        "priority": row.qty("priority", allow_zero=True, default=0),
        "buyer_remark": row.text("buyer_remark"),
        "seller_remark": row.text("seller_remark"),
        "merged_from": row.text("merged_from"),
        "receiver": row.text("receiver"),
        "phone": row.text("phone"),
        "address": row.text("address"),
    }
    if header["platform"] is None and not row.cells.get("platform", "").strip():
        row.add("platform", "", "import.required")
    if header["waybill"] and not header["courier"] and "courier" not in _bad(row):
        row.add("courier", row.cells.get("courier", ""), "import.waybill_without_courier")
    sku = row.code("sku", required=True)
    qty = row.qty("qty")
    gift = row.choice("is_gift", FLAGS, "import.bad_flag", False)
    if sku is not None and lookup.sku(sku) is None:
        row.add("sku", sku, "import.unknown_sku")
    if order_no is None:
        return
    draft = drafts.get(order_no)
    if draft is None:
        draft = drafts[order_no] = _Draft(row.row, header, dict(row.cells))
        draft.header_bad = bool(_bad(row) & set(_HEADER_FIELDS))
    elif not draft.header_bad:
        for name in _HEADER_FIELDS:
            # Some exports fill order fields on the first line only: blank means "as above".
            blank = not row.cells.get(name, "").strip()
            if not blank and name not in _bad(row) and header[name] != draft.header[name]:
                row.add(name, row.cells.get(name, ""), "import.order_conflict",
                        first_row=draft.row, first=draft.raw.get(name, ""))  # fmt: skip
    if row.problems or sku is None or qty is None or gift is None:
        draft.bad = True
    else:
        line_no = len(draft.lines) + 1
        draft.lines.extend(expand_line(line_no, sku, qty, gift, lookup.components))


def _bad(row: RowReader) -> set[str]:
    return {p.column for p in row.problems}


def _finish_orders(
    drafts: dict[str, _Draft], lookup: ImportLookup, file: str, problems: list[Problem]
) -> list[OrderRecord]:
    records = []
    waybills: dict[str, str] = {}
    for order_no, draft in drafts.items():
        h = draft.header
        if draft.bad:
            continue
        order = Order(
            order_no=order_no, platform=str(h["platform"]), shop=str(h["shop"]),
            status=OrderStatus.PENDING, lines=draft.lines,
            platform_order_no=str(h["platform_order_no"]), buyer=str(h["buyer"]),
            courier=str(h["courier"]), waybill=str(h["waybill"]),
            buyer_remark=str(h["buyer_remark"]), seller_remark=str(h["seller_remark"]),
            paid_at=h["paid_at"], priority=int(str(h["priority"])),  # type: ignore[arg-type]
            merged_from=str(h["merged_from"]), receiver=str(h["receiver"]),
            phone=str(h["phone"]), address=str(h["address"]),
            refunded_at=h["refunded_at"],  # type: ignore[arg-type]
        )  # fmt: skip
        existing = lookup.order(order_no)
        if existing is not None and not same_order_content(existing, order):
            problems.append(
                Problem(file, draft.row, "order_no", order_no, "import.duplicate_order")
            )
            continue
        if order.waybill:
            holder = waybills.get(order.waybill)
            owner = lookup.order_by_code(order.waybill)
            if holder is None and owner is not None and owner.order_no != order_no:
                holder = owner.order_no
            if holder is not None:
                params: dict[str, object] = {"order": holder}
                msgid = "import.duplicate_waybill"
                problems.append(Problem(file, draft.row, "waybill", order.waybill, msgid, params))
                continue
            waybills[order.waybill] = order_no
        records.append(OrderRecord(draft.row, order, h["status"] is OrderStatus.CONFIRMED))
    return records
