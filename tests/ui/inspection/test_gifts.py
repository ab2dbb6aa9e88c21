"""F1 at the inspection screen adds a gift line; an unlisted gift waits for F12 (a
supervisor's badge and PIN)."""

from __future__ import annotations

from dataclasses import replace

from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.harness import INSPECTOR, PIN, SUPERVISOR, scan, screen_text, settle, wait_until
from tests.ui.inspection.harness import RULES, SOCKS, WAYBILL, InspectStation
from wms_tui.core.inspection.state import StationRules
from wms_tui.core.model import MoveReason, StockMove
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.inspection.screen import InspectScreen
from wms_tui.ui.station.home import HomeScreen


async def _open(pilot: Pilot[None], station: InspectStation, rules: StationRules) -> InspectScreen:
    with station.db.uow() as uow:
        uow.ledger.post(StockMove("g1", "SOCKS", 5, "@supplier", "SPARE-1", MoveReason.RECEIPT))
        uow.commit()
    pilot.app.post_message(scan(INSPECTOR))
    await wait_until(pilot, station, lambda: isinstance(pilot.app.screen, HomeScreen))
    screen = station.screen(rules)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    pilot.app.post_message(scan(WAYBILL))
    await settle(pilot, station)
    return screen


async def test_f10_then_a_listed_gift_adds_a_gift_line(istation: InspectStation) -> None:
    istation.context.language = "en"
    app = istation.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, istation, replace(RULES, gift_skus=frozenset({"SOCKS"})))
        assert "F1 gift" in " ".join(screen_text(pilot).split())
        await pilot.press("f1")
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.gift.armed"
        pilot.app.post_message(scan(SOCKS))
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.gift.added"
        (gift,) = [lp for lp in screen.state.progress.lines if lp.line.sku_code == "SOCKS"]
        assert (gift.line.is_gift, gift.counted) == (True, 1)
        assert "Socks" in screen_text(pilot)


async def test_an_unlisted_gift_is_allowed_by_a_supervisor_with_f12(
    istation: InspectStation,
) -> None:
    istation.context.language = "en"
    app = istation.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, istation, RULES)
        await pilot.press("f1")
        await settle(pilot, istation)
        pilot.app.post_message(scan(SOCKS))
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E835"
        assert "supervisor may allow it (F12)" in screen_text(pilot).replace("\n", " ")

        await pilot.press("f12")
        await wait_until(pilot, istation, lambda: isinstance(app.screen, SupervisorDialog))
        dialog = app.screen
        assert isinstance(dialog, SupervisorDialog)
        assert "allow Socks as a gift" in screen_text(pilot)
        for field, value in (("badge", SUPERVISOR), ("pin", PIN)):
            entry = dialog.query_one(f"#supervisor-{field}", Input)
            entry.value = value
            await entry.action_submit()
            await pilot.pause()
        await wait_until(
            pilot,
            istation,
            lambda: any(lp.line.sku_code == "SOCKS" for lp in screen.state.progress.lines),
        )
        assert app.screen is screen
        assert istation.pipeline.context == "inspect"
        audit = [(a.action, a.detail) for a in istation.db.store.audit]
        assert ("inspection_gift", f"T1/3 SOCKS x1 from SPARE-1: {SUPERVISOR}") in audit
