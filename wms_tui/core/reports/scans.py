"""A worker's time, from the scan journal: scans per hour, idle gaps, working time.

The read side gives the journal as plain tuples, oldest first, on the time index; one
pass here tallies the hours and finds the gaps (in SQL, a window function over a month's
million scans took twice as long as this pass: it sorts them all by worker first).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from wms_tui.core.reports.records import IDLE_GAP_S, IdleGap, JournalLine, ScanHour, ScanSeen

HOURS = 24


def day_of(at: datetime, tz: tzinfo) -> date:
    """The station's own calendar day of a moment."""
    return at.astimezone(tz).date()


def journal_lines(scans: Iterable[ScanSeen]) -> list[JournalLine]:
    """Hand-made scans as the reader gives the journal: oldest first."""
    ordered = sorted(scans, key=lambda scan: scan.at)
    return [(s.operator, s.station_id, s.context, s.at.timestamp(), s.refused) for s in ordered]


def journal_tallies(
    lines: Iterable[JournalLine], utc_offset_s: int
) -> tuple[list[ScanHour], list[IdleGap]]:
    """One pass over the journal, oldest first (a month's million scans are never sorted
    or kept):

    - scans grouped by worker, station, context and local hour (the zone's offset
      `utc_offset_s`): how many, how many refused, the first and the last;
    - every pause of more than IDLE_GAP_S seconds between one scan of a worker and their
      next, at any station: the gap belongs to the station they scanned again at."""
    tallies: dict[tuple[str, str, str, int], list[float]] = {}
    last: dict[str, float] = {}
    gap_at: list[tuple[str, str, float, float]] = []
    for operator, station, context, at, refused in lines:
        key = (operator, station, context, int((at + utc_offset_s) // 3600))
        tally = tallies.get(key)
        if tally is None:
            tallies[key] = [1.0, float(refused), at, at]
        else:
            tally[0] += 1
            tally[1] += refused
            tally[3] = at
        before = last.get(operator)
        if before is not None and at - before > IDLE_GAP_S:
            gap_at.append((operator, station, before, at))
        last[operator] = at
    hours = [
        ScanHour(
            operator,
            station,
            context,
            _moment(hour * 3600 - utc_offset_s),
            int(n),
            int(refused),
            _moment(first),
            _moment(final),
        )
        for (operator, station, context, hour), (n, refused, first, final) in tallies.items()
    ]
    gaps = [IdleGap(op, st, _moment(start), _moment(end)) for op, st, start, end in gap_at]
    return hours, gaps


def _moment(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


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
        gaps_by_key[(day_of(gap.end, tz), gap.operator)].append(gap)
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
