"""The import store over the fake repositories: the same answers, one code at a time."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from wms_tui.core.errors import DuplicateEntry
from wms_tui.core.imports.known import OrderBatch
from wms_tui.core.model import KitComponent, Location, Order, Sku
from wms_tui.core.ports import Ledger, LocationRepository, OrderRepository, SkuRepository
from wms_tui.core.receiving.records import PoLine, PurchaseOrder, ReceivingRepository


class FakeImportStore:
    def __init__(
        self,
        skus: SkuRepository,
        locations: LocationRepository,
        orders: OrderRepository,
        ledger: Ledger,
        receiving: ReceivingRepository,
    ) -> None:
        self._skus, self._locations, self._orders, self._ledger = skus, locations, orders, ledger
        self._receiving = receiving

    def purchase_orders(
        self, po_nos: Collection[str]
    ) -> dict[str, tuple[PurchaseOrder, list[PoLine]]]:
        found = {no: self._receiving.po(no) for no in po_nos}
        return {no: (po, self._receiving.lines(no)) for no, po in found.items() if po}

    def skus(self, codes: Collection[str]) -> dict[str, Sku]:
        return self._skus.get_many(codes)

    def barcode_owners(self, codes: Collection[str]) -> dict[str, str]:
        found = {code: self._skus.barcode(code) for code in codes}
        return {code: barcode.sku_code for code, barcode in found.items() if barcode}

    def components(self, kit_codes: Collection[str]) -> dict[str, list[KitComponent]]:
        found = {code: self._skus.components(code) for code in kit_codes}
        return {code: parts for code, parts in found.items() if parts}

    def locations(self, codes: Collection[str]) -> dict[str, Location]:
        found = {code: self._locations.get(code) for code in codes}
        return {code: location for code, location in found.items() if location}

    def orders(self, order_nos: Collection[str]) -> dict[str, Order]:
        found = {no: self._orders.get(no) for no in order_nos}
        return {no: order for no, order in found.items() if order}

    def order_holders(self, codes: Collection[str]) -> dict[str, str]:
        found = {code: self._orders.find_by_code(code) for code in codes}
        return {code: order.order_no for code, order in found.items() if order}

    def levels(self, pairs: Collection[tuple[str, str]]) -> dict[tuple[str, str], int]:
        found = {pair: self._ledger.level(*pair) for pair in pairs}
        return {pair: qty for pair, qty in found.items() if qty}

    def shape_orders(self, orders: Sequence[Order]) -> OrderBatch:
        return OrderBatch(tuple(orders))

    def add_orders(self, batch: OrderBatch) -> int:
        inserted = 0
        for order in batch.orders:
            try:
                self._orders.add(order)
            except DuplicateEntry:
                continue
            inserted += 1
        return inserted
