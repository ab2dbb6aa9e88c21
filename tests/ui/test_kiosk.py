"""Kiosk mode and the idle log-out: the floor never reaches a shell, and a badge left logged
in does not go on working for the next person."""

from __future__ import annotations

from textual.widgets import Input

from tests.fakes import PlainPinHasher
from tests.ui.harness import (
    INSPECTOR,
    PIN,
    SIZE,
    SUPERVISOR,
    Station,
    scan,
    screen_text,
    settle,
    wait_until,
)
from wms_tui.core import operators
from wms_tui.core.model import Role
from wms_tui.ui.app import StationApp
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog
from wms_tui.ui.station.home import HomeScreen
from wms_tui.ui.station.login import LoginScreen

ADMIN, ADMIN_PIN = "OP-ADM-1", "97531864"


def _with_admin(station: Station) -> None:
    operators.enrol(
        station.db.uow, PlainPinHasher(), station.clock, badge=ADMIN, name="赵管理",
        roles=frozenset({Role.ADMIN}), pin=ADMIN_PIN, by="setup", station_id="S1",
    )  # fmt: skip


def _exits(app: StationApp) -> list[object]:
    """Records the app's exit instead of ending the test's run."""
    calls: list[object] = []
    app.exit = lambda *args, **kwargs: calls.append(args)  # type: ignore[method-assign]
    return calls


async def _answer(station: Station, app: StationApp, pilot: object, badge: str, pin: str) -> None:
    dialog = app.screen
    badge_in = dialog.query_one("#supervisor-badge", Input)
    badge_in.value = badge
    await badge_in.action_submit()
    pin_in = dialog.query_one("#supervisor-pin", Input)
    pin_in.value = pin
    await pin_in.action_submit()
    await settle(pilot, station)  # type: ignore[arg-type]


async def test_without_kiosk_ctrl_q_closes_at_once(station: Station) -> None:
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        exits = _exits(app)
        await pilot.press("ctrl+q")
        assert exits and not isinstance(app.screen, SupervisorDialog)


async def test_a_kiosk_station_closes_only_for_an_admin(station: Station) -> None:
    station.context.language = "en"
    station.context.kiosk = True
    _with_admin(station)
    app = station.app()
    async with app.run_test(size=SIZE) as pilot:
        exits = _exits(app)
        await pilot.press("ctrl+q")
        await wait_until(pilot, station, lambda: isinstance(app.screen, SupervisorDialog))
        await _answer(station, app, pilot, SUPERVISOR, PIN)  # a supervisor is not enough
        assert isinstance(app.screen, SupervisorDialog) and not exits
        assert "not an admin" in app.screen.refusal
        assert "Admin's badge" in screen_text(pilot)
        await _answer(station, app, pilot, ADMIN, "00000000")  # a wrong PIN counts
        assert station.db.store.operators[ADMIN].failed_pins == 1 and not exits
        await pilot.press("escape")  # closed without an answer: the station stays
        await wait_until(pilot, station, lambda: isinstance(app.screen, LoginScreen))
        assert not exits
        await pilot.press("ctrl+q")
        await wait_until(pilot, station, lambda: isinstance(app.screen, SupervisorDialog))
        await _answer(station, app, pilot, ADMIN, ADMIN_PIN)
        await wait_until(pilot, station, lambda: bool(exits))
    closed = [e for e in station.db.store.audit if e.action == "station_exit"]
    assert [(e.operator, e.station_id) for e in closed] == [(ADMIN, "S1")]


async def test_the_scanner_test_screen_leaves_through_the_kiosk_too(station: Station) -> None:
    station.context.kiosk = True
    app = station.app(start="scanner_test")
    async with app.run_test(size=SIZE) as pilot:
        exits = _exits(app)
        await pilot.press("escape")
        await wait_until(pilot, station, lambda: isinstance(app.screen, SupervisorDialog))
        assert not exits


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_an_idle_operator_is_logged_out(station: Station) -> None:
    station.context.idle_logout_min = 10
    clock = _Clock()
    app = station.app(monotonic=clock)
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        clock.now += 9 * 60
        app._check_idle()
        await settle(pilot, station)
        assert app.operator is not None  # nine minutes: still there
        await pilot.press("f3")  # a key is work: the ten minutes start again
        clock.now += 9 * 60
        app._check_idle()
        await settle(pilot, station)
        assert app.operator is not None
        clock.now += 61
        app._check_idle()
        await wait_until(pilot, station, lambda: isinstance(app.screen, LoginScreen))
        assert app.operator is None
    logouts = [e for e in station.db.store.audit if e.action == "logout"]
    assert [e.operator for e in logouts] == [INSPECTOR]
