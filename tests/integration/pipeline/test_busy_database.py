"""Another process holds the SQLite write lock (an import, a wave release at another
station) while the station opens and refreshes its inspection, pick and count screens.

Before, every unit of work began BEGIN IMMEDIATE, so a screen's read queued for the write
lock, waited the busy timeout (5 s) and raised "database busy" into Textual: the station
died with a traceback. Screens now read in units of work that only read (a deferred BEGIN
under WAL never needs the write lock): they open and refresh while the lock is held, and
nothing is refused or raised.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from db.pin_hasher import Argon2PinHasher
from tests.fakes import FixedClock
from wms_tui.bootstrap.database import open_database
from wms_tui.bootstrap.demo import build_demo
from wms_tui.bootstrap.station import build_station, start_pipeline
from wms_tui.config import Settings, load_settings
from wms_tui.core.scans import Scan
from wms_tui.ui.base import StationScreen
from wms_tui.ui.common.banner import FeedbackBanner
from wms_tui.ui.messages import ScanArrived
from wms_tui.ui.station.home import HomeScreen

# Holds BEGIN IMMEDIATE with a write in it until its stdin closes.
_HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE stations SET name = name")
print("locked", flush=True)
sys.stdin.read()
db.execute("ROLLBACK")
"""


def _settings(tmp_path: Path) -> Settings:
    config = tmp_path / "config.toml"
    config.write_text(
        '[station]\nid = "PACK-01"\nlanguage = "en"\n[feedback]\nsound = "off"\n'
        '[printer]\nkind = "none"\n',
        encoding="utf-8",
    )
    return load_settings(config)


@contextmanager
def _write_lock_held(database: Path) -> Iterator[None]:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)


def _errors(screen: StationScreen) -> list[str]:
    shown = screen.query_one(FeedbackBanner).outcome
    return [shown.error_code] if shown is not None and shown.error_code else []


async def test_screens_open_and_refresh_while_another_process_holds_the_write_lock(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    factory = open_database(settings, create="init")
    build_demo(factory, FixedClock(), Argon2PinHasher())
    factory.dispose()
    database = Path(settings.database_url.split("///", 1)[1])
    station = build_station(settings)
    app = station.app
    start_pipeline(app, station.context)
    try:
        async with app.run_test(size=(120, 34)) as pilot:
            badge = Scan(str(uuid.uuid4()), "handheld", "OP-INS-1", received_at=datetime.now(UTC))
            app.post_message(ScanArrived(badge))
            for _round in range(200):
                await pilot.pause(0.05)
                if isinstance(app.screen, HomeScreen):
                    break
            assert isinstance(app.screen, HomeScreen)
            with _write_lock_held(database):
                for name in ("inspect", "pick", "count"):
                    screen = app.menu.get(name).screen()
                    assert isinstance(screen, StationScreen)
                    await app.push_screen(screen)  # opening reads what it shows
                    await pilot.pause()
                    screen.reload()  # and a refresh reads it again
                    await pilot.pause()
                    assert app.screen is screen and _errors(screen) == [], name
                    app.pop_screen()
                    await pilot.pause()
    finally:
        station.context.pipeline.stop()
        station.close()
