"""What the day's figures are computed from: the records every workflow already keeps.

Nothing here is a counter kept on the side. Each record below is read back from what a
workflow wrote when the work was done (who, which station, when): an inspection attempt
and its events, a confirmed pick, a declared short, a counted location and its approval,
a parcel scanned onto a manifest, a return booked, a receipt booked, an audit line, an
order's dates, the scan journal. The read side (db/reports/reader.py) gives them for a
time window; the definitions (workers.py, shops.py) turn them into figures. Records are
named tuples: a month's report makes half a million of them, and a tuple is made in a
fraction of a frozen dataclass's time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, Protocol

from wms_tui.core.errors import WmsError

IDLE_GAP_S = 300  # a pause longer than this between two scans of one worker is idle time


class BadRange(WmsError):
    """A report's days: the last before the first, or more than a report covers."""

    code = "E990"
    msgid = "report.error.range"


@dataclass(frozen=True)
class Window:
    """[start, end), aware datetimes; the read side compares stored UTC times with them."""

    start: datetime
    end: datetime


class InspectionRun(NamedTuple):
    """One inspection attempt that ended (passed, held, abandoned or taken over)."""

    order_no: str
    shop: str
    operator: str
    station_id: str
    started_at: datetime
    ended_at: datetime
    result: str  # passed | on_hold | abandoned | taken_over
    earlier_attempts: int  # attempts at the same order that started before this one
    item_scans: int  # items counted (count events)
    wrong_items: int  # wrong events: not in the order (or a kit's part scanned alone)
    too_many: int  # wrong events: more than the order asks for
    problems: int  # units marked as problem goods
    note: str = ""  # why it was held


class PickDone(NamedTuple):
    """A confirmed pick (pick_record) with the bin its allocation named."""

    operator: str
    station_id: str
    wave_no: str
    allocation: int
    location: str
    qty: int
    at: datetime


class ShortDone(NamedTuple):
    """A short declared at a bin (缺货): the order waits on hold for its goods."""

    operator: str
    station_id: str
    order_no: str
    shop: str
    qty: int
    at: datetime


class LocationCounted(NamedTuple):
    """One count round of a location, finished by its counter; `decision` is the approval's
    (approved / rejected, empty while undecided), `adjusted` whether approving it posted any
    stock adjustment."""

    counter: str
    station_id: str
    location: str
    round: int
    status: str  # counted | superseded (a recount was asked for) | approved | ...
    finished_at: datetime
    decision: str = ""
    adjusted: bool = False


class ParcelsScanned(NamedTuple):
    """Parcels a dock worker scanned onto handover manifests (and not taken off again) at
    one station in one quarter hour, `at` its start. Every zone's midnight falls on a
    quarter hour, so the day of `at` is each parcel's; counted in SQL, a month's hundred
    thousand parcels are a few thousand of these."""

    operator: str
    station_id: str
    at: datetime
    parcels: int


class ReturnBooked(NamedTuple):
    """A return closed (booked) by a returns clerk: its units, those unfit to sell, and
    when it was opened, for how long it took."""

    operator: str
    station_id: str
    return_id: str
    shop: str  # of the order; empty for an unidentified return
    units: int
    unfit: int
    opened_at: datetime
    closed_at: datetime


class ReceiptBooked(NamedTuple):
    """A receipt closed (booked) by a receiver: the SKUs (lines) and units it took in, the
    units that failed inspection, and when it was opened."""

    operator: str
    station_id: str
    receipt_id: str
    lines: int
    units: int
    rejects: int
    opened_at: datetime
    closed_at: datetime


class AuditSeen(NamedTuple):
    """An audit line of interest: an interception at the dock, a hold, a confirmation."""

    action: str
    operator: str
    station_id: str
    subject: str
    shop: str  # of the order the line names, empty when it names none
    detail: str
    at: datetime


class OrderDates(NamedTuple):
    """An order's dates, for the shop figures and the on-time rate."""

    order_no: str
    shop: str
    status: str
    imported_at: datetime | None
    paid_at: datetime | None
    verified_at: datetime | None


