"""The returns screen through App.run_test: open a return, count units, mark one damaged
with a reason, refusals in words, close after saying what it books, and the screenshots of
each in both languages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.harness import (
    Station,
    SteppingClock,
    flat_text,
    post_keys,
    scan,
    settle,
    steady,
)
from tests.ui.returns.harness import CAP, MUG, TEE, WAYBILL, open_returns
from wms_tui.core.model import OrderStatus
from wms_tui.core.returns.records import Condition, ReturnStatus
from wms_tui.ui.app import StationApp

SnapCompare = Callable[..., bool]

pytestmark = pytest.mark.usefixtures("shanghai_time")


async def _scan(pilot: Pilot[None], station: Station, *codes: str) -> None:
    for code in codes:
        pilot.app.post_message(scan(code))
        await settle(pilot, station)


async def _mark_damaged(pilot: Pilot[None], station: Station, reason: str) -> None:
    await pilot.press("f5")
    await pilot.pause()
    await pilot.press("down", "enter")  # resaleable, then damaged
    await pilot.pause()
    field = pilot.app.screen.query_one("#returns-text", Input)
    assert field.display and field.has_focus
    field.value = reason
    await field.action_submit()
    await settle(pilot, station)


def _outcome(app: StationApp) -> tuple[str, str]:
    outcome = app.last_outcome
    assert outcome is not None
    return outcome.msgid, outcome.error_code


async def test_a_clerk_books_a_return_unit_by_unit(returns: Station) -> None:
    returns.context.language = "en"
    app = returns.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_returns(pilot, returns)
        assert "No return open" in flat_text(pilot)
        await _scan(pilot, returns, WAYBILL)
        assert screen.view.record is not None and screen.view.order is not None
        assert "order R1" in flat_text(pilot) and "小鱼儿" in flat_text(pilot)
        await _scan(pilot, returns, TEE, TEE)
        assert screen.view.count == 2 and "2 units" in flat_text(pilot)
        await _mark_damaged(pilot, returns, "screen cracked")
        assert _outcome(app) == ("returns.marked", "")
        assert "damaged" in flat_text(pilot)
        await _scan(pilot, returns, TEE)
        assert _outcome(app) == ("returns.error.over_return", "E935")
        assert "2 of TEE were shipped; this would be number 3" in flat_text(pilot)
        await _scan(pilot, returns, MUG)
        assert _outcome(app) == ("returns.error.not_from_order", "E934")
        await pilot.press("f11")
        await settle(pilot, returns)
        assert _outcome(app)[0] == "returns.ui.confirm_close"
        assert "1 resaleable to RET-01, 1 to quarantine QUA-01" in flat_text(pilot)
        with returns.db.uow() as uow:  # nothing booked on the first press
            order = uow.orders.get("R1")
            assert order is not None and order.status is OrderStatus.HANDED_OVER
        await pilot.press("f11")
        await settle(pilot, returns)
        assert _outcome(app)[0] == "returns.closed_part"
        assert screen.view.record is None
        # What is fit to sell waits to be put away, with the bin its SKU lives in.
        text = flat_text(pilot)
        assert "To put away (scan the item, then the bin): TEE ×1 → A-01-1" in text
        assert "F5 put away all" in text  # the bar with no return open
        await _scan(pilot, returns, "A-01-1")  # the item first
        assert _outcome(app) == ("putaway.error.carry_nothing", "E892")
        await _scan(pilot, returns, TEE)
        assert _outcome(app) == ("putaway.carry", "")
        assert "Put away: TEE ×1 White tee → A-01-1" in flat_text(pilot)
        await _scan(pilot, returns, "A-01-1")
        assert _outcome(app) == ("putaway.done", "")
        assert "To put away" not in flat_text(pilot) and "Put away:" not in flat_text(pilot)
    with returns.db.uow() as uow:
        order = uow.orders.get("R1")
        assert order is not None and order.status is OrderStatus.RETURNED
        assert uow.ledger.level("TEE", "A-01-1") == 5 and uow.ledger.level("TEE", "QUA-01") == 1
    (record,) = returns.db.return_store.records.values()
    assert record.status is ReturnStatus.CLOSED
    units = [u for u in returns.db.return_store.units if not u.removed]
    assert [(u.condition, u.reason) for u in units] == [
        (Condition.RESALEABLE, ""), (Condition.DAMAGED, "screen cracked"),
    ]  # fmt: skip


async def test_chinese_typed_into_the_reason_is_text_not_a_scan(returns: Station) -> None:
    """An input method hands a whole word over at scanner speed: into a text field it is
    still what the clerk typed (Enter submits the reason), never a scan in the journal."""
    app = returns.app(monotonic=SteppingClock(0.0001))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_returns(pilot, returns)
        await _scan(pilot, returns, WAYBILL, CAP)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        post_keys(app, "外壳破损")  # the word and Enter, as fast as a scanner
        await settle(pilot, returns)
        assert _outcome(app) == ("returns.marked", "")
        journaled = [e.data for e in returns.db.store.journal.values()]
        assert "外壳破损" not in journaled
    units = [u for u in returns.db.return_store.units if not u.removed]
    assert [(u.condition, u.reason) for u in units] == [(Condition.DAMAGED, "外壳破损")]


async def test_an_unknown_parcel_is_booked_unidentified_with_f6(returns: Station) -> None:
    returns.context.language = "en"
    app = returns.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_returns(pilot, returns)
        await _scan(pilot, returns, "SF0000000777")
        assert _outcome(app) == ("returns.error.unknown", "E931")
        assert "F6" in flat_text(pilot)
        await pilot.press("f6")
        await pilot.pause()
        field = app.screen.query_one("#returns-text", Input)
        field.value = "blue bag, no label"
        await field.action_submit()
        await settle(pilot, returns)
        assert _outcome(app)[0] == "returns.opened_unidentified"
        assert screen.view.record is not None and screen.view.record.unidentified
        await _scan(pilot, returns, MUG)  # any SKU: nobody knows yet what was shipped
        assert screen.view.count == 1
        await pilot.press("f9")  # give up: asks once more
        await settle(pilot, returns)
        assert screen.view.record is not None
        await pilot.press("f9")
        await settle(pilot, returns)
        assert _outcome(app)[0] == "returns.abandoned" and screen.view.record is None
    (record,) = returns.db.return_store.records.values()
    assert (record.status, record.note, record.parcel) == (
        ReturnStatus.ABANDONED, "blue bag, no label", "SF0000000777",
    )  # fmt: skip


def _after(station: Station, case: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_returns(pilot, station)
        if case != "none_open":
            await _scan(pilot, station, WAYBILL)
        if case in ("counted", "refused", "closing", "closed", "carrying"):
            await _scan(pilot, station, TEE, CAP)
            await _mark_damaged(pilot, station, "外壳破损")
        if case == "refused":
            await _scan(pilot, station, MUG)
        if case in ("closing", "closed", "carrying"):
            await pilot.press("f11")
        if case in ("closed", "carrying"):  # booked: what is fit to sell waits to be put away
            await settle(pilot, station)
            await pilot.press("f11")
        if case == "carrying":  # the item, on its way to the bin suggested
            await settle(pilot, station)
            await _scan(pilot, station, TEE)
        await settle(pilot, station)
        steady(pilot)

    return run_before


# Every state at 80×24, the floor's terminal; at 120×36 the one with the most on it.
CASES = [
    *(pytest.param(case, (80, 24), id=f"80x24-{case}")
      for case in ("opened", "counted", "refused", "closing", "closed", "carrying")),
    pytest.param("closed", (120, 36), id="120x36-closed"),
]  # fmt: skip


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize(("case", "size"), CASES)
def test_returns_screen(
    returns: Station, snap_compare: SnapCompare, language: str, case: str, size: tuple[int, int]
) -> None:
    returns.context.language = language
    assert snap_compare(returns.app(), terminal_size=size, run_before=_after(returns, case))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
async def test_every_key_of_the_bar_shows_at_80_columns(returns: Station, language: str) -> None:
    returns.context.language = language
    app = returns.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_returns(pilot, returns)
        text = flat_text(pilot)
        # No return open: only what does something then.
        assert "F6 " in text and "Esc " in text and "F11 " not in text, text
        await _scan(pilot, returns, WAYBILL)
        text = flat_text(pilot)
        for key in ("F5", "F6", "F7", "F8", "F9", "F11", "Esc"):
            assert f"{key} " in text, (key, text)
