"""The count and approval screens driven by posted scans: a blind count, a recount by a
second stocktaker, an approval."""

from __future__ import annotations

from tests.ui.counting.harness import (
    SIZE,
    SOCKS_PACK,
    TEE,
    UNKNOWN,
    CountStation,
    cells,
    log_in,
    post_scans,
)
from tests.ui.harness import screen_text, settle
from wms_tui.core.counting.records import TaskStatus
from wms_tui.core.model import Operator, Role
from wms_tui.core.ports import SoundClass
from wms_tui.ui.counting.approval import CountApprovalScreen
from wms_tui.ui.counting.lines import CountLines
from wms_tui.ui.counting.screen import CountScreen
from wms_tui.ui.counting.variance import VarianceTable


async def test_a_blind_count_never_shows_the_system_quantity(cstation: CountStation) -> None:
    cstation.context.language = "en"
    app = cstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = CountScreen()
        await log_in(pilot, cstation, "S1", screen)
        assert "No location open" in screen_text(pilot)

        await post_scans(pilot, cstation, "A-01")
        assert app.last_outcome is not None and app.last_outcome.msgid == "count.started"
        assert app.last_outcome.sound is SoundClass.NEEDS_INPUT
        lines = screen.query_one(CountLines)
        assert [str(c.label) for c in lines.columns.values()] == ["SKU", "Name", "Counted"]

        await post_scans(pilot, cstation, TEE, TEE, SOCKS_PACK, UNKNOWN)
        assert cells(lines) == [
            ["SKU-1", "White tee", "2"],
            ["SKU-2", "Socks", "6"],
            ["? " + UNKNOWN, "unknown code, kept for the supervisor", ""],
        ]
        text = screen_text(pilot)
        assert "A-01" in text and "Zone A (blind)" in text and "8 units counted" in text
        # Blind: no system column, and no outcome ever carried the system's quantity.
        assert "System" not in text and "system" not in app.last_outcome.params

        await pilot.press("f6")  # keyed quantity, through the pipeline as "*8"
        field = screen.query_one("#count-qty")
        assert field.display
        field.value = "8"  # type: ignore[attr-defined]
        await field.action_submit()  # type: ignore[attr-defined]
        await settle(pilot, cstation)
        assert "Quantity for the next item: ×8" in screen_text(pilot)
        await post_scans(pilot, cstation, TEE)
        assert cells(lines)[0] == ["SKU-1", "White tee", "10"]

        await pilot.press("f7")  # undo the 8
        await settle(pilot, cstation)
        await pilot.press("f7")  # and the quantity keyed for it
        await settle(pilot, cstation)
        assert cells(lines)[0] == ["SKU-1", "White tee", "2"]

        await pilot.press("f9")  # done: 2 tees for 10 is above the threshold of 1
        await settle(pilot, cstation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "count.closed_recount"
        assert lines.row_count == 0 and "No location open" in screen_text(pilot)


async def test_recount_by_a_second_stocktaker_then_approval(cstation: CountStation) -> None:
    cstation.context.language = "zh_CN"
    app = cstation.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, cstation, "S1", CountScreen())
        await post_scans(pilot, cstation, "A-02", "CMD:EMPTY")  # system says 2: recount
        assert app.last_outcome is not None and app.last_outcome.msgid == "count.closed_recount"
        await post_scans(pilot, cstation, "A-02")
        assert app.last_outcome is not None and app.last_outcome.sound is SoundClass.ERROR
        assert app.last_outcome.msgid == "count.error.other_counter"

        second = CountScreen()
        await log_in(pilot, cstation, "S2", second)
        await post_scans(pilot, cstation, "A-02", TEE, TEE, TEE, "CMD:DONE")
        assert app.last_outcome is not None and app.last_outcome.msgid == "count.closed"

        approval = CountApprovalScreen("P1")
        await log_in(pilot, cstation, "SV", approval)
        table = approval.query_one(VarianceTable)
        waiting = ["A-02", "SKU-1", "2", "0/3", "3", "+1", "25.00", "+25.00", "已盘点，待审批"]
        assert waiting in cells(table)
        assert "A-02" in screen_text(pilot)
        table.move_cursor(row=[r[0] for r in cells(table)].index("A-02"))
        await pilot.press("2")  # approve with reason "found": first what it will post
        await settle(pilot, cstation)
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "count.ui.confirm_approve"
        assert app.last_outcome.params["units"] == "+1"
        assert app.last_outcome.params["value"] == "+25.00"
        assert [
            "A-02",
            "SKU-1",
            "2",
            "0/3",
            "3",
            "+1",
            "25.00",
            "+25.00",
            "已盘点，待审批",
        ] in cells(table)  # nothing posted yet
        await pilot.press("2")  # the same key again posts it
        await settle(pilot, cstation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "count.ui.approved"
        assert ["A-02", "SKU-1", "2", "0/3", "3", "+1", "25.00", "+25.00", "已审批"] in cells(table)
    with cstation.db.uow() as uow:
        assert uow.ledger.level("SKU-1", "A-02") == 3
        location = uow.locations.get("A-02")
        assert location is not None and not location.frozen
        (approved,) = [a for a in uow.counts.approvals("P1") if a.location == "A-02"]
        assert (approved.approver, approved.counter, approved.reason) == ("SV", "S2", "found")
        rounds = uow.counts.tasks("P1", "A-02")
        assert [t.status for t in rounds] == [TaskStatus.SUPERSEDED, TaskStatus.APPROVED]


async def test_a_supervisor_who_counted_is_refused(cstation: CountStation) -> None:
    with cstation.db.uow() as uow:
        uow.operators.add(Operator("MAX", "Max", frozenset({Role.SUPERVISOR, Role.STOCKTAKER})))
        uow.commit()
    cstation.context.language = "en"
    app = cstation.app()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, cstation, "MAX", CountScreen())
        await post_scans(pilot, cstation, "A-02", TEE, TEE, "CMD:DONE")
        approval = CountApprovalScreen("P1")
        await log_in(pilot, cstation, "MAX", approval)
        table = approval.query_one(VarianceTable)
        table.move_cursor(row=[r[0] for r in cells(table)].index("A-02"))
        await pilot.press("a", "a")  # asked once more, then approved: refused
        await settle(pilot, cstation)
        assert app.last_outcome is not None and app.last_outcome.sound is SoundClass.ERROR
        assert app.last_outcome.msgid == "count.error.self_approval"
        assert "Max" in screen_text(pilot)
    with cstation.db.uow() as uow:
        location = uow.locations.get("A-02")
        assert location is not None and location.frozen  # nothing was approved


async def test_the_count_screen_lists_what_is_left_to_count_in_walk_order(
    cstation: CountStation,
) -> None:
    """A stocktaker was never shown which locations are to be counted."""
    cstation.context.language = "en"
    app = cstation.app()
    async with app.run_test(size=SIZE) as pilot:
        screen = CountScreen()
        await log_in(pilot, cstation, "S1", screen)
        assert screen.view is not None and screen.view.task is None
        todo = list(screen.view.to_count)
        assert todo and todo == sorted(todo, key=lambda code: todo.index(code))
        assert f"To count, in walk order: {', '.join(todo)}" in screen_text(pilot)
        await post_scans(pilot, cstation, todo[0])  # in hand now: the list gives way
        assert "To count, in walk order" not in screen_text(pilot)
