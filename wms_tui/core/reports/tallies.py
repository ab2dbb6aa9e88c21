"""A worker's time over many days, without reading a month's million scans each time.

The scan journal stays the record. A past day's tallies (scans.journal_tallies over that
day's scans: scans per worker, station, context and hour, and the idle gaps inside the
day) may be kept beside it, each with the journal's mark when it was made: how many scans
the day held and the number of the last. Every read compares a kept day's mark with the
journal's now (two figures from the time index, no scan read); a day whose journal
changed since (a station with a late clock, a scan replayed after a crash) is tallied
again from its scans, as is a day never kept. So a kept day is a copy of what the journal
says, never a counter of its own.

A day is kept only once it is over and none of its scans is pending (its outcome could
still change). The idle gaps over midnight are not kept: they are found when the days are
put together, from each worker's first and last scan of each day, so a month read day by
day gives exactly what one pass over the month's journal gives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from wms_tui.core.bulk import collections_paused
from wms_tui.core.reports.records import (
    IDLE_GAP_S,
    DayTally,
    IdleGap,
    ScanHour,
    Window,
)
from wms_tui.core.reports.scans import days_of, journal_tallies

if TYPE_CHECKING:
    from wms_tui.core.ports import UnitOfWork

KEPT_AT_MOST = 400  # days kept beside the journal; older ones are tallied again if asked
MONTH = 31  # the days before today that the dashboard keeps when it opens


def day_window(day: date, tz: tzinfo) -> Window:
    return Window(
        datetime.combine(day, time.min, tz), datetime.combine(day + timedelta(days=1), time.min, tz)
    )


def _offset(window: Window) -> int:
    return int((window.start.utcoffset() or timedelta()).total_seconds())


@dataclass(frozen=True)
class ScanRecords:
    """The scan records of days first..last: hours and idle gaps as one pass over the
    journal would give them; `tallied` the days read from the journal this time."""

    hours: list[ScanHour]
    gaps: list[IdleGap]
    tallied: list[DayTally]


def scan_records(
    uow: UnitOfWork, first: date, last: date, tz: tzinfo, today: date | None = None
) -> ScanRecords:
    """Every day's tallies, kept ones where the journal still matches them, the others
    tallied from the journal now; then the gaps over midnight (see the module's text).
    A day from `today` on is not over: it is tallied as not settled, without asking the
    journal for pending scans (the dashboard's refresh reads today every few seconds)."""
    reader = uow.reports
    days = days_of(first, last)
    whole = Window(day_window(first, tz).start, day_window(last, tz).end)
    kept = {(t.day, t.window, t.utc_offset_s): t for t in reader.kept_tallies(whole)}
    hours: list[ScanHour] = []
    gaps: list[IdleGap] = []
    tallied: list[DayTally] = []
    each_day: list[DayTally] = []
    for day in days:
        window = day_window(day, tz)
        offset = _offset(window)
        mark = reader.journal_mark(window)
        tally = kept.get((day, window, offset))
        if tally is None or tally.mark != mark:
            over = today is None or day < today
            settled = over and reader.journal_pending(window) == 0
            day_hours, day_gaps = journal_tallies(reader.journal(window), offset)
            tally = DayTally(day, window, offset, mark, tuple(day_hours), tuple(day_gaps), settled)
            tallied.append(tally)
        each_day.append(tally)
        hours.extend(tally.hours)
        gaps.extend(tally.gaps)
    gaps.extend(over_midnight(each_day))
    return ScanRecords(hours, gaps, tallied)


def over_midnight(days: Iterable[DayTally]) -> list[IdleGap]:
    """The idle gaps from a worker's last scan of one day to their first scan of a later
    one (days in order): the gap belongs to the station they scanned again at."""
    last_seen: dict[str, datetime] = {}
    gaps: list[IdleGap] = []
    for tally in days:
        firsts: dict[str, ScanHour] = {}
        lasts: dict[str, datetime] = {}
        for hour in tally.hours:
            seen = firsts.get(hour.operator)
            if seen is None or hour.first < seen.first:
                firsts[hour.operator] = hour
            if hour.operator not in lasts or hour.last > lasts[hour.operator]:
                lasts[hour.operator] = hour.last
        for operator, hour in firsts.items():
            before = last_seen.get(operator)
            if before is not None and (hour.first - before).total_seconds() > IDLE_GAP_S:
                gaps.append(IdleGap(operator, hour.station_id, before, hour.first))
        last_seen.update(lasts)
    return gaps


def keep_tallies(
    uow_factory: Callable[[], UnitOfWork], tallied: Iterable[DayTally], today: date
) -> int:
    """Keeps the days tallied from the journal that are over (before `today`) and settled,
    where the journal still holds what they were made from; gives how many were kept.
    One short transaction: a month's tallies are a few thousand rows."""
    wanted = [tally for tally in tallied if tally.settled and tally.day < today]
    if not wanted:
        return 0
    kept = 0
    with uow_factory() as uow:
        for tally in wanted:
            if uow.reports.journal_mark(tally.window) == tally.mark:
                uow.reports.keep_tally(tally)
                kept += 1
        uow.reports.forget_tallies(before=today - timedelta(days=KEPT_AT_MOST))
        uow.commit()
    return kept


def keep_days_over(
    read: Callable[[], UnitOfWork],
    write: Callable[[], UnitOfWork],
    today: date,
    tz: tzinfo,
    days: int = MONTH,
) -> int:
    """The month's days before today that are not kept (or whose journal changed since),
    tallied from the journal and kept: what the dashboard does in its worker when it
    opens, so the month's report finds them kept. Nothing to do costs a mark a day."""
    with collections_paused():
        with read() as uow:
            records = scan_records(
                uow, today - timedelta(days=days), today - timedelta(days=1), tz, today
            )
        return keep_tallies(write, records.tallied, today)
