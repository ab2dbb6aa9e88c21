"""The one lease table (`work_session`) behind the core's Leases port (core/leases.py).

Orders at inspection, waves at picking and locations at counting all lease their work
here. An open row is a lease; the partial unique index on (kind, subject) WHERE status =
'open' lets the database, not a read, decide who got it: taking a lease is an INSERT ... ON
CONFLICT DO NOTHING, and whoever did not get it reads the holder that did. A lease ends
`closed` (the work is done or set free) or `taken_over` (a supervisor moved it); ended rows
stay as the history of who worked what.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, select, text, update
from sqlalchemy.orm import Session

from db.ledger import dialect_insert
from db.models import WorkSessionRow
from db.statements import table
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.leases import Lease

OPEN = "open"
CLOSED = "closed"
TAKEN_OVER = "taken_over"

_T = table(WorkSessionRow)


def lease_of(row: WorkSessionRow | Row[Any]) -> Lease:
    return Lease(row.kind, row.subject, row.station_id, row.operator, _aware(row.started_at))


def _aware(at: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time the station stores is UTC.
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


class SqlLeases:
    def __init__(self, session: Session) -> None:
        self._session = session

    def holder(self, kind: str, subject: str, *, lock: bool = False) -> Lease | None:
        query = select(_T).where(_T.c.kind == kind, _T.c.subject == subject, _T.c.status == OPEN)
        if lock:
            query = query.with_for_update()
        row = self._session.execute(query).first()
        return None if row is None else lease_of(row)

    def take(self, kind: str, subject: str, station_id: str, operator: str, now: datetime) -> Lease:
        self._session.flush()
        inserted = self._session.execute(
            dialect_insert(self._session)(WorkSessionRow)
            .values(
                kind=kind,
                subject=subject,
                status=OPEN,
                station_id=station_id,
                operator=operator,
                version=1,
                started_at=now,
            )
            .on_conflict_do_nothing(
                index_elements=["kind", "subject"], index_where=text("status = 'open'")
            )
            # RETURNING, not the row count: psycopg reports -1 for this statement.
            .returning(WorkSessionRow.id)
        ).first()
        if inserted is not None:
            return Lease(kind, subject, station_id, operator, now)
        # READ COMMITTED: this statement sees the holder whose insert won.
        held = self.holder(kind, subject, lock=True)
        if held is None:  # released again between the two statements
            raise ConcurrentChange(subject=subject)
        return held

    def hand_over(
        self, kind: str, subject: str, station_id: str, operator: str, now: datetime
    ) -> Lease:
        self._end(kind, subject, TAKEN_OVER, now)
        lease = self.take(kind, subject, station_id, operator, now)
        if (lease.station_id, lease.operator) != (station_id, operator):
            raise ConcurrentChange(subject=subject)
        return lease

    def release(self, kind: str, subject: str) -> None:
        self._end(kind, subject, CLOSED, datetime.now(UTC))

    def held_by(self, kind: str, station_id: str, operator: str | None = None) -> list[str]:
        query = select(_T.c.subject).where(
            _T.c.kind == kind, _T.c.status == OPEN, _T.c.station_id == station_id
        )
        if operator is not None:
            query = query.where(_T.c.operator == operator)
        return list(self._session.scalars(query.order_by(_T.c.started_at, _T.c.subject)))

    def _end(self, kind: str, subject: str, status: str, at: datetime) -> None:
        self._session.execute(
            update(WorkSessionRow)
            .where(
                WorkSessionRow.kind == kind,
                WorkSessionRow.subject == subject,
                WorkSessionRow.status == OPEN,
            )
            .values(status=status, ended_at=at, version=WorkSessionRow.version + 1)
            .execution_options(synchronize_session=False)
        )
