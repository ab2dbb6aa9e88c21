"""Inspection sessions and their events (`uow.inspections`).

The open session row is the order's lease. Who gets an order when two stations scan the
same waybill at once is decided by the partial unique indexes, not by a read: the loser's
INSERT fails and becomes ConcurrentChange. Closing is a guarded UPDATE on the version, so a
station whose order was taken over meanwhile cannot close it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.ledger import dialect_insert
from db.models import OrderRow
from db.models_inspection import InspectionEventRow, InspectionSessionRow
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.workflows.inspection_ports import (
    EventKind,
    InspectionEvent,
    InspectionSession,
    SessionResult,
)

_OPEN = SessionResult.OPEN.value


def _session(row: InspectionSessionRow) -> InspectionSession:
    return InspectionSession(
        session_id=row.session_id,
        order_no=row.order_no,
        station_id=row.station_id,
        operator=row.operator,
        started_at=row.started_at,
        result=SessionResult(row.result),
        ended_at=row.ended_at,
        wrong_scans=row.wrong_scans,
        note=row.note,
        version=row.version,
    )


def _event(row: InspectionEventRow) -> InspectionEvent:
    return InspectionEvent(
        session_id=row.session_id,
        seq=row.seq,
        kind=EventKind(row.kind),
        group=row.group,
        line_no=row.line_no,
        sku_code=row.sku_code,
        qty=row.qty,
        lot=row.lot,
        serial=row.serial,
        reason=row.reason,
        text=row.text,
        replacement=row.replacement,
        location=row.location,
        expected_g=row.expected_g,
        move_id=row.move_id,
        scan_id=row.scan_id,
        operator=row.operator,
        station_id=row.station_id,
        at=row.at,
    )


class SqlInspectionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _one(self, *where: object) -> InspectionSession | None:
        row = self._session.scalar(
            select(InspectionSessionRow)
            .where(*where)  # type: ignore[arg-type]
            .execution_options(populate_existing=True)
        )
        return None if row is None else _session(row)

    def get(self, session_id: str) -> InspectionSession | None:
        return self._one(InspectionSessionRow.session_id == session_id)

    def open_for_order(self, order_no: str) -> InspectionSession | None:
        return self._one(
            InspectionSessionRow.order_no == order_no, InspectionSessionRow.result == _OPEN
        )

    def open_at_station(self, station_id: str) -> InspectionSession | None:
        return self._one(
            InspectionSessionRow.station_id == station_id, InspectionSessionRow.result == _OPEN
        )

    def add(self, session: InspectionSession) -> None:
        values = {
            "session_id": session.session_id,
            "order_no": session.order_no,
            "station_id": session.station_id,
            "operator": session.operator,
            "started_at": session.started_at,
            "ended_at": session.ended_at,
            "result": session.result.value,
            "wrong_scans": session.wrong_scans,
            "note": session.note,
            "version": session.version,
        }
        try:
            with self._session.begin_nested():
                self._session.execute(insert(InspectionSessionRow).values(**values))
        except IntegrityError as exc:
            # Another station opened this order (or this station another one) meanwhile.
            raise ConcurrentChange(subject=session.order_no) from exc

    def close(self, session: InspectionSession) -> None:
        result = self._session.execute(
            update(InspectionSessionRow)
            .where(
                InspectionSessionRow.session_id == session.session_id,
                InspectionSessionRow.version == session.version,
                InspectionSessionRow.result == _OPEN,
            )
            .values(
                result=session.result.value,
                ended_at=session.ended_at,
                wrong_scans=session.wrong_scans,
                note=session.note[:500],
                version=InspectionSessionRow.version + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=session.order_no)

    def history(self, order_no: str) -> list[InspectionSession]:
        rows = self._session.scalars(
            select(InspectionSessionRow)
            .where(InspectionSessionRow.order_no == order_no)
            .order_by(InspectionSessionRow.started_at, InspectionSessionRow.session_id)
            .execution_options(populate_existing=True)
        )
        return [_session(row) for row in rows]

    def add_event(self, event: InspectionEvent) -> None:
        values = {
            "session_id": event.session_id,
            "seq": event.seq,
            "kind": event.kind.value,
            "group": event.group,
            "line_no": event.line_no,
            "sku_code": event.sku_code,
            "qty": event.qty,
            "lot": event.lot,
            "serial": event.serial,
            "reason": event.reason,
            "text": event.text,
            "replacement": event.replacement,
            "location": event.location,
            "expected_g": event.expected_g,
            "move_id": event.move_id,
            "scan_id": event.scan_id,
            "operator": event.operator,
            "station_id": event.station_id,
            "at": event.at or datetime.now(UTC),
        }
        # ON CONFLICT instead of a savepoint: one round trip per event, not three, and the
        # unit of work stays usable when another writer took this seq.
        statement = (
            dialect_insert(self._session)(InspectionEventRow)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["session_id", "seq"])
            .returning(InspectionEventRow.seq)
        )
        try:
            inserted = self._session.execute(statement).first() is not None
        except IntegrityError as exc:
            raise ConcurrentChange(subject=event.session_id) from exc
        if not inserted:
            # Another writer took this seq: the pipeline retries the scan from its journal.
            raise ConcurrentChange(subject=event.session_id)

    def events(self, session_id: str) -> list[InspectionEvent]:
        rows = self._session.scalars(
            select(InspectionEventRow)
            .where(InspectionEventRow.session_id == session_id)
            .order_by(InspectionEventRow.seq)
            .execution_options(populate_existing=True)
        )
        return [_event(row) for row in rows]

    def mark_verified(self, order_no: str, at: datetime, operator: str, station_id: str) -> None:
        self._session.execute(
            update(OrderRow)
            .where(OrderRow.order_no == order_no)
            .values(verified_at=at, verified_by=operator, verified_station=station_id)
            .execution_options(synchronize_session=False)
        )
