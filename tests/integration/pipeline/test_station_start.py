"""The real station start: scans a dead station left journaled are applied once, first,
and what they came to reaches the screen. Built by bootstrap exactly as `wms run` builds
it, driven headless with App.run_test."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from db.uow import SqlUnitOfWorkFactory
from wms_tui.bootstrap.database import open_database
from wms_tui.bootstrap.station import Station, build_station, start_pipeline
from wms_tui.config import Settings, load_settings
from wms_tui.core.journal import JournalEntry
from wms_tui.core.model import Location, LocationKind
from wms_tui.core.outcome import Outcome
from wms_tui.ui.station.login import LoginScreen

AT = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
PENDING = [("left-1", "A-01-1"), ("left-2", "NO-SUCH-CODE"), ("left-3", "A-01-2")]


def _settings(tmp_path: Path) -> Settings:
    config = tmp_path / "config.toml"
    config.write_text(
        '[station]\nid = "S1"\nlanguage = "en"\n'
        '[feedback]\nsound = "off"\n'
        '[printer]\nkind = "none"\n'
        '[[scanners]]\nname = "handheld"\nkind = "wedge"\n',
        encoding="utf-8",
    )
    return load_settings(config)


def _left_pending(settings: Settings) -> SqlUnitOfWorkFactory:
    """What a station killed between journal write and apply leaves behind."""
    factory = open_database(settings, create="init")
    with factory() as uow:
        uow.locations.add(Location("A-01-1", LocationKind.BIN, 1))
        uow.locations.add(Location("A-01-2", LocationKind.BIN, 2))
        for scan_id, text in PENDING:
            entry = JournalEntry(scan_id, "S1", "serial-1", text, "", AT, "home")
            assert uow.journal.record(entry)
        uow.commit()
    return factory


def _screen_text(pilot: Pilot[None]) -> str:
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


async def _start(station: Station, presented: list[Outcome]) -> str:
    app = station.app
    original = app.present

    def recording(outcome: Outcome) -> None:
        presented.append(outcome)
        original(outcome)

    app.present = recording  # type: ignore[method-assign]
    start_pipeline(app, station.context)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            for _round in range(50):
                await pilot.pause()
                if isinstance(app.screen, LoginScreen) and len(presented) >= len(PENDING):
                    break
            await asyncio.to_thread(station.context.pipeline.drain)
            await pilot.pause()
            return _screen_text(pilot)
    finally:
        station.context.pipeline.stop()
        station.close()


def test_pending_scans_are_applied_once_at_start_and_shown(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    factory = _left_pending(settings)

    presented: list[Outcome] = []
    text = asyncio.run(_start(build_station(settings), presented))

    assert [o.scan_id for o in presented] == [scan_id for scan_id, _text in PENDING]
    assert [o.ok for o in presented] == [True, False, True]
    assert "A-01-2" in text  # the last one is on the banner
    # A keyboard-wedge scanner is the keyboard: ready, never "disconnected".
    assert "handheld: ready (keyboard)" in text
    with factory() as uow:
        assert uow.journal.pending("S1") == []
        statuses = [uow.journal.get(scan_id) for scan_id, _text in PENDING]
        assert [e.status if e else None for e in statuses] == ["accepted", "rejected", "accepted"]

    again: list[Outcome] = []  # a second start finds nothing left to apply
    asyncio.run(_start(build_station(settings), again))
    assert again == []
    factory.dispose()


def test_workflow_scans_are_applied_at_start_in_the_name_of_who_scanned(
    tmp_path: Path,
) -> None:
    """Every workflow's handlers are wired before the pipeline starts (bootstrap), so the
    inspection scans a crash left are applied at the next start, before anything new, as
    the inspector who made them, whoever logs in: none waits for a screen."""
    settings = _settings(tmp_path)
    factory = open_database(settings, create="init")
    with factory() as uow:
        # Two contexts of one screen: the inspection desk's and its supervisor dialog's.
        for n, context in enumerate(("inspect", "inspect", "inspect_supervisor")):
            assert uow.journal.record(
                JournalEntry(
                    f"inspect-{n}", "S1", "serial-1", f"YT{n}", "", AT, context,
                    operator="OP-INS-1",
                )
            )  # fmt: skip
        uow.commit()

    presented: list[Outcome] = []
    asyncio.run(_start(build_station(settings), presented))

    assert [o.scan_id for o in presented] == [f"inspect-{n}" for n in range(3)]
    assert not [o for o in presented if o.msgid == "scan.waiting_for_screen"]
    with factory() as uow:
        assert uow.journal.pending("S1") == []
    factory.dispose()


def test_scans_for_a_workflow_this_station_does_not_run_wait_and_it_says_so(
    tmp_path: Path,
) -> None:
    """A journal line for a context nothing here handles (a workflow this station no
    longer runs) is kept, never guessed at, and the first screen says so."""
    settings = _settings(tmp_path)
    factory = open_database(settings, create="init")
    with factory() as uow:
        assert uow.journal.record(
            JournalEntry("elsewhere-1", "S1", "serial-1", "YT9", "", AT, "retired_workflow")
        )
        uow.commit()

    presented: list[Outcome] = []
    text = asyncio.run(_start(build_station(settings), presented))

    notices = [o for o in presented if o.msgid == "scan.waiting_for_screen"]
    assert [o.params for o in notices] == [{"count": 1, "screen": "retired_workflow"}]
    said = text.replace("\n", " ")
    assert "retired_workflow: 1 scan made before the station stopped is kept" in said
    with factory() as uow:
        assert [e.scan_id for e in uow.journal.pending("S1")] == ["elsewhere-1"]
    factory.dispose()
