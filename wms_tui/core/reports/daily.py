"""The figures of one day or of several: read once, computed by the definitions.

`figures(uow, first, last, rules, tz)` reads the window's records through the unit of
work's report reader (a unit that only reads: on SQLite it never takes the write lock)
and gives every table the dashboard, `wms report daily` and `wms report workers` show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from wms_tui.core.reports.records import BadRange, Window
from wms_tui.core.reports.scans import HOURS, days_of, worker_times
from wms_tui.core.reports.shops import (
    CONFIRMED,
    HELD_AT_DESK,
    LONGEST_WAIT,
    AdjustmentDay,
    HeldWhy,
    Rules,
    ShopDay,
    adjustment_days,
    held_why,
    shipped_per_hour,
    shop_days,
)
from wms_tui.core.reports.workers import (
    INTERCEPTED,
    DockRow,
    InspectorRow,
    PickerRow,
    StocktakerRow,
    dock_rows,
    inspector_rows,
    picker_rows,
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
    held: list[HeldWhy]
    adjustments: list[AdjustmentDay]
    shipped_hourly: tuple[int, ...]  # the last day's orders shipped per local hour


def window_of(first: date, last: date, tz: tzinfo) -> Window:
    """The local days first..last as one [start, end) window."""
    start = datetime.combine(first, time.min, tz)
    return Window(start, datetime.combine(last + timedelta(days=1), time.min, tz))


def checked_range(first: date, last: date) -> None:
    if last < first or (last - first).days >= LONGEST_RANGE:
        raise BadRange(first=first.isoformat(), last=last.isoformat(), most=LONGEST_RANGE)


def figures(uow: UnitOfWork, first: date, last: date, rules: Rules, tz: tzinfo) -> Figures:
    checked_range(first, last)
    reader = uow.reports
    window = window_of(first, last, tz)
    offset = window.start.utcoffset() or timedelta()
    names = reader.names()
    runs = reader.inspections(window)
    picks = reader.picks(window)
    shorts = reader.shorts(window)
    audits = reader.audits(window, (INTERCEPTED, CONFIRMED, HELD_AT_DESK))
    orders = reader.orders(window, window.start - LONGEST_WAIT)
    times = worker_times(
        reader.scan_hours(window, int(offset.total_seconds())), reader.idle_gaps(window), tz
    )
    days = days_of(first, last)
    return Figures(
        first,
        last,
        shop_days(days, orders, runs, audits, shorts, reader.handed_over(window), rules, tz),
        inspector_rows(runs, times, names, tz),
        picker_rows(picks, shorts, times, names, tz),
        stocktaker_rows(reader.counted(window), times, names, tz),
        dock_rows(reader.parcels(window), audits, times, names, tz),
        held_why(days, runs, audits, shorts, tz),
        adjustment_days(reader.adjustments(window), tz),
        shipped_per_hour(last, orders, tz) if orders else (0,) * HOURS,
    )
