"""Orders: look-ups by any of their numbers, and status changes guarded by the row version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import statements as sql
from db.converters import order_from_rows, order_to_rows, orders_with_lines
from db.errors import is_foreign_key_violation
from db.models import OrderLineRow, OrderRow
from db.statements import run
from wms_tui.core.errors import ConcurrentChange, DuplicateEntry, UnknownSku
from wms_tui.core.model import Order, OrderLine, OrderStatus, check_transition

_CHUNK = 500
# Done with: what may be archived.
_DONE = (OrderStatus.HANDED_OVER.value, OrderStatus.CANCELLED.value, OrderStatus.RETURNED.value)


class SqlOrderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, order_no: str) -> Order | None:
        # One round trip, not two: most scans of every workflow read their order.
        rows = run(self._session, sql.ORDER_WITH_LINES, {"order_no": order_no}).all()
        if not rows:
            return None
        lines = [
            OrderLine(r.l_line_no, r.l_sku_code, r.l_qty, r.l_is_gift, r.l_kit_code)
            for r in rows
            if r.l_line_no is not None
        ]
        return replace(order_from_rows(rows[0], []), lines=lines)

    def get_many(self, order_nos: Iterable[str]) -> dict[str, Order]:
        return orders_with_lines(self._session, order_nos)

    def find_by_code(self, code: str) -> Order | None:
        if not code:
            return None
        # One round trip for the three numbers (each indexed); the priority is applied here.
        rows = run(self._session, sql.ORDERS_BY_NUMBER, {"code": code}).all()
        for column in ("order_no", "waybill", "platform_order_no"):
            for row in rows:
                if getattr(row, column) == code:
                    lines = run(self._session, sql.ORDER_LINES_OF, {"order_no": row.order_no})
                    return order_from_rows(row, lines.all())
        return None

    def add(self, order: Order) -> None:
        row, lines = order_to_rows(order)
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
                self._session.add_all(lines)
                self._session.flush()
        except IntegrityError as exc:
            if is_foreign_key_violation(exc):
                raise UnknownSku(sku=",".join(sorted({ln.sku_code for ln in lines}))) from exc
            raise DuplicateEntry(what="order", value=order.order_no) from exc

    def set_waybill(self, order_no: str, waybill: str) -> None:
        done = self._session.execute(
            update(OrderRow)
            .where(OrderRow.order_no == order_no, OrderRow.waybill == "")
            .values(waybill=waybill)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=order_no)

    def set_delivery(self, order_no: str, version: int, courier: str, waybill: str) -> None:
        done = self._session.execute(
            update(OrderRow)
            .where(OrderRow.order_no == order_no, OrderRow.version == version)
            .values(courier=courier, waybill=waybill, version=version + 1)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=order_no)

    def set_refunded(self, order_no: str, version: int, at: datetime) -> None:
        done = self._session.execute(
            update(OrderRow)
            .where(OrderRow.order_no == order_no, OrderRow.version == version)
            .values(refunded_at=at, version=version + 1)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=order_no)

    def add_lines(self, order_no: str, lines: Iterable[OrderLine]) -> None:
        rows = [
            OrderLineRow(
                order_no=order_no,
                line_no=line.line_no,
                sku_code=line.sku_code,
                qty=line.qty,
                is_gift=line.is_gift,
                kit_code=line.kit_code,
            )
            for line in lines
        ]
        try:
            with self._session.begin_nested():
                self._session.add_all(rows)
                self._session.flush()
        except IntegrityError as exc:
            if is_foreign_key_violation(exc):
                raise UnknownSku(sku=",".join(sorted({r.sku_code for r in rows}))) from exc
            raise ConcurrentChange(subject=order_no) from exc

    def locked_status(self, order_no: str) -> OrderStatus | None:
        # FOR UPDATE waits for a transaction that is changing the row and then reads what it
        # committed (READ COMMITTED); on SQLite the write unit's BEGIN IMMEDIATE already
        # serialises stations, and the clause compiles to nothing.
        status = self._session.scalar(
            select(OrderRow.status).where(OrderRow.order_no == order_no).with_for_update()
        )
        return None if status is None else OrderStatus(status)

    def version(self, order_no: str) -> int | None:
        found = run(self._session, sql.ORDER_VERSION, {"order_no": order_no}).scalar()
        return None if found is None else int(found)

    def set_status(self, order: Order, target: OrderStatus, reason: str = "") -> None:
        self.change_status(order.order_no, order.status, order.version, target, reason)
        hold_reason = reason if target is OrderStatus.ON_HOLD else ""
        order.status, order.hold_reason, order.version = target, hold_reason, order.version + 1

    def change_status(
        self, order_no: str, seen: OrderStatus, version: int, target: OrderStatus, reason: str = ""
    ) -> None:
        check_transition(seen, target)
        hold_reason = reason if target is OrderStatus.ON_HOLD else ""
        params = {
            "b_order_no": order_no,
            "b_version": version,
            "b_seen": seen.value,
            "b_status": target.value,
            "b_hold_reason": hold_reason,
        }
        if run(self._session, sql.ORDER_SET_STATUS, params).rowcount == 0:
            raise ConcurrentChange(subject=order_no)

    def archivable(self, before: datetime) -> list[tuple[str, OrderStatus, int]]:
        from db.handover.models import ManifestRow, ParcelRow

        closed = (
            select(func.max(ManifestRow.closed_at))
            .join(ParcelRow, ParcelRow.manifest_id == ManifestRow.manifest_id)
            .where(ParcelRow.order_no == OrderRow.order_no, ParcelRow.removed.is_(False))
            .scalar_subquery()
        )
        done = func.coalesce(closed, OrderRow.verified_at, OrderRow.paid_at)
        rows = self._session.execute(
            select(OrderRow.order_no, OrderRow.status, OrderRow.version)
            .where(OrderRow.status.in_(_DONE), done < before)
            .order_by(OrderRow.order_no)
        )
        return [(row[0], OrderStatus(row[1]), int(row[2])) for row in rows]

    def archive(self, order_no: str, seen: OrderStatus, version: int, at: datetime) -> None:
        check_transition(seen, OrderStatus.ARCHIVED)
        done = self._session.execute(
            update(OrderRow)
            .where(
                OrderRow.order_no == order_no,
                OrderRow.status == seen.value,
                OrderRow.version == version,
            )
            .values(status=OrderStatus.ARCHIVED.value, archived_at=at, version=version + 1)
        )
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=order_no)

    def count_by_status(self) -> dict[OrderStatus, int]:
        rows = self._session.execute(
            select(OrderRow.status, func.count()).group_by(OrderRow.status)
        ).all()
        return {OrderStatus(status): int(count) for status, count in rows}

    def existing_numbers(self, order_nos: Iterable[str]) -> set[str]:
        wanted = sorted(set(order_nos))
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            found.update(
                self._session.scalars(select(OrderRow.order_no).where(OrderRow.order_no.in_(chunk)))
            )
        return found
