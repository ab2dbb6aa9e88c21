"""Per-worker figures, per local day, one definition each (衡量标准).

Every figure is computed from the records of core/reports/records.py and the worker's
time (scans.WorkerTime); "per hour" always means per hour of working time. A worker seen
at two stations that day has one row naming both. Night shifts: an attempt, a pick, a
count or a parcel belongs to the local day it was finished on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from statistics import median
from typing import TypeVar

from wms_tui.core.reports.records import (
    AuditSeen,
    InspectionRun,
    LocationCounted,
    ParcelsScanned,
    PickDone,
    ReceiptBooked,
    ReturnBooked,
    ShortDone,
)
from wms_tui.core.reports.scans import HOURS, WorkerTime, day_of

PICK_CONTEXTS = ("pick", "pick_paper", "pick_takeover")
INTERCEPTED = "handover_intercepted"


@dataclass(frozen=True)
class WorkerDay:
    """Who, which day, at which stations, and their time (shared by every role's row)."""

    day: date
    operator: str
    name: str
    stations: tuple[str, ...]
    working_hours: float
    idle_gaps: int
    idle_minutes: float
    hourly: tuple[int, ...]  # scans per local hour: the sparkline


def _worker(
    key: tuple[date, str],
    times: dict[tuple[date, str], WorkerTime],
    names: dict[str, str],
    stations: Iterable[str],
) -> WorkerDay:
    time = times.get(key)
    seen = set(stations) | set(time.stations if time else ())
    return WorkerDay(
        key[0],
        key[1],
        names.get(key[1], ""),
        tuple(sorted(seen)),
        time.working_hours if time else 0.0,
        time.idle_gaps if time else 0,
        time.idle_s / 60 if time else 0.0,
        time.hourly if time else (0,) * HOURS,
    )


T = TypeVar("T")


def by_worker_day(
    items: Iterable[T], tz: tzinfo, when_who: Callable[[T], tuple[datetime, str]]
) -> dict[tuple[date, str], list[T]]:
    """Records grouped by the local day they were finished on and the worker."""
    grouped: dict[tuple[date, str], list[T]] = defaultdict(list)
    for item in items:
        at, who = when_who(item)
        grouped[(day_of(at, tz), who)].append(item)
    return grouped


def rate(part: float, whole: float) -> float | None:
    """part / whole, or None (shown as "–") when there is no whole."""
    return part / whole if whole else None


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile: the smallest value with at least `fraction` of all the
    values at or below it (p90 of 10 values is the 9th smallest)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-int(fraction * 100) * len(ordered) // 100))
    return ordered[rank - 1]


@dataclass(frozen=True)
class InspectorRow:
    """An inspector's day.

    - orders: orders with an attempt they finished that day (passed, held, abandoned or
      taken over), each order once;
    - passed_first: orders whose first attempt ever was theirs and passed;
    - pass_rate: passed_first / orders;
    - wrong_per_1000, too_many_per_1000: wrong-item and too-many scans per 1,000 item scans
      (counted + wrong + too many) in their attempts;
    - problems: units they marked as problem goods;
    - median_s, p90_s: seconds from an attempt's start (the order scanned) to its pass,
      over their passed attempts;
    - per_hour: orders passed per hour of working time."""

    worker: WorkerDay
    orders: int
    passed: int
    passed_first: int
    pass_rate: float | None
    wrong_per_1000: float | None
    too_many_per_1000: float | None
    problems: int
    median_s: float | None
    p90_s: float | None
    per_hour: float


def inspector_rows(
    runs: Iterable[InspectionRun],
    times: dict[tuple[date, str], WorkerTime],
    names: dict[str, str],
    tz: tzinfo,
) -> list[InspectorRow]:
    by_key = by_worker_day(runs, tz, lambda run: (run.ended_at, run.operator))
    rows = []
    for key, group in by_key.items():
        worker = _worker(key, times, names, (run.station_id for run in group))
        passed = [run for run in group if run.result == "passed"]
        first = {run.order_no for run in passed if run.earlier_attempts == 0}
        items = sum(run.item_scans + run.wrong_items + run.too_many for run in group)
        seconds = [(run.ended_at - run.started_at).total_seconds() for run in passed]
        orders = len({run.order_no for run in group})
        passed_orders = len({run.order_no for run in passed})
        rows.append(
            InspectorRow(
                worker,
                orders,
                passed_orders,
                len(first),
                rate(len(first), orders),
                _per_1000(sum(run.wrong_items for run in group), items),
                _per_1000(sum(run.too_many for run in group), items),
                sum(run.problems for run in group),
                median(seconds) if seconds else None,
                percentile(seconds, 0.9),
                _per_hour(passed_orders, worker),
            )
        )
    return _by_throughput(rows, lambda row: row.passed)


@dataclass(frozen=True)
class PickerRow:
    """A picker's day: waves they picked in, stops (a bin of a wave visited), lines (a
    pick-list line picked from, whole or in part), units; units and lines per hour of
    working time; shorts declared (times and units) and wrong scans (refused scans while
    picking)."""

    worker: WorkerDay
    waves: int
    stops: int
    lines: int
    units: int
    units_per_hour: float
    lines_per_hour: float
    shorts: int
    short_units: int
    wrong_scans: int


def picker_rows(
    picks: Iterable[PickDone],
    shorts: Iterable[ShortDone],
    times: dict[tuple[date, str], WorkerTime],
    names: dict[str, str],
    tz: tzinfo,
) -> list[PickerRow]:
    by_key = by_worker_day(picks, tz, lambda pick: (pick.at, pick.operator))
    shorts_by_key = by_worker_day(shorts, tz, lambda short: (short.at, short.operator))
    rows = []
    for key in by_key.keys() | shorts_by_key.keys():
        group, short_group = by_key.get(key, []), shorts_by_key.get(key, [])
        stations = [p.station_id for p in group] + [s.station_id for s in short_group]
        worker = _worker(key, times, names, stations)
        lines = len({(pick.wave_no, pick.allocation) for pick in group})
        units = sum(pick.qty for pick in group)
        time = times.get(key)
        rows.append(
            PickerRow(
                worker,
                len({pick.wave_no for pick in group}),
                len({(pick.wave_no, pick.location) for pick in group}),
                lines,
                units,
                _per_hour(units, worker),
                _per_hour(lines, worker),
                len(short_group),
                sum(short.qty for short in short_group),
                time.refused(*PICK_CONTEXTS) if time else 0,
            )
        )
    return _by_throughput(rows, lambda row: row.units)


@dataclass(frozen=True)
class StocktakerRow:
    """A stocktaker's day: locations counted (rounds finished), per hour of working time;
    recount rate (rounds a supervisor sent back for a recount, of those counted); accuracy
    (rounds approved without any adjustment, of those approved)."""

    worker: WorkerDay
    locations: int
    per_hour: float
    recount_rate: float | None
    accuracy: float | None


def stocktaker_rows(
    counted: Iterable[LocationCounted],
    times: dict[tuple[date, str], WorkerTime],
    names: dict[str, str],
    tz: tzinfo,
) -> list[StocktakerRow]:
    by_key = by_worker_day(counted, tz, lambda task: (task.finished_at, task.counter))
    rows = []
    for key, group in by_key.items():
        worker = _worker(key, times, names, (task.station_id for task in group))
        approved = [task for task in group if task.decision == "approved"]
        recounted = sum(1 for task in group if task.status == "superseded")
        rows.append(
            StocktakerRow(
                worker,
                len(group),
                _per_hour(len(group), worker),
                rate(recounted, len(group)),
                rate(sum(1 for task in approved if not task.adjusted), len(approved)),
            )
        )
    return _by_throughput(rows, lambda row: row.locations)


@dataclass(frozen=True)
class DockRow:
    """A dock worker's day: parcels scanned onto manifests (and not taken off), per hour of
    working time; interceptions (parcels refused at the dock because the order was
    intercepted)."""

    worker: WorkerDay
    parcels: int
    per_hour: float
    interceptions: int


def dock_rows(
    parcels: Iterable[ParcelsScanned],
    audits: Iterable[AuditSeen],
    times: dict[tuple[date, str], WorkerTime],
    names: dict[str, str],
    tz: tzinfo,
) -> list[DockRow]:
    by_key = by_worker_day(parcels, tz, lambda parcel: (parcel.at, parcel.operator))
    intercepted = (line for line in audits if line.action == INTERCEPTED)
    stopped = by_worker_day(intercepted, tz, lambda line: (line.at, line.operator))
    rows = []
    for key in by_key.keys() | stopped.keys():
        group, lines = by_key.get(key, []), stopped.get(key, [])
        stations = [p.station_id for p in group] + [line.station_id for line in lines]
        worker = _worker(key, times, names, stations)
        count = sum(scanned.parcels for scanned in group)
        rows.append(DockRow(worker, count, _per_hour(count, worker), len(lines)))
    return _by_throughput(rows, lambda row: row.parcels)


@dataclass(frozen=True)
class ReturnsClerkRow:
    """A returns clerk's day (退货交易处理及时率): returns booked and their units, those
    unfit to sell, returns per hour of working time, and the median minutes from opening a
    return to booking it."""

    worker: WorkerDay
    returns: int
    units: int
    unfit: int
    per_hour: float
    median_minutes: float | None


def returns_rows(
    booked: Iterable[ReturnBooked],
    times: dict[tuple[date, str], WorkerTime],
    names: dict[str, str],
    tz: tzinfo,
) -> list[ReturnsClerkRow]:
    rows = []
    for key, group in by_worker_day(booked, tz, lambda r: (r.closed_at, r.operator)).items():
        worker = _worker(key, times, names, [r.station_id for r in group])
        minutes = [(r.closed_at - r.opened_at).total_seconds() / 60 for r in group]
        rows.append(
            ReturnsClerkRow(
                worker, len(group), sum(r.units for r in group), sum(r.unfit for r in group),
                _per_hour(len(group), worker), median(minutes) if minutes else None,
            )
        )  # fmt: skip
    return _by_throughput(rows, lambda row: row.returns)


@dataclass(frozen=True)
class ReceiverRow:
    """A receiver's day: receipts booked, the lines (SKUs of each receipt) and units they
    took in, lines and units per hour of working time, and the units that failed receiving
    inspection (rejects)."""

    worker: WorkerDay
    receipts: int
    lines: int
    units: int
    lines_per_hour: float
    units_per_hour: float
    rejects: int


def receiver_rows(
    booked: Iterable[ReceiptBooked],
    times: dict[tuple[date, str], WorkerTime],
    names: dict[str, str],
    tz: tzinfo,
) -> list[ReceiverRow]:
    rows = []
    for key, group in by_worker_day(booked, tz, lambda r: (r.closed_at, r.operator)).items():
        worker = _worker(key, times, names, [r.station_id for r in group])
        lines, units = sum(r.lines for r in group), sum(r.units for r in group)
        rows.append(
            ReceiverRow(
                worker, len(group), lines, units, _per_hour(lines, worker),
                _per_hour(units, worker), sum(r.rejects for r in group),
            )
        )  # fmt: skip
    return _by_throughput(rows, lambda row: row.units)


R = TypeVar("R", InspectorRow, PickerRow, StocktakerRow, DockRow, ReturnsClerkRow, ReceiverRow)


def _per_1000(part: int, whole: int) -> float | None:
    return 1000 * part / whole if whole else None


def _per_hour(count: int, worker: WorkerDay) -> float:
    return count / worker.working_hours if worker.working_hours else 0.0


def _by_throughput(rows: list[R], throughput: Callable[[R], float]) -> list[R]:
    """Day by day; within a day the busiest first, then by badge."""
    return sorted(rows, key=lambda row: (row.worker.day, -throughput(row), row.worker.operator))
