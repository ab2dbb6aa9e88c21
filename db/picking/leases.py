"""Wave leases: who picks a wave. Every change is one guarded UPDATE whose row count decides,
so two stations never both believe they hold a wave (no read-then-write in Python).

`claim_next_wave` hands out work with FOR UPDATE SKIP LOCKED on PostgreSQL; on SQLite the
unit of work's BEGIN IMMEDIATE already serialises writers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, literal, or_, select, update
from sqlalchemy.orm import Session

from db.models import OperatorRow
from db.picking.models import PickWaveRow
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.picking.errors import LeaseLost, UnknownWave
from wms_tui.core.picking.lease import lease_held
from wms_tui.core.picking.records import OPEN_WAVE_STATUSES

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


def set_lease(
    session: Session, wave_no: str, station_id: str, operator: str, since: datetime
) -> None:
    w = PickWaveRow
    free_or_mine = or_(
        w.lease_station == "", and_(w.lease_station == station_id, w.lease_operator == operator)
    )
    # Already theirs: keep the time they took it, so "since 14:02" stays true.
    kept_since = case((w.lease_station == "", literal(since, w.lease_since.type)),
                      else_=w.lease_since)  # fmt: skip
    changed = update_wave(
        session,
        wave_no,
        free_or_mine,
        lease_station=station_id,
        lease_operator=operator,
        lease_since=kept_since,
    )
    if changed:
        return
    raise _holder_error(session, wave_no)


def keep_lease(session: Session, wave_no: str, station_id: str, operator: str) -> None:
    w = PickWaveRow
    # A no-op assignment: the point is the row lock, without bumping the version a
    # supervisor's takeover is checked against.
    result = session.execute(
        update(w)
        .where(w.wave_no == wave_no, w.lease_station == station_id, w.lease_operator == operator)
        .values(lease_station=w.lease_station)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise _holder_error(session, wave_no)


def _holder_error(session: Session, wave_no: str) -> Exception:
    w = PickWaveRow
    # READ COMMITTED: this statement sees the holder that just won the row.
    holder = session.execute(
        select(w.lease_station, w.lease_operator, w.lease_since, OperatorRow.name)
        .outerjoin(OperatorRow, OperatorRow.badge == w.lease_operator)
        .where(w.wave_no == wave_no)
    ).first()
    if holder is None:
        return UnknownWave(wave=wave_no)
    station, badge, held_since, name = holder
    if not station:
        return LeaseLost(wave=wave_no)
    return lease_held(wave_no, station, badge, name or badge, held_since)


def move_lease(
    session: Session,
    wave_no: str,
    version: int,
    station_id: str,
    operator: str,
    since: datetime | None,
) -> None:
    changed = update_wave(
        session,
        wave_no,
        PickWaveRow.version == version,
        lease_station=station_id,
        lease_operator=operator,
        lease_since=since,
    )
    if changed:
        return
    if session.get(PickWaveRow, wave_no) is None:
        raise UnknownWave(wave=wave_no)
    raise ConcurrentChange(subject=wave_no)


def claim_next_wave(
    session: Session,
    station_id: str,
    operator: str,
    now: datetime,
    load: Callable[[str], Any],
) -> Any:
    w = PickWaveRow
    mine = session.scalar(
        select(w.wave_no)
        .where(w.status.in_(_OPEN), w.lease_station == station_id, w.lease_operator == operator)
        .order_by(w.wave_no)
        .limit(1)
    )
    if mine is not None:
        return load(mine)
    postgres = session.get_bind().dialect.name == "postgresql"
    for _attempt in range(3):
        query = (
            select(w.wave_no)
            .where(w.status.in_(_OPEN), w.lease_station == "")
            .order_by(w.priority.desc(), w.oldest_paid_at.asc().nulls_last(), w.wave_no)
            .limit(1)
        )
        if postgres:
            # A wave another station is claiming right now is skipped, not waited for.
            query = query.with_for_update(skip_locked=True)
        wave_no = session.scalar(query)
        if wave_no is None:
            return None
        taken = update_wave(
            session,
            wave_no,
            w.lease_station == "",
            lease_station=station_id,
            lease_operator=operator,
            lease_since=now,
        )
        if taken:
            return load(wave_no)
    raise ConcurrentChange(subject="wave")
