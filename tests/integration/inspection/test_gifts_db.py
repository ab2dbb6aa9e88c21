"""Gift lines added at the desk on the real database (SQLite and PostgreSQL), through the
scan pipeline: the event kinds are stored, the line is written onto the order, the ledger
moves the gift to the bench and on to the dock, a supervisor's allowance is journaled."""

from __future__ import annotations

import uuid
from dataclasses import replace

from sqlalchemy import select

from db.inspection.models import InspectionEventRow
from db.uow import SqlUnitOfWorkFactory
from tests.integration.inspection.harness import AT, Station
from tests.integration.inspection.seed import MUG_EAN, RULES, TEE_EAN
from wms_tui.core.inspection.handler import load_state
from wms_tui.core.inspection.supervisor import (
    GIFT,
    SUPERVISED_CONTEXT,
    supervised_handler,
    supervised_text,
)
from wms_tui.core.model import Order, OrderLine, OrderStatus
from wms_tui.core.outcome import Outcome
from wms_tui.core.scans import Scan


def _order_lines(factory: SqlUnitOfWorkFactory) -> list[tuple[int, str, int, bool]]:
    with factory() as uow:
        order = uow.orders.get("T1")
        assert order is not None
        return [(ln.line_no, ln.sku_code, ln.qty, ln.is_gift) for ln in order.lines]


def test_a_listed_gift_ships_with_the_order(factory: SqlUnitOfWorkFactory) -> None:
    station = Station(factory, replace(RULES, gift_skus=frozenset({"MUG"})))
    station.scan("YT1")
    assert station.scan("CMD:GIFT").msgid == "inspect.gift.armed"
    assert station.scan(MUG_EAN).msgid == "inspect.gift.added"
    with factory() as uow:
        assert uow.ledger.level("MUG", "SPARE-1") == 9
        assert uow.ledger.level("MUG", "PACK-1") == 11
    for _ in range(3):
        last = station.scan(TEE_EAN)
    assert last.msgid == "inspect.passed"
    assert _order_lines(factory) == [(1, "TEE", 3, False), (2, "MUG", 1, True)]
    with factory() as uow:
        order = uow.orders.get("T1")
        assert order is not None and order.status is OrderStatus.VERIFIED
        assert uow.ledger.level("MUG", "DOCK") == 1
        kinds = set(uow.session.scalars(select(InspectionEventRow.kind)))
        assert {"arm_gift", "gift"} <= kinds


def test_a_supervisor_allows_an_unlisted_gift_and_undo_takes_it_back(
    factory: SqlUnitOfWorkFactory,
) -> None:
    station = Station(factory)
    station.pipeline.register(SUPERVISED_CONTEXT, supervised_handler(station.desk))
    station.scan("YT1")
    station.scan("CMD:GIFT")
    refused = station.scan(MUG_EAN)
    assert (refused.error_code, refused.params["sku"]) == ("E835", "MUG")
    allowed = _supervised(station, supervised_text(GIFT, "B-SUP", "MUG"))
    assert allowed.msgid == "inspect.gift.added", allowed
    with factory() as uow:
        assert [lp.line.sku_code for lp in load_state(uow, "S1").progress.lines] == ["TEE", "MUG"]
    assert station.scan("CMD:UNDO").msgid == "inspect.undone"
    with factory() as uow:
        assert uow.ledger.level("MUG", "SPARE-1") == 10
        assert uow.ledger.level("MUG", "PACK-1") == 10
    for _ in range(3):
        station.scan(TEE_EAN)
    assert _order_lines(factory) == [(1, "TEE", 3, False)]


def _supervised(station: Station, text: str) -> Outcome:
    station.pipeline.activate(SUPERVISED_CONTEXT)
    try:
        scan = Scan(str(uuid.uuid4()), "key", text, received_at=AT, operator="op1")
        return station.pipeline.process(scan)
    finally:
        station.pipeline.activate("inspect")


def test_a_courier_label_is_bound_to_an_order_imported_without_one(
    factory: SqlUnitOfWorkFactory,
) -> None:
    with factory() as uow:
        uow.orders.add(
            Order("N1", "pdd", "店", OrderStatus.PICKED, [OrderLine(1, "TEE", 1)], courier="顺丰")
        )
        uow.commit()
    station = Station(factory)
    station.scan("N1")
    assert station.scan(TEE_EAN).msgid == "inspect.bind.scan_label"
    assert station.scan("YT1").error_code == "E841"  # order T1's waybill
    assert station.scan("SF123456789012").msgid == "inspect.passed"
    with factory() as uow:
        order = uow.orders.get("N1")
        assert order is not None and order.waybill == "SF123456789012"
        assert "bind" in set(uow.session.scalars(select(InspectionEventRow.kind)))
