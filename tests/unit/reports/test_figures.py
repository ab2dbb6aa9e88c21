"""Every definition of the day's figures, on hand-made records (core/reports)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest

from tests.fakes import FakeDatabase
from tests.fakes.reports import FakeReportReader
from wms_tui.core.reports.daily import Figures, figures
from wms_tui.core.reports.records import (
    Adjustment,
    AuditSeen,
    BadRange,
    InspectionRun,
    LocationCounted,
    ManifestHanded,
    OrderDates,
    ParcelsScanned,
    PickDone,
    ScanSeen,
    ShortDone,
)
from wms_tui.core.reports.shops import Rules, due_day, paid_since
from wms_tui.core.reports.words import tables
from wms_tui.core.reports.workers import percentile

CHINA = timezone(timedelta(hours=8))
DAY = date(2026, 12, 7)  # a Monday


def at(hour: int, minute: int = 0, second: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute, second), CHINA)


def run(order: str, who: str, start: datetime, seconds: float, result: str = "passed", *,
        earlier: int = 0, station: str = "S1", counted: int = 3, wrong: int = 0,
        too_many: int = 0, problems: int = 0, note: str = "") -> InspectionRun:  # fmt: skip
    end = start + timedelta(seconds=seconds)
    return InspectionRun(order, "店A", who, station, start, end, result, earlier, counted,
                         wrong, too_many, problems, note)  # fmt: skip


EVERY_DAY = Rules()


def day_figures(database: FakeDatabase, first: date = DAY, last: date = DAY,
                rules: Rules = EVERY_DAY) -> Figures:  # fmt: skip
    with database.uow() as uow:
        return figures(uow, first, last, rules, CHINA)


def test_an_inspector_is_measured_on_their_attempts() -> None:
    database = FakeDatabase()
    book = database.report_book
    book.names["INS-1"] = "李娜"
    book.inspections += [
        run("O1", "INS-1", at(9), 60, wrong=1, too_many=1, counted=8),
        run("O2", "INS-1", at(9, 5), 120),
        run("O3", "INS-1", at(9, 10), 30, "on_hold", problems=2),
        run("O3", "INS-1", at(9, 20), 90, earlier=1),  # passed, but not the first time
        run("O4", "INS-2", at(9), 45),
    ]
    book.scans += [ScanSeen("INS-1", "S1", "inspect", at(9, m)) for m in range(0, 23)]
    (first, second) = day_figures(database).inspectors
    assert (first.worker.operator, first.worker.name) == ("INS-1", "李娜")  # busiest first
    assert (first.orders, first.passed, first.passed_first) == (3, 3, 2)
    assert first.pass_rate == pytest.approx(2 / 3)
    # 8 + 3 + 3 + 3 counted, 1 wrong, 1 too many: 19 item scans.
    assert first.wrong_per_1000 == pytest.approx(1000 / 19)
    assert first.too_many_per_1000 == pytest.approx(1000 / 19)
    assert first.problems == 2
    assert (first.median_s, first.p90_s) == (90, 120)
    assert first.worker.working_hours == pytest.approx(22 / 60)
    assert first.per_hour == pytest.approx(3 / (22 / 60))
    assert second.worker.working_hours == 0.0 and second.per_hour == 0.0  # no scans journaled


def test_a_night_shift_counts_on_the_day_each_piece_of_work_ended() -> None:
    database = FakeDatabase()
    book = database.report_book
    tomorrow = DAY + timedelta(days=1)
    book.inspections += [
        run("O1", "N", at(23, 40), 300),  # ends 23:45
        run("O2", "N", at(23, 55), 900),  # ends 00:10 the next day
    ]
    book.scans += [
        ScanSeen("N", "S1", "inspect", at(23, 40)),
        ScanSeen("N", "S1", "inspect", at(23, 43)),
        ScanSeen("N", "S1", "inspect", at(23, 45)),
        ScanSeen("N", "S1", "inspect", at(0, 10, day=tomorrow)),  # 25 min idle over midnight
        ScanSeen("N", "S1", "inspect", at(0, 12, day=tomorrow)),
    ]
    both = day_figures(database, DAY, tomorrow).inspectors
    assert [(r.worker.day, r.orders) for r in both] == [(DAY, 1), (tomorrow, 1)]
    night, morning = both[0].worker, both[1].worker
    assert night.working_hours == pytest.approx(5 / 60) and night.idle_gaps == 0
    assert morning.idle_gaps == 1 and morning.idle_minutes == pytest.approx(25)
    assert morning.working_hours == pytest.approx(2 / 60)  # the gap works no one's time
    assert night.hourly[23] == 3 and morning.hourly[0] == 2


def test_a_worker_at_two_stations_is_one_row_naming_both() -> None:
    database = FakeDatabase()
    book = database.report_book
    book.picks += [
        PickDone("P1", "HH-1", "W1", 0, "A-01", 2, at(8)),
        PickDone("P1", "HH-1", "W1", 1, "A-01", 1, at(8, 1)),  # same stop, another line
        PickDone("P1", "HH-2", "W2", 0, "B-02", 3, at(10)),
        PickDone("P1", "HH-2", "W2", 0, "B-02", 1, at(10, 2)),  # the same line, the rest
    ]
    book.shorts.append(ShortDone("P1", "HH-2", "O9", "店A", 2, at(10, 3)))
    book.scans += [
        ScanSeen("P1", "HH-1", "pick", at(8)),
        ScanSeen("P1", "HH-1", "pick", at(8, 1), refused=True),
        ScanSeen("P1", "HH-2", "pick", at(8, 5)),
        ScanSeen("P1", "HH-2", "inspect", at(8, 6), refused=True),  # not a pick's wrong scan
    ]
    (row,) = day_figures(database).pickers
    assert row.worker.stations == ("HH-1", "HH-2")
    assert (row.waves, row.stops, row.lines, row.units) == (2, 2, 3, 7)
    assert (row.shorts, row.short_units, row.wrong_scans) == (1, 2, 1)
    assert row.units_per_hour == pytest.approx(7 / (6 / 60))


def test_stocktakers_recounts_and_accuracy() -> None:
    database = FakeDatabase()
    book = database.report_book
    book.counted += [
        LocationCounted("C1", "S9", "A-01", 1, "approved", at(9), "approved", adjusted=False),
        LocationCounted("C1", "S9", "A-02", 1, "approved", at(9, 5), "approved", adjusted=True),
        LocationCounted("C1", "S9", "A-03", 1, "superseded", at(9, 10), "rejected"),
        LocationCounted("C1", "S9", "A-04", 1, "counted", at(9, 15)),  # not decided yet
    ]
    (row,) = day_figures(database).stocktakers
    assert row.locations == 4
    assert row.recount_rate == 0.25
    assert row.accuracy == 0.5


def test_dock_parcels_and_interceptions() -> None:
    database = FakeDatabase()
    book = database.report_book
    book.parcels += [
        ParcelsScanned("D1", "DOCK-A", at(17), 3),
        ParcelsScanned("D1", "DOCK-A", at(17, 15), 2),
    ]
    book.audits.append(AuditSeen("handover_intercepted", "D1", "DOCK-A", "O9", "店A", "", at(17)))
    book.audits.append(AuditSeen("handover_intercepted", "D2", "DOCK-B", "O8", "店A", "", at(17)))
    rows = day_figures(database).dock
    assert [(r.worker.operator, r.parcels, r.interceptions) for r in rows] == [
        ("D1", 5, 1),
        ("D2", 0, 1),
    ]


def test_an_order_is_due_the_day_it_is_paid_before_the_cut_off_on_a_working_day() -> None:
    rules = Rules(time(16, 0), frozenset({1, 2, 3, 4, 5, 6}))  # Sunday off
    saturday, sunday = DAY - timedelta(days=2), DAY - timedelta(days=1)
    assert due_day(at(15, 59), rules, CHINA) == DAY
    assert due_day(at(16, 0), rules, CHINA) == DAY + timedelta(days=1)
    assert due_day(at(17, day=saturday), rules, CHINA) == DAY  # Sunday is off
    assert due_day(at(9, day=sunday), rules, CHINA) == DAY
    # Stored in UTC: 07:59 UTC is 15:59 in China, still before the cut-off.
    assert due_day(datetime(2026, 12, 7, 7, 59, tzinfo=UTC), rules, CHINA) == DAY


def test_a_day_reads_the_payments_that_can_be_due_on_it() -> None:
    every_day, sunday_off = Rules(), Rules(working_days=frozenset({1, 2, 3, 4, 5, 6}))
    assert paid_since(DAY, every_day, CHINA) == at(16, day=DAY - timedelta(days=1))
    # Monday: paid after Saturday's cut-off, or on Sunday, it is due on Monday.
    assert paid_since(DAY, sunday_off, CHINA) == at(16, day=DAY - timedelta(days=2))
    assert due_day(at(16, day=DAY - timedelta(days=2)), sunday_off, CHINA) == DAY
    assert due_day(at(15, 59, 59, day=DAY - timedelta(days=2)), sunday_off, CHINA) < DAY


def test_a_shops_day() -> None:
    database = FakeDatabase()
    book = database.report_book
    yesterday = DAY - timedelta(days=1)
    book.orders += [
        OrderDates("O1", "店A", "verified", at(8), at(7), at(11)),  # due today, on time
        OrderDates("O2", "店A", "confirmed", at(8), at(9), None),  # due today, not shipped
        OrderDates("O3", "店A", "verified", at(9), at(17, day=yesterday), at(10)),  # on time
        OrderDates("O4", "店A", "cancelled", at(9), at(10), None),  # cancelled: never due
        OrderDates("O5", "店A", "picked", at(9), at(17), None),  # due tomorrow
        OrderDates("O6", "店B", "verified", None, at(9, day=yesterday), at(9)),  # late
    ]
    book.inspections += [
        run("O1", "I", at(10, 50), 60),
        run("O3", "I", at(9, 55), 60, "on_hold", note="inspection: damaged TEE x1"),
        run("O3", "I", at(9, 58), 60, earlier=1),
    ]
    book.audits += [
        AuditSeen("order_confirm", "CS", "DESK", "O2", "店A", "", at(9, 30)),
        AuditSeen("order_hold", "CS", "DESK", "O5", "店A", "buyer asked", at(18)),
    ]
    book.shorts.append(ShortDone("P", "HH", "O7", "店A", 1, at(10)))
    book.handed_over += [
        ManifestHanded("M1", "店A", at(18), 1),
        ManifestHanded("M1", "店B", at(18), 1),
    ]
    book.adjustments += [
        Adjustment("TEE", 2, 3000, at(12)),
        Adjustment("MUG", -1, -1990, at(12)),
    ]
    day = day_figures(database)
    a, b = day.shops
    assert (a.shop, a.imported, a.confirmed, a.shipped, a.handed_over) == ("店A", 5, 1, 2, 1)
    assert (a.due, a.on_time) == (3, 2) and a.on_time_rate == pytest.approx(2 / 3)
    assert (a.inspected, a.passed_first, a.pass_rate) == (2, 1, 0.5)
    assert a.held == 3  # O3 at inspection, O5 at the desk, O7 short at the bin
    assert (b.shop, b.imported, b.due, b.on_time, b.handed_over) == ("店B", 0, 0, 0, 1)
    (late,) = [s for s in day_figures(database, yesterday, yesterday).shops if s.shop == "店B"]
    assert (late.due, late.on_time, late.on_time_rate) == (1, 0, 0.0)  # O6 shipped a day late
    assert {(h.kind, h.orders) for h in day.held} == {
        ("damaged", 1), ("desk", 1), ("short_pick", 1),
    }  # fmt: skip
    (adjusted,) = day.adjustments
    assert (adjusted.found, adjusted.lost, adjusted.value_cents) == (2, 1, 1010)
    assert day.shipped_hourly[9:12] == (1, 1, 1)


def test_the_nearest_rank_percentile() -> None:
    assert percentile([], 0.9) is None
    assert percentile([5], 0.9) == 5
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 12)), 0.9) == 10


def test_a_report_covers_at_most_a_quarter_and_never_runs_backwards() -> None:
    database = FakeDatabase()
    with pytest.raises(BadRange):
        day_figures(database, DAY, DAY - timedelta(days=1))
    with pytest.raises(BadRange):
        day_figures(database, DAY, DAY + timedelta(days=92))
    assert day_figures(database, DAY, DAY + timedelta(days=91)).shops == []


def test_only_what_the_tables_asked_for_need_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    for name in ("inspections", "picks", "shorts", "counted", "parcels", "audits", "orders",
                 "handed_over", "adjustments", "journal", "names"):  # fmt: skip
        original = getattr(FakeReportReader, name)

        def recorded(self: FakeReportReader, *args: object, _n: str = name,
                     _o: Any = original) -> Any:  # fmt: skip
            read.append(_n)
            return _o(self, *args)

        monkeypatch.setattr(FakeReportReader, name, recorded)
    database = FakeDatabase()
    with database.uow() as uow:
        found = figures(uow, DAY, DAY, Rules(), CHINA, frozenset({"pickers"}))
    assert sorted(read) == ["journal", "names", "orders", "picks", "shorts"]  # one day: bars
    assert found.tables == {"pickers"} and [t.key for t in tables(found)] == ["pickers"]
    read.clear()
    with database.uow() as uow:
        figures(uow, DAY, DAY, Rules(), CHINA, frozenset({"shops"}))
    assert sorted(read) == ["audits", "handed_over", "inspections", "orders", "shorts"]
