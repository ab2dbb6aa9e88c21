"""The scanner test screen: source, raw data with separators visible, symbology, meaning."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from devices.framing import RawScan
from tests.ui.harness import (
    EAN,
    SIZE,
    Station,
    SteppingClock,
    post_keys,
    scan,
    screen_text,
    settle,
)
from wms_tui.core.scans import Scan
from wms_tui.ui.common.text import escaped_bytes, visible
from wms_tui.ui.messages import ScanArrived
from wms_tui.ui.station.scanner_test import ScannerTestScreen

GS1 = "0106901234567892" + "10LOT7\x1d" + "21SN0042"


def test_visible_names_separators_and_controls() -> None:
    assert visible("01\x1d21A\r\n\t\x07") == "01<GS>21A<CR><LF><TAB><U+0007>"
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
    assert "misread" in bad
    typed = next(line for line in lines if line.strip().startswith("keyboard"))
    assert EAN in typed and "Product: Oolong tea 250g" in typed
    # Nothing but the journal was written: no stock, no audit.
    assert station.db.store.moves == {} and station.db.store.audit[-1].action == "operator_add"


def test_escaped_bytes_shows_what_the_scanner_sent() -> None:
    assert escaped_bytes(b"01\x1d21A\r\n\t") == "01<GS>21A<CR><LF><TAB>"
    assert escaped_bytes(b"A\x00B\x7f\\") == "A\\x00B\\x7f\\\\"
    # GB18030 for 蓝 and a byte that is no encoding at all: shown byte by byte, not decoded.
    assert escaped_bytes("蓝".encode("gb18030") + b"\xff") == "\\xc0\\xb6\\xff"


async def test_the_raw_column_shows_the_bytes_not_the_decoded_text(station: Station) -> None:
    station.context.language = "en"
    app = station.app(start="scanner_test")
    sent = "蓝".encode("gb18030") + b"-01\x1d\x00"
    decoded = RawScan("serial-1", sent, "", 0.0, 0.0).text()  # what the journal gets
    assert decoded == "蓝-01\x1d\x00"
    arrived = Scan(
        scan_id=str(uuid.uuid4()),
        source="serial-1",
        text=decoded,
        received_at=datetime(2026, 11, 23, 6, 0, tzinfo=UTC),
        raw=sent,
    )
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(ScanArrived(arrived))
        await settle(pilot, station)
        text = screen_text(pilot)
    row = next(line for line in text.splitlines() if line.strip().startswith("serial-1"))
    assert "\\xc0\\xb6-01<GS>\\x00" in row
    assert "蓝" not in row
