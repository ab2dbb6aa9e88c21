"""The day's figures on both engines: from a real inspection, and the scan journal's
tallies computed in SQL against the core's own definitions."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import insert

from db.handover.models import ManifestRow, ParcelRow
from db.models import ScanJournalRow
from db.uow import SqlUnitOfWorkFactory, make_uow_factory
from tests.integration.handover.dock import seed_dock
from tests.integration.inspection.harness import Station
from tests.integration.inspection.seed import MUG_EAN, TEE_EAN, seed
from wms_tui.core.reports import scans as reference
from wms_tui.core.reports.daily import WORKERS, figures, window_of
from wms_tui.core.reports.records import ScanSeen
from wms_tui.core.reports.shops import Rules
from wms_tui.core.reports.tallies import KEPT_AT_MOST, keep_tallies, scan_records

CHINA = timezone(timedelta(hours=8))
DAY = date(2026, 11, 23)


@pytest.fixture
def factory(migrated_url: str) -> Iterator[SqlUnitOfWorkFactory]:
    made = make_uow_factory(migrated_url)
    try:
        yield made
    finally:
        made.dispose()


def test_an_inspection_is_counted_for_its_inspector_and_its_shop(
    factory: SqlUnitOfWorkFactory,
) -> None:
    seed(factory)
    station = Station(factory)
    for code in ("T1", TEE_EAN, MUG_EAN, TEE_EAN, TEE_EAN):
        station.scan(code)
    with factory.for_reading()() as uow:
        day = figures(uow, DAY, DAY, Rules(), UTC)
    (inspector,) = day.inspectors
    assert (inspector.worker.operator, inspector.worker.stations) == ("op1", ("S1",))
    assert (inspector.orders, inspector.passed, inspector.passed_first) == (1, 1, 1)
    assert inspector.pass_rate == 1.0
    assert inspector.wrong_per_1000 == 250.0  # one wrong item in four item scans
    assert inspector.too_many_per_1000 == 0.0
    assert inspector.worker.hourly[6] == 5  # every scan of the attempt, at 06:00
    (shop,) = day.shops
    assert (shop.shop, shop.shipped, shop.inspected, shop.passed_first) == ("店", 1, 1, 1)
    assert day.shipped_hourly[6] == 1
    with factory.for_reading()() as uow:
        before = figures(uow, DAY - timedelta(days=1), DAY - timedelta(days=1), Rules(), UTC)
    assert before.inspectors == [] and before.shops == []


def _journal(
    factory: SqlUnitOfWorkFactory, scans: list[ScanSeen], status: str | None = None
) -> None:
    with factory() as uow:
        uow.session.execute(
            insert(ScanJournalRow),
            [
                {
                    "scan_id": str(uuid.uuid4()), "station_id": s.station_id, "data": "X",
                    "received_at": s.at, "context": s.context, "operator": s.operator,
                    "status": status or ("rejected" if s.refused else "accepted"),
                }
                for s in scans
            ],
        )  # fmt: skip
        uow.commit()


def test_the_journal_is_read_oldest_first_to_the_microsecond(
    factory: SqlUnitOfWorkFactory,
) -> None:
    at = datetime(2026, 11, 23, 1, 59, 59, 900000, tzinfo=UTC)  # 09:59:59.9 in China
    scans = [
        ScanSeen("W", "S1", "inspect", at),
        ScanSeen("W", "S1", "inspect", at + timedelta(microseconds=100000)),  # 10:00 sharp
        ScanSeen("W", "S1", "inspect", at + timedelta(minutes=7), refused=True),  # idle 7 min
        ScanSeen("W", "S2", "pick", at + timedelta(minutes=8)),  # the same worker, elsewhere
        ScanSeen("V", "S2", "pick", at + timedelta(minutes=3)),
        ScanSeen("V", "S2", "pick", at + timedelta(minutes=8)),  # 5 min: not idle
        ScanSeen("N", "S3", "count", datetime(2026, 11, 23, 15, 50, tzinfo=UTC)),  # 23:50
        ScanSeen("N", "S3", "count", datetime(2026, 11, 23, 16, 10, tzinfo=UTC)),  # 00:10
    ]
    _journal(factory, scans)
    window = window_of(DAY, DAY + timedelta(days=1), CHINA)
    with factory.for_reading()() as uow:
        lines = list(uow.reports.journal(window))
    # Oldest first, to the microsecond: 09:59:59.9 and 10:00 sharp fall in their own hours.
    made = reference.journal_lines(scans)
    assert [line[:3] + line[4:] for line in lines] == [line[:3] + line[4:] for line in made]
    assert [line[3] for line in lines] == pytest.approx([line[3] for line in made], abs=1e-6)
    hours, gaps = reference.journal_tallies(lines, 8 * 3600)
    assert {(h.operator, h.hour.astimezone(CHINA).hour, h.scans) for h in hours} >= {
        ("W", 9, 1), ("W", 10, 2), ("V", 10, 2), ("N", 23, 1), ("N", 0, 1),
    }  # fmt: skip
    lengths = {(g.operator, (g.end - g.start).total_seconds()) for g in gaps}
    assert lengths == {("W", 419.9), ("N", 1200)}
    times = reference.worker_times(hours, gaps, CHINA)
    worker = times[(DAY, "W")]
    assert worker.stations == ("S1", "S2")
    assert worker.hourly[9:11] == (1, 3)
    assert worker.refused("inspect") == 1
    assert worker.working_s == pytest.approx(8 * 60 - 419.9)
    night = times[(DAY + timedelta(days=1), "N")]
    assert (night.idle_gaps, night.idle_s) == (1, 1200)  # the gap over midnight: the next day's


def _times(factory: SqlUnitOfWorkFactory, first: date, last: date) -> tuple[Any, list[date]]:
    with factory.for_reading()() as uow:
        records = scan_records(uow, first, last, CHINA)
    times = reference.worker_times(records.hours, records.gaps, CHINA)
    return times, [tally.day for tally in records.tallied]


def test_a_past_day_is_kept_beside_the_journal_and_checked_against_it(
    factory: SqlUnitOfWorkFactory,
) -> None:
    night = DAY + timedelta(days=1)
    start = datetime.combine(DAY, time(9), CHINA)
    scans = [ScanSeen("W", "S1", "inspect", start + timedelta(minutes=m)) for m in (0, 1, 9, 10)]
    scans += [ScanSeen("W", "S2", "pick", start + timedelta(hours=14, minutes=50))]  # 23:50
    scans += [ScanSeen("W", "S2", "pick", start + timedelta(hours=15, minutes=10))]  # 00:10
    _journal(factory, scans)
    _journal(factory, [ScanSeen("P", "S3", "count", start + timedelta(days=1))], "pending")
    with factory.for_reading()() as uow:
        read = figures(uow, DAY, night, Rules(), CHINA, WORKERS)
    assert [t.day for t in read.tallied] == [DAY, night]
    # The second day holds a scan still pending: only the first is kept.
    assert keep_tallies(factory, read.tallied, today=night + timedelta(days=3)) == 1
    journal_times, tallied = _times(factory, DAY, night)
    assert tallied == [night]  # the first day read from what was kept
    with factory.for_reading()() as uow:
        whole = reference.journal_tallies(
            uow.reports.journal(window_of(DAY, night, CHINA)), 8 * 3600
        )
    assert journal_times == reference.worker_times(*whole, CHINA)
    assert journal_times[(night, "W")].idle_gaps == 1  # over midnight, from a kept day
    # A station with a late clock writes into the kept day: it is tallied again.
    _journal(factory, [ScanSeen("L", "S9", "inspect", start + timedelta(hours=3))])
    times, tallied = _times(factory, DAY, night)
    assert tallied == [DAY, night]
    assert times[(DAY, "L")].scans == 1
    # Kept again, then read as kept; forgotten once older than a report reaches.
    with factory.for_reading()() as uow:
        read = figures(uow, DAY, DAY, Rules(), CHINA, WORKERS)
    assert keep_tallies(factory, read.tallied, today=night) == 1
    assert _times(factory, DAY, DAY)[1] == []
    keep_tallies(factory, read.tallied, today=DAY + timedelta(days=KEPT_AT_MOST + 1))
    with factory.for_reading()() as uow:
        assert uow.reports.kept_tallies(window_of(DAY, night, CHINA)) == []


def test_parcels_are_counted_per_quarter_hour_on_the_day_each_was_scanned(
    factory: SqlUnitOfWorkFactory,
) -> None:
    orders = seed_dock(factory, parcels=6)
    local = [
        datetime(2026, 11, 23, 9, 14, 59, 999999, CHINA),  # the quarter before 09:15
        datetime(2026, 11, 23, 9, 15, tzinfo=CHINA),
        datetime(2026, 11, 23, 23, 59, 59, tzinfo=CHINA),  # the last second of the day
        datetime(2026, 11, 24, 0, 0, tzinfo=CHINA),  # the next day's first
        datetime(2026, 11, 24, 0, 5, tzinfo=CHINA),
        datetime(2026, 11, 24, 0, 6, tzinfo=CHINA),  # taken off again: not counted
    ]
    closed = datetime(2026, 11, 24, 18, 0, tzinfo=CHINA)
    with factory() as uow:
        uow.session.add(
            ManifestRow(
                manifest_id="M1", courier="顺丰", dock="DOCK-01", status="closed",
                opened_by="DOCK-1", opened_at=local[0], closed_by="DOCK-1", closed_at=closed,
            )
        )  # fmt: skip
        uow.session.flush()
        for n, (order, at) in enumerate(zip(orders, local, strict=True)):
            uow.session.add(
                ParcelRow(
                    manifest_id="M1", seq=n, order_no=order, scanned_by="DOCK-1",
                    station_id="DOCK-A", scanned_at=at, removed=n == 5,
                )
            )  # fmt: skip
        uow.commit()
    night = DAY + timedelta(days=1)
    with factory.for_reading()() as uow:
        quarters = uow.reports.parcels(window_of(DAY, night, CHINA))
        found = figures(uow, DAY, night, Rules(), CHINA)
    assert sorted((q.at.astimezone(CHINA).strftime("%d %H:%M"), q.parcels) for q in quarters) == [
        ("23 09:00", 1), ("23 09:15", 1), ("23 23:45", 1), ("24 00:00", 2),
    ]  # fmt: skip
    assert [(row.worker.day, row.parcels) for row in found.dock] == [(DAY, 3), (night, 2)]
    # The manifest closed on the 24th handed its five parcels to the courier that day.
    assert [(s.day, s.handed_over) for s in found.shops if s.handed_over] == [(night, 5)]
