"""A receiver's day from the receipts they booked: lines, units and rejects, per hour of
working time; a receipt belongs to the local day it was booked on, to whoever booked it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from wms_tui.core.reports.records import ReceiptBooked
from wms_tui.core.reports.scans import WorkerTime
from wms_tui.core.reports.workers import receiver_rows

SHANGHAI = timezone(timedelta(hours=8))
AT = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def booked(who: str, at: datetime, lines: int, units: int, rejects: int = 0) -> ReceiptBooked:
    return ReceiptBooked(who, "RCV-A", f"RC-{at:%H%M}", lines, units, rejects,
                         at - timedelta(minutes=30), at)  # fmt: skip


def test_a_receivers_lines_units_and_rejects_per_hour_worked() -> None:
    day = date(2026, 12, 7)
    two_hours = WorkerTime(day, "RCV-1", ("RCV-A",), 80, {}, (0,) * 24, 7200.0, 0, 0.0)
    times = {(day, "RCV-1"): two_hours}
    rows = receiver_rows(
        [booked("RCV-1", AT, 3, 40, 2), booked("RCV-1", AT + timedelta(hours=1), 5, 20),
         booked("RCV-2", AT, 1, 100, 0)],
        times, {"RCV-1": "曹颖"}, SHANGHAI,
    )  # fmt: skip
    busiest, first = rows
    assert (busiest.worker.operator, busiest.units) == ("RCV-2", 100)  # by units, busiest first
    assert (first.worker.name, first.receipts, first.lines, first.units) == ("曹颖", 2, 8, 60)
    assert (first.lines_per_hour, first.units_per_hour, first.rejects) == (4.0, 30.0, 2)


def test_a_receipt_booked_after_midnight_counts_on_the_next_day() -> None:
    late = datetime(2026, 12, 7, 16, 5, tzinfo=UTC)  # 00:05 in Shanghai
    (row,) = receiver_rows([booked("RCV-1", late, 1, 6)], {}, {}, SHANGHAI)
    assert row.worker.day == date(2026, 12, 8) and row.units_per_hour == 0.0  # no hours known
