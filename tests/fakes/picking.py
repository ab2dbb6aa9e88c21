"""In-memory fakes of the picking ports; tests/fakes/uow.py puts them in every unit of work."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from tests.fakes.store import _Store
from wms_tui.core.errors import ConcurrentChange
from wms_tui.core.model import Barcode, LocationKind, Order, OrderStatus, Sku
from wms_tui.core.picking.errors import LeaseLost
from wms_tui.core.picking.lease import lease_held
from wms_tui.core.picking.records import (
    OPEN_WAVE_STATUSES,
    BinStock,
    PickRecord,
    PickSession,
    ShortRecord,
    Wave,
    WaveStatus,
)


@dataclass
class _PickStore:
    waves: dict[str, Wave] = field(default_factory=dict)
    seqs: dict[date, int] = field(default_factory=dict)
    picks: list[PickRecord] = field(default_factory=list)
    shorts: list[ShortRecord] = field(default_factory=list)
    sessions: dict[str, PickSession] = field(default_factory=dict)


class FakeWaves:
    def __init__(self, store: _Store, picking: _PickStore) -> None:
        self.s = store
        self.p = picking

    def add(self, wave: Wave) -> None:
        self.p.waves[wave.wave_no] = wave

    def get(self, wave_no: str) -> Wave | None:
        return self.p.waves.get(wave_no)

    def by_status(self, statuses: Collection[WaveStatus]) -> list[Wave]:
        found = [w for w in self.p.waves.values() if w.status in statuses]
        return sorted(found, key=lambda w: w.wave_no, reverse=True)

    def confirmed_orders(self) -> list[Order]:
        return [o for o in self.s.orders.values() if o.status is OrderStatus.CONFIRMED]

    def release_orders(self, orders: Sequence[Order]) -> None:
        for order in orders:
            stored = self.s.orders[order.order_no]
            if stored.version != order.version or stored.status is not OrderStatus.CONFIRMED:
                raise ConcurrentChange(subject=order.order_no)
        for order in orders:
            stored = self.s.orders[order.order_no]
            stored.status, stored.version = OrderStatus.RELEASED, stored.version + 1
            order.status, order.version = stored.status, stored.version

    def order_statuses(self, wave_no: str) -> dict[str, OrderStatus]:
        wave = self.p.waves[wave_no]
        return {no: self.s.orders[no].status for no in wave.orders if no in self.s.orders}

    def packing_location(self, station_id: str) -> str | None:
        for location in self.s.locations.values():
            if location.kind is LocationKind.PACKING and location.station_id == station_id:
                return location.code
        return None

    def next_seq(self, day: date) -> int:
        self.p.seqs[day] = self.p.seqs.get(day, 0) + 1
        return self.p.seqs[day]

    def next_seqs(self, day: date, count: int) -> int:
        first = self.p.seqs.get(day, 0) + 1
        self.p.seqs[day] = first + count - 1
        return first

    def _update(self, wave_no: str, **changes: object) -> None:
        wave = self.p.waves[wave_no]
        self.p.waves[wave_no] = replace(wave, version=wave.version + 1, **changes)  # type: ignore[arg-type]

    def set_status(self, wave_no: str, status: WaveStatus) -> None:
        self._update(wave_no, status=status)

    def set_lease(self, wave_no: str, station_id: str, operator: str, since: datetime) -> None:
        wave = self.p.waves[wave_no]
        if wave.lease_station and (wave.lease_station, wave.lease_operator) != (
            station_id,
            operator,
        ):
            holder = self.s.operators.get(wave.lease_operator)
            raise lease_held(
                wave_no,
                wave.lease_station,
                wave.lease_operator,
                holder.name if holder is not None else "",
                wave.lease_since,
            )
        kept = wave.lease_since if wave.lease_station else since
        self._update(wave_no, lease_station=station_id, lease_operator=operator, lease_since=kept)

    def keep_lease(self, wave_no: str, station_id: str, operator: str) -> None:
        wave = self.p.waves[wave_no]
        if (wave.lease_station, wave.lease_operator) == (station_id, operator):
            return
        if not wave.lease_station:
            raise LeaseLost(wave=wave_no)
        self.set_lease(wave_no, station_id, operator, datetime.now(UTC))  # raises: held

    def move_lease(
        self, wave_no: str, version: int, station_id: str, operator: str, since: datetime | None
    ) -> None:
        if self.p.waves[wave_no].version != version:
            raise ConcurrentChange(subject=wave_no)
        self._update(wave_no, lease_station=station_id, lease_operator=operator, lease_since=since)

    def clear_lease(self, wave_no: str) -> None:
        self._update(wave_no, lease_station="", lease_operator="", lease_since=None)

    def claim_next_wave(self, station_id: str, operator: str, now: datetime) -> Wave | None:
        open_waves = [w for w in self.p.waves.values() if w.status in OPEN_WAVE_STATUSES]
        for wave in open_waves:
            if (wave.lease_station, wave.lease_operator) == (station_id, operator):
                return wave
        free = [w for w in open_waves if not w.lease_station]
        if not free:
            return None
        best = min(
            free,
            key=lambda w: (
                -w.priority,
                w.oldest_paid_at is None,
                w.oldest_paid_at or datetime.min.replace(tzinfo=now.tzinfo),
                w.wave_no,
            ),
        )
        self.set_lease(best.wave_no, station_id, operator, now)
        return self.p.waves[best.wave_no]

    def bin_stock(self, sku_codes: Collection[str]) -> list[BinStock]:
        wanted = set(sku_codes)
        held: dict[tuple[str, str], int] = {}
        done: dict[tuple[str, int], int] = {}
        for wave_no, index, qty in [(r.wave_no, r.allocation, r.qty) for r in self.p.picks] + [
            (r.wave_no, r.allocation, r.qty) for r in self.p.shorts
        ]:
            done[(wave_no, index)] = done.get((wave_no, index), 0) + qty
        for wave in self.p.waves.values():
            if wave.status in OPEN_WAVE_STATUSES:
                for a in wave.allocations:
                    left = a.qty - done.get((wave.wave_no, a.index), 0)
                    held[(a.sku_code, a.location)] = held.get((a.sku_code, a.location), 0) + left
        rows = []
        for (sku, code), qty in self.s.levels.items():
            location = self.s.locations.get(code)
            if sku not in wanted or location is None:
                continue
            if location.kind is not LocationKind.BIN or location.frozen:
                continue
            available = qty - held.get((sku, code), 0)
            if available > 0:
                rows.append(
                    BinStock(
                        sku,
                        code,
                        location.walk_order,
                        available,
                        self.s.level_since.get((sku, code)),
                    )
                )
        return rows

    def pick_list_sources(
        self, sku_codes: Collection[str], order_nos: Collection[str]
    ) -> tuple[dict[str, Sku], dict[str, list[Barcode]], dict[str, Order]]:
        skus = {c: self.s.skus[c] for c in sku_codes if c in self.s.skus}
        barcodes: dict[str, list[Barcode]] = {}
        for barcode in sorted(self.s.barcodes.values(), key=lambda b: b.code):
            if barcode.sku_code in skus:
                barcodes.setdefault(barcode.sku_code, []).append(barcode)
        orders = {n: self.s.orders[n] for n in order_nos if n in self.s.orders}
        return skus, barcodes, orders

    def add_pick(self, record: PickRecord) -> None:
        self.p.picks.append(record)

    def picks(self, wave_no: str) -> list[PickRecord]:
        return [r for r in self.p.picks if r.wave_no == wave_no]

    def add_short(self, record: ShortRecord) -> None:
        self.p.shorts.append(record)

    def shorts(self, wave_no: str | None = None) -> list[ShortRecord]:
        return [r for r in self.p.shorts if wave_no is None or r.wave_no == wave_no]


class FakePickSessions:
    def __init__(self, picking: _PickStore) -> None:
        self.p = picking

    def get(self, station_id: str) -> PickSession | None:
        return self.p.sessions.get(station_id)

    def save(self, session: PickSession) -> None:
        stored = self.p.sessions.get(session.station_id)
        if stored is not None and stored.version != session.version:
            raise ConcurrentChange(subject=session.station_id)
        self.p.sessions[session.station_id] = replace(session, version=session.version + 1)
