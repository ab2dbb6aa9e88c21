"""The station exactly as `wms run` wires it: config file, demo SQLite database, real engine,
Argon2 PINs, the scan pipeline and the app bootstrap builds, driven with App.run_test."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.harness import SIZE, screen_text
from tests.ui.harness import scan as scan_at_fixed_time
from wms_tui.bootstrap import database as bootstrap_database
from wms_tui.bootstrap import station as bootstrap
from wms_tui.bootstrap.station import Station, build_station
from wms_tui.cli import command as cli
from wms_tui.ui.messages import ScanArrived
from wms_tui.ui.station.home import HomeScreen

HELLO = {"en": "Hello,", "zh_CN": "你好，"}


@pytest.fixture(scope="module")
def demo_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("station")
    config = folder / "config.toml"
    config.write_text('[station]\nid = "PACK-01"\nname = "打包台 1"\n', encoding="utf-8")
    assert cli.main(["--config", str(config), "demo", "--no-start"]) == 0
    return config


@pytest.fixture
def make_station(demo_config: Path) -> Iterator[Callable[[str], Station]]:
    built: list[Station] = []

    def make(language: str) -> Station:
        settings = bootstrap_database.load(demo_config)
        station = build_station(replace(settings, language=language))
        bootstrap.start_pipeline(station.app, station.context)
        built.append(station)
        return station

    yield make
    for station in built:
        station.context.pipeline.stop()
        station.close()


def scan(code: str) -> ScanArrived:
    """Scanned now: the real station's clock is the system's, and a badge scan from long ago
    (one that waited out an outage) logs nobody in."""
    arrived = scan_at_fixed_time(code)
    return ScanArrived(replace(arrived.scan, received_at=datetime.now(UTC)))


async def _until(pilot: Pilot[None], station: Station, check: Callable[[], bool]) -> None:
    for _round in range(100):
        if check():
            return
        await asyncio.to_thread(station.context.pipeline.drain)
        await pilot.pause()
    raise AssertionError(screen_text(pilot))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_a_badge_reaches_home(make_station: Callable[[str], Station], language: str) -> None:
    station = make_station(language)
    app = station.app
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan("OP-INS-1"))
        await _until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        assert HELLO[language] in screen_text(pilot)
    assert app.operator is not None and app.operator.badge == "OP-INS-1"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
async def test_a_supervisor_logs_in_with_the_argon2_pin(
    make_station: Callable[[str], Station], language: str
) -> None:
    station = make_station(language)
    app = station.app
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan("OP-SUP-1"))
        await _until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
        pin = app.screen.query_one("#pin-entry", Input)
        pin.value = "123456"
        await pin.action_submit()
        await _until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        assert HELLO[language] in screen_text(pilot)


def test_the_station_is_recorded_when_it_starts(
    make_station: Callable[[str], Station], demo_config: Path
) -> None:
    station = make_station("en")
    with station.uow_factory.engine.connect() as connection:
        first = connection.execute(
            text("SELECT name, last_seen FROM stations WHERE station_id = 'PACK-01'")
        ).one()
    assert first[0] == "打包台 1" and first[1] is not None
    assert cli.main(["--config", str(demo_config), "check"]) == 0
    with station.uow_factory.engine.connect() as connection:
        again = connection.scalar(
            text("SELECT last_seen FROM stations WHERE station_id = 'PACK-01'")
        )
    assert again is not None and str(again) >= str(first[1])


class _Serialization(Exception):
    sqlstate = "40001"


async def test_log_in_survives_a_serialization_failure(
    make_station: Callable[[str], Station],
) -> None:
    fired: list[str] = []

    def once(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        if not fired and statement.lstrip().upper().startswith("INSERT INTO AUDIT_LOG"):
            fired.append(statement)
            raise OperationalError(statement, params, _Serialization("could not serialize"))

    station = make_station("en")
    app = station.app
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan("OP-SUP-1"))
        await _until(pilot, station, lambda: app.screen.query_one("#pin-entry", Input).display)
        event.listen(Engine, "before_cursor_execute", once)
        try:
            pin = app.screen.query_one("#pin-entry", Input)
            pin.value = "123456"
            await pin.action_submit()
            await _until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        finally:
            event.remove(Engine, "before_cursor_execute", once)
    assert fired
