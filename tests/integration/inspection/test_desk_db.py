"""More of the desk on the real database, SQLite and PostgreSQL: kits, a pick-at-pack station,
the done command, corrections with their audit lines, and an abandoned attempt."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from db.models import AuditRow, StockMoveRow
from db.uow import SqlUnitOfWorkFactory
from tests.integration.inspection.harness import Station
from tests.integration.inspection.seed import RULES, TEE_EAN
from wms_tui.core import stock
from wms_tui.core.clock import SystemClock
from wms_tui.core.inspection.records import SessionResult
from wms_tui.core.model import (
    Barcode,
    KitComponent,
    KitMode,
    MoveReason,
    Order,
    OrderLine,
    OrderStatus,
    Sku,
)

KIT_EAN = "6912345678906"  # the tea set's own barcode
CUP_EAN = "6911111111113"
SAUCER_EAN = "6922222222226"


def _add_order(factory: SqlUnitOfWorkFactory, order: Order) -> None:
    with factory() as uow:
        uow.orders.add(order)
        uow.commit()


def _kit_order(factory: SqlUnitOfWorkFactory, mode: KitMode) -> None:
    """A tea set (cup + saucer) as an import expands it, and one tee."""
    with factory() as uow:
        uow.skus.add(Sku("SET", "茶具套装", "Tea set", is_kit=True, kit_mode=mode))
        for code, ean in (("CUP", CUP_EAN), ("SAUCER", SAUCER_EAN)):
            uow.skus.add(Sku(code, code, code))
            uow.skus.add_barcode(Barcode(ean, code))
            uow.skus.add_component(KitComponent("SET", code, 1))
        uow.skus.add_barcode(Barcode(KIT_EAN, "SET"))
        uow.commit()
    lines = [
        OrderLine(1, "CUP", 1, kit_code="SET"),
        OrderLine(2, "SAUCER", 1, kit_code="SET"),
        OrderLine(3, "TEE", 1),
    ]
    _add_order(factory, Order("K1", "jd", "店", OrderStatus.PICKED, lines, waybill="YTK1"))
    with factory() as uow:  # picked: the parts wait in the packing area
        for code in ("CUP", "SAUCER"):
            stock.receive(
                uow, SystemClock(), sku_code=code, qty=2, location="PACK-1", operator="setup",
                station_id="S0",
            )  # fmt: skip
        uow.commit()


def test_a_kit_barcode_counts_every_component(factory: SqlUnitOfWorkFactory) -> None:
    _kit_order(factory, KitMode.KIT_BARCODE)
    station = Station(factory)
    assert station.scan("YTK1").msgid == "inspect.opened"
    assert station.scan(KIT_EAN).msgid == "inspect.counted"
    assert station.scan(TEE_EAN).msgid == "inspect.passed"
    with factory() as uow:
        assert (uow.ledger.level("CUP", "DOCK"), uow.ledger.level("SAUCER", "DOCK")) == (1, 1)


def test_a_kit_in_each_component_mode_wants_its_parts(factory: SqlUnitOfWorkFactory) -> None:
    _kit_order(factory, KitMode.EACH_COMPONENT)
    station = Station(factory)
    station.scan("YTK1")
    refused = station.scan(KIT_EAN)  # recorded on the attempt as a wrong scan
    assert (refused.msgid, refused.error_code) == ("inspect.kit_each", "E832")
    for ean in (CUP_EAN, SAUCER_EAN):
        assert station.scan(ean).msgid == "inspect.counted"
    assert station.scan(TEE_EAN).msgid == "inspect.passed"


def test_a_pick_at_pack_station_picks_a_released_order_when_it_passes(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _add_order(
        factory,
        Order("R1", "jd", "店", OrderStatus.RELEASED, [OrderLine(1, "TEE", 1)], waybill="YTR1"),
    )
    station = Station(factory, replace(RULES, pick_at_pack=True, pick_location="SPARE-1"))
    assert station.scan("YTR1").msgid == "inspect.opened"
    assert station.scan(TEE_EAN).msgid == "inspect.passed"
    with factory() as uow:
        order = uow.orders.get("R1")
        moves = uow.session.execute(
            select(StockMoveRow.from_location, StockMoveRow.to_location, StockMoveRow.reason)
            .where(StockMoveRow.reference == "R1/1")
            .order_by(StockMoveRow.reason)
        ).all()
    assert order is not None and order.status is OrderStatus.VERIFIED
    assert [tuple(m) for m in moves] == [
        ("SPARE-1", "PACK-1", MoveReason.PICK.value),
        ("PACK-1", "DOCK", MoveReason.SHIP.value),
    ]


def test_done_mode_waits_and_the_next_waybill_passes_the_complete_order(
    factory: SqlUnitOfWorkFactory,
) -> None:
    _add_order(
        factory,
        Order("T2", "jd", "店", OrderStatus.PICKED, [OrderLine(1, "TEE", 1)], waybill="YT2"),
    )
    station = Station(factory, replace(RULES, auto_pass=False))
    station.scan("YT2")
    assert station.scan(TEE_EAN).msgid == "inspect.all_matched"
    opened = station.scan("YT1")  # the next parcel's slip: the complete one passes first
    assert opened.msgid.endswith("_after_pass")
    with factory() as uow:
        passed = uow.orders.get("T2")
        (session,) = uow.inspections.history("T2")
    assert passed is not None and passed.status is OrderStatus.VERIFIED
    assert session.result is SessionResult.PASSED


def test_corrections_are_audited_with_their_reason_and_a_cancel_is_recorded(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = Station(factory)
    station.scan("YT1")
    station.scan(TEE_EAN)
    station.scan(TEE_EAN)
    assert station.scan("CMD:UNDO:DOUBLE_SCAN").msgid == "inspect.undone"
    assert station.scan("CMD:REMOVE:1:PUT_BACK").msgid == "inspect.removed"
    assert station.scan("6909876543210").msgid == "inspect.wrong_item"  # a mug: not here
    assert station.scan("CMD:CANCEL").msgid == "inspect.abandoned"
    with factory() as uow:
        audit = uow.session.execute(
            select(AuditRow.action, AuditRow.detail, AuditRow.operator).order_by(AuditRow.at)
        ).all()
        (session,) = uow.inspections.history("T1")
    ours = [tuple(a) for a in audit if a.action.startswith("inspection")]
    assert ours == [
        ("inspection_undo", "count TEE x1: double_scan", "op1"),
        ("inspection_remove", "line 1: put_back", "op1"),
        ("inspection_abandoned", "0 counted", "op1"),
    ]
    assert (session.result, session.wrong_scans, session.note) == (
        SessionResult.ABANDONED,
        1,  # the mug
        "cancel",
    )
