"""Applying a checked shop export: one unit of work per file, all or nothing.

Replaying the same file changes nothing: master data is upserted by code and left alone
when equal, opening balances carry move ids derived from the file content, and orders
already in the database with the same content count as unchanged.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, replace

from wms_tui.core import stock
from wms_tui.core.imports import (
    ImportKind,
    OrderRecord,
    SkuRecord,
    StockRecord,
    Table,
    validate,
    validate_locations,
    validate_orders,
    validate_skus,
    validate_stock,
)
from wms_tui.core.model import (
    VIRTUAL_LOCATIONS,
    AuditEvent,
    KitComponent,
    Location,
    LocationKind,
    MoveReason,
    Order,
    Sku,
)
from wms_tui.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from wms_tui.i18n import _

# Fixed forever: opening-balance move ids must come out the same on every station.
OPENING_BALANCE_NAMESPACE = uuid.UUID("5b0c7a52-8f7e-4d83-9a43-3b1f0d6e2c11")


@dataclass(frozen=True)
class ImportReport:
    kind: ImportKind
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    # Opening stock into a location frozen for a count is kept, not posted: it posts when
    # the count is decided. Counted apart, so nobody imports it again to "fix" the stock.
    held: int = 0
    held_at: tuple[str, ...] = ()

    def message(self) -> str:
        text = _(
            "import.report",
            file=self.file,
            kind=_("import.kind." + self.kind.value),
            rows=self.rows,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )
        if self.held:
            text += " " + _("import.held", held=self.held, locations=", ".join(self.held_at))
        return text


class UowLookup:
    """What validation may know about the database, read through a unit of work."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def sku(self, code: str) -> Sku | None:
        return self._uow.skus.get(code)

    def barcode_owner(self, code: str) -> str | None:
        barcode = self._uow.skus.barcode(code)
        return barcode.sku_code if barcode is not None else None

    def components(self, kit_code: str) -> list[KitComponent]:
        return self._uow.skus.components(kit_code)

    def location(self, code: str) -> Location | None:
        return self._uow.locations.get(code)

    def order(self, order_no: str) -> Order | None:
        return self._uow.orders.get(order_no)

    def order_by_code(self, code: str) -> Order | None:
        return self._uow.orders.find_by_code(code)


def check_table(uow_factory: UnitOfWorkFactory, kind: ImportKind, table: Table) -> int:
    """A dry run: raises ImportRejected like an import would; returns the record count."""
    with uow_factory() as uow:
        return len(validate(kind, table, UowLookup(uow)))


def import_table(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    kind: ImportKind,
    table: Table,
    operator: str,
    station_id: str,
) -> ImportReport:
    """Checks the whole table (ImportRejected before any write), then applies it at once."""
    with uow_factory() as uow:
        lookup = UowLookup(uow)
        held: list[str] = []
        if kind is ImportKind.SKUS:
            counts = _apply_skus(uow, validate_skus(table, lookup))
        elif kind is ImportKind.LOCATIONS:
            counts = _apply_locations(uow, validate_locations(table))
        elif kind is ImportKind.STOCK:
            records = validate_stock(table, lookup)
            counts, held = _apply_stock(uow, clock, table, records, operator, station_id)
        else:
            counts = _apply_orders(uow, validate_orders(table, lookup))
        rows = sum(1 for _n, cells in table.rows if any(v.strip() for v in cells.values()))
        held_at = tuple(sorted(set(held)))
        report = ImportReport(kind, table.file, rows, *counts, len(held), held_at)
        detail = f"rows={rows} created={counts[0]} updated={counts[1]} unchanged={counts[2]}"
        if held:
            detail += f" held={len(held)}"
        uow.audit.record(
            AuditEvent(
                f"import.{kind.value}",
                operator,
                station_id,
                subject=table.file,
                detail=detail,
                at=clock.now(),
            )
        )
        uow.commit()
        return report


Counts = tuple[int, int, int]


def _apply_skus(uow: UnitOfWork, records: list[SkuRecord]) -> Counts:
    created = updated = unchanged = 0
    for record in records:
        existing = uow.skus.get(record.sku.code)
        # Keep what only the warehouse decides (lot/serial tracking, active) on an update.
        sku = (
            record.sku
            if existing is None
            else replace(
                record.sku,
                requires_lot=existing.requires_lot,
                requires_serial=existing.requires_serial,
                active=existing.active,
            )
        )
        changed = existing != sku
        if changed:
            uow.skus.save(sku)
        for barcode in record.barcodes:
            if uow.skus.barcode(barcode.code) != barcode:
                uow.skus.save_barcode(barcode)
                changed = True
        if not uow.skus.components(sku.code):
            for component in record.components:
                uow.skus.add_component(component)
                changed = True
        if existing is None:
            created += 1
        elif changed:
            updated += 1
        else:
            unchanged += 1
    return created, updated, unchanged


def _apply_locations(uow: UnitOfWork, records: list[Location]) -> Counts:
    created = updated = unchanged = 0
    for location in records:
        existing = uow.locations.get(location.code)
        if existing is None:
            uow.locations.add(location)
            created += 1
            continue
        # A count in progress keeps its freeze whatever the file says.
        location = replace(location, frozen=existing.frozen)
        if existing == location:
            unchanged += 1
        else:
            uow.locations.save(location)
            updated += 1
    return created, updated, unchanged


def ensure_virtual_locations(uow: UnitOfWork) -> None:
    """The ledger is double-entry only if its virtual locations exist."""
    for code in VIRTUAL_LOCATIONS:
        if uow.locations.get(code) is None:
            uow.locations.add(Location(code, LocationKind.VIRTUAL))


def table_digest(table: Table) -> str:
    """The content, not the file name or encoding: a renamed or re-encoded copy is the same."""
    canonical = json.dumps(
        [table.header, [[n, sorted(c.items())] for n, c in table.rows]], ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def opening_move_id(digest: str, row: int) -> str:
    return str(uuid.uuid5(OPENING_BALANCE_NAMESPACE, f"{digest}:{row}"))


def _apply_stock(
    uow: UnitOfWork,
    clock: Clock,
    table: Table,
    records: list[StockRecord],
    operator: str,
    station_id: str,
) -> tuple[Counts, list[str]]:
    ensure_virtual_locations(uow)
    digest = table_digest(table)
    created = unchanged = 0
    held: list[str] = []
    for record in records:
        location = uow.locations.get(record.location)
        frozen = location is not None and location.frozen
        posted = stock.receive(
            uow,
            clock,
            sku_code=record.sku_code,
            qty=record.qty,
            location=record.location,
            operator=operator,
            station_id=station_id,
            reference=f"{table.file}:{record.row}",
            move_id=opening_move_id(digest, record.row),
            reason=MoveReason.OPENING_BALANCE,
        )
        if posted and frozen:
            held.append(record.location)  # the ledger kept it for the count
        elif posted:
            created += 1
        else:
            unchanged += 1
    return (created, 0, unchanged), held


def _apply_orders(uow: UnitOfWork, records: list[OrderRecord]) -> Counts:
    created = unchanged = 0
    for record in records:
        if uow.orders.get(record.order.order_no) is not None:
            unchanged += 1  # validation already refused one with different content
            continue
        uow.orders.add(record.order)
        if record.confirm:
            stock.confirm_order(uow, record.order.order_no)
        created += 1
    return created, 0, unchanged
