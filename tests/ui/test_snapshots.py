"""Screenshots of the station screens in both languages at 80x24 and 120x36.

Regenerate after a deliberate change with `pytest tests/ui --snapshot-update` and look at
the SVGs before keeping them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.harness import (
    EAN,
    INSPECTOR,
    LOCATION,
    PIN,
    SUPERVISOR,
    Station,
    scan,
    steady,
    wait_until,
)
from wms_tui.ui.base import StationScreen
from wms_tui.ui.station.home import HomeScreen
from wms_tui.ui.station.lookup import LookupScreen
from wms_tui.ui.station.scanner_test import ScannerTestScreen

SnapCompare = Callable[..., bool]


def _at_login() -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        steady(pilot)

    return run_before


def _at_home(station: Station, badge: str = INSPECTOR) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.post_message(scan(badge))
        if badge == SUPERVISOR:
            pin = pilot.app.screen.query_one("#pin-entry", Input)
            await wait_until(pilot, station, lambda: bool(pin.display))
            pin.value = PIN
            await pin.action_submit()
        await wait_until(pilot, station, lambda: isinstance(pilot.app.screen, HomeScreen))
        steady(pilot)

    return run_before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_login_screen(
    station: Station, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    station.context.language = language
    app = station.app()
    assert snap_compare(app, terminal_size=size, run_before=_at_login())


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_home_screen(
    station: Station, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    station.context.language = language
    app = station.app()
    assert snap_compare(app, terminal_size=size, run_before=_at_home(station))


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_supervisors_home_shows_every_workflow(
    station: Station, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    """A supervisor has the most workflows: at 80x24 the last ones (scanner test, lookup) were
    cut off below the scan field."""
    station.context.language = language
    app = station.app()
    assert snap_compare(app, terminal_size=size, run_before=_at_home(station, SUPERVISOR))


def _then(
    station: Station, screen: Callable[[], StationScreen], *scans: str
) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Logged in as the inspector, `screen` opened, then `scans` applied."""
    at_home = _at_home(station)

    async def run_before(pilot: Pilot[None]) -> None:
        await at_home(pilot)
        await pilot.app.push_screen(screen())
        for text in scans:
            pilot.app.post_message(scan(text))
        await wait_until(pilot, station, lambda: len(station.db.store.journal) >= 1 + len(scans))
        await pilot.pause()
        steady(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_lookup_screen(
    station: Station, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    station.context.language = language
    run_before = _then(station, LookupScreen, EAN, LOCATION)
    assert snap_compare(station.app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_scanner_test_screen(
    station: Station, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    station.context.language = language
    run_before = _then(station, ScannerTestScreen, "]C101069012345678981721123110ABC\x1d21S1")
    assert snap_compare(station.app(), terminal_size=size, run_before=run_before)
