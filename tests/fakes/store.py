"""The shared in-memory store and the fakes of the master-data and stock ports.

A store is plain data: a unit of work (tests/fakes/uow.py) deep-copies it on begin and swaps
the copy in on commit. The feature fakes (counting.py, inspection.py, picking.py) read it too.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from wms_tui.core.errors import (
    AlreadyReversed,
    ConcurrentChange,
    DuplicateEntry,
    InsufficientStock,
    LocationFrozen,
    UnknownLocation,
    UnknownSku,
)
from wms_tui.core.journal import JournalEntry
from wms_tui.core.leases import Lease, holds
from wms_tui.core.model import (
    VIRTUAL_LOCATIONS,
    AuditEvent,
    Barcode,
    KitComponent,
    Location,
    LocationKind,
    MoveReason,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Sku,
    StockLevel,
    StockMove,
    check_transition,
)
from wms_tui.core.ports import LevelSetting
from wms_tui.core.shelving import Carry


@dataclass
class _Store:
    skus: dict[str, Sku] = field(default_factory=dict)
    barcodes: dict[str, Barcode] = field(default_factory=dict)
    components: list[KitComponent] = field(default_factory=list)
    locations: dict[str, Location] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    operators: dict[str, Operator] = field(default_factory=dict)
    lockout_attempts: int = 5
    moves: dict[str, StockMove] = field(default_factory=dict)
    levels: dict[tuple[str, str], int] = field(default_factory=dict)
    # When each level last went from nothing to something (StockLevelRow.since).
    level_since: dict[tuple[str, str], datetime | None] = field(default_factory=dict)
    reservations: dict[tuple[str, str], int] = field(default_factory=dict)
    journal: dict[str, JournalEntry] = field(default_factory=dict)
    audit: list[AuditEvent] = field(default_factory=list)
    # Moves into a location frozen for a count, in arrival order (db/held_moves.py).
    held_moves: dict[str, StockMove] = field(default_factory=dict)
    # Open leases by (kind, subject), in the order taken (db/leases.py's work_session).
    leases: dict[tuple[str, str], Lease] = field(default_factory=dict)
    carries: dict[str, Carry] = field(default_factory=dict)  # what each station carries


class FakeLeases:
    """The one lease rule over the transactional store: whoever took it first holds it."""

    def __init__(self, store: _Store) -> None:
        self.s = store

    def holder(self, kind: str, subject: str, *, lock: bool = False) -> Lease | None:
        return self.s.leases.get((kind, subject))

    def take(self, kind: str, subject: str, station_id: str, operator: str, now: datetime) -> Lease:
        return self.s.leases.setdefault(
            (kind, subject), Lease(kind, subject, station_id, operator, now)
        )

    def hand_over(
        self, kind: str, subject: str, station_id: str, operator: str, now: datetime
    ) -> Lease:
        self.s.leases.pop((kind, subject), None)
        return self.take(kind, subject, station_id, operator, now)

    def release(self, kind: str, subject: str) -> None:
        self.s.leases.pop((kind, subject), None)

    def held_by(self, kind: str, station_id: str, operator: str | None = None) -> list[str]:
        return [
            lease.subject
            for (k, _), lease in self.s.leases.items()
            if k == kind and holds(lease, station_id, operator)
        ]


class FakeSkus:
    def __init__(self, store: _Store) -> None:
        self.s = store

    def get(self, code: str) -> Sku | None:
        return self.s.skus.get(code)

    def get_many(self, codes: Iterable[str]) -> dict[str, Sku]:
        return {code: self.s.skus[code] for code in codes if code in self.s.skus}

    def add(self, sku: Sku) -> None:
        if sku.code in self.s.skus:
            raise DuplicateEntry(what="sku", value=sku.code)
        self.s.skus[sku.code] = sku

    def save(self, sku: Sku) -> None:
        self.s.skus[sku.code] = sku

    def barcode(self, code: str) -> Barcode | None:
        return self.s.barcodes.get(code)

    def add_barcode(self, barcode: Barcode) -> None:
        if barcode.code in self.s.barcodes:
            raise DuplicateEntry(what="barcode", value=barcode.code)
        self.s.barcodes[barcode.code] = barcode

    def save_barcode(self, barcode: Barcode) -> None:
        self.s.barcodes[barcode.code] = barcode

    def barcodes_of(self, sku_code: str) -> list[Barcode]:
        return [b for b in self.s.barcodes.values() if b.sku_code == sku_code]

    def components(self, kit_code: str) -> list[KitComponent]:
        return [c for c in self.s.components if c.kit_code == kit_code]

    def add_component(self, component: KitComponent) -> None:
        self.s.components.append(component)

    def codes(self) -> set[str]:
        return set(self.s.skus)

    def search(self, text: str, limit: int) -> list[Sku]:
        lower = text.lower()

        def matches(code: str, sku: Sku) -> bool:
            words = (sku.name_zh, sku.name_en, sku.spec, sku.spec_en)
            return code.startswith((text, text.upper())) or any(lower in w.lower() for w in words)

        found = [
            sku for code, sku in sorted(self.s.skus.items()) if sku.active and matches(code, sku)
        ]
        return found[:limit]


class FakeLocations:
    def __init__(self, store: _Store) -> None:
        self.s = store

    def get(self, code: str) -> Location | None:
        return self.s.locations.get(code)

    def add(self, location: Location) -> None:
        if location.code in self.s.locations:
            raise DuplicateEntry(what="location", value=location.code)
        self.s.locations[location.code] = location

    def save(self, location: Location) -> None:
        self.s.locations[location.code] = location

    def all(self) -> list[Location]:
        return sorted(self.s.locations.values(), key=lambda loc: (loc.walk_order, loc.code))

    def set_frozen(self, code: str, frozen: bool) -> None:
        self.s.locations[code] = replace(self.s.locations[code], frozen=frozen)

    def carried(self, station_id: str) -> Carry | None:
        return self.s.carries.get(station_id)

    def set_carried(self, station_id: str, carry: Carry | None) -> None:
        self.s.carries.pop(station_id, None)
        if carry is not None:
            self.s.carries[station_id] = carry

    def shelves(self, sku_codes: list[str]) -> tuple[dict[str, str], str | None]:
        found: dict[str, str] = {}
        for sku in sku_codes:
            bins = [
                self.s.locations[loc] for (code, loc), qty in self.s.levels.items()
                if code == sku and qty > 0 and loc in self.s.locations
            ]  # fmt: skip
            usable = [b for b in bins if b.kind is LocationKind.BIN and not b.frozen]
            if usable:
                found[sku] = min(usable, key=lambda b: (b.walk_order, b.code)).code
        held = {loc for (_sku, loc), qty in self.s.levels.items() if qty}
        empty = [
            b for b in self.s.locations.values()
            if b.kind is LocationKind.BIN and not b.frozen and b.code not in held
        ]  # fmt: skip
        first = min(empty, key=lambda b: (b.walk_order, b.code)).code if empty else None
        return found, first


class FakeOrders:
    def __init__(self, store: _Store) -> None:
        self.s = store

    # Copies in and out, like rows: code that relies on aliasing would fail on a database.
    def get(self, order_no: str) -> Order | None:
        return copy.deepcopy(self.s.orders.get(order_no))

    def archivable(self, before: datetime) -> list[tuple[str, OrderStatus, int]]:
        done = (OrderStatus.HANDED_OVER, OrderStatus.CANCELLED, OrderStatus.RETURNED)
        return [
            (o.order_no, o.status, o.version)
            for o in sorted(self.s.orders.values(), key=lambda o: o.order_no)
            if o.status in done and (o.paid_at is None or o.paid_at < before)
        ]

    def archive(self, order_no: str, seen: OrderStatus, version: int, at: datetime) -> None:
        order = self.s.orders[order_no]
        if order.status is not seen or order.version != version:
            raise ConcurrentChange(subject=order_no)
        order.status, order.archived_at, order.version = OrderStatus.ARCHIVED, at, version + 1

    def get_many(self, order_nos: Iterable[str]) -> dict[str, Order]:
        return {n: copy.deepcopy(self.s.orders[n]) for n in order_nos if n in self.s.orders}

    def find_by_code(self, code: str) -> Order | None:
        if code in self.s.orders:
            return copy.deepcopy(self.s.orders[code])
        for attr in ("waybill", "platform_order_no"):
            for order in self.s.orders.values():
                if getattr(order, attr) == code:
                    return copy.deepcopy(order)
        return None

    def add(self, order: Order) -> None:
        if order.order_no in self.s.orders:
            raise DuplicateEntry(what="order", value=order.order_no)
        self.s.orders[order.order_no] = copy.deepcopy(order)

    def set_waybill(self, order_no: str, waybill: str) -> None:
        order = self.s.orders[order_no]
        if order.waybill:
            raise ConcurrentChange(subject=order_no)
        order.waybill = waybill

    def set_refunded(self, order_no: str, version: int, at: datetime) -> None:
        order = self.s.orders[order_no]
        if order.version != version:
            raise ConcurrentChange(subject=order_no)
        order.refunded_at, order.version = at, version + 1

    def set_delivery(self, order_no: str, version: int, courier: str, waybill: str) -> None:
        order = self.s.orders[order_no]
        if order.version != version:
            raise ConcurrentChange(subject=order_no)
        order.courier, order.waybill, order.version = courier, waybill, version + 1

    def add_lines(self, order_no: str, lines: Iterable[OrderLine]) -> None:
        order = self.s.orders[order_no]
        added = list(lines)
        taken = {line.line_no for line in order.lines}
        if any(line.line_no in taken for line in added):
            raise ConcurrentChange(subject=order_no)
        order.lines = [*order.lines, *added]

    def locked_status(self, order_no: str) -> OrderStatus | None:
        order = self.s.orders.get(order_no)
        return None if order is None else order.status

    def version(self, order_no: str) -> int | None:
        order = self.s.orders.get(order_no)
        return None if order is None else order.version

    def set_status(self, order: Order, target: OrderStatus, reason: str = "") -> None:
        self.change_status(order.order_no, order.status, order.version, target, reason)
        stored = self.s.orders[order.order_no]
        order.status, order.version, order.hold_reason = target, stored.version, stored.hold_reason

    def change_status(
        self, order_no: str, seen: OrderStatus, version: int, target: OrderStatus, reason: str = ""
    ) -> None:
        stored = self.s.orders[order_no]
        if stored.version != version:
            raise ConcurrentChange(subject=order_no)
        # The stored status, not `seen`: a caller that guessed wrong must not pass the edge.
        check_transition(stored.status, target)
        stored.status = target
        stored.hold_reason = reason if target is OrderStatus.ON_HOLD else ""
        stored.version += 1

    def count_by_status(self) -> dict[OrderStatus, int]:
        counts: dict[OrderStatus, int] = {}
        for order in self.s.orders.values():
            counts[order.status] = counts.get(order.status, 0) + 1
        return counts

    def existing_numbers(self, order_nos: Iterable[str]) -> set[str]:
        return {n for n in order_nos if n in self.s.orders}


class FakeOperators:
    def __init__(self, store: _Store) -> None:
        self.s = store

    def get(self, badge: str) -> Operator | None:
        return self.s.operators.get(badge)

    def add(self, operator: Operator) -> None:
        self.s.operators[operator.badge] = operator

    def save(self, operator: Operator) -> None:
        self.s.operators[operator.badge] = operator

    def all(self) -> list[Operator]:
        return sorted(self.s.operators.values(), key=lambda o: o.badge)

    def record_wrong_pin(
        self, badge: str, max_attempts: int, *, lock: bool = True, at: datetime | None = None
    ) -> Operator | None:
        operator = self.s.operators.get(badge)
        if operator is None or not operator.active or operator.locked:
            return None
        failed = operator.failed_pins + 1
        operator = replace(
            operator, failed_pins=failed, locked=lock and failed >= max_attempts,
            last_wrong_pin_at=at,
        )  # fmt: skip
        self.s.operators[badge] = operator
        return operator

    def clear_wrong_pins(self, badge: str) -> bool:
        operator = self.s.operators.get(badge)
        if operator is None or not operator.active or operator.locked:
            return False
        self.s.operators[badge] = replace(operator, failed_pins=0, last_wrong_pin_at=None)
        return True

    def lock(self, badge: str) -> Operator | None:
        return self.s.operators.get(badge)

    def lockout_attempts(self) -> int:
        return self.s.lockout_attempts

    def set_lockout_attempts(self, attempts: int) -> None:
        self.s.lockout_attempts = attempts


class FakeLedger:
    def __init__(self, store: _Store) -> None:
        self.s = store

    def _real(self, code: str) -> bool:
        location = self.s.locations.get(code)
        return location is not None and location.kind is not LocationKind.VIRTUAL

    def post_many(self, moves: Sequence[StockMove]) -> list[bool]:
        return [self.post(move) for move in moves]

    def shape(self, setting: LevelSetting) -> LevelSetting:
        return setting

    def post_setting(self, setting: LevelSetting) -> bool:
        for move in setting.moves:
            incoming = move.from_location in VIRTUAL_LOCATIONS
            real = move.to_location if incoming else move.from_location
            if self.s.levels.get((move.sku_code, real), 0) != setting.before.get(
                (move.sku_code, real), 0
            ):
                return False
        for move in setting.moves:
            self.post(move)
        return True

    def post(self, move: StockMove) -> bool:
        move.validate()
        if move.sku_code not in self.s.skus:
            raise UnknownSku(sku=move.sku_code)
        for code in (move.from_location, move.to_location):
            if code not in self.s.locations:
                raise UnknownLocation(location=code)
        if move.move_id in self.s.moves:
            return False
        if move.reverses is not None and any(
            m.reverses == move.reverses for m in self.s.moves.values()
        ):
            raise AlreadyReversed(move_id=move.reverses)
        if move.reason is not MoveReason.COUNT_ADJUSTMENT:
            if self.s.locations[move.from_location].frozen:
                raise LocationFrozen(location=move.from_location)
            if self.s.locations[move.to_location].frozen:
                # As the real ledger: stock from outside is held until the count is decided,
                # stock from a real location is refused.
                if self._real(move.from_location):
                    raise LocationFrozen(location=move.to_location)
                if move.move_id in self.s.held_moves:
                    return False
                self.s.held_moves[move.move_id] = move
                return True
        source = (move.sku_code, move.from_location)
        on_hand = self.s.levels.get(source, 0)
        if self._real(move.from_location) and on_hand < move.qty:
            raise InsufficientStock(
                sku=move.sku_code, location=move.from_location, wanted=move.qty, on_hand=on_hand
            )
        self.s.levels[source] = on_hand - move.qty
        target = (move.sku_code, move.to_location)
        if self.s.levels.get(target, 0) <= 0:
            self.s.level_since[target] = move.at
        self.s.levels[target] = self.s.levels.get(target, 0) + move.qty
        self.s.moves[move.move_id] = move
        return True

    def get(self, move_id: str) -> StockMove | None:
        return self.s.moves.get(move_id)

    def level(self, sku_code: str, location: str) -> int:
        return self.s.levels.get((sku_code, location), 0)

    def levels_at(self, location: str) -> list[tuple[str, int]]:
        return sorted(
            (sku, qty) for (sku, loc), qty in self.s.levels.items() if loc == location and qty
        )

    def levels(self, sku_code: str | None = None) -> list[StockLevel]:
        return [
            StockLevel(sku, loc, qty)
            for (sku, loc), qty in sorted(self.s.levels.items())
            if sku_code is None or sku == sku_code
        ]

    def reserve(self, order_no: str, sku_code: str, qty: int) -> None:
        key = (order_no, sku_code)
        self.s.reservations[key] = self.s.reservations.get(key, 0) + qty

    def hold_availability(self, sku_codes: Iterable[str]) -> None:
        """One fake unit of work at a time: nothing to hold."""
        del sku_codes

    def release_reservations(self, order_no: str) -> None:
        for key in [k for k in self.s.reservations if k[0] == order_no]:
            del self.s.reservations[key]

    def reserved(self, sku_code: str) -> int:
        return sum(q for (_, sku), q in self.s.reservations.items() if sku == sku_code)

    def available(self, sku_code: str) -> int:
        on_hand = sum(
            qty
            for (sku, loc), qty in self.s.levels.items()
            if sku == sku_code
            and (location := self.s.locations.get(loc)) is not None
            and location.kind is LocationKind.BIN
            and not location.frozen
        )
        return on_hand - self.reserved(sku_code)


class FakeJournal:
    def __init__(self, store: _Store) -> None:
        self.s = store

    def record(self, entry: JournalEntry) -> bool:
        if entry.scan_id in self.s.journal:
            return False
        self.s.journal[entry.scan_id] = replace(entry, seq=len(self.s.journal) + 1)
        return True

    def finish(self, scan_id: str, status: str, error_code: str = "", outcome: str = "") -> bool:
        entry = self.s.journal.get(scan_id)
        if entry is None or entry.status != "pending":
            return False
        self.s.journal[scan_id] = replace(
            entry, status=status, error_code=error_code, outcome=outcome
        )
        return True

    def record_all(self, entries: Sequence[JournalEntry]) -> None:
        for entry in entries:
            self.record(entry)

    def claim(self, scan_ids: Sequence[str]) -> dict[str, JournalEntry]:
        return {i: self.s.journal[i] for i in scan_ids if i in self.s.journal}

    def finish_all(self, results: Sequence[tuple[str, str, str, str]]) -> int:
        return sum(self.finish(*result) for result in results)

    def pending(self, station_id: str) -> list[JournalEntry]:
        return sorted(
            (
                e
                for e in self.s.journal.values()
                if e.station_id == station_id and e.status == "pending"
            ),
            key=lambda e: e.seq,
        )

    def get(self, scan_id: str) -> JournalEntry | None:
        return self.s.journal.get(scan_id)


class FakeAudit:
    def __init__(self, store: _Store) -> None:
        self.s = store

    def record(self, event: AuditEvent) -> None:
        self.s.audit.append(event)
