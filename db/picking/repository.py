"""Picking's repositories: waves with their orders and allocations, picks, shorts, sessions.

Quantities are never read, changed in Python and written back: a wave's allocations are
written once, progress rows are appended (their UNIQUE keys make a replayed scan a no-op),
and status, lease and session rows change only through guarded UPDATEs that bump `version`
(leases: db/picking/leases.py).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session

from db.converters import barcode_from_row, orders_with_lines, sku_from_row
from db.leases import SqlLeases
from db.ledger import dialect_insert
from db.models import BarcodeRow, Base, LocationRow, OrderLineRow, OrderRow, SkuRow
from db.picking import bulk, leases
from db.picking.leases import WAVE
from db.picking.models import (
    PickAllocationRow,
    PickRecordRow,
    PickShortRow,
    PickWaveOrderRow,
    PickWaveRow,
    PickWaveSeqRow,
)
from db.picking.rows import allocation as _allocation
from db.picking.rows import pick as _pick
from db.picking.rows import short as _short
from db.picking.rows import wave as _wave
from db.picking.sessions import SqlPickSessionRepository
from db.picking.stock import aware, bin_stock, chunks
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.model import Barcode, LocationKind, Order, OrderLine, OrderStatus, Sku
from wms_tui.core.picking.errors import UnknownWave
from wms_tui.core.picking.records import (
    Allocation,
    BinStock,
    PickRecord,
    ShortRecord,
    Wave,
    WaveStatus,
)


class SqlWaveRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        self._insert = dialect_insert(session)

    # --- waves -----------------------------------------------------------------------
    def add(self, wave: Wave) -> None:
        self.add_many([wave])

    def add_many(self, waves: Sequence[Wave]) -> None:
        """Waves with their orders and allocations: three executemany however many waves."""
        self._insert_rows(
            PickWaveRow,
            [
                {
                    "wave_no": w.wave_no,
                    "kind": w.kind.value,
                    "status": w.status.value,
                    "priority": w.priority,
                    "oldest_paid_at": w.oldest_paid_at,
                    "grp": w.group,
                    "created_at": w.created_at or datetime.now(UTC),
                    "created_by": w.created_by,
                    "version": w.version,
                }
                for w in waves
            ],
        )
        self._insert_rows(
            PickWaveOrderRow,
            [
                {"wave_no": w.wave_no, "position": n, "order_no": order_no}
                for w in waves
                for n, order_no in enumerate(w.orders, start=1)
            ],
        )
        self._insert_rows(
            PickAllocationRow,
            [
                {
                    "wave_no": w.wave_no,
                    "idx": a.index,
                    "order_no": a.order_no,
                    "line_no": a.line_no,
                    "sku_code": a.sku_code,
                    "location": a.location,
                    "walk_order": a.walk_order,
                    "qty": a.qty,
                    "slot": a.slot,
                }
                for w in waves
                for a in w.allocations
            ],
        )
        for w in waves:  # a wave stored with its picker (a copy of another database)
            if w.lease_station:
                since = w.lease_since or w.created_at or datetime.now(UTC)
                SqlLeases(self._session).take(
                    WAVE, w.wave_no, w.lease_station, w.lease_operator, since
                )

    def _insert_rows(self, model: type[Base], rows: list[dict[str, object]]) -> None:
        bulk.insert_rows(self._session, model, rows)

    def _load(self, rows: Sequence[PickWaveRow]) -> list[Wave]:
        """Waves with their orders and allocations: three queries however many waves."""
        numbers = [row.wave_no for row in rows]
        orders: dict[str, list[str]] = {n: [] for n in numbers}
        allocations: dict[str, list[Allocation]] = {n: [] for n in numbers}
        for chunk in chunks(numbers):
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
        held = {}
        for chunk in chunks(numbers):
            held.update(leases.leases_of(self._session, chunk))
        return [
            _wave(row, orders[row.wave_no], allocations[row.wave_no], held.get(row.wave_no))
            for row in rows
        ]

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
        # Core rows, not ORM entities: a release reads every confirmed order at once.
        orders, lines = OrderRow.__table__.c, OrderLineRow.__table__.c
        confirmed = orders.status == OrderStatus.CONFIRMED.value
        found: dict[str, list[OrderLine]] = {}
        for line in self._session.connection().execute(
            select(lines.order_no, lines.line_no, lines.sku_code, lines.qty, lines.is_gift,
                   lines.kit_code)
            .join(OrderRow.__table__, orders.order_no == lines.order_no)
            .where(confirmed)
            .order_by(lines.order_no, lines.line_no)
        ).all():  # fmt: skip
            found.setdefault(line.order_no, []).append(
                OrderLine(line.line_no, line.sku_code, line.qty, line.is_gift, line.kit_code)
            )
        # .all(): psycopg hands over every row at once, where iterating fetches row by row.
        heads = (
            self._session.connection().execute(select(OrderRow.__table__).where(confirmed)).all()
        )
        return [
            Order(
                order_no=h.order_no,
                platform=h.platform,
                shop=h.shop,
                status=OrderStatus(h.status),
                lines=found.get(h.order_no, []),
                platform_order_no=h.platform_order_no,
                buyer=h.buyer,
                courier=h.courier,
                waybill=h.waybill,
                buyer_remark=h.buyer_remark,
                seller_remark=h.seller_remark,
                paid_at=aware(h.paid_at),
                priority=h.priority,
                merged_from=h.merged_from,
                hold_reason=h.hold_reason,
                version=h.version,
            )
            for h in heads
        ]

    def release_orders(self, orders: Sequence[Order]) -> None:
        changed = bulk.release_orders(self._session, [(o.order_no, o.version) for o in orders])
        if changed != len(orders):
            raise ConcurrentChange(subject="orders")
        for order in orders:
            order.status, order.version = OrderStatus.RELEASED, order.version + 1

    def order_statuses(self, wave_no: str) -> dict[str, OrderStatus]:
        rows = self._session.execute(
            select(OrderRow.order_no, OrderRow.status)
            .join(PickWaveOrderRow, PickWaveOrderRow.order_no == OrderRow.order_no)
            .where(PickWaveOrderRow.wave_no == wave_no)
        )
        return {order_no: OrderStatus(status) for order_no, status in rows}

    def packing_location(self, station_id: str) -> str | None:
        return self._session.scalar(
            select(LocationRow.code)
            .where(
                LocationRow.kind == LocationKind.PACKING.value,
                LocationRow.station_id == station_id,
            )
            .order_by(LocationRow.code)
            .limit(1)
        )

    def next_seq(self, day: date) -> int:
        return self.next_seqs(day, 1)

    def next_seqs(self, day: date, count: int) -> int:
        statement = (
            self._insert(PickWaveSeqRow)
            .values(day=day, last=count)
            .on_conflict_do_update(
                index_elements=["day"], set_={"last": PickWaveSeqRow.last + count}
            )
            .returning(PickWaveSeqRow.last)
        )
        return int(self._session.execute(statement).scalar_one()) - count + 1

    def _update_one(self, wave_no: str, **values: Any) -> None:
        if leases.update_wave(self._session, wave_no, None, **values) == 0:
            raise UnknownWave(wave=wave_no)

    def set_status(self, wave_no: str, status: WaveStatus) -> None:
        self._update_one(wave_no, status=status.value)

    def set_lease(self, wave_no: str, station_id: str, operator: str, since: datetime) -> None:
        leases.set_lease(self._session, wave_no, station_id, operator, since)

    def keep_lease(self, wave_no: str, station_id: str, operator: str) -> None:
        leases.keep_lease(self._session, wave_no, station_id, operator)

    def move_lease(
        self, wave_no: str, version: int, station_id: str, operator: str, since: datetime | None
    ) -> None:
        leases.move_lease(self._session, wave_no, version, station_id, operator, since)

    def clear_lease(self, wave_no: str) -> None:
        leases.clear_lease(self._session, wave_no)

    def claim_next_wave(self, station_id: str, operator: str, now: datetime) -> Wave | None:
        found: Wave | None = leases.claim_next_wave(
            self._session, station_id, operator, now, self.get
        )
        return found

    # --- stock the waves may still take ----------------------------------------------
    def bin_stock(self, sku_codes: Collection[str]) -> list[BinStock]:
        return bin_stock(self._session, sku_codes)

    def pick_list_sources(
        self, sku_codes: Collection[str], order_nos: Collection[str]
    ) -> tuple[dict[str, Sku], dict[str, list[Barcode]], dict[str, Order]]:
        skus: dict[str, Sku] = {}
        barcodes: dict[str, list[Barcode]] = {}
        for chunk in chunks(sku_codes):
            for sku_row in self._session.scalars(select(SkuRow).where(SkuRow.code.in_(chunk))):
                skus[sku_row.code] = sku_from_row(sku_row)
            for code_row in self._session.scalars(
                select(BarcodeRow).where(BarcodeRow.sku_code.in_(chunk)).order_by(BarcodeRow.code)
            ):
                barcodes.setdefault(code_row.sku_code, []).append(barcode_from_row(code_row))
        orders = orders_with_lines(self._session, order_nos)
        return skus, barcodes, orders

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


__all__ = ["SqlPickSessionRepository", "SqlWaveRepository"]
