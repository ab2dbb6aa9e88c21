"""Log-in and log-out, driven the way the floor does it: scans, typed badges, PINs."""

from __future__ import annotations

import threading

import pytest
from textual import events
from textual.widgets import Input

from tests.fakes import PlainPinHasher
from tests.ui.harness import (
    INSPECTOR,
    MARKUP,
    PIN,
    SIZE,
    SUPERVISOR,
    Station,
    SteppingClock,
    post_keys,
    scan,
    screen_text,
    settle,
    wait_until,
)
from wms_tui.core import operators
from wms_tui.core.model import Operator, Role
from wms_tui.ui.app import StationApp
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.station.home import HomeScreen
from wms_tui.ui.station.login import LoginScreen

TEXTS = {
    "en": {"prompt": "Scan your badge.", "lookup": "Lookup", "hello": "Hello,"},
    "zh_CN": {"prompt": "请扫描工牌。", "lookup": "查询", "hello": "你好，"},
}


def on_home(app: StationApp) -> bool:
    return isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_scanned_badge_reaches_home(station: Station, language: str) -> None:
    station.context.language = language
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        assert TEXTS[language]["prompt"] in screen_text(pilot)
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: on_home(app))
        text = screen_text(pilot)
        assert "李验货" in text
        assert TEXTS[language]["hello"] in text
        assert TEXTS[language]["lookup"] in text
    assert app.operator is not None and app.operator.badge == INSPECTOR


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_typed_badge_reaches_home(station: Station, language: str) -> None:
    station.context.language = language
    app = station.app(monotonic=SteppingClock(0.2))
    async with app.run_test(size=SIZE) as pilot:
        post_keys(app, INSPECTOR)
        await wait_until(pilot, station, lambda: on_home(app))
        assert TEXTS[language]["hello"] in screen_text(pilot)
    sources = [e.source for e in station.db.store.journal.values()]
    assert sources == ["manual"]


PICKER_WITH_PIN = "OP-PCK-2"


def _picker_with_pin(station: Station) -> None:
    operators.enrol(
        station.db.uow, PlainPinHasher(), station.clock, badge=PICKER_WITH_PIN, name="赵拣货",
        roles=frozenset({Role.PICKER}), pin="4321", by="setup", station_id="S1",
    )  # fmt: skip


async def test_badge_with_pin_asks_for_it_and_counts_wrong_tries(station: Station) -> None:
    station.context.language = "en"
    _picker_with_pin(station)
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(PICKER_WITH_PIN))
        await wait_until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
        pin = app.screen.query_one("#pin-entry", Input)
        assert pin.password and pin.has_focus
        assert "PIN" in screen_text(pilot)

        for left in ("2 tries", "1 try"):
            pin.value = "9999"
            await pin.action_submit()
            await settle(pilot, station)
            assert f"Wrong PIN. {left} left." in screen_text(pilot)
            assert isinstance(app.screen, LoginScreen)

        pin.value = "9999"
        await pin.action_submit()
        await settle(pilot, station)
        text = screen_text(pilot)
        assert "赵拣货 is locked" in text and "Ask a supervisor" in text
        assert not pin.display

        # Locked stays locked, even with the right PIN: the badge itself is refused.
        app.post_message(scan(PICKER_WITH_PIN))
        await settle(pilot, station)
        assert not pin.display
        assert isinstance(app.screen, LoginScreen)
    assert station.db.store.operators[PICKER_WITH_PIN].locked


async def test_a_supervisor_waits_after_wrong_pins_and_is_never_locked(station: Station) -> None:
    station.context.language = "en"
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(SUPERVISOR))
        await wait_until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
        pin = app.screen.query_one("#pin-entry", Input)
        for _attempt in range(3):
            pin.value = "999999"
            await pin.action_submit()
            await settle(pilot, station)
        assert "Too many wrong PINs: try again in 30 s." in screen_text(pilot)
        pin.value = PIN  # the right one, too soon: not even checked
        await pin.action_submit()
        await settle(pilot, station)
        assert isinstance(app.screen, LoginScreen)
        station.clock.advance(31)
        pin.value = PIN
        await pin.action_submit()
        await wait_until(pilot, station, lambda: on_home(app))
    assert not station.db.store.operators[SUPERVISOR].locked


