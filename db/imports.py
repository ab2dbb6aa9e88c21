"""The import store: a file's codes read in sets, its orders written in a few statements.

Reads go in chunks of codes (`IN (...)` with one parameter a code: SQLite takes 32,766
of them, PostgreSQL 65,535) so a 100,000-line file costs tens of statements, not hundreds
of thousands. Orders and their lines go in as `InsertMany` (db/statements.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from itertools import islice
from typing import Any, cast

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from db import statements as sql
from db.converters import location_from_row, order_from_rows, sku_from_row
from db.models import KitComponentRow
from db.receiving.models import PoLineRow, PurchaseOrderRow
from db.statements import InsertMany, Shaped, run, table
from wms_tui.core.imports.known import OrderBatch
from wms_tui.core.model import KitComponent, Location, Order, Sku, phone_tail
from wms_tui.core.receiving.records import PoLine, PoStatus, PurchaseOrder

_CHUNK = 5000
COMPONENTS = table(KitComponentRow)

_SKUS = select(sql.SKUS).where(sql.SKUS.c.code.in_(bindparam("codes", expanding=True)))
_BARCODES = select(sql.BARCODES.c.code, sql.BARCODES.c.sku_code).where(
    sql.BARCODES.c.code.in_(bindparam("codes", expanding=True))
)
_COMPONENTS = select(COMPONENTS).where(
    COMPONENTS.c.kit_code.in_(bindparam("codes", expanding=True))
)
_LOCATIONS = select(sql.LOCATIONS).where(
    sql.LOCATIONS.c.code.in_(bindparam("codes", expanding=True))
)
_ORDERS = select(sql.ORDERS).where(sql.ORDERS.c.order_no.in_(bindparam("codes", expanding=True)))
_LINES = (
    select(sql.ORDER_LINES)
    .where(sql.ORDER_LINES.c.order_no.in_(bindparam("codes", expanding=True)))
    .order_by(sql.ORDER_LINES.c.order_no, sql.ORDER_LINES.c.line_no)
)
# Order of priority as OrderRepository.find_by_code: the number, the waybill, the platform's.
_HOLDER_COLUMNS = ("order_no", "waybill", "platform_order_no")
_HOLDERS = {
    column: select(sql.ORDERS.c.order_no, sql.ORDERS.c[column].label("code")).where(
        sql.ORDERS.c[column].in_(bindparam("codes", expanding=True))
    )
    for column in _HOLDER_COLUMNS
}
_POS = select(table(PurchaseOrderRow)).where(
    table(PurchaseOrderRow).c.po_no.in_(bindparam("codes", expanding=True))
)
_PO_LINES = (
    select(table(PoLineRow))
    .where(table(PoLineRow).c.po_no.in_(bindparam("codes", expanding=True)))
    .order_by(table(PoLineRow).c.po_no, table(PoLineRow).c.line_no)
)
_LEVELS = select(sql.LEVELS.c.sku_code, sql.LEVELS.c.location, sql.LEVELS.c.qty).where(
    sql.LEVELS.c.sku_code.in_(bindparam("codes", expanding=True))
)
# What an imported order has; verified_* stay NULL until inspection passes it.
_ORDER_COLUMNS = [
    "order_no", "platform", "platform_order_no", "shop", "buyer", "courier", "waybill",
    "receiver", "phone", "phone_tail", "address", "status", "buyer_remark", "seller_remark",
    "paid_at", "priority", "merged_from", "hold_reason", "version", "imported_at",
    "refunded_at",
]  # fmt: skip
_ORDER_INSERT = InsertMany(
    sql.ORDERS,
    _ORDER_COLUMNS,
    lambda insert: insert.on_conflict_do_nothing(),
    returning=sql.ORDERS.c.order_no,  # PostgreSQL counts what it returns
)
_LINE_COLUMNS = ["order_no", "line_no", "sku_code", "qty", "is_gift", "kit_code"]
_LINE_INSERT = InsertMany(sql.ORDER_LINES, _LINE_COLUMNS, lambda insert: insert)


def _chunks(codes: Collection[str]) -> Iterator[list[str]]:
    ordered = iter(sorted(codes))
    while chunk := list(islice(ordered, _CHUNK)):
        yield chunk


class SqlImportStore:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _rows(self, statement: Any, codes: Collection[str]) -> Iterator[Row[Any]]:
        for chunk in _chunks(codes):
            yield from run(self._session, statement, {"codes": chunk})

    def skus(self, codes: Collection[str]) -> dict[str, Sku]:
        return {row.code: sku_from_row(row) for row in self._rows(_SKUS, codes)}

    def barcode_owners(self, codes: Collection[str]) -> dict[str, str]:
        return {row.code: row.sku_code for row in self._rows(_BARCODES, codes)}

    def components(self, kit_codes: Collection[str]) -> dict[str, list[KitComponent]]:
        found: dict[str, list[KitComponent]] = {}
        for row in self._rows(_COMPONENTS, kit_codes):
            found.setdefault(row.kit_code, []).append(
                KitComponent(row.kit_code, row.component_code, row.qty)
            )
        return found

    def locations(self, codes: Collection[str]) -> dict[str, Location]:
        return {row.code: location_from_row(row) for row in self._rows(_LOCATIONS, codes)}

    def orders(self, order_nos: Collection[str]) -> dict[str, Order]:
        heads = {row.order_no: row for row in self._rows(_ORDERS, order_nos)}
        lines: dict[str, list[Row[Any]]] = {}
        for row in self._rows(_LINES, heads):
            lines.setdefault(row.order_no, []).append(row)
        return {no: order_from_rows(head, lines.get(no, [])) for no, head in heads.items()}

    def order_holders(self, codes: Collection[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for column in _HOLDER_COLUMNS:  # the first column to name a code wins
            for row in self._rows(_HOLDERS[column], set(codes) - set(found)):
                found.setdefault(row.code, row.order_no)
        return found

    def purchase_orders(
        self, po_nos: Collection[str]
    ) -> dict[str, tuple[PurchaseOrder, list[PoLine]]]:
        found: dict[str, tuple[PurchaseOrder, list[PoLine]]] = {}
        for row in self._rows(_POS, po_nos):
            head = PurchaseOrder(
                row.po_no, row.supplier, row.delivery_note, row.expected, PoStatus(row.status),
                row.imported_at, row.closed_by, row.closed_at, row.version,
            )  # fmt: skip
            found[row.po_no] = (head, [])
        for row in self._rows(_PO_LINES, found):
            found[row.po_no][1].append(
                PoLine(
                    row.po_no,
                    row.line_no,
                    row.sku_code,
                    row.ordered,
                    row.received,
                    row.lot,
                    row.expiry,
                )
            )
        return found

    def levels(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], int]:
        wanted = set(pairs)
        return {
            (row.sku_code, row.location): int(row.qty)
            for row in self._rows(_LEVELS, {sku for sku, _location in wanted})
            if (row.sku_code, row.location) in wanted
        }

    def shape_orders(self, orders: Sequence[Order]) -> OrderBatch:
        lines = [
            {
                "order_no": order.order_no,
                "line_no": line.line_no,
                "sku_code": line.sku_code,
                "qty": line.qty,
                "is_gift": line.is_gift,
                "kit_code": line.kit_code,
            }
            for order in orders
            for line in order.lines
        ]
        heads = _ORDER_INSERT.shape(self._session, [_order_values(order) for order in orders])
        return OrderBatch(tuple(orders), (heads, _LINE_INSERT.shape(self._session, lines)))

    def add_orders(self, batch: OrderBatch) -> int:
        if not batch.orders:
            return 0
        if not isinstance(batch.shaped, tuple):
            batch = self.shape_orders(batch.orders)
        heads, lines = cast(tuple[Shaped, Shaped], batch.shaped)
        inserted = _ORDER_INSERT.run_shaped(self._session, heads)
        if inserted != heads.count:
            return inserted  # some existed already: the caller rolls back and checks again
        _LINE_INSERT.run_shaped(self._session, lines)
        return inserted


def _order_values(order: Order) -> dict[str, object]:
    return {
        "order_no": order.order_no,
        "platform": order.platform,
        "platform_order_no": order.platform_order_no,
        "shop": order.shop,
        "buyer": order.buyer,
        "courier": order.courier,
        "waybill": order.waybill,
        "receiver": order.receiver,
        "phone": order.phone,
        "phone_tail": phone_tail(order.phone),
        "address": order.address,
        "status": order.status.value,
        "buyer_remark": order.buyer_remark,
        "seller_remark": order.seller_remark,
        "paid_at": order.paid_at,
        "priority": order.priority,
        "merged_from": order.merged_from,
        "hold_reason": order.hold_reason,
        "version": order.version,
        "imported_at": order.imported_at,
        "refunded_at": order.refunded_at,
    }
