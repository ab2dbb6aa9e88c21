"""Refund times (退款时间) from an order file on both engines: a new order brings its own;
the shop's export imported again gives one to an order imported before, once, audited;
an archived order stays as it was."""

from __future__ import annotations

from datetime import timedelta, timezone

from db.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.unit.imports.helpers import table
from wms_tui.core.imports import ImportKind, Table
from wms_tui.core.imports.service import ImportReport, import_table
from wms_tui.core.orders.desk import order_detail

CHINA = timezone(timedelta(hours=8))
HEADER = ["订单编号", "平台", "店铺", "商品编码", "数量", "付款时间", "退款时间"]


def _file(refunds: dict[str, str]) -> Table:
    rows = [
        [no, "taobao", "店", "TEE-W-XL", "1", "2026-12-01 10:00", refunds.get(no, "")]
        for no in ("RF1", "RF2")
    ]
    return table(HEADER, *rows, file="orders.csv")


def _import(factory: SqlUnitOfWorkFactory, data: Table) -> ImportReport:
    return import_table(factory, FixedClock(), ImportKind.ORDERS, data, "OP-ADM-1", "PACK-01")


def test_refund_times_come_with_the_order_file(factory: SqlUnitOfWorkFactory) -> None:
    first = _import(factory, _file({"RF1": "2026-12-02 09:30"}))
    assert (first.created, first.updated) == (2, 0)
    with factory.for_reading()() as uow:
        rf1, rf2 = uow.orders.get("RF1"), uow.orders.get("RF2")
    assert rf1 is not None and rf2 is not None and rf2.refunded_at is None
    assert rf1.refunded_at is not None
    assert rf1.refunded_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") == "2026-12-02 09:30"
    # The shop's export again, a day later: RF2 was refunded meanwhile.
    again = _import(factory, _file({"RF1": "2026-12-02 09:30", "RF2": "2026-12-03 11:00"}))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    with factory.for_reading()() as uow:
        detail = order_detail(uow, "RF2")
    assert detail.order.refunded_at is not None
    events = [(e.what, e.who) for e in detail.timeline]
    assert ("refunded", "") in events and ("audit_order_refund", "OP-ADM-1") in events
    # Once recorded, a third import changes nothing, whatever time it gives.
    third = _import(factory, _file({"RF1": "2026-12-09 09:30", "RF2": "2026-12-03 11:00"}))
    assert (third.created, third.updated) == (0, 0)
    with factory.for_reading()() as uow:
        kept = uow.orders.get("RF1")
    assert kept is not None and kept.refunded_at == rf1.refunded_at
