"""In-memory fake of returns' port (core/returns/records.py): one open return per station,
as the table's unique index refuses a second."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from tests.fakes.store import _Store
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.model import OrderStatus
from wms_tui.core.returns.records import (
    Condition,
    ReturnedUnit,
    ReturnRecord,
    ReturnStatus,
    ReturnUnit,
)


@dataclass
class ReturnStore:
    records: dict[str, ReturnRecord] = field(default_factory=dict)
    units: list[ReturnUnit] = field(default_factory=list)


class FakeReturns:
    def __init__(self, store: ReturnStore, shared: _Store) -> None:
        self.s = store
        self.shared = shared  # orders, levels and locations

    def get(self, return_id: str) -> ReturnRecord | None:
        return self.s.records.get(return_id)

    def open_at(self, station_id: str) -> ReturnRecord | None:
        return next(
            (r for r in self.s.records.values()
             if r.station_id == station_id and r.status is ReturnStatus.OPEN),
            None,
        )  # fmt: skip

    def open_with_units(self, station_id: str) -> tuple[ReturnRecord, list[ReturnUnit]] | None:
        record = self.open_at(station_id)
        return None if record is None else (record, self.units(record.return_id))

    def add(self, record: ReturnRecord) -> None:
        if record.return_id in self.s.records or self.open_at(record.station_id) is not None:
            raise ConcurrentChange(subject=record.return_id)
        self.s.records[record.return_id] = record

    def count_with_prefix(self, prefix: str) -> int:
        return sum(1 for r in self.s.records if r.startswith(prefix))

    def save(self, record: ReturnRecord) -> None:
        stored = self.s.records.get(record.return_id)
        if stored is None or stored.version != record.version - 1:
            raise ConcurrentChange(subject=record.return_id)
        self.s.records[record.return_id] = record

    def units(self, return_id: str) -> list[ReturnUnit]:
        mine = [u for u in self.s.units if u.return_id == return_id and not u.removed]
        return sorted(mine, key=lambda u: u.seq)

    def add_unit(self, unit: ReturnUnit) -> None:
        self.s.units.append(unit)

    def next_seq(self, return_id: str) -> int:
        return max((u.seq for u in self.s.units if u.return_id == return_id), default=0) + 1

    def _change(self, return_id: str, seq: int, **changes: object) -> None:
        self.s.units = [
            replace(u, **changes) if (u.return_id, u.seq) == (return_id, seq) else u  # type: ignore[arg-type]
            for u in self.s.units
        ]

    def set_condition(self, return_id: str, seq: int, condition: Condition, reason: str) -> None:
        self._change(return_id, seq, condition=condition, reason=reason)

    def remove_unit(self, return_id: str, seq: int) -> None:
        self._change(return_id, seq, removed=True)

    def assign_lines(self, return_id: str, lines: dict[int, int]) -> None:
        for seq, line_no in lines.items():
            self._change(return_id, seq, line_no=line_no)

    def shipped_to(self, buyer: str, limit: int) -> list[str]:
        shipped = (OrderStatus.HANDED_OVER, OrderStatus.RETURNED, OrderStatus.ARCHIVED)
        mine = [o for o in self.shared.orders.values() if o.buyer == buyer and o.status in shipped]
        mine.sort(key=lambda o: (o.paid_at is not None, o.paid_at, o.order_no), reverse=True)
        return [o.order_no for o in mine[:limit]]

    def _waiting(self, station_id: str) -> list[ReturnUnit]:
        closed = [
            r for r in self.s.records.values()
            if r.station_id == station_id and r.status is ReturnStatus.CLOSED and r.order_no
        ]  # fmt: skip
        closed.sort(key=lambda r: (r.closed_at or r.opened_at, r.return_id))
        return [
            u for r in closed for u in self.units(r.return_id)
            if u.condition is Condition.RESALEABLE and not u.put_away_to
        ]  # fmt: skip

    def waiting_skus(self, station_id: str) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for unit in self._waiting(station_id):
            counts[unit.sku_code] = counts.get(unit.sku_code, 0) + 1
        return list(counts.items())

    def waiting_put_away(self, station_id: str, sku_code: str) -> list[ReturnUnit]:
        return [u for u in self._waiting(station_id) if u.sku_code == sku_code]

    def put_away(self, return_id: str, seqs: list[int], bin_code: str) -> None:
        for seq in seqs:
            self._change(return_id, seq, put_away_to=bin_code)

    def of_order(self, order_no: str) -> list[ReturnRecord]:
        mine = [r for r in self.s.records.values() if r.order_no == order_no]
        return sorted(mine, key=lambda r: (r.opened_at, r.return_id))

    def returned_lines(self, order_no: str) -> dict[int, int]:
        closed = {r.return_id for r in self.of_order(order_no) if r.status is ReturnStatus.CLOSED}
        counts: dict[int, int] = {}
        for unit in self.s.units:
            if unit.return_id in closed and not unit.removed:
                counts[unit.line_no] = counts.get(unit.line_no, 0) + 1
        return counts

    def by_return_waybill(self, waybill: str) -> ReturnRecord | None:
        mine = [r for r in self.s.records.values() if r.return_waybill == waybill]
        return max(mine, key=lambda r: r.opened_at, default=None)

    def unidentified(self) -> list[ReturnRecord]:
        mine = [r for r in self.s.records.values()
                if not r.order_no and r.status is ReturnStatus.CLOSED]  # fmt: skip
        return sorted(mine, key=lambda r: (r.closed_at or r.opened_at, r.return_id))

    def count_unidentified(self) -> int:
        return len(self.unidentified())

    def listing(self, start: datetime, end: datetime) -> list[ReturnRecord]:
        def in_range(at: datetime | None) -> bool:
            return at is not None and start <= at < end

        def shown(r: ReturnRecord) -> bool:
            return r.status is ReturnStatus.OPEN or in_range(r.opened_at) or in_range(r.closed_at)

        mine = [r for r in self.s.records.values() if shown(r)]
        return sorted(mine, key=lambda r: (r.opened_at, r.return_id))

    def closed_units(self, start: datetime, end: datetime) -> list[ReturnedUnit]:
        found: list[ReturnedUnit] = []
        done = (ReturnStatus.CLOSED, ReturnStatus.SCRAPPED)
        records = sorted(
            (r for r in self.s.records.values() if r.status in done and r.closed_at is not None
             and start <= r.closed_at < end),
            key=lambda r: (r.closed_at, r.return_id),
        )  # fmt: skip
        for record in records:
            order = self.shared.orders.get(record.order_no)
            for unit in self.units(record.return_id):
                assert record.closed_at is not None
                found.append(
                    ReturnedUnit(
                        record.return_id, record.order_no,
                        order.platform_order_no if order else "", order.shop if order else "",
                        unit.sku_code, unit.line_no, unit.condition, unit.reason,
                        record.closed_at, record.closed_by, record.station_id, record.parcel,
                        record.return_waybill,
                    )
                )  # fmt: skip
        return found
