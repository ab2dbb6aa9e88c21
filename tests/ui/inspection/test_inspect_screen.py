"""The inspection screen, driven by posted scans: open, count, wrong, too many, ack, pass."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from tests.ui.harness import SteppingClock, key, scan, screen_text, settle, wait_until
from tests.ui.inspection.harness import (
    MUG,
    SOCKS,
    TEE,
    WAYBILL,
    WAYBILL_2,
    InspectStation,
    open_inspect,
)
from wms_tui.core.model import OrderStatus, Sku
from wms_tui.core.ports import SoundClass
from wms_tui.ui.inspection.lines import InspectionLines
from wms_tui.ui.inspection.recent import InspectionRecent
from wms_tui.ui.inspection.remarks import InspectionRemarks


def _cells(screen_lines: InspectionLines) -> list[list[str]]:
    """Each row as line, SKU, name, spec, scanned, flags (the table shows scanned second)."""
    rows = [
        [str(cell) for cell in screen_lines.get_row_at(index)]
        for index in range(screen_lines.row_count)
    ]
    return [[row[0], row[2], row[3], row[4], row[1], row[5]] for row in rows]


async def test_a_whole_order_then_the_next_waybill(istation: InspectStation) -> None:
    istation.context.language = "en"
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_inspect(pilot, istation)
        assert "No order open" in screen_text(pilot)

        pilot.app.post_message(scan(WAYBILL))
        await wait_until(pilot, istation, lambda: screen.state.session is not None)
        text = screen_text(pilot)
        assert "T1" in text and "圆通 YT1234567890" in text and "淘宝·旗舰店" in text
        remarks = screen.query_one(InspectionRemarks)
        assert remarks.display and remarks.has_class("-unacknowledged")
        assert "[red]不要发票[/]" in text  # untrusted remark shown as written
        lines = screen.query_one(InspectionLines)
        assert [row[1:5] for row in _cells(lines)] == [
            ["TEE", "White tee", "XL", "0/2"],
            ["MUG", "gift Mug", "", "0/1"],  # a gift says so where 80 columns show it
        ]

        pilot.app.post_message(scan(TEE))
        await settle(pilot, istation)
        assert _cells(lines)[0][4] == "1/2"
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.counted"

        pilot.app.post_message(scan(SOCKS))
        await settle(pilot, istation)
        assert app.last_outcome is not None
        assert (app.last_outcome.msgid, app.last_outcome.sound) == (
            "inspect.wrong_item",
            SoundClass.ERROR,
        )
        assert "not in this order" in screen_text(pilot).replace("\n", " ")

        pilot.app.post_message(scan(MUG))
        pilot.app.post_message(scan(MUG))
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.too_many"
        assert _cells(lines)[1][4] == "1/1 ✓"

        pilot.app.post_message(scan(TEE))  # all matched, remarks not yet acknowledged
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.ack_to_pass"
        assert screen.state.session is not None

        await pilot.press("f5")  # CMD:ACK through the pipeline; that passes the order
        await wait_until(pilot, istation, lambda: screen.state.session is None)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.passed"
        assert "PASSED: order T1" in screen_text(pilot)
        with istation.db.uow() as uow:
            order = uow.orders.get("T1")
            assert order is not None and order.status is OrderStatus.VERIFIED
            (attempt,) = uow.inspections.history("T1")
            assert attempt.wrong_scans == 2

        pilot.app.post_message(scan(WAYBILL_2))  # the next parcel, no key needed
        await wait_until(pilot, istation, lambda: screen.state.session is not None)
        assert screen.state.sheet is not None and screen.state.sheet.order_no == "T2"
        assert not screen.query_one(InspectionRemarks).display


async def test_keyed_quantity_undo_and_problem_goods(istation: InspectStation) -> None:
    istation.context.language = "zh_CN"
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_inspect(pilot, istation)
        pilot.app.post_message(scan(WAYBILL))
        await wait_until(pilot, istation, lambda: screen.state.session is not None)
        lines = screen.query_one(InspectionLines)

        await pilot.press("f6")
        field = screen.query_one("#inspect-qty", Input)
        assert field.display and field.has_focus
        field.value = "2"
        await field.action_submit()
        await settle(pilot, istation)
        assert not field.display
        pilot.app.post_message(scan(TEE))
        await settle(pilot, istation)
        assert _cells(lines)[0][4] == "2/2 ✓"

        await pilot.press("f7")  # asks why before anything is undone
        reasons = screen.query_one("#inspect-reason", OptionList)
        assert reasons.display and reasons.has_focus and reasons.option_count == 4
        assert "为什么撤销上一步" in screen_text(pilot)
        assert _cells(lines)[0][4] == "2/2 ✓"
        reasons.highlighted = 0  # scanned twice
        reasons.action_select()
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.undone"
        assert _cells(lines)[0][4] == "0/2"
        recent = str(screen.query_one(InspectionRecent).render())
        assert "已撤销" in recent and "已计" not in recent  # the undone scan is not "counted"
        assert not reasons.display
        with istation.db.uow() as uow:
            assert [
                (a.action, a.detail) for a in uow.store.audit if a.action.startswith("inspection")
            ] == [("inspection_undo", "count TEE x2: double_scan")]

        await pilot.press("f8")
        problems = screen.query_one("#inspect-problem", OptionList)
        assert problems.display and problems.option_count == 3
        problems.highlighted = 0
        problems.action_select()
        await settle(pilot, istation)
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "inspect.problem_armed.damaged"
        pilot.app.post_message(scan(TEE))
        await settle(pilot, istation)
        assert app.last_outcome is not None
        assert app.last_outcome.msgid == "inspect.quarantined.damaged"
        assert "1 件已隔离" in _cells(lines)[0][5]

        await pilot.press("escape")  # problems open: CMD:CANCEL refuses to abandon
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E815"
        assert screen.state.session is not None


async def test_remove_one_unit_from_the_chosen_line_with_a_reason_then_done(
    istation: InspectStation,
) -> None:
    istation.context.language = "en"
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_inspect(pilot, istation)
        pilot.app.post_message(scan(WAYBILL))
        await wait_until(pilot, istation, lambda: screen.state.session is not None)
        lines = screen.query_one(InspectionLines)
        for code in (TEE, TEE):
            pilot.app.post_message(scan(code))
        await settle(pilot, istation)
        assert [row[4] for row in _cells(lines)] == ["2/2 ✓", "0/1"]
        lines.move_cursor(row=0)
        await pilot.press("f9")
        reasons = screen.query_one("#inspect-reason", OptionList)
        assert reasons.display and "Why take one unit off line 1?" in screen_text(pilot)
        await pilot.press("escape")  # changed my mind: nothing removed
        await settle(pilot, istation)
        assert not reasons.display and _cells(lines)[0][4] == "2/2 ✓"
        assert screen.state.session is not None

        await pilot.press("f9")
        reasons.highlighted = 2  # put back
        reasons.action_select()
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.removed"
        assert _cells(lines)[0][4] == "1/2"
        assert lines.cursor_row == 0
        with istation.db.uow() as uow:
            assert ("inspection_remove", "line 1: put_back") in [
                (a.action, a.detail) for a in uow.store.audit
            ]

        await pilot.press("f11")  # done while a unit is missing: refused, says how many
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E812"
        assert app.last_outcome.params["missing"] == 2 and screen.state.session is not None


async def test_a_waybill_typed_by_hand_opens_the_order_and_the_arrows_choose_the_line(
    istation: InspectStation,
) -> None:
    """A torn slip: the inspector types the waybill at human speed into the entry field."""
    istation.context.language = "en"
    app = istation.app(monotonic=SteppingClock(0.2))
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_inspect(pilot, istation)
        entry = screen.query_one("#manual-entry", Input)
        assert app.focused is entry
        for char in WAYBILL:
            app.post_message(key(char))
        await wait_until(pilot, istation, lambda: entry.value == WAYBILL)
        assert screen.state.session is None  # nothing until Enter
        app.post_message(key("\r"))
        await wait_until(pilot, istation, lambda: screen.state.session is not None)
        assert entry.value == "" and app.focused is entry
        journaled = [(e.source, e.data) for e in istation.db.store.journal.values()]
        assert ("manual", WAYBILL) in journaled

        lines = screen.query_one(InspectionLines)
        assert lines.cursor_row == 0
        await pilot.press("down")
        assert lines.cursor_row == 1 and app.focused is entry
        await pilot.press("down")  # the last line stays chosen
        assert lines.cursor_row == 1
        await pilot.press("up")
        assert lines.cursor_row == 0


async def test_at_80_columns_every_line_shows_its_scanned_quantity(
    istation: InspectStation,
) -> None:
    """The scanned-of-expected column was the one cut off at 80 columns, as soon as names and
    specs were as long as a shop's are."""
    istation.context.language = "en"
    istation.db.store.skus["TEE"] = Sku(
        "TEE", "轻薄羽绒马甲", "Lightweight packable down vest", "khaki XL long cut"
    )
    app = istation.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_inspect(pilot, istation)
        pilot.app.post_message(scan(WAYBILL))
        await wait_until(pilot, istation, lambda: screen.state.session is not None)
        text = screen_text(pilot)
        # The header and five order lines stay in view beside a remark at 80x24.
        assert screen.query_one(InspectionLines).size.height >= 6
    assert "0/2" in text and "0/1" in text
