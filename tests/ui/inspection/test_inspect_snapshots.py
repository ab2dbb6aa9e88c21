"""Screenshots of the inspection screen in both languages: empty, in progress with a remark,
wrong item, passed. Regenerate with `--snapshot-update` and look at the SVGs first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.harness import scan, settle, steady
from tests.ui.inspection.harness import MUG, SOCKS, TEE, WAYBILL, InspectStation, open_inspect

SnapCompare = Callable[..., bool]


pytestmark = pytest.mark.usefixtures("shanghai_time")


def _after(station: InspectStation, *texts: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_inspect(pilot, station)
        for text in texts:
            pilot.app.post_message(scan(text))
            await settle(pilot, station)
        await settle(pilot, station)
        steady(pilot)

    return run_before


CASES = {
    "empty": (),
    "in_progress_remark": (WAYBILL, TEE),
    "wrong_item": (WAYBILL, TEE, SOCKS),
    "passed": (WAYBILL, TEE, MUG, "CMD:ACK", TEE),
}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_inspect_screen(
    istation: InspectStation,
    snap_compare: SnapCompare,
    language: str,
    case: str,
    size: tuple[int, int],
) -> None:
    istation.context.language = language
    app = istation.app()
    assert snap_compare(app, terminal_size=size, run_before=_after(istation, *CASES[case]))
