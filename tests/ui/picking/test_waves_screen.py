"""The supervisor's waves screen, driven through the app: log in with a PIN, press F-keys.

The picking fixture already holds wave W261123-001 (orders M1, M2). `more_orders` adds three
confirmed ones: S1 (1 TEE) and M3 (1 TEE + 1 CAP) fit the bins; BIG (9 CAP) does not.

Regenerate the screenshots after a deliberate change with
`pytest tests/ui/picking/test_waves_screen.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from devices.fake import RecordingPrinter
from devices.labels import PrinterError
from tests.ui.harness import screen_text, steady, wait_until
from tests.ui.picking.harness import WAVE, PickStation, open_waves
from tests.unit.picking.seed import PAID
from wms_tui.core.model import Order, OrderLine, OrderStatus
from wms_tui.core.picking.picklist import PickList
from wms_tui.core.picking.records import ShortRecord, WaveStatus
from wms_tui.ui.app import StationApp
from wms_tui.ui.picking.wave_shorts import WavesShorts
from wms_tui.ui.picking.wave_table import WavesTable
from wms_tui.ui.picking.wave_unallocated import WavesUnallocated

SnapCompare = Callable[..., bool]
SIZE = (110, 34)


def more_orders(station: PickStation) -> None:
    with station.db.uow() as uow:
        for order_no, lines in (
            ("S1", [OrderLine(1, "TEE", 1)]),
            ("M3", [OrderLine(1, "TEE", 1), OrderLine(2, "CAP", 1)]),
            ("BIG", [OrderLine(1, "CAP", 9)]),
        ):
            uow.orders.add(
                Order(order_no, "tmall", "店A", OrderStatus.CONFIRMED, lines, paid_at=PAID)
            )
        uow.commit()


def a_short(station: PickStation) -> None:
    """What a picker's short at A-01 leaves behind: one record per affected order line."""
    with station.db.uow() as uow:
        wave = uow.waves.get(WAVE)
        assert wave is not None
        for a in wave.allocations:
            if a.sku_code == "TEE":
                uow.waves.add_short(
                    ShortRecord(
                        WAVE,
                        a.index,
                        a.order_no,
                        "TEE",
                        a.location,
                        1,
                        "OP-PCK-1",
                        "S1",
                        "scan-7",
                        station.clock.now(),
                    )
                )
        uow.commit()


def _said(app: StationApp, msgid: str) -> Callable[[], bool]:
    return lambda: app.last_outcome is not None and app.last_outcome.msgid == msgid


async def test_build_releases_what_fits_and_lists_the_short_orders(
    pstation: PickStation,
) -> None:
    more_orders(pstation)
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_waves(pilot, pstation)
        assert list(screen.waves) == [WAVE]
        await pilot.press("f5")
        await wait_until(pilot, pstation, _said(app, "pick.waves.built"))
        outcome = app.last_outcome
        assert outcome is not None
        assert outcome.params == {"waves": 2, "orders": 2, "left": 1}
        shown = screen_text(pilot)
        assert "Released 2 waves with 2 orders. 1 order stays confirmed" in shown
        assert "BIG" in shown and "CAP: short by 6 (wanted 9, available 3)" in shown
        assert screen.query_one(WavesTable).row_count == 3
        assert screen.query_one(WavesUnallocated).row_count == 1
    orders = pstation.db.store.orders
    assert orders["S1"].status is OrderStatus.RELEASED
    assert orders["M3"].status is OrderStatus.RELEASED
    assert orders["BIG"].status is OrderStatus.CONFIRMED
    assert len(pstation.db.picking.waves) == 3


async def test_bad_limit_is_refused_and_builds_nothing(pstation: PickStation) -> None:
    more_orders(pstation)
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_waves(pilot, pstation)
        screen.query_one("#waves-max-orders", Input).value = "0"
        await pilot.press("f5")
        await pilot.pause()
        assert app.last_outcome is not None and app.last_outcome.msgid == "error.invalid_value"
        assert "Max orders: 0 is not allowed." in screen_text(pilot)
    assert pstation.db.store.orders["S1"].status is OrderStatus.CONFIRMED


async def test_cancel_asks_first_then_returns_the_orders(pstation: PickStation) -> None:
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_waves(pilot, pstation)
        await pilot.press("f7")
        await pilot.pause()
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.waves.cancel_ask"
        assert "Press F7 again" in screen_text(pilot)
        assert pstation.db.picking.waves[WAVE].status is WaveStatus.RELEASED
        await pilot.press("f7")
        await pilot.pause()
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.waves.cancelled"
        assert screen.waves == {}
        assert screen.query_one(WavesTable).row_count == 0
    assert pstation.db.picking.waves[WAVE].status is WaveStatus.CANCELLED
    for order_no in ("M1", "M2"):
        assert pstation.db.store.orders[order_no].status is OrderStatus.CONFIRMED


