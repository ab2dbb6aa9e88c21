"""The keyboard-wedge path: bursts become scans in order, people's typing stays typing."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from tests.ui.conftest import (
    INSPECTOR,
    LOCATION,
    SIZE,
    Station,
    SteppingClock,
    key,
    post_keys,
    scan,
    wait_until,
)
from wms_tui.ui.app import StationApp
from wms_tui.ui.screens.home import HomeScreen


def journal(station: Station) -> list[tuple[str, str]]:
    entries = sorted(station.db.store.journal.values(), key=lambda e: e.seq)
    return [(e.source, e.data) for e in entries]


def finished(station: Station) -> int:
    return sum(e.status != "pending" for e in station.db.store.journal.values())


async def test_200_scans_back_to_back_are_all_applied_in_order(station: Station) -> None:
    # Scanner-speed key times from a stepping clock: a loaded test machine that pauses the
    # test between two posts must not turn a burst into typing.
    app = station.app(monotonic=SteppingClock(0.0001))
    codes = [f"X{i:05d}-{'AB'[i % 2]}" for i in range(200)]
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        for code in codes:
            post_keys(app, code)
        await wait_until(pilot, station, lambda: finished(station) == 201)
        assert app.screen.query_one("#home-entry", Input).value == ""
    assert journal(station)[1:] == [("keyboard", code) for code in codes]
    assert {e.context for e in station.db.store.journal.values() if e.source == "keyboard"} == {
        "home"
    }


async def test_keys_at_human_speed_are_typing_not_a_scan(station: Station) -> None:
    app: StationApp = station.app(monotonic=SteppingClock(0.2))
    async with app.run_test(size=SIZE) as pilot:
        for char in LOCATION:
            app.post_message(key(char))
        await pilot.pause()
        await wait_until(
            pilot, station, lambda: app.screen.query_one("#badge-entry", Input).value == LOCATION
        )
        assert journal(station) == []
        # Enter at human speed submits the field: a manual entry, never a scanner burst.
        app.post_message(key("\r"))
        await wait_until(pilot, station, lambda: finished(station) == 1)
    assert journal(station) == [("manual", LOCATION)]


async def test_backspace_mid_burst_keeps_the_typed_order(station: Station) -> None:
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        for char in "AB":
            app.post_message(key(char))
        app.post_message(events.Key("backspace", None))
        await pilot.pause()
        assert app.screen.query_one("#badge-entry", Input).value == "A"
    assert journal(station) == []
