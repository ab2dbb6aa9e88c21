"""Inspection sessions and their events (`uow.inspections`).

An open session holds the order's lease in the one lease table (db/leases.py). Who gets an
order when two stations scan the same waybill at once is decided by that table's unique
index, not by a read: the loser is told ConcurrentChange. Closing is a guarded UPDATE on the
version, so a station whose order was taken over meanwhile cannot close it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, Select, bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.inspection.models import InspectionEventRow, InspectionSessionRow
from db.leases import SqlLeases
from db.models import OrderLineRow, OrderRow
from db.statements import PerDialect, run, table
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.inspection.records import (
    EventKind,
    InspectionEvent,
    InspectionSession,
    SessionResult,
)
from wms_tui.core.leases import LeaseKind, holds
from wms_tui.core.model import OrderStatus

_OPEN = SessionResult.OPEN.value
ORDER = LeaseKind.ORDER.value


def _session(row: InspectionSessionRow | Row[Any]) -> InspectionSession:
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


def _event(row: InspectionEventRow | Row[Any]) -> InspectionEvent:
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
        spec=row.spec,
        replacement=row.replacement,
        location=row.location,
        expected_g=row.expected_g,
        move_id=row.move_id,
        scan_id=row.scan_id,
        operator=row.operator,
        station_id=row.station_id,
        at=row.at,
    )


# Every scan at the desk reads its open session and the session's events, and adds one:
# built once (db/statements.py says why).
_SESSIONS = table(InspectionSessionRow)
_EVENTS = table(InspectionEventRow)
_SESSION_BY_ID = select(_SESSIONS).where(_SESSIONS.c.session_id == bindparam("key"))
_OPEN_FOR_ORDER = select(_SESSIONS).where(
    _SESSIONS.c.order_no == bindparam("key"), _SESSIONS.c.result == _OPEN
)
_OPEN_AT_STATION = select(_SESSIONS).where(
    _SESSIONS.c.station_id == bindparam("key"), _SESSIONS.c.result == _OPEN
)
# The lease's row locks (nothing on SQLite, whose write units run one at a time): a scan
# holds its session shared, a takeover takes it exclusively, so neither reads the events
# while the other is writing them.
_OPEN_FOR_ORDER_LOCKED = _OPEN_FOR_ORDER.with_for_update()
_OPEN_AT_STATION_LOCKED = _OPEN_AT_STATION.with_for_update(read=True)
# The column is `grp` (GROUP is an SQL word); the converter reads the row's `group`.
_EVENTS_OF = (
    select(*(c.label("group") if c.name == "grp" else c for c in _EVENTS.c))
    .where(_EVENTS.c.session_id == bindparam("session_id"))
    .order_by(_EVENTS.c.seq)
)
_SESSION_INSERT = PerDialect(
    lambda insert: (
        insert(table(InspectionSessionRow))
        .on_conflict_do_nothing()
        .returning(table(InspectionSessionRow).c.session_id)
    )
)
_EVENT_INSERT = PerDialect(
    lambda insert: (
        insert(_EVENTS)
        .on_conflict_do_nothing(index_elements=["session_id", "seq"])
        .returning(_EVENTS.c.seq)
    )
)


class SqlInspectionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _one(self, statement: Select[Any], key: str) -> InspectionSession | None:
        row = run(self._session, statement, {"key": key}).first()
        return None if row is None else _session(row)

    def get(self, session_id: str) -> InspectionSession | None:
        return self._one(_SESSION_BY_ID, session_id)

    def open_for_order(self, order_no: str, *, lock: bool = False) -> InspectionSession | None:
        return self._one(_OPEN_FOR_ORDER_LOCKED if lock else _OPEN_FOR_ORDER, order_no)

    def next_single_item(self, sku_code: str, wave_no: str = "") -> str | None:
        from db.picking.models import PickWaveOrderRow as WaveOrderRow
        from db.picking.models import PickWaveRow as WaveRow

        lines = OrderLineRow.__table__.alias("every_line")
        being_inspected = (
            select(InspectionSessionRow.order_no)
            .where(
                InspectionSessionRow.order_no == OrderRow.order_no,
                InspectionSessionRow.result == SessionResult.OPEN.value,
            )
            .exists()
        )
        # "No other line", not "count(lines) = 1": the planner guesses a count comparison
        # matches 0.5 % of rows, took the orders for one or two, and walked every picked
        # order against every wave row (4 ms a scan on PostgreSQL with 200 waiting); an
        # anti-join it estimates right.
        another_line = (
            select(lines.c.line_no)
            .where(
                lines.c.order_no == OrderLineRow.order_no,
                lines.c.line_no != OrderLineRow.line_no,
            )
            .exists()
        )
        return self._session.scalar(
            select(OrderRow.order_no)
            .select_from(OrderLineRow)
            .join(OrderRow, OrderRow.order_no == OrderLineRow.order_no)
            .join(WaveOrderRow, WaveOrderRow.order_no == OrderRow.order_no)
            .join(WaveRow, WaveRow.wave_no == WaveOrderRow.wave_no)
            .where(
                WaveRow.kind == "single",
                OrderRow.status == OrderStatus.PICKED.value,
                OrderLineRow.sku_code == sku_code,
                OrderLineRow.qty == 1,
                ~another_line,
                ~being_inspected,
                *([WaveRow.wave_no == wave_no] if wave_no else []),
            )
            .order_by(OrderRow.priority.desc(), OrderRow.paid_at, OrderRow.order_no)
            .limit(1)
        )

    def in_slot(self, slot: int, wave_no: str = "") -> list[tuple[str, str]]:
        from db.picking.models import PickWaveOrderRow as WaveOrderRow
        from db.picking.models import PickWaveRow as WaveRow

        # A tote's number is its place in the wave (from 1), as the pick list prints it.
        query = (
            select(WaveOrderRow.wave_no, WaveOrderRow.order_no)
            .join(WaveRow, WaveRow.wave_no == WaveOrderRow.wave_no)
            .where(WaveRow.kind == "multi", WaveOrderRow.position == slot)
        )
        if wave_no:
            query = query.where(WaveRow.wave_no == wave_no)
        else:
            query = query.join(OrderRow, OrderRow.order_no == WaveOrderRow.order_no).where(
                OrderRow.status == OrderStatus.PICKED.value
            )
        rows = self._session.execute(query.order_by(WaveOrderRow.wave_no)).all()
        return [(str(w), str(o)) for w, o in rows]

    def open_at_station(self, station_id: str, *, lock: bool = False) -> InspectionSession | None:
        return self._one(_OPEN_AT_STATION_LOCKED if lock else _OPEN_AT_STATION, station_id)

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
        # The order's lease first: the one lease table decides who inspects it (db/leases.py).
        lease = SqlLeases(self._session).take(
            ORDER, session.order_no, session.station_id, session.operator, session.started_at
        )
        if not holds(lease, session.station_id):
            raise ConcurrentChange(subject=session.order_no)
        # DO NOTHING, not a savepoint around a failing INSERT: two round trips fewer on
        # every order opened. Nothing inserted: this station opened another order
        # meanwhile (one open order per bench, a unique index).
        if run(self._session, _SESSION_INSERT(self._session), values).first() is None:
            raise ConcurrentChange(subject=session.order_no)

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
        SqlLeases(self._session).release(ORDER, session.order_no)

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
            "grp": event.group,
            "line_no": event.line_no,
            "sku_code": event.sku_code,
            "qty": event.qty,
            "lot": event.lot,
            "serial": event.serial,
            "reason": event.reason,
            "text": event.text,
            "spec": event.spec,
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
        try:
            statement = _EVENT_INSERT(self._session)
            inserted = run(self._session, statement, values).first() is not None
        except IntegrityError as exc:
            raise ConcurrentChange(subject=event.session_id) from exc
        if not inserted:
            # Another writer took this seq: the pipeline retries the scan from its journal.
            raise ConcurrentChange(subject=event.session_id)

    def events(self, session_id: str) -> list[InspectionEvent]:
        rows = run(self._session, _EVENTS_OF, {"session_id": session_id})
        return [_event(row) for row in rows]

    def mark_verified(self, order_no: str, at: datetime, operator: str, station_id: str) -> None:
        self._session.execute(
            update(OrderRow)
            .where(OrderRow.order_no == order_no)
            .values(verified_at=at, verified_by=operator, verified_station=station_id)
            .execution_options(synchronize_session=False)
        )
