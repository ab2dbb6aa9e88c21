"""Screenshots of the count and approval screens in both languages. Regenerate with
`--snapshot-update` and read the SVGs first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.counting.harness import SOCKS_PACK, TEE, UNKNOWN, CountStation, log_in
from tests.ui.harness import scan, settle, steady
from wms_tui.ui.counting.approval import CountApprovalScreen
from wms_tui.ui.counting.plan import CountPlanScreen
from wms_tui.ui.counting.screen import CountScreen

SnapCompare = Callable[..., bool]


async def _scans(pilot: Pilot[None], station: CountStation, *texts: str) -> None:
    for text in texts:
        pilot.app.post_message(scan(text))
        await settle(pilot, station)


def _counting(station: CountStation) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await log_in(pilot, station, "S1", CountScreen())
        await _scans(pilot, station, "A-01", TEE, TEE, SOCKS_PACK, UNKNOWN, "*4")
        steady(pilot)

    return run_before


def _approval(station: CountStation) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await log_in(pilot, station, "S1", CountScreen())
        await _scans(pilot, station, "A-02", "CMD:EMPTY")  # a recount follows
        await _scans(pilot, station, "A-01", "*10", TEE, "*4", "SKU-2", "CMD:DONE")
        await log_in(pilot, station, "S2", CountScreen())
        await _scans(pilot, station, "A-02", TEE, TEE, TEE, "CMD:DONE")
        await log_in(pilot, station, "SV", CountApprovalScreen("P1"))
        await settle(pilot, station)
        steady(pilot)

    return run_before


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_count_screen(
    cstation: CountStation, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    cstation.context.language = language
    assert snap_compare(cstation.app(), terminal_size=size, run_before=_counting(cstation))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_approval_screen(
    cstation: CountStation, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    cstation.context.language = language
    assert snap_compare(cstation.app(), terminal_size=size, run_before=_approval(cstation))


def _plans(station: CountStation) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await log_in(pilot, station, "SV", CountPlanScreen())
        await settle(pilot, station)
        steady(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_count_plan_screen(
    cstation: CountStation, snap_compare: SnapCompare, language: str, size: tuple[int, int]
) -> None:
    cstation.context.language = language
    assert snap_compare(cstation.app(), terminal_size=size, run_before=_plans(cstation))