async def test_escape_keeps_the_wave(pstation: PickStation) -> None:
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_waves(pilot, pstation)
        await pilot.press("f7", "escape")
        await pilot.pause()
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.waves.cancel_kept"
        assert screen.cancel_pending == "" and app.screen is screen
        await pilot.press("f7")  # asks again: Esc dropped the first question
        await pilot.pause()
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.waves.cancel_ask"
    assert pstation.db.picking.waves[WAVE].status is WaveStatus.RELEASED


async def test_print_sends_one_pdf_through_the_printer(pstation: PickStation) -> None:
    printer = RecordingPrinter()
    rendered: list[str] = []

    def render(pick_list: PickList) -> bytes:
        rendered.append(pick_list.wave_no)
        return b"%PDF-fake"

    pstation.context.printer, pstation.context.render_pick_list = printer, render
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waves(pilot, pstation)
        await pilot.press("f6")
        await wait_until(pilot, pstation, _said(app, "pick.waves.printed"))
        assert f"Pick list of wave {WAVE} sent to memory:1:{WAVE}.pdf" in screen_text(pilot)
    assert rendered == [WAVE]
    assert [(d.name, d.data) for d in printer.documents] == [(f"{WAVE}.pdf", b"%PDF-fake")]


async def test_a_printer_error_is_said_plainly(pstation: PickStation) -> None:
    pstation.context.printer = RecordingPrinter(fail_with=PrinterError("paper jam"))
    pstation.context.render_pick_list = lambda _pick_list: b"%PDF-fake"
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waves(pilot, pstation)
        await pilot.press("f6")
        await wait_until(pilot, pstation, _said(app, "pick.waves.print_failed"))
        assert "did not print: paper jam" in screen_text(pilot)


async def test_without_a_printer_the_pick_list_is_shown_as_text(pstation: PickStation) -> None:
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_waves(pilot, pstation)
        await pilot.press("f6")
        await pilot.pause()
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.waves.no_printer"
        shown = screen_text(pilot)
        assert "No printer is set up" in shown and "A-01" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.query_one("#waves-text").display and app.screen is screen


async def test_short_picks_and_who_holds_a_wave(pstation: PickStation) -> None:
    a_short(pstation)
    with pstation.db.uow() as uow:
        uow.waves.set_lease(WAVE, "S2", "OP-PCK-1", pstation.clock.now())
        uow.commit()
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_waves(pilot, pstation)
        table = screen.query_one(WavesShorts)
        assert table.row_count == 1  # one short stop, stored per order line
        row = [cell.plain for cell in table.get_row_at(0)]
        assert row == [WAVE, "A-01", "TEE", "2", "M1, M2", "李拣货", "11-23 06:00"]
        assert "Short picks: 1" in screen_text(pilot)
        holder = screen.query_one(WavesTable).get_row(WAVE)[-1]
        assert holder.plain == "S2 李拣货"


async def test_a_language_switch_rerenders_the_reasons(pstation: PickStation) -> None:
    more_orders(pstation)
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_waves(pilot, pstation)
        await pilot.press("f5")
        await wait_until(pilot, pstation, _said(app, "pick.waves.built"))
        await pilot.press("f2")
        await pilot.pause()
        shown = screen_text(pilot)
        assert "波次管理" in shown and "BIG" in shown and "short by" not in shown


# --- screenshots ---------------------------------------------------------------------
def _built(station: PickStation) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, StationApp)
        await open_waves(pilot, station)
        await pilot.press("f5")
        await wait_until(pilot, station, _said(app, "pick.waves.built"))
        steady(pilot)

    return run_before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_waves_screen_after_a_build(
    pstation: PickStation, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    more_orders(pstation)
    a_short(pstation)
    pstation.context.language = language
    assert snap_compare(pstation.app(), terminal_size=size, run_before=_built(pstation))


async def test_the_form_fits_80_columns_and_the_grouping_follows_the_language(
    pstation: PickStation,
) -> None:
    """At 80 columns the grouping choice was cut off; after F2 it stayed in the language
    the screen opened in."""
    pstation.context.language = "zh_CN"
    app = pstation.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_waves(pilot, pstation)
        group = screen.query_one("#waves-group")
        assert group.region.right <= 80
        assert "不分组" in screen_text(pilot)
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(pilot)
        assert "no grouping" in text and "不分组" not in text
