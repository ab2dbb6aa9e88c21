"""Screenshots of the pick screen in both languages at 110x34.

Regenerate after a deliberate change with
`pytest tests/ui/picking/test_pick_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.harness import scan, settle, steady
from tests.ui.picking.harness import TEE, WAVE, PickStation, open_pick

SnapCompare = Callable[..., bool]


def _at(station: PickStation, *texts: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_pick(pilot, station)
        for text in texts:
            pilot.app.post_message(scan(text))
        await settle(pilot, station)
        steady(pilot)

    return run_before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_pick_screen_at_a_stop(
    pstation: PickStation, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    pstation.context.language = language
    app = pstation.app()
    assert snap_compare(app, terminal_size=size, run_before=_at(pstation, WAVE))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_pick_screen_item_in_hand_for_a_slot(
    pstation: PickStation, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    pstation.context.language = language
    app = pstation.app()
    assert snap_compare(app, terminal_size=size, run_before=_at(pstation, WAVE, "A-01", TEE))


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_pick_screen_wrong_location_banner(
    pstation: PickStation, snap_compare: SnapCompare, size: tuple[int, int]
) -> None:
    app = pstation.app()
    assert snap_compare(app, terminal_size=size, run_before=_at(pstation, WAVE, "B-01"))
