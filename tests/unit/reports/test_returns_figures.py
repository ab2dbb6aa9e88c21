"""A returns clerk's day (退货交易处理及时率) from the returns they booked: how many, their
units and those unfit to sell, and the median minutes from opening a return to booking it;
a return belongs to the local day it was booked on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from wms_tui.core.reports.records import ReturnBooked
from wms_tui.core.reports.workers import returns_rows

SHANGHAI = timezone(timedelta(hours=8))


def booked(
    who: str, opened: datetime, minutes: float, units: int = 2, unfit: int = 0
) -> ReturnBooked:
    closed = opened + timedelta(minutes=minutes)
    return ReturnBooked(who, "RET-A", f"RT-{opened:%H%M}", "店", units, unfit, opened, closed)


def test_a_clerks_returns_and_how_long_each_took() -> None:
    at = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    rows = returns_rows(
        [booked("RET-1", at, 3, 3, 1), booked("RET-1", at + timedelta(hours=1), 5),
         booked("RET-1", at + timedelta(hours=2), 10, 1, 1), booked("RET-2", at, 2)],
        {}, {"RET-1": "冯瑶"}, SHANGHAI,
    )  # fmt: skip
    first, second = rows
    assert (first.worker.operator, first.worker.name, first.returns) == ("RET-1", "冯瑶", 3)
    assert (first.units, first.unfit, first.median_minutes) == (6, 2, 5.0)
    assert (second.worker.operator, second.returns, second.median_minutes) == ("RET-2", 1, 2.0)


def test_a_return_booked_after_midnight_counts_on_the_day_it_was_booked() -> None:
    late = datetime(2026, 12, 7, 15, 50, tzinfo=UTC)  # 23:50 in Shanghai, booked 00:10
    (row,) = returns_rows([booked("RET-1", late, 20)], {}, {}, SHANGHAI)
    assert row.worker.day.isoformat() == "2026-12-08" and row.median_minutes == 20.0
