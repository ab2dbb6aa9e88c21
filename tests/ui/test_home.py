"""The home screen opens the workflows an operator's roles allow, by function key."""

from __future__ import annotations

from tests.ui.harness import SIZE, SUPERVISOR, Station, scan, screen_text, wait_until
from wms_tui.ui.station.home import HomeScreen


async def test_a_supervisor_sees_every_floor_workflow(station: Station) -> None:
    station.context.language = "zh_CN"
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(SUPERVISOR))
        await pilot.pause()
        await pilot.press(*"123456", "enter")
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        text = screen_text(pilot)
        assert "F5  验货" in text and "F6  拣货" in text and "扫描枪测试" in text
