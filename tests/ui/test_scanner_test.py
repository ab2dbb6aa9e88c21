"""The scanner test screen: source, raw data with separators visible, symbology, meaning."""

from __future__ import annotations

from tests.ui.conftest import (
    EAN,
    SIZE,
    Station,
    SteppingClock,
    post_keys,
    scan,
    screen_text,
    settle,
)
from wms_tui.ui.screens.scanner_test import ScannerTestScreen
from wms_tui.ui.text import visible

GS1 = "0106901234567892" + "10LOT7\x1d" + "21SN0042"


def test_visible_names_separators_and_controls() -> None:
    assert visible("01\x1d21A\r\n\t\x07") == "01<GS>21A<CR><LF><TAB><0x07>"
    assert visible("[red]x[/]") == "[red]x[/]"


async def test_each_scan_shows_source_raw_symbology_and_meaning(station: Station) -> None:
    station.context.language = "en"
    app = station.app(start="scanner_test", monotonic=SteppingClock(0.0001))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ScannerTestScreen)
        assert station.pipeline.context == "scanner_test"
        app.post_message(scan(GS1, source="serial-1", symbology="]C1"))
        app.post_message(scan("6901234567891", source="serial-1", symbology="]E0"))
        post_keys(app, EAN)
        await settle(pilot, station)
        text = screen_text(pilot)
    lines = text.splitlines()
    first = next(line for line in lines if "serial-1  01069" in line)
    assert "10LOT7<GS>21SN0042" in first and "]C1" in first and "Oolong tea" in first
    bad = next(line for line in lines if "6901234567891" in line and "serial-1" in line)
    assert "Wrong check digit" in bad
    typed = next(line for line in lines if line.strip().startswith("keyboard"))
    assert EAN in typed and "Product: Oolong tea 250g" in typed
    # Nothing but the journal was written: no stock, no audit.
    assert station.db.store.moves == {} and station.db.store.audit[-1].action == "operator_add"
