"""A worker's time, from the scan journal: scans per hour, idle gaps, working time.

The read side computes `scan_hours` and `idle_gaps` in SQL (a million scans never travel
to Python); the functions here are the definitions it is tested against, on hand-made
scans and on both engines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from itertools import pairwise

from wms_tui.core.reports.records import IDLE_GAP_S, IdleGap, ScanHour, ScanSeen

HOURS = 24


def local_day(at: datetime, tz: tzinfo) -> date:
    """The station's own calendar day of a moment."""
    return at.astimezone(tz).date()


def hour_start(at: datetime, tz: tzinfo) -> datetime:
    local = at.astimezone(tz)
    return local.replace(minute=0, second=0, microsecond=0)


def scan_hours(scans: Iterable[ScanSeen], tz: tzinfo) -> list[ScanHour]:
    """Scans grouped by worker, station, context and local hour: the count, the refused
    ones, the first and last scan's time."""
    groups: dict[tuple[str, str, str, datetime], list[ScanSeen]] = defaultdict(list)
    for scan in scans:
        groups[(scan.operator, scan.station_id, scan.context, hour_start(scan.at, tz))].append(scan)
    return [
        ScanHour(
            operator,
            station,
            context,
            hour,
            len(group),
            sum(1 for scan in group if scan.refused),
            min(scan.at for scan in group),
            max(scan.at for scan in group),
        )
        for (operator, station, context, hour), group in sorted(groups.items())
    ]


def idle_gaps(scans: Iterable[ScanSeen]) -> list[IdleGap]:
    """For each worker, every pause of more than IDLE_GAP_S seconds between one scan and
    their next, at any station: the gap belongs to the station they scanned again at."""
    by_worker: dict[str, list[ScanSeen]] = defaultdict(list)
    for scan in scans:
        by_worker[scan.operator].append(scan)
    gaps: list[IdleGap] = []
    for operator, seen in sorted(by_worker.items()):
        seen.sort(key=lambda scan: scan.at)
        for before, after in pairwise(seen):
            if (after.at - before.at).total_seconds() > IDLE_GAP_S:
                gaps.append(IdleGap(operator, after.station_id, before.at, after.at))
    return gaps


@dataclass(frozen=True)
class WorkerTime:
    """A worker's day at the stations: where, how many scans and wrong scans, per local
    hour, and the time they worked.

    Working time is the span from the day's first scan to its last, less the idle gaps
    inside it. Idle gaps are counted, with their whole length, on the day they ended: a
    pause over midnight is the next day's, and works no one's time. A worker with a single
    scan worked one minute, so per-hour figures never divide by zero."""

    day: date
    operator: str
    stations: tuple[str, ...]
    scans: int
    refused_by_context: dict[str, int]
    hourly: tuple[int, ...]  # scans in each local hour 0..23
    working_s: float
    idle_gaps: int
    idle_s: float

    @property
    def working_hours(self) -> float:
        return self.working_s / 3600

    def refused(self, *contexts: str) -> int:
        return sum(self.refused_by_context.get(context, 0) for context in contexts)


def worker_times(
    hours: Iterable[ScanHour], gaps: Iterable[IdleGap], tz: tzinfo
) -> dict[tuple[date, str], WorkerTime]:
    """Every worker's time per local day (see WorkerTime)."""
    by_key: dict[tuple[date, str], list[ScanHour]] = defaultdict(list)
    for hour in hours:
        by_key[(hour.hour.astimezone(tz).date(), hour.operator)].append(hour)
    gaps_by_key: dict[tuple[date, str], list[IdleGap]] = defaultdict(list)
    for gap in gaps:
        gaps_by_key[(local_day(gap.end, tz), gap.operator)].append(gap)
    times: dict[tuple[date, str], WorkerTime] = {}
    for key, group in by_key.items():
        day_gaps = gaps_by_key.get(key, [])
        first = min(hour.first for hour in group)
        last = max(hour.last for hour in group)
        inside = sum(
            max(0.0, (min(gap.end, last) - max(gap.start, first)).total_seconds())
            for gap in day_gaps
        )
        idle = sum((gap.end - gap.start).total_seconds() for gap in day_gaps)
        hourly = [0] * HOURS
        refused: dict[str, int] = defaultdict(int)
        for hour in group:
            hourly[hour.hour.astimezone(tz).hour] += hour.scans
            refused[hour.context] += hour.refused
        span = (last - first).total_seconds() - inside
        times[key] = WorkerTime(
            key[0],
            key[1],
            tuple(sorted({hour.station_id for hour in group})),
            sum(hour.scans for hour in group),
            dict(refused),
            tuple(hourly),
            max(span, 60.0),
            len(day_gaps),
            idle,
        )
    return times


def days_of(start: date, end: date) -> list[date]:
    """Every day from start to end, both included."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]
