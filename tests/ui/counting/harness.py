"""A station over the fakes for counting: the count tests' operators Ann (S1) and Bob (S2)
count, Sue (SV) approves; helpers to log in, post scans and read table cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.pilot import Pilot

from tests.ui.harness import Station as BaseStation
from tests.ui.harness import scan, settle, wait_until
from wms_tui.ui.app import StationApp
from wms_tui.ui.base import StationScreen
from wms_tui.ui.counting.lines import CountLines
from wms_tui.ui.counting.variance import VarianceTable
from wms_tui.ui.station.home import HomeScreen
from wms_tui.ui.station.login import LoginScreen

TEE = "6901234567892"  # SKU-1
SOCKS_PACK = "16901234567899"  # a pack of 6 SKU-2
UNKNOWN = "4006381333931"
SIZE = (110, 34)


@dataclass
class CountStation(BaseStation):
    """The station the count screens run on."""


async def log_in(
    pilot: Pilot[None], station: CountStation, badge: str, screen: StationScreen
) -> None:
    """Log in by badge scan (logging out whoever is in) and bring up `screen`."""
    app = pilot.app
    assert isinstance(app, StationApp)
    if app.operator is not None:
        await app.action_logout()
        await wait_until(pilot, station, lambda: isinstance(app.screen, LoginScreen))
    app.post_message(scan(badge))
    await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
    await app.push_screen(screen)
    await pilot.pause()


def cells(table: CountLines | VarianceTable) -> list[list[str]]:
    """A table's rows as the plain text of their cells."""
    return [
        [str(cell) if isinstance(cell, Text) else cell for cell in table.get_row_at(n)]
        for n in range(table.row_count)
    ]


async def post_scans(pilot: Pilot[None], station: CountStation, *texts: str) -> None:
    """Post each text as a serial scan, then let them all reach the screen."""
    for text in texts:
        pilot.app.post_message(scan(text))
    await settle(pilot, station)
