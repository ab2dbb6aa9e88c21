"""A station built from fakes: real ScanPipeline, fake database, fixed clock; and the
helpers the UI tests drive it with (scan, settle, wait_until, screen_text, keys)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from devices.wedge import WedgeDetector
from tests.fakes import FakeDatabase, FixedClock, PlainPinHasher, RecordingFeedback
from wms_tui.bootstrap.devices import WedgeAdapter
from wms_tui.bootstrap.features import wire
from wms_tui.core import codes, operators
from wms_tui.core.model import Barcode, Location, LocationKind, Role, Sku
from wms_tui.core.pipeline.scanning import ScanPipeline
from wms_tui.core.scans import ResolverConfig, Scan
from wms_tui.core.station import StationContext, WedgeDecoder
from wms_tui.ui.app import StationApp
from wms_tui.ui.menu import Menu
from wms_tui.ui.messages import ScanArrived
from wms_tui.ui.station.home import HomeScreen

SIZE = (100, 30)
STATION = "S1"
INSPECTOR = "OP-INS-1"  # no PIN
SUPERVISOR = "OP-SUP-1"  # PIN 123456
MARKUP = "OP-PCK-9"  # a name that looks like markup
PIN = "123456"
LOCATION = "A-01-01"
EAN = "6901234567892"


def ean13(body: str) -> str:
    return body + codes.gs1_check_digit(body)


def default_wedge() -> WedgeDecoder:
    """The shipped adapter over the shipped detector, with its default settings."""
    return WedgeAdapter(WedgeDetector())


class SteppingClock:
    """A monotonic clock that moves on by `step` seconds at every reading: human typing speed."""

    def __init__(self, step: float) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def seed(db: FakeDatabase, clock: FixedClock) -> None:
    hasher = PlainPinHasher()
    people = [
        (INSPECTOR, "李验货", {Role.INSPECTOR}, None),
        (SUPERVISOR, "王主管", {Role.SUPERVISOR}, PIN),
        (MARKUP, "[red]x[/]", {Role.PICKER}, None),
    ]
    for badge, name, roles, pin in people:
        operators.enrol(
            db.uow,
            hasher,
            clock,
            badge=badge,
            name=name,
            roles=frozenset(roles),
            pin=pin,
            by="setup",
            station_id=STATION,
        )
    with db.uow() as uow:
        uow.locations.add(Location(LOCATION, LocationKind.BIN, walk_order=1))
        uow.skus.add(Sku("SKU-TEA", "乌龙茶 250g", "Oolong tea 250g"))
        uow.skus.add_barcode(Barcode(EAN, "SKU-TEA"))
        uow.commit()


@dataclass
class Station:
    db: FakeDatabase
    clock: FixedClock
    feedback: RecordingFeedback
    pipeline: ScanPipeline
    context: StationContext
    menu: Menu  # every workflow wired as bootstrap wires it

    def app(
        self, *, start: str = "login", monotonic: Callable[[], float] | None = None
    ) -> StationApp:
        return StationApp(self.context, menu=self.menu, start=start, monotonic=monotonic)


StationT = TypeVar("StationT", bound=Station)


def start_station(
    kind: type[StationT],
    db: FakeDatabase,
    clock: FixedClock,
    *,
    station_id: str = STATION,
    station_name: str = "验货台 1",
) -> StationT:
    """A station over fakes with a running pipeline; `stop_station` ends it."""
    pipeline = ScanPipeline(db.uow, clock, station_id)
    feedback = RecordingFeedback()
    context = StationContext(
        station_id=station_id,
        station_name=station_name,
        language="zh_CN",
        database_label="sqlite:test",
        uow_factory=db.uow,
        clock=clock,
        pin_hasher=PlainPinHasher(),
        feedback=feedback,
        pipeline=pipeline,
        resolver_config=ResolverConfig(),
        wedge_factory=default_wedge,
        scanner_names=["wedge"],
    )
    db.store.lockout_attempts = 3  # the database's rule (wms operators lockout)
    menu = wire(context)
    pipeline.start()
    return kind(db, clock, feedback, pipeline, context, menu)


def steady(pilot: Pilot[None]) -> None:
    """Before a snapshot: a blinking cursor would make the picture depend on the moment
    it is taken (and a slow machine takes it at another moment)."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def screen_text(pilot: Pilot[None]) -> str:
    """What the terminal shows right now, one line per row."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def flat_text(pilot: Pilot[None]) -> str:
    """The screen's text on one line, runs of spaces as one: what a person reads."""
    return " ".join(screen_text(pilot).split())


async def settle(pilot: Pilot[None], station: Station) -> None:
    """Let every submitted scan finish and its outcome reach the screen."""
    for _round in range(3):
        await asyncio.to_thread(station.pipeline.drain)
        await pilot.pause()


async def wait_until(pilot: Pilot[None], station: Station, check: Callable[[], bool]) -> None:
    for _round in range(50):
        if check():
            return
        await settle(pilot, station)
    raise AssertionError("condition never became true")


ScreenT = TypeVar("ScreenT", bound=Screen[None])


async def open_from_home(
    pilot: Pilot[None], station: Station, badge: str, key: str, kind: type[ScreenT]
) -> ScreenT:
    """Log in with `badge`, press the home screen's `key` for a workflow and wait for its
    screen to settle: what a worker does to start."""
    pilot.app.post_message(scan(badge))
    await wait_until(pilot, station, lambda: isinstance(pilot.app.screen, HomeScreen))
    await pilot.press(key)
    await wait_until(pilot, station, lambda: isinstance(pilot.app.screen, kind))
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    await settle(pilot, station)
    return screen


def scan(text: str, source: str = "serial-1", symbology: str = "") -> ScanArrived:
    """A scan as a serial reader thread posts it."""
    return ScanArrived(
        Scan(
            scan_id=str(uuid.uuid4()),
            source=source,
            text=text,
            symbology=symbology,
            received_at=datetime(2026, 11, 23, 6, 0, tzinfo=UTC),
        )
    )


def key(char: str) -> events.Key:
    """The key event a terminal delivers for one character."""
    if char in "\r\n":
        return events.Key("enter", "\r")
    return events.Key(char if char.isalnum() else _character_to_key(char), char)


def post_keys(app: StationApp, text: str) -> None:
    """Keys as a wedge scanner sends them: posted straight to the app, no gap, then Enter."""
    for char in text:
        app.post_message(key(char))
    app.post_message(key("\r"))


async def log_in_supervisor(pilot: Pilot[None], station: Station) -> StationApp:
    """The supervisor's badge, then their PIN, and home."""
    app = pilot.app
    assert isinstance(app, StationApp)
    app.post_message(scan(SUPERVISOR))
    await wait_until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
    pin = app.screen.query_one("#pin-entry", Input)
    pin.value = PIN
    await pin.action_submit()
    await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
    return app
