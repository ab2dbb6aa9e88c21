"""Picking's repositories: waves with their orders and allocations, picks, shorts, sessions.

Quantities are never read, changed in Python and written back: a wave's allocations are
written once, progress rows are appended (their UNIQUE keys make a replayed scan a no-op),
and status, lease and session rows change only through guarded UPDATEs that bump `version`.
`claim_next_wave` hands out work with FOR UPDATE SKIP LOCKED on PostgreSQL; on SQLite the
unit of work's BEGIN IMMEDIATE already serialises writers.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, insert, literal, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.converters import order_from_rows
from db.ledger import dialect_insert
from db.models import LocationRow, OrderLineRow, OrderRow, StockLevelRow, StockMoveRow
from db.models_picking import (
    PickAllocationRow,
    PickRecordRow,
    PickSessionRow,
    PickShortRow,
    PickWaveOrderRow,
    PickWaveRow,
    PickWaveSeqRow,
)
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.model import LocationKind, Order, OrderStatus
from wms_tui.core.waves import UnknownWave
from wms_tui.core.workflows.picking_ports import (
    OPEN_WAVE_STATUSES,
    RECEIPT_REASONS,
    Allocation,
    BinStock,
    PickRecord,
    PickSession,
    ShortRecord,
    Wave,
    WaveKind,
    WaveStatus,
)

_CHUNK = 500  # SQLite allows 32766 variables, but long IN lists plan badly anyway
_OPEN = tuple(s.value for s in OPEN_WAVE_STATUSES)


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _wave(row: PickWaveRow, orders: Sequence[str], allocations: Sequence[Allocation]) -> Wave:
    return Wave(
        wave_no=row.wave_no,
        kind=WaveKind(row.kind),
        status=WaveStatus(row.status),
        orders=tuple(orders),
        allocations=tuple(allocations),
        priority=row.priority,
        oldest_paid_at=row.oldest_paid_at,
        group=row.grp,
        created_at=row.created_at,
        created_by=row.created_by,
        lease_station=row.lease_station,
        lease_operator=row.lease_operator,
        lease_since=row.lease_since,
        version=row.version,
    )


def _allocation(row: PickAllocationRow) -> Allocation:
    return Allocation(
        row.idx,
        row.order_no,
        row.line_no,
        row.sku_code,
        row.location,
        row.walk_order,
        row.qty,
        row.slot,
    )


def _pick(row: PickRecordRow) -> PickRecord:
    return PickRecord(
        row.wave_no,
        row.allocation,
        row.qty,
        row.move_id,
        row.operator,
        row.station_id,
        row.scan_id,
        row.at,
    )


def _short(row: PickShortRow) -> ShortRecord:
    return ShortRecord(
        row.wave_no,
        row.allocation,
        row.order_no,
        row.sku_code,
        row.location,
        row.qty,
        row.operator,
        row.station_id,
        row.scan_id,
        row.at,
    )


class SqlWaveRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._insert = dialect_insert(session)

    @property
    def _postgres(self) -> bool:
        return self._session.get_bind().dialect.name == "postgresql"

    # --- waves -----------------------------------------------------------------------
    def add(self, wave: Wave) -> None:
        self._session.execute(
            insert(PickWaveRow).values(
                wave_no=wave.wave_no,
                kind=wave.kind.value,
                status=wave.status.value,
                priority=wave.priority,
                oldest_paid_at=wave.oldest_paid_at,
                grp=wave.group,
                created_at=wave.created_at or datetime.now(UTC),
                created_by=wave.created_by,
                lease_station=wave.lease_station,
                lease_operator=wave.lease_operator,
                lease_since=wave.lease_since,
                version=wave.version,
            )
        )
        self._session.execute(
            insert(PickWaveOrderRow),
            [
                {"wave_no": wave.wave_no, "position": n, "order_no": order_no}
                for n, order_no in enumerate(wave.orders, start=1)
            ],
        )
        self._session.execute(
            insert(PickAllocationRow),
            [
                {
                    "wave_no": wave.wave_no,
                    "idx": a.index,
                    "order_no": a.order_no,
                    "line_no": a.line_no,
                    "sku_code": a.sku_code,
                    "location": a.location,
                    "walk_order": a.walk_order,
                    "qty": a.qty,
                    "slot": a.slot,
                }
                for a in wave.allocations
            ],
        )

    def _load(self, rows: Sequence[PickWaveRow]) -> list[Wave]:
        """Waves with their orders and allocations: three queries however many waves."""
        numbers = [row.wave_no for row in rows]
        orders: dict[str, list[str]] = {n: [] for n in numbers}
        allocations: dict[str, list[Allocation]] = {n: [] for n in numbers}
        for chunk in _chunks(numbers):
            for o in self._session.scalars(
                select(PickWaveOrderRow)
                .where(PickWaveOrderRow.wave_no.in_(chunk))
                .order_by(PickWaveOrderRow.wave_no, PickWaveOrderRow.position)
            ):
                orders[o.wave_no].append(o.order_no)
            for a in self._session.scalars(
                select(PickAllocationRow)
                .where(PickAllocationRow.wave_no.in_(chunk))
                .order_by(PickAllocationRow.wave_no, PickAllocationRow.idx)
            ):
                allocations[a.wave_no].append(_allocation(a))
        return [_wave(row, orders[row.wave_no], allocations[row.wave_no]) for row in rows]

    def get(self, wave_no: str) -> Wave | None:
        row = self._session.get(PickWaveRow, wave_no, populate_existing=True)
        return None if row is None else self._load([row])[0]

    def by_status(self, statuses: Collection[WaveStatus]) -> list[Wave]:
        rows = self._session.scalars(
            select(PickWaveRow)
            .where(PickWaveRow.status.in_([s.value for s in statuses]))
            .order_by(PickWaveRow.wave_no.desc())
            .execution_options(populate_existing=True)
        ).all()
        return self._load(rows)

    def confirmed_orders(self) -> list[Order]:
        confirmed = OrderRow.status == OrderStatus.CONFIRMED.value
        heads = self._session.scalars(
            select(OrderRow).where(confirmed).execution_options(populate_existing=True)
        ).all()
        lines: dict[str, list[OrderLineRow]] = {row.order_no: [] for row in heads}
        for line in self._session.scalars(
            select(OrderLineRow).join(OrderRow, OrderRow.order_no == OrderLineRow.order_no)
            .where(confirmed)
        ):  # fmt: skip
            if line.order_no in lines:
                lines[line.order_no].append(line)
        return [order_from_rows(row, lines[row.order_no]) for row in heads]

    def next_seq(self, day: date) -> int:
        statement = (
            self._insert(PickWaveSeqRow)
            .values(day=day, last=1)
            .on_conflict_do_update(index_elements=["day"], set_={"last": PickWaveSeqRow.last + 1})
            .returning(PickWaveSeqRow.last)
        )
        return int(self._session.execute(statement).scalar_one())

    def _update(self, wave_no: str, where: ColumnElement[bool] | None, **values: Any) -> int:
        condition = PickWaveRow.wave_no == wave_no
        if where is not None:
            condition = and_(condition, where)
        result = self._session.execute(
            update(PickWaveRow)
            .where(condition)
            .values(version=PickWaveRow.version + 1, **values)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    def _update_one(self, wave_no: str, **values: Any) -> None:
        if self._update(wave_no, None, **values) == 0:
            raise UnknownWave(wave=wave_no)

    def set_status(self, wave_no: str, status: WaveStatus) -> None:
        self._update_one(wave_no, status=status.value)

    def set_lease(self, wave_no: str, station_id: str, operator: str, since: datetime) -> None:
        self._update_one(
            wave_no, lease_station=station_id, lease_operator=operator, lease_since=since
        )

    def clear_lease(self, wave_no: str) -> None:
        self._update_one(wave_no, lease_station="", lease_operator="", lease_since=None)

    def claim_next_wave(self, station_id: str, operator: str, now: datetime) -> Wave | None:
        mine = self._session.scalar(
            select(PickWaveRow.wave_no)
            .where(
                PickWaveRow.status.in_(_OPEN),
                PickWaveRow.lease_station == station_id,
                PickWaveRow.lease_operator == operator,
            )
            .order_by(PickWaveRow.wave_no)
            .limit(1)
        )
        if mine is not None:
            return self.get(mine)
        for _attempt in range(3):
            query = (
                select(PickWaveRow.wave_no)
                .where(PickWaveRow.status.in_(_OPEN), PickWaveRow.lease_station == "")
                .order_by(
                    PickWaveRow.priority.desc(),
                    PickWaveRow.oldest_paid_at.asc().nulls_last(),
                    PickWaveRow.wave_no,
                )
                .limit(1)
            )
            if self._postgres:
                # A wave another station is claiming right now is skipped, not waited for.
                query = query.with_for_update(skip_locked=True)
            wave_no = self._session.scalar(query)
            if wave_no is None:
                return None
            taken = self._update(
                wave_no,
                PickWaveRow.lease_station == "",
                lease_station=station_id,
                lease_operator=operator,
                lease_since=now,
            )
            if taken:
                return self.get(wave_no)
        raise ConcurrentChange(subject="wave")

    # --- stock the waves may still take ----------------------------------------------
    def _held(self, chunk: list[str]) -> Select[Any]:
        """Per (sku, bin): open waves' allocations not yet picked or shorted."""
        a, w = PickAllocationRow, PickWaveRow
        open_wave = and_(w.wave_no == a.wave_no, w.status.in_(_OPEN))
        done = []
        for r in (PickRecordRow, PickShortRow):
            done.append(
                select(a.sku_code, a.location, (-r.qty).label("q"))
                .select_from(r)
                .join(a, and_(a.wave_no == r.wave_no, a.idx == r.allocation))
                .join(w, open_wave)
                .where(a.sku_code.in_(chunk))
            )
        allocated = (
            select(a.sku_code, a.location, a.qty.label("q"))
            .join(w, open_wave)
            .where(a.sku_code.in_(chunk))
        )
        rows = union_all(allocated, *done).subquery()
        return select(rows.c.sku_code, rows.c.location, func.sum(rows.c.q).label("held")).group_by(
            rows.c.sku_code, rows.c.location
        )

    def bin_stock(self, sku_codes: Collection[str]) -> list[BinStock]:
        found: list[BinStock] = []
        sl, loc, m = StockLevelRow, LocationRow, StockMoveRow
        for chunk in _chunks(sku_codes):
            held = self._held(chunk).subquery()
            first = (
                select(m.sku_code, m.to_location, func.min(m.at).label("first_at"))
                .where(m.sku_code.in_(chunk), m.reason.in_([r.value for r in RECEIPT_REASONS]))
                .group_by(m.sku_code, m.to_location)
                .subquery()
            )
            available = sl.qty - func.coalesce(held.c.held, literal(0))
            rows = self._session.execute(
                select(sl.sku_code, sl.location, loc.walk_order, available, first.c.first_at)
                .join(loc, loc.code == sl.location)
                .outerjoin(held, and_(held.c.sku_code == sl.sku_code,
                                      held.c.location == sl.location))
                .outerjoin(first, and_(first.c.sku_code == sl.sku_code,
                                       first.c.to_location == sl.location))
                .where(
                    sl.sku_code.in_(chunk),
                    loc.kind == LocationKind.BIN.value,
                    loc.frozen.is_(False),
                    available > 0,
                )
            )  # fmt: skip
            for sku, location, walk, qty, first_at in rows:
                found.append(BinStock(sku, location, walk, int(qty), _aware(first_at)))
        return found

    # --- progress ----------------------------------------------------------------------
    def add_pick(self, record: PickRecord) -> None:
        # A replayed scan reuses its move ids: the second insert is a no-op, not an error.
        self._session.execute(
            self._insert(PickRecordRow)
            .values(
                wave_no=record.wave_no,
                allocation=record.allocation,
                qty=record.qty,
                move_id=record.move_id,
                operator=record.operator,
                station_id=record.station_id,
                scan_id=record.scan_id,
                at=record.at or datetime.now(UTC),
            )
            .on_conflict_do_nothing(index_elements=["move_id"])
        )

    def picks(self, wave_no: str) -> list[PickRecord]:
        rows = self._session.scalars(
            select(PickRecordRow).where(PickRecordRow.wave_no == wave_no).order_by(PickRecordRow.id)
        )
        return [_pick(row) for row in rows]

    def add_short(self, record: ShortRecord) -> None:
        # The partial unique index (scan_id, allocation) is the replay guard.
        self._session.execute(
            self._insert(PickShortRow)
            .values(
                wave_no=record.wave_no,
                allocation=record.allocation,
                order_no=record.order_no,
                sku_code=record.sku_code,
                location=record.location,
                qty=record.qty,
                operator=record.operator,
                station_id=record.station_id,
                scan_id=record.scan_id,
                at=record.at or datetime.now(UTC),
            )
            .on_conflict_do_nothing()
        )

    def shorts(self, wave_no: str | None = None) -> list[ShortRecord]:
        query = select(PickShortRow).order_by(PickShortRow.at, PickShortRow.id)
        if wave_no is not None:
            query = query.where(PickShortRow.wave_no == wave_no)
        return [_short(row) for row in self._session.scalars(query)]


