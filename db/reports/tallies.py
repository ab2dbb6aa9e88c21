"""A kept day's tallies to and from its row: the hours and gaps as JSON arrays of plain
values (times as seconds since 1970, UTC), so a month of them is read in one parse."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from db.reports.models import ScanDayTallyRow
from wms_tui.core.reports.records import DayTally, IdleGap, JournalMark, ScanHour, Window


def _s(at: datetime) -> float:
    return at.timestamp()


def _at(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, UTC)


def to_row(tally: DayTally) -> ScanDayTallyRow:
    hours = [
        [h.operator, h.station_id, h.context, _s(h.hour), h.scans, h.refused, _s(h.first),
         _s(h.last)]
        for h in tally.hours
    ]  # fmt: skip
    gaps = [[g.operator, g.station_id, _s(g.start), _s(g.end)] for g in tally.gaps]
    return ScanDayTallyRow(
        day=tally.day,
        starts_at=tally.window.start,
        ends_at=tally.window.end,
        utc_offset_s=tally.utc_offset_s,
        scans=tally.mark.scans,
        last_seq=tally.mark.last_seq,
        tallies=json.dumps({"hours": hours, "gaps": gaps}, ensure_ascii=False),
    )


def from_row(row: ScanDayTallyRow) -> DayTally:
    kept: dict[str, list[list[Any]]] = json.loads(row.tallies)
    return DayTally(
        row.day,
        Window(row.starts_at, row.ends_at),
        row.utc_offset_s,
        JournalMark(row.scans, row.last_seq),
        tuple(
            ScanHour(op, st, ctx, _at(hour), n, refused, _at(first), _at(last))
            for op, st, ctx, hour, n, refused, first, last in kept["hours"]
        ),
        tuple(IdleGap(op, st, _at(start), _at(end)) for op, st, start, end in kept["gaps"]),
    )