class ManifestHanded(NamedTuple):
    """A closed manifest's parcels (handed to the courier) of one shop. An order is on one
    manifest at most (db/handover/models.py), so its parcels are orders, counted in SQL:
    a month holds a hundred thousand parcels and a few thousand of these."""

    manifest_id: str
    shop: str
    closed_at: datetime
    parcels: int


class Adjustment(NamedTuple):
    """A stock adjustment a count's approval posted: + found, − lost; value at the SKU's
    unit price (0 where the SKU carries none)."""

    sku_code: str
    qty: int
    value_cents: int
    at: datetime


class ScanHour(NamedTuple):
    """A worker's scans at one station, in one screen's context, in one local hour: how many,
    how many were refused (a wrong scan), the first and the last."""

    operator: str
    station_id: str
    context: str
    hour: datetime  # the local hour's start, aware
    scans: int
    refused: int
    first: datetime
    last: datetime


class IdleGap(NamedTuple):
    """Two scans of one worker more than IDLE_GAP_S apart: idle from `start` to `end`."""

    operator: str
    station_id: str  # where the worker scanned again
    start: datetime
    end: datetime


class ScanSeen(NamedTuple):
    """One journaled scan: who, where, in which context, when, and whether it was refused.
    Hand-made scans for tests; `scans.journal_lines` makes them what the reader gives."""

    operator: str
    station_id: str
    context: str
    at: datetime
    refused: bool = False


@dataclass(frozen=True)
class JournalMark:
    """What the journal held in a window: its scans (any status, any worker) and the
    number of the last one. A scan added to the window, late or replayed, changes it."""

    scans: int
    last_seq: int


@dataclass(frozen=True)
class DayTally:
    """One local day's tallies of the journal and the journal's mark they were made on.
    `settled`: no scan of the day was pending when it was tallied, so it may be kept."""

    day: date
    window: Window
    utc_offset_s: int
    mark: JournalMark
    hours: tuple[ScanHour, ...]
    gaps: tuple[IdleGap, ...]
    settled: bool = True


# A journaled scan as the reader gives it: operator, station, context, seconds since 1970
# (UTC, with the fraction) and whether it was refused. Plain tuples: a month has a million.
JournalLine = tuple[str, str, str, float, bool]


class ReportReader(Protocol):
    """The records of a window, read in a unit of work that only reads."""

    def inspections(self, window: Window) -> list[InspectionRun]: ...

    def picks(self, window: Window) -> list[PickDone]: ...

    def shorts(self, window: Window) -> list[ShortDone]: ...

    def counted(self, window: Window) -> list[LocationCounted]: ...

    def parcels(self, window: Window) -> list[ParcelsScanned]: ...

    def audits(self, window: Window, actions: tuple[str, ...]) -> list[AuditSeen]: ...

    def returns(self, window: Window) -> list[ReturnBooked]:
        """Returns closed in the window."""
        ...

    def receipts(self, window: Window) -> list[ReceiptBooked]:
        """Receipts closed in the window."""
        ...

    def orders(self, window: Window, paid_since: datetime) -> list[OrderDates]:
        """Orders imported, paid (since `paid_since`) or verified in the window."""
        ...

    def handed_over(self, window: Window) -> list[ManifestHanded]: ...

    def adjustments(self, window: Window) -> list[Adjustment]: ...

    def journal(self, window: Window) -> Iterable[JournalLine]:
        """Every scan a logged-in worker made in the window, oldest first."""
        ...

    def names(self) -> dict[str, str]:
        """Every badge's name."""
        ...

    # --- a past day's tallies of the journal (core/reports/tallies.py) ---------------
    def journal_mark(self, window: Window) -> JournalMark: ...

    def journal_pending(self, window: Window) -> int:
        """Scans in the window whose outcome is not written yet."""
        ...

    def kept_tallies(self, window: Window) -> list[DayTally]:
        """The days kept whose window lies inside this one."""
        ...

    def keep_tally(self, tally: DayTally) -> None:
        """Keeps a day (replacing what was kept for it); in a unit of work that writes."""
        ...

    def forget_tallies(self, before: date) -> None:
        """Forgets the days kept before this one; in a unit of work that writes."""
        ...
