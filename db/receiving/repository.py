"""Purchase orders, receipts, their units and the put-away carry (core/receiving/records.py's
ReceivingRepository) on SQLAlchemy."""

from __future__ import annotations

from sqlalchemy import case, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.converters import sku_from_row
from db.models import SkuRow
from db.receiving.models import (
    PoLineRow,
    PurchaseOrderRow,
    ReceiptRow,
    ReceiptUnitRow,
)
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.receiving.records import (
    PoLine,
    PoStatus,
    PurchaseOrder,
    Receipt,
    ReceiptStatus,
    ReceiptUnit,
    ShownLines,
    ToVendor,
)

_OPEN = PoStatus.OPEN.value
_CHUNK = 5_000  # rows per INSERT: a 100,000-line file in twenty statements


def _po(row: PurchaseOrderRow) -> PurchaseOrder:
    return PurchaseOrder(
        po_no=row.po_no, supplier=row.supplier, delivery_note=row.delivery_note,
        expected=row.expected, status=PoStatus(row.status), imported_at=row.imported_at,
        closed_by=row.closed_by, closed_at=row.closed_at, version=row.version,
    )  # fmt: skip


def _line(row: PoLineRow) -> PoLine:
    return PoLine(row.po_no, row.line_no, row.sku_code, row.ordered, row.received, row.lot,
                  row.expiry)  # fmt: skip


def _receipt(row: ReceiptRow) -> Receipt:
    return Receipt(
        receipt_id=row.receipt_id, station_id=row.station_id, po_no=row.po_no,
        supplier=row.supplier, opened_by=row.opened_by, opened_at=row.opened_at,
        status=ReceiptStatus(row.status), allowed_by=row.allowed_by, lot=row.lot,
        expiry=row.expiry, closed_by=row.closed_by, closed_at=row.closed_at,
        version=row.version,
    )  # fmt: skip


def _unit(row: ReceiptUnitRow) -> ReceiptUnit:
    return ReceiptUnit(
        receipt_id=row.receipt_id, seq=row.seq, sku_code=row.sku_code, line_no=row.line_no,
        qty=row.qty, scanned_by=row.scanned_by, scanned_at=row.scanned_at, reason=row.reason,
        note=row.note, lot=row.lot, expiry=row.expiry,
    )  # fmt: skip


class SqlReceivingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # --- purchase orders -------------------------------------------------------------
    def po(self, po_no: str) -> PurchaseOrder | None:
        row = self._session.get(PurchaseOrderRow, po_no)
        return None if row is None else _po(row)

    def find_po(self, code: str) -> PurchaseOrder | None:
        row = self._session.get(PurchaseOrderRow, code)
        if row is None:
            # Several POs may name one delivery note: the open one first, then the newest.
            row = self._session.scalar(
                select(PurchaseOrderRow)
                .where(PurchaseOrderRow.delivery_note == code)
                .order_by(PurchaseOrderRow.status.desc(), PurchaseOrderRow.po_no.desc())
                .limit(1)
            )
        return None if row is None else _po(row)

    def lines(self, po_no: str) -> list[PoLine]:
        rows = self._session.scalars(
            select(PoLineRow).where(PoLineRow.po_no == po_no).order_by(PoLineRow.line_no)
        )
        return [_line(row) for row in rows]

    def lines_of(self, po_no: str, sku_code: str) -> list[PoLine]:
        rows = self._session.scalars(
            select(PoLineRow)
            .where(PoLineRow.po_no == po_no, PoLineRow.sku_code == sku_code)
            .order_by(PoLineRow.line_no)
        )
        return [_line(row) for row in rows]

    def shown_lines(self, po_no: str, first: int, limit: int) -> ShownLines:
        # One statement on the scan path: the lines with their SKUs joined and the PO's
        # totals as a subquery; the line just counted sorts first.
        whole = select(
            func.coalesce(func.sum(PoLineRow.ordered), 0).label("ordered"),
            func.coalesce(func.sum(PoLineRow.received), 0).label("received"),
        ).where(PoLineRow.po_no == po_no)
        totals = whole.subquery()
        rows = self._session.execute(
            select(PoLineRow, SkuRow, totals.c.ordered, totals.c.received)
            .join(SkuRow, SkuRow.code == PoLineRow.sku_code)
            .join(totals, literal(True))
            .where(
                PoLineRow.po_no == po_no,
                or_(PoLineRow.line_no == first, PoLineRow.received < PoLineRow.ordered),
            )
            .order_by(case((PoLineRow.line_no == first, 0), else_=1), PoLineRow.line_no)
            .limit(limit)
        ).all()
        if rows:
            ordered, received = int(rows[0][2]), int(rows[0][3])
        else:  # nothing left to show: the totals alone
            found = self._session.execute(whole).one()
            ordered, received = int(found[0]), int(found[1])
        # Chosen with the counted line first (so a long PO never leaves it out), shown in
        # the PO's own order: lines do not jump about as units are counted.
        lines = sorted(((_line(line), sku_from_row(sku)) for line, sku, _o, _r in rows),
                       key=lambda pair: pair[0].line_no)  # fmt: skip
        return ShownLines(tuple(lines), ordered, received)

    def count_line(self, po_no: str, line_no: int, qty: int, limit: int | None) -> bool:
        where = [PoLineRow.po_no == po_no, PoLineRow.line_no == line_no]
        if limit is not None:
            where.append(PoLineRow.received + qty <= limit)
        done = self._session.execute(
            update(PoLineRow).where(*where).values(received=PoLineRow.received + qty)
        )
        return bool(done.rowcount)  # type: ignore[attr-defined]

    def uncount_line(self, po_no: str, line_no: int, qty: int) -> None:
        self._session.execute(
            update(PoLineRow)
            .where(PoLineRow.po_no == po_no, PoLineRow.line_no == line_no)
            .values(received=PoLineRow.received - qty)
        )

    def save_po(self, po: PurchaseOrder) -> None:
        done = self._session.execute(
            update(PurchaseOrderRow)
            .where(PurchaseOrderRow.po_no == po.po_no, PurchaseOrderRow.version == po.version - 1)
            .values(
                status=po.status.value,
                closed_by=po.closed_by,
                closed_at=po.closed_at,
                version=po.version,
            )
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=po.po_no)

    def add_pos(self, pos: list[PurchaseOrder], lines: list[PoLine]) -> None:
        heads = [
            {"po_no": p.po_no, "supplier": p.supplier, "delivery_note": p.delivery_note,
             "expected": p.expected, "status": p.status.value, "imported_at": p.imported_at,
             "closed_by": "", "closed_at": None, "version": p.version}
            for p in pos
        ]  # fmt: skip
        rows = [
            {"po_no": x.po_no, "line_no": x.line_no, "sku_code": x.sku_code,
             "ordered": x.ordered, "received": x.received, "lot": x.lot, "expiry": x.expiry}
            for x in lines
        ]  # fmt: skip
        try:
            with self._session.begin_nested():
                for table, values in ((PurchaseOrderRow, heads), (PoLineRow, rows)):
                    for start in range(0, len(values), _CHUNK):
                        self._session.execute(insert(table), values[start : start + _CHUNK])
        except IntegrityError as exc:  # another import added one of them meanwhile
            raise ConcurrentChange(subject=pos[0].po_no if pos else "") from exc

    def open_pos(self) -> list[PurchaseOrder]:
        rows = self._session.scalars(
            select(PurchaseOrderRow)
            .where(PurchaseOrderRow.status == _OPEN)
            .order_by(PurchaseOrderRow.expected, PurchaseOrderRow.po_no)
        )
        return [_po(row) for row in rows]

    def totals(self, po_nos: list[str]) -> dict[str, tuple[int, int]]:
        if not po_nos:
            return {}
        rows = self._session.execute(
            select(PoLineRow.po_no, func.sum(PoLineRow.ordered), func.sum(PoLineRow.received))
            .where(PoLineRow.po_no.in_(po_nos))
            .group_by(PoLineRow.po_no)
        )
        return {str(po): (int(ordered), int(received)) for po, ordered, received in rows}

    def in_transit(self, sku_codes: list[str]) -> dict[str, int]:
        if not sku_codes:
            return {}
        left = func.sum(PoLineRow.ordered - PoLineRow.received)
        rows = self._session.execute(
            select(PoLineRow.sku_code, left)
            .join(PurchaseOrderRow, PurchaseOrderRow.po_no == PoLineRow.po_no)
            .where(
                PurchaseOrderRow.status == _OPEN,
                PoLineRow.sku_code.in_(sku_codes),
                PoLineRow.received < PoLineRow.ordered,
            )
            .group_by(PoLineRow.sku_code)
        )
        return {str(sku): int(qty) for sku, qty in rows if qty}

    # --- receipts ---------------------------------------------------------------------
    def open_at(self, station_id: str) -> Receipt | None:
        row = self._session.scalar(
            select(ReceiptRow).where(
                ReceiptRow.station_id == station_id,
                ReceiptRow.status == ReceiptStatus.OPEN.value,
            )
        )
        return None if row is None else _receipt(row)

    def get(self, receipt_id: str) -> Receipt | None:
        row = self._session.get(ReceiptRow, receipt_id)
        return None if row is None else _receipt(row)

    def add(self, receipt: Receipt) -> None:
        row = ReceiptRow(
            receipt_id=receipt.receipt_id, station_id=receipt.station_id, po_no=receipt.po_no,
            supplier=receipt.supplier, opened_by=receipt.opened_by,
            opened_at=receipt.opened_at, status=receipt.status.value, allowed_by="", lot="",
            expiry=None, closed_by="", version=receipt.version,
        )  # fmt: skip
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError as exc:  # the station opened another one at this moment
            raise ConcurrentChange(subject=receipt.receipt_id) from exc

    def save(self, receipt: Receipt) -> None:
        done = self._session.execute(
            update(ReceiptRow)
            .where(
                ReceiptRow.receipt_id == receipt.receipt_id,
                ReceiptRow.version == receipt.version - 1,
            )
            .values(
                status=receipt.status.value, allowed_by=receipt.allowed_by, lot=receipt.lot,
                expiry=receipt.expiry, closed_by=receipt.closed_by,
                closed_at=receipt.closed_at, version=receipt.version,
            )
        )  # fmt: skip
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=receipt.receipt_id)

    def count_with_prefix(self, prefix: str) -> int:
        found = self._session.scalar(
            select(func.count())
            .select_from(ReceiptRow)
            .where(ReceiptRow.receipt_id.startswith(prefix, autoescape=True))
        )
        return int(found or 0)

    def units(self, receipt_id: str) -> list[ReceiptUnit]:
        rows = self._session.scalars(
            select(ReceiptUnitRow)
            .where(ReceiptUnitRow.receipt_id == receipt_id, ReceiptUnitRow.removed.is_(False))
            .order_by(ReceiptUnitRow.seq)
        )
        return [_unit(row) for row in rows]

    def recent_units(self, receipt_id: str, limit: int) -> list[ReceiptUnit]:
        rows = self._session.scalars(
            select(ReceiptUnitRow)
            .where(ReceiptUnitRow.receipt_id == receipt_id, ReceiptUnitRow.removed.is_(False))
            .order_by(ReceiptUnitRow.seq.desc())
            .limit(limit)
        )
        return [_unit(row) for row in rows]

    def last_unit(self, receipt_id: str) -> ReceiptUnit | None:
        found = self.recent_units(receipt_id, 1)
        return found[0] if found else None

    def tallies(self, receipt_id: str) -> list[tuple[int, str, bool, int]]:
        passed = ReceiptUnitRow.reason == ""
        rows = self._session.execute(
            select(ReceiptUnitRow.line_no, ReceiptUnitRow.sku_code, passed,
                   func.sum(ReceiptUnitRow.qty))
            .where(ReceiptUnitRow.receipt_id == receipt_id, ReceiptUnitRow.removed.is_(False))
            .group_by(ReceiptUnitRow.line_no, ReceiptUnitRow.sku_code, passed)
        )  # fmt: skip
        return [(int(line), str(sku), bool(ok), int(qty)) for line, sku, ok, qty in rows]

    def add_unit(self, unit: ReceiptUnit) -> None:
        # The next seq is taken in the INSERT itself: one statement, not a read and a write.
        after = (
            select(func.coalesce(func.max(ReceiptUnitRow.seq), 0) + 1)
            .where(ReceiptUnitRow.receipt_id == unit.receipt_id)
            .scalar_subquery()
        )
        self._session.execute(
            insert(ReceiptUnitRow).values(
                receipt_id=unit.receipt_id, seq=after, sku_code=unit.sku_code,
                line_no=unit.line_no, qty=unit.qty, scanned_by=unit.scanned_by,
                scanned_at=unit.scanned_at, reason=unit.reason, note=unit.note, lot=unit.lot,
                expiry=unit.expiry, removed=False, rtv="",
            )
        )  # fmt: skip

    def _unit_update(self, receipt_id: str, seq: int, **values: object) -> None:
        self._session.execute(
            update(ReceiptUnitRow)
            .where(ReceiptUnitRow.receipt_id == receipt_id, ReceiptUnitRow.seq == seq)
            .values(**values)
        )

    def fail_unit(self, receipt_id: str, seq: int, reason: str, note: str) -> None:
        self._unit_update(receipt_id, seq, reason=reason, note=note)

    def fail_line(
        self, receipt_id: str, line_no: int, sku_code: str, reason: str, note: str
    ) -> int:
        mine = (
            ReceiptUnitRow.receipt_id == receipt_id,
            ReceiptUnitRow.line_no == line_no,
            ReceiptUnitRow.sku_code == sku_code,
            ReceiptUnitRow.reason == "",
            ReceiptUnitRow.removed.is_(False),
        )
        units = self._session.scalar(
            select(func.coalesce(func.sum(ReceiptUnitRow.qty), 0)).where(*mine)
        )
        self._session.execute(update(ReceiptUnitRow).where(*mine).values(reason=reason, note=note))
        return int(units or 0)

    def remove_unit(self, receipt_id: str, seq: int) -> None:
        self._unit_update(receipt_id, seq, removed=True)

    def receipts(self, po_no: str) -> list[Receipt]:
        rows = self._session.scalars(
            select(ReceiptRow).where(ReceiptRow.po_no == po_no).order_by(ReceiptRow.opened_at)
        )
        return [_receipt(row) for row in rows]

    def to_vendor(self, supplier: str | None) -> list[ToVendor]:
        query = (
            select(ReceiptUnitRow, ReceiptRow.supplier, ReceiptRow.po_no, ReceiptRow.closed_at)
            .join(ReceiptRow, ReceiptRow.receipt_id == ReceiptUnitRow.receipt_id)
            .where(
                ReceiptRow.status == ReceiptStatus.CLOSED.value,
                ReceiptUnitRow.reason != "",
                ReceiptUnitRow.rtv == "",
                ReceiptUnitRow.removed.is_(False),
            )
            .order_by(ReceiptRow.supplier, ReceiptUnitRow.receipt_id, ReceiptUnitRow.seq)
        )
        if supplier is not None:
            query = query.where(ReceiptRow.supplier == supplier)
        return [
            ToVendor(u.receipt_id, u.seq, who, po_no, u.sku_code, u.qty, u.reason, u.note,
                     u.lot, closed_at or u.scanned_at)
            for u, who, po_no, closed_at in self._session.execute(query)
        ]  # fmt: skip

    def sent_to_vendor(self, units: list[tuple[str, int]], ref: str) -> None:
        for receipt_id, seq in units:
            self._unit_update(receipt_id, seq, rtv=ref)
