"""Function keys and the station-wide bits: language, repeat, mute, scanner state, bell."""

from __future__ import annotations

import asyncio
import os
import subprocess
import threading
import time
from dataclasses import replace
from functools import partial

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.harness import (
    INSPECTOR,
    SIZE,
    Station,
    SteppingClock,
    key,
    scan,
    screen_text,
    settle,
    wait_until,
)
from wms_tui.bootstrap.devices import CommandFeedback
from wms_tui.core.outcome import Outcome
from wms_tui.core.ports import SoundClass, UnitOfWork
from wms_tui.core.scans import Scan
from wms_tui.ui.app import StationApp, watched_terminal
from wms_tui.ui.common.banner import FeedbackBanner
from wms_tui.ui.common.bell import BellFeedback
from wms_tui.ui.station.home import HomeScreen


async def test_f2_switches_language_and_rerenders_every_visible_text(station: Station) -> None:
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan("OP-NOBODY"))
        await settle(pilot, station)
        chinese = screen_text(pilot)
        assert "登录" in chinese and "未知工牌：OP-NOBODY" in chinese
        app.post_message(events.Key("f2", None))
        await pilot.pause()
        english = screen_text(pilot)
        # The banner's outcome re-renders too: it keeps message ids, not text.
        assert "Unknown badge: OP-NOBODY" in english
        assert "Log in" in english and "English" in english and "Badge number" in english
        assert "请" not in english
        app.post_message(events.Key("f2", None))
        await pilot.pause()
        assert "未知工牌：OP-NOBODY" in screen_text(pilot)


async def test_language_switch_on_home_keeps_the_operator(station: Station) -> None:
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        assert "查询" in screen_text(pilot)
        app.post_message(events.Key("f2", None))
        await pilot.pause()
        text = screen_text(pilot)
        assert "Lookup" in text and "李验货" in text and "Log out" in text


async def test_f3_repeats_and_f4_mutes(station: Station) -> None:
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan("OP-NOBODY"))
        await settle(pilot, station)
        assert station.feedback.sounds == [SoundClass.ERROR]
        app.post_message(events.Key("f3", None))
        await pilot.pause()
        assert station.feedback.sounds == [SoundClass.ERROR, SoundClass.ERROR]
        app.post_message(events.Key("f4", None))
        await pilot.pause()
        assert "已静音" in screen_text(pilot)
        app.post_message(scan("OP-NOBODY-2"))
        await settle(pilot, station)
        assert "OP-NOBODY-2" in screen_text(pilot)
        assert len(station.feedback.sounds) == 2
        app.post_message(events.Key("f4", None))
        await pilot.pause()
        assert "已静音" not in screen_text(pilot)


async def test_scanner_state_can_be_reported_from_another_thread(station: Station) -> None:
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        assert "wedge: 未连接" in screen_text(pilot)
        reader = threading.Thread(target=app.scanner_state, args=("wedge", "connected"))
        reader.start()
        reader.join()
        await wait_until(pilot, station, lambda: "wedge: 已连接" in screen_text(pilot))
        app.scanner_state("serial-1", "reconnecting")
        await wait_until(pilot, station, lambda: "serial-1: 重新连接中" in screen_text(pilot))


class _BellCounter(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.bells = 0

    def bell(self) -> None:
        self.bells += 1


def test_bell_feedback_is_quiet_for_ok_and_loud_for_errors() -> None:
    app = _BellCounter()
    feedback = BellFeedback()
    feedback.sound(SoundClass.ERROR)  # not attached yet: nothing to ring, nothing raised
    feedback.attach(app)
    counts = []
    kinds = (
        SoundClass.OK, SoundClass.NEEDS_INPUT, SoundClass.WARNING, SoundClass.ERROR,
        SoundClass.ALARM,
    )  # fmt: skip
    for kind in kinds:
        before = app.bells
        feedback.sound(kind)
        counts.append(app.bells - before)
    assert counts == [0, 1, 2, 3, 6]  # an intercepted parcel sounds like nothing else


class _BannerWitness:
    """A Feedback port that notes which outcome the banner held when the sound began."""

    def __init__(self) -> None:
        self.app: StationApp | None = None
        self.banner_then: list[str] = []

    def sound(self, kind: SoundClass) -> None:
        assert self.app is not None
        outcome = self.app.screen.query_one(FeedbackBanner).outcome
        self.banner_then.append(outcome.scan_text if outcome else "")


async def test_the_banner_is_updated_before_the_sound_starts(station: Station) -> None:
    witness = _BannerWitness()
    station.context = replace(station.context, feedback=witness)
    app = station.app()
    witness.app = app
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan("OP-NOBODY"))
        await wait_until(pilot, station, lambda: bool(witness.banner_then))
    assert witness.banner_then == ["OP-NOBODY"]


