"""The inspection screen's keys work whatever the command-barcode prefix: before, F11 sent
the literal text CMD:DONE through the barcode resolver and a station configured with
`scanning.command_prefix = "#"` (or "") refused its own key as an unknown code (E204)."""

from __future__ import annotations

import pytest

from tests.ui.harness import scan, screen_text, settle
from tests.ui.inspection.harness import TEE, WAYBILL, InspectStation, open_inspect
from wms_tui.core.errors import UnknownCode
from wms_tui.core.inspection.records import NotComplete
from wms_tui.core.scans import ResolverConfig
from wms_tui.i18n import current_language, set_language


@pytest.mark.parametrize("prefix", ["#", ""])
async def test_f11_is_done_whatever_the_prefix(istation: InspectStation, prefix: str) -> None:
    istation.context.resolver_config = ResolverConfig(command_prefix=prefix)
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_inspect(pilot, istation)
        app.post_message(scan(WAYBILL))
        app.post_message(scan(TEE))
        await settle(pilot, istation)
        await pilot.press("f11")
        await settle(pilot, istation)
        done = app.last_outcome
        assert done is not None and done.error_code != UnknownCode.code
        assert done.error_code == NotComplete.code  # DONE reached the desk: lines missing


async def test_a_key_never_shows_its_internal_command_text(istation: InspectStation) -> None:
    """The banner's "scanned" line showed CMD:DONE (and CMD:UNDO:DOUBLE_SCAN, QTY:2 ...) for
    keys: a person pressed F11, they scanned nothing."""
    istation.context.language = "en"
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_inspect(pilot, istation)
        app.post_message(scan(WAYBILL))
        await settle(pilot, istation)
        await pilot.press("f11")
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.error_code == NotComplete.code
        text = screen_text(pilot)
        assert "CMD:" not in text and "Scanned" not in text.split("Not all", 1)[-1][:200]


async def test_f12_without_a_scale_or_a_refused_waybill_says_there_is_nothing_to_allow(
    istation: InspectStation,
) -> None:
    """F12 offered a weight override at a station with no scale: a supervisor was called
    over and typed a PIN for nothing."""
    istation.context.language = "en"
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_inspect(pilot, istation)
        app.post_message(scan(WAYBILL))
        await settle(pilot, istation)
        await pilot.press("f12")
        await settle(pilot, istation)
        assert app.screen is screen  # no supervisor dialog
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "inspect.supervisor.nothing"


async def test_the_key_bar_never_parts_a_key_from_its_label(istation: InspectStation) -> None:
    """At 80×24 in English the terminal wrapped the key bar at any space: "F12" ended one
    line and its label was cut off."""
    app = istation.app()
    before = current_language()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_inspect(pilot, istation)
        # With no order open, the bar shows only what applies: the label key fits at 80x24.
        idle = " ".join(screen_text(pilot).split())
        assert "^P" in idle and "F12" in idle and "F5" not in idle, idle
        app.post_message(scan(WAYBILL))
        await settle(pilot, istation)
        try:
            for language in ("en", "zh_CN"):
                set_language(language)
                screen.retranslate()
                await pilot.pause()
                lines = screen_text(pilot).splitlines()
                bar = [line for line in lines if "F5" in line and "F7" in line]
                assert bar, language
                keys = " ".join([*bar, lines[lines.index(bar[0]) + 1]])
                assert ("F12  supervisor" if language == "en" else "F12  主管") in keys, keys
        finally:
            set_language(before)


async def test_esc_with_units_counted_asks_once_more(istation: InspectStation) -> None:
    """Esc abandoned an order with units already counted at once. The first Esc now says
    what it will do; anything else in between (a scan) asks again; the second Esc does it."""
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_inspect(pilot, istation)
        app.post_message(scan(WAYBILL))
        app.post_message(scan(TEE))
        await settle(pilot, istation)
        await pilot.press("escape")
        await settle(pilot, istation)
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "inspect.ui.confirm_cancel"
        assert screen.state.session is not None  # nothing abandoned yet
        app.post_message(scan(TEE))  # went on scanning: the next Esc asks again
        await settle(pilot, istation)
        await pilot.press("escape")
        await settle(pilot, istation)
        assert app.last_outcome.msgid == "inspect.ui.confirm_cancel"
        assert screen.state.session is not None
        await pilot.press("escape")
        await settle(pilot, istation)
        assert screen.state.session is None  # the second Esc abandoned it
