"""The keyboard-wedge path: bursts become scans in order, people's typing stays typing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.ui.harness import (
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
from wms_tui.bootstrap.devices import make_wedge_factory
from wms_tui.config import load_settings
from wms_tui.ui.app import StationApp
from wms_tui.ui.station.home import HomeScreen


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
        assert app.screen.query_one("#manual-entry", Input).value == ""
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


GS = "\x1d"
GS1_WITH_GS = "]C1" + "0109501101530003" + "10AB12" + GS + "21SN0001"
TAB_LABEL = "A-01\t02"


def scanner_key(char: str) -> events.Key:
    # What a terminal delivers for GS (Ctrl+]); the shared helper names other keys.
    return events.Key("ctrl+right_square_bracket", GS) if char == GS else key(char)


def post_burst(app: StationApp, text: str) -> None:
    for char in text:
        app.post_message(scanner_key(char))
    app.post_message(key("\r"))


@pytest.mark.parametrize("text", [GS1_WITH_GS, TAB_LABEL], ids=["gs", "tab"])
async def test_gs_and_tab_inside_a_burst_stay_in_one_scan(station: Station, text: str) -> None:
    app = station.app(monotonic=SteppingClock(0.0001))
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        entry = app.screen.query_one("#manual-entry", Input)
        assert app.focused is entry
        post_burst(app, text)
        await wait_until(pilot, station, lambda: finished(station) == 2)
        assert app.focused is entry
        assert entry.value == ""
    assert journal(station)[1:] == [("keyboard", text)]


async def test_tab_ends_a_burst_when_configured_as_the_terminator(
    station: Station, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[station]\nid = "S1"\n[wedge]\ntab_terminates = true\n', encoding="utf-8")
    factory = make_wedge_factory(load_settings(config))
    assert factory is not None
    station.context = replace(station.context, wedge_factory=factory)
    app = station.app(monotonic=SteppingClock(0.0001))
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        entry = app.screen.query_one("#manual-entry", Input)
        for char in LOCATION + "\t":
            app.post_message(key(char))
        await wait_until(pilot, station, lambda: finished(station) == 2)
        assert app.focused is entry
    assert journal(station)[1:] == [("keyboard", LOCATION)]


async def test_a_typed_tab_still_moves_focus(station: Station) -> None:
    app = station.app(monotonic=SteppingClock(0.2))
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        entry = app.screen.query_one("#manual-entry", Input)
        assert app.focused is entry
        for char in "AB\t":
            app.post_message(key(char))
        await wait_until(pilot, station, lambda: app.focused is not entry)
        assert entry.value == "AB"
    assert journal(station)[1:] == []


async def test_a_control_character_prefix_marks_a_scan_at_any_speed(
    station: Station, tmp_path: Path
) -> None:
    """Scanners are often set to send STX first: a person never types it, so even a slow
    scanner (or a busy bus) is a scan from that key on, and the key never reaches a field."""
    config = tmp_path / "config.toml"
    config.write_text('[station]\nid = "S1"\n[wedge]\nprefix = "\\u0002"\n', encoding="utf-8")
    factory = make_wedge_factory(load_settings(config))
    assert factory is not None
    station.context = replace(station.context, wedge_factory=factory)
    app = station.app(monotonic=SteppingClock(0.2))  # human typing speed
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        entry = app.screen.query_one("#manual-entry", Input)
        app.post_message(events.Key("ctrl+b", "\x02"))
        for char in LOCATION + "\r":
            app.post_message(key(char))
        await wait_until(pilot, station, lambda: finished(station) == 2)
        assert entry.value == ""
    assert journal(station)[1:] == [("keyboard", LOCATION)]


async def test_a_pasted_megabyte_is_one_refused_scan_and_the_station_stays(
    station: Station,
) -> None:
    """A megabyte arriving as keys (no bracketed paste) or as one paste: never typed into a
    field, never held whole; one scan one character over the limit, refused in words."""
    app = station.app(monotonic=SteppingClock(0.0001))
    longest = station.context.resolver_config.max_length
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        for _char in range(longest + 500):
            app.post_message(key("7"))
        app.post_message(key("\r"))
        await wait_until(pilot, station, lambda: finished(station) == 2)
        app.post_message(events.Paste("8" * 1_000_000))
        await wait_until(pilot, station, lambda: finished(station) == 3)
        assert app.screen.query_one("#manual-entry", Input).value == ""
        assert app.last_outcome is not None and app.last_outcome.msgid == "error.scan.malformed"
    long_ones = sorted(station.db.store.journal.values(), key=lambda e: e.seq)[1:]
    assert [(len(e.data), e.status) for e in long_ones] == [
        (longest + 1, "rejected"),
        (longest + 1, "rejected"),
    ]
