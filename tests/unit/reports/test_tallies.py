"""A past day's tallies of the journal (core/reports/tallies.py): kept, checked against the
journal on every read, and put together to what one pass over the journal gives."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest

from tests.fakes import FakeDatabase
from tests.fakes.reports import FakeReportReader
from wms_tui.core.reports import scans
from wms_tui.core.reports.daily import WORKERS, figures, window_of
from wms_tui.core.reports.records import LocationCounted, PickDone, ScanSeen, Window
from wms_tui.core.reports.shops import Rules
from wms_tui.core.reports.tallies import keep_tallies, scan_records

CHINA = timezone(timedelta(hours=8))
FIRST = date(2026, 11, 2)
DAYS = 5


def _at(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(FIRST + timedelta(days=day), time(hour, minute, second), CHINA)


def _shifts() -> list[ScanSeen]:
    """Three workers over five days: a day shift with breaks, a night shift over midnight
    (its gaps over midnight among them) and one who works at two stations."""
    rng = random.Random(7)
    made: list[ScanSeen] = []
    for day in range(DAYS):
        t = _at(day, 8)
        while t < _at(day, 17):
            made.append(ScanSeen("DAY-1", "S1", "inspect", t, refused=rng.random() < 0.05))
            t += timedelta(seconds=rng.choice((20, 40, 90, 400, 1300)))
        t = _at(day, 21)
        while t < _at(day + 1, 5):
            made.append(ScanSeen("NIGHT-1", "S2", "pick", t))
            t += timedelta(seconds=rng.choice((30, 60, 700)))
        for hour in (9, 13, 16):
            made.append(ScanSeen("TWO-1", "S1" if hour < 12 else "S3", "count", _at(day, hour)))
    return made


def _database() -> FakeDatabase:
    database = FakeDatabase()
    database.report_book.scans += _shifts()
    return database


LAST = FIRST + timedelta(days=DAYS - 1)


def test_days_put_together_give_what_one_pass_over_the_journal_gives() -> None:
    database = _database()
    whole = window_of(FIRST, LAST, CHINA)
    with database.uow() as uow:
        hours, gaps = scans.journal_tallies(uow.reports.journal(whole), 8 * 3600)
        records = scan_records(uow, FIRST, LAST, CHINA)
    assert sorted(records.hours) == sorted(hours)
    assert sorted(records.gaps) == sorted(gaps)
    over_midnight = [
        g for g in gaps if g.start.astimezone(CHINA).date() != g.end.astimezone(CHINA).date()
    ]
    assert over_midnight  # the night shift's gaps over midnight are found, not lost
    assert len(records.tallied) == DAYS


def test_a_kept_day_is_read_as_kept_and_gives_the_same_figures() -> None:
    database = _database()
    for day in range(DAYS):  # a pick a night and a count a day: rows to compare
        database.report_book.picks.append(
            PickDone("NIGHT-1", "S2", f"W{day}", 0, "A-01-1", 2, _at(day, 23))
        )
        database.report_book.counted.append(
            LocationCounted("TWO-1", "S1", "A-01-1", 1, "counted", _at(day, 16))
        )
    with database.uow() as uow:
        before = figures(uow, FIRST, LAST, Rules(), CHINA, WORKERS)
    assert keep_tallies(database.uow, before.tallied, today=LAST) == DAYS - 1  # not today
    assert [t.day for t in database.report_book.tallies] == [
        FIRST + timedelta(days=n) for n in range(DAYS - 1)
    ]
    with database.uow() as uow:
        after = figures(uow, FIRST, LAST, Rules(), CHINA, WORKERS)
    assert [t.day for t in after.tallied] == [LAST]  # only today read from the journal
    assert len(after.pickers) == DAYS and len(after.stocktakers) == DAYS
    assert after.pickers == before.pickers
    assert after.stocktakers == before.stocktakers
    assert {row.worker.idle_gaps for row in after.pickers} != {0}  # the night's gaps


def test_a_day_whose_journal_changed_is_tallied_again() -> None:
    database = _database()
    with database.uow() as uow:
        first = scan_records(uow, FIRST, LAST, CHINA)
    keep_tallies(database.uow, first.tallied, today=LAST + timedelta(days=1))
    # A station with a late clock writes a scan into a day already kept.
    database.report_book.scans.append(ScanSeen("LATE-1", "S9", "inspect", _at(1, 12)))
    with database.uow() as uow:
        again = scan_records(uow, FIRST, LAST, CHINA)
    assert [t.day for t in again.tallied] == [FIRST + timedelta(days=1)]
    assert any(h.operator == "LATE-1" for h in again.hours)
    kept = keep_tallies(database.uow, again.tallied, today=LAST + timedelta(days=1))
    assert kept == 1
    with database.uow() as uow:
        assert scan_records(uow, FIRST, LAST, CHINA).tallied == []


def test_a_day_not_over_or_not_settled_is_not_kept() -> None:
    database = _database()
    with database.uow() as uow:
        records = scan_records(uow, FIRST, LAST, CHINA)
    # A scan of the first day still pending when it was tallied.
    unsettled = [replace(t, settled=t.day != FIRST) for t in records.tallied]
    assert keep_tallies(database.uow, unsettled, today=LAST) == DAYS - 2
    assert FIRST not in {t.day for t in database.report_book.tallies}
    assert LAST not in {t.day for t in database.report_book.tallies}


def test_a_tally_made_before_the_journal_changed_is_not_kept() -> None:
    database = _database()
    with database.uow() as uow:
        records = scan_records(uow, FIRST, FIRST, CHINA)
    database.report_book.scans.append(ScanSeen("LATE-1", "S9", "inspect", _at(0, 12)))
    assert keep_tallies(database.uow, records.tallied, today=LAST) == 0
    assert database.report_book.tallies == []


def test_today_is_not_asked_for_pending_scans(monkeypatch: pytest.MonkeyPatch) -> None:
    database = _database()
    asked: list[date] = []

    def counted(reader: FakeReportReader, window: Window) -> int:
        asked.append(window.start.date())
        return 0

    monkeypatch.setattr(FakeReportReader, "journal_pending", counted)
    with database.uow() as uow:
        records = scan_records(uow, FIRST, LAST, CHINA, today=LAST)
    assert asked == [FIRST + timedelta(days=n) for n in range(DAYS - 1)]
    assert [t.settled for t in records.tallied] == [True] * (DAYS - 1) + [False]
