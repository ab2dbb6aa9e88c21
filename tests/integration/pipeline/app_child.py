"""A station as `wms run` wires it (bootstrap's build_station and start_pipeline), driven
headless: an inspector logs in, opens inspection, scans a waybill and an item. Run by the
kill test in its own process: in `kill` mode it SIGKILLs itself as soon as the item scan is
journaled; in `restart` mode it prints what the reopened inspection screen shows, as JSON.

    python -m tests.integration.pipeline.app_child CONFIG kill|restart BADGE WAYBILL ITEM
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot

from tests.integration.pipeline.kills import after_the_journal_commit
from wms_tui.bootstrap.station import build_station, start_pipeline
from wms_tui.config import load_settings
from wms_tui.core.outcome import Outcome
from wms_tui.core.scans import Scan
from wms_tui.ui.inspection.screen import InspectScreen
from wms_tui.ui.messages import ScanArrived
from wms_tui.ui.station.home import HomeScreen


async def _until(pilot: Pilot[None], check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60  # a loaded test machine starts an app slowly
    while time.monotonic() < deadline:
        if check():
            return
        await pilot.pause(0.025)
    raise SystemExit(f"never happened: {what}")


def _scan(text: str) -> ScanArrived:
    return ScanArrived(Scan(str(uuid.uuid4()), "handheld", text, received_at=datetime.now(UTC)))


async def run(config: str, mode: str, badge: str, waybill: str, item: str) -> None:
    station = build_station(load_settings(Path(config)))
    app, pipeline = station.app, station.context.pipeline
    if mode == "kill":
        # Storage fails while the item's one transaction is open, the item is journaled on
        # its own, and the power goes before it is applied: the worst moment to lose it.
        kill = after_the_journal_commit()

        def die(scan: Scan) -> None:
            if scan.text == item:
                kill(scan)

        pipeline.on_journaled = die
    presented: list[str] = []
    present = app.present

    def recording(outcome: Outcome) -> None:
        presented.append(outcome.msgid)
        present(outcome)

    app.present = recording  # type: ignore[method-assign]
    start_pipeline(app, station.context)
    async with app.run_test(size=(120, 34)) as pilot:
        app.post_message(_scan(badge))
        await _until(pilot, lambda: isinstance(app.screen, HomeScreen), "logged in")
        await pilot.press("f5")  # an inspector's first workflow
        await _until(pilot, lambda: isinstance(app.screen, InspectScreen), "inspection open")
        screen = app.screen
        assert isinstance(screen, InspectScreen)
        if mode == "kill":
            app.post_message(_scan(waybill))
            await _until(pilot, lambda: screen.state.session is not None, "order open")
            app.post_message(_scan(item))
            await _until(pilot, lambda: False, "killed")  # never returns: SIGKILL comes first
        # The start applied what the crash left, before the log-in (bootstrap wired it).
        await asyncio.to_thread(pipeline.drain, 30)
        await pilot.pause()
        screen.reload()
        state = screen.state
        lines = state.progress.lines if state.session is not None else ()
        shown = {
            "order": state.session.order_no if state.session is not None else "",
            "counted": {lp.line.sku_code: lp.counted for lp in lines},
            "last": app.last_outcome.msgid if app.last_outcome is not None else "",
            "presented": presented,
        }
    pipeline.stop()
    station.close()
    print(json.dumps(shown))


if __name__ == "__main__":
    asyncio.run(run(*sys.argv[1:6]))
