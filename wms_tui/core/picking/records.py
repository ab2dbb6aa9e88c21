"""Waves, allocations, picks and pick sessions: the records and the ports `db/` implements.

The real unit of work exposes `uow.waves` (WaveRepository) and `uow.pick_sessions`
(PickSessionRepository). Every record here maps to one plain table row; progress is never
stored as a number, it is summed from `PickRecord` and `ShortRecord` rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from wms_tui.core.model import Barcode, Order, OrderStatus, Sku


# -- the codes on paper: wave numbers and tote labels, scanned at picking and at inspection --
def is_wave_code(text: str) -> bool:
    body = text[1:]
    return (
        len(text) >= 11
        and text[0] == "W"
        and body[6:7] == "-"
        and body[:6].isascii()
        and body[:6].isdigit()
        and body[7:].isascii()
        and body[7:].isdigit()
    )


_SLOT_PREFIX = "SLOT-"


def slot_code(slot: int) -> str:
    """A tote's permanent label, `SLOT-07`: totes are reused wave after wave."""
    return f"{_SLOT_PREFIX}{slot:02d}"


def parse_slot_code(text: str) -> int | None:
    """The slot number of a tote label, or None when the text is not one."""
    digits = text[len(_SLOT_PREFIX) :]
    if not text.upper().startswith(_SLOT_PREFIX) or not (1 <= len(digits) <= 3):
        return None
    if not (digits.isascii() and digits.isdigit()) or int(digits) == 0:
        return None
    return int(digits)


class WaveKind(StrEnum):
    SINGLE = "single"  # one-SKU orders, grouped by SKU: pick the lot, inspect one by one
    MULTI = "multi"  # several SKUs per order: each order has its own slot (tote)


class WaveStatus(StrEnum):
    RELEASED = "released"  # built, pick list printable, nothing picked yet (cancellable)
    PICKING = "picking"  # a pick or short was recorded
    PICKED = "picked"
    CANCELLED = "cancelled"


OPEN_WAVE_STATUSES = frozenset({WaveStatus.RELEASED, WaveStatus.PICKING})


@dataclass(frozen=True)
class BinStock:
    """What a wave may still take from one bin for one SKU."""

    sku_code: str
    location: str
    walk_order: int
    available: int  # on hand minus what open waves already allocated there
    # When this bin last went from empty to stocked: how old its oldest units are (None,
    # not known: sorts last).
    since: datetime | None


@dataclass(frozen=True)
class Allocation:
    """One order line's quantity to take from one bin. `index` is its place in the wave."""

    index: int
    order_no: str
    line_no: int
    sku_code: str
    location: str
    walk_order: int
    qty: int
    slot: int = 0  # multi-item waves: the order's tote number (1..n); 0 in single waves


@dataclass(frozen=True)
class Wave:
    wave_no: str
    kind: WaveKind
    status: WaveStatus
    orders: tuple[str, ...]  # in slot order (multi) or SKU-grouped rank order (single)
    allocations: tuple[Allocation, ...]
    priority: int = 0
    oldest_paid_at: datetime | None = None
    group: str = ""  # the courier or shop the wave was limited to, when asked
    created_at: datetime | None = None
    created_by: str = ""
    lease_station: str = ""
    lease_operator: str = ""
    lease_since: datetime | None = None
    version: int = 1

    def slot_of(self, order_no: str) -> int:
        if self.kind is WaveKind.SINGLE:
            return 0
        return self.orders.index(order_no) + 1

    @property
    def item_count(self) -> int:
        return sum(a.qty for a in self.allocations)


@dataclass(frozen=True)
class PickRecord:
    """A confirmed pick: `qty` of one allocation moved to the packing area by `move_id`."""

    wave_no: str
    allocation: int
    qty: int
    move_id: str
    operator: str
    station_id: str
    scan_id: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class ShortRecord:
    """A declared shortfall of one allocation (缺货): supervisors list these."""

    wave_no: str
    allocation: int
    order_no: str
    sku_code: str
    location: str
    qty: int
    operator: str
    station_id: str
    scan_id: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class PickSession:
    """A station's picking session: one row per station, saved after every step.

    Only what cannot be derived from picks and shorts lives here: which wave, where the
    picker stands, units in hand not yet put into a slot, a keyed quantity waiting for its
    item scan, and whether a short quantity is being asked for.
    """

    station_id: str
    operator: str
    wave_no: str = ""
    at_location: str = ""
    in_hand: int = 0
    pending_qty: int = 0
    awaiting_short_qty: bool = False
    version: int = 0
    # The SKU of the units in hand (at `at_location`): units of a stop whose orders went on
    # hold meanwhile must go back to their bin, never into the next stop's slot as another
    # SKU. Empty on rows stored before it existed: those units are the current stop's.
    in_hand_sku: str = ""


# --- events: what a scan or a keyed entry means to picking ---------------------------
@dataclass(frozen=True)
class WaveScan:
    wave_no: str


@dataclass(frozen=True)
class LocationScan:
    location: str


