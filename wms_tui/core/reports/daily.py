"""The figures of one day or of several: read once, computed by the definitions.

`figures(uow, first, last, rules, tz)` reads the window's records through the unit of
work's report reader (a unit that only reads: on SQLite it never takes the write lock)
and gives every table the dashboard, `wms report daily` and `wms report workers` show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from wms_tui.core.bulk import collections_paused
from wms_tui.core.reports.records import BadRange, DayTally, Window
from wms_tui.core.reports.scans import HOURS, days_of, worker_times
from wms_tui.core.reports.shops import (
    CONFIRMED,
    HELD_AT_DESK,
    AdjustmentDay,
    HeldWhy,
    Rules,
    ShopDay,
    adjustment_days,
    held_why,
    paid_since,
    shipped_per_hour,
    shop_days,
)
from wms_tui.core.reports.tallies import ScanRecords, scan_records
from wms_tui.core.reports.workers import (
    INTERCEPTED,
    DockRow,
    InspectorRow,
    PickerRow,
    ReceiverRow,
    ReturnsClerkRow,
    StocktakerRow,
    dock_rows,
    inspector_rows,
    picker_rows,
    receiver_rows,
    returns_rows,
    stocktaker_rows,
)

if TYPE_CHECKING:
    from wms_tui.core.ports import UnitOfWork

LONGEST_RANGE = 92  # days in one report: a quarter


@dataclass(frozen=True)
class Figures:
    first: date
    last: date
    shops: list[ShopDay]
    inspectors: list[InspectorRow]
    pickers: list[PickerRow]
    stocktakers: list[StocktakerRow]
    dock: list[DockRow]
    returns: list[ReturnsClerkRow]
    receivers: list[ReceiverRow]
    held: list[HeldWhy]
    adjustments: list[AdjustmentDay]
    shipped_hourly: tuple[int, ...]  # the last day's orders shipped per local hour
    tables: frozenset[str]  # the tables filled; the others were not read
    tallied: tuple[DayTally, ...] = ()  # days tallied from the journal: tallies.keep_tallies


def window_of(first: date, last: date, tz: tzinfo) -> Window:
    """The local days first..last as one [start, end) window."""
    start = datetime.combine(first, time.min, tz)
    return Window(start, datetime.combine(last + timedelta(days=1), time.min, tz))


def checked_range(first: date, last: date) -> None:
    if last < first or (last - first).days >= LONGEST_RANGE:
        raise BadRange(first=first.isoformat(), last=last.isoformat(), most=LONGEST_RANGE)


# Every table, in the order they are shown.
TABLE_KEYS = (
    "shops", "inspectors", "pickers", "stocktakers", "dock", "returns", "receiving", "held",
    "adjustments",
)  # fmt: skip
ALL = frozenset(TABLE_KEYS)
WORKERS = frozenset({"inspectors", "pickers", "stocktakers", "dock", "returns", "receiving"})
# What each table is computed from: a read that no wanted table needs is not made.
_NEEDS = {
    "runs": {"shops", "inspectors", "held"},
    "audits": {"shops", "dock", "held"},
    "shorts": {"shops", "pickers", "held"},
    "journal": WORKERS,
}


def figures(
    uow: UnitOfWork,
    first: date,
    last: date,
    rules: Rules,
    tz: tzinfo,
    tables: frozenset[str] = ALL,
    today: date | None = None,
) -> Figures:
    """The figures of the days first..last; only `tables` are filled (the others stay
    empty), and only what they need is read: the dashboard reads what it shows, `wms
    report workers` the workers' records. Orders shipped per hour are there for one day.
    `today`, where known, is never a day to keep (tallies.py): it is not asked whether any
    of its scans is pending."""
    checked_range(first, last)
    with collections_paused():
        return _figures(uow, first, last, rules, tz, tables, today)


def _figures(
    uow: UnitOfWork,
    first: date,
    last: date,
    rules: Rules,
    tz: tzinfo,
    tables: frozenset[str],
    today: date | None,
) -> Figures:
    reader = uow.reports
    window = window_of(first, last, tz)

    def wanted(*names: str) -> bool:
        return bool(tables & set(names))

    def needed(read: str) -> bool:
        return wanted(*_NEEDS[read])

    names = reader.names() if wanted(*WORKERS) else {}
    runs = reader.inspections(window) if needed("runs") else []
    shorts = reader.shorts(window) if needed("shorts") else []
    audits = (
        reader.audits(window, (INTERCEPTED, CONFIRMED, HELD_AT_DESK)) if needed("audits") else []
    )
    # The bars are one day's (the dashboard's); a range reads orders for the shops only.
    bars = first == last
    orders = reader.orders(window, paid_since(first, rules, tz)) if bars or wanted("shops") else []
    scans = (
        scan_records(uow, first, last, tz, today) if needed("journal") else ScanRecords([], [], [])
    )
    times = worker_times(scans.hours, scans.gaps, tz)
    days = days_of(first, last)
    return Figures(
        first,
        last,
        shop_days(days, orders, runs, audits, shorts, reader.handed_over(window), rules, tz)
        if wanted("shops")
        else [],
        inspector_rows(runs, times, names, tz) if wanted("inspectors") else [],
        picker_rows(reader.picks(window), shorts, times, names, tz) if wanted("pickers") else [],
        stocktaker_rows(reader.counted(window), times, names, tz) if wanted("stocktakers") else [],
        dock_rows(reader.parcels(window), audits, times, names, tz) if wanted("dock") else [],
        returns_rows(reader.returns(window), times, names, tz) if wanted("returns") else [],
        receiver_rows(reader.receipts(window), times, names, tz) if wanted("receiving") else [],
        held_why(days, runs, audits, shorts, tz) if wanted("held") else [],
        adjustment_days(reader.adjustments(window), tz) if wanted("adjustments") else [],
        shipped_per_hour(last, orders, tz) if bars else (0,) * HOURS,
        tables,
        tuple(scans.tallied),
    )