def _aware(value: object) -> datetime | None:
    """MIN() comes back untyped on SQLite (a string): make it the aware UTC time it is."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class SqlPickSessionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, station_id: str) -> PickSession | None:
        row = self._session.get(PickSessionRow, station_id, populate_existing=True)
        if row is None:
            return None
        return PickSession(
            row.station_id,
            row.operator,
            row.wave_no,
            row.at_location,
            row.in_hand,
            row.pending_qty,
            row.awaiting_short_qty,
            row.version,
        )

    def save(self, session: PickSession) -> None:
        values = {
            "operator": session.operator,
            "wave_no": session.wave_no,
            "at_location": session.at_location,
            "in_hand": session.in_hand,
            "pending_qty": session.pending_qty,
            "awaiting_short_qty": session.awaiting_short_qty,
            "version": session.version + 1,
        }
        if session.version == 0:
            try:
                with self._session.begin_nested():
                    self._session.execute(
                        insert(PickSessionRow).values(station_id=session.station_id, **values)
                    )
            except IntegrityError as exc:
                raise ConcurrentChange(subject=session.station_id) from exc
            return
        result = self._session.execute(
            update(PickSessionRow)
            .where(
                PickSessionRow.station_id == session.station_id,
                PickSessionRow.version == session.version,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 0:  # type: ignore[attr-defined]
            raise ConcurrentChange(subject=session.station_id)
