"""Problem goods from the order desk's F12, through App.run_test with the scanner and the
keys the bar shows: a supervisor puts a unit back to stock by scanning a location, scraps
and returns the rest with a reason, each asked once more; customer service sees, and is
told a supervisor decides."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.pilot import Pilot

from tests.ui.harness import Station, flat_text, log_in_supervisor, wait_until
from tests.ui.orders.harness import open_desk, read, search
from wms_tui.core.model import Location, LocationKind, MoveReason, StockMove
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.orders.desk import OrderDeskScreen
from wms_tui.ui.orders.problems import ProblemGoodsScreen

pytestmark = pytest.mark.usefixtures("shanghai_time")


def _three_mugs(desk: Station) -> None:
    with desk.db.uow() as uow:
        uow.locations.add(Location("@scrap", LocationKind.VIRTUAL))
        uow.ledger.post(StockMove("r2", "MUG", 3, "@supplier", "QUAR-01", MoveReason.QUARANTINE,
                                  reference="SO00006/2", operator="OP-INS-1",
                                  station_id="PACK-01",
                                  at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC)))  # fmt: skip
        uow.commit()


def _level(desk: Station, sku: str, location: str) -> int:
    with desk.db.uow() as uow:
        return uow.ledger.level(sku, location)


async def _problems(pilot: Pilot[None], desk: Station) -> ProblemGoodsScreen:
    await pilot.press("f12")
    await wait_until(pilot, desk, lambda: isinstance(pilot.app.screen, ProblemGoodsScreen))
    await read(pilot, desk)
    screen = pilot.app.screen
    assert isinstance(screen, ProblemGoodsScreen)
    return screen


async def _why(pilot: Pilot[None], text: str) -> None:
    pilot.app.screen.query_one(ScanEntry).value = text  # typed, without Enter
    await pilot.pause()


async def test_a_supervisor_decides_for_each_unit_in_quarantine(desk: Station) -> None:
    _three_mugs(desk)
    desk.context.language = "en"
    async with desk.app().run_test(size=(80, 24)) as pilot:
        app = await log_in_supervisor(pilot, desk)
        await app.push_screen(OrderDeskScreen())
        await read(pilot, desk)
        screen = await _problems(pilot, desk)
        assert [(lot.sku_code, lot.qty) for lot in screen.lots] == [("MUG", 3), ("TEE", 1)]
        await search(pilot, desk, "MUG")  # the item scanned: its goods chosen
        assert (selected := screen.selected()) is not None and selected.sku_code == "MUG"
        await pilot.press("f5")
        await read(pilot, desk)
        assert "Scan the location for one unit of MUG (3 units in quarantine)" in flat_text(pilot)
        await search(pilot, desk, "A-01-1")
        assert _level(desk, "MUG", "A-01-1") == 1 and _level(desk, "MUG", "QUAR-01") == 2
        assert "1 × MUG moved to A-01-1; 2 units of it left here." in flat_text(pilot)
        await search(pilot, desk, "PACK-01")  # not a location goods are stored in
        assert "PACK-01 is not a bin" in flat_text(pilot)
        assert _level(desk, "MUG", "QUAR-01") == 2
        await pilot.press("f7")  # no reason typed
        await read(pilot, desk)
        assert _level(desk, "MUG", "QUAR-01") == 2
        await _why(pilot, "破损严重")
        await pilot.press("f7")
        await read(pilot, desk)
        assert "2 × MUG out of QUAR-01, scrapped?" in flat_text(pilot)
        assert _level(desk, "MUG", "QUAR-01") == 2  # asked, not done
        await pilot.press("f7")
        await read(pilot, desk)
        assert _level(desk, "MUG", "@scrap") == 2 and _level(desk, "MUG", "QUAR-01") == 0
        assert [lot.sku_code for lot in screen.lots] == ["TEE"]
        await _why(pilot, "退厂")
        await pilot.press("f8", "down", "f8")  # another key between: asked again, not done
        await read(pilot, desk)
        assert _level(desk, "TEE", "QUAR-01") == 1
        await pilot.press("f8")
        await read(pilot, desk)
        assert _level(desk, "TEE", "QUAR-01") == 0 and screen.lots == []
        assert _level(desk, "TEE", "@supplier") == -20 + 1  # received from it, one sent back
        assert "Nothing in quarantine." in flat_text(pilot)
        await pilot.press("escape")
        await read(pilot, desk)
        assert isinstance(pilot.app.screen, OrderDeskScreen)


async def test_customer_service_sees_the_goods_and_a_supervisor_decides(desk: Station) -> None:
    desk.context.language = "zh_CN"
    async with desk.app().run_test(size=(80, 24)) as pilot:
        await open_desk(pilot, desk)
        screen = await _problems(pilot, desk)
        assert [(lot.sku_code, lot.qty) for lot in screen.lots] == [("TEE", 1)]
        assert "OP-INS-1 · PACK-01 · SO00007/1" in flat_text(pilot)
        await _why(pilot, "破损")
        await pilot.press("f7", "f7")
        await read(pilot, desk)
        assert "宋佳 无权执行此操作" in flat_text(pilot)  # customer service, not a supervisor
        assert _level(desk, "TEE", "QUAR-01") == 1
        await search(pilot, desk, "MUG")  # not in quarantine
        assert "MUG 不在隔离区。" in flat_text(pilot)