async def test_right_pin_logs_in_and_offers_supervisor_workflows(station: Station) -> None:
    station.context.language = "en"
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(SUPERVISOR))
        await wait_until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
        pin = app.screen.query_one("#pin-entry", Input)
        pin.value = PIN
        await pin.action_submit()
        await wait_until(pilot, station, lambda: on_home(app))
        text = screen_text(pilot)
        assert "Scanner test" in text and "Lookup" in text
    assert [e.action for e in station.db.store.audit][-1] == "login"


async def test_inspector_is_not_offered_the_scanner_test(station: Station) -> None:
    station.context.language = "en"
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: on_home(app))
        assert "Scanner test" not in screen_text(pilot)


async def test_unknown_badge_is_refused_on_the_login_screen(station: Station) -> None:
    station.context.language = "en"
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan("OP-NOBODY"))
        await settle(pilot, station)
        assert isinstance(app.screen, LoginScreen)
        assert "OP-NOBODY" in screen_text(pilot)
    assert app.last_outcome is not None and not app.last_outcome.ok


async def test_logout_returns_to_login_and_is_audited(station: Station) -> None:
    station.context.language = "en"
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: on_home(app))
        app.post_message(events.Key("f10", None))
        await wait_until(pilot, station, lambda: isinstance(app.screen, LoginScreen))
        assert "Scan your badge." in screen_text(pilot)
        assert app.operator is None
        # Ctrl+L does the same from the next operator's session.
        app.post_message(scan(MARKUP))
        await wait_until(pilot, station, lambda: on_home(app))
        app.post_message(events.Key("ctrl+l", "\x0c"))
        await wait_until(pilot, station, lambda: isinstance(app.screen, LoginScreen))
    actions = [e.action for e in station.db.store.audit]
    assert actions.count("logout") == 2


async def test_a_name_that_looks_like_markup_is_shown_literally(station: Station) -> None:
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(MARKUP))
        await wait_until(pilot, station, lambda: on_home(app))
        text = screen_text(pilot)
        assert "[red]x[/]" in text


async def test_the_logout_command_sheet_logs_out_from_home(station: Station) -> None:
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: on_home(app))
        app.post_message(scan("CMD:LOGOUT"))
        await wait_until(pilot, station, lambda: isinstance(app.screen, LoginScreen))
    assert app.operator is None


async def test_a_pin_typed_fast_is_never_taken_as_a_scan(station: Station) -> None:
    """Keys that arrive together look like a scanner; in the PIN field they stay a PIN."""
    station.context.language = "en"
    app = station.app(monotonic=SteppingClock(0.0001))
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(SUPERVISOR))
        await wait_until(
            pilot, station, lambda: isinstance(app.focused, Input) and app.focused.password
        )
        post_keys(app, PIN + "\r")
        await wait_until(pilot, station, lambda: on_home(app))
    assert all(PIN not in e.data for e in station.db.store.journal.values())


