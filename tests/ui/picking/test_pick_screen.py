"""The pick screen driven like a station: scans posted as the reader thread posts them."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.harness import scan, screen_text, settle, wait_until
from tests.ui.picking.harness import CAP, TEE, WAVE, PickStation, open_pick
from wms_tui.core.model import OrderStatus
from wms_tui.core.picking.records import WaveStatus
from wms_tui.ui.picking.paper_table import PickPaperTable
from wms_tui.ui.picking.screen import PickScreen
from wms_tui.ui.station.home import HomeScreen


async def _scan_all(pilot: Pilot[None], station: PickStation, *texts: str) -> None:
    for text in texts:
        pilot.app.post_message(scan(text))
    await settle(pilot, station)


async def test_guided_pick_of_a_multi_item_wave(pstation: PickStation) -> None:
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_pick(pilot, pstation)
        await _scan_all(pilot, pstation, WAVE)
        shown = screen_text(pilot)
        assert "A-01" in shown and "Stops 0/2" in shown and "Go to A-01" in shown
        await _scan_all(pilot, pstation, "A-01", TEE)
        assert screen.display_data.slot == "SLOT-01" and screen.display_data.in_hand == 1
        assert "in hand: 1" in screen_text(pilot)
        await _scan_all(pilot, pstation, TEE, "SLOT-01", TEE, "SLOT-02")
        assert screen.display_data.current is not None
        assert screen.display_data.current.location == "B-01"
        assert "Stops 1/2" in screen_text(pilot)
        await _scan_all(pilot, pstation, "B-01", CAP, "SLOT-01", CAP, "SLOT-02")
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.wave.done"
        assert screen.display_data.wave_no == ""
    assert pstation.db.store.levels[("TEE", "PACK-1")] == 3
    assert pstation.db.store.orders["M1"].status is OrderStatus.PICKED
    assert pstation.db.picking.waves[WAVE].status is WaveStatus.PICKED


async def test_wrong_location_is_an_error_banner_and_moves_nothing(
    pstation: PickStation,
) -> None:
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_pick(pilot, pstation)
        await _scan_all(pilot, pstation, WAVE, "B-01")
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "pick.error.wrong_location"
        shown = screen_text(pilot)
        assert "Wrong location" in shown and "B-01" in shown
    assert ("TEE", "PACK-1") not in pstation.db.store.levels


async def test_short_pick_with_keyed_quantity(pstation: PickStation) -> None:
    app = pstation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_pick(pilot, pstation)
        await _scan_all(pilot, pstation, WAVE, "A-01")
        await pilot.press("f5")
        await settle(pilot, pstation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.short.ask"
        assert screen.has_class("-short") or screen.query_one("#pick-stop").has_class("-short")
        await pilot.press("f6")
        field = screen.query_one("#pick-qty", Input)
        assert field.has_focus
        field.value = "2"
        await field.action_submit()
        await wait_until(
            pilot,
            pstation,
            lambda: app.last_outcome is not None and app.last_outcome.msgid != "pick.short.ask",
        )
        recorded = app.last_outcome
        assert recorded is not None and recorded.msgid == "pick.short.recorded"
    (short,) = pstation.db.picking.shorts
    assert (short.order_no, short.sku_code, short.qty) == ("M2", "TEE", 1)
    assert pstation.db.store.orders["M2"].status is OrderStatus.ON_HOLD


async def test_paper_confirmation_with_one_short_stop(pstation: PickStation) -> None:
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_pick(pilot, pstation)
        await pilot.press("f8")
        await _scan_all(pilot, pstation, WAVE)
        assert screen.paper_wave == WAVE
        table = screen.query_one(PickPaperTable)
        assert table.row_count == 2
        await pilot.press("down")  # B-01 CAP: only one of two found
        assert table.cursor_row == 1
        await pilot.press("f6")
        field = screen.query_one("#pick-qty", Input)
        field.value = "1"
        await field.action_submit()
        await pilot.pause()
        assert screen.found == {("B-01", "CAP"): 1}
        await pilot.press("f9")
        await wait_until(
            pilot,
            pstation,
            lambda: app.last_outcome is not None and app.last_outcome.msgid == "pick.paper.done",
        )
        done = app.last_outcome
        assert done is not None and done.params == {"wave": WAVE, "picked": 4, "short": 1}
        assert screen.paper_wave == "" and table.row_count == 0
        assert isinstance(app.screen, PickScreen)
    assert pstation.db.store.orders["M1"].status is OrderStatus.PICKED
    assert pstation.db.store.orders["M2"].status is OrderStatus.ON_HOLD
    assert pstation.db.picking.waves[WAVE].status is WaveStatus.PICKED


async def test_no_wave_open_shows_no_route_and_every_key_at_80_columns(
    pstation: PickStation,
) -> None:
    """It said "Next stops (last stop)" with nothing open, and the key row lost its last
    keys (Esc's "back", F12) to the 80-column edge."""
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_pick(pilot, pstation)
        text = screen_text(pilot)
    assert "last stop" not in text and "Next stops" not in text
    assert "Esc  clear / back" in text and "F12  take over" in text


async def test_esc_clears_a_keyed_quantity_then_goes_back_and_the_wave_waits(
    pstation: PickStation,
) -> None:
    """The bar said "Esc clear / back", but with a wave open Esc never went back."""
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_pick(pilot, pstation)
        await _scan_all(pilot, pstation, WAVE, "A-01")
        await pilot.press("f6")
        qty = screen.query_one("#pick-qty", Input)
        qty.value = "2"
        await qty.action_submit()
        await settle(pilot, pstation)
        assert screen.display_data.pending_qty == 2
        await pilot.press("escape")  # first: clear what was keyed
        await settle(pilot, pstation)
        assert screen.display_data.pending_qty == 0 and app.screen is screen
        await pilot.press("escape")  # then: back home, the wave left open here
        await wait_until(pilot, pstation, lambda: isinstance(app.screen, HomeScreen))
        again = PickScreen()
        await app.push_screen(again)
        await wait_until(pilot, pstation, lambda: again.display_data.wave_no == WAVE)
        assert again.display_data.current is not None


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_the_found_quantity_field_shows_on_the_paper_list(
    pstation: PickStation, size: tuple[int, int]
) -> None:
    """F6 on the paper confirmation opened a field inside the hidden guided panel: typed
    into unseen."""
    pstation.context.language = "en"
    app = pstation.app()
    async with app.run_test(size=size) as pilot:
        screen = await open_pick(pilot, pstation)
        await pilot.press("f8")
        await _scan_all(pilot, pstation, WAVE)
        await pilot.press("f6")
        await pilot.pause()
        field = screen.query_one("#pick-qty", Input)
        assert field.has_focus
        assert field.region.height >= 1 and field.region.width >= 6
        assert field.region.bottom <= size[1]
        assert "Found at the selected stop" in screen_text(pilot)
