"""The order desk through App.run_test: a scan finds the orders, the arrows choose one,
its lines and life show below, F6 its stock, F7 the next page; screenshots in both
languages at 80×24 and 120×36."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from devices.fake import RecordingPrinter
from tests.ui.harness import Station, flat_text, steady, wait_until
from tests.ui.orders.harness import open_desk, read, search
from wms_tui.bootstrap.inspection import parcel_labeller
from wms_tui.config import PrinterSettings, Settings
from wms_tui.core.model import OrderStatus
from wms_tui.core.outcome import Outcome
from wms_tui.ui.orders.desk import OrderDeskScreen
from wms_tui.ui.orders.problems import ProblemGoodsScreen

SnapCompare = Callable[..., bool]


pytestmark = pytest.mark.usefixtures("shanghai_time")


async def test_a_buyer_name_finds_their_orders_newest_first(desk: Station) -> None:
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot, desk)
        await search(pilot, desk, "张三")
        found = [hit.order_no for hit in screen.hits]
        assert found == ["SO00007", "SO00006", "SO00004", "SO00003", "SO00001"]
        text = flat_text(pilot)
        assert "5 orders found for 张三, newest paid first." in text
        assert "Order SO00007 · picked" in text
        await pilot.press("down")
        await read(pilot, desk)
        assert "Order SO00006" in flat_text(pilot)
        await pilot.press("down")
        await read(pilot, desk)
        assert screen.detail is not None and screen.detail.order.order_no == "SO00004"
        assert "On hold: 缺货 / out of stock" in flat_text(pilot)


async def test_the_detail_tells_the_orders_life_and_its_stock(desk: Station) -> None:
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_desk(pilot, desk)
        await search(pilot, desk, "SF000000000007")  # its waybill
        text = flat_text(pilot)
        assert "Buyer's remark: 请不要放发票" in text
        assert "picked · OP-PIC-1 · PICK-1 · TEE ×1 A-01-1 → PACK-01" in text
        assert "problem goods marked · OP-INS-1 · PACK-01 · TEE: 破损" in text
        assert "MUG Mug ×1 (gift)" in text
        await pilot.press("f6")
        await read(pilot, desk)
        assert [g.sku_code for g in screen.stock] == ["MUG", "TEE"]
        await pilot.pause(0.1)  # scrolled to the stock after it is drawn
        text = flat_text(pilot)
        assert "On hand 20 · reserved 0 · available 18 · in quarantine 1" in text
        assert "A-01-1 18 PACK-01 1 QUAR-01 1" in text


async def test_pages_come_a_page_at_a_time_and_nothing_found_is_said(desk: Station) -> None:
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot, desk)
        await search(pilot, desk, "nobody")
        assert screen.hits == [] and "No order matches nobody." in flat_text(pilot)
        await search(pilot, desk, "TEE")
        assert len(screen.hits) == 8 and screen.complete
        await pilot.press("f7")  # nothing more: nothing read
        await read(pilot, desk)
        assert len(screen.hits) == 8


async def test_typed_text_searches_as_a_scan_does(desk: Station) -> None:
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot, desk)
        await pilot.press(*"SO00004", "enter")
        await read(pilot, desk)
        assert [hit.order_no for hit in screen.hits] == ["SO00004"]
        assert "SO00004：找到 1 个订单" in flat_text(pilot)


def _after(desk: Station, case: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_desk(pilot, desk)
        if case in ("found", "stock"):
            await search(pilot, desk, "张三")
        if case == "stock":
            await pilot.press("down", "down")
            await read(pilot, desk)
            await pilot.press("f6")
        if case == "problems":  # its own screen (tests/ui/orders/test_problem_goods.py)
            await pilot.press("f12")
            await wait_until(pilot, desk, lambda: isinstance(pilot.app.screen, ProblemGoodsScreen))
        await read(pilot, desk)
        assert isinstance(
            pilot.app.screen, ProblemGoodsScreen if case == "problems" else OrderDeskScreen
        )
        steady(pilot)

    return run_before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("case", ["opened", "found", "stock", "problems"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_order_desk_screen(
    desk: Station, snap_compare: SnapCompare, language: str, case: str, size: tuple[int, int]
) -> None:
    desk.context.language = language
    assert snap_compare(desk.app(), terminal_size=size, run_before=_after(desk, case))


def _first(screen: OrderDeskScreen) -> OrderStatus:
    """The status of the first order listed (a call: each reading is fresh to mypy)."""
    return screen.hits[0].status


async def _type(pilot: Pilot[None], text: str) -> None:
    """Typed in the entry field, without Enter (Enter would search)."""
    entry = pilot.app.screen.query_one("#manual-entry", Input)
    entry.value = text
    await pilot.pause()


async def test_hold_with_a_typed_reason_then_release(desk: Station) -> None:
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot, desk)
        await search(pilot, desk, "SO00006")
        await pilot.press("f8")  # no reason typed: says what to do, changes nothing
        await read(pilot, desk)
        assert app.last_outcome is not None and app.last_outcome.msgid == "order.act.type_why"
        await _type(pilot, "买家要改地址")
        await pilot.press("f8")
        await read(pilot, desk)
        assert _first(screen) is OrderStatus.ON_HOLD
        assert "On hold: 买家要改地址" in flat_text(pilot)
        await pilot.press("f9")
        await read(pilot, desk)
        assert _first(screen) is OrderStatus.PICKED
        assert "Order SO00006 released: picked." in flat_text(pilot)
    assert {"order_hold", "order_release"} <= set(desk.db.audit_actions())


async def test_ctrl_r_twice_records_the_refund_and_says_what_is_still_here(
    desk: Station,
) -> None:
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot, desk)
        await search(pilot, desk, "SO00006")
        await pilot.press("ctrl+r")
        await read(pilot, desk)
        assert app.last_outcome is not None and app.last_outcome.msgid == "order.refund.ask"
        assert screen.detail is not None and screen.detail.order.refunded_at is None
        await pilot.press("ctrl+r")
        await read(pilot, desk)
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "order.refund.recorded_here"  # picked: still here
        assert screen.detail is not None and screen.detail.order.refunded_at == desk.clock.now()
        assert "Refunded " in flat_text(pilot) and "still here (picked)" in flat_text(pilot)
        await pilot.press("f2")  # the message follows the language, its status too
        await read(pilot, desk)
        assert "订单仍在仓内（已拣货）" in flat_text(pilot)
        await pilot.press("f2")
        await read(pilot, desk)
        await pilot.press("ctrl+r", "down", "ctrl+r")  # a key between: asked again
        await read(pilot, desk)
        assert app.last_outcome is not None and app.last_outcome.msgid == "order.refund.ask"
        await pilot.press("ctrl+r")
        await read(pilot, desk)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E982"  # once
    assert desk.db.audit_actions().count("order_refund") == 1


async def test_ctrl_w_then_a_scan_gives_the_order_a_new_waybill(desk: Station) -> None:
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot, desk)
        await search(pilot, desk, "SO00006")
        await pilot.press("ctrl+w")
        await read(pilot, desk)
        assert "Scan or type the new waybill of SO00006" in flat_text(pilot)
        await search(pilot, desk, "SF000000000005")  # SO00005's: refused, naming it
        assert app.last_outcome is not None and app.last_outcome.error_code == "E976"
        assert [hit.order_no for hit in screen.hits] == ["SO00006"]  # no search was made
        await search(pilot, desk, "SO00005")  # Ctrl+W answered once: a search again
        assert [hit.order_no for hit in screen.hits] == ["SO00005"]
        await search(pilot, desk, "SO00006")
        await _type(pilot, "中通")  # the courier changes too
        await pilot.press("ctrl+w")
        await read(pilot, desk)
        assert screen.query_one(Input).value == ""  # taken as the courier
        await search(pilot, desk, "ZT0000000001")
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "order.delivery.changed"  # picked: no label yet
        assert screen.hits[0].waybill == "ZT0000000001"
        assert screen.detail is not None and screen.detail.order.courier == "ZTO"
        assert "waybill ZT0000000001" in flat_text(pilot)
    assert desk.db.audit_actions().count("order_delivery") == 1


async def test_cancel_says_what_it_does_and_needs_f11_twice(desk: Station) -> None:
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot, desk)
        await search(pilot, desk, "SO00007")
        await _type(pilot, "买家取消")
        await pilot.press("f11")  # picked: refused at once, nothing asked
        await read(pilot, desk)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E970"
        await search(pilot, desk, "SO00008")
        await _type(pilot, "买家取消")
        await pilot.press("f11")
        await read(pilot, desk)
        assert "Cancel order SO00008 (pending)?" in flat_text(pilot)
        assert _first(screen) is OrderStatus.PENDING
        await pilot.press("f11")
        await read(pilot, desk)
        assert _first(screen) is OrderStatus.CANCELLED
        assert "Order SO00008 cancelled" in flat_text(pilot)


async def test_ctrl_p_prints_the_chosen_orders_parcel_label_again(desk: Station) -> None:
    """A box whose label came off: the desk prints the chosen order's label as the
    inspection desk does; an order not yet passed is refused in words."""
    printer = RecordingPrinter()
    desk.context.printer = printer
    settings = Settings(Path("config.toml"), "DESK-1", "客服台", "en", "sqlite://",
                        printer=PrinterSettings(parcel_label="pdf"))  # fmt: skip
    desk.context.parcel_label = parcel_labeller(settings, "DESK-1", desk.clock)
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot, desk)

        async def ctrl_p() -> Outcome:
            await pilot.press("ctrl+p")
            await read(pilot, desk)
            assert app.last_outcome is not None
            return app.last_outcome

        assert (await ctrl_p()).msgid == "order.desk.label.choose"
        await search(pilot, desk, "SF000000000007")  # picked, not yet passed
        assert screen.detail is not None and screen.detail.order.order_no == "SO00007"
        assert (await ctrl_p()).error_code == "E844"
        assert printer.documents == []
        order = desk.db.store.orders["SO00007"]
        desk.db.store.orders["SO00007"] = replace(order, status=OrderStatus.VERIFIED)
        printed = await ctrl_p()
        assert printed.msgid == "inspect.label.printed", printed
        assert [document.name for document in printer.documents] == ["label-SO00007.pdf"]
        assert printer.documents[0].data.startswith(b"%PDF")


async def test_a_language_switch_names_the_lines_in_the_new_language(desk: Station) -> None:
    """F2 reads nothing again: the detail keeps its SKUs and names them anew."""
    desk.context.language = "en"
    app = desk.app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_desk(pilot, desk)
        await search(pilot, desk, "SF000000000007")
        assert "MUG Mug ×1 (gift)" in flat_text(pilot)
        await pilot.press("f2")
        await read(pilot, desk)
        assert "MUG 马克杯 ×1" in flat_text(pilot)
