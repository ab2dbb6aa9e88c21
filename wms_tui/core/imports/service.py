"""Applying a checked shop export: checked whole first, then written at once, all or nothing.

Checking reads in sets (imports/known.py) in a unit of work that may be read-only, so a
station's scans never wait behind a file being checked; writing is one short unit of work
of bulk statements. Replaying the same file changes nothing: master data is upserted by
code and left alone when equal, a stock file sets levels to its quantities, and orders
already in the database with the same content count as unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from wms_tui.core import stock
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.imports.known import Known, OrderBatch, prefetch
from wms_tui.core.imports.table import (
    ImportKind,
    OrderRecord,
    PoRecord,
    SkuRecord,
    StockRecord,
    Table,
)
from wms_tui.core.imports.validate import Record, validate
from wms_tui.core.model import (
    VIRTUAL_ADJUSTMENT,
    VIRTUAL_LOCATIONS,
    AuditEvent,
    Location,
    LocationKind,
    MoveReason,
    OrderStatus,
    StockMove,
)
from wms_tui.core.orders.refunds import minute
from wms_tui.core.ports import Clock, LevelSetting, UnitOfWork, UnitOfWorkFactory
from wms_tui.core.receiving.records import PoLine, PurchaseOrder
from wms_tui.core.text import printable
from wms_tui.i18n import _


@dataclass(frozen=True)
class ImportReport:
    kind: ImportKind
    file: str
    rows: int
    created: int
    updated: int
    unchanged: int
    # How the file was read (its encoding and headings, or its sheets): shown, so a wrong
    # guess at the encoding is seen at once.
    source: str = ""

    def message(self) -> str:
        text = _(
            "import.report",
            file=printable(self.file, 200),
            kind=_("import.kind." + self.kind.value),
            rows=self.rows,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )
        if self.source:
            text += "\n" + _("import.read_as", source=printable(self.source, 400))
        return text


class _Changed(Exception):
    """What validation read changed before the write: validate again."""


# Another import may commit between the read and the write; each retry reads afresh.
_ATTEMPTS = 3


def check_table(
    uow_factory: UnitOfWorkFactory,
    kind: ImportKind,
    table: Table,
    ignore: frozenset[str] = frozenset(),
) -> int:
    """A dry run: raises ImportRejected like an import would; returns the record count.
    `uow_factory` may be a read-only one: nothing is written."""
    with uow_factory() as uow:
        return len(validate(kind, table, prefetch(kind, table, uow.imports), ignore))


def import_table(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    kind: ImportKind,
    table: Table,
    operator: str,
    station_id: str,
    *,
    ignore: frozenset[str] = frozenset(),
    read: UnitOfWorkFactory | None = None,
) -> ImportReport:
    """Checks the whole table in a unit of work from `read` (a read-only one holds no lock
    while the file is checked; ImportRejected before any write), then writes it in one
    short unit of work from `uow_factory`: all or nothing, and stations wait for the write
    lock for a moment, never for the file."""
    for _attempt in range(_ATTEMPTS):
        with (read or uow_factory)() as uow:
            known = prefetch(kind, table, uow.imports)
            records = validate(kind, table, known, ignore)
            prepared = _prepare(uow, clock, kind, table, records, known, operator, station_id)
        try:
            return _write(uow_factory, clock, kind, table, prepared, operator, station_id)
        except _Changed:
            continue
    raise ConcurrentChange(why=table.file)


def _write(
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    kind: ImportKind,
    table: Table,
    prepared: _Prepared,
    operator: str,
    station_id: str,
) -> ImportReport:
    records, rows = prepared.records, prepared.rows
    with uow_factory() as uow:
        if kind is ImportKind.SKUS:
            counts = _apply_skus(uow, [r for r in records if isinstance(r, SkuRecord)])
        elif kind is ImportKind.LOCATIONS:
            counts = _apply_locations(uow, [r for r in records if isinstance(r, Location)])
        elif prepared.pos is not None:
            counts = _apply_pos(uow, prepared.pos)
        elif prepared.stock is not None:
            counts = _apply_stock(uow, prepared.stock)
        else:
            assert prepared.orders is not None
            counts = _apply_orders(uow, prepared.orders, operator, station_id, clock)
        report = ImportReport(kind, table.file, rows, *counts, source=table.source)
        detail = f"rows={rows} created={counts[0]} updated={counts[1]} unchanged={counts[2]}"
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


@dataclass(frozen=True)
class _NewOrders:
    batch: OrderBatch
    confirm: tuple[str, ...]  # order numbers the file marks as confirmed (审单 done)
    unchanged: int
    # Orders imported before whose file now gives a refund time (core/orders/refunds.py).
    refunds: tuple[tuple[str, int, datetime], ...] = ()


@dataclass(frozen=True)
class _Prepared:
    """What the write unit will do, built before it from what the check read: the write
    lock is then held for the statements alone."""

    records: list[Record]
    rows: int
    stock: _StockSetting | None = None
    orders: _NewOrders | None = None
    pos: _NewPos | None = None


@dataclass(frozen=True)
class _NewPos:
    pos: tuple[PurchaseOrder, ...]  # stamped with the time of the import
    lines: tuple[PoLine, ...]
    unchanged: int


def _prepare(
    uow: UnitOfWork,
    clock: Clock,
    kind: ImportKind,
    table: Table,
    records: list[Record],
    known: Known,
    operator: str,
    station_id: str,
) -> _Prepared:
    rows = sum(1 for _n, cells in table.rows if any(v.strip() for v in cells.values()))
    if kind is ImportKind.STOCK:
        stock_records = [r for r in records if isinstance(r, StockRecord)]
        setting = _stock_setting(uow, clock, table, stock_records, operator, station_id)
        return _Prepared(records, rows, stock=setting)
    if kind is ImportKind.ORDERS:
        orders = [r for r in records if isinstance(r, OrderRecord)]
        # Validation refused an existing order with other content: the rest are unchanged.
        new = [r for r in orders if known.order(r.order.order_no) is None]
        refunds = tuple(_refunds(known, orders))
        now = clock.now()
        batch = uow.imports.shape_orders([replace(r.order, imported_at=now) for r in new])
        confirm = tuple(r.order.order_no for r in new if r.confirm)
        unchanged = len(orders) - len(new) - len(refunds)
        return _Prepared(records, rows, orders=_NewOrders(batch, confirm, unchanged, refunds))
    if kind is ImportKind.PURCHASE_ORDERS:
        pos = [r for r in records if isinstance(r, PoRecord)]
        # Validation refused a PO in the database with other content: the rest are unchanged.
        fresh = [r for r in pos if known.purchase_order(r.po.po_no) is None]
        now = clock.now()
        new_pos = _NewPos(
            tuple(replace(r.po, imported_at=now) for r in fresh),
            tuple(x for r in fresh for x in r.lines),
            len(pos) - len(fresh),
        )
        return _Prepared(records, rows, pos=new_pos)
    return _Prepared(records, rows)


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
                min_shelf_days=(
                    record.sku.min_shelf_days
                    if record.shelf_life_given
                    else existing.min_shelf_days
                ),
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


def stock_targets(records: list[StockRecord]) -> dict[tuple[str, str], int]:
    """(SKU, location) -> what the file says is there; rows naming one twice (two lots of
    one SKU in a bin, say) add up."""
    wanted: dict[tuple[str, str], int] = {}
    for record in records:
        key = (record.sku_code, record.location)
        wanted[key] = wanted.get(key, 0) + record.qty
    return wanted


@dataclass(frozen=True)
class _StockSetting:
    levels: LevelSetting
    counts: Counts


def _stock_setting(
    uow: UnitOfWork,
    clock: Clock,
    table: Table,
    records: list[StockRecord],
    operator: str,
    station_id: str,
) -> _StockSetting:
    """What setting each level to the file's quantity posts: the difference against
    @adjustment, from the levels read with the check. Built (and shaped for the database)
    before the write, which then only checks that no level moved meanwhile, so any file
    imported any number of times ends at the file's quantities and nothing posts twice."""
    wanted = stock_targets(records)
    levels = uow.imports.levels(set(wanted))
    now = clock.now()
    changes = []
    created = updated = unchanged = 0
    for (sku, location), qty in sorted(wanted.items(), key=lambda item: item[0][::-1]):
        before = levels.get((sku, location), 0)
        if qty == before:
            unchanged += 1
            continue
        if before == 0:
            created += 1
        else:
            updated += 1
        changes.append((sku, location, qty, before))
    moves = tuple(
        StockMove(
            move_id=move_id,
            sku_code=sku,
            qty=abs(qty - before),
            from_location=VIRTUAL_ADJUSTMENT if qty > before else location,
            to_location=location if qty > before else VIRTUAL_ADJUSTMENT,
            reason=MoveReason.OPENING_BALANCE,
            reference=table.file,
            operator=operator,
            station_id=station_id,
            at=now,
        )
        for move_id, (sku, location, qty, before) in zip(
            stock.new_move_ids(len(changes), now), changes, strict=True
        )
    )
    shaped = uow.ledger.shape(LevelSetting(moves, levels))
    return _StockSetting(shaped, (created, updated, unchanged))


