"""The supervisor's dashboard over hand-made records: today's figures, another day, every
table, a storage error on the banner; snapshots in both languages at 80×24 and 120×36."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta, timezone

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Sparkline

from tests.fakes import FakeDatabase, FixedClock
from tests.ui.harness import (
    Station,
    flat_text,
    log_in_supervisor,
    seed,
    settle,
    start_station,
    wait_until,
)
from wms_tui.core.errors import DatabaseUnavailable
from wms_tui.core.reports.records import InspectionRun, OrderDates, PickDone, ScanSeen
from wms_tui.core.reports.tallies import MONTH
from wms_tui.ui.reports.dashboard import DashboardScreen

SnapCompare = Callable[..., bool]
CHINA = timezone(timedelta(hours=8))
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=CHINA)  # the FixedClock's 06:00 UTC


pytestmark = pytest.mark.usefixtures("shanghai_time")


def _book(db: FakeDatabase) -> None:
    book = db.report_book
    book.names.update({"OP-INS-1": "李娜", "OP-INS-2": "周强", "OP-PIC-1": "赵磊"})
    for n in range(12):
        start = NOW.replace(hour=9) + timedelta(minutes=20 * n)
        who = "OP-INS-1" if n % 3 else "OP-INS-2"
        result = "on_hold" if n == 4 else "passed"
        book.inspections.append(InspectionRun(f"SO{n}", "旗舰店", who, "PACK-01", start,
                                              start + timedelta(seconds=50 + n), result, 0, 2,
                                              n % 2, 0, 0))  # fmt: skip
        book.scans += [ScanSeen(who, "PACK-01", "inspect", start + timedelta(seconds=s))
                       for s in (0, 20, 50)]  # fmt: skip
        if result == "passed":
            came = NOW.replace(hour=8)
            shipped = start + timedelta(minutes=1)
            book.orders.append(OrderDates(f"SO{n}", "旗舰店", "verified", came, came, shipped))
    book.picks.append(PickDone("OP-PIC-1", "PDA-1", "W1", 0, "A-01-1", 3, NOW.replace(hour=8)))
    book.picks.append(PickDone("OP-PIC-1", "PDA-1", "W1", 1, "A-02-1", 1, NOW.replace(hour=8)))
    yesterday = NOW - timedelta(days=1)
    book.picks.append(PickDone("OP-PIC-9", "PDA-2", "W0", 0, "A-01-1", 5, yesterday))


@pytest.fixture
def board() -> Iterator[Station]:
    db, clock = FakeDatabase(), FixedClock()
    seed(db, clock)
    _book(db)
    started = start_station(Station, db, clock, station_id="SUP-1", station_name="主管台")
    yield started
    started.pipeline.stop()


async def open_board(pilot: Pilot[None], station: Station) -> DashboardScreen:
    app = await log_in_supervisor(pilot, station)
    assert app.operator is not None
    assert "dashboard" in [w.name for w in station.menu.allowed(app.operator)]
    screen = DashboardScreen()
    await app.push_screen(screen)
    await wait_until(pilot, station, lambda: screen.figures is not None)
    await settle(pilot, station)
    return screen


async def test_today_so_far_then_yesterday(board: Station) -> None:
    board.context.language = "en"
    async with board.app().run_test(size=(120, 36)) as pilot:
        screen = await open_board(pilot, board)
        assert "2026-11-23 (today" in flat_text(pilot)
        bars = pilot.app.screen.query_one(Sparkline).data
        assert bars is not None and list(bars[9:13]) == [3, 2, 3, 3]  # SO4 at 10:20 was held
        await pilot.press("f6")  # the inspectors
        await settle(pilot, board)
        grid = screen.query_one(DataTable)
        assert grid.row_count == 2 and "OP-INS-1" in flat_text(pilot)
        assert "██" in flat_text(pilot)  # their pass rates as bars
        await pilot.press("f6")  # the pickers
        await settle(pilot, board)
        assert "OP-PIC-1" in flat_text(pilot) and "OP-PIC-9" not in flat_text(pilot)
        await pilot.press("left")
        await wait_until(pilot, board, lambda: screen.figures is not None
                         and screen.figures.first.day == 22)  # fmt: skip
        await settle(pilot, board)
        assert "2026-11-22" in flat_text(pilot) and "OP-PIC-9" in flat_text(pilot)
        assert "(today" not in flat_text(pilot)
        await pilot.press("right", "right")  # never past today
        await settle(pilot, board)
        assert screen.day is not None and screen.day.day == 23


async def test_a_database_gone_is_a_banner_not_a_crash(
    board: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    board.context.language = "en"
    async with board.app().run_test(size=(80, 24)) as pilot:
        screen = await open_board(pilot, board)

        def gone(*_args: object) -> object:
            raise DatabaseUnavailable(why="disk unplugged")

        monkeypatch.setattr("wms_tui.ui.reports.dashboard.figures", gone)
        await pilot.press("left")
        await settle(pilot, board)
        await pilot.pause(0.2)
        assert "disk unplugged" in flat_text(pilot)
        assert isinstance(pilot.app.screen, DashboardScreen) and screen.day is not None


def _after(station: Station, case: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_board(pilot, station)
        if case == "inspectors":
            await pilot.press("f6")
        await settle(pilot, station)

    return run_before


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("case", ["shops", "inspectors"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_dashboard_screen(
    board: Station, snap_compare: SnapCompare, language: str, case: str, size: tuple[int, int]
) -> None:
    board.context.language = language
    assert snap_compare(board.app(), terminal_size=size, run_before=_after(board, case))


async def test_a_supervisor_opens_the_dashboard_with_the_key_on_its_button(
    board: Station,
) -> None:
    board.context.language = "en"
    async with board.app().run_test(size=(80, 24)) as pilot:
        app = await log_in_supervisor(pilot, board)
        assert app.operator is not None
        names = [w.name for w in board.menu.allowed(app.operator)]
        key = ("F5", "F6", "F7", "F8", "F9", "F11", "F12")[names.index("dashboard") - 7]
        assert f"Shift+{key} Dashboard" in flat_text(pilot)
        await pilot.press(f"shift+{key.lower()}")
        await wait_until(pilot, board, lambda: isinstance(app.screen, DashboardScreen))


async def test_opening_the_dashboard_keeps_the_month_s_days_that_are_over(
    board: Station,
) -> None:
    book = board.db.report_book
    yesterday = NOW - timedelta(days=1)
    book.scans += [ScanSeen("OP-PIC-9", "PDA-2", "pick", yesterday + timedelta(minutes=m))
                   for m in (0, 1, 30)]  # fmt: skip
    board.context.language = "en"
    async with board.app().run_test(size=(80, 24)) as pilot:
        await open_board(pilot, board)
        await wait_until(pilot, board, lambda: len(book.tallies) == MONTH)
    kept = {tally.day: tally for tally in book.tallies}
    assert NOW.date() not in kept  # today is not over
    assert min(kept) == NOW.date() - timedelta(days=MONTH)
    day = kept[yesterday.date()]
    assert day.mark.scans == 3 and {hour.operator for hour in day.hours} == {"OP-PIC-9"}
    assert [(g.end - g.start).total_seconds() for g in day.gaps] == [29 * 60]
