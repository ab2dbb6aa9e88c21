"""Leases on work: one station at a time works an order, a wave or a location.

A lease is an open `work_session` row; the partial unique index on (kind, subject) WHERE
status = 'open' lets the database, not a read, decide who got it. A station that crashed comes
back to its own lease; another station waits until the lease runs out, or a supervisor takes
it over (audited).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from db.models import AuditRow, OrderRow, WorkSessionRow
from wms_tui.core.errors import ConcurrentChange, LeaseHeld, NotAllowed
from wms_tui.core.model import Operator, Role

OPEN = "open"
CLOSED = "closed"
TAKEN_OVER = "taken_over"
DEFAULT_TTL = timedelta(minutes=2)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Lease:
    session_id: int
    kind: str
    subject: str
    station_id: str
    operator: str
    lease_until: datetime
    version: int
    started_at: datetime


def _lease(row: WorkSessionRow) -> Lease:
    return Lease(
        row.id,
        row.kind,
        row.subject,
        row.station_id,
        row.operator,
        row.lease_until,
        row.version,
        row.started_at,
    )


def _held(row: WorkSessionRow) -> LeaseHeld:
    return LeaseHeld(
        station=row.station_id,
        operator=row.operator,
        since=row.started_at.isoformat(timespec="minutes"),
    )


class SqlLeases:
    def __init__(
        self,
        session: Session,
        now: Callable[[], datetime] = utc_now,
        ttl: timedelta = DEFAULT_TTL,
    ) -> None:
        self._session = session
        self._now = now
        self._ttl = ttl

    def _open_row(self, kind: str, subject: str) -> WorkSessionRow | None:
        return self._session.scalar(
            select(WorkSessionRow)
            .where(
                WorkSessionRow.kind == kind,
                WorkSessionRow.subject == subject,
                WorkSessionRow.status == OPEN,
            )
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    def holder(self, kind: str, subject: str) -> Lease | None:
        row = self._open_row(kind, subject)
        return None if row is None else _lease(row)

    def _insert(self, kind: str, subject: str, station_id: str, operator: str) -> Lease | None:
        now = self._now()
        row = WorkSessionRow(
            kind=kind,
            subject=subject,
            status=OPEN,
            station_id=station_id,
            operator=operator,
            lease_until=now + self._ttl,
            version=1,
            started_at=now,
        )
        try:
            with self._session.begin_nested():
                self._session.add(row)
                self._session.flush()
        except IntegrityError:
            return None  # another station opened it between our read and our insert
        return _lease(row)

    def _move(self, row: WorkSessionRow, station_id: str, operator: str, *, restart: bool) -> Lease:
        now = self._now()
        values: dict[str, object] = {
            "station_id": station_id,
            "operator": operator,
            "lease_until": now + self._ttl,
            "version": row.version + 1,
        }
        if restart:
            values["started_at"] = now
        result = self._session.execute(
            update(WorkSessionRow)
            .where(
                WorkSessionRow.id == row.id,
                WorkSessionRow.version == row.version,
                WorkSessionRow.status == OPEN,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=row.subject)
        fresh = self._session.get(WorkSessionRow, row.id, populate_existing=True)
        assert fresh is not None
        return _lease(fresh)

    def acquire(self, kind: str, subject: str, *, station_id: str, operator: str) -> Lease:
        """Open or resume the lease; LeaseHeld when another station holds a live one."""
        for _ in range(2):
            row = self._open_row(kind, subject)
            if row is None:
                lease = self._insert(kind, subject, station_id, operator)
                if lease is not None:
                    return lease
                continue
            if row.station_id == station_id:
                return self._move(row, station_id, operator, restart=False)
            if row.lease_until > self._now():
                raise _held(row)
            # The holder went quiet past its lease (a crash, a pulled cable): work moves on.
            return self._move(row, station_id, operator, restart=True)
        row = self._open_row(kind, subject)
        raise _held(row) if row is not None else ConcurrentChange(subject=subject)

    def renew(self, lease: Lease) -> Lease:
        row = self._open_row(lease.kind, lease.subject)
        if row is None or row.id != lease.session_id or row.station_id != lease.station_id:
            if row is not None:
                raise _held(row)
            raise ConcurrentChange(subject=lease.subject)
        return self._move(row, lease.station_id, lease.operator, restart=False)

    def release(self, lease: Lease) -> None:
        self._session.execute(
            update(WorkSessionRow)
            .where(
                WorkSessionRow.id == lease.session_id,
                WorkSessionRow.station_id == lease.station_id,
                WorkSessionRow.status == OPEN,
            )
            .values(status=CLOSED, ended_at=self._now())
            .execution_options(synchronize_session=False)
        )

    def takeover(self, kind: str, subject: str, *, station_id: str, supervisor: Operator) -> Lease:
        """A supervisor moves live work to this station; the old holder's session ends."""
        if not supervisor.has_role(Role.SUPERVISOR):
            raise NotAllowed(name=supervisor.name, role=Role.SUPERVISOR.value)
        row = self._open_row(kind, subject)
        detail = ""
        if row is not None:
            detail = f"from station {row.station_id} operator {row.operator}"
            self._session.execute(
                update(WorkSessionRow)
                .where(WorkSessionRow.id == row.id)
                .values(status=TAKEN_OVER, ended_at=self._now())
                .execution_options(synchronize_session=False)
            )
        lease = self._insert(kind, subject, station_id, supervisor.badge)
        if lease is None:
            raise ConcurrentChange(subject=subject)
        self._session.add(
            AuditRow(
                at=self._now(),
                action="lease_takeover",
                operator=supervisor.badge,
                station_id=station_id,
                subject=f"{kind}:{subject}",
                detail=detail,
            )
        )
        return lease

    def claim_next(
        self,
        kind: str,
        candidates: Sequence[str],
        *,
        station_id: str,
        operator: str,
        lock_column: InstrumentedAttribute[str] = OrderRow.order_no,
    ) -> Lease | None:
        """The first candidate (in the caller's order) nobody else works, leased to us.

        On PostgreSQL each candidate's own row is locked with SKIP LOCKED, so stations asking
        at the same moment are handed different work instead of queueing on one row. SQLite
        needs nothing more: its write units are serialised by BEGIN IMMEDIATE.
        """
        postgres = self._session.get_bind().dialect.name == "postgresql"
        for subject in candidates:
            if postgres:
                locked = self._session.scalar(
                    select(lock_column)
                    .where(lock_column == subject)
                    .with_for_update(skip_locked=True)
                )
                if locked is None:
                    continue
            try:
                with self._session.begin_nested():
                    return self.acquire(kind, subject, station_id=station_id, operator=operator)
            except LeaseHeld:
                continue
        return None
