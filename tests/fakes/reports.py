"""The report reader over hand-made records: what a test puts in the book is what the
figures are computed from, filtered by the window as the database filters by time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from wms_tui.core.reports import scans
from wms_tui.core.reports.records import (
    Adjustment,
    AuditSeen,
    DayTally,
    InspectionRun,
    JournalLine,
    JournalMark,
    LocationCounted,
    ManifestHanded,
    OrderDates,
    ParcelsScanned,
    PickDone,
    ReceiptBooked,
    ReturnBooked,
    ScanSeen,
    ShortDone,
    Window,
)


@dataclass
class ReportBook:
    inspections: list[InspectionRun] = field(default_factory=list)
    picks: list[PickDone] = field(default_factory=list)
    shorts: list[ShortDone] = field(default_factory=list)
    counted: list[LocationCounted] = field(default_factory=list)
    parcels: list[ParcelsScanned] = field(default_factory=list)
    returns: list[ReturnBooked] = field(default_factory=list)
    receipts: list[ReceiptBooked] = field(default_factory=list)
    audits: list[AuditSeen] = field(default_factory=list)
    orders: list[OrderDates] = field(default_factory=list)
    handed_over: list[ManifestHanded] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    scans: list[ScanSeen] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    tallies: list[DayTally] = field(default_factory=list)


def _in(at: datetime | None, window: Window) -> bool:
    return at is not None and window.start <= at < window.end


class FakeReportReader:
    def __init__(self, book: ReportBook) -> None:
        self.book = book

    def inspections(self, window: Window) -> list[InspectionRun]:
        return [run for run in self.book.inspections if _in(run.ended_at, window)]

    def picks(self, window: Window) -> list[PickDone]:
        return [pick for pick in self.book.picks if _in(pick.at, window)]

    def shorts(self, window: Window) -> list[ShortDone]:
        return [short for short in self.book.shorts if _in(short.at, window)]

    def counted(self, window: Window) -> list[LocationCounted]:
        return [task for task in self.book.counted if _in(task.finished_at, window)]

    def parcels(self, window: Window) -> list[ParcelsScanned]:
        return [parcel for parcel in self.book.parcels if _in(parcel.at, window)]

    def returns(self, window: Window) -> list[ReturnBooked]:
        return [booked for booked in self.book.returns if _in(booked.closed_at, window)]

    def receipts(self, window: Window) -> list[ReceiptBooked]:
        return [booked for booked in self.book.receipts if _in(booked.closed_at, window)]

    def audits(self, window: Window, actions: tuple[str, ...]) -> list[AuditSeen]:
        return [a for a in self.book.audits if _in(a.at, window) and a.action in actions]

    def orders(self, window: Window, paid_since: datetime) -> list[OrderDates]:
        paid = Window(paid_since, window.end)
        return [
            o
            for o in self.book.orders
            if _in(o.imported_at, window) or _in(o.verified_at, window) or _in(o.paid_at, paid)
        ]

    def handed_over(self, window: Window) -> list[ManifestHanded]:
        return [p for p in self.book.handed_over if _in(p.closed_at, window)]

    def adjustments(self, window: Window) -> list[Adjustment]:
        return [a for a in self.book.adjustments if _in(a.at, window)]

    def _scans(self, window: Window) -> list[ScanSeen]:
        return [scan for scan in self.book.scans if _in(scan.at, window) and scan.operator]

    def journal(self, window: Window) -> Iterator[JournalLine]:
        yield from scans.journal_lines(self._scans(window))

    def names(self) -> dict[str, str]:
        return dict(self.book.names)

    def journal_mark(self, window: Window) -> JournalMark:
        """The book's scans are numbered by their place in it, as the journal's seq."""
        seqs = [n for n, scan in enumerate(self.book.scans, 1) if _in(scan.at, window)]
        return JournalMark(len(seqs), max(seqs, default=0))

    def journal_pending(self, window: Window) -> int:
        return 0  # a hand-made scan has its outcome

    def kept_tallies(self, window: Window) -> list[DayTally]:
        return [
            t
            for t in self.book.tallies
            if window.start <= t.window.start and t.window.end <= window.end
        ]

    def keep_tally(self, tally: DayTally) -> None:
        self.book.tallies = [
            t
            for t in self.book.tallies
            if (t.window, t.utc_offset_s) != (tally.window, tally.utc_offset_s)
        ] + [tally]

    def forget_tallies(self, before: date) -> None:
        self.book.tallies = [t for t in self.book.tallies if t.day >= before]
