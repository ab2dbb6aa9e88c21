"""What the core needs from the outside world. `db/` implements these; tests use fakes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from wms_tui.core.journal import ScanJournal
from wms_tui.core.model import (
    AuditEvent,
    Barcode,
    KitComponent,
    Location,
    Operator,
    Order,
    OrderLine,
    OrderStatus,
    Sku,
    StockLevel,
    StockMove,
)

if TYPE_CHECKING:
    from wms_tui.core.counting.records import CountRepository
    from wms_tui.core.handover.records import HandoverRepository
    from wms_tui.core.imports.known import ImportStore
    from wms_tui.core.inspection.records import InspectionRepository
    from wms_tui.core.leases import Leases
    from wms_tui.core.orders.desk import OrderDesk
    from wms_tui.core.picking.records import PickSessionRepository, WaveRepository
    from wms_tui.core.receiving.records import ReceivingRepository
    from wms_tui.core.reports.records import ReportReader
    from wms_tui.core.returns.records import ReturnsRepository
    from wms_tui.core.shelving import Carry


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""
        ...


class PinHasher(Protocol):
    def hash(self, pin: str) -> str: ...

    def verify(self, pin_hash: str, pin: str) -> bool: ...


class SoundClass(StrEnum):
    OK = "ok"
    WARNING = "warning"
    NEEDS_INPUT = "needs_input"
    ERROR = "error"
    # A parcel that must not leave (intercepted at the dock): louder and longer than an
    # error, so nobody takes it for a misread label.
    ALARM = "alarm"


class Feedback(Protocol):
    def sound(self, kind: SoundClass) -> None: ...


class LabelPrinter(Protocol):
    def print_pdf(self, name: str, pdf: bytes) -> str:
        """Send a finished document; returns where it went. Never called on the scan path."""
        ...


class SkuRepository(Protocol):
    def get(self, code: str) -> Sku | None: ...

    def get_many(self, codes: Iterable[str]) -> dict[str, Sku]:
        """The SKUs that exist among `codes`, by code (an order's lines in one read)."""
        ...

    def add(self, sku: Sku) -> None:
        """Raises DuplicateEntry if the code exists."""
        ...

    def save(self, sku: Sku) -> None:
        """Insert or overwrite by code (imports update master data)."""
        ...

    def barcode(self, code: str) -> Barcode | None: ...

    def add_barcode(self, barcode: Barcode) -> None: ...

    def save_barcode(self, barcode: Barcode) -> None: ...

    def barcodes_of(self, sku_code: str) -> list[Barcode]: ...

    def components(self, kit_code: str) -> list[KitComponent]: ...

    def add_component(self, component: KitComponent) -> None: ...

    def codes(self) -> set[str]: ...

    def search(self, text: str, limit: int) -> list[Sku]:
        """Active SKUs whose code begins with `text`, or whose name or spec (either language,
        any case) holds it; by code, at most `limit`. `text` is taken literally (no
        wildcards)."""
        ...


class LocationRepository(Protocol):
    def get(self, code: str) -> Location | None: ...

    def add(self, location: Location) -> None: ...

    def save(self, location: Location) -> None:
        """Insert or overwrite by code."""
        ...

    def all(self) -> list[Location]: ...

    def set_frozen(self, code: str, frozen: bool) -> None: ...

    def shelves(self, sku_codes: list[str]) -> tuple[dict[str, str], str | None]:
        """Each SKU's home (the bin it lives in: stock on hand, not frozen; first by walk
        order; SKUs that live in no bin left out), and the first bin by walk order that
        holds nothing and is not frozen. One read for both (core/shelving.py decides)."""
        ...

    def carried(self, station_id: str) -> Carry | None:
        """What the station carries to put away (core/shelving.py)."""
        ...

    def set_carried(self, station_id: str, carry: Carry | None) -> None: ...


class OrderRepository(Protocol):
    def get(self, order_no: str) -> Order | None: ...

    def get_many(self, order_nos: Iterable[str]) -> dict[str, Order]:
        """The ones found, by order number (a manifest's parcels, read at once)."""
        ...

    def find_by_code(self, code: str) -> Order | None:
        """By order number, waybill or platform order number, in that order."""
        ...

    def add(self, order: Order) -> None: ...

    def set_waybill(self, order_no: str, waybill: str) -> None:
        """Bind a waybill to an order imported without one; ConcurrentChange when it has
        one meanwhile."""
        ...

    def set_delivery(self, order_no: str, version: int, courier: str, waybill: str) -> None:
        """The courier and waybill the order desk changed; ConcurrentChange unless the
        order is still at `version` (which then moves on)."""
        ...

    def set_refunded(self, order_no: str, version: int, at: datetime) -> None:
        """When the shop refunded the buyer; ConcurrentChange unless the order is still at
        `version` (which then moves on)."""
        ...

    def add_lines(self, order_no: str, lines: Iterable[OrderLine]) -> None:
        """Lines added to an order already stored (gifts at the desk). The version is left
        alone: the caller changes the status in the same unit of work, which moves it."""
        ...

    def locked_status(self, order_no: str) -> OrderStatus | None:
        """The order's committed status, its row locked until the unit of work ends: a
        station that starts work on an order re-reads it here, so a change another station
        commits meanwhile is seen, never worked over."""
        ...

    def version(self, order_no: str) -> int | None:
        """The row version alone: enough to tell that what was read of the order still holds."""
        ...

    def set_status(self, order: Order, target: OrderStatus, reason: str = "") -> None:
        """Checks the edge and the row version; raises ConcurrentChange when it moved."""
        ...

    def change_status(
        self, order_no: str, seen: OrderStatus, version: int, target: OrderStatus, reason: str = ""
    ) -> None:
        """`set_status` for an order known only by its status and version, not re-read."""
        ...

    def count_by_status(self) -> dict[OrderStatus, int]: ...

    def archivable(self, before: datetime) -> list[tuple[str, OrderStatus, int]]:
        """(order, status, version) of orders done with before `before`: handed over (by
        their manifest's close, else their ship date), cancelled or returned."""
        ...

    def archive(self, order_no: str, seen: OrderStatus, version: int, at: datetime) -> None:
        """Archived, guarded like a status change; ConcurrentChange when it moved."""
        ...

    def existing_numbers(self, order_nos: Iterable[str]) -> set[str]: ...


class OperatorRepository(Protocol):
    def get(self, badge: str) -> Operator | None: ...

    def add(self, operator: Operator) -> None: ...

    def save(self, operator: Operator) -> None: ...

    def all(self) -> list[Operator]: ...

    def record_wrong_pin(
        self, badge: str, max_attempts: int, *, lock: bool = True, at: datetime | None = None
    ) -> Operator | None:
        """One more wrong PIN, counted by the store in one guarded step (never read, add one
        and write back), locking at `max_attempts` when `lock`, and noting when (`at`); None
        if already locked or disabled."""
        ...

    def lock(self, badge: str) -> Operator | None:
        """The operator as stored, locked for this transaction: PIN tries for one badge are
        taken one at a time, so parallel guesses cannot all pass one check of the wait."""
        ...

    def lockout_attempts(self) -> int:
        """Wrong PINs in a row before a badge locks: one rule for every station, kept in the
        database (a station's own config could have allowed any number of guesses)."""
        ...

    def set_lockout_attempts(self, attempts: int) -> None: ...

    def clear_wrong_pins(self, badge: str) -> bool:
        """Wrong PINs back to zero; False if the operator was locked or disabled meanwhile."""
        ...


@dataclass(frozen=True)
class LevelSetting:
    """Moves that each take one real level from what it was read to hold (`before`) to
    what a stock file says is there, against a virtual location. `shaped` is the rows as
    the database will write them (`Ledger.shape`), built before the writing transaction
    so that a write lock is held for the statements alone."""

    moves: tuple[StockMove, ...]
    before: Mapping[tuple[str, str], int]
    shaped: object = None


class Ledger(Protocol):
    def post(self, move: StockMove) -> bool:
        """Apply once: True if applied now, False if this move id was applied before.

        A move into a location frozen for a count is held, not applied: True the first
        time, and posted under its own move id when the count is decided.

        Raises InsufficientStock rather than make a real location negative.
        """
        ...

    def post_many(self, moves: Sequence[StockMove]) -> list[bool]:
        """`post` for each move in turn, with the same answers and the same errors; a
        database may post them in a few statements for all of them."""
        ...

    def shape(self, setting: LevelSetting) -> LevelSetting:
        """`setting` with its rows built for this database; touches no table, so a
        read-only unit of work may shape what a write unit will post."""
        ...

    def post_setting(self, setting: LevelSetting) -> bool:
        """Posts every move of `setting` if every real level it changes still holds what
        `before` says; False if one does not, and then the unit of work must not be
        committed (the caller rolls back and reads again)."""
        ...

    def get(self, move_id: str) -> StockMove | None: ...

    def level(self, sku_code: str, location: str) -> int: ...

    def levels(self, sku_code: str | None = None) -> list[StockLevel]: ...

    def levels_at(self, location: str) -> list[tuple[str, int]]:
        """(sku, on hand) of every SKU with stock at the location, by SKU: what a count
        freezes, what a tote holds."""
        ...

    def reserve(self, order_no: str, sku_code: str, qty: int) -> None: ...

    def hold_availability(self, sku_codes: Iterable[str]) -> None:
        """Until this unit of work ends, no other one that holds them too can reserve these
        SKUs: what `available` says of them next stays true until the reservation is made.
        (Two desks confirming different orders for the last units would otherwise both
        see them free.)"""
        ...

    def release_reservations(self, order_no: str) -> None: ...

    def reserved(self, sku_code: str) -> int: ...

    def available(self, sku_code: str) -> int:
        """On hand in real, unfrozen stock locations minus reserved."""
        ...


class AuditLog(Protocol):
    def record(self, event: AuditEvent) -> None: ...


class UnitOfWork(Protocol):
    """One transaction over every repository, the shared ones and each workflow's, so a
    handler reaches its own repository without a cast."""

    skus: SkuRepository
    locations: LocationRepository
    orders: OrderRepository
    operators: OperatorRepository
    ledger: Ledger
    journal: ScanJournal
    audit: AuditLog
    leases: Leases  # the one lease table: orders, waves, locations (core/leases.py)

    # Read-only: a unit of work may build a workflow's repository on first use.
    @property
    def inspections(self) -> InspectionRepository: ...

    @property
    def waves(self) -> WaveRepository: ...

    @property
    def pick_sessions(self) -> PickSessionRepository: ...

    @property
    def counts(self) -> CountRepository: ...

    @property
    def handovers(self) -> HandoverRepository: ...

    @property
    def returns(self) -> ReturnsRepository: ...

    @property
    def receiving(self) -> ReceivingRepository: ...

    @property
    def imports(self) -> ImportStore:
        """Set reads and bulk writes for shop exports (core/imports/known.py)."""
        ...

    @property
    def order_desk(self) -> OrderDesk:
        """The order desk's searches and timelines (core/orders/desk.py)."""
        ...

    @property
    def reports(self) -> ReportReader:
        """The records the day's figures are computed from (core/reports/records.py)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Rolls back anything not committed."""
        ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def savepoint(self) -> AbstractContextManager[object]:
        """Work inside the block is undone if the block raises; the exception goes on."""
        ...

    def catalog(self) -> Catalog:
        """The resolver's look-ups, for one scan; a database may answer them in fewer
        round trips than the repositories one by one (UowCatalog)."""
        ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Catalog(Protocol):
    """Read-only look-ups the scan resolver needs; a UnitOfWork's repositories give them."""

    def operator(self, badge: str) -> Operator | None: ...

    def location(self, code: str) -> Location | None: ...

    def order(self, code: str) -> Order | None: ...

    def barcode(self, code: str) -> Barcode | None: ...

    def sku(self, code: str) -> Sku | None: ...


class UowCatalog:
    """Adapts a unit of work's repositories to the resolver's Catalog."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    def operator(self, badge: str) -> Operator | None:
        return self._uow.operators.get(badge)

    def location(self, code: str) -> Location | None:
        return self._uow.locations.get(code)

    def order(self, code: str) -> Order | None:
        return self._uow.orders.find_by_code(code)

    def barcode(self, code: str) -> Barcode | None:
        return self._uow.skus.barcode(code)

    def sku(self, code: str) -> Sku | None:
        return self._uow.skus.get(code)


def sorted_codes(codes: Iterable[str]) -> Sequence[str]:
    """Lock rows in one global order so two stations never deadlock (DESIGN.md section 6)."""
    return sorted(set(codes))
