"""From the home screen, F5 opens inspection for an inspector (registered workflow)."""

from __future__ import annotations

from tests.ui.harness import INSPECTOR, SIZE, scan, screen_text, wait_until
from tests.ui.inspection.harness import InspectStation
from wms_tui.ui.inspection.screen import InspectScreen
from wms_tui.ui.station.home import HomeScreen
from wms_tui.ui.station.lookup import LookupScreen


async def test_an_inspector_opens_inspection_with_f5_and_lookup_with_f6(
    istation: InspectStation,
) -> None:
    istation.context.language = "en"
    app = istation.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, istation, lambda: isinstance(app.screen, HomeScreen))
        text = screen_text(pilot)
        assert "F5  Inspection" in text and "F6  Lookup" in text
        assert "Scanner test" not in text  # a supervisor's tool
        await pilot.press("f5")
        await wait_until(
            pilot,
            istation,
            lambda: (
                isinstance(app.screen, InspectScreen)
                and istation.context.pipeline.context == "inspect"
            ),
        )
        await pilot.press("escape")
        await wait_until(pilot, istation, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("f6")
        await wait_until(pilot, istation, lambda: isinstance(app.screen, LookupScreen))
