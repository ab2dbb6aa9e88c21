"""Return records and their units (core/returns/records.py's ReturnsRepository) on
SQLAlchemy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.models import OrderRow
from db.returns.models import ReturnRow, ReturnUnitRow
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.returns.records import (
    Condition,
    ReturnedUnit,
    ReturnRecord,
    ReturnStatus,
    ReturnUnit,
)

_CLOSED = ReturnStatus.CLOSED.value


def _record(row: ReturnRow) -> ReturnRecord:
    return ReturnRecord(
        return_id=row.return_id,
        order_no=row.order_no,
        parcel=row.parcel,
        station_id=row.station_id,
        opened_by=row.opened_by,
        opened_at=row.opened_at,
        status=ReturnStatus(row.status),
        return_waybill=row.return_waybill,
        note=row.note,
        closed_by=row.closed_by,
        closed_at=row.closed_at,
        units=row.units,
        matched_by=row.matched_by,
        matched_at=row.matched_at,
        shelved=row.shelved,
        version=row.version,
    )


def _unit(row: ReturnUnitRow) -> ReturnUnit:
    return ReturnUnit(
        return_id=row.return_id,
        seq=row.seq,
        sku_code=row.sku_code,
        line_no=row.line_no,
        scanned_by=row.scanned_by,
        scanned_at=row.scanned_at,
        condition=Condition(row.condition),
        reason=row.reason,
        removed=row.removed,
        put_away_to=row.put_away_to,
    )


class SqlReturnsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, return_id: str) -> ReturnRecord | None:
        row = self._session.get(ReturnRow, return_id)
        return None if row is None else _record(row)

    def open_at(self, station_id: str) -> ReturnRecord | None:
        row = self._session.scalar(
            select(ReturnRow).where(
                ReturnRow.station_id == station_id, ReturnRow.status == ReturnStatus.OPEN.value
            )
        )
        return None if row is None else _record(row)

    def open_with_units(self, station_id: str) -> tuple[ReturnRecord, list[ReturnUnit]] | None:
        rows = self._session.execute(
            select(ReturnRow, ReturnUnitRow)
            .outerjoin(
                ReturnUnitRow,
                and_(
                    ReturnUnitRow.return_id == ReturnRow.return_id,
                    ReturnUnitRow.removed.is_(False),
                ),
            )
            .where(ReturnRow.station_id == station_id, ReturnRow.status == ReturnStatus.OPEN.value)
            .order_by(ReturnUnitRow.seq)
        ).all()
        if not rows:
            return None
        return _record(rows[0][0]), [_unit(unit) for _record_row, unit in rows if unit is not None]

    def add(self, record: ReturnRecord) -> None:
        row = ReturnRow(
            return_id=record.return_id, order_no=record.order_no, parcel=record.parcel,
            return_waybill=record.return_waybill, station_id=record.station_id,
            opened_by=record.opened_by, opened_at=record.opened_at, status=record.status.value,
            note=record.note, closed_by="", units=0, matched_by="", shelved=False,
            version=record.version,
        )  # fmt: skip
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError as exc:  # the station opened another one at this moment
            raise ConcurrentChange(subject=record.return_id) from exc

    def count_with_prefix(self, prefix: str) -> int:
        found = self._session.scalar(
            select(func.count())
            .select_from(ReturnRow)
            .where(ReturnRow.return_id.startswith(prefix, autoescape=True))
        )
        return int(found or 0)

    def save(self, record: ReturnRecord) -> None:
        done = self._session.execute(
            update(ReturnRow)
            .where(
                ReturnRow.return_id == record.return_id,
                ReturnRow.version == record.version - 1,
            )
            .values(
                order_no=record.order_no, status=record.status.value,
                return_waybill=record.return_waybill, note=record.note,
                closed_by=record.closed_by, closed_at=record.closed_at, units=record.units,
                matched_by=record.matched_by, matched_at=record.matched_at,
                shelved=record.shelved, version=record.version,
            )
        )  # fmt: skip
        if done.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=record.return_id)

    def units(self, return_id: str) -> list[ReturnUnit]:
        rows = self._session.scalars(
            select(ReturnUnitRow)
            .where(ReturnUnitRow.return_id == return_id, ReturnUnitRow.removed.is_(False))
            .order_by(ReturnUnitRow.seq)
        )
        return [_unit(row) for row in rows]

    def add_unit(self, unit: ReturnUnit) -> None:
        self._session.add(
            ReturnUnitRow(
                return_id=unit.return_id, seq=unit.seq, sku_code=unit.sku_code,
                line_no=unit.line_no, condition=unit.condition.value, reason=unit.reason,
                scanned_by=unit.scanned_by, scanned_at=unit.scanned_at, removed=False,
                put_away_to="",
            )
        )  # fmt: skip
        self._session.flush()

    def next_seq(self, return_id: str) -> int:
        found = self._session.scalar(
            select(func.max(ReturnUnitRow.seq)).where(ReturnUnitRow.return_id == return_id)
        )
        return int(found or 0) + 1

    def _unit_update(self, return_id: str, seq: int, **values: object) -> None:
        self._session.execute(
            update(ReturnUnitRow)
            .where(ReturnUnitRow.return_id == return_id, ReturnUnitRow.seq == seq)
            .values(**values)
        )

    def set_condition(self, return_id: str, seq: int, condition: Condition, reason: str) -> None:
        self._unit_update(return_id, seq, condition=condition.value, reason=reason)

    def remove_unit(self, return_id: str, seq: int) -> None:
        self._unit_update(return_id, seq, removed=True)

    def assign_lines(self, return_id: str, lines: dict[int, int]) -> None:
        for seq, line_no in lines.items():
            self._unit_update(return_id, seq, line_no=line_no)

    def shipped_to(self, buyer: str, limit: int) -> list[str]:
        shipped = ("handed_over", "returned", "archived")
        return list(
            self._session.scalars(
                select(OrderRow.order_no)
                .where(OrderRow.buyer == buyer, OrderRow.status.in_(shipped))
                .order_by(OrderRow.paid_at.desc(), OrderRow.order_no.desc())
                .limit(limit)
            )
        )

    def _waiting(self, station_id: str) -> Any:
        # Through the partial index: only closed returns with something left to shelve.
        return (
            select(ReturnUnitRow, ReturnRow.closed_at)
            .join(ReturnRow, ReturnRow.return_id == ReturnUnitRow.return_id)
            .where(
                ReturnRow.station_id == station_id,
                ReturnRow.status == _CLOSED,
                ReturnRow.shelved.is_(False),
                # Unidentified: kept in the returns area until matched (or scrapped).
                ReturnRow.order_no != "",
                ReturnUnitRow.removed.is_(False),
                ReturnUnitRow.condition == Condition.RESALEABLE.value,
                ReturnUnitRow.put_away_to == "",
            )
        )

    def waiting_skus(self, station_id: str) -> list[tuple[str, int]]:
        waiting = self._waiting(station_id).subquery()
        rows = self._session.execute(
            select(waiting.c.sku_code, func.count(), func.min(waiting.c.closed_at))
            .group_by(waiting.c.sku_code)
            .order_by(func.min(waiting.c.closed_at), waiting.c.sku_code)
        )
        return [(str(sku), int(count)) for sku, count, _first in rows]

    def waiting_put_away(self, station_id: str, sku_code: str) -> list[ReturnUnit]:
        rows = self._session.scalars(
            self._waiting(station_id)
            .where(ReturnUnitRow.sku_code == sku_code)
            .order_by(ReturnRow.closed_at, ReturnUnitRow.return_id, ReturnUnitRow.seq)
        )
        return [_unit(row) for row in rows]

    def put_away(self, return_id: str, seqs: list[int], bin_code: str) -> None:
        self._session.execute(
            update(ReturnUnitRow)
            .where(ReturnUnitRow.return_id == return_id, ReturnUnitRow.seq.in_(seqs))
            .values(put_away_to=bin_code)
        )
        self._reshelve(return_id)

    def _reshelve(self, return_id: str) -> None:
        """Shelved: no unit fit to sell left in the returns area."""
        left = (
            select(ReturnUnitRow.seq)
            .where(
                ReturnUnitRow.return_id == return_id,
                ReturnUnitRow.removed.is_(False),
                ReturnUnitRow.condition == Condition.RESALEABLE.value,
                ReturnUnitRow.put_away_to == "",
            )
            .exists()
        )
        self._session.execute(
            update(ReturnRow).where(ReturnRow.return_id == return_id).values(shelved=~left)
        )

    def of_order(self, order_no: str) -> list[ReturnRecord]:
        rows = self._session.scalars(
            select(ReturnRow)
            .where(ReturnRow.order_no == order_no)
            .order_by(ReturnRow.opened_at, ReturnRow.return_id)
        )
        return [_record(row) for row in rows]

    def returned_lines(self, order_no: str) -> dict[int, int]:
        rows = self._session.execute(
            select(ReturnUnitRow.line_no, func.count())
            .join(ReturnRow, ReturnRow.return_id == ReturnUnitRow.return_id)
            .where(
                ReturnRow.order_no == order_no,
                ReturnRow.status == _CLOSED,
                ReturnUnitRow.removed.is_(False),
            )
            .group_by(ReturnUnitRow.line_no)
        )
        return {int(line_no): int(count) for line_no, count in rows}

    def by_return_waybill(self, waybill: str) -> ReturnRecord | None:
        row = self._session.scalar(
            select(ReturnRow)
            .where(ReturnRow.return_waybill == waybill)
            .order_by(ReturnRow.opened_at.desc())
            .limit(1)
        )
        return None if row is None else _record(row)

    def unidentified(self) -> list[ReturnRecord]:
        rows = self._session.scalars(
            select(ReturnRow)
            .where(ReturnRow.order_no == "", ReturnRow.status == _CLOSED)
            .order_by(ReturnRow.closed_at, ReturnRow.return_id)
        )
        return [_record(row) for row in rows]

    def count_unidentified(self) -> int:
        found = self._session.scalar(
            select(func.count())
            .select_from(ReturnRow)
            .where(ReturnRow.order_no == "", ReturnRow.status == _CLOSED)
        )
        return int(found or 0)

    def listing(self, start: datetime, end: datetime) -> list[ReturnRecord]:
        in_range = or_(
            (ReturnRow.opened_at >= start) & (ReturnRow.opened_at < end),
            (ReturnRow.closed_at >= start) & (ReturnRow.closed_at < end),
            ReturnRow.status == ReturnStatus.OPEN.value,
        )
        rows = self._session.scalars(
            select(ReturnRow).where(in_range).order_by(ReturnRow.opened_at, ReturnRow.return_id)
        )
        return [_record(row) for row in rows]

    def closed_units(self, start: datetime, end: datetime) -> list[ReturnedUnit]:
        rows = self._session.execute(
            select(ReturnRow, ReturnUnitRow, OrderRow.platform_order_no, OrderRow.shop)
            .join(ReturnUnitRow, ReturnUnitRow.return_id == ReturnRow.return_id)
            .outerjoin(OrderRow, OrderRow.order_no == ReturnRow.order_no)
            .where(
                ReturnRow.status.in_((_CLOSED, ReturnStatus.SCRAPPED.value)),
                ReturnRow.closed_at >= start,
                ReturnRow.closed_at < end,
                ReturnUnitRow.removed.is_(False),
            )
            .order_by(ReturnRow.closed_at, ReturnRow.return_id, ReturnUnitRow.seq)
        )
        found: list[ReturnedUnit] = []
        for record, unit, platform_no, shop in rows:
            found.append(
                ReturnedUnit(
                    return_id=record.return_id, order_no=record.order_no,
                    platform_order_no=platform_no or "", shop=shop or "",
                    sku_code=unit.sku_code, line_no=unit.line_no,
                    condition=Condition(unit.condition), reason=unit.reason,
                    closed_at=record.closed_at or record.opened_at, closed_by=record.closed_by,
                    station_id=record.station_id, parcel=record.parcel,
                    return_waybill=record.return_waybill,
                )
            )  # fmt: skip
        return found
