"""A manual order from the order desk's Ctrl+N, with the scanner and the keys the bar shows:
scans add units, F7 takes one off, typed text becomes the buyer, remark or the order it
reships, F11 twice makes it; Esc with lines asks once more. Screenshots in both languages
at 80×24 and 120×36."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.harness import Station, flat_text, steady, wait_until
from tests.ui.orders.harness import open_desk, read, search
from wms_tui.core.model import OrderStatus
from wms_tui.ui.common.scan_entry import ScanEntry
from wms_tui.ui.orders.desk import OrderDeskScreen
from wms_tui.ui.orders.manual import ManualOrderScreen

SnapCompare = Callable[..., bool]
pytestmark = pytest.mark.usefixtures("shanghai_time")


async def _manual(pilot: Pilot[None], desk: Station) -> ManualOrderScreen:
    await open_desk(pilot, desk)
    await pilot.press("ctrl+n")
    await wait_until(pilot, desk, lambda: isinstance(pilot.app.screen, ManualOrderScreen))
    await read(pilot, desk)
    screen = pilot.app.screen
    assert isinstance(screen, ManualOrderScreen)
    return screen


async def _typed(pilot: Pilot[None], text: str, key: str) -> None:
    pilot.app.screen.query_one(ScanEntry).value = text  # typed, without Enter
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()


async def _three_lines(pilot: Pilot[None], desk: Station) -> ManualOrderScreen:
    screen = await _manual(pilot, desk)
    for code in ("TEE", "TEE", "MUG", "NOPE"):
        await search(pilot, desk, code)
    await _typed(pilot, "李雷", "f8")
    await _typed(pilot, "线下门店自提", "f9")
    return screen


async def test_scans_make_the_lines_and_f11_twice_makes_the_order(desk: Station) -> None:
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _three_lines(pilot, desk)
        assert screen.lines == {"TEE": 2, "MUG": 1}  # NOPE refused in words
        await pilot.press("f7")  # the last unit off: the mug
        await read(pilot, desk)
        assert screen.lines == {"TEE": 2}
        assert "Buyer: 李雷" in flat_text(pilot)
        await pilot.press("f11")
        await read(pilot, desk)
        assert "Make a pending order of 1 line, 2 units? F11 again makes it." in flat_text(pilot)
        await pilot.press("f11")
        await read(pilot, desk)
        assert app.last_outcome is not None and app.last_outcome.msgid == "order.manual.made"
        made = str(app.last_outcome.params["order"])
        assert screen.lines == {} and "Buyer: -" in flat_text(pilot)
        await pilot.press("escape")  # nothing scanned: back at once
        await read(pilot, desk)
        assert isinstance(app.screen, OrderDeskScreen)
    with desk.db.uow() as uow:
        order = uow.orders.get(made)
    assert order is not None and order.status is OrderStatus.PENDING
    assert [(line.sku_code, line.qty) for line in order.lines] == [("TEE", 2)]
    assert (order.buyer, order.seller_remark) == ("李雷", "线下门店自提")


async def test_a_reship_keeps_the_buyer_and_leaving_with_lines_asks(desk: Station) -> None:
    desk.context.language = "zh_CN"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _manual(pilot, desk)
        await search(pilot, desk, "TEE")
        await _typed(pilot, "SO00007", "f6")
        await pilot.press("escape")
        await read(pilot, desk)
        assert isinstance(app.screen, ManualOrderScreen)  # asked, not dropped
        assert "放弃已扫描的 1 行？" in flat_text(pilot)
        await pilot.press("f11", "f11")
        await read(pilot, desk)
        assert app.last_outcome is not None and app.last_outcome.msgid == "order.manual.made"
        made = str(app.last_outcome.params["order"])
        assert screen.lines == {}
    with desk.db.uow() as uow:
        order = uow.orders.get(made)
    assert order is not None and order.buyer == "张三丰"  # SO00007's buyer, kept
    assert order.seller_remark.startswith("补发 SO00007")


def _after(desk: Station) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await _three_lines(pilot, desk)
        await read(pilot, desk)
        steady(pilot)

    return run_before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_manual_order_screen(
    desk: Station, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    desk.context.language = language
    assert snap_compare(desk.app(), terminal_size=size, run_before=_after(desk))
