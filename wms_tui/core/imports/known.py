"""What the database knows about a file's codes, read in sets before validation.

Validation asks about every SKU, barcode, location, order and waybill of a file; asked one
row at a time that was half an import's time. The codes are collected from the table first
and read in a few statements (`ImportStore`, db/imports.py implements it), then validation
answers its questions from memory.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from wms_tui.core.imports.cells import map_columns, parse_kit
from wms_tui.core.imports.table import ImportKind, Table
from wms_tui.core.model import KitComponent, Location, Order, Sku, is_valid_code
from wms_tui.core.receiving.records import PoLine, PurchaseOrder


class ImportStore(Protocol):
    """Reads by sets and the bulk writes of an import. Codes not found are left out."""

    def skus(self, codes: Collection[str]) -> dict[str, Sku]: ...

    def barcode_owners(self, codes: Collection[str]) -> dict[str, str]:
        """Barcode -> the SKU it belongs to."""
        ...

    def components(self, kit_codes: Collection[str]) -> dict[str, list[KitComponent]]:
        """Kit code -> its components, for the kits among `kit_codes`."""
        ...

    def locations(self, codes: Collection[str]) -> dict[str, Location]: ...

    def orders(self, order_nos: Collection[str]) -> dict[str, Order]:
        """Orders with their lines, by number."""
        ...

    def order_holders(self, codes: Collection[str]) -> dict[str, str]:
        """Code -> the order it names as its order number, waybill or platform order number
        (in that order, as `OrderRepository.find_by_code`)."""
        ...

    def purchase_orders(
        self, po_nos: Collection[str]
    ) -> dict[str, tuple[PurchaseOrder, list[PoLine]]]:
        """Purchase orders with their lines, by number."""
        ...

    def levels(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """(SKU, location) -> quantity on hand, for the levels that exist."""
        ...

    def shape_orders(self, orders: Sequence[Order]) -> OrderBatch:
        """The orders and their lines as the database will write them; touches no table,
        so the rows are built before the write lock is taken."""
        ...

    def add_orders(self, batch: OrderBatch) -> int:
        """Inserts orders and their lines in a few statements; an order number that exists
        already is skipped. Returns how many were inserted: fewer than given means the
        unit of work must not be committed (the caller rolls back and checks again)."""
        ...


@dataclass(frozen=True)
class OrderBatch:
    """New orders of a file; `shaped` is their rows for the database (`shape_orders`)."""

    orders: tuple[Order, ...]
    shaped: object = None


@dataclass
class Known:
    """An ImportLookup answered from what was read in sets."""

    skus_found: dict[str, Sku] = field(default_factory=dict)
    barcodes: dict[str, str] = field(default_factory=dict)
    kits: dict[str, list[KitComponent]] = field(default_factory=dict)
    locations_found: dict[str, Location] = field(default_factory=dict)
    orders_found: dict[str, Order] = field(default_factory=dict)
    holders: dict[str, str] = field(default_factory=dict)
    pos_found: dict[str, tuple[PurchaseOrder, list[PoLine]]] = field(default_factory=dict)

    def sku(self, code: str) -> Sku | None:
        return self.skus_found.get(code)

    def barcode_owner(self, code: str) -> str | None:
        return self.barcodes.get(code)

    def components(self, kit_code: str) -> list[KitComponent]:
        return self.kits.get(kit_code, [])

    def location(self, code: str) -> Location | None:
        return self.locations_found.get(code)

    def order(self, order_no: str) -> Order | None:
        return self.orders_found.get(order_no)

    def purchase_order(self, po_no: str) -> tuple[PurchaseOrder, list[PoLine]] | None:
        return self.pos_found.get(po_no)

    def order_by_code(self, code: str) -> Order | None:
        holder = self.holders.get(code)
        if holder is None:
            return None
        # Validation only compares numbers with the holder: the number is all it needs.
        found = self.orders_found.get(holder)
        return found if found is not None else _number_only(holder)


def _number_only(order_no: str) -> Order:
    from wms_tui.core.model import OrderStatus

    return Order(order_no, "", "", OrderStatus.PENDING, [])


def _cells(table: Table, kind: ImportKind, *columns: str) -> set[str]:
    mapped = map_columns(kind, table)[0]
    headers = [mapped[c] for c in columns if c in mapped]
    return {cells.get(h, "") for _n, cells in table.rows for h in headers}


def _values(table: Table, kind: ImportKind, *columns: str) -> set[str]:
    # Only what could be a code: anything else is refused by validation without asking,
    # and PostgreSQL would refuse a NUL in a parameter outright.
    return {value for value in _cells(table, kind, *columns) if is_valid_code(value)}


def prefetch(kind: ImportKind, table: Table, store: ImportStore) -> Known:
    """Reads everything validation of `table` will ask about, in sets."""
    known = Known()
    if kind is ImportKind.SKUS:
        codes = _values(table, kind, "sku")
        for text in _cells(table, kind, "kit_components"):
            codes |= {part for part, _qty in parse_kit(text) or [] if is_valid_code(part)}
        known.skus_found = store.skus(codes)
        known.kits = store.components(codes)
        known.barcodes = store.barcode_owners(
            _values(table, kind, "barcode", "barcode2", "pack_barcode")
        )
    elif kind is ImportKind.STOCK:
        codes = _values(table, kind, "sku")
        known.skus_found = store.skus(codes)
        known.kits = store.components(codes)
        known.locations_found = store.locations(_values(table, kind, "location"))
    elif kind is ImportKind.ORDERS:
        codes = _values(table, kind, "sku")
        known.skus_found = store.skus(codes)
        known.kits = store.components(codes)
        numbers = _values(table, kind, "order_no")
        known.orders_found = store.orders(numbers)
        known.holders = store.order_holders(_values(table, kind, "waybill"))
    elif kind is ImportKind.PURCHASE_ORDERS:
        codes = _values(table, kind, "sku")
        known.skus_found = store.skus(codes)
        known.barcodes = store.barcode_owners(codes - set(known.skus_found))
        known.pos_found = store.purchase_orders(_values(table, kind, "po_no"))
    return known
