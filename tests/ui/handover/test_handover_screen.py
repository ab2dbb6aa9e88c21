"""The dock's handover screen through App.run_test: choose the courier, scan, intercepted,
close after saying what it does, and the screenshots of each in both languages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.handover.harness import CANCELLED, SF, YT, open_handover
from tests.ui.harness import Station, scan, screen_text, settle, steady
from wms_tui.core.model import Operator, OrderStatus, Role
from wms_tui.core.ports import SoundClass

SnapCompare = Callable[..., bool]


pytestmark = pytest.mark.usefixtures("shanghai_time")


async def _choose_sf(pilot: Pilot[None], dock: Station) -> None:
    await pilot.press("f5")
    await pilot.pause()
    await pilot.press("enter")  # SF, YTO: by code, the first
    await settle(pilot, dock)


async def _scan(pilot: Pilot[None], dock: Station, *codes: str) -> None:
    for code in codes:
        pilot.app.post_message(scan(code))
        await settle(pilot, dock)


async def _close(pilot: Pilot[None], dock: Station) -> None:
    await pilot.press("f11")
    await pilot.pause()
    field = pilot.app.screen.query_one("#handover-collector")
    field.value = "张师傅"  # type: ignore[attr-defined]
    await field.action_submit()  # type: ignore[attr-defined]
    await pilot.pause()


async def test_a_dock_worker_hands_a_couriers_parcels_over(dock: Station) -> None:
    dock.context.language = "en"
    app = dock.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_handover(pilot, dock)
        assert "No manifest open" in screen_text(pilot)
        await _choose_sf(pilot, dock)
        assert screen.view.manifest is not None and screen.view.manifest.courier == "SF"
        await _scan(pilot, dock, SF[0], SF[1])
        assert screen.view.count == 2 and "2 parcels" in screen_text(pilot), app.last_outcome
        await _scan(pilot, dock, YT)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E954"
        await _close(pilot, dock)
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "handover.ui.confirm_close"
        assert "2 parcels handed to SF Express (张师傅)" in " ".join(screen_text(pilot).split())
        with dock.db.uow() as uow:  # nothing closed on the first press
            order = uow.orders.get("D1")
            assert order is not None and order.status is OrderStatus.VERIFIED
        await pilot.press("f11")
        await settle(pilot, dock)
        with dock.db.uow() as uow:
            order = uow.orders.get("D1")
            assert order is not None and order.status is OrderStatus.HANDED_OVER
            assert uow.ledger.level("TEE", "DOCK-01") == 8  # two units left the dock
        assert screen.view.manifest is None
        assert "handover_closed" in dock.db.audit_actions()


async def test_a_couriers_badge_names_who_collects_and_f11_closes(dock: Station) -> None:
    with dock.db.uow() as uow:
        uow.operators.add(Operator("CR-SF-07", "张师傅", frozenset({Role.COURIER})))
        uow.commit()
    dock.context.language = "en"
    app = dock.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_handover(pilot, dock)
        await _choose_sf(pilot, dock)
        await _scan(pilot, dock, SF[0], "CR-SF-07")
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "handover.ui.confirm_close"  # asks once more
        assert "handed to SF Express (张师傅 (CR-SF-07))" in " ".join(screen_text(pilot).split())
        await pilot.press("f11")
        await settle(pilot, dock)
    (manifest,) = dock.db.handover_store.manifests.values()
    assert (manifest.collected_by, manifest.parcels) == ("张师傅 (CR-SF-07)", 1)


async def test_a_cancelled_parcel_is_intercepted_in_red(dock: Station) -> None:
    app = dock.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_handover(pilot, dock)
        await _choose_sf(pilot, dock)
        await _scan(pilot, dock, CANCELLED)
        outcome = app.last_outcome
        assert outcome is not None and outcome.error_code == "E956"
        # A sound of its own: six rings of the bell, where an error rings three.
        assert outcome.sound is SoundClass.ALARM and dock.feedback.sounds[-1] is SoundClass.ALARM
        assert "拦截" in screen_text(pilot) and "退货架" in screen_text(pilot)
        assert "handover_intercepted" in dock.db.audit_actions()


async def test_another_key_between_the_two_f11_presses_asks_again(dock: Station) -> None:
    app = dock.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_handover(pilot, dock)
        await _choose_sf(pilot, dock)
        await _scan(pilot, dock, SF[0])
        await _close(pilot, dock)
        await _scan(pilot, dock, SF[1])  # a scan in between: go on scanning
        await pilot.press("f11")
        await pilot.pause()
        with dock.db.uow() as uow:
            order = uow.orders.get("D1")
            assert order is not None and order.status is OrderStatus.VERIFIED


def _after(dock: Station, case: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_handover(pilot, dock)
        await _choose_sf(pilot, dock)
        if case in ("counted", "intercepted", "closing"):
            await _scan(pilot, dock, SF[0])
        if case == "intercepted":
            await _scan(pilot, dock, CANCELLED)
        if case == "closing":
            await _close(pilot, dock)
        await settle(pilot, dock)
        steady(pilot)

    return run_before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("case", ["opened", "counted", "intercepted", "closing"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_handover_screen(
    dock: Station, snap_compare: SnapCompare, language: str, case: str, size: tuple[int, int]
) -> None:
    dock.context.language = language
    assert snap_compare(dock.app(), terminal_size=size, run_before=_after(dock, case))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
async def test_every_key_of_the_bar_shows_at_80_columns(dock: Station, language: str) -> None:
    """ "close / print" pushed Esc onto a second row that was never drawn at 80×24."""
    dock.context.language = language
    app = dock.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_handover(pilot, dock)
        text = " ".join(screen_text(pilot).split())
        for key in ("F5", "F7", "F9", "F11", "Esc"):
            assert f"{key} " in text, (key, text)