@dataclass(frozen=True)
class ItemScan:
    sku_code: str
    qty: int = 1  # a packaging barcode counts its multiplier


@dataclass(frozen=True)
class SlotScan:
    slot: int


@dataclass(frozen=True)
class KeyedQty:
    qty: int


class Command(StrEnum):
    SHORT = "short"
    NEXT = "next"
    CANCEL = "cancel"


@dataclass(frozen=True)
class OtherScan:
    """Something the resolver knew but picking has no use for (an order, a badge ...)."""

    kind: str
    text: str


PickEvent = WaveScan | LocationScan | ItemScan | SlotScan | KeyedQty | Command | OtherScan


class WaveRepository(Protocol):
    def add(self, wave: Wave) -> None: ...

    def get(self, wave_no: str) -> Wave | None: ...

    def by_status(self, statuses: Collection[WaveStatus]) -> list[Wave]:
        """Newest first."""
        ...

    def confirmed_orders(self) -> list[Order]:
        """Every order in status confirmed (the candidates for a wave), with its lines.

        Belongs on OrderRepository one day (`by_status`); here so picking needs no change there.
        """
        ...

    def release_orders(self, orders: Sequence[Order]) -> None:
        """confirmed -> released for every order, each guarded by its version, in one
        statement (a release moves thousands); ConcurrentChange if any of them moved.

        Belongs on OrderRepository one day (`set_status_many`), like `confirmed_orders`.
        """
        ...

    def order_statuses(self, wave_no: str) -> dict[str, OrderStatus]:
        """The current status of each of the wave's orders, in one read (every scan asks)."""
        ...

    def packing_location(self, station_id: str) -> str | None:
        """The packing location of this station, where picked units go."""
        ...

    def next_seq(self, day: date) -> int:
        """1, 2, 3 ... per day: numbers the day's waves (a db sequence or counter row)."""
        ...

    def next_seqs(self, day: date, count: int) -> int:
        """Reserve `count` numbers of the day at once (one statement per release, not one per
        wave); returns the first."""
        ...

    def set_status(self, wave_no: str, status: WaveStatus) -> None: ...

    def set_lease(self, wave_no: str, station_id: str, operator: str, since: datetime) -> None:
        """Take the lease only if it is free or already this station's and operator's, in one
        guarded statement (two stations scanning the wave at once: one gets it); WaveLeaseHeld
        naming the holder otherwise. Keeps `lease_since` when it was already theirs, and holds
        the wave's row until commit, so posting under it cannot race a takeover.
        """
        ...

    def keep_lease(self, wave_no: str, station_id: str, operator: str) -> None:
        """Hold the wave's row until commit if the lease is still this station's and
        operator's; LeaseLost when a supervisor set it free meanwhile, WaveLeaseHeld when
        someone else now has it. Posting picks calls this, never `set_lease`, so a release
        or takeover committed since the view was read is obeyed, not silently undone."""
        ...

    def move_lease(
        self, wave_no: str, version: int, station_id: str, operator: str, since: datetime | None
    ) -> None:
        """A supervisor's takeover: the lease to this station and operator (or to nobody, with
        empty strings), whoever held it; ConcurrentChange when the wave moved since `version`.
        """
        ...

    def clear_lease(self, wave_no: str) -> None: ...

    def claim_next_wave(self, station_id: str, operator: str, now: datetime) -> Wave | None:
        """Lease the first open, unleased wave (priority desc, oldest paid, wave_no).

        Atomic: two stations never get the same wave (PostgreSQL: FOR UPDATE SKIP LOCKED;
        SQLite: inside BEGIN IMMEDIATE). A wave already leased to this station and operator
        is returned first, so a restart resumes it.
        """
        ...

    def bin_stock(self, sku_codes: Collection[str]) -> list[BinStock]:
        """Stock of these SKUs in unfrozen BIN locations, net of open waves' allocations.

        available = on hand - sum(allocation qty - picked - short) over waves that are
        released or picking; `since` = when the bin last went from empty to stocked (kept by
        the posting function). Rows with available <= 0 are left out.
        """
        ...

    def pick_list_sources(
        self, sku_codes: Collection[str], order_nos: Collection[str]
    ) -> tuple[dict[str, Sku], dict[str, list[Barcode]], dict[str, Order]]:
        """The SKUs, their barcodes and the orders a pick list shows, in three reads (the
        per-row repositories made one round trip per stop and two per order)."""
        ...

    def add_pick(self, record: PickRecord) -> None: ...

    def picks(self, wave_no: str) -> list[PickRecord]: ...

    def add_short(self, record: ShortRecord) -> None: ...

    def shorts(self, wave_no: str | None = None) -> list[ShortRecord]:
        """One wave's shorts, or every short (supervisor list), oldest first."""
        ...


class PickSessionRepository(Protocol):
    def get(self, station_id: str) -> PickSession | None: ...

    def save(self, session: PickSession) -> None:
        """Insert or update; raises ConcurrentChange when the stored version moved."""
        ...
