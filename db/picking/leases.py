"""Wave leases: who picks a wave, in the one lease table (db/leases.py, kind "wave").

Taking a lease is decided by the database (the lease table's unique index), never by a
read; every change of who holds a wave also bumps the wave's version, which a
supervisor's takeover is checked against. `claim_next_wave` hands out work with FOR
UPDATE SKIP LOCKED on PostgreSQL; on SQLite the unit of work's BEGIN IMMEDIATE already
serialises writers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, select, update
from sqlalchemy.orm import Session

from db.leases import OPEN, SqlLeases, lease_of
from db.models import OperatorRow, WorkSessionRow
from db.picking.models import PickWaveRow
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.leases import Lease, LeaseKind, holds
from wms_tui.core.picking.errors import LeaseLost, UnknownWave
from wms_tui.core.picking.lease import lease_held
from wms_tui.core.picking.records import OPEN_WAVE_STATUSES

WAVE = LeaseKind.WAVE.value
_OPEN = tuple(s.value for s in OPEN_WAVE_STATUSES)


def update_wave(
    session: Session, wave_no: str, where: ColumnElement[bool] | None, **values: Any
) -> int:
    condition = PickWaveRow.wave_no == wave_no
    if where is not None:
        condition = and_(condition, where)
    result = session.execute(
        update(PickWaveRow)
        .where(condition)
        .values(version=PickWaveRow.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def leases_of(session: Session, wave_nos: Collection[str]) -> dict[str, Lease]:
    """The open leases of these waves, by wave number (one query)."""
    w = WorkSessionRow
    rows = session.scalars(
        select(w).where(w.kind == WAVE, w.status == OPEN, w.subject.in_(list(wave_nos)))
    )
    return {row.subject: lease_of(row) for row in rows}


def set_lease(
    session: Session, wave_no: str, station_id: str, operator: str, since: datetime
) -> None:
    if session.get(PickWaveRow, wave_no) is None:
        raise UnknownWave(wave=wave_no)
    # Already theirs: the lease keeps the time they took it, so "since 14:02" stays true.
    lease = SqlLeases(session).take(WAVE, wave_no, station_id, operator, since)
    if not holds(lease, station_id, operator):
        raise _held(session, lease)
    update_wave(session, wave_no, None)


def keep_lease(session: Session, wave_no: str, station_id: str, operator: str) -> None:
    # The lease row stays locked until commit: a supervisor's takeover waits for this
    # picker's posting, and a posting after a takeover finds the lease gone.
    lease = SqlLeases(session).holder(WAVE, wave_no, lock=True)
    if not holds(lease, station_id, operator):
        raise _holder_error(session, wave_no, lease)


def _holder_error(session: Session, wave_no: str, lease: Lease | None) -> Exception:
    if session.get(PickWaveRow, wave_no) is None:
        return UnknownWave(wave=wave_no)
    if lease is None:
        return LeaseLost(wave=wave_no)
    return _held(session, lease)


def _held(session: Session, lease: Lease) -> Exception:
    name = session.scalar(select(OperatorRow.name).where(OperatorRow.badge == lease.operator))
    return lease_held(lease.subject, lease.station_id, lease.operator, name or "", lease.since)


def move_lease(
    session: Session,
    wave_no: str,
    version: int,
    station_id: str,
    operator: str,
    since: datetime | None,
) -> None:
    changed = update_wave(session, wave_no, PickWaveRow.version == version)
    if not changed:
        if session.get(PickWaveRow, wave_no) is None:
            raise UnknownWave(wave=wave_no)
        raise ConcurrentChange(subject=wave_no)
    leases = SqlLeases(session)
    if station_id:
        leases.hand_over(WAVE, wave_no, station_id, operator, since or datetime.now(UTC))
    else:
        leases.release(WAVE, wave_no)


def clear_lease(session: Session, wave_no: str) -> None:
    if update_wave(session, wave_no, None) == 0:
        raise UnknownWave(wave=wave_no)
    SqlLeases(session).release(WAVE, wave_no)


def claim_next_wave(
    session: Session,
    station_id: str,
    operator: str,
    now: datetime,
    load: Callable[[str], Any],
) -> Any:
    w, lease = PickWaveRow, WorkSessionRow
    mine = session.scalar(
        select(w.wave_no)
        .join(lease, lease.subject == w.wave_no)
        .where(
            w.status.in_(_OPEN),
            lease.kind == WAVE,
            lease.status == OPEN,
            lease.station_id == station_id,
            lease.operator == operator,
        )
        .order_by(w.wave_no)
        .limit(1)
    )
    if mine is not None:
        return load(mine)
    leased = exists().where(lease.kind == WAVE, lease.status == OPEN, lease.subject == w.wave_no)
    postgres = session.get_bind().dialect.name == "postgresql"
    leases = SqlLeases(session)
    for _attempt in range(3):
        query = (
            select(w.wave_no)
            .where(w.status.in_(_OPEN), ~leased)
            .order_by(w.priority.desc(), w.oldest_paid_at.asc().nulls_last(), w.wave_no)
            .limit(1)
        )
        if postgres:
            # A wave another station is claiming right now is skipped, not waited for.
            query = query.with_for_update(skip_locked=True, of=w)
        wave_no = session.scalar(query)
        if wave_no is None:
            return None
        if holds(leases.take(WAVE, wave_no, station_id, operator, now), station_id, operator):
            update_wave(session, wave_no, None)
            return load(wave_no)
    raise ConcurrentChange(subject="wave")