async def test_a_supervisor_unlocks_a_locked_badge_at_the_login_screen(station: Station) -> None:
    station.context.language = "en"
    operators.enrol(
        station.db.uow, PlainPinHasher(), station.clock, badge="OP-SUP-2", name="陈主管",
        roles=frozenset({Role.SUPERVISOR}), pin="864200", by="setup", station_id="S1",
    )  # fmt: skip
    _picker_with_pin(station)
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")  # nothing is locked yet: nothing opens
        assert isinstance(app.screen, LoginScreen)
        app.post_message(scan(PICKER_WITH_PIN))
        await wait_until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
        pin = app.screen.query_one("#pin-entry", Input)
        for _attempt in range(3):
            pin.value = "9999"
            await pin.action_submit()
            await settle(pilot, station)
        assert station.db.store.operators[PICKER_WITH_PIN].locked
        assert "press F12" in screen_text(pilot)

        await pilot.press("f12")
        await wait_until(pilot, station, lambda: isinstance(app.screen, SupervisorDialog))
        dialog = app.screen
        assert "Unlock 赵拣货" in screen_text(pilot)
        badge_in = dialog.query_one("#supervisor-badge", Input)
        badge_in.value = INSPECTOR  # not a supervisor: refused, the lock stays
        await badge_in.action_submit()
        pin_in = dialog.query_one("#supervisor-pin", Input)
        pin_in.value = ""
        await pin_in.action_submit()
        await settle(pilot, station)
        assert isinstance(app.screen, SupervisorDialog)
        badge_in.value = "OP-SUP-2"
        await badge_in.action_submit()
        pin_in.value = "864200"
        await pin_in.action_submit()
        await wait_until(pilot, station, lambda: isinstance(app.screen, LoginScreen))
        text = screen_text(pilot)
        assert "赵拣货 is unlocked (by 陈主管)" in text and "press F12" not in text

        app.post_message(scan(PICKER_WITH_PIN))  # and the badge logs in again
        await wait_until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
        pin = app.screen.query_one("#pin-entry", Input)
        pin.value = "4321"
        await pin.action_submit()
        await wait_until(pilot, station, lambda: on_home(app))
    unlocks = [e for e in station.db.store.audit if e.action == "operator_unlock"]
    assert [(e.operator, e.subject) for e in unlocks] == [("OP-SUP-2", PICKER_WITH_PIN)]


async def test_the_screen_stays_live_while_a_pin_is_checked(station: Station) -> None:
    """A PIN check that takes long (a locked database retried, a slow hash) holds nothing
    else up: the scanner's state still reaches the status line meanwhile."""
    release = threading.Event()
    app = station.app()
    check = app.authenticate

    def slow(badge: str, pin: str | None) -> Operator:
        assert release.wait(10)
        return check(badge, pin)

    app.authenticate = slow  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(SUPERVISOR))
        await wait_until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
        pin = app.screen.query_one("#pin-entry", Input)
        pin.value = PIN
        await pin.action_submit()
        app.scanner_state("serial-1", "disconnected")
        await wait_until(
            pilot, station, lambda: app.scanner_states.get("serial-1") == "disconnected"
        )
        assert isinstance(app.screen, LoginScreen)  # still checking
        release.set()
        await wait_until(pilot, station, lambda: on_home(app))
    assert app.operator is not None and app.operator.badge == SUPERVISOR


async def test_a_badge_scan_that_waited_out_an_outage_logs_nobody_in(station: Station) -> None:
    station.context.language = "en"
    station.clock.advance(120)  # the scan was made two minutes before it could be applied
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: app.last_outcome is not None)
        assert isinstance(app.screen, LoginScreen) and app.operator is None
        assert "Scan the badge again" in screen_text(pilot)
    (entry,) = station.db.store.journal.values()
    assert (entry.status, entry.error_code) == ("rejected", "E513")


async def test_a_stored_name_with_escape_sequences_cannot_drive_the_terminal(
    station: Station,
) -> None:
    """A name written into the database by anything but `wms operators add` (which refuses
    it): OSC 0 would set the window title and OSC 52 the clipboard when its owner logs in."""
    station.context.language = "en"
    with station.db.uow() as uow:
        uow.operators.add(
            Operator(
                "OP-EVIL-1",
                "\x1b]0;owned\x07张\x1b]52;c;eA==\x07\u202e三",
                frozenset({Role.PICKER}),
            )
        )
        uow.commit()
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan("OP-EVIL-1"))
        await wait_until(pilot, station, lambda: on_home(app))
        text = screen_text(pilot)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "<U+001B>]0;owned<U+0007>张" in text
