"""Binding a courier label to an order imported without a waybill (绑定快递单号): asked for
when everything matches, checked against the courier's pattern, refused when another order
has it, undone like a scan, written onto the order at the pass."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.fakes import FakeDatabase
from tests.unit.inspection.desk import RULES, Station
from wms_tui.core.inspection.handler import load_state
from wms_tui.core.inspection.records import WaybillPattern, WaybillTaken
from wms_tui.core.model import Order, OrderLine, OrderStatus

TEE = "6901234567892"


@pytest.fixture
def unbound(db: FakeDatabase) -> FakeDatabase:
    with db.uow() as uow:
        uow.orders.add(
            Order("N1", "pdd", "店", OrderStatus.PICKED, [OrderLine(1, "TEE", 1)], courier="顺丰")
        )
        uow.commit()
    return db


def _waybill(db: FakeDatabase, order_no: str) -> str:
    with db.uow() as uow:
        order = uow.orders.get(order_no)
        assert order is not None
        return order.waybill


def test_the_label_is_asked_for_bound_and_the_order_passes(unbound: FakeDatabase) -> None:
    station = Station(unbound)
    assert station.scan("N1").msgid == "inspect.opened"
    assert station.scan(TEE).msgid == "inspect.bind.scan_label"
    assert station.scan("SF123456789012").msgid == "inspect.passed"
    assert _waybill(unbound, "N1") == "SF123456789012"
    assert ("inspection_waybill_bound", "SF123456789012") in [
        (a.action, a.detail) for a in unbound.store.audit
    ]


def test_a_waybill_of_another_order_is_refused(unbound: FakeDatabase) -> None:
    station = Station(unbound)
    station.scan("N1")
    station.scan(TEE)
    with pytest.raises(WaybillTaken) as refused:
        station.scan("YT1")  # order T1's
    assert refused.value.params["order"] == "T1"
    assert _waybill(unbound, "N1") == ""


def test_the_couriers_pattern_is_checked(unbound: FakeDatabase) -> None:
    station = Station(unbound, replace(RULES, waybill_patterns=(("顺丰", r"SF[0-9]{12}"),)))
    station.scan("N1")
    station.scan(TEE)
    with pytest.raises(WaybillPattern):
        station.scan("YT9999")
    assert station.scan("SF000000000001").msgid == "inspect.passed"


def test_a_wrong_label_is_undone_and_another_scanned(unbound: FakeDatabase) -> None:
    rules = replace(RULES, auto_pass=False)
    station = Station(unbound, rules)
    station.scan("N1")
    station.scan(TEE)
    assert station.scan("SF111111111111").msgid == "inspect.bind.bound"
    assert station.scan("CMD:UNDO").msgid == "inspect.bind.undone"
    with station.uow() as uow:
        assert load_state(uow, "S1").progress.waybill == ""
    station.scan("SF222222222222")
    assert station.scan("CMD:DONE").msgid == "inspect.passed"
    assert _waybill(unbound, "N1") == "SF222222222222"


def test_an_order_imported_with_a_waybill_keeps_it(db: FakeDatabase) -> None:
    station = Station(db)
    station.scan("YT1")
    for _ in range(3):
        last = station.scan(TEE)
    assert last.msgid == "inspect.passed" and _waybill(db, "T1") == "YT1"


def test_bound_first_when_configured_then_the_last_item_passes(unbound: FakeDatabase) -> None:
    """[inspection] bind_waybill = "at_open": the label is asked for as the order opens; the
    items then pass the order as usual."""
    station = Station(unbound, replace(RULES, bind_first=True))
    assert station.scan("N1").msgid == "inspect.opened_bind"
    assert station.scan("SF123456789012").msgid == "inspect.bind.bound"
    assert station.scan(TEE).msgid == "inspect.passed"
    assert _waybill(unbound, "N1") == "SF123456789012"


def test_a_pattern_named_by_the_couriers_code_checks_an_order_written_in_chinese(
    unbound: FakeDatabase,
) -> None:
    station = Station(unbound, replace(RULES, waybill_patterns=(("SF", r"SF[0-9]{12}"),)))
    station.scan("N1")
    station.scan(TEE)
    with pytest.raises(WaybillPattern):
        station.scan("YT9999")
