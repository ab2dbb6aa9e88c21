"""F12 at the inspection screen: a supervisor (badge + PIN) takes over or overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from textual.pilot import Pilot
from textual.widgets import Input

from tests.fakes.inspection import FakeScale
from tests.ui.harness import INSPECTOR, PIN, SUPERVISOR, scan, screen_text, settle, wait_until
from tests.ui.inspection.harness import (
    RULES,
    TEE,
    WAYBILL_2,
    InspectStation,
    open_inspect,
)
from wms_tui.core.inspection.records import InspectionSession, SessionResult
from wms_tui.core.inspection.state import WeightRule
from wms_tui.core.model import Barcode, MoveReason, Order, OrderLine, OrderStatus, Sku, StockMove
from wms_tui.ui.common.supervisor_dialog import SupervisorDialog

OTHER = InspectionSession(
    "held-1", "T2", "S2", "OP-INS-2", datetime(2026, 11, 23, 6, 2, tzinfo=UTC)
)
WAYBILL_3 = "SF3000000003"


def _hold_at_other_station(station: InspectStation) -> None:
    with station.db.uow() as uow:
        uow.inspections.add(OTHER)
        uow.commit()


async def _call_supervisor(pilot: Pilot[None], station: InspectStation) -> SupervisorDialog:
    await pilot.press("f12")
    await wait_until(pilot, station, lambda: isinstance(pilot.app.screen, SupervisorDialog))
    dialog = pilot.app.screen
    assert isinstance(dialog, SupervisorDialog)
    return dialog


async def _enter(pilot: Pilot[None], dialog: SupervisorDialog, field: str, value: str) -> None:
    entry = dialog.query_one(f"#supervisor-{field}", Input)
    entry.value = value
    await entry.action_submit()
    await pilot.pause()


def _actions(station: InspectStation) -> list[str]:
    return [event.action for event in station.db.store.audit]


async def test_supervisor_takes_over_a_waybill_held_at_another_station(
    istation: InspectStation,
) -> None:
    istation.context.language = "en"
    _hold_at_other_station(istation)
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_inspect(pilot, istation)
        pilot.app.post_message(scan(WAYBILL_2))
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.error_code == "E710"
        assert "station S2 by OP-INS-2" in screen_text(pilot).replace("\n", " ")
        assert screen.refused_code == WAYBILL_2

        dialog = await _call_supervisor(pilot, istation)
        assert "take over YT2000000002" in screen_text(pilot)
        await _enter(pilot, dialog, "badge", SUPERVISOR)
        assert isinstance(app.focused, Input) and app.focused.password
        await _enter(pilot, dialog, "pin", PIN)

        await wait_until(pilot, istation, lambda: screen.state.session is not None)
        assert app.screen is screen
        session = screen.state.session
        assert session is not None and (session.order_no, session.station_id) == ("T2", "S1")
        assert session.operator == INSPECTOR
        assert istation.db.inspection_store.sessions["held-1"].result is SessionResult.TAKEN_OVER
        assert "inspection_takeover" in _actions(istation)
        assert istation.pipeline.context == "inspect"  # scans go to the order again

        pilot.app.post_message(scan(TEE))
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.passed"


async def test_a_wrong_supervisor_pin_is_refused_and_counted(istation: InspectStation) -> None:
    istation.context.language = "en"
    _hold_at_other_station(istation)
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await open_inspect(pilot, istation)
        pilot.app.post_message(scan(WAYBILL_2))
        await settle(pilot, istation)

        dialog = await _call_supervisor(pilot, istation)
        await _enter(pilot, dialog, "badge", SUPERVISOR)
        await _enter(pilot, dialog, "pin", "9999")
        # The PIN is checked on a worker thread: wait for its answer, not one pause.
        await wait_until(pilot, istation, lambda: bool(dialog.refusal))
        assert app.screen is dialog
        assert "2" in dialog.refusal  # attempts left before the lock (pin_attempts=3)
        with istation.db.uow() as uow:
            supervisor = uow.operators.get(SUPERVISOR)
        assert supervisor is not None and supervisor.failed_pins == 1
        assert "login_wrong_pin" in _actions(istation)

        await pilot.press("escape")
        await wait_until(pilot, istation, lambda: app.screen is screen)
        assert screen.state.session is None
        assert "inspection_takeover" not in _actions(istation)
        assert istation.db.inspection_store.sessions["held-1"].result is SessionResult.OPEN


async def test_a_badge_without_the_supervisor_role_is_refused(istation: InspectStation) -> None:
    _hold_at_other_station(istation)  # zh_CN, the station's language
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_inspect(pilot, istation)
        pilot.app.post_message(scan(WAYBILL_2))
        await settle(pilot, istation)

        dialog = await _call_supervisor(pilot, istation)
        await _enter(pilot, dialog, "badge", INSPECTOR)
        await _enter(pilot, dialog, "pin", "")
        await wait_until(pilot, istation, lambda: bool(dialog.refusal))
        assert app.screen is dialog
        assert dialog.refusal == "李验货 不是主管：只有主管可以确认此操作。"
        assert "不是主管" in screen_text(pilot)
        assert "inspection_takeover" not in _actions(istation)


async def test_a_scanned_badge_fills_the_dialog_and_asks_for_the_pin(
    istation: InspectStation,
) -> None:
    _hold_at_other_station(istation)  # F12 has something to allow: the refused waybill
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_inspect(pilot, istation)
        pilot.app.post_message(scan(WAYBILL_2))
        await settle(pilot, istation)
        dialog = await _call_supervisor(pilot, istation)
        assert istation.pipeline.context == "login"  # a badge scan cannot reach the order
        pilot.app.post_message(scan(SUPERVISOR))
        await wait_until(pilot, istation, lambda: isinstance(app.focused, Input))
        await wait_until(
            pilot, istation, lambda: app.focused is dialog.query_one("#supervisor-pin")
        )
        assert dialog.query_one("#supervisor-badge", Input).value == SUPERVISOR


async def test_a_supervisor_lets_a_weight_failure_pass(istation: InspectStation) -> None:
    istation.context.language = "en"
    with istation.db.uow() as uow:
        uow.skus.add(Sku("KETTLE", "电水壶", "Kettle", unit_weight_g=1200))
        uow.skus.add_barcode(Barcode("6901234500044", "KETTLE"))
        uow.orders.add(
            Order(
                "T3",
                "own",
                "官网",
                OrderStatus.PICKED,
                [OrderLine(1, "KETTLE", 1)],
                courier="顺丰",
                waybill=WAYBILL_3,
            )
        )
        uow.ledger.post(StockMove("m9", "KETTLE", 1, "@supplier", "PACK-1", MoveReason.RECEIPT))
        uow.commit()
    scale = FakeScale(2000)  # expected 1200 + 100 packaging, ± 65 g
    app = istation.app()
    async with app.run_test(size=(110, 34)) as pilot:
        await open_inspect(pilot, istation)
        pilot.app.pop_screen()
        screen = istation.screen(replace(RULES, weight=WeightRule(packaging_g=100)), scale)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        assert "Scale: 2000 g" in screen_text(pilot)

        pilot.app.post_message(scan(WAYBILL_3))
        pilot.app.post_message(scan("6901234500044"))
        await settle(pilot, istation)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.weight.fail"
        assert screen.state.session is not None

        dialog = await _call_supervisor(pilot, istation)
        assert "weight" in screen_text(pilot)
        await _enter(pilot, dialog, "badge", SUPERVISOR)
        await _enter(pilot, dialog, "pin", PIN)
        await wait_until(pilot, istation, lambda: screen.state.session is None)
        assert app.last_outcome is not None and app.last_outcome.msgid == "inspect.passed"
        assert "inspection_weight_override" in _actions(istation)
        with istation.db.uow() as uow:
            order = uow.orders.get("T3")
        assert order is not None and order.status is OrderStatus.VERIFIED