def _apply_stock(uow: UnitOfWork, setting: _StockSetting) -> Counts:
    ensure_virtual_locations(uow)
    if setting.levels.moves and not uow.ledger.post_setting(setting.levels):
        # A level moved since the check, or a count froze a location: validation names it.
        raise _Changed()
    return setting.counts


def _apply_pos(uow: UnitOfWork, new: _NewPos) -> Counts:
    """The POs new to the database go in whole, decided before the write: the write lock is
    held for the inserts alone. A PO another import added meanwhile: check again."""
    try:
        uow.receiving.add_pos(list(new.pos), list(new.lines))
    except ConcurrentChange:
        raise _Changed() from None
    return len(new.pos), 0, new.unchanged


def _refunds(known: Known, orders: list[OrderRecord]) -> Iterator[tuple[str, int, datetime]]:
    """Orders imported before, unchanged but for a refund time the file now gives."""
    for record in orders:
        stored = known.order(record.order.order_no)
        refunded = record.order.refunded_at
        if stored is None or refunded is None or stored.refunded_at is not None:
            continue
        if stored.status is not OrderStatus.ARCHIVED:  # read-only: kept as it was
            yield stored.order_no, stored.version, refunded


def _apply_orders(
    uow: UnitOfWork, new: _NewOrders, operator: str, station_id: str, clock: Clock
) -> Counts:
    if uow.imports.add_orders(new.batch) != len(new.batch.orders):
        raise _Changed()  # another import added one of them meanwhile
    for order_no in new.confirm:
        stock.confirm_order(uow, order_no)
    for order_no, version, refunded in new.refunds:
        try:
            uow.orders.set_refunded(order_no, version, refunded)
        except ConcurrentChange:
            raise _Changed() from None  # a desk changed it meanwhile: checked again
        uow.audit.record(AuditEvent("order_refund", operator, station_id, subject=order_no,
                                    detail=minute(refunded), at=clock.now()))  # fmt: skip
    return len(new.batch.orders), len(new.refunds), new.unchanged
