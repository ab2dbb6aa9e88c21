"""F12 at the pick screen: a supervisor (badge + PIN) takes over a wave another station holds;
and a printer that hangs never holds up the scans behind it."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from devices.fake import HangingPrinter
from tests.ui.harness import PIN, SUPERVISOR, scan, screen_text, settle, wait_until
from tests.ui.picking.harness import TEE, WAVE, PickStation, open_pick, open_waves
from wms_tui.core.model import Operator, Role
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.picking.screen import PickScreen

SIZE = (110, 34)


def _held_at_s2(station: PickStation) -> None:
    with station.db.uow() as uow:
        uow.operators.add(Operator("OP-PCK-2", "赵拣货", frozenset({Role.PICKER})))
        uow.waves.set_lease(WAVE, "S2", "OP-PCK-2", station.clock.now())
        uow.commit()


async def _enter(pilot: Pilot[None], dialog: SupervisorDialog, field: str, value: str) -> None:
    entry = dialog.query_one(f"#supervisor-{field}", Input)
    entry.value = value
    await entry.action_submit()
    await pilot.pause()


async def test_supervisor_takes_over_a_wave_held_at_another_station(
    pstation: PickStation,
) -> None:
    pstation.context.language = "en"
    _held_at_s2(pstation)
    app = pstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_pick(pilot, pstation)
        await pilot.press("f12")  # nothing refused yet: says what F12 is for
        await pilot.pause()
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "pick.takeover.scan_first"
        pilot.app.post_message(scan(WAVE))
        await settle(pilot, pstation)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E710"
        shown = screen_text(pilot).replace("\n", " ")
        assert "station S2 by 赵拣货 (OP-PCK-2)" in shown
        assert screen.refused_wave == WAVE

        await pilot.press("f12")
        await wait_until(pilot, pstation, lambda: isinstance(app.screen, SupervisorDialog))
        dialog = app.screen
        assert isinstance(dialog, SupervisorDialog)
        assert f"Take over wave {WAVE}" in screen_text(pilot)
        await _enter(pilot, dialog, "badge", SUPERVISOR)
        await _enter(pilot, dialog, "pin", PIN)
        await wait_until(pilot, pstation, lambda: screen.display_data.wave_no == WAVE)
        assert app.screen is screen
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.takeover.done"
        assert "taken over from station S2 (赵拣货) by 王主管" in screen_text(pilot).replace(
            "\n", " "
        )
        pilot.app.post_message(scan("A-01"))  # and the picker here goes on
        await settle(pilot, pstation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "pick.location.ok"
    wave = pstation.db.picking.waves[WAVE]
    assert (wave.lease_station, wave.lease_operator) == ("S1", "OP-PCK-1")
    assert [e.action for e in pstation.db.store.audit].count("wave.takeover") == 1


async def test_a_hanging_printer_never_blocks_a_scan(pstation: PickStation) -> None:
    printer = HangingPrinter()
    pstation.context.printer = printer
    pstation.context.render_pick_list = lambda pick_list: b"%PDF-" + pick_list.wave_no.encode()
    pstation.context.language = "en"
    app = pstation.app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_waves(pilot, pstation)
            await pilot.press("f6")
            await wait_until(pilot, pstation, printer.started.is_set)
            # The supervisor picks the wave meanwhile: every scan is applied and shown.
            screen = PickScreen()
            await app.push_screen(screen)
            await pilot.pause()
            for text in (WAVE, "A-01", TEE):
                pilot.app.post_message(scan(text))
            await settle(pilot, pstation)
            assert not printer.release.is_set() and printer.documents == []
            assert app.last_outcome is not None
            assert app.last_outcome.msgid == "pick.item.to_slot"
            assert screen.display_data.in_hand == 1
            printer.release.set()
            await wait_until(
                pilot,
                pstation,
                lambda: (
                    app.last_outcome is not None and app.last_outcome.msgid == "pick.waves.printed"
                ),
            )
        assert [(d.name, d.data) for d in printer.documents] == [
            (f"{WAVE}.pdf", f"%PDF-{WAVE}".encode())
        ]
    finally:
        printer.release.set()
