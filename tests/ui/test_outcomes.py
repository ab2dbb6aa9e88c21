"""Outcomes from the pipeline's thread reach the screen all, in order, however fast they come."""

from __future__ import annotations

import threading
import uuid

from tests.ui.harness import INSPECTOR, SIZE, Station, scan, wait_until
from wms_tui.core.outcome import Outcome
from wms_tui.core.scans import Scan
from wms_tui.ui.common.banner import FeedbackBanner
from wms_tui.ui.station.home import HomeScreen


async def test_a_burst_of_outcomes_is_presented_whole_and_in_order(station: Station) -> None:
    app = station.app()
    presented: list[Outcome] = []
    present = app.present

    def recording(outcome: Outcome) -> None:
        present(outcome)
        presented.append(outcome)

    app.present = recording  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(scan(INSPECTOR))
        await wait_until(pilot, station, lambda: isinstance(app.screen, HomeScreen))
        presented.clear()
        scans = [
            Scan(str(uuid.uuid4()), "serial-1", f"X{n:05d}-A", received_at=station.clock.now())
            for n in range(300)
        ]

        def burst() -> None:  # a reader thread's pace: nothing waits for the screen
            for one in scans:
                station.pipeline.submit(one)

        thread = threading.Thread(target=burst)
        thread.start()
        thread.join()
        await wait_until(pilot, station, lambda: len(presented) >= len(scans))
        await pilot.pause()
        assert [o.scan_id for o in presented] == [s.scan_id for s in scans]
        banner = app.screen.query_one(FeedbackBanner)
        assert banner.outcome is not None and banner.outcome.scan_id == scans[-1].scan_id
        assert len(station.feedback.sounds) >= len(scans)  # every outcome was sounded