def _shows(pilot: Pilot[None], text: str) -> bool:
    return text in screen_text(pilot)


async def test_a_hanging_sound_command_does_not_hold_back_the_banner(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    started: list[list[str]] = []

    def hanging_popen(argv: list[str], **_kwargs: object) -> None:
        started.append(argv)
        release.wait(30)  # a player on a dead network share, say

    monkeypatch.setattr(subprocess, "Popen", hanging_popen)
    feedback = CommandFeedback("player --quiet")
    station.context = replace(station.context, feedback=feedback)
    app = station.app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            for badge in ("OP-NOBODY", "OP-NOBODY-2"):
                app.post_message(scan(badge))
                began = time.monotonic()
                await wait_until(pilot, station, partial(_shows, pilot, badge))
                # The player hangs for 30 s: a banner that waited for it would take that long.
                assert time.monotonic() - began < 10
            await wait_until(pilot, station, lambda: bool(started))
            assert started == [["player", "--quiet", "error"]]  # the second is queued behind
    finally:
        release.set()
    assert feedback._sound.wait_idle()
    assert len(started) == 2


async def test_a_scan_stuck_in_the_database_never_freezes_the_screen(station: Station) -> None:
    """While the worker waits on a slow or locked database, the screen still takes keys and
    scanner states; the outcome shows once the scan is done."""
    release, started = threading.Event(), threading.Event()

    def stuck(_uow: UnitOfWork, stuck_scan: Scan) -> Outcome:
        started.set()
        release.wait(30)
        return Outcome.accepted("scan.already_applied", scan=stuck_scan.text)

    app = station.app(monotonic=SteppingClock(0.2))
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        station.pipeline.register("home", stuck)
        app.post_message(scan("A-01-1"))
        try:
            assert await asyncio.to_thread(started.wait, 10)
            threading.Thread(target=app.scanner_state, args=("wedge", "disconnected")).start()
            for char in "AB":
                app.post_message(key(char))
            entry = app.screen.query_one("#manual-entry", Input)
            deadline = time.monotonic() + 20  # the scan stays stuck for up to 30 s
            while time.monotonic() < deadline:
                if entry.value == "AB" and "wedge: 未连接" in screen_text(pilot):
                    break
                await pilot.pause(0.01)
            assert entry.value == "AB" and "wedge: 未连接" in screen_text(pilot)
            assert started.is_set() and not release.is_set()  # the scan is still stuck
        finally:
            release.set()
        await wait_until(
            pilot,
            station,
            lambda: app.last_outcome is not None and app.last_outcome.scan_text == "A-01-1",
        )


async def test_the_station_closes_when_its_terminal_is_gone(station: Station) -> None:
    """Its terminal window closed, the station reads end-of-file for ever: it must close,
    not spin. A terminal still there keeps it running."""
    master, slave = os.openpty()
    app = station.app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.terminal_fd = slave
            app._watch_terminal()
            await pilot.pause()
            assert app.return_code is None  # still there: nothing happens
            os.close(master)
            master = -1
            app._watch_terminal()
            await pilot.pause()
            assert app.return_code is None  # once could be anything: it checks again
            app._watch_terminal()
            await pilot.pause()
        assert app.return_code == 1
    finally:
        for fd in (master, slave):
            if fd >= 0:
                os.close(fd)


def test_only_a_real_terminal_is_watched() -> None:
    master, slave = os.openpty()
    try:
        with open(slave, closefd=False) as terminal, open(os.devnull) as pipe:
            assert watched_terminal(False, terminal) == slave
            assert watched_terminal(True, terminal) is None  # headless: tests, benchmarks
            assert watched_terminal(False, pipe) is None
            assert watched_terminal(False, None) is None
    finally:
        os.close(master)
        os.close(slave)
